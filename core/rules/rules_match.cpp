// SPDX-License-Identifier: MIT
#include "core/rules/rules_match.h"
#include "core/rules/rules_keys.h"

#include <re2/re2.h>

#include "core/util/text.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace dt {

namespace {

// Iterates the unescaped segments of an RFC 6901 pointer. `scratch` holds a segment that needed
// unescaping. Returns false when the pointer is not "" and does not start with '/'.
template <class F>
bool forEachSegment(std::string_view pointer, F&& f) {
    if (pointer.empty()) return true;
    if (pointer.front() != '/') return false;
    std::string scratch;
    size_t pos = 1;
    while (true) {
        const size_t slash = pointer.find('/', pos);
        std::string_view seg =
            pointer.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
        if (seg.find('~') != std::string_view::npos) {
            scratch.clear();
            for (size_t i = 0; i < seg.size(); ++i) {
                if (seg[i] == '~' && i + 1 < seg.size() && (seg[i + 1] == '0' || seg[i + 1] == '1')) {
                    scratch.push_back(seg[i + 1] == '0' ? '~' : '/');
                    ++i;
                } else {
                    scratch.push_back(seg[i]);
                }
            }
            if (!f(std::string_view(scratch))) return true;
        } else if (!f(seg)) {
            return true;
        }
        if (slash == std::string_view::npos) break;
        pos = slash + 1;
    }
    return true;
}

// '*' matches any run of characters; optionally ASCII case-insensitive.
bool wildcardMatch(std::string_view glob, std::string_view s, bool icase) {
    size_t g = 0, i = 0, starG = std::string_view::npos, starI = 0;
    auto eq = [icase](char a, char b) { return icase ? lowerAscii(a) == lowerAscii(b) : a == b; };
    while (i < s.size()) {
        if (g < glob.size() && glob[g] == '*') {
            starG = g++;
            starI = i;
        } else if (g < glob.size() && eq(glob[g], s[i])) {
            ++g;
            ++i;
        } else if (starG != std::string_view::npos) {
            g = starG + 1;
            i = ++starI;
        } else {
            return false;
        }
    }
    while (g < glob.size() && glob[g] == '*') ++g;
    return g == glob.size();
}

std::vector<std::string_view> splitSegments(std::string_view path) {
    std::vector<std::string_view> out;
    if (path.empty() || path == "/") return out;
    size_t pos = path.front() == '/' ? 1 : 0;
    while (true) {
        const size_t slash = path.find('/', pos);
        out.push_back(path.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos));
        if (slash == std::string_view::npos) break;
        pos = slash + 1;
    }
    return out;
}

bool globSegmentsMatch(const std::vector<std::string>& glob, size_t gi, const std::vector<std::string_view>& path,
                       size_t pi) {
    while (gi < glob.size()) {
        if (glob[gi] == "**") {
            for (size_t k = pi; k <= path.size(); ++k)
                if (globSegmentsMatch(glob, gi + 1, path, k)) return true;
            return false;
        }
        if (pi >= path.size() || !wildcardMatch(glob[gi], path[pi], false)) return false;
        ++gi;
        ++pi;
    }
    return pi == path.size();
}

bool isArrayShape(DiffKind k) { return k == DiffKind::ArrayOrder || k == DiffKind::ArrayLength; }

// Rule regexes run on RE2: linear time in the value, whatever the pattern ("(a+)+", ".*.*.*X"),
// so no backtracking heuristics are needed. Compile memory is bounded.
RE2::Options regexOptions() {
    RE2::Options o;
    o.set_log_errors(false);
    o.set_max_mem(int64_t(8) << 20);
    return o;
}

std::string regexReason(const RE2& re) {
    switch (re.error_code()) {
    case RE2::ErrorBadPerlOp:
        return "lookaround like (?=...) or (?<=...) is not supported (rule patterns use RE2 syntax, which runs in "
               "linear time): " +
               re.error();
    case RE2::ErrorBadEscape:
        return "backreferences like \\1 and unknown escapes are not supported in patterns (RE2 syntax): " + re.error();
    case RE2::ErrorRepeatSize: return "repetition count too large (at most 1000)";
    case RE2::ErrorPatternTooLarge: return "pattern too large once compiled (repetitions multiply its size)";
    default: return "invalid regular expression: " + re.error();
    }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// PointerPattern

std::optional<PointerPattern> PointerPattern::compile(std::string_view pattern, std::string* reason) {
    auto fail = [reason](std::string r) -> std::optional<PointerPattern> {
        if (reason) *reason = std::move(r);
        return std::nullopt;
    };
    PointerPattern p;
    p.m_text = std::string(pattern);
    if (pattern.empty()) return p;  // the whole body
    if (pattern.front() != '/') return fail("must start with '/' (a JSON Pointer, e.g. \"/items/*/price\")");
    size_t pos = 1, index = 0;
    while (true) {
        const size_t slash = pattern.find('/', pos);
        const std::string_view raw =
            pattern.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
        ++index;
        Token t;
        if (raw == "*") {
            t.type = Type::Star;
        } else if (raw == "**") {
            t.type = Type::DoubleStar;
        } else {
            if (raw.find("**") != std::string_view::npos)
                return fail("segment " + std::to_string(index) + " \"" + std::string(raw) +
                            "\": \"**\" must be a whole segment");
            if (raw.find('*') != std::string_view::npos) t.type = Type::Glob;  // "*_at": any run of characters
            for (size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] != '~') {
                    t.text.push_back(raw[i]);
                } else if (i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
                    t.text.push_back(raw[i + 1] == '0' ? '~' : '/');
                    ++i;
                } else {
                    return fail("segment " + std::to_string(index) + " \"" + std::string(raw) +
                                "\": bad escape (use ~0 for '~' and ~1 for '/')");
                }
            }
        }
        p.m_tokens.push_back(std::move(t));
        if (p.m_tokens.size() > kMaxSegments) return fail("more than " + std::to_string(kMaxSegments) + " segments");
        if (slash == std::string_view::npos) break;
        pos = slash + 1;
    }
    return p;
}

bool PointerPattern::run(std::string_view pointer, bool loose, Mode mode) const {
    const size_t n = m_tokens.size();
    const uint64_t accept = uint64_t{1} << n;
    auto closure = [this, n](uint64_t s) {
        for (size_t j = 0; j < n; ++j)
            if ((s >> j & 1) && m_tokens[j].type == Type::DoubleStar) s |= uint64_t{1} << (j + 1);
        return s;
    };
    uint64_t state = closure(1);
    if (mode == Mode::AtOrAbove && (state & accept)) return true;
    bool hit = false;
    const bool ok = forEachSegment(pointer, [&](std::string_view seg) {
        uint64_t next = 0;
        for (size_t j = 0; j < n; ++j) {
            if (!(state >> j & 1)) continue;
            const Token& t = m_tokens[j];
            switch (t.type) {
            case Type::Literal:
                if (seg == t.text || (loose && seg == "*")) next |= uint64_t{1} << (j + 1);
                break;
            case Type::Star: next |= uint64_t{1} << (j + 1); break;
            case Type::Glob:
                if ((loose && seg == "*") || wildcardMatch(t.text, seg, false)) next |= uint64_t{1} << (j + 1);
                break;
            case Type::DoubleStar: next |= uint64_t{1} << j; break;
            }
        }
        state = closure(next);
        if (mode == Mode::AtOrAbove && (state & accept)) {
            hit = true;
            return false;
        }
        return state != 0;
    });
    if (!ok) return false;
    if (hit) return true;
    switch (mode) {
    case Mode::Whole:
    case Mode::AtOrAbove: return (state & accept) != 0;
    case Mode::Below: return (state & (accept - 1)) != 0;
    }
    return false;
}

bool PointerPattern::matches(std::string_view pointer) const { return run(pointer, false, Mode::Whole); }
bool PointerPattern::matchesAtOrAbove(std::string_view pointer) const { return run(pointer, false, Mode::AtOrAbove); }
bool PointerPattern::mayMatch(std::string_view generalized) const { return run(generalized, true, Mode::Whole); }
bool PointerPattern::mayMatchAtOrAbove(std::string_view generalized) const {
    return run(generalized, true, Mode::AtOrAbove);
}
bool PointerPattern::mayMatchBelow(std::string_view generalized) const { return run(generalized, true, Mode::Below); }

// ---------------------------------------------------------------------------------------------
// EndpointGlob, headers, validation helpers

std::optional<EndpointGlob> EndpointGlob::compile(std::string_view glob, std::string* reason) {
    auto fail = [reason](std::string r) -> std::optional<EndpointGlob> {
        if (reason) *reason = std::move(r);
        return std::nullopt;
    };
    if (glob.empty()) return fail("must not be empty");
    if (glob.front() != '/') {
        if (glob.find(' ') != std::string_view::npos)
            return fail("must start with '/' (put the method in \"method\", e.g. {\"method\": \"GET\", \"endpoints\": "
                        "[\"/users/*\"]})");
        return fail("must start with '/' (use \"/**\" for every endpoint)");
    }
    if (glob.find_first_of(" ?#\t") != std::string_view::npos)
        return fail("must be a path template without spaces or query");
    EndpointGlob g;
    g.m_text = std::string(glob);
    if (glob == "/") return g;
    size_t index = 0;
    for (std::string_view seg : splitSegments(glob)) {
        ++index;
        if (seg.empty()) return fail("segment " + std::to_string(index) + " is empty (\"//\" or a trailing '/')");
        if (seg.find("**") != std::string_view::npos && seg != "**")
            return fail("segment " + std::to_string(index) + " \"" + std::string(seg) +
                        "\": \"**\" must be a whole segment");
        g.m_segments.emplace_back(seg);
    }
    if (g.m_segments.size() > 64) return fail("more than 64 segments");
    return g;
}

bool EndpointGlob::matches(std::string_view templatePath) const {
    // Templates keep no trailing '/', but tolerate one.
    if (templatePath.size() > 1 && templatePath.back() == '/') templatePath.remove_suffix(1);
    const auto segs = splitSegments(templatePath);
    return globSegmentsMatch(m_segments, 0, segs, 0);
}

bool headerGlobMatches(std::string_view glob, std::string_view name) { return wildcardMatch(glob, name, true); }

std::pair<std::string_view, std::string_view> splitEndpointTemplate(std::string_view t) {
    const size_t sp = t.find(' ');
    if (sp == std::string_view::npos) return {std::string_view(), t};
    std::string_view path = t.substr(sp + 1);
    while (!path.empty() && path.front() == ' ') path.remove_prefix(1);
    return {t.substr(0, sp), path};
}

std::optional<std::string> checkPointerPattern(std::string_view pattern) {
    std::string reason;
    if (PointerPattern::compile(pattern, &reason)) return std::nullopt;
    return reason;
}

std::optional<std::string> checkEndpointGlob(std::string_view glob) {
    std::string reason;
    if (EndpointGlob::compile(glob, &reason)) return std::nullopt;
    return reason;
}

std::optional<std::string> checkHeaderGlob(std::string_view glob) {
    if (glob.empty()) return "must not be empty";
    for (char c : glob) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '*' ||
                        std::string_view("!#$%&'+-.^_`|~").find(c) != std::string_view::npos;
        if (c >= 'A' && c <= 'Z') return "must be lowercase (header names compare case-insensitively)";
        if (!ok) return std::string("invalid character '") + c + "' in a header name";
    }
    return std::nullopt;
}

std::optional<std::string> checkRegex(std::string_view pattern) {
    if (pattern.empty()) return "must not be empty";
    if (pattern.size() > kMaxRegexLength) return "longer than " + std::to_string(kMaxRegexLength) + " characters";
    const RE2 re(re2::StringPiece(pattern.data(), pattern.size()), regexOptions());
    if (!re.ok()) return regexReason(re);
    return std::nullopt;
}

std::optional<std::string> checkReplacement(std::string_view pattern, std::string_view replacement) {
    const RE2 re(re2::StringPiece(pattern.data(), pattern.size()), regexOptions());
    if (!re.ok()) return std::nullopt;  // the pattern's own error is reported
    std::string why;
    if (!re.CheckRewriteString(re2::StringPiece(replacement.data(), replacement.size()), &why))
        return "invalid replacement: " + why +
               " (write \\1 for the first group, \\0 for the whole match, \\\\ for a "
               "backslash)";
    return std::nullopt;
}

std::optional<std::string> convertV1Replacement(std::string_view r, std::string* why) {
    std::string out;
    for (size_t i = 0; i < r.size(); ++i) {
        const char c = r[i];
        if (c == '\\') {  // literal in ECMAScript replacements, an escape in RE2's
            out += "\\\\";
            continue;
        }
        if (c != '$' || i + 1 == r.size()) {
            out.push_back(c);
            continue;
        }
        const char n = r[i + 1];
        if (n >= '0' && n <= '9') {
            out.push_back('\\');
            out.push_back(n);
            ++i;
        } else if (n == '&') {
            out += "\\0";
            ++i;
        } else if (n == '$') {
            out.push_back('$');
            ++i;
        } else if (n == '`' || n == '\'') {
            if (why)
                *why = std::string("$") + n + " (the text before / after the match) has no equivalent in RE2 syntax";
            return std::nullopt;
        } else {
            out.push_back('$');
        }
    }
    return out;
}

std::string convertV1Pattern(std::string_view p) {
    std::string out;
    for (size_t i = 0; i < p.size(); ++i) {
        out.push_back(p[i]);
        if (p[i] == '\\' && i + 1 < p.size()) {
            out.push_back(p[++i]);
            continue;
        }
        // ECMAScript named group (?<name>...) is (?P<name>...) in RE2; (?<= (?<! stay (and are refused).
        if (p[i] == '(' && p.substr(i + 1, 2) == "?<" && i + 3 < p.size() && p[i + 3] != '=' && p[i + 3] != '!') {
            out += "?P<";
            i += 2;
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// RuleSet

namespace {

struct CRule {
    std::string id;
    RuleKind kind = RuleKind::IgnorePath;
    std::string method;
    std::vector<EndpointGlob> endpoints;
    std::optional<PointerPattern> path;
    std::shared_ptr<const RE2> regex;
    const Rule* rule = nullptr;
    // The path pattern has a segment that could equal an array index (digits: "/items/0",
    // "/items/1*"). Without one, a pattern matches a generalized path ("*" for each index) exactly
    // when it matches every concrete path with that generalization.
    bool pathNamesIndex = false;

    bool inScope(std::string_view method_, std::string_view templatePath) const {
        if (!method.empty()) {
            if (method.size() != method_.size()) return false;
            for (size_t i = 0; i < method.size(); ++i)
                if (method[i] != (method_[i] >= 'a' && method_[i] <= 'z' ? method_[i] - 32 : method_[i])) return false;
        }
        if (endpoints.empty()) return true;
        for (const auto& g : endpoints)
            if (g.matches(templatePath)) return true;
        return false;
    }

    bool mayTouch(std::string_view g, DiffKind kind_) const {
        switch (kind) {
        case RuleKind::IgnorePath:
            if (isBodyKind(kind_)) return path->mayMatchAtOrAbove(g) || (isArrayShape(kind_) && path->mayMatchBelow(g));
            if (kind_ == DiffKind::TextChanged || kind_ == DiffKind::BinaryChanged) return path->mayMatch("");
            return false;
        case RuleKind::NumericTolerance:
        case RuleKind::NormalizeValue:
            if (kind_ == DiffKind::Changed || kind_ == DiffKind::TypeChanged) return path->mayMatch(g);
            return isArrayShape(kind_) && path->mayMatchBelow(g);
        case RuleKind::UnorderedArray:
            if (!isBodyKind(kind_)) return false;
            return path->mayMatchAtOrAbove(g) || (isArrayShape(kind_) && path->mayMatchBelow(g));
        case RuleKind::IgnoreHeader: return kind_ == DiffKind::Header && headerGlobMatches(rule->header, g);
        case RuleKind::StatusEquivalence: return kind_ == DiffKind::Status;
        case RuleKind::TextNormalization:
            return kind_ == DiffKind::TextChanged || (kind_ == DiffKind::TypeChanged && g.empty());
        case RuleKind::NullEqualsMissing:
            if (kind_ == DiffKind::Missing || kind_ == DiffKind::Extra) return path->mayMatch(g);
            return isArrayShape(kind_) && path->mayMatchBelow(g);
        case RuleKind::EmptyEqualsNull:
            if (kind_ == DiffKind::Missing || kind_ == DiffKind::Extra || kind_ == DiffKind::TypeChanged)
                return path->mayMatch(g);
            return isArrayShape(kind_) && path->mayMatchBelow(g);
        case RuleKind::SameInstant:
        case RuleKind::UrlHost:
            if (kind_ == DiffKind::Changed || kind_ == DiffKind::TypeChanged) return path->mayMatch(g);
            return isArrayShape(kind_) && path->mayMatchBelow(g);
        case RuleKind::HeaderParameter: return kind_ == DiffKind::Header && headerGlobMatches(rule->header, g);
        case RuleKind::Ranking:
            if (!isBodyKind(kind_)) return false;
            return path->mayMatchAtOrAbove(g) || (isArrayShape(kind_) && path->mayMatchBelow(g));
        }
        return true;
    }

    // Precise class rules: exactly one class (and its parameter) at the path.
    bool accepts(DiffKind kind_, std::string_view p, std::string_view g, ValueClass cls, std::string_view param) const {
        if (!acceptsClass(kind_, p, cls, param)) return false;
        return kind == RuleKind::HeaderParameter || path->matches(p) || path->matches(g);
    }

    // accepts() without the path: the class, its parameter, and for header_parameter the header name.
    bool acceptsClass(DiffKind kind_, std::string_view name, ValueClass cls, std::string_view param) const {
        switch (kind) {
        case RuleKind::NullEqualsMissing: return cls == ValueClass::NullVsMissing;
        case RuleKind::EmptyEqualsNull: return cls == ValueClass::EmptyVsNull;
        case RuleKind::SameInstant: return cls == ValueClass::SameInstant;
        case RuleKind::UrlHost: {
            if (cls != ValueClass::UrlHost) return false;
            const size_t gt = param.find('>');
            return gt != std::string_view::npos && param.substr(0, gt) == rule->from &&
                   param.substr(gt + 1) == rule->to;
        }
        case RuleKind::HeaderParameter: {
            if (kind_ != DiffKind::Header || cls != ValueClass::ParameterOnly || !headerGlobMatches(rule->header, name))
                return false;
            // every differing parameter is the rule's one
            size_t pos = 0;
            while (pos <= param.size()) {
                const size_t comma = param.find(',', pos);
                if (param.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos) !=
                    rule->parameter)
                    return false;
                if (comma == std::string_view::npos) break;
                pos = comma + 1;
            }
            return true;
        }
        default: return false;
        }
    }

    // The kinds whose every effect is to absorb single differences, each decided by what the
    // difference's key holds (see decideKey()); the others change how values compare (tolerances,
    // normalizations), which differences the comparison finds (arrays, statuses), or look at text.
    bool decidesByKey() const {
        switch (kind) {
        case RuleKind::IgnorePath:
        case RuleKind::IgnoreHeader:
        case RuleKind::NullEqualsMissing:
        case RuleKind::EmptyEqualsNull:
        case RuleKind::SameInstant:
        case RuleKind::UrlHost:
        case RuleKind::HeaderParameter: return true;
        default: return false;
        }
    }

    // What this rule does to every difference with this key (generalized path `g`, kind, class),
    // mirroring where the comparison asks the policy (compare.cpp, json_compare.cpp):
    // ignoredPath() for every body difference and for text / binary / type changes of the whole
    // body, header() for headers, acceptClass() for the precise classes. Undecided when the
    // concrete path matters: the pattern names an array index where the key has "*".
    KeyDecision decideKey(DiffKind kind_, std::string_view g, ValueClass cls, std::string_view param) const {
        auto byPath = [&](bool atOrAbove) {
            if (atOrAbove ? path->matchesAtOrAbove(g) : path->matches(g)) return KeyDecision::Absorbed;
            if (!pathNamesIndex) return KeyDecision::Kept;
            return (atOrAbove ? path->mayMatchAtOrAbove(g) : path->mayMatch(g)) ? KeyDecision::Undecided
                                                                                : KeyDecision::Kept;
        };
        switch (kind) {
        case RuleKind::IgnorePath:
            if (kind_ == DiffKind::Status || kind_ == DiffKind::Header || kind_ == DiffKind::CandidateError)
                return KeyDecision::Kept;
            return byPath(true);
        case RuleKind::IgnoreHeader:
            if (kind_ != DiffKind::Header || !headerGlobMatches(rule->header, g)) return KeyDecision::Kept;
            if (!rule->presence_only) return KeyDecision::Absorbed;
            // Presence only: absorbed when both sides have the header; classifyHeader() names a
            // side without it missing_value / extra_value.
            if (cls == ValueClass::None) return KeyDecision::Undecided;
            return cls == ValueClass::MissingValue || cls == ValueClass::ExtraValue ? KeyDecision::Kept
                                                                                    : KeyDecision::Absorbed;
        case RuleKind::NullEqualsMissing:
        case RuleKind::EmptyEqualsNull:
        case RuleKind::SameInstant:
        case RuleKind::UrlHost:
            if (!acceptsClass(kind_, g, cls, param)) return KeyDecision::Kept;
            return byPath(false);
        case RuleKind::HeaderParameter:
            return acceptsClass(kind_, g, cls, param) ? KeyDecision::Absorbed : KeyDecision::Kept;
        default: return mayTouch(g, kind_) ? KeyDecision::Undecided : KeyDecision::Kept;
        }
    }
};

}  // namespace

struct RuleSet::Compiled {
    std::vector<Rule> source;
    std::vector<CRule> rules;  // enabled, sorted by id
};

struct RuleSet::Endpoint final : DiffPolicy {
    std::shared_ptr<const Compiled> compiled;
    std::vector<const CRule*> all, ignores, tolerances, unordereds, normalizers, headers, statuses, texts, classes,
        rankings;

    std::optional<std::string> acceptClass(DiffKind kind, std::string_view path, std::string_view generalized,
                                           ValueClass cls, std::string_view param) const override {
        for (const CRule* r : classes)
            if (r->accepts(kind, path, generalized, cls, param)) return r->id;
        return std::nullopt;
    }

    std::optional<RankingRule> ranking(std::string_view path, std::string_view generalized) const override {
        for (const CRule* r : rankings)
            if (r->path->matches(path) || r->path->matches(generalized))
                return RankingRule{r->rule->key,     r->rule->top_k, r->rule->min_overlap, r->rule->min_kendall_tau,
                                   r->rule->min_rbo, r->id};
        return std::nullopt;
    }

    bool mayTouch(std::string_view g, DiffKind kind) const {
        for (const CRule* r : all)
            if (r->mayTouch(g, kind)) return true;
        return false;
    }

    std::optional<std::string> ignoredPath(std::string_view path, std::string_view generalized) const override {
        for (const CRule* r : ignores)
            if (r->path->matchesAtOrAbove(path) || r->path->matchesAtOrAbove(generalized)) return r->id;
        return std::nullopt;
    }

    std::optional<NumericTolerance> tolerance(std::string_view path, std::string_view generalized) const override {
        // Several matching rules: a difference is allowed when any of them allows it, which is
        // the largest absolute and the largest relative tolerance.
        std::optional<NumericTolerance> out;
        for (const CRule* r : tolerances) {
            if (!r->path->matches(path) && !r->path->matches(generalized)) continue;
            if (!out) {
                out = NumericTolerance{r->rule->absolute, r->rule->relative, r->id};
            } else {
                out->absolute = std::max(out->absolute, r->rule->absolute);
                out->relative = std::max(out->relative, r->rule->relative);
            }
        }
        return out;
    }

    std::optional<UnorderedArray> unordered(std::string_view path, std::string_view generalized) const override {
        for (const CRule* r : unordereds)
            if (r->path->matches(path) || r->path->matches(generalized)) return UnorderedArray{r->rule->key, r->id};
        return std::nullopt;
    }

    std::optional<std::string> normalize(std::string_view path, std::string_view generalized,
                                         std::string& value) const override {
        if (value.size() > kMaxNormalizeBytes) return std::nullopt;
        std::optional<std::string> id;
        for (const CRule* r : normalizers) {
            if (!r->path->matches(path) && !r->path->matches(generalized)) continue;
            std::string out = value;
            if (RE2::GlobalReplace(&out, *r->regex, r->rule->replacement) > 0 && out != value) {
                if (!id) id = r->id;
                value = std::move(out);
            }
        }
        return id;
    }

    std::optional<HeaderRule> header(std::string_view lowercaseName) const override {
        std::optional<HeaderRule> presence;
        for (const CRule* r : headers) {
            if (!headerGlobMatches(r->rule->header, lowercaseName)) continue;
            if (!r->rule->presence_only) return HeaderRule{false, r->id};
            if (!presence) presence = HeaderRule{true, r->id};
        }
        return presence;
    }

    std::optional<std::string> statusEquivalent(int p, int c) const override {
        for (const CRule* r : statuses)
            if (r->rule->primary_status == p && r->rule->candidate_status == c) return r->id;
        return std::nullopt;
    }

    std::optional<TextNormalization> text() const override {
        if (texts.empty()) return std::nullopt;
        TextNormalization t;
        t.rule_id = texts.front()->id;
        for (const CRule* r : texts) {
            t.trim = t.trim || r->rule->trim;
            t.case_fold = t.case_fold || r->rule->case_fold;
            t.collapse_whitespace = t.collapse_whitespace || r->rule->collapse_whitespace;
        }
        return t;
    }
};

struct RuleSet::Cache {
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::shared_mutex mutex;
    std::unordered_map<std::string, std::shared_ptr<const Endpoint>, Hash, std::equal_to<>> map;
};

RuleSet::~RuleSet() = default;

std::shared_ptr<const RuleSet> RuleSet::build(const RuleConfig& config, std::vector<std::string>* errors) {
    auto compiled = std::make_shared<Compiled>();
    compiled->source = config.rules;
    std::sort(compiled->source.begin(), compiled->source.end(),
              [](const Rule& a, const Rule& b) { return a.id < b.id; });
    bool ok = true;
    auto fail = [&](const Rule& r, const std::string& what) {
        ok = false;
        if (errors) errors->push_back((r.id.empty() ? generateRuleId(r) : r.id) + ": " + what);
    };
    for (const Rule& r : compiled->source) {
        if (!r.enabled) continue;
        CRule c;
        c.id = r.id.empty() ? generateRuleId(r) : r.id;
        c.kind = r.kind;
        c.rule = &r;
        for (char ch : r.scope.method) c.method.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch);
        std::string reason;
        bool good = true;
        for (const auto& e : r.scope.endpoints) {
            if (e == "*" || e == "**") continue;  // every endpoint
            auto g = EndpointGlob::compile(e, &reason);
            if (!g) {
                fail(r, "endpoint \"" + e + "\": " + reason);
                good = false;
                break;
            }
            c.endpoints.push_back(std::move(*g));
        }
        if (!good) continue;
        if (r.scope.endpoints.size() != c.endpoints.size()) c.endpoints.clear();  // "*" in the list: all
        switch (r.kind) {
        case RuleKind::IgnorePath:
        case RuleKind::NumericTolerance:
        case RuleKind::UnorderedArray:
        case RuleKind::NormalizeValue:
        case RuleKind::NullEqualsMissing:
        case RuleKind::EmptyEqualsNull:
        case RuleKind::SameInstant:
        case RuleKind::UrlHost:
        case RuleKind::Ranking:
            c.path = PointerPattern::compile(r.path, &reason);
            if (!c.path) {
                fail(r, "path \"" + r.path + "\": " + reason);
                continue;
            }
            forEachSegment(r.path, [&](std::string_view seg) {
                // digits, or a glob whose other characters are digits ("1*"); "*" / "**" match
                // indices and "*" alike
                const bool star = seg.find('*') != std::string_view::npos;
                const bool digits =
                    !seg.empty() && seg != "*" && seg != "**" && std::all_of(seg.begin(), seg.end(), [star](char ch) {
                        return (ch >= '0' && ch <= '9') || (star && ch == '*');
                    });
                c.pathNamesIndex = c.pathNamesIndex || digits;
                return true;
            });
            break;
        default: break;
        }
        if (r.kind == RuleKind::NormalizeValue) {
            if (auto why = checkRegex(r.pattern)) {
                fail(r, "pattern: " + *why);
                continue;
            }
            if (auto why = checkReplacement(r.pattern, r.replacement)) {
                fail(r, "replacement: " + *why);
                continue;
            }
            c.regex = std::make_shared<const RE2>(r.pattern, regexOptions());
        }
        compiled->rules.push_back(std::move(c));
    }
    if (!ok) return nullptr;
    auto set = std::shared_ptr<RuleSet>(new RuleSet());
    set->m_config = config;
    set->m_compiled = std::move(compiled);
    set->m_cache = std::make_unique<Cache>();
    return set;
}

size_t RuleSet::enabledCount() const { return m_compiled->rules.size(); }

std::shared_ptr<const RuleSet::Endpoint> RuleSet::endpointFor(std::string_view endpointTemplate) const {
    {
        std::shared_lock lock(m_cache->mutex);
        auto it = m_cache->map.find(endpointTemplate);
        if (it != m_cache->map.end()) return it->second;
    }
    auto ep = std::make_shared<Endpoint>();
    ep->compiled = m_compiled;
    const auto [method, path] = splitEndpointTemplate(endpointTemplate);
    for (const CRule& r : m_compiled->rules) {
        if (!r.inScope(method, path)) continue;
        ep->all.push_back(&r);
        switch (r.kind) {
        case RuleKind::IgnorePath: ep->ignores.push_back(&r); break;
        case RuleKind::NumericTolerance: ep->tolerances.push_back(&r); break;
        case RuleKind::UnorderedArray: ep->unordereds.push_back(&r); break;
        case RuleKind::NormalizeValue: ep->normalizers.push_back(&r); break;
        case RuleKind::IgnoreHeader: ep->headers.push_back(&r); break;
        case RuleKind::StatusEquivalence: ep->statuses.push_back(&r); break;
        case RuleKind::TextNormalization: ep->texts.push_back(&r); break;
        case RuleKind::NullEqualsMissing:
        case RuleKind::EmptyEqualsNull:
        case RuleKind::SameInstant:
        case RuleKind::UrlHost:
        case RuleKind::HeaderParameter: ep->classes.push_back(&r); break;
        case RuleKind::Ranking: ep->rankings.push_back(&r); break;
        }
    }
    std::unique_lock lock(m_cache->mutex);
    auto [it, inserted] = m_cache->map.try_emplace(std::string(endpointTemplate), std::move(ep));
    (void)inserted;
    return it->second;
}

bool RuleSet::mayTouch(std::string_view endpointTemplate, std::string_view generalizedPath, DiffKind kind) const {
    if (m_compiled->rules.empty()) return false;
    return endpointFor(endpointTemplate)->mayTouch(generalizedPath, kind);
}

std::shared_ptr<const DiffPolicy> RuleSet::policyFor(std::string_view endpointTemplate) const {
    return endpointFor(endpointTemplate);
}

std::vector<std::string> RuleSet::ruleIdsFor(std::string_view endpointTemplate) const {
    std::vector<std::string> out;
    for (const CRule* r : endpointFor(endpointTemplate)->all) out.push_back(r->id);
    return out;
}

std::vector<std::string> RuleSet::rulesTouching(std::string_view endpointTemplate, std::string_view generalizedPath,
                                                DiffKind kind) const {
    std::vector<std::string> out;
    for (const CRule* r : endpointFor(endpointTemplate)->all)
        if (r->mayTouch(generalizedPath, kind)) out.push_back(r->id);
    return out;
}

// ---------------------------------------------------------------------------------------------
// Decisions from keys (rules_keys.h)

bool decidesByKey(const RuleSet& rules) {
    for (const Rule& r : rules.config().rules) {
        if (!r.enabled) continue;
        CRule c;
        c.kind = r.kind;
        if (!c.decidesByKey()) return false;
    }
    return true;
}

KeyDecision decideKey(const RuleSet& rules, std::string_view endpointTemplate, const SigKey& key) {
    if (rules.enabledCount() == 0) return KeyDecision::Kept;
    ValueClass cls = ValueClass::None;
    if (!key.cls.empty()) {
        auto c = classFromName(classTextName(key.cls));
        if (!c) return KeyDecision::Undecided;
        cls = *c;
    }
    const std::string_view param = classTextParam(key.cls);
    const auto policy = rules.policyFor(endpointTemplate);
    const auto* endpoint = dynamic_cast<const RuleSet::Endpoint*>(policy.get());
    if (!endpoint) return KeyDecision::Undecided;
    // Any rule absorbing a difference absorbs it (the policy's answers are "any rule" answers).
    KeyDecision out = KeyDecision::Kept;
    for (const CRule* r : endpoint->all) {
        const KeyDecision d = r->decideKey(key.kind, key.path, cls, param);
        if (d == KeyDecision::Absorbed) return d;
        if (d == KeyDecision::Undecided) out = d;
    }
    return out;
}

}  // namespace dt
