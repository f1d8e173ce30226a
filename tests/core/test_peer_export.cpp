// SPDX-License-Identifier: MIT
// core/export: rules -> Keploy globalNoise, diferencia ignore file, jd -opts; never silently broader.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/export/peer_export.h"
#include "core/rules/rules_io.h"
#include "core/store/store_writer.h"

using namespace dt;
using namespace dt::peer;
using S = ExportStatus;

namespace {

Rule make(RuleKind kind, const std::string& id) {
    Rule r;
    r.id = id;
    r.kind = kind;
    r.reason = "test";
    r.remove_when = "never";
    return r;
}

// Every rule kind, in the shapes that decide how it exports.
std::map<std::string, Rule> rules() {
    std::map<std::string, Rule> m;
    auto path = [&](const std::string& id, const std::string& p) {
        Rule r = make(RuleKind::IgnorePath, id);
        r.path = p;
        m[id] = r;
    };
    path("literal", "/meta/generated_at");
    path("index", "/items/0/idempotency_key");
    path("star", "/items/*/discount");
    path("globstar", "/**/trace");
    path("whole", "");
    path("dotted_key", "/a.b");
    Rule abs = make(RuleKind::NumericTolerance, "tol_abs");
    abs.path = "/total";
    abs.absolute = 0.01;
    m["tol_abs"] = abs;
    Rule rel = make(RuleKind::NumericTolerance, "tol_rel");
    rel.path = "/ratio";
    rel.relative = 0.001;
    m["tol_rel"] = rel;
    Rule both = abs;
    both.id = "tol_both";
    both.relative = 0.001;
    m["tol_both"] = both;
    Rule bag = make(RuleKind::UnorderedArray, "multiset");
    bag.path = "/tags";
    m["multiset"] = bag;
    Rule keyed = make(RuleKind::UnorderedArray, "keyed");
    keyed.path = "/items";
    keyed.key = "sku";
    m["keyed"] = keyed;
    Rule norm = make(RuleKind::NormalizeValue, "normalize");
    norm.path = "/created";
    norm.pattern = "^\\d{4}-.*$";
    norm.replacement = "X";
    m["normalize"] = norm;
    Rule hdr = make(RuleKind::IgnoreHeader, "header");
    hdr.header = "x-trace-id";
    m["header"] = hdr;
    Rule glob = make(RuleKind::IgnoreHeader, "header_glob");
    glob.header = "x-amzn-*";
    m["header_glob"] = glob;
    Rule presence = make(RuleKind::IgnoreHeader, "header_presence");
    presence.header = "etag";
    presence.presence_only = true;
    m["header_presence"] = presence;
    Rule status = make(RuleKind::StatusEquivalence, "status");
    status.primary_status = 201;
    status.candidate_status = 200;
    m["status"] = status;
    Rule text = make(RuleKind::TextNormalization, "text");
    text.trim = true;
    m["text"] = text;
    Rule scoped = make(RuleKind::IgnorePath, "scoped");
    scoped.path = "/name";
    scoped.scope.method = "GET";
    scoped.scope.endpoints = {"/users/*"};
    m["scoped"] = scoped;
    // The precise kinds (issue 9): peers can only ignore the value, so each is broader there.
    auto precise = [&](RuleKind kind, const std::string& id, const std::string& p) {
        Rule r = make(kind, id);
        r.path = p;
        m[id] = r;
        return &m[id];
    };
    precise(RuleKind::NullEqualsMissing, "null_missing", "/middle_name");
    precise(RuleKind::EmptyEqualsNull, "empty_null", "/tags");
    precise(RuleKind::SameInstant, "same_instant", "/starts_at");
    Rule* host = precise(RuleKind::UrlHost, "url_host", "/links/self");
    host->from = "https://old.example";
    host->to = "https://api.example";
    Rule* ranking = precise(RuleKind::Ranking, "ranking", "/results");
    ranking->key = "id";
    ranking->min_overlap = 0.8;
    Rule param = make(RuleKind::HeaderParameter, "header_param");
    param.header = "content-type";
    param.parameter = "charset";
    m["header_param"] = param;
    Rule off = make(RuleKind::IgnorePath, "disabled");
    off.path = "/x";
    off.enabled = false;
    m["disabled"] = off;
    return m;
}

struct Case {
    const char* name;
    PeerFormat format;
    const char* rule;
    ExportStatus status;
    std::string snippet;  // in the output (text or header list) when exported with --allow-broader
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

std::vector<Case> cases() {
    const auto K = PeerFormat::Keploy, D = PeerFormat::Diferencia, J = PeerFormat::Jd;
    return {
        {"keploy_literal", K, "literal", S::Exact, "'meta.generated_at': []"},
        {"keploy_index_overmatches", K, "index", S::Broader, "'items.idempotency_key': []"},
        {"keploy_star_is_index_free", K, "star", S::Exact, "'items.discount': []"},
        {"keploy_globstar", K, "globstar", S::Omitted, ""},
        {"keploy_whole_body", K, "whole", S::Exact, "'*': '*'"},
        {"keploy_dotted_key", K, "dotted_key", S::Broader, "'a.b': []"},
        {"keploy_tolerance", K, "tol_abs", S::Broader, "'total': []"},
        {"keploy_relative", K, "tol_rel", S::Broader, "'ratio': []"},
        {"keploy_multiset", K, "multiset", S::Broader, "ignoreOrdering: true"},
        {"keploy_keyed", K, "keyed", S::Broader, "ignoreOrdering: true"},
        {"keploy_normalize", K, "normalize", S::Broader, "'created': ['^\\d{4}-.*$']"},
        {"keploy_header", K, "header", S::Exact, "'X-Trace-Id': []"},
        {"keploy_header_glob", K, "header_glob", S::Omitted, ""},
        {"keploy_header_presence", K, "header_presence", S::Broader, "'Etag': []"},
        {"keploy_status", K, "status", S::Omitted, ""},
        {"keploy_text", K, "text", S::Omitted, ""},
        {"keploy_scoped", K, "scoped", S::Broader, "'name': []"},
        {"keploy_disabled", K, "disabled", S::Omitted, ""},
        {"keploy_null_missing", K, "null_missing", S::Broader, "'middle_name': []"},
        {"keploy_empty_null", K, "empty_null", S::Broader, "'tags': []"},
        {"keploy_same_instant", K, "same_instant", S::Broader, "'starts_at': []"},
        {"keploy_url_host", K, "url_host", S::Broader, "'links.self': []"},
        {"keploy_ranking", K, "ranking", S::Broader, "ignoreOrdering: true"},
        {"keploy_header_param", K, "header_param", S::Broader, "'Content-Type': []"},

        {"diferencia_literal", D, "literal", S::Exact, "/meta/generated_at\n"},
        {"diferencia_index", D, "index", S::Exact, "/items/0/idempotency_key\n"},
        {"diferencia_star_needs_store", D, "star", S::Omitted, ""},
        {"diferencia_globstar", D, "globstar", S::Omitted, ""},
        {"diferencia_whole_body", D, "whole", S::Omitted, ""},
        {"diferencia_dotted_key", D, "dotted_key", S::Exact, "/a.b\n"},
        {"diferencia_tolerance", D, "tol_abs", S::Broader, "/total\n"},
        {"diferencia_relative", D, "tol_rel", S::Broader, "/ratio\n"},
        {"diferencia_multiset", D, "multiset", S::Broader, "/tags\n"},
        {"diferencia_keyed", D, "keyed", S::Broader, "/items\n"},
        {"diferencia_normalize", D, "normalize", S::Broader, "/created\n"},
        {"diferencia_header", D, "header", S::Narrower, "X-Trace-Id"},
        {"diferencia_header_glob", D, "header_glob", S::Omitted, ""},
        {"diferencia_header_presence", D, "header_presence", S::Exact, "Etag"},
        {"diferencia_status", D, "status", S::Omitted, ""},
        {"diferencia_text", D, "text", S::Omitted, ""},
        {"diferencia_scoped", D, "scoped", S::Broader, "/name\n"},
        {"diferencia_disabled", D, "disabled", S::Omitted, ""},
        {"diferencia_null_missing", D, "null_missing", S::Broader, "/middle_name\n"},
        {"diferencia_same_instant", D, "same_instant", S::Broader, "/starts_at\n"},
        {"diferencia_url_host", D, "url_host", S::Broader, "/links/self\n"},
        {"diferencia_ranking", D, "ranking", S::Broader, "/results\n"},
        {"diferencia_header_param", D, "header_param", S::Broader, "Content-Type"},

        {"jd_literal", J, "literal", S::Exact, R"({"@":["meta","generated_at"],"^":["DIFF_OFF"]})"},
        {"jd_index", J, "index", S::Exact, R"({"@":["items",0,"idempotency_key"],"^":["DIFF_OFF"]})"},
        {"jd_star_needs_store", J, "star", S::Omitted, ""},
        {"jd_globstar", J, "globstar", S::Omitted, ""},
        {"jd_whole_body", J, "whole", S::Exact, R"({"@":[],"^":["DIFF_OFF"]})"},
        {"jd_dotted_key", J, "dotted_key", S::Exact, R"({"@":["a.b"],"^":["DIFF_OFF"]})"},
        {"jd_tolerance", J, "tol_abs", S::Exact, R"({"@":["total"],"^":[{"precision":0.01}]})"},
        {"jd_relative", J, "tol_rel", S::Broader, R"({"@":["ratio"],"^":["DIFF_OFF"]})"},
        {"jd_both_tolerances", J, "tol_both", S::Narrower, R"({"@":["total"],"^":[{"precision":0.01}]})"},
        {"jd_multiset", J, "multiset", S::Exact, R"({"@":["tags"],"^":["MULTISET"]})"},
        {"jd_keyed", J, "keyed", S::Exact, R"({"@":["items"],"^":["MULTISET",{"setkeys":["sku"]}]})"},
        {"jd_normalize", J, "normalize", S::Broader, R"({"@":["created"],"^":["DIFF_OFF"]})"},
        {"jd_header", J, "header", S::Omitted, ""},
        {"jd_status", J, "status", S::Omitted, ""},
        {"jd_text", J, "text", S::Omitted, ""},
        {"jd_scoped", J, "scoped", S::Broader, R"({"@":["name"],"^":["DIFF_OFF"]})"},
        {"jd_disabled", J, "disabled", S::Omitted, ""},
        {"jd_null_missing", J, "null_missing", S::Broader, R"({"@":["middle_name"],"^":["DIFF_OFF"]})"},
        {"jd_empty_null", J, "empty_null", S::Broader, R"({"@":["tags"],"^":["DIFF_OFF"]})"},
        {"jd_same_instant", J, "same_instant", S::Broader, R"({"@":["starts_at"],"^":["DIFF_OFF"]})"},
        {"jd_ranking", J, "ranking", S::Broader, R"({"@":["results"],"^":["MULTISET"]})"},
        {"jd_header_param", J, "header_param", S::Omitted, ""},
    };
}

class PeerExportCase : public ::testing::TestWithParam<Case> {};

}  // namespace

TEST_P(PeerExportCase, StatusAndOutput) {
    const Case& c = GetParam();
    RuleConfig config;
    config.rules.push_back(rules().at(c.rule));
    PeerExportOptions strict;
    const PeerExport x = exportRules(config, c.format, strict);
    ASSERT_EQ(x.notes.size(), 1u);
    const RuleExportNote& n = x.notes[0];
    EXPECT_EQ(exportStatusName(n.status), exportStatusName(c.status));
    if (c.status != S::Exact) {
        EXPECT_FALSE(n.reasons.empty()) << "a rule that is not exact says why";
    }
    // Never silently broader: without --allow-broader a broader rule is not in the output.
    EXPECT_EQ(n.exported, c.status == S::Exact || c.status == S::Narrower);
    auto output = [](const PeerExport& e) {
        std::string s = e.text;
        for (const auto& h : e.headers) s += "\nheader " + h;
        return s;
    };
    if (!c.snippet.empty() && c.status == S::Broader) {
        EXPECT_EQ(output(x).find(c.snippet), std::string::npos) << output(x);
    }

    PeerExportOptions loose;
    loose.allow_broader = true;
    const PeerExport y = exportRules(config, c.format, loose);
    EXPECT_EQ(y.notes[0].exported, c.status != S::Omitted);
    if (!c.snippet.empty()) {
        EXPECT_NE(output(y).find(c.snippet), std::string::npos) << output(y);
    }
    if (c.status == S::Broader && c.format == PeerFormat::Keploy) {
        EXPECT_NE(y.text.find("# WARNING: "), std::string::npos) << "the over-match is named in the file";
    }
    if (c.status == S::Omitted && c.format == PeerFormat::Diferencia) {
        EXPECT_TRUE(y.text.empty());
        EXPECT_TRUE(y.headers.empty());
    }
    if (c.status == S::Omitted && c.format == PeerFormat::Jd) {
        EXPECT_EQ(y.text, "[]\n");
    }
}

INSTANTIATE_TEST_SUITE_P(Export, PeerExportCase, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(PeerExport, KeployIndexOvermatchIsNamed) {
    RuleConfig config;
    config.rules.push_back(rules().at("index"));
    PeerExportOptions o;
    o.allow_broader = true;
    const PeerExport x = exportRules(config, PeerFormat::Keploy, o);
    ASSERT_FALSE(x.notes[0].reasons.empty());
    EXPECT_NE(x.notes[0].reasons[0].find("also matches every other element of /items"), std::string::npos)
        << x.notes[0].reasons[0];
    EXPECT_NE(x.text.find("# WARNING: Keploy key 'items.idempotency_key'"), std::string::npos) << x.text;
}

TEST(PeerExport, EndpointMakesScopesExact) {
    RuleConfig config;
    config.rules = {rules().at("scoped"), rules().at("literal")};
    PeerExportOptions o;
    o.endpoint = "GET /users/{id}";
    PeerExport x = exportRules(config, PeerFormat::Jd, o);
    EXPECT_EQ(x.notes[0].status, S::Exact);
    EXPECT_TRUE(x.notes[0].exported);
    EXPECT_NE(x.text.find(R"(["name"])"), std::string::npos);
    o.endpoint = "POST /orders";
    x = exportRules(config, PeerFormat::Jd, o);
    EXPECT_FALSE(x.notes[0].exported);
    EXPECT_NE(x.notes[0].reasons[0].find("does not apply to POST /orders"), std::string::npos);
    EXPECT_TRUE(x.notes[1].exported) << "an unscoped rule applies to every endpoint";
}

namespace {
StoreShapes sampleShapes() {
    StoreShapes s;
    auto node = [&](const std::string& p, std::vector<bool> idx) { s.nodes.push_back({p, std::move(idx)}); };
    node("", {});
    node("/items", {false});
    node("/items/0", {false, true});
    node("/items/0/discount", {false, true, false});
    node("/items/0/idempotency_key", {false, true, false});
    node("/items/1", {false, true});
    node("/items/1/discount", {false, true, false});
    node("/items/1/idempotency_key", {false, true, false});
    node("/meta", {false});
    node("/meta/a", {false, false});
    node("/meta/a/trace", {false, false, false});
    node("/meta/b", {false, false});
    node("/meta/b/trace", {false, false, false});
    node("/trace", {false});
    std::sort(s.nodes.begin(), s.nodes.end());
    s.headers = {"content-type", "x-amzn-requestid", "x-amzn-trace-id"};
    return s;
}
}  // namespace

TEST(PeerExport, StoreExpandsWildcards) {
    const StoreShapes shapes = sampleShapes();
    PeerExportOptions o;
    o.shapes = &shapes;
    RuleConfig config;
    config.rules = {rules().at("star"), rules().at("globstar"), rules().at("header_glob")};
    const PeerExport d = exportRules(config, PeerFormat::Diferencia, o);
    EXPECT_EQ(d.text, "/items/0/discount\n/items/1/discount\n/meta/a/trace\n/meta/b/trace\n/trace\n");
    EXPECT_EQ(d.notes[0].status, S::Narrower);
    EXPECT_NE(d.notes[0].reasons[0].find("2 pointer(s) seen in the store"), std::string::npos);
    EXPECT_EQ(d.headers, (std::vector<std::string>{"X-Amzn-Requestid", "X-Amzn-Trace-Id"}));

    const PeerExport j = exportRules(config, PeerFormat::Jd, o);
    const auto opts = nlohmann::json::parse(j.text);
    EXPECT_EQ(opts.size(), 5u);
    EXPECT_EQ(opts[0]["@"], nlohmann::json::parse(R"(["items",0,"discount"])"));

    // Keploy: "*" over indices is native (exact); "**" becomes the concrete index-free keys seen
    // (narrower: paths not seen are compared), none of which another pointer shares (not broader).
    const PeerExport k = exportRules(config, PeerFormat::Keploy, o);
    EXPECT_EQ(k.notes[0].status, S::Exact);
    EXPECT_NE(k.text.find("'items.discount': []"), std::string::npos) << k.text;
    EXPECT_EQ(k.notes[1].status, S::Narrower);
    EXPECT_NE(k.text.find("'meta.a.trace': []"), std::string::npos) << k.text;
    EXPECT_NE(k.text.find("'trace': []"), std::string::npos) << k.text;
}

TEST(PeerExport, StoreNamesTheKeployOvermatch) {
    const StoreShapes shapes = sampleShapes();
    PeerExportOptions o;
    o.shapes = &shapes;
    RuleConfig config;
    config.rules = {rules().at("index")};
    const PeerExport k = exportRules(config, PeerFormat::Keploy, o);
    EXPECT_EQ(k.notes[0].status, S::Broader);
    EXPECT_NE(k.notes[0].reasons[0].find("also matches /items/1/idempotency_key"), std::string::npos)
        << k.notes[0].reasons[0];
}

TEST(PeerExport, CollectsShapesFromAStore) {
    const std::string path = ::testing::TempDir() + "shapes_" + std::to_string(::getpid()) + ".jsonl";
    std::string error;
    auto w = StoreWriter::create(path, &error);
    ASSERT_TRUE(w) << error;
    Record r;
    r.id = "1";
    r.ts = "2026-12-02T09:00:00.000Z";
    r.request.method = "GET";
    r.request.url = "/x";
    r.primary.present = r.candidate.present = true;
    r.primary.status = r.candidate.status = 200;
    r.primary.body = R"({"items":[{"a~b":1},{"c/d":2}]})";
    r.candidate.body = "not json";
    r.candidate.headers = {{"X-Trace-Id", "t"}};
    ASSERT_TRUE(w->append(r, &error)) << error;
    ASSERT_TRUE(w->commit(&error)) << error;
    StoreShapes s;
    ASSERT_TRUE(collectStoreShapes(path, &s, &error)) << error;
    std::remove(path.c_str());
    EXPECT_EQ(s.records, 1u);
    std::vector<std::string> pointers;
    for (const auto& n : s.nodes) pointers.push_back(n.pointer);
    EXPECT_EQ(pointers,
              (std::vector<std::string>{"", "/items", "/items/0", "/items/0/a~0b", "/items/1", "/items/1/c~1d"}));
    EXPECT_EQ(s.nodes[2].index, (std::vector<bool>{false, true}));
    EXPECT_EQ(s.headers, (std::vector<std::string>{"x-trace-id"}));
    EXPECT_FALSE(collectStoreShapes(path + ".missing", &s, &error));
}
