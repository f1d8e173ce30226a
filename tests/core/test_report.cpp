// SPDX-License-Identifier: MIT
// Meeting report and privacy masking (core/report): planted secrets never appear unmasked, payload
// text is escaped in HTML, Markdown stays well-formed, states and rules-since show up; golden sets
// re-open into the same signatures and counts.
#include "core/report/mask_view.h"
#include "core/report/redact.h"
#include "core/report/report.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/analysis/analysis.h"
#include "core/rules/rules_io.h"
#include "core/rules/rules_match.h"
#include "core/triage/golden_set.h"
#include "core/triage/workspace.h"

namespace fs = std::filesystem;

namespace {

// Secrets planted in the store; none may survive masking.
const std::vector<std::string> kSecrets = {
    "s3cr3t-bearer-token-0123456789",  // Authorization: Bearer … (request header)
    "sessionid=abcdef123456",          // Cookie
    "sid=cookie-secret-777",           // Set-Cookie (response header difference)
    "APIKEY-in-query-42",              // ?api_key=
    "body-bearer-token-987654321",     // Bearer … inside a body
    "jane.doe@example.com",            // e-mail in a body
    "hunter2-password",                // "password" member
    "CUSTOM-SECRET-XYZ",               // masked only by an extra pattern
};

nlohmann::json side(int status, const std::string& body, nlohmann::json headers = nlohmann::json::object()) {
    headers["Content-Type"] = "application/json";
    return {{"status", status}, {"headers", headers}, {"body", body}, {"latency_ms", 10}};
}

std::string writeStore(const fs::path& dir) {
    const fs::path p = dir / "secrets.jsonl";
    std::ofstream out(p);
    for (int i = 0; i < 6; ++i) {
        nlohmann::json primaryBody = {{"id", i},
                                      {"owner", "jane.doe@example.com"},
                                      {"password", "hunter2-password"},
                                      {"note", "<script>alert(1)</script>"},
                                      {"auth", "Bearer body-bearer-token-987654321"},
                                      {"ref", "CUSTOM-SECRET-XYZ"},
                                      {"price", 10}};
        nlohmann::json candidateBody = primaryBody;
        candidateBody["price"] = 11;
        candidateBody["note"] = "<script>alert(2)</script>";
        nlohmann::json rec = {
            {"id", "r-" + std::to_string(i)},
            {"ts", "2026-11-20T10:00:0" + std::to_string(i) + "Z"},
            {"request",
             {{"method", "GET"},
              {"url", "/orders/" + std::to_string(100 + i) + "?api_key=APIKEY-in-query-42&page=1"},
              {"headers",
               {{"Authorization", "Bearer s3cr3t-bearer-token-0123456789"}, {"Cookie", "sessionid=abcdef123456"}}},
              {"body", ""}}},
            {"primary", side(200, primaryBody.dump(), {{"Set-Cookie", "sid=cookie-secret-777"}})},
            {"candidate", side(200, candidateBody.dump(), {{"Set-Cookie", "sid=cookie-secret-778"}})}};
        out << rec.dump() << "\n";
    }
    return p.string();
}

struct Fixture {
    fs::path dir;
    std::string store;
    std::unique_ptr<dt::Analysis> analysis;
    Fixture() {
        dir = fs::temp_directory_path() / ("dt_report_" + std::to_string(::getpid()));
        fs::create_directories(dir);
        store = writeStore(dir);
        std::string error;
        analysis = dt::Analysis::analyze(store, dt::AnalyzeOptions{}, &error);
        EXPECT_TRUE(analysis) << error;
    }
    ~Fixture() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

// Raw "<script" may appear only inside fenced code blocks (rendered as text there).
bool scriptOutsideFences(const std::string& md) {
    std::istringstream in(md);
    std::string line, fence;
    while (std::getline(in, line)) {
        if (!fence.empty()) {
            if (line == fence) fence.clear();
            continue;
        }
        if (line.rfind("```", 0) == 0) {
            fence = line.substr(0, line.find_first_not_of('`'));
            continue;
        }
        if (line.find("<script") != std::string::npos) return true;
    }
    return false;
}

dt::ReportOptions reportOptions() {
    dt::ReportOptions o;
    o.mask_patterns = {"CUSTOM-SECRET-[A-Z]+"};
    o.generated = "2026-12-02T12:00:00Z";
    o.today = "2026-12-02";
    return o;
}

TEST(Redact, MasksKnownSecretShapesKeepingNames) {
    const dt::Redactor& r = dt::defaultRedactor();
    struct Case {
        std::string in, mustNotContain, mustContain;
    };
    const std::vector<Case> cases = {
        {"Authorization: Bearer abcdefgh12345678", "abcdefgh12345678", "Authorization: \u2022\u2022\u2022"},
        {"proxy-authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz", "proxy-authorization:"},
        {"Cookie: a=1; b=2", "a=1", "Cookie: \u2022\u2022\u2022"},
        {"{\"Set-Cookie\": [\"sid=1\", \"x=2\"]}", "sid=1", "\"Set-Cookie\": \"\u2022\u2022\u2022\""},
        {"{\"X-Api-Key\": \"k-123\"}", "k-123", "X-Api-Key"},
        {"call with bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "eyJhbGci", "bearer \u2022\u2022\u2022"},
        {"/a?x=1&API_KEY=zz99&token=t0k", "zz99", "API_KEY=\u2022\u2022\u2022"},
        {"/a?x=1&token=t0kvalue", "t0kvalue", "token=\u2022\u2022\u2022"},
        {"/a?sig=abc123&signature=def456", "def456", "sig=\u2022\u2022\u2022"},
        {"mail jane.doe@example.com now", "jane.doe", "\u2022\u2022\u2022@\u2022\u2022\u2022"},
        {"{\"password\": \"p4ss\", \"access_token\": \"at\"}", "p4ss", "\"password\": \"\u2022\u2022\u2022\""},
        {R"({"payload": "{\"password\": \"p5\\\"x\", \"n\": 1}"})", "p5", R"(\"password\": \"•••\", \"n\")"},
        {"author: ana, a basic difference", "", "author: ana, a basic difference"},  // no false positive
    };
    for (const auto& c : cases) {
        const std::string out = r.text(c.in);
        if (!c.mustNotContain.empty()) {
            EXPECT_EQ(out.find(c.mustNotContain), std::string::npos) << c.in << " -> " << out;
        }
        EXPECT_NE(out.find(c.mustContain), std::string::npos) << c.in << " -> " << out;
    }
    EXPECT_TRUE(dt::Redactor::isSensitiveHeader("X-Auth-Token"));
    EXPECT_FALSE(dt::Redactor::isSensitiveHeader("Content-Type"));
    EXPECT_EQ(r.header("Authorization", "anything"), std::string(dt::kMask));
}

TEST(Redact, ExtraPatternsMaskTheirGroupOrMatchAndBadOnesAreRefused) {
    std::string error;
    auto r = dt::Redactor::create({"TENANT-[0-9]+", "acct=([0-9]+)"}, &error);
    ASSERT_TRUE(r) << error;
    EXPECT_EQ(r->text("x TENANT-42 y acct=991 z"), "x \u2022\u2022\u2022 y acct=\u2022\u2022\u2022 z");
    EXPECT_FALSE(dt::Redactor::create({"(unclosed"}, &error));
    EXPECT_NE(error.find("mask pattern 1"), std::string::npos) << error;
}

TEST(Redact, DiffViewLinesAndDifferencesAreMasked) {
    const std::string a = R"({"user": "jane.doe@example.com", "password": "old-pass-1", "n": 1})";
    const std::string b = R"({"user": "jane.doe@example.com", "password": "new-pass-2", "n": 2})";
    dt::SideBySide sbs = dt::buildSideBySide(a, b, true);
    size_t changedBefore = 0;
    for (const auto& row : sbs.rows) changedBefore += row.state == dt::RowState::Changed;
    ASSERT_GT(changedBefore, 0u);
    EXPECT_GE(dt::maskSideBySide(sbs, dt::defaultRedactor()), 3u);  // the e-mail twice, the passwords
    size_t changedAfter = 0;
    for (const auto& row : sbs.rows) {
        for (const std::string* line : {&row.left, &row.right})
            for (const char* secret : {"jane.doe", "old-pass-1", "new-pass-2"})
                EXPECT_EQ(line->find(secret), std::string::npos) << *line;
        for (const auto* ranges : {&row.left_changes, &row.right_changes})
            for (const auto& range : *ranges)
                EXPECT_LE(range.start + range.length, std::max(row.left.size(), row.right.size()));
        changedAfter += row.state == dt::RowState::Changed;
    }
    EXPECT_EQ(changedAfter, changedBefore);  // a changed secret still shows as changed

    dt::Difference d;
    d.kind = dt::DiffKind::Changed;
    d.path = "/account/password";
    d.primary = "\"x1\"";
    d.candidate = "\"y2\"";
    const dt::Difference m = dt::maskDifference(d, dt::defaultRedactor());
    EXPECT_EQ(m.primary, std::string(dt::kMask));
    EXPECT_EQ(m.candidate, std::string(dt::kMask));
    d.path = "/note";
    d.primary = "\"mail bob@example.org\"";
    EXPECT_EQ(dt::maskDifference(d, dt::defaultRedactor()).primary, "\"mail \u2022\u2022\u2022@\u2022\u2022\u2022\"");
}

TEST(Report, PlantedSecretsAreMaskedAndScriptIsEscaped) {
    Fixture f;
    ASSERT_TRUE(f.analysis);
    ASSERT_FALSE(f.analysis->groups().empty());
    std::string error;
    auto rep = dt::buildReport(*f.analysis, nullptr, nullptr, reportOptions(), &error);
    ASSERT_TRUE(rep) << error;
    const std::string html = dt::renderReportHtml(*rep);
    const std::string md = dt::renderReportMarkdown(*rep);
    for (const auto& secret : kSecrets) {
        EXPECT_EQ(html.find(secret), std::string::npos) << "HTML holds " << secret;
        EXPECT_EQ(md.find(secret), std::string::npos) << "Markdown holds " << secret;
    }
    // The sample diff is there (the price change), masked but present.
    EXPECT_NE(html.find("/price"), std::string::npos);
    EXPECT_NE(html.find("\u2022\u2022\u2022"), std::string::npos);
    // <script> only escaped; no markup of ours carries a script or an external resource.
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
    EXPECT_EQ(html.find("src="), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_FALSE(scriptOutsideFences(md));

    // Masking off: the secrets are there (the planted store really holds them).
    dt::ReportOptions plain = reportOptions();
    plain.mask = false;
    auto raw = dt::buildReport(*f.analysis, nullptr, nullptr, plain, &error);
    ASSERT_TRUE(raw);
    const std::string rawHtml = dt::renderReportHtml(*raw);
    EXPECT_NE(rawHtml.find("s3cr3t-bearer-token-0123456789"), std::string::npos);
    EXPECT_NE(rawHtml.find("jane.doe@example.com"), std::string::npos);
    EXPECT_EQ(rawHtml.find("<script"), std::string::npos);  // escaped whatever the masking
}

// Every table row has the header's column count; code fences are balanced.
void expectWellFormedMarkdown(const std::string& md) {
    std::istringstream in(md);
    std::string line;
    int fenceOpen = 0;
    std::string fence;
    int columns = -1;
    auto cells = [](const std::string& l) {
        int n = 0;
        for (size_t i = 0; i < l.size(); ++i)
            if (l[i] == '|' && (i == 0 || l[i - 1] != '\\')) ++n;
        return n;
    };
    while (std::getline(in, line)) {
        if (fenceOpen) {
            if (line == fence) fenceOpen = 0;
            continue;
        }
        if (line.rfind("```", 0) == 0) {
            fence = line.substr(0, line.find_first_not_of('`'));
            fenceOpen = 1;
            continue;
        }
        if (!line.empty() && line[0] == '|') {
            if (columns < 0) columns = cells(line);
            EXPECT_EQ(cells(line), columns) << line;
        } else {
            columns = -1;
        }
    }
    EXPECT_EQ(fenceOpen, 0) << "unclosed code fence";
}

TEST(Report, MarkdownIsWellFormedAndShowsTriageStatesAndNewRules) {
    Fixture f;
    ASSERT_TRUE(f.analysis);
    dt::Workspace ws;
    const std::string sig = f.analysis->groups()[0].signature;
    auto& item = dt::groupItem(ws, sig);
    item.state = dt::TriageState::Bug;
    item.owner = "ana | the | pipes";
    item.note = "price rounding *bug*\nsee `ticket`";
    ws.last_report = "2026-11-20T09:00:00Z";
    dt::RuleConfig rules;
    dt::Rule oldRule, newRule;
    oldRule.id = "r-old";
    oldRule.kind = dt::RuleKind::IgnorePath;
    oldRule.path = "/a";
    oldRule.reason = "old reason";
    oldRule.remove_when = "never";
    oldRule.created = "2026-11-01";
    newRule = oldRule;
    newRule.id = "r-new";
    newRule.reason = "new reason | with pipe";
    newRule.created = "2026-11-25";
    rules.rules = {oldRule, newRule};
    std::string error;
    auto rep = dt::buildReport(*f.analysis, &ws, &rules, reportOptions(), &error);
    ASSERT_TRUE(rep) << error;
    ASSERT_EQ(rep->rules.size(), 1u);
    EXPECT_EQ(rep->rules[0].id, "r-new");
    EXPECT_EQ(rep->rules_since, "2026-11-20");
    ASSERT_FALSE(rep->groups.empty());
    EXPECT_EQ(rep->groups[0].triage.state, dt::TriageState::Bug);
    const std::string md = dt::renderReportMarkdown(*rep);
    expectWellFormedMarkdown(md);
    EXPECT_NE(md.find("| bug |"), std::string::npos) << md;
    EXPECT_NE(md.find("new reason \\| with pipe"), std::string::npos);
    EXPECT_EQ(md.find("old reason"), std::string::npos);
    EXPECT_NE(md.find("**GO**") == std::string::npos ? md.find("**NO-GO**") : 0, std::string::npos);
    const std::string html = dt::renderReportHtml(*rep);
    EXPECT_NE(html.find("price rounding *bug*"), std::string::npos);
    EXPECT_NE(html.find("new reason | with pipe"), std::string::npos);
    EXPECT_NE(html.find("Rules added since 2026-11-20"), std::string::npos);
}

struct GoldenCase {
    const char* name;
    const char* file;
    size_t perGroup;
};

class GoldenSet : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenSet, ReopensIntoTheSameSignaturesAndCounts) {
    const GoldenCase& c = GetParam();
    std::string error;
    auto a = dt::Analysis::analyze(std::string(DT_SAMPLES) + "/sample.jsonl", dt::AnalyzeOptions{}, &error);
    ASSERT_TRUE(a) << error;
    ASSERT_GE(a->groups().size(), 3u);
    dt::GoldenSetOptions o;
    for (size_t i = 0; i < 3; ++i) o.signatures.push_back(a->groups()[i].signature);
    o.per_group = c.perGroup;
    const fs::path dir = fs::temp_directory_path() / ("dt_golden_" + std::to_string(::getpid()) + c.name);
    fs::create_directories(dir);
    const std::string out = (dir / c.file).string();
    const dt::GoldenSetResult r = dt::writeGoldenSet(*a, o, out);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.groups, 3u);
    auto b = dt::Analysis::analyze(out, dt::AnalyzeOptions{}, &error);
    ASSERT_TRUE(b) << error;
    EXPECT_EQ(b->records().size(), r.records);
    ASSERT_EQ(b->groups().size(), 3u);
    for (size_t i = 0; i < 3; ++i) {
        const auto g = b->findGroup(a->groups()[i].signature);
        ASSERT_TRUE(g) << a->groups()[i].signature;
        const uint64_t expected =
            c.perGroup ? std::min<uint64_t>(c.perGroup, a->groups()[i].count) : a->groups()[i].count;
        EXPECT_EQ(b->groups()[*g].count, expected);
    }
    const dt::GoldenSetResult bad = dt::writeGoldenSet(*a, {{"ffffffffffff"}, 0}, (dir / "x.jsonl").string());
    EXPECT_FALSE(bad.ok);
    EXPECT_FALSE(fs::exists(dir / "x.jsonl"));
    fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Formats, GoldenSet,
                         ::testing::Values(GoldenCase{"JsonlAll", "golden.jsonl", 0},
                                           GoldenCase{"SqliteAll", "golden.sqlite", 0},
                                           GoldenCase{"JsonlTwoPerGroup", "golden2.jsonl", 2}),
                         [](const ::testing::TestParamInfo<GoldenCase>& info) { return std::string(info.param.name); });

TEST(GoldenSet, SpreadSampleTakesFirstAndLast) {
    const std::vector<uint32_t> m = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    EXPECT_EQ(dt::spreadSample(m, 0), m);
    EXPECT_EQ(dt::spreadSample(m, 1), (std::vector<uint32_t>{1}));
    EXPECT_EQ(dt::spreadSample(m, 2), (std::vector<uint32_t>{1, 10}));
    EXPECT_EQ(dt::spreadSample(m, 4), (std::vector<uint32_t>{1, 4, 7, 10}));
    EXPECT_EQ(dt::spreadSample(m, 20), m);
}

}  // namespace
