// SPDX-License-Identifier: MIT
// Following a growing store incrementally (Analysis::extended / refreshed): the analysis of the
// first part of a store extended with the rest equals a full analysis of the whole store, for
// JSONL and SQLite, at several split points, with and without rules; a half-written last line is
// waited for; a truncated or shrunk store falls back to a full analysis.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../gen_fixture.h"
#include "core/analysis/analysis.h"
#include "core/rules/rules_io.h"
#include "core/rules/rules_match.h"
#include "core/store/store.h"
#include "core/store/store_writer.h"

using namespace dt;

namespace {

// 6000 generated comparisons (10 % not matching) with bad lines: the JSONL lines, blank ones kept.
const std::vector<std::string>& generatedLines() {
    static const std::vector<std::string> lines = [] {
        const std::string dir =
            dt::test::generatedFixture("--records 6000 --seed 11 --bad-lines 6", {{"--jsonl", "store.jsonl"}});
        EXPECT_FALSE(dir.empty());
        std::ifstream in(dir + "/store.jsonl", std::ios::binary);
        std::vector<std::string> out;
        for (std::string l; std::getline(in, l);) out.push_back(l);
        return out;
    }();
    return lines;
}

std::string scratch(const std::string& name) {
    return ::testing::TempDir() + "extend_" + std::to_string(::getpid()) + "_" + name;
}

void writeLines(const std::string& path, size_t from, size_t to, std::ios::openmode mode) {
    std::ofstream out(path, std::ios::binary | mode);
    const auto& lines = generatedLines();
    for (size_t i = from; i < to && i < lines.size(); ++i) out << lines[i] << '\n';
}

bool isRecord(const std::string& line) {
    std::string why;
    return parseRecordLine(line, &why).has_value();
}

uint64_t nonBlank(size_t from, size_t to) {
    uint64_t n = 0;
    for (size_t i = from; i < to; ++i) n += generatedLines()[i].find_first_not_of(" \t\r") != std::string::npos;
    return n;
}

std::shared_ptr<const RuleProvider> ignoreRule(const std::string& path) {
    nlohmann::json cfg = {{"version", 1},
                          {"rules",
                           {{{"id", "r-follow"},
                             {"kind", "ignore_path"},
                             {"scope", "*"},
                             {"path", path},
                             {"reason", "test"},
                             {"remove_when", "never"}}}}};
    std::vector<RuleError> errors;
    auto parsed = parseRulesConfig(cfg.dump(), &errors);
    EXPECT_TRUE(parsed) << formatRuleErrors("inline", errors);
    if (!parsed) return nullptr;
    std::vector<std::string> problems;
    return RuleSet::build(*parsed, &problems);
}

// Everything a full analysis decides that a follow refresh must reproduce.
void expectSameAnalysis(const Analysis& got, const Analysis& want) {
    EXPECT_EQ(got.outcomeCounts(), want.outcomeCounts());
    ASSERT_EQ(got.records().size(), want.records().size());
    for (uint32_t i = 0; i < want.records().size(); ++i) {
        const IndexedRecord& g = got.records()[i];
        const IndexedRecord& w = want.records()[i];
        ASSERT_EQ(got.id(g), want.id(w)) << "record " << i;
        ASSERT_EQ(g.outcome, w.outcome) << "record " << i;
        ASSERT_EQ(g.loc.line, w.loc.line) << "record " << i;
        ASSERT_EQ(g.loc.offset, w.loc.offset) << "record " << i;
        ASSERT_EQ(recordSignature(got, i), recordSignature(want, i)) << "record " << i;
        ASSERT_EQ(got.endpoint(g.endpoint == kNone ? 0 : g.endpoint),
                  want.endpoint(w.endpoint == kNone ? 0 : w.endpoint));
    }
    ASSERT_EQ(got.groups().size(), want.groups().size());
    for (size_t i = 0; i < want.groups().size(); ++i) {
        const Group& g = got.groups()[i];
        const Group& w = want.groups()[i];
        EXPECT_EQ(g.signature, w.signature) << "group " << i;
        EXPECT_EQ(g.count, w.count) << w.signature;
        EXPECT_DOUBLE_EQ(g.weighted, w.weighted) << w.signature;
        EXPECT_EQ(g.members, w.members) << w.signature;
        EXPECT_EQ(g.first_ts, w.first_ts) << w.signature;
        EXPECT_EQ(g.last_ts, w.last_ts) << w.signature;
        for (uint32_t m : g.members) ASSERT_EQ(got.records()[m].group, i);
    }
    ASSERT_EQ(got.problems().size(), want.problems().size());
    for (size_t i = 0; i < want.problems().size(); ++i) {
        EXPECT_EQ(got.problems()[i].line, want.problems()[i].line) << i;
        EXPECT_EQ(got.problems()[i].rowid, want.problems()[i].rowid) << i;
        EXPECT_EQ(got.problems()[i].reason, want.problems()[i].reason) << i;
    }
    EXPECT_DOUBLE_EQ(got.matchRate(), want.matchRate());
}

std::unique_ptr<Analysis> analyzeOrFail(const std::string& path, std::shared_ptr<const RuleProvider> rules) {
    AnalyzeOptions o;
    o.threads = 2;
    o.rules = std::move(rules);
    std::string error;
    auto a = Analysis::analyze(path, o, &error);
    EXPECT_TRUE(a) << error;
    return a;
}

struct Split {
    double at;         // fraction of the lines analysed first
    bool withRules;    // the biggest group's first path ignored by a rule
    bool incremental;  // the step is expected to go incremental (not a fallback)
};

class ExtendJsonlSplit : public ::testing::TestWithParam<Split> {};

}  // namespace

TEST_P(ExtendJsonlSplit, FirstPartExtendedWithTheRestEqualsTheWhole) {
    const Split split = GetParam();
    const auto& lines = generatedLines();
    ASSERT_GT(lines.size(), 5000u);
    const std::string path = scratch("split.jsonl");
    const size_t cut = static_cast<size_t>(split.at * double(lines.size()));
    std::shared_ptr<const RuleProvider> rules;
    if (split.withRules) {
        writeLines(path, 0, lines.size(), std::ios::trunc);
        auto whole = analyzeOrFail(path, nullptr);
        ASSERT_TRUE(whole && !whole->groups().empty());
        const Group& top = whole->groups()[0];
        rules = ignoreRule(whole->path(top.differences.front().path));
        ASSERT_TRUE(rules);
    }
    writeLines(path, 0, cut, std::ios::trunc);
    auto first = analyzeOrFail(path, rules);
    ASSERT_TRUE(first);
    writeLines(path, cut, lines.size(), std::ios::app);

    Analysis::Refresh refresh = first->refreshed(2);
    ASSERT_TRUE(refresh.analysis) << refresh.error;
    EXPECT_EQ(refresh.incremental, split.incremental) << refresh.fallback;
    auto whole = analyzeOrFail(path, rules);
    ASSERT_TRUE(whole);
    expectSameAnalysis(*refresh.analysis, *whole);
    if (split.withRules) {
        EXPECT_EQ(refresh.analysis->ruleRecords("r-follow"), whole->ruleRecords("r-follow"));
        EXPECT_FALSE(whole->ruleRecords("r-follow").empty());
    }
    // Nothing new: no new analysis, no fallback.
    Analysis::Extension again = refresh.analysis->extended(2);
    EXPECT_FALSE(again.analysis);
    EXPECT_TRUE(again.fallback.empty()) << again.fallback;
    std::remove(path.c_str());
}

INSTANTIATE_TEST_SUITE_P(Splits, ExtendJsonlSplit,
                         ::testing::Values(Split{0.85, false, true}, Split{0.90, false, true}, Split{0.97, false, true},
                                           Split{0.999, false, true}, Split{0.90, true, true},
                                           Split{0.30, false, false}));

TEST(ExtendJsonl, SeveralStepsInARowEqualTheWhole) {
    const auto& lines = generatedLines();
    const std::string path = scratch("steps.jsonl");
    size_t at = lines.size() * 3 / 4;
    writeLines(path, 0, at, std::ios::trunc);
    std::shared_ptr<const Analysis> current = analyzeOrFail(path, nullptr);
    int incremental = 0;
    while (at < lines.size()) {
        const size_t next = std::min(lines.size(), at + 317);
        writeLines(path, at, next, std::ios::app);
        at = next;
        Analysis::Refresh r = current->refreshed(2);
        ASSERT_TRUE(r.analysis) << r.error;
        incremental += r.incremental;
        current = std::move(r.analysis);
    }
    EXPECT_GT(incremental, 0);
    expectSameAnalysis(*current, *analyzeOrFail(path, nullptr));
    std::remove(path.c_str());
}

TEST(ExtendJsonl, HalfWrittenLastLineIsWaitedFor) {
    const auto& lines = generatedLines();
    const std::string path = scratch("half.jsonl");
    writeLines(path, 0, 5000, std::ios::trunc);
    auto first = analyzeOrFail(path, nullptr);
    ASSERT_TRUE(first);
    const size_t problems = first->problems().size();
    // Complete lines and half of the next record.
    size_t half = 5020;
    while (!isRecord(lines[half])) ++half;
    writeLines(path, 5000, half, std::ios::app);
    const std::string next = lines[half];
    std::ofstream(path, std::ios::binary | std::ios::app) << next.substr(0, next.size() / 2);

    Analysis::Extension step = first->extended(2);
    ASSERT_TRUE(step.analysis) << step.fallback;
    EXPECT_EQ(step.added, nonBlank(5000, half));
    const auto& added = step.analysis->problems();
    ASSERT_GE(added.size(), problems + 1);
    EXPECT_EQ(added.back().rows, 0u) << "a notice, not an invalid record: " << added.back().reason;
    EXPECT_EQ(added.back().line, half + 1);

    // Still half-written: nothing new. Then finished: read, the notice gone, lines going on.
    EXPECT_FALSE(step.analysis->extended(2).analysis);
    std::ofstream(path, std::ios::binary | std::ios::app) << next.substr(next.size() / 2) << '\n';
    writeLines(path, half + 1, half + 10, std::ios::app);
    Analysis::Extension done = step.analysis->extended(2);
    ASSERT_TRUE(done.analysis) << done.fallback;
    EXPECT_EQ(done.added, 1 + nonBlank(half + 1, half + 10));
    expectSameAnalysis(*done.analysis, *analyzeOrFail(path, nullptr));
    std::remove(path.c_str());
}

TEST(ExtendJsonl, TruncatedOrReplacedStoreFallsBackToAFullAnalysis) {
    const std::string path = scratch("cut.jsonl");
    writeLines(path, 0, 3000, std::ios::trunc);
    auto first = analyzeOrFail(path, nullptr);
    ASSERT_TRUE(first);

    // Truncated in place, then grown past the old size with other lines: the byte before the
    // analysed end is no longer a newline, or the file is shorter.
    writeLines(path, 100, 1000, std::ios::trunc);
    Analysis::Extension shrunk = first->extended(2);
    EXPECT_FALSE(shrunk.analysis);
    EXPECT_FALSE(shrunk.fallback.empty());
    Analysis::Refresh r = first->refreshed(2);
    ASSERT_TRUE(r.analysis) << r.error;
    EXPECT_FALSE(r.incremental);
    expectSameAnalysis(*r.analysis, *analyzeOrFail(path, nullptr));

    // Replaced by another file under the same name.
    const std::string other = scratch("other.jsonl");
    writeLines(other, 0, 3100, std::ios::trunc);
    ASSERT_EQ(std::rename(other.c_str(), path.c_str()), 0);
    Analysis::Refresh replaced = r.analysis->refreshed(2);
    ASSERT_TRUE(replaced.analysis) << replaced.error;
    EXPECT_FALSE(replaced.incremental);
    EXPECT_EQ(replaced.analysis->records().size(), analyzeOrFail(path, nullptr)->records().size());
    std::remove(path.c_str());
}

TEST(ExtendSqlite, RowsAddedSinceTheAnalysisEqualTheWhole) {
    const auto& lines = generatedLines();
    std::vector<Record> records;
    for (const std::string& l : lines) {
        std::string why;
        if (auto r = parseRecordLine(l, &why)) records.push_back(std::move(*r));
    }
    ASSERT_GT(records.size(), 5000u);
    for (const double at : {0.85, 0.95, 0.999}) {
        const std::string path = scratch("split.sqlite");
        for (const char* ext : {"", "-wal", "-shm", "-journal"}) std::remove((path + ext).c_str());
        std::string error;
        StoreWriter::Options o;
        o.atomic = false;
        auto w = StoreWriter::create(path, o, &error);
        ASSERT_TRUE(w) << error;
        const size_t cut = static_cast<size_t>(at * double(records.size()));
        for (size_t i = 0; i < cut; ++i) ASSERT_TRUE(w->append(records[i], &error)) << error;
        ASSERT_TRUE(w->flush(&error)) << error;
        auto first = analyzeOrFail(path, nullptr);
        ASSERT_TRUE(first);
        ASSERT_TRUE(first->store().resumable());
        for (size_t i = cut; i < records.size(); ++i) ASSERT_TRUE(w->append(records[i], &error)) << error;
        ASSERT_TRUE(w->commit(&error)) << error;
        w.reset();

        Analysis::Refresh r = first->refreshed(2);
        ASSERT_TRUE(r.analysis) << r.error;
        EXPECT_TRUE(r.incremental) << at << ": " << r.fallback;
        EXPECT_EQ(r.added, records.size() - cut);
        expectSameAnalysis(*r.analysis, *analyzeOrFail(path, nullptr));
        EXPECT_FALSE(r.analysis->extended(2).analysis) << "nothing new";
        // Records beyond the store's size at open are read back (the diff view, rules).
        const uint32_t last = static_cast<uint32_t>(r.analysis->records().size() - 1);
        std::string why;
        EXPECT_TRUE(r.analysis->detail(last, nullptr, &why)) << why;
        for (const char* ext : {"", "-wal", "-shm", "-journal"}) std::remove((path + ext).c_str());
    }
}
