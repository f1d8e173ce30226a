// SPDX-License-Identifier: MIT
// Internal JSON tree (see json_tree.h): strict parser keeping number text, equality, printer.
#include "core/compare/json_tree.h"
#include "core/util/text.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include "core/compare/difference.h"
#include "core/compare/text_compare.h"

namespace dt {

namespace {

class Parser {
public:
    explicit Parser(std::string_view s) : m_begin(s.data()), m_p(s.data()), m_end(s.data() + s.size()) {}

    bool parseDocument(JsonNode& root) {
        skipWs();
        if (!value(root, 0)) return false;
        skipWs();
        if (m_p != m_end) return fail("unexpected data after the JSON value");
        return true;
    }
    std::string error() const { return m_error + " at offset " + std::to_string(m_errorAt); }

private:
    bool fail(const char* what) {
        if (m_error.empty()) {
            m_error = what;
            m_errorAt = static_cast<size_t>(m_p - m_begin);
        }
        return false;
    }
    void skipWs() {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r')) ++m_p;
    }
    bool literal(std::string_view word) {
        if (static_cast<size_t>(m_end - m_p) < word.size() || std::string_view(m_p, word.size()) != word)
            return fail("invalid literal");
        m_p += word.size();
        return true;
    }

    bool value(JsonNode& out, size_t depth) {
        if (m_p == m_end) return fail("unexpected end of input");
        switch (*m_p) {
        case '{': return object(out, depth + 1);
        case '[': return array(out, depth + 1);
        case '"': out.type = JsonNode::Type::String; return string(out.text);
        case 't': out.type = JsonNode::Type::True; return literal("true");
        case 'f': out.type = JsonNode::Type::False; return literal("false");
        case 'n': out.type = JsonNode::Type::Null; return literal("null");
        default: out.type = JsonNode::Type::Number; return number(out.text);
        }
    }

    bool object(JsonNode& out, size_t depth) {
        if (depth > kMaxTreeDepth) return fail("nested too deeply");
        out.type = JsonNode::Type::Object;
        ++m_p;  // '{'
        skipWs();
        if (m_p != m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        while (true) {
            skipWs();
            if (m_p == m_end || *m_p != '"') return fail("expected an object key");
            out.keys.emplace_back();
            if (!string(out.keys.back())) return false;
            skipWs();
            if (m_p == m_end || *m_p != ':') return fail("expected ':'");
            ++m_p;
            skipWs();
            out.kids.emplace_back();
            if (!value(out.kids.back(), depth)) return false;
            skipWs();
            if (m_p == m_end) return fail("unterminated object");
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == '}') {
                ++m_p;
                return true;
            }
            return fail("expected ',' or '}'");
        }
    }

    bool array(JsonNode& out, size_t depth) {
        if (depth > kMaxTreeDepth) return fail("nested too deeply");
        out.type = JsonNode::Type::Array;
        ++m_p;  // '['
        skipWs();
        if (m_p != m_end && *m_p == ']') {
            ++m_p;
            return true;
        }
        while (true) {
            skipWs();
            out.kids.emplace_back();
            if (!value(out.kids.back(), depth)) return false;
            skipWs();
            if (m_p == m_end) return fail("unterminated array");
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == ']') {
                ++m_p;
                return true;
            }
            return fail("expected ',' or ']'");
        }
    }

    bool number(std::string& out) {
        const char* start = m_p;
        auto digits = [&] {
            const char* d = m_p;
            while (m_p != m_end && *m_p >= '0' && *m_p <= '9') ++m_p;
            return m_p != d;
        };
        if (m_p != m_end && *m_p == '-') ++m_p;
        if (m_p == m_end) return fail("invalid number");
        if (*m_p == '0') {
            ++m_p;
        } else if (!digits()) {
            return fail("invalid value");
        }
        if (m_p != m_end && *m_p == '.') {
            ++m_p;
            if (!digits()) return fail("invalid number");
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p != m_end && (*m_p == '+' || *m_p == '-')) ++m_p;
            if (!digits()) return fail("invalid number");
        }
        out.assign(start, m_p);
        return true;
    }

    bool hex4(uint32_t& v) {
        if (m_end - m_p < 4) return fail("invalid \\u escape");
        v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = *m_p++;
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= uint32_t(c - 'A' + 10);
            else
                return fail("invalid \\u escape");
        }
        return true;
    }

    static void appendUtf8(std::string& out, uint32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    bool string(std::string& out) {
        ++m_p;  // opening quote
        while (true) {
            if (m_p == m_end) return fail("unterminated string");
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                ++m_p;
                return true;
            }
            if (c < 0x20) return fail("control character in string");
            if (c != '\\') {
                out += static_cast<char>(c);  // UTF-8 validity is checked once for the whole body
                ++m_p;
                continue;
            }
            ++m_p;
            if (m_p == m_end) return fail("unterminated string");
            const char e = *m_p++;
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                uint32_t cp;
                if (!hex4(cp)) return false;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    uint32_t low;
                    if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u') return fail("lone surrogate");
                    m_p += 2;
                    if (!hex4(low)) return false;
                    if (low < 0xDC00 || low > 0xDFFF) return fail("invalid surrogate pair");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return fail("lone surrogate");
                }
                appendUtf8(out, cp);
                break;
            }
            default: return fail("invalid escape");
            }
        }
    }

    const char* m_begin;
    const char* m_p;
    const char* m_end;
    std::string m_error;
    size_t m_errorAt = 0;
};

void indent(std::string& out, size_t depth) { out.append(2 * depth, ' '); }

}  // namespace

std::string canonicalNumber(std::string_view t) {
    size_t i = 0;
    const bool negative = i < t.size() && t[i] == '-';
    if (negative || (i < t.size() && t[i] == '+')) ++i;
    std::string digits;
    int64_t exp10 = 0;
    bool fraction = false;
    for (; i < t.size() && t[i] != 'e' && t[i] != 'E'; ++i) {
        if (t[i] == '.') {
            fraction = true;
            continue;
        }
        if (t[i] < '0' || t[i] > '9') break;
        if (digits.empty() && t[i] == '0') {  // leading zero: only shifts the exponent after the point
            if (fraction) --exp10;
            continue;
        }
        digits.push_back(t[i]);
        if (fraction) --exp10;
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        bool negExp = false;
        if (i < t.size() && (t[i] == '-' || t[i] == '+')) negExp = t[i++] == '-';
        int64_t e = 0;
        constexpr int64_t kCap = int64_t(1) << 60;  // saturate: beyond this nothing is comparable anyway
        for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i)
            e = e >= kCap / 10 ? kCap : std::min(kCap, e * 10 + (t[i] - '0'));  // never overflows
        exp10 += negExp ? -e : e;
    }
    while (!digits.empty() && digits.back() == '0') {
        digits.pop_back();
        ++exp10;
    }
    if (digits.empty()) return "0";
    return (negative ? "-" : "") + digits + "e" + std::to_string(exp10);
}

namespace {

bool isIntegerText(std::string_view s) { return s.find_first_of(".eE") == std::string_view::npos; }

// Within double range: parses, finite, and not a non-zero value that underflowed to zero.
bool asDouble(std::string_view s, double& out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && std::isfinite(out);
}

}  // namespace

bool jsonNumbersEqual(std::string_view a, std::string_view b) {
    if (a == b) return true;
    if (isIntegerText(a) && isIntegerText(b)) return canonicalNumber(a) == canonicalNumber(b);
    double x = 0, y = 0;
    if (asDouble(a, x) && asDouble(b, y)) return x == y;
    return canonicalNumber(a) == canonicalNumber(b);
}

bool bigNumberParts(std::string_view value, std::string_view& canonical, std::string_view& original) {
    if (value.size() < kBigNumberTag.size() || value.substr(0, kBigNumberTag.size()) != kBigNumberTag) return false;
    const std::string_view rest = value.substr(kBigNumberTag.size());
    const size_t cut = rest.find('\0');
    if (cut == std::string_view::npos) return false;
    canonical = rest.substr(0, cut);
    original = rest.substr(cut + 1);
    return true;
}

bool preserveBigNumbers(std::string_view body, std::string& out) {
    out.clear();
    out.reserve(body.size() + 64);
    bool rewritten = false;
    size_t i = 0;
    while (i < body.size()) {
        const char c = body[i];
        if (c == '"') {  // copy a string token as it is
            const size_t start = i++;
            while (i < body.size() && body[i] != '"') i += body[i] == '\\' ? 2 : 1;
            if (i >= body.size()) return false;
            ++i;
            out.append(body.substr(start, i - start));
            continue;
        }
        if (c != '-' && (c < '0' || c > '9')) {
            out.push_back(c);
            ++i;
            continue;
        }
        const size_t start = i;
        while (i < body.size() && ((body[i] >= '0' && body[i] <= '9') || body[i] == '-' || body[i] == '+' ||
                                   body[i] == '.' || body[i] == 'e' || body[i] == 'E'))
            ++i;
        const std::string_view token = body.substr(start, i - start);
        bool fits = true;
        if (isIntegerText(token)) {
            int64_t s = 0;
            uint64_t u = 0;
            fits = std::from_chars(token.data(), token.data() + token.size(), s).ec == std::errc() ||
                   std::from_chars(token.data(), token.data() + token.size(), u).ec == std::errc();
        } else {
            double d = 0;
            const auto r = std::from_chars(token.data(), token.data() + token.size(), d);
            fits = r.ec != std::errc::result_out_of_range;
        }
        if (fits) {
            out.append(token);
            continue;
        }
        rewritten = true;
        out += "\"\\u0000\\u0001N";
        out += canonicalNumber(token);
        out += "\\u0000";
        out.append(token);
        out += '"';
    }
    return rewritten;
}

std::optional<JsonNode> parseJsonTree(std::string_view body, std::string* error) {
    body = stripUtf8Bom(body);
    if (!simdjson::validate_utf8(body.data(), body.size())) {
        if (error) *error = "invalid UTF-8";
        return std::nullopt;
    }
    JsonNode root;
    Parser parser(body);
    if (!parser.parseDocument(root)) {
        if (error) *error = parser.error();
        return std::nullopt;
    }
    return root;
}

std::vector<size_t> sortedMembers(const JsonNode& n) {
    std::vector<size_t> order(n.kids.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return n.keys[a] < n.keys[b]; });
    std::vector<size_t> members;
    members.reserve(order.size());
    for (size_t k = 0; k < order.size(); ++k) {
        if (k + 1 < order.size() && n.keys[order[k + 1]] == n.keys[order[k]]) continue;  // last one wins
        members.push_back(order[k]);
    }
    return members;
}

bool jsonTreesEqual(const JsonNode& a, const JsonNode& b) {
    if (a.type != b.type) return false;
    switch (a.type) {
    case JsonNode::Type::Number: return jsonNumbersEqual(a.text, b.text);
    case JsonNode::Type::String: return a.text == b.text;
    case JsonNode::Type::Array:
        if (a.kids.size() != b.kids.size()) return false;
        for (size_t i = 0; i < a.kids.size(); ++i)
            if (!jsonTreesEqual(a.kids[i], b.kids[i])) return false;
        return true;
    case JsonNode::Type::Object: {
        const auto ma = sortedMembers(a), mb = sortedMembers(b);
        if (ma.size() != mb.size()) return false;
        for (size_t k = 0; k < ma.size(); ++k)
            if (a.keys[ma[k]] != b.keys[mb[k]] || !jsonTreesEqual(a.kids[ma[k]], b.kids[mb[k]])) return false;
        return true;
    }
    default: return true;
    }
}

void printJsonTree(const JsonNode& n, size_t depth, std::string& out, std::vector<std::string>* pointers,
                   std::string pointer) {
    // Iterative over lines would be longer; recursion is bounded by kMaxTreeDepth.
    struct Printer {
        std::string& out;
        std::vector<std::string>* pointers;
        std::string pointer;
        void endLine() {
            out += '\n';
            if (pointers) pointers->push_back(pointer);
        }
        void value(const JsonNode& n, size_t depth) {
            switch (n.type) {
            case JsonNode::Type::Null: out += "null"; return;
            case JsonNode::Type::True: out += "true"; return;
            case JsonNode::Type::False: out += "false"; return;
            case JsonNode::Type::Number: out += n.text; return;
            case JsonNode::Type::String: appendJsonString(out, n.text); return;
            case JsonNode::Type::Array: {
                if (n.kids.empty()) {
                    out += "[]";
                    return;
                }
                out += '[';
                endLine();
                const size_t mark = pointer.size();
                for (size_t i = 0; i < n.kids.size(); ++i) {
                    pointer += '/';
                    pointer += std::to_string(i);
                    indent(out, depth + 1);
                    value(n.kids[i], depth + 1);
                    if (i + 1 < n.kids.size()) out += ',';
                    endLine();
                    pointer.resize(mark);
                }
                indent(out, depth);
                out += ']';
                return;
            }
            case JsonNode::Type::Object: {
                const std::vector<size_t> members = sortedMembers(n);
                if (members.empty()) {
                    out += "{}";
                    return;
                }
                out += '{';
                endLine();
                const size_t mark = pointer.size();
                for (size_t k = 0; k < members.size(); ++k) {
                    const size_t i = members[k];
                    pointer += '/';
                    pointer += escapePointerToken(n.keys[i]);
                    indent(out, depth + 1);
                    appendJsonString(out, n.keys[i]);
                    out += ": ";
                    value(n.kids[i], depth + 1);
                    if (k + 1 < members.size()) out += ',';
                    endLine();
                    pointer.resize(mark);
                }
                indent(out, depth);
                out += '}';
                return;
            }
            }
        }
    };
    Printer p{out, pointers, std::move(pointer)};
    p.value(n, depth);
    if (pointers) pointers->push_back(p.pointer);  // the last line has no newline
}

}  // namespace dt
