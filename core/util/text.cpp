// SPDX-License-Identifier: MIT
#include "core/util/text.h"

namespace dt {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lowerAscii(a[i]) != lowerAscii(b[i])) return false;
    return true;
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = lowerAscii(c);
    return out;
}

bool containsLower(std::string_view haystack, std::string_view needle) {
    if (needle.empty()) return true;
    if (needle.size() > haystack.size()) return false;
    const char first = needle[0];
    const size_t last = haystack.size() - needle.size();
    for (size_t i = 0; i <= last; ++i) {
        if (lowerAscii(haystack[i]) != first) continue;
        size_t j = 1;
        while (j < needle.size() && lowerAscii(haystack[i + j]) == needle[j]) ++j;
        if (j == needle.size()) return true;
    }
    return false;
}

Utf8Step decodeUtf8(std::string_view s, size_t i) {
    const auto b = [&](size_t k) -> uint32_t { return static_cast<unsigned char>(s[k]); };
    const uint32_t c = b(i);
    if (c < 0x80) return {c, 1, true};
    uint32_t need = 0, lo = 0x80, hi = 0xbf, cp = 0;
    if (c >= 0xc2 && c <= 0xdf)
        need = 1, cp = c & 0x1f;
    else if (c == 0xe0)
        need = 2, lo = 0xa0, cp = c & 0x0f;
    else if (c >= 0xe1 && c <= 0xec)
        need = 2, cp = c & 0x0f;
    else if (c == 0xed)
        need = 2, hi = 0x9f, cp = c & 0x0f;
    else if (c >= 0xee && c <= 0xef)
        need = 2, cp = c & 0x0f;
    else if (c == 0xf0)
        need = 3, lo = 0x90, cp = c & 0x07;
    else if (c >= 0xf1 && c <= 0xf3)
        need = 3, cp = c & 0x07;
    else if (c == 0xf4)
        need = 3, hi = 0x8f, cp = c & 0x07;
    else
        return {c, 1, false};
    for (uint32_t k = 1; k <= need; ++k) {
        if (i + k >= s.size()) return {c, k, false};
        const uint32_t x = b(i + k);
        const uint32_t l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xbf;
        if (x < l || x > h) return {c, k, false};
        cp = (cp << 6) | (x & 0x3f);
    }
    return {cp, need + 1, true};
}

bool isValidUtf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const Utf8Step step = decodeUtf8(s, i);
        if (!step.valid) return false;
        i += step.length;
    }
    return true;
}

bool repairUtf8(std::string_view in, std::string& out) {
    size_t i = 0, run = 0;  // run: start of the current run of valid bytes
    bool repaired = false;
    std::string result;
    while (i < in.size()) {
        if (static_cast<unsigned char>(in[i]) < 0x80) {
            ++i;
            continue;
        }
        const Utf8Step step = decodeUtf8(in, i);
        if (step.valid) {
            i += step.length;
            continue;
        }
        if (!repaired) {
            result.reserve(in.size() + in.size() / 8 + 64);
            repaired = true;
        }
        result.append(in.data() + run, i - run);
        result.append("\xEF\xBF\xBD");
        i += step.length;
        run = i;
    }
    if (!repaired) return false;
    result.append(in.data() + run, in.size() - run);
    out = std::move(result);
    return true;
}

std::string escapePointerToken(std::string_view token) {
    std::string out;
    out.reserve(token.size() + 2);
    for (char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

std::string unescapePointerToken(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
            out += token[i + 1] == '0' ? '~' : '/';
            ++i;
        } else {
            out += token[i];
        }
    }
    return out;
}

}  // namespace dt
