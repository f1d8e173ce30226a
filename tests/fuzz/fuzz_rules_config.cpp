// SPDX-License-Identifier: MIT
// libFuzzer target: the rules config importer (core/rules_io.h) and the compiled rules.
// Invariants:
//  - a rejected file comes with at least one error, each with a reason;
//  - an accepted file validates, exports, re-imports to an equal config, and export -> import ->
//    export is byte-identical;
//  - the compiled RuleSet builds, and its policies can be applied to a comparison (regex
//    normalizations, tolerances, unordered arrays) without crashing or hanging.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/compare/compare.h"
#include "core/rules/rules_io.h"
#include "core/rules/rules_match.h"
#include "tests/fuzz/fuzz_common.h"

namespace {

const char* const kPrimary =
    R"({"id":"u-1","ts":"2026-11-20T10:00:00.123Z","price":10.5,"items":[{"sku":"A","n":1},{"sku":"B","n":2}],)"
    R"("uuid":"0b6f3c2e-8d2a-4a47-9d7e-5d0f1e2a3b4c","text":"Hello  World","nested":{"a":{"b":[1,2,3]}}})";
const char* const kCandidate =
    R"({"id":"u-1","ts":"2026-11-20T10:00:00.456Z","price":10.51,"items":[{"sku":"B","n":2},{"sku":"A","n":1}],)"
    R"("uuid":"7c1d9a0e-1b2c-4d3e-8f90-a1b2c3d4e5f6","text":"hello world","nested":{"a":{"b":[3,2,1]}},"extra":true})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<dt::RuleError> errors;
    auto config = dt::parseRulesConfig(text, &errors);
    if (!config) {
        if (errors.empty()) dtfuzz::invariantFailed("rules config rejected without an error");
        for (const auto& e : errors)
            if (e.reason.empty()) dtfuzz::invariantFailed("rules config error without a reason", e.pointer);
        (void)dt::formatRuleErrors("fuzz.json", errors);
        return 0;
    }
    if (!errors.empty()) dtfuzz::invariantFailed("accepted rules config also reported errors", errors[0].str());
    auto invalid = dt::validateRulesConfig(*config);
    if (!invalid.empty()) dtfuzz::invariantFailed("imported config does not validate", invalid[0].str());

    const std::string exported = dt::serializeRulesConfig(*config);
    std::vector<dt::RuleError> again;
    auto reimported = dt::parseRulesConfig(exported, &again);
    if (!reimported) dtfuzz::invariantFailed("exported config does not import", again.empty() ? "" : again[0].str());
    // Load notices ("converted from version 1") are not saved: compare the rules themselves.
    auto loaded = *config;
    loaded.notices.clear();
    if (!(*reimported == loaded)) dtfuzz::invariantFailed("export -> import changed the config", exported);
    if (dt::serializeRulesConfig(*reimported) != exported)
        dtfuzz::invariantFailed("export -> import -> export is not byte-identical", exported);

    std::vector<std::string> buildErrors;
    auto rules = dt::RuleSet::build(*config, &buildErrors);
    if (!rules) return 0;

    // Apply the policies of every endpoint the rules name (and a generic one) to a comparison.
    std::vector<std::string> endpoints = {"GET /users/{id}"};
    for (const auto& rule : config->rules)
        for (const auto& glob : rule.scope.endpoints)
            endpoints.push_back((rule.scope.method.empty() ? std::string("POST") : rule.scope.method) + " " + glob);
    if (endpoints.size() > 16) endpoints.resize(16);

    dt::Response primary, candidate;
    primary.present = candidate.present = true;
    primary.status = 201;
    candidate.status = 200;
    primary.headers = {{"Content-Type", "application/json"}, {"X-Trace-Id", "a"}, {"ETag", "1"}};
    candidate.headers = {{"content-type", "application/json"}, {"x-trace-id", "b"}};
    primary.body = kPrimary;
    candidate.body = kCandidate;
    dt::Response textPrimary = primary, textCandidate = candidate;
    textPrimary.body = "  Hello\tWorld \n";
    textCandidate.body = "hello world";

    dt::Comparer comparer;
    for (const auto& endpoint : endpoints) {
        auto policy = rules->policyFor(endpoint);
        if (!policy) continue;
        auto result = comparer.compare(primary, candidate, policy.get());
        for (const auto& d : result.differences) (void)rules->mayTouch(endpoint, d.generalized, d.kind);
        for (const auto& d : result.absorbed)
            if (d.rule_id.empty()) dtfuzz::invariantFailed("absorbed difference without a rule id", d.path);
        (void)comparer.compare(textPrimary, textCandidate, policy.get());
    }
    return 0;
}
