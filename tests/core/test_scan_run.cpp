// SPDX-License-Identifier: MIT
// ScanRun: the skeleton the JSONL and SQLite scans share (work claiming, stop, cancellation,
// problem counting, fatal errors, summary), alone and through both store formats.
#include <sqlite3.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/store/jsonl_store.h"
#include "core/store/scan_run.h"
#include "core/store/sqlite_store.h"
#include "core/store/store.h"
#include "core/store/store_writer.h"

namespace dt {
namespace {

namespace fs = std::filesystem;

// Counts what a scan delivers; cancels the scan (through `cancel`) at the `cancelAt`-th record.
class Counter : public ScanVisitor {
public:
    void record(unsigned, uint32_t chunk, Record&, const Locator&) override {
        const uint64_t n = ++m_records;
        if (m_cancel && n == m_cancelAt) m_cancel->store(true);
        std::lock_guard lock(m_mutex);
        m_chunks.insert(chunk);
    }
    void problem(unsigned, uint32_t, LoadProblem p) override {
        ++m_problems;
        std::lock_guard lock(m_mutex);
        m_reasons.push_back(p.reason);
    }
    void cancelAt(std::atomic<bool>* flag, uint64_t n) {
        m_cancel = flag;
        m_cancelAt = n;
    }

    std::atomic<uint64_t> m_records{0}, m_problems{0};
    std::atomic<bool>* m_cancel = nullptr;
    uint64_t m_cancelAt = 0;
    std::mutex m_mutex;
    std::set<uint32_t> m_chunks;
    std::vector<std::string> m_reasons;
};

TEST(ScanRun, EveryChunkIsClaimedOnceAcrossWorkers) {
    Counter visitor;
    ScanControl control;
    control.threads = 2;
    ScanRun run(visitor, control, 1000, 1000);
    std::mutex m;
    std::multiset<uint64_t> claimed;
    run.run([&](unsigned) {
        uint64_t chunk = 0;
        while (run.claim(chunk)) {
            std::lock_guard lock(m);
            claimed.insert(chunk);
        }
    });
    ASSERT_EQ(claimed.size(), 1000u);
    EXPECT_EQ(std::set<uint64_t>(claimed.begin(), claimed.end()).size(), 1000u);
    EXPECT_EQ(*claimed.rbegin(), 999u);
}

TEST(ScanRun, FirstFatalWinsAndStopsClaiming) {
    Counter visitor;
    ScanControl control;
    control.threads = 1;
    uint64_t progressCalls = 0;
    control.progress = [&](uint64_t, uint64_t, uint64_t) { ++progressCalls; };
    ScanRun run(visitor, control, 10, 10);
    uint64_t chunk = 0;
    ASSERT_TRUE(run.claim(chunk));
    run.setFatal("first");
    run.setFatal("second");
    EXPECT_TRUE(run.stopped());
    EXPECT_TRUE(run.cancelled());  // stop, but not a cancellation
    EXPECT_FALSE(run.claim(chunk));
    const ScanSummary s = run.summary(10, 10);
    EXPECT_EQ(s.fatal, "first");
    EXPECT_FALSE(s.cancelled);
    EXPECT_EQ(progressCalls, 0u);  // no final "done" after a fatal error
}

TEST(ScanRun, CountsAndFinalProgress) {
    Counter visitor;
    std::atomic<bool> cancel{false};
    ScanControl control;
    control.cancel = &cancel;
    std::vector<std::array<uint64_t, 3>> calls;
    control.progress = [&](uint64_t done, uint64_t total, uint64_t records) {
        calls.push_back({done, total, records});
    };
    ScanRun run(visitor, control, 3, 300, 3);
    Record rec;
    for (int i = 0; i < 5; ++i) run.record(0, 0, rec, Locator{});
    LoadProblem p;
    p.reason = "bad";
    run.problem(0, 1, p);
    run.addProgress(100, 5);  // the first call is not throttled
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0][0], 103u);  // doneAtStart counts
    EXPECT_EQ(calls[0][1], 300u);
    EXPECT_FALSE(run.cancelled());
    const ScanSummary s = run.summary(3, 300);
    EXPECT_EQ(s.records, 5u);
    EXPECT_EQ(s.problems, 1u);
    EXPECT_EQ(visitor.m_records.load(), 5u);
    EXPECT_EQ(visitor.m_problems.load(), 1u);
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[1], (std::array<uint64_t, 3>{300, 300, 5}));

    cancel = true;
    EXPECT_TRUE(run.cancelled());
    EXPECT_TRUE(run.summary(3, 300).cancelled);
    EXPECT_EQ(calls.size(), 2u);  // no final progress for a cancelled scan
}

// The same store in both formats: kRecords good records, every kBadEvery-th one made invalid.
constexpr int kRecords = 3000;
constexpr int kBadEvery = 250;

Record sample(int k) {
    Record r;
    r.id = "r-" + std::to_string(k);
    r.ts = "2026-11-20T10:00:00Z";
    r.request.method = "GET";
    r.request.url = "/u/" + std::to_string(k);
    r.primary.present = r.candidate.present = true;
    r.primary.status = r.candidate.status = 200;
    r.primary.body = "{\"a\":1}";
    r.candidate.body = k % 3 ? "{\"a\":1}" : "{\"a\":2}";
    return r;
}

class StoreScan : public ::testing::TestWithParam<const char*> {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/dt_scanrun_XXXXXX";
        m_dir = mkdtemp(tmpl);
        m_path = m_dir + "/store." + GetParam();
        std::string error;
        auto writer = StoreWriter::create(m_path, &error);
        ASSERT_TRUE(writer) << error;
        for (int k = 1; k <= kRecords; ++k) ASSERT_TRUE(writer->append(sample(k), &error)) << error;
        ASSERT_TRUE(writer->commit(&error)) << error;
        makeBad();
        m_store = Store::open(m_path, &error);
        ASSERT_TRUE(m_store) << error;
        // Small chunks: many chunks for two workers.
        if (auto* jsonl = dynamic_cast<JsonlStore*>(m_store.get())) jsonl->setChunkBytes(8192);
        if (auto* sqlite = dynamic_cast<SqliteStore*>(m_store.get())) sqlite->setChunkRows(64);
    }
    void TearDown() override {
        m_store.reset();
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }

    // Every kBadEvery-th record loses a required part (JSONL: the request; SQLite: the candidate).
    void makeBad() {
        if (std::string(GetParam()) == "db") {
            sqlite3* db = nullptr;
            ASSERT_EQ(sqlite3_open(m_path.c_str(), &db), SQLITE_OK);
            const std::string sql =
                "UPDATE comparisons SET candidate_status = NULL, candidate_body = NULL, candidate_error = NULL "
                "WHERE rowid % " +
                std::to_string(kBadEvery) + " = 0";
            EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
            sqlite3_close(db);
            return;
        }
        std::ifstream in(m_path);
        std::string line, out;
        for (int k = 1; std::getline(in, line); ++k) {
            if (k % kBadEvery == 0) line = "{\"id\":\"bad-" + std::to_string(k) + "\",\"ts\":\"2026-11-20T10:00:00Z\"}";
            out += line + "\n";
        }
        in.close();
        std::ofstream(m_path, std::ios::binary | std::ios::trunc) << out;
    }

    std::string m_dir, m_path;
    std::unique_ptr<Store> m_store;
};

TEST_P(StoreScan, RecordsAndProblemsAddUp) {
    Counter visitor;
    ScanControl control;
    control.threads = 2;
    uint64_t lastDone = 0, lastTotal = 0, lastRecords = 0;
    std::mutex m;
    control.progress = [&](uint64_t done, uint64_t total, uint64_t records) {
        std::lock_guard lock(m);
        lastDone = done;
        lastTotal = total;
        lastRecords = records;
    };
    const ScanSummary s = m_store->scan(visitor, control);
    ASSERT_TRUE(s.fatal.empty()) << s.fatal;
    EXPECT_FALSE(s.cancelled);
    const uint64_t bad = kRecords / kBadEvery;
    EXPECT_EQ(s.problems, bad);
    EXPECT_EQ(s.records, kRecords - bad);
    EXPECT_EQ(visitor.m_records.load(), s.records);
    EXPECT_EQ(visitor.m_problems.load(), s.problems);
    EXPECT_GT(visitor.m_chunks.size(), 2u);
    EXPECT_GE(s.chunks, visitor.m_chunks.size());
    for (const std::string& reason : visitor.m_reasons) EXPECT_NE(reason.find("missing"), std::string::npos) << reason;
    EXPECT_EQ(lastDone, lastTotal);  // the last progress call is the final one
    EXPECT_EQ(lastRecords, s.records);
}

// A cancelled scan stops within one record per other worker after the flag is raised: each worker
// checks the flag before every record.
TEST_P(StoreScan, CancellationStopsWithinOneRecordPerWorker) {
    for (const unsigned threads : {1u, 2u}) {
        Counter visitor;
        std::atomic<bool> cancel{false};
        constexpr uint64_t kAt = 100;
        visitor.cancelAt(&cancel, kAt);
        ScanControl control;
        control.threads = threads;
        control.cancel = &cancel;
        const ScanSummary s = m_store->scan(visitor, control);
        EXPECT_TRUE(s.cancelled) << threads;
        EXPECT_TRUE(s.fatal.empty()) << s.fatal;
        EXPECT_GE(s.records, kAt);
        EXPECT_LE(s.records, kAt + (threads - 1)) << threads << " threads";
        EXPECT_EQ(visitor.m_records.load(), s.records);
        EXPECT_EQ(visitor.m_problems.load(), s.problems);
    }
}

INSTANTIATE_TEST_SUITE_P(Formats, StoreScan, ::testing::Values("jsonl", "db"));

}  // namespace
}  // namespace dt
