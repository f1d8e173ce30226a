// SPDX-License-Identifier: MIT
#include "core/report/redact.h"

#include <re2/re2.h>

#include "core/util/text.h"

namespace dt {

namespace {

// Header names whose values are credentials. Also used inside the JSON-member pattern.
constexpr const char* kHeaderNames =
    R"((?:proxy-)?authorization|set-cookie|cookie|[\w-]*(?:api[-_]?key|token|secret|password|passwd|session)[\w-]*)";
// JSON members holding credentials (besides the header names).
constexpr const char* kMemberNames = R"([\w-]*(?:password|passwd|secret|token|api[-_]?key|apikey|credential)[\w-]*)";

struct MaskRule {
    std::unique_ptr<RE2> re;
    int group = 0;  // the part replaced
    std::string replacement;
    bool (*accept)(std::string_view) = nullptr;  // null = every match is masked
};

// A token after "Bearer" / "Basic" is a credential when it does not read like a word: it holds a
// digit, '+', '/', '=', '-', '_', '.', '~' or both cases ("a basic difference" stays as it is).
bool tokenLike(std::string_view t) {
    bool upper = false, lower = false;
    for (char c : t) {
        if ((c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=' || c == '-' || c == '_' || c == '.' || c == '~')
            return true;
        upper |= c >= 'A' && c <= 'Z';
        lower |= c >= 'a' && c <= 'z';
    }
    return upper && lower;
}

RE2::Options options() {
    RE2::Options o;
    o.set_log_errors(false);
    o.set_max_mem(int64_t(8) << 20);
    return o;
}

// Replaces capture group `rule.group` of every match with the replacement.
void applyRule(const MaskRule& rule, std::string& s) {
    const int n = rule.group + 1;
    std::vector<re2::StringPiece> g(static_cast<size_t>(n));
    const re2::StringPiece input(s.data(), s.size());
    std::string out;
    size_t pos = 0;
    bool any = false;
    while (pos <= s.size() && rule.re->Match(input, pos, s.size(), RE2::UNANCHORED, g.data(), n)) {
        const size_t wStart = static_cast<size_t>(g[0].data() - s.data());
        const size_t wEnd = wStart + g[0].size();
        const re2::StringPiece& m = g[static_cast<size_t>(rule.group)];
        if (m.data() != nullptr && (!rule.accept || rule.accept(std::string_view(m.data(), m.size())))) {
            const size_t mStart = static_cast<size_t>(m.data() - s.data());
            out.append(s, pos, mStart - pos);
            out += rule.replacement;
            out.append(s, mStart + m.size(), wEnd - (mStart + m.size()));
            any = true;
        } else {
            out.append(s, pos, wEnd - pos);
        }
        if (wEnd == pos) {  // empty match: step over one character
            if (pos < s.size()) out.push_back(s[pos]);
            ++pos;
        } else {
            pos = wEnd;
        }
    }
    if (!any) return;
    if (pos < s.size()) out.append(s, pos);
    s = std::move(out);
}

}  // namespace

struct Redactor::Impl {
    std::vector<MaskRule> rules;
    void add(const std::string& pattern, int group, std::string replacement,
             bool (*accept)(std::string_view) = nullptr) {
        rules.push_back({std::make_unique<RE2>(pattern, options()), group, std::move(replacement), accept});
    }
};

Redactor::Redactor() : m_impl(std::make_unique<Impl>()) {}
Redactor::~Redactor() = default;

std::unique_ptr<Redactor> Redactor::create(const std::vector<std::string>& extraPatterns, std::string* error) {
    std::unique_ptr<Redactor> r(new Redactor());
    Impl& impl = *r->m_impl;
    const std::string mask(kMask);
    // JSON members: "authorization": "…" or "Cookie": ["…", "…"] (record header maps).
    impl.add(std::string(R"re((?i)("(?:)re") + kHeaderNames + "|" + kMemberNames +
                 R"re()"\s*:\s*)("(?:[^"\\]|\\.)*"|\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]))re",
             2, "\"" + mask + "\"");
    // The same inside JSON text embedded in a string (a body that holds escaped JSON): \"password\": \"…\".
    impl.add(std::string(R"re((?i)(\\"(?:)re") + kHeaderNames + "|" + kMemberNames +
                 R"re()\\"\s*:\s*)(\\"(?:[^\\]|\\\\\\"|\\\\\\\\|\\\\[^\\"]|\\[^"\\])*\\"))re",
             2, "\\\"" + mask + "\\\"");
    // Header lines: "Authorization: Basic …", "- set-cookie: sid=…" (up to the end of the line).
    impl.add(std::string(R"re((?im)((?:^|[^\w"-])(?:)re") + kHeaderNames + R"re()[ \t]*:[ \t]*)([^\r\n]+))re", 2, mask);
    // Tokens anywhere.
    impl.add(R"re((?i)\b(bearer\s+)([A-Za-z0-9\-._~+/]{8,}=*))re", 2, mask, tokenLike);
    impl.add(R"re((?i)\b(basic\s+)([A-Za-z0-9+/]{8,}={0,2}))re", 2, mask, tokenLike);
    impl.add(R"re(\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*)re", 0, mask);
    // Query strings and form bodies.
    impl.add(
        R"re((?i)((?:^|[?&;])(?:api[_-]?key|apikey|key|token|access[_-]?token|secret|password|sig|signature)=)([^&#\s"'<>]*))re",
        2, mask);
    // E-mail addresses.
    impl.add(R"re([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})re", 0, mask + "@" + mask);
    for (const auto& rule : impl.rules)
        if (!rule.re->ok()) {  // a bug in the built-in patterns: fail loudly in tests
            if (error) *error = "built-in mask pattern: " + rule.re->error();
            return nullptr;
        }
    for (size_t i = 0; i < extraPatterns.size(); ++i) {
        auto re = std::make_unique<RE2>(extraPatterns[i], options());
        if (!re->ok()) {
            if (error) *error = "mask pattern " + std::to_string(i + 1) + " (" + extraPatterns[i] + "): " + re->error();
            return nullptr;
        }
        const int group = re->NumberOfCapturingGroups() >= 1 ? 1 : 0;
        impl.rules.push_back({std::move(re), group, mask});
    }
    return r;
}

std::string Redactor::text(std::string_view s) const {
    std::string out(s);
    for (const auto& rule : m_impl->rules) applyRule(rule, out);
    return out;
}

std::string Redactor::header(std::string_view name, std::string_view value) const {
    if (isSensitiveHeader(name)) return std::string(kMask);
    return text(value);
}

bool Redactor::isSensitiveHeader(std::string_view name) {
    const std::string n = lowercase(name);
    if (n == "authorization" || n == "proxy-authorization" || n == "cookie" || n == "set-cookie") return true;
    for (const char* part : {"api-key", "api_key", "apikey", "token", "secret", "password", "passwd", "session"})
        if (n.find(part) != std::string::npos) return true;
    return false;
}

const Redactor& defaultRedactor() {
    static const std::unique_ptr<Redactor> r = Redactor::create({}, nullptr);
    return *r;
}

}  // namespace dt
