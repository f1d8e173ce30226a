// SPDX-License-Identifier: MIT
// Rules config: export format, import validation with pointers, round trip, schema consistency,
// expiry, atomic save.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/rules/rules_io.h"

namespace dt {
namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const std::string kResources = std::string(DT_SAMPLES) + "/..";

RuleConfig everyKind() {
    RuleConfig cfg;
    auto add = [&cfg](RuleKind k, auto&& fill) {
        Rule r;
        r.kind = k;
        r.reason = "acceptable because of reasons";
        r.remove_when = "when MIG-1 ships";
        fill(r);
        cfg.rules.push_back(r);
    };
    add(RuleKind::IgnorePath, [](Rule& r) {
        r.path = "/items/*/discount";
        r.scope = {{"/products/{id}"}, "GET"};
        r.title = "discount dropped";
        r.author = "ana";
        r.created = "2026-01-05";
        r.ticket = "https://tracker/MIG-1";
        r.sample_ids = {"c-2", "c-1"};
        r.expires = "2026-06-30";
    });
    add(RuleKind::NumericTolerance, [](Rule& r) {
        r.path = "/**/price";
        r.absolute = 0.005;
        r.relative = 1e-9;
        r.scope = {{"/users/**", "/orders/*"}, ""};
    });
    add(RuleKind::UnorderedArray, [](Rule& r) {
        r.path = "/topics";
        r.scope = {{"/repos/{id}"}, ""};
    });
    add(RuleKind::UnorderedArray, [](Rule& r) {
        r.path = "/items";
        r.key = "sku";
    });
    add(RuleKind::NormalizeValue, [](Rule& r) {
        r.path = "/**/created_at";
        r.pattern = "^(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}:\\d{2})(\\.\\d+)?Z$";
        r.replacement = "\\1T\\2Z";
        r.enabled = false;
    });
    add(RuleKind::IgnoreHeader, [](Rule& r) {
        r.header = "x-served-by";
        r.presence_only = true;
    });
    add(RuleKind::StatusEquivalence, [](Rule& r) {
        r.primary_status = 201;
        r.candidate_status = 200;
        r.scope = {{"/users"}, "POST"};
    });
    add(RuleKind::TextNormalization, [](Rule& r) {
        r.trim = true;
        r.collapse_whitespace = true;
        r.sample_ids = {"ü-unicode-id"};
    });
    // precise kinds (issue 9)
    add(RuleKind::NullEqualsMissing, [](Rule& r) { r.path = "/**"; });
    add(RuleKind::EmptyEqualsNull, [](Rule& r) { r.path = "/tags"; });
    add(RuleKind::SameInstant, [](Rule& r) { r.path = "/**/*_at"; });
    add(RuleKind::UrlHost, [](Rule& r) {
        r.path = "/links/*";
        r.from = "https://api-legacy.example.com";
        r.to = "https://api.example.com";
    });
    add(RuleKind::HeaderParameter, [](Rule& r) {
        r.header = "content-type";
        r.parameter = "charset";
    });
    add(RuleKind::Ranking, [](Rule& r) {
        r.path = "/results";
        r.key = "id";
        r.top_k = 10;
        r.min_overlap = 0.8;
        r.min_kendall_tau = 0.5;
        r.min_rbo = 0.9;
        r.scope = {{"/search"}, "GET"};
    });
    return cfg;
}

std::vector<RuleError> errorsOf(std::string_view text) {
    std::vector<RuleError> errors;
    EXPECT_FALSE(parseRulesConfig(text, &errors)) << "expected errors for: " << text;
    return errors;
}

bool hasError(const std::vector<RuleError>& errors, std::string_view pointer, std::string_view reasonPart) {
    return std::any_of(errors.begin(), errors.end(), [&](const RuleError& e) {
        return e.pointer == pointer && e.reason.find(reasonPart) != std::string::npos;
    });
}

std::string dump(const std::vector<RuleError>& errors) { return formatRuleErrors("rules.json", errors); }

TEST(RulesIo, ExportImportExportIsByteIdentical) {
    const std::string first = serializeRulesConfig(everyKind());
    std::vector<RuleError> errors;
    auto parsed = parseRulesConfig(first, &errors);
    ASSERT_TRUE(parsed) << dump(errors) << first;
    const std::string second = serializeRulesConfig(*parsed);
    EXPECT_EQ(first, second);
    auto again = parseRulesConfig(second, &errors);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *parsed);
    EXPECT_EQ(parsed->rules.size(), 14u);
    EXPECT_EQ(first.back(), '\n');
    EXPECT_NE(first[first.size() - 2], '\n');
}

TEST(RulesIo, ExportIsDeterministicAndSortedById) {
    RuleConfig a = everyKind();
    RuleConfig b = a;
    std::reverse(b.rules.begin(), b.rules.end());
    EXPECT_EQ(serializeRulesConfig(a), serializeRulesConfig(b));
    auto parsed = parseRulesConfig(serializeRulesConfig(a), nullptr);
    ASSERT_TRUE(parsed);
    for (size_t i = 1; i < parsed->rules.size(); ++i) EXPECT_LT(parsed->rules[i - 1].id, parsed->rules[i].id);
    // Members in the documented order, metadata after parameters.
    const std::string text = serializeRulesConfig(a);
    const auto rule = text.find("\"/items/*/discount\"");
    ASSERT_NE(rule, std::string::npos);
    const size_t start = text.rfind("\"id\"", rule);
    EXPECT_LT(start, text.find("\"kind\"", start));
    EXPECT_LT(text.find("\"kind\"", start), text.find("\"scope\"", start));
    EXPECT_LT(text.find("\"scope\"", start), text.find("\"path\"", start));
    EXPECT_LT(text.find("\"path\"", start), text.find("\"reason\"", start));
    EXPECT_LT(text.find("\"reason\"", start), text.find("\"sample_ids\"", start));
    EXPECT_NE(text.find("\"sample_ids\": [\n        \"c-2\",\n        \"c-1\"\n      ]"), std::string::npos) << text;
}

TEST(RulesIo, GeneratedIdsAreStableAndDependOnWhatTheRuleDoes) {
    RuleConfig cfg = everyKind();
    for (auto& r : cfg.rules) EXPECT_TRUE(r.id.empty());
    auto parsed = parseRulesConfig(serializeRulesConfig(cfg), nullptr);
    ASSERT_TRUE(parsed);
    std::set<std::string> ids;
    for (const auto& r : parsed->rules) {
        EXPECT_EQ(r.id.rfind("r-", 0), 0u);
        EXPECT_EQ(r.id.size(), 10u);
        ids.insert(r.id);
    }
    EXPECT_EQ(ids.size(), parsed->rules.size());
    Rule a = cfg.rules[0];
    Rule b = a;
    b.reason = "another reason";
    b.title = "other";
    EXPECT_EQ(generateRuleId(a), generateRuleId(b));  // metadata does not change the id
    b.path = "/items/*/discount2";
    EXPECT_NE(generateRuleId(a), generateRuleId(b));
    b = a;
    b.scope.method = "POST";
    EXPECT_NE(generateRuleId(a), generateRuleId(b));
}

TEST(RulesIo, ImportOfHandWrittenRuleFillsIdAndDefaults) {
    const char* text = R"({"version": 1, "rules": [
        {"kind": "ignore_header", "scope": "*", "header": "X-Trace-ID", "reason": "tracing differs",
         "expires": "2030-01-01"}]})";
    std::vector<RuleError> errors;
    auto cfg = parseRulesConfig(text, &errors);
    ASSERT_TRUE(cfg) << dump(errors);
    ASSERT_EQ(cfg->rules.size(), 1u);
    const Rule& r = cfg->rules[0];
    EXPECT_EQ(r.header, "x-trace-id");  // lowercased
    EXPECT_TRUE(r.enabled);
    EXPECT_FALSE(r.presence_only);
    EXPECT_TRUE(r.scope.all());
    EXPECT_EQ(r.id, generateRuleId(r));
}

TEST(RulesIo, ReportsEveryErrorWithItsPointerAndLine) {
    const std::string text = R"({
  "version": 1,
  "rules": [
    {"id": "a", "kind": "ignore_path", "scope": "*", "path": "/x", "remove_when": "x"},
    {"id": "b", "kind": "ignore_path", "scope": "*", "path": "/x", "reason": "  ", "remove_when": "x"},
    {"id": "c", "kind": "frobnicate", "scope": "*", "reason": "r", "remove_when": "x"},
    {"id": "d", "kind": "ignore_path", "scope": "*", "path": "items/0", "reason": "r", "remove_when": "x"},
    {"id": "e", "kind": "normalize_value", "scope": "*", "path": "/a", "pattern": "([a-", "reason": "r", "remove_when": "x"},
    {"id": "f", "kind": "ignore_path", "scope": {"method": "GET", "endpoints": ["users/*", "/ok/**"]}, "path": "/x", "reason": "r", "remove_when": "x"},
    {"id": "a", "kind": "ignore_path", "scope": "*", "path": "/y", "reason": "r", "remove_when": "x"},
    {"id": "g", "kind": "ignore_path", "scope": "*", "path": "/x", "reason": "r"},
    {"id": "h", "kind": "numeric_tolerance", "scope": "*", "path": "/p", "reason": "r", "remove_when": "x", "absolute": 1, "key": "sku"},
    {"id": "i", "kind": "numeric_tolerance", "scope": "*", "path": "/p", "reason": "r", "remove_when": "x"},
    {"id": "j", "kind": "status_equivalence", "scope": "*", "primary": 201, "candidate": 9000, "reason": "r", "remove_when": "x"},
    {"id": "k", "kind": "ignore_path", "path": "/x", "reason": "r", "remove_when": "x", "reson": "typo", "expires": "2026-02-30"},
    "not a rule"
  ]
}
)";
    const auto errors = errorsOf(text);
    const std::string all = dump(errors);
    EXPECT_TRUE(hasError(errors, "/rules/0/reason", "required")) << all;
    EXPECT_TRUE(hasError(errors, "/rules/1/reason", "must not be empty")) << all;
    EXPECT_TRUE(hasError(errors, "/rules/2/kind", "unknown kind \"frobnicate\"")) << all;
    EXPECT_TRUE(hasError(errors, "/rules/3/path", "must start with '/'")) << all;
    EXPECT_TRUE(hasError(errors, "/rules/4/pattern", "invalid regular expression")) << all;
    EXPECT_TRUE(hasError(errors, "/rules/5/scope/endpoints/0", "must start with '/'")) << all;
    EXPECT_TRUE(hasError(errors, "/rules/6/id", "duplicate id \"a\" (also /rules/0)")) << all;
    EXPECT_TRUE(hasError(errors, "/rules/7/remove_when", "removal trigger")) << all;
    EXPECT_TRUE(hasError(errors, "/rules/8/key", "not used by kind numeric_tolerance (it belongs to unordered_array)"))
        << all;
    EXPECT_TRUE(hasError(errors, "/rules/9", "\"absolute\" and/or \"relative\"")) << all;
    EXPECT_TRUE(hasError(errors, "/rules/10/candidate", "HTTP status code")) << all;
    EXPECT_TRUE(hasError(errors, "/rules/11/scope", "required")) << all;
    EXPECT_TRUE(hasError(errors, "/rules/11/reson", "did you mean \"reason\"")) << all;
    EXPECT_TRUE(hasError(errors, "/rules/11/expires", "YYYY-MM-DD")) << all;
    EXPECT_TRUE(hasError(errors, "/rules/12", "must be an object")) << all;
    // The duplicate "a" (rule 6) is only reported if rule 0 was otherwise valid; it was not, so
    // exactly these 15 errors (every one found, none invented).
    EXPECT_EQ(errors.size(), 15u) << all;
    // Line numbers: each rule sits on its own line (rule i on line 4 + i).
    for (const auto& e : errors) {
        if (e.pointer.rfind("/rules/", 0) != 0) continue;
        const int index = std::stoi(e.pointer.substr(7));
        EXPECT_EQ(e.line, static_cast<uint32_t>(4 + index)) << e.str();
    }
    // The formatted listing names file and line.
    EXPECT_NE(all.find("rules.json:7: /rules/3/path: must start with '/'"), std::string::npos) << all;
}

TEST(RulesIo, DuplicateIdsOfValidRulesAndIdenticalRulesWithoutIds) {
    const auto errors = errorsOf(R"({"version": 1, "rules": [
        {"id": "same", "kind": "ignore_path", "scope": "*", "path": "/x", "reason": "r", "remove_when": "x"},
        {"id": "same", "kind": "ignore_path", "scope": "*", "path": "/y", "reason": "r", "remove_when": "x"},
        {"kind": "ignore_path", "scope": "*", "path": "/z", "reason": "r", "remove_when": "x"},
        {"kind": "ignore_path", "scope": "*", "path": "/z", "reason": "other", "remove_when": "x"}]})");
    EXPECT_TRUE(hasError(errors, "/rules/1/id", "duplicate id \"same\" (also /rules/0)")) << dump(errors);
    EXPECT_TRUE(hasError(errors, "/rules/3", "same rule as /rules/2")) << dump(errors);
    EXPECT_EQ(errors.size(), 2u) << dump(errors);
}

TEST(RulesIo, RootErrors) {
    EXPECT_TRUE(hasError(errorsOf("[]"), "", "must be an object"));
    EXPECT_TRUE(hasError(errorsOf(R"({"rules": []})"), "/version", "required"));
    EXPECT_TRUE(hasError(errorsOf(R"({"version": "1", "rules": []})"), "/version", "must be an integer"));
    EXPECT_TRUE(hasError(errorsOf(R"({"version": 0, "rules": []})"), "/version", "unsupported version 0"));
    EXPECT_TRUE(hasError(errorsOf(R"({"version": 1})"), "/rules", "required"));
    EXPECT_TRUE(hasError(errorsOf(R"({"version": 1, "rules": {}})"), "/rules", "must be an array"));
    EXPECT_TRUE(hasError(errorsOf(R"({"version": 1, "rules": [], "extra": 1})"), "/extra", "unknown member"));
    auto empty = parseRulesConfig(R"({"version": 1, "rules": []})", nullptr);
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->rules.empty());
}

TEST(RulesIo, NewerVersionIsRefusedWithoutGuessing) {
    const auto errors = errorsOf(R"({"version": 3, "rules": [{"kind": "teleport"}], "future": true})");
    ASSERT_EQ(errors.size(), 1u) << dump(errors);
    EXPECT_EQ(errors[0].str(), "/version: written by a newer difftriage (version 3); this one reads 2");
}

TEST(RulesIo, InvalidJsonNamesLineAndColumn) {
    const auto errors = errorsOf("{\"version\": 1,\n  \"rules\": [\n    {\"kind\": \"ignore_path\",,}\n  ]\n}\n");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 3u);
    EXPECT_NE(errors[0].reason.find("invalid JSON at line 3, column"), std::string::npos) << errors[0].reason;
    EXPECT_TRUE(hasError(errorsOf(""), "", "invalid JSON"));
    EXPECT_TRUE(hasError(errorsOf(std::string("{\"version\": 1, \"rules\": [\"\xff\"]}")), "", "invalid JSON"));
}

TEST(RulesIo, KindParameterChecks) {
    auto rule = [](std::string body) {
        return R"({"version": 1, "rules": [{"id": "x", "scope": "*", "reason": "r", "remove_when": "w", )" + body +
               "}]}";
    };
    EXPECT_TRUE(hasError(errorsOf(rule(R"("kind": "ignore_path")")), "/rules/0/path", "required"));
    EXPECT_TRUE(hasError(errorsOf(rule(R"("kind": "ignore_path", "path": "/a/~2")")), "/rules/0/path", "bad escape"));
    EXPECT_TRUE(hasError(errorsOf(rule(R"("kind": "numeric_tolerance", "path": "/a", "absolute": -1)")),
                         "/rules/0/absolute", ">= 0"));
    EXPECT_TRUE(hasError(errorsOf(rule(R"("kind": "numeric_tolerance", "path": "/a", "relative": 2)")),
                         "/rules/0/relative", "below 1"));
    EXPECT_TRUE(hasError(errorsOf(rule(R"("kind": "unordered_array", "path": "/a", "key": "")")), "/rules/0/key",
                         "must not be empty"));
    EXPECT_TRUE(hasError(errorsOf(rule(R"("kind": "normalize_value", "path": "/a")")), "/rules/0/pattern", "required"));
    EXPECT_TRUE(hasError(errorsOf(rule(R"("kind": "normalize_value", "path": "/a", "pattern": "(?=a)b")")),
                         "/rules/0/pattern", "lookaround"));
    EXPECT_TRUE(
        hasError(errorsOf(rule(R"("kind": "normalize_value", "path": "/a", "pattern": "(a)b", "replacement": "$2")")),
                 "/rules/0/replacement", "invalid replacement"));
    EXPECT_TRUE(hasError(errorsOf(rule(R"("kind": "ignore_header", "header": "bad header")")), "/rules/0/header",
                         "invalid character"));
    EXPECT_TRUE(hasError(errorsOf(rule(R"("kind": "ignore_header", "header": "x", "presence_only": "yes")")),
                         "/rules/0/presence_only", "true or false"));
    EXPECT_TRUE(hasError(errorsOf(rule(R"("kind": "status_equivalence", "primary": 200, "candidate": 200)")),
                         "/rules/0/candidate", "same as primary"));
    EXPECT_TRUE(
        hasError(errorsOf(rule(R"("kind": "status_equivalence", "primary": 200)")), "/rules/0/candidate", "required"));
    EXPECT_TRUE(hasError(errorsOf(rule(R"("kind": "text_normalization", "trim": false)")), "/rules/0", "at least one"));
    EXPECT_TRUE(hasError(errorsOf(rule(R"("kind": "ignore_path", "path": "/a", "sample_ids": [1])")),
                         "/rules/0/sample_ids/0", "must be a string"));
    EXPECT_TRUE(hasError(errorsOf(R"({"version": 1, "rules": [{"id": "bad id!", "kind": "ignore_path", "path": "/a",
        "scope": {"method": "G3T", "verbs": 1}, "reason": "r", "remove_when": "w"}]})"),
                         "/rules/0/id", "letters, digits"));
    const auto scopeErrors = errorsOf(R"({"version": 1, "rules": [{"kind": "ignore_path", "path": "/a",
        "scope": {"method": "G3T", "verbs": 1, "endpoints": "/a"}, "reason": "r", "remove_when": "w"}]})");
    EXPECT_TRUE(hasError(scopeErrors, "/rules/0/scope/method", "HTTP method")) << dump(scopeErrors);
    EXPECT_TRUE(hasError(scopeErrors, "/rules/0/scope/verbs", "unknown member")) << dump(scopeErrors);
    EXPECT_TRUE(hasError(scopeErrors, "/rules/0/scope/endpoints", "must be an array")) << dump(scopeErrors);
    EXPECT_TRUE(hasError(errorsOf(R"({"version": 1, "rules": [{"kind": "ignore_path", "path": "/a",
        "scope": "GET /x", "reason": "r", "remove_when": "w"}]})"),
                         "/rules/0/scope", "must be \"*\""));
}

TEST(RulesIo, ExpiryUsesCalendarDates) {
    Rule r;
    EXPECT_FALSE(isExpired(r, "2026-01-01"));  // no expiry
    r.expires = "2026-01-01";
    EXPECT_FALSE(isExpired(r, "2026-01-01"));  // expires at the end of that day
    EXPECT_TRUE(isExpired(r, "2026-01-02"));
    EXPECT_FALSE(isExpired(r, "2025-12-31"));
    EXPECT_TRUE(isValidDate("2024-02-29"));
    EXPECT_FALSE(isValidDate("2023-02-29"));
    EXPECT_FALSE(isValidDate("2023-13-01"));
    EXPECT_FALSE(isValidDate("2023-1-01"));
    EXPECT_TRUE(isValidDate(todayDate()));
}

TEST(RulesIo, WriteIsAtomicAndReadBack) {
    const std::string dir = ::testing::TempDir();
    const std::string path = dir + "rules_io_" + std::to_string(::getpid()) + ".json";
    std::string error;
    ASSERT_TRUE(writeRulesFile(path, everyKind(), &error)) << error;
    EXPECT_EQ(slurp(path), serializeRulesConfig(everyKind()));
    std::vector<RuleError> errors;
    auto set = loadRulesFile(path, &errors);
    ASSERT_TRUE(set) << dump(errors);
    EXPECT_EQ(set->config().rules.size(), 14u);
    EXPECT_EQ(set->enabledCount(), 13u);  // one is disabled
    // A bad file: nothing loaded, errors name the pointer.
    { std::ofstream(path) << R"({"version": 1, "rules": [{"kind": "ignore_path"}]})"; }
    errors.clear();
    EXPECT_FALSE(loadRulesFile(path, &errors));
    EXPECT_TRUE(hasError(errors, "/rules/0/reason", "required")) << dump(errors);
    std::remove(path.c_str());
    errors.clear();
    EXPECT_FALSE(loadRulesFile(path, &errors));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].reason.find("cannot open"), std::string::npos);
    EXPECT_FALSE(writeRulesFile(dir + "no/such/dir/rules.json", everyKind(), &error));
}

TEST(RulesIo, ValidateConfigBuiltInCode) {
    RuleConfig cfg = everyKind();
    EXPECT_TRUE(validateRulesConfig(cfg).empty());
    cfg.rules[2].reason = "";
    cfg.rules[3].path = "oops";
    const auto errors = validateRulesConfig(cfg);
    EXPECT_EQ(errors.size(), 2u) << dump(errors);
}

// The JSON Schema in resources/ describes exactly what the validator accepts.
TEST(RulesIo, SchemaAgreesWithValidator) {
    const auto schema = nlohmann::json::parse(slurp(kResources + "/rules.schema.json"));
    EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    EXPECT_EQ(schema["properties"]["version"]["const"], kRulesFormatVersion);
    const auto& rule = schema["$defs"]["rule"];
    std::vector<std::string> common;
    for (auto it = rule["properties"].begin(); it != rule["properties"].end(); ++it) common.push_back(it.key());
    std::vector<std::string> expected = commonRuleMembers();
    std::sort(common.begin(), common.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(common, expected);
    std::vector<std::string> kinds = rule["properties"]["kind"]["enum"];
    ASSERT_EQ(kinds.size(), static_cast<size_t>(kRuleKindCount));
    ASSERT_EQ(rule["oneOf"].size(), static_cast<size_t>(kRuleKindCount));
    for (int k = 0; k < kRuleKindCount; ++k) {
        const auto kind = static_cast<RuleKind>(k);
        EXPECT_EQ(kinds[k], ruleKindName(kind));
        const auto& branch = rule["oneOf"][k];
        EXPECT_EQ(branch["properties"]["kind"]["const"], ruleKindName(kind));
        std::vector<std::string> params;
        for (auto it = branch["properties"].begin(); it != branch["properties"].end(); ++it)
            if (it.key() != "kind") params.push_back(it.key());
        std::vector<std::string> want = kindRuleMembers(kind);
        std::sort(params.begin(), params.end());
        std::sort(want.begin(), want.end());
        EXPECT_EQ(params, want) << ruleKindName(kind);
    }
    // A config using every kind and member validates by our validator, and its values satisfy the
    // schema's patterns for pointers and endpoint globs.
    const auto text = serializeRulesConfig(everyKind());
    ASSERT_TRUE(parseRulesConfig(text, nullptr));
    const std::regex pointer(schema["$defs"]["pointerPattern"]["pattern"].get<std::string>());
    const std::regex glob(schema["$defs"]["endpointGlob"]["pattern"].get<std::string>());
    for (const auto& r : everyKind().rules) {
        if (!r.path.empty()) {
            EXPECT_TRUE(std::regex_match(r.path, pointer)) << r.path;
        }
        for (const auto& e : r.scope.endpoints) EXPECT_TRUE(std::regex_match(e, glob)) << e;
    }
    EXPECT_FALSE(std::regex_match(std::string("items/0"), pointer));
    EXPECT_FALSE(std::regex_match(std::string("/ite**"), pointer));
    EXPECT_TRUE(std::regex_match(std::string("/**/*_at"), pointer));
    EXPECT_FALSE(std::regex_match(std::string("/a/~2"), pointer));
    EXPECT_FALSE(std::regex_match(std::string("GET /x"), glob));
}

TEST(RulesIo, DefaultRulesFileIsValidAndCanonical) {
    const std::string text = slurp(kResources + "/default-rules.json");
    std::vector<RuleError> errors;
    auto cfg = parseRulesConfig(text, &errors);
    ASSERT_TRUE(cfg) << dump(errors);
    EXPECT_EQ(serializeRulesConfig(*cfg), text);  // already in export format
    for (const auto& r : cfg->rules) EXPECT_FALSE(r.enabled) << r.id << ": starter rules are off by default";
}

}  // namespace
}  // namespace dt
