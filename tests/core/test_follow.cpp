// SPDX-License-Identifier: MIT
// Following a growing JSONL store: core/store/jsonl_tail.h and core/analysis/follow_summary.h.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "core/analysis/analysis.h"
#include "core/analysis/follow_summary.h"
#include "core/store/jsonl_tail.h"
#include "core/store/sqlite_tail.h"
#include "core/store/store.h"
#include "core/store/store_writer.h"

using namespace dt;

namespace {

std::string line(const std::string& id, const std::string& primaryName, const std::string& candidateName) {
    return R"({"id":")" + id + R"(","ts":"2026-12-02T09:00:00Z","request":{"method":"GET","url":"/users/)" + id +
           R"("},"primary":{"status":200,"body":"{\"name\":\")" + primaryName +
           R"(\"}"},"candidate":{"status":200,"body":"{\"name\":\")" + candidateName + R"(\"}"}})";
}

void append(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::app | std::ios::binary) << text;
}

struct Collected {
    std::vector<std::string> lines;
    std::vector<uint64_t> numbers;
};

}  // namespace

TEST(JsonlTail, ReadsOnlyNewCompleteLinesAndWaitsForAHalfWrittenOne) {
    const std::string path = ::testing::TempDir() + "tail_" + std::to_string(::getpid()) + ".jsonl";
    std::remove(path.c_str());
    JsonlTail tail(path);
    Collected c;
    auto on = [&](std::string_view l, uint64_t n, uint64_t) {
        c.lines.emplace_back(l);
        c.numbers.push_back(n);
    };
    std::string error;
    ASSERT_TRUE(tail.poll(on, &error)) << "a store not created yet is not an error";
    EXPECT_TRUE(c.lines.empty());

    append(path, "one\ntwo\r\nthr");
    ASSERT_TRUE(tail.poll(on, &error)) << error;
    EXPECT_EQ(c.lines, (std::vector<std::string>{"one", "two"}));
    EXPECT_EQ(tail.pending(), 3u) << "the half-written line is waited for";
    EXPECT_EQ(tail.offset(), 9u);

    ASSERT_TRUE(tail.poll(on, &error));
    EXPECT_EQ(c.lines.size(), 2u) << "nothing new";

    append(path, "ee\n\nfour\n");
    ASSERT_TRUE(tail.poll(on, &error));
    EXPECT_EQ(c.lines, (std::vector<std::string>{"one", "two", "three", "", "four"}));
    EXPECT_EQ(c.numbers, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
    EXPECT_EQ(tail.pending(), 0u);

    // Replaced by a shorter file: read again from the start.
    std::ofstream(path, std::ios::trunc) << "new\n";
    bool restarted = false;
    ASSERT_TRUE(tail.poll(on, &error, &restarted));
    EXPECT_TRUE(restarted);
    EXPECT_EQ(c.lines.back(), "new");
    EXPECT_EQ(c.numbers.back(), 1u);
    std::remove(path.c_str());
}

TEST(FollowSummary, CountsGroupsAndMatchesAFullAnalysis) {
    const std::string path = ::testing::TempDir() + "follow_" + std::to_string(::getpid()) + ".jsonl";
    std::remove(path.c_str());
    JsonlTail tail(path);
    FollowSummary summary;
    std::string error;
    auto poll = [&] {
        ASSERT_TRUE(tail.poll([&](std::string_view l, uint64_t n, uint64_t) { summary.addLine(l, n); }, &error))
            << error;
    };
    append(path, line("1", "Alice", "Alice") + "\n" + line("2", "Bob", "bob") + "\n");
    const std::string third = line("3", "Carol", "carol");
    append(path, third.substr(0, 40));  // being written
    poll();
    EXPECT_EQ(summary.records(), 2u);
    EXPECT_EQ(summary.problemCount(), 0u) << "a half-written line is not invalid";
    append(path, third.substr(40) + "\nnot json\n");
    poll();
    EXPECT_EQ(summary.records(), 4u);
    EXPECT_EQ(summary.counts()[int(Outcome::Match)], 1u);
    EXPECT_EQ(summary.counts()[int(Outcome::Mismatch)], 2u);
    EXPECT_EQ(summary.counts()[int(Outcome::Invalid)], 1u);
    ASSERT_EQ(summary.problems().size(), 1u);
    EXPECT_EQ(summary.problems()[0].rfind("line 4: ", 0), 0u) << summary.problems()[0];
    const auto groups = summary.groups();
    ASSERT_EQ(groups.size(), 1u) << "the same root cause on two users";
    EXPECT_EQ(groups[0].count, 2u);
    EXPECT_EQ(groups[0].endpoint, "GET /users/{id}");

    // The same store analyzed in full: same outcomes, same signature.
    auto a = Analysis::analyze(path, {}, &error);
    ASSERT_TRUE(a) << error;
    EXPECT_EQ(a->outcomeCounts(), summary.counts());
    ASSERT_EQ(a->groups().size(), 1u);
    EXPECT_EQ(a->groups()[0].signature, groups[0].signature);
    EXPECT_DOUBLE_EQ(a->matchRate(), summary.matchRate());
    std::remove(path.c_str());
}

TEST(SqliteTail, ReadsRowsCommittedSinceTheLastPoll) {
    const std::string path = ::testing::TempDir() + "tail_" + std::to_string(::getpid()) + ".sqlite";
    std::remove(path.c_str());
    std::string error;
    StoreWriter::Options o;
    o.atomic = false;
    o.batch = 1;
    auto w = StoreWriter::create(path, o, &error);
    ASSERT_TRUE(w) << error;
    auto record = [](const std::string& l) {
        std::string why;
        auto r = parseRecordLine(l, &why);
        EXPECT_TRUE(r) << why;
        return *r;
    };
    ASSERT_TRUE(w->append(record(line("1", "A", "A")), &error)) << error;
    ASSERT_TRUE(w->append(record(line("2", "B", "b")), &error)) << error;
    ASSERT_TRUE(w->flush(&error)) << error;

    SqliteTail tail(path);
    FollowSummary summary;
    auto onRecord = [&](const Record& r, int64_t) { summary.addRecord(r); };
    auto onProblem = [&](int64_t rowid, const std::string& why) {
        summary.addInvalid("row " + std::to_string(rowid), why);
    };
    ASSERT_TRUE(tail.poll(onRecord, onProblem, &error)) << error;
    EXPECT_EQ(summary.records(), 2u);
    ASSERT_TRUE(tail.poll(onRecord, onProblem, &error)) << error;
    EXPECT_EQ(summary.records(), 2u) << "nothing new";

    ASSERT_TRUE(w->append(record(line("3", "C", "c")), &error)) << error;
    ASSERT_TRUE(w->flush(&error)) << error;  // the writer is still open: the follower sees committed rows
    ASSERT_TRUE(tail.poll(onRecord, onProblem, &error)) << error;
    EXPECT_EQ(summary.records(), 3u);
    EXPECT_EQ(summary.counts()[int(Outcome::Mismatch)], 2u);
    EXPECT_EQ(tail.lastRowid(), 3);
    ASSERT_TRUE(w->commit(&error)) << error;
    w.reset();
    for (const char* ext : {"", "-wal", "-shm", "-journal"}) std::remove((path + ext).c_str());
    EXPECT_FALSE(SqliteTail(path).poll(onRecord, onProblem, &error)) << "no store, no table";
}
