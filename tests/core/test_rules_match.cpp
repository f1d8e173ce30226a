// SPDX-License-Identifier: MIT
// Rule matching: pointer patterns, endpoint globs, header globs, RuleSet scoping, DiffPolicy
// answers and the conservative mayTouch() filter.
#include <gtest/gtest.h>

#include <thread>

#include "core/rules/rules_match.h"

namespace dt {
namespace {

PointerPattern pat(std::string_view p) {
    std::string reason;
    auto c = PointerPattern::compile(p, &reason);
    EXPECT_TRUE(c) << p << ": " << reason;
    return c ? *c : *PointerPattern::compile("", nullptr);
}

TEST(RulesPointerPattern, LiteralAndWildcards) {
    EXPECT_TRUE(pat("/a/b").matches("/a/b"));
    EXPECT_FALSE(pat("/a/b").matches("/a/bc"));
    EXPECT_FALSE(pat("/a/b").matches("/a"));
    EXPECT_FALSE(pat("/a/b").matches("/a/b/c"));

    const auto star = pat("/items/*/discount");
    EXPECT_TRUE(star.matches("/items/0/discount"));
    EXPECT_TRUE(star.matches("/items/17/discount"));
    EXPECT_TRUE(star.matches("/items/*/discount"));    // generalized form
    EXPECT_TRUE(star.matches("/items/key/discount"));  // any object key too
    EXPECT_FALSE(star.matches("/items/discount"));     // '*' is exactly one segment
    EXPECT_FALSE(star.matches("/items/0/1/discount"));

    const auto deep = pat("/**/generated_at");
    EXPECT_TRUE(deep.matches("/generated_at"));  // ** may be empty
    EXPECT_TRUE(deep.matches("/meta/generated_at"));
    EXPECT_TRUE(deep.matches("/a/0/b/1/generated_at"));
    EXPECT_FALSE(deep.matches("/meta/generated_at/x"));
    EXPECT_FALSE(deep.matches("/meta/generated"));

    const auto mid = pat("/a/**/z");
    EXPECT_TRUE(mid.matches("/a/z"));
    EXPECT_TRUE(mid.matches("/a/b/c/z"));
    EXPECT_FALSE(mid.matches("/b/z"));

    EXPECT_TRUE(pat("").matches(""));
    EXPECT_FALSE(pat("").matches("/a"));
    EXPECT_TRUE(pat("/**").matches(""));
    EXPECT_TRUE(pat("/**").matches("/x/y"));
}

TEST(RulesPointerPattern, EscapesCompareUnescaped) {
    // Key "a/b" is written a~1b, key "m~n" is written m~0n, in both pattern and pointer.
    const auto p = pat("/a~1b/m~0n");
    EXPECT_TRUE(p.matches("/a~1b/m~0n"));
    EXPECT_FALSE(p.matches("/a/b/m~0n"));  // a real slash is two segments
    EXPECT_FALSE(p.matches("/a~1b/m~1n"));
    EXPECT_TRUE(pat("/*/m~0n").matches("/x/m~0n"));
    // An escaped '*' is not possible; "~01" is "~1" literally (the key "~1").
    EXPECT_TRUE(pat("/~01").matches("/~01"));
    EXPECT_FALSE(pat("/~01").matches("/~1"));
}

TEST(RulesPointerPattern, InvalidPatternsExplainWhy) {
    std::string reason;
    EXPECT_FALSE(PointerPattern::compile("items/0", &reason));
    EXPECT_NE(reason.find("must start with '/'"), std::string::npos) << reason;
    EXPECT_FALSE(PointerPattern::compile("/a/~2", &reason));
    EXPECT_NE(reason.find("bad escape"), std::string::npos) << reason;
    EXPECT_NE(reason.find("segment 2"), std::string::npos) << reason;
    EXPECT_FALSE(PointerPattern::compile("/a/b~", &reason));
    EXPECT_FALSE(PointerPattern::compile("/ite**", &reason));
    EXPECT_NE(reason.find("whole segment"), std::string::npos) << reason;
    // '*' inside a segment: any characters of that one segment (issue 9: "/**/*_at")
    const auto at = PointerPattern::compile("/**/*_at", &reason);
    ASSERT_TRUE(at) << reason;
    EXPECT_TRUE(at->matches("/created_at"));
    EXPECT_TRUE(at->matches("/items/3/updated_at"));
    EXPECT_TRUE(at->mayMatch("/items/*/updated_at"));
    EXPECT_FALSE(at->matches("/created_at/x"));
    EXPECT_FALSE(at->matches("/created_on"));
    EXPECT_FALSE(at->matches("/at"));
    EXPECT_FALSE(PointerPattern::compile("/***", &reason));
    std::string many;
    for (int i = 0; i < 64; ++i) many += "/x";
    EXPECT_FALSE(PointerPattern::compile(many, &reason));
    EXPECT_TRUE(checkPointerPattern("/a/*/b").has_value() == false);
    EXPECT_TRUE(checkPointerPattern("a").has_value());
}

TEST(RulesPointerPattern, AtOrAboveCoversEverythingBelow) {
    const auto p = pat("/a");
    EXPECT_TRUE(p.matchesAtOrAbove("/a"));
    EXPECT_TRUE(p.matchesAtOrAbove("/a/b"));
    EXPECT_TRUE(p.matchesAtOrAbove("/a/0/c"));
    EXPECT_FALSE(p.matchesAtOrAbove("/ab"));
    EXPECT_FALSE(p.matchesAtOrAbove(""));
    EXPECT_TRUE(pat("").matchesAtOrAbove("/anything"));
    EXPECT_TRUE(pat("/items/*").matchesAtOrAbove("/items/3/price"));
    EXPECT_FALSE(pat("/items/*").matchesAtOrAbove("/items"));
}

TEST(RulesPointerPattern, ConservativeOnGeneralizedPaths) {
    // A literal index in the pattern may match a generalized "*" (some concrete index).
    const auto p = pat("/items/0/price");
    EXPECT_FALSE(p.matches("/items/*/price"));
    EXPECT_TRUE(p.mayMatch("/items/*/price"));
    EXPECT_FALSE(p.mayMatch("/items/*/cost"));
    EXPECT_FALSE(p.mayMatch("/orders/*/price"));
    EXPECT_TRUE(p.mayMatchAtOrAbove("/items/*/price/currency"));
    // Strictly above a match: the array /items could contain a matching element.
    EXPECT_TRUE(p.mayMatchBelow("/items"));
    EXPECT_TRUE(p.mayMatchBelow(""));
    EXPECT_FALSE(p.mayMatchBelow("/items/*/price"));
    EXPECT_FALSE(p.mayMatchBelow("/orders"));
    EXPECT_TRUE(pat("/**/ts").mayMatchBelow("/anything/at/all"));
}

TEST(RulesEndpointGlob, SegmentsStarsAndDoubleStars) {
    auto g = [](std::string_view s) {
        std::string reason;
        auto c = EndpointGlob::compile(s, &reason);
        EXPECT_TRUE(c) << s << ": " << reason;
        return *c;
    };
    EXPECT_TRUE(g("/users/{id}").matches("/users/{id}"));
    EXPECT_FALSE(g("/users/{id}").matches("/users/{id}/orders"));
    EXPECT_FALSE(g("/users/{id}").matches("/users/me"));
    EXPECT_TRUE(g("/users/*").matches("/users/{id}"));
    EXPECT_TRUE(g("/users/*").matches("/users/me"));
    EXPECT_FALSE(g("/users/*").matches("/users"));
    EXPECT_FALSE(g("/users/*").matches("/users/{id}/orders"));
    EXPECT_TRUE(g("/users/**").matches("/users"));
    EXPECT_TRUE(g("/users/**").matches("/users/{id}/orders/{id}"));
    EXPECT_FALSE(g("/users/**").matches("/usersx"));
    EXPECT_TRUE(g("/**").matches("/"));
    EXPECT_TRUE(g("/**").matches("/a/b"));
    EXPECT_TRUE(g("/v*/users").matches("/v2/users"));
    EXPECT_FALSE(g("/v*/users").matches("/api/users"));
    EXPECT_TRUE(g("/").matches("/"));
    EXPECT_FALSE(g("/").matches("/a"));
    EXPECT_TRUE(g("/**/orders").matches("/users/{id}/orders"));

    std::string reason;
    EXPECT_FALSE(EndpointGlob::compile("users/*", &reason));
    EXPECT_FALSE(EndpointGlob::compile("GET /users", &reason));
    EXPECT_NE(reason.find("method"), std::string::npos) << reason;
    EXPECT_FALSE(EndpointGlob::compile("/users//x", &reason));
    EXPECT_FALSE(EndpointGlob::compile("/users/", &reason));
    EXPECT_FALSE(EndpointGlob::compile("/a**", &reason));
    EXPECT_FALSE(EndpointGlob::compile("/a?x=1", &reason));
}

TEST(RulesHeaderGlob, CaseInsensitiveWithStars) {
    EXPECT_TRUE(headerGlobMatches("x-trace-*", "x-trace-id"));
    EXPECT_TRUE(headerGlobMatches("x-trace-*", "X-Trace-Span"));
    EXPECT_FALSE(headerGlobMatches("x-trace-*", "x-tracer"));
    EXPECT_TRUE(headerGlobMatches("etag", "ETag"));
    EXPECT_FALSE(headerGlobMatches("etag", "etags"));
    EXPECT_TRUE(headerGlobMatches("*", "anything"));
    EXPECT_TRUE(checkHeaderGlob("X-Trace").has_value());
    EXPECT_TRUE(checkHeaderGlob("x trace").has_value());
    EXPECT_FALSE(checkHeaderGlob("x-trace-*").has_value());
}

TEST(RulesRegexCheck, RefusesInvalidPatternsAcceptsBacktrackingOnes) {
    EXPECT_FALSE(checkRegex("^[0-9a-f]{8}-[0-9a-f]{4}$").has_value());
    EXPECT_TRUE(checkRegex("([a-z").has_value());
    EXPECT_TRUE(checkRegex("").has_value());
    EXPECT_TRUE(checkRegex(std::string(kMaxRegexLength + 1, 'a')).has_value());
    EXPECT_FALSE(checkRegex("(ab)+c").has_value());
    EXPECT_FALSE(checkRegex("[(+]+").has_value());  // inside a class '(' and '+' are literal
    EXPECT_FALSE(checkRegex("^(foo|bar)-[ab]+$").has_value());
    EXPECT_FALSE(checkRegex("^(\\d{4})(?:(\\.\\d*[1-9])0*|\\.0+)?Z$").has_value());
    // RE2 runs in linear time: patterns that backtrack exponentially elsewhere are fine.
    for (const char* p : {"(a+)+$", "(.*)*x", "(a|ab)*c", "(?:(a|b))+", ".*.*.*X", "a*a*a*a*a*a*b"})
        EXPECT_FALSE(checkRegex(p).has_value()) << p;
    // No lookaround, no backreferences: refused with the reason.
    ASSERT_TRUE(checkRegex("(?=a)b").has_value());
    EXPECT_NE(checkRegex("(?=a)b")->find("lookaround"), std::string::npos) << *checkRegex("(?=a)b");
    ASSERT_TRUE(checkRegex("(a)\\1").has_value());
    EXPECT_NE(checkRegex("(a)\\1")->find("backreference"), std::string::npos) << *checkRegex("(a)\\1");
}

Rule makeRule(RuleKind kind, std::string id, RuleScope scope = {}) {
    Rule r;
    r.id = std::move(id);
    r.kind = kind;
    r.scope = std::move(scope);
    r.reason = "test";
    r.remove_when = "never";
    return r;
}

std::shared_ptr<const RuleSet> build(std::vector<Rule> rules) {
    RuleConfig cfg;
    cfg.rules = std::move(rules);
    std::vector<std::string> errors;
    auto set = RuleSet::build(cfg, &errors);
    EXPECT_TRUE(set) << (errors.empty() ? "" : errors.front());
    return set;
}

TEST(RulesRuleSet, ScopeGlobbingAndMethodScoping) {
    auto ig = makeRule(RuleKind::IgnorePath, "r-users", {{"/users/*"}, "GET"});
    ig.path = "/etag";
    auto all = makeRule(RuleKind::IgnorePath, "r-all");
    all.path = "/generated_at";
    auto deep = makeRule(RuleKind::IgnorePath, "r-deep", {{"/orders/**"}, ""});
    deep.path = "/ts";
    auto set = build({ig, all, deep});

    EXPECT_EQ(set->ruleIdsFor("GET /users/{id}"), (std::vector<std::string>{"r-all", "r-users"}));
    EXPECT_EQ(set->ruleIdsFor("get /users/{id}"), (std::vector<std::string>{"r-all", "r-users"}));
    EXPECT_EQ(set->ruleIdsFor("POST /users/{id}"), (std::vector<std::string>{"r-all"}));
    EXPECT_EQ(set->ruleIdsFor("GET /users"), (std::vector<std::string>{"r-all"}));
    EXPECT_EQ(set->ruleIdsFor("DELETE /orders/{id}/lines"), (std::vector<std::string>{"r-all", "r-deep"}));

    auto users = set->policyFor("GET /users/{id}");
    EXPECT_EQ(users->ignoredPath("/etag", "/etag"), std::optional<std::string>("r-users"));
    EXPECT_EQ(users->ignoredPath("/generated_at", "/generated_at"), std::optional<std::string>("r-all"));
    EXPECT_FALSE(set->policyFor("POST /users/{id}")->ignoredPath("/etag", "/etag"));
    EXPECT_TRUE(set->mayTouch("GET /users/{id}", "/etag", DiffKind::Changed));
    EXPECT_FALSE(set->mayTouch("POST /users/{id}", "/etag", DiffKind::Changed));
    // Same object every time: cached per template.
    EXPECT_EQ(set->policyFor("GET /users/{id}").get(), users.get());
}

TEST(RulesRuleSet, DisabledRulesDoNothing) {
    auto r = makeRule(RuleKind::IgnorePath, "r-x");
    r.path = "/a";
    r.enabled = false;
    auto set = build({r});
    EXPECT_EQ(set->enabledCount(), 0u);
    EXPECT_FALSE(set->mayTouch("GET /x", "/a", DiffKind::Changed));
    EXPECT_FALSE(set->policyFor("GET /x")->ignoredPath("/a", "/a"));
}

TEST(RulesRuleSet, EveryKindAnswersThroughThePolicy) {
    auto ignore = makeRule(RuleKind::IgnorePath, "r-1");
    ignore.path = "/items/*/discount";
    auto tol = makeRule(RuleKind::NumericTolerance, "r-2");
    tol.path = "/price";
    tol.absolute = 0.01;
    auto tol2 = makeRule(RuleKind::NumericTolerance, "r-2b");
    tol2.path = "/**/price";
    tol2.relative = 1e-6;
    auto keyed = makeRule(RuleKind::UnorderedArray, "r-3");
    keyed.path = "/items";
    keyed.key = "sku";
    auto multiset = makeRule(RuleKind::UnorderedArray, "r-3b");
    multiset.path = "/tags";
    auto norm = makeRule(RuleKind::NormalizeValue, "r-4");
    norm.path = "/**/created_at";
    norm.pattern = "\\.0+Z$";
    norm.replacement = "Z";
    auto hdr = makeRule(RuleKind::IgnoreHeader, "r-5");
    hdr.header = "x-trace-*";
    auto presence = makeRule(RuleKind::IgnoreHeader, "r-5b");
    presence.header = "etag";
    presence.presence_only = true;
    auto status = makeRule(RuleKind::StatusEquivalence, "r-6", {{"/users"}, "POST"});
    status.primary_status = 201;
    status.candidate_status = 200;
    auto text = makeRule(RuleKind::TextNormalization, "r-7");
    text.trim = true;
    auto text2 = makeRule(RuleKind::TextNormalization, "r-7b");
    text2.case_fold = true;
    auto set = build({ignore, tol, tol2, keyed, multiset, norm, hdr, presence, status, text, text2});
    auto p = set->policyFor("POST /users");

    EXPECT_EQ(p->ignoredPath("/items/3/discount", "/items/*/discount"), std::optional<std::string>("r-1"));
    EXPECT_EQ(p->ignoredPath("/items/3/discount/amount", "/items/*/discount/amount"),
              std::optional<std::string>("r-1"));
    EXPECT_FALSE(p->ignoredPath("/items/3/price", "/items/*/price"));

    auto t = p->tolerance("/price", "/price");
    ASSERT_TRUE(t);
    EXPECT_DOUBLE_EQ(t->absolute, 0.01);  // both rules match /price: the union of their allowances
    EXPECT_DOUBLE_EQ(t->relative, 1e-6);
    EXPECT_EQ(t->rule_id, "r-2");
    auto t2 = p->tolerance("/a/price", "/a/price");
    ASSERT_TRUE(t2);
    EXPECT_DOUBLE_EQ(t2->absolute, 0);
    EXPECT_EQ(t2->rule_id, "r-2b");
    EXPECT_FALSE(p->tolerance("/cost", "/cost"));

    auto u = p->unordered("/items", "/items");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->key, "sku");
    EXPECT_EQ(u->rule_id, "r-3");
    auto m = p->unordered("/tags", "/tags");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->key, "");
    EXPECT_FALSE(p->unordered("/items/0", "/items/*"));

    std::string v = "2024-01-01T00:00:00.000Z";
    EXPECT_EQ(p->normalize("/order/created_at", "/order/created_at", v), std::optional<std::string>("r-4"));
    EXPECT_EQ(v, "2024-01-01T00:00:00Z");
    std::string same = "2024-01-01T00:00:00Z";
    EXPECT_FALSE(p->normalize("/order/created_at", "/order/created_at", same));  // nothing to replace
    std::string elsewhere = "2024-01-01T00:00:00.000Z";
    EXPECT_FALSE(p->normalize("/order/updated_at", "/order/updated_at", elsewhere));
    std::string huge(kMaxNormalizeBytes + 1, 'x');
    huge += ".000Z";
    EXPECT_FALSE(p->normalize("/created_at", "/created_at", huge));  // bounded cost: left alone

    auto h = p->header("x-trace-id");
    ASSERT_TRUE(h);
    EXPECT_FALSE(h->presence_only);
    auto e = p->header("etag");
    ASSERT_TRUE(e);
    EXPECT_TRUE(e->presence_only);
    EXPECT_EQ(e->rule_id, "r-5b");
    EXPECT_FALSE(p->header("content-type"));

    EXPECT_EQ(p->statusEquivalent(201, 200), std::optional<std::string>("r-6"));
    EXPECT_FALSE(p->statusEquivalent(200, 201));                             // directed: primary 201, candidate 200
    EXPECT_FALSE(set->policyFor("GET /users")->statusEquivalent(201, 200));  // method scoped
    EXPECT_FALSE(set->policyFor("POST /users/{id}")->statusEquivalent(201, 200));

    auto tx = p->text();
    ASSERT_TRUE(tx);
    EXPECT_TRUE(tx->trim);
    EXPECT_TRUE(tx->case_fold);
    EXPECT_FALSE(tx->collapse_whitespace);
}

TEST(RulesRuleSet, MayTouchIsConservative) {
    auto ignore = makeRule(RuleKind::IgnorePath, "r-1", {{"/a"}, ""});
    ignore.path = "/meta";
    auto keyed = makeRule(RuleKind::UnorderedArray, "r-2", {{"/b"}, ""});
    keyed.path = "/items";
    keyed.key = "sku";
    auto tol = makeRule(RuleKind::NumericTolerance, "r-3", {{"/c"}, ""});
    tol.path = "/items/0/price";
    tol.absolute = 1;
    auto status = makeRule(RuleKind::StatusEquivalence, "r-4", {{"/d"}, ""});
    status.primary_status = 201;
    status.candidate_status = 200;
    auto hdr = makeRule(RuleKind::IgnoreHeader, "r-5", {{"/e"}, ""});
    hdr.header = "x-*";
    auto text = makeRule(RuleKind::TextNormalization, "r-6", {{"/f"}, ""});
    text.collapse_whitespace = true;
    auto root = makeRule(RuleKind::IgnorePath, "r-7", {{"/g"}, ""});
    root.path = "";
    auto set = build({ignore, keyed, tol, status, hdr, text, root});

    // An ignore rule at /meta covers /meta/b.
    EXPECT_TRUE(set->mayTouch("GET /a", "/meta", DiffKind::Missing));
    EXPECT_TRUE(set->mayTouch("GET /a", "/meta/b", DiffKind::Changed));
    EXPECT_FALSE(set->mayTouch("GET /a", "/metadata", DiffKind::Changed));
    EXPECT_FALSE(set->mayTouch("GET /a", "", DiffKind::Status));
    // An unordered rule at /items changes differences below /items (elements re-paired).
    EXPECT_TRUE(set->mayTouch("GET /b", "/items", DiffKind::ArrayOrder));
    EXPECT_TRUE(set->mayTouch("GET /b", "/items/*/price", DiffKind::Changed));
    EXPECT_TRUE(set->mayTouch("GET /b", "/items/*", DiffKind::Extra));
    EXPECT_FALSE(set->mayTouch("GET /b", "/other/*/price", DiffKind::Changed));
    // A tolerance at a literal index may touch the generalized path; and an array above it.
    EXPECT_TRUE(set->mayTouch("GET /c", "/items/*/price", DiffKind::Changed));
    EXPECT_FALSE(set->mayTouch("GET /c", "/items/*/price", DiffKind::Missing));
    EXPECT_TRUE(set->mayTouch("GET /c", "/items", DiffKind::ArrayOrder));
    EXPECT_FALSE(set->mayTouch("GET /c", "/items/*/name", DiffKind::Changed));
    // Status, headers, text.
    EXPECT_TRUE(set->mayTouch("GET /d", "", DiffKind::Status));
    EXPECT_FALSE(set->mayTouch("GET /d", "/x", DiffKind::Changed));
    EXPECT_TRUE(set->mayTouch("GET /e", "x-request-span", DiffKind::Header));
    EXPECT_FALSE(set->mayTouch("GET /e", "etag", DiffKind::Header));
    EXPECT_TRUE(set->mayTouch("GET /f", "", DiffKind::TextChanged));
    EXPECT_FALSE(set->mayTouch("GET /f", "", DiffKind::BinaryChanged));
    // Ignoring the whole body covers text and binary bodies too, not the status.
    EXPECT_TRUE(set->mayTouch("GET /g", "", DiffKind::TextChanged));
    EXPECT_TRUE(set->mayTouch("GET /g", "", DiffKind::BinaryChanged));
    EXPECT_TRUE(set->mayTouch("GET /g", "/deep/path", DiffKind::Extra));
    EXPECT_FALSE(set->mayTouch("GET /g", "", DiffKind::CandidateError));
    // Nothing reaches out of scope.
    EXPECT_FALSE(set->mayTouch("GET /zzz", "/meta", DiffKind::Changed));
    EXPECT_EQ(set->rulesTouching("GET /b", "/items/*/price", DiffKind::Changed), (std::vector<std::string>{"r-2"}));
}

TEST(RulesRuleSet, BuildReportsRulesThatDoNotCompile) {
    auto bad = makeRule(RuleKind::IgnorePath, "r-bad");
    bad.path = "no-slash";
    auto badRe = makeRule(RuleKind::NormalizeValue, "r-re");
    badRe.path = "/a";
    badRe.pattern = "([";
    RuleConfig cfg;
    cfg.rules = {bad, badRe};
    std::vector<std::string> errors;
    EXPECT_FALSE(RuleSet::build(cfg, &errors));
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].rfind("r-bad: path", 0), 0u) << errors[0];
    EXPECT_EQ(errors[1].rfind("r-re: pattern", 0), 0u) << errors[1];
}

TEST(RulesRuleSet, ThreadSafeCacheGivesOnePolicyPerTemplate) {
    auto r = makeRule(RuleKind::IgnorePath, "r-1");
    r.path = "/x";
    auto set = build({r});
    std::vector<std::thread> threads;
    std::vector<const DiffPolicy*> seen(8);
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                const std::string ep = "GET /p" + std::to_string(i % 17);
                EXPECT_TRUE(set->mayTouch(ep, "/x/y", DiffKind::Changed));
            }
            seen[t] = set->policyFor("GET /p3").get();
        });
    for (auto& th : threads) th.join();
    for (auto* p : seen) EXPECT_EQ(p, seen[0]);
}

}  // namespace
}  // namespace dt
