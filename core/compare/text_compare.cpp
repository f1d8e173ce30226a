// SPDX-License-Identifier: MIT
// Non-JSON body helpers for the diff engine; see text_compare.h.
#include "core/compare/text_compare.h"

#include <simdjson.h>

#include <cstring>

namespace dt {

std::string_view stripUtf8Bom(std::string_view s) {
    if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF && static_cast<unsigned char>(s[1]) == 0xBB &&
        static_cast<unsigned char>(s[2]) == 0xBF)
        s.remove_prefix(3);
    return s;
}

bool isUtf8Text(std::string_view s) {
    if (s.empty()) return true;
    if (std::memchr(s.data(), 0, s.size()) != nullptr) return false;
    return simdjson::validate_utf8(s.data(), s.size());
}

std::vector<std::string_view> splitLines(std::string_view s) {
    std::vector<std::string_view> lines;
    size_t pos = 0;
    while (pos < s.size()) {
        size_t nl = s.find('\n', pos);
        size_t end = nl == std::string_view::npos ? s.size() : nl;
        std::string_view line = s.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    return lines;
}

std::string truncatePreview(std::string_view s, size_t maxBytes) {
    if (s.size() <= maxBytes) return std::string(s);
    size_t cut = maxBytes;
    // Back off to a UTF-8 character boundary (never split a multi-byte sequence).
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    std::string out(s.substr(0, cut));
    out += "\xE2\x80\xA6";
    return out;
}

namespace {

// Whitespace inside a line (no newline).
bool isLineSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::string normalizeText(std::string_view s, const TextNormalization& rule) {
    std::string out;
    out.reserve(s.size());
    std::vector<std::string_view> lines = splitLines(s);
    std::vector<std::string> outLines;
    outLines.reserve(lines.size());
    for (std::string_view line : lines) {
        if (rule.trim) {
            while (!line.empty() && isLineSpace(line.front())) line.remove_prefix(1);
            while (!line.empty() && isLineSpace(line.back())) line.remove_suffix(1);
        }
        std::string l;
        l.reserve(line.size());
        bool inSpace = false;
        for (char c : line) {
            if (rule.collapse_whitespace && isLineSpace(c)) {
                if (!inSpace) l += ' ';
                inSpace = true;
                continue;
            }
            inSpace = false;
            if (rule.case_fold && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            l += c;
        }
        outLines.push_back(std::move(l));
    }
    size_t first = 0, last = outLines.size();
    if (rule.trim) {
        while (first < last && outLines[first].empty()) ++first;
        while (last > first && outLines[last - 1].empty()) --last;
    }
    for (size_t i = first; i < last; ++i) {
        if (i > first) out += '\n';
        out += outLines[i];
    }
    return out;
}

void appendJsonString(std::string& out, std::string_view s) {
    static const char* kHex = "0123456789abcdef";
    out += '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 0xF];
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

bool firstDifferingLines(std::string_view a, std::string_view b, std::string& lineA, std::string& lineB) {
    lineA.clear();
    lineB.clear();
    const std::vector<std::string_view> la = splitLines(a), lb = splitLines(b);
    if (la == lb) return false;
    bool haveA = false, haveB = false;
    for (const EditStep& s : diffSequences(la, lb)) {
        if (s.op == EditOp::Delete && !haveA) {
            lineA.assign(la[s.left]);
            haveA = true;
        } else if (s.op == EditOp::Add && !haveB) {
            lineB.assign(lb[s.right]);
            haveB = true;
        }
        if (haveA && haveB) break;
    }
    return true;
}

}  // namespace dt
