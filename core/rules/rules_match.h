// SPDX-License-Identifier: MIT
#pragma once
// Rule matching: pointer patterns, endpoint globs, header globs, and RuleSet — the compiled rules
// behind dt::RuleProvider, handing out one DiffPolicy per endpoint template.
//
// Pointer patterns are RFC 6901 pointers whose segments may be "*" (exactly one segment: any
// object key or array index) or "**" (any number of segments, also none): "/items/*/discount",
// "/**/generated_at". Other segments match literally after unescaping (~0 = "~", ~1 = "/"). A
// pattern matches a difference's concrete pointer or its generalized form (indices as "*").
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/compare/diff_policy.h"
#include "core/compare/difference.h"
#include "core/compare/rule_provider.h"
#include "core/rules/rules.h"

namespace dt {

class PointerPattern {
public:
    static constexpr size_t kMaxSegments = 63;
    // nullopt + *reason ("must start with '/'", "bad escape '~2' in segment 2", ...) when invalid.
    static std::optional<PointerPattern> compile(std::string_view pattern, std::string* reason);

    const std::string& text() const { return m_text; }
    // The whole pointer matches.
    bool matches(std::string_view pointer) const;
    // The pointer or one of its ancestors matches (a difference at or below a matching path).
    bool matchesAtOrAbove(std::string_view pointer) const;

    // Conservative forms over a generalized path, where a "*" segment stands for any array index
    // (so it may equal any literal of the pattern). True when some concrete pointer with this
    // generalization could match / lie at or below a match / lie strictly above a match.
    bool mayMatch(std::string_view generalized) const;
    bool mayMatchAtOrAbove(std::string_view generalized) const;
    bool mayMatchBelow(std::string_view generalized) const;

private:
    enum class Type : uint8_t { Literal, Star, DoubleStar, Glob };  // Glob: '*' inside a segment ("*_at")
    struct Token {
        Type type = Type::Literal;
        std::string text;
    };
    enum class Mode { Whole, AtOrAbove, Below };
    bool run(std::string_view pointer, bool loose, Mode mode) const;

    std::vector<Token> m_tokens;
    std::string m_text;
};

// Path glob over an endpoint template's path part ("/users/{id}"): "*" one segment, "**" any
// number of segments, '*' inside a segment any characters of that segment.
class EndpointGlob {
public:
    static std::optional<EndpointGlob> compile(std::string_view glob, std::string* reason);
    const std::string& text() const { return m_text; }
    bool matches(std::string_view templatePath) const;

private:
    std::vector<std::string> m_segments;  // "**" = any depth
    std::string m_text;
};

// Header name glob, case-insensitive, '*' = any characters ("x-trace-*").
bool headerGlobMatches(std::string_view glob, std::string_view name);
// Splits "GET /users/{id}" into ("GET", "/users/{id}"); a template without a method gives ("", t).
std::pair<std::string_view, std::string_view> splitEndpointTemplate(std::string_view endpointTemplate);

// Validation helpers shared with the config importer: nullopt when fine, else the reason.
std::optional<std::string> checkPointerPattern(std::string_view pattern);
std::optional<std::string> checkEndpointGlob(std::string_view glob);
std::optional<std::string> checkHeaderGlob(std::string_view glob);
// Rule regexes use RE2 syntax (linear time; no lookaround, no backreferences in patterns).
std::optional<std::string> checkRegex(std::string_view pattern);
// An RE2 rewrite string for `pattern`: \\1..\\9 groups, \\0 the match, \\\\ a backslash.
std::optional<std::string> checkReplacement(std::string_view pattern, std::string_view replacement);
// Rules format 1 used ECMAScript regexes: replacements "$1", "$&", "$$" become "\\1", "\\0", "$"
// (nullopt + *why for "$`" / "$'"), named groups "(?<n>" become "(?P<n>".
std::optional<std::string> convertV1Replacement(std::string_view replacement, std::string* why);
std::string convertV1Pattern(std::string_view pattern);

// Values longer than this are not passed through normalize_value regexes (bounded cost; they
// compare as they are). Patterns longer than kMaxRegexLength are refused on import.
constexpr size_t kMaxNormalizeBytes = 1024;
constexpr size_t kMaxRegexLength = 1000;

// The enabled rules of a config, compiled. Immutable and thread-safe; policies are built once per
// endpoint template and cached. Expired rules still apply (`check` warns about them).
class RuleSet final : public RuleProvider {
public:
    // Compiles the enabled rules of `config` (already validated by the importer). Returns null and
    // appends "RULE-ID: reason" to *errors when a rule does not compile.
    static std::shared_ptr<const RuleSet> build(const RuleConfig& config, std::vector<std::string>* errors = nullptr);
    ~RuleSet() override;

    bool mayTouch(std::string_view endpointTemplate, std::string_view generalizedPath, DiffKind kind) const override;
    std::shared_ptr<const DiffPolicy> policyFor(std::string_view endpointTemplate) const override;

    const RuleConfig& config() const { return m_config; }
    size_t enabledCount() const;
    // Ids of the enabled rules whose scope covers the endpoint, in id order.
    std::vector<std::string> ruleIdsFor(std::string_view endpointTemplate) const;
    // Per rule: the ids of the enabled rules that may touch this difference (for attribution).
    std::vector<std::string> rulesTouching(std::string_view endpointTemplate, std::string_view generalizedPath,
                                           DiffKind kind) const;

    struct Compiled;
    struct Endpoint;

private:
    RuleSet() = default;
    std::shared_ptr<const Endpoint> endpointFor(std::string_view endpointTemplate) const;

    RuleConfig m_config;
    std::shared_ptr<const Compiled> m_compiled;
    struct Cache;
    std::unique_ptr<Cache> m_cache;
};

}  // namespace dt
