// SPDX-License-Identifier: MIT
// Round trips of the record writer (core/store/record_write.h) and the store writer
// (core/store/store_writer.h): parse -> write -> parse gives the same record, for every record of
// the bundled sample stores and for hand-made edge cases, in JSONL and in SQLite.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <mutex>

#include "core/store/record_write.h"
#include "core/store/store.h"
#include "core/store/store_writer.h"

namespace fs = std::filesystem;
using namespace dt;

namespace {

class Collect : public ScanVisitor {
public:
    void record(unsigned, uint32_t, Record& rec, const Locator&) override {
        std::lock_guard lock(m_mutex);
        records.push_back(rec);
    }
    void problem(unsigned, uint32_t, LoadProblem) override {}
    std::vector<Record> records;

private:
    std::mutex m_mutex;
};

std::vector<Record> readAll(const std::string& path) {
    std::string error;
    auto store = Store::open(path, &error);
    EXPECT_TRUE(store) << error;
    if (!store) return {};
    Collect c;
    ScanControl control;
    control.threads = 1;
    store->scan(c, control);
    std::sort(c.records.begin(), c.records.end(), [](const Record& a, const Record& b) { return a.id < b.id; });
    return c.records;
}

Record edgeRecord() {
    Record r;
    r.id = "edge-1";
    r.ts = "2026-11-20T10:00:00.123Z";
    r.endpoint = "POST /orders/{id}";
    r.request = {"POST", "/orders/7?x=\"1\"", {{"X-Multi", "a"}, {"X-Multi", "b"}}, "{\"q\":1}"};
    r.primary.present = true;
    r.primary.status = 201;
    r.primary.headers = {{"Content-Type", "application/json"}};
    r.primary.body = "{\"total\":12.50,\"big\":123456789012345678901234567890}";
    r.primary.latency_ms = 12.5;
    r.primary.has_state_before = true;
    r.primary.state_before = {{"row_version", "7"}, {"etag", "\"abc\""}};
    r.primary.state_after = {{"row_version", "8"}};
    r.candidate.present = true;
    r.candidate.error = "timeout";
    r.candidate.body = std::string("\x89PNG\r\n\x1a\n\0\xff", 10);  // binary: written as body_base64
    r.secondary.present = true;
    r.secondary.status = 500;
    r.secondary.body = "line1\nline2 \xc3\xa9";
    r.tags = {{"tenant", "acme"}, {"region", "eu-west-1"}};
    r.weight = 100;
    return r;
}

}  // namespace

TEST(RecordWrite, EdgeRecordRoundTripsThroughJson) {
    const Record r = edgeRecord();
    std::string reason;
    auto back = parseRecordLine(recordToJson(r), &reason);
    ASSERT_TRUE(back) << reason;
    EXPECT_EQ(*back, r);
    EXPECT_NE(recordToJson(r).find("body_base64"), std::string::npos);
    EXPECT_EQ(recordToJson(r).find('\n'), std::string::npos);
}

class StoreRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(StoreRoundTrip, SampleStoreParsesWritesAndParsesEqual) {
    const std::string sample = std::string(DT_SAMPLES) + "/sample.jsonl";
    const std::vector<Record> original = readAll(sample);
    ASSERT_GT(original.size(), 100u);
    const fs::path dir = fs::temp_directory_path() / ("dt-roundtrip-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string out = (dir / ("copy." + GetParam())).string();
    std::string error;
    auto writer = StoreWriter::create(out, &error);
    ASSERT_TRUE(writer) << error;
    for (const Record& r : original) ASSERT_TRUE(writer->append(r, &error)) << error;
    ASSERT_TRUE(writer->append(edgeRecord(), &error)) << error;
    // Atomic: nothing at the target before commit().
    EXPECT_FALSE(fs::exists(out));
    ASSERT_TRUE(writer->commit(&error)) << error;
    EXPECT_EQ(writer->written(), original.size() + 1);

    std::vector<Record> back = readAll(out);
    std::vector<Record> expected = original;
    expected.push_back(edgeRecord());
    std::sort(expected.begin(), expected.end(), [](const Record& a, const Record& b) { return a.id < b.id; });
    ASSERT_EQ(back.size(), expected.size());
    for (size_t i = 0; i < back.size(); ++i) EXPECT_EQ(back[i], expected[i]) << "record " << expected[i].id;
    fs::remove_all(dir);
}

TEST_P(StoreRoundTrip, UncommittedAtomicWriterLeavesNothing) {
    const fs::path dir = fs::temp_directory_path() / ("dt-uncommitted-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string out = (dir / ("x." + GetParam())).string();
    {
        std::string error;
        auto writer = StoreWriter::create(out, &error);
        ASSERT_TRUE(writer) << error;
        ASSERT_TRUE(writer->append(edgeRecord(), &error)) << error;
    }
    EXPECT_TRUE(fs::is_empty(dir));
    fs::remove_all(dir);
}

// A written store gets the permissions of a new file (0666 minus the umask), not the 0600 of the
// temporary file it was built in: a golden set or an import is meant to be shared.
TEST_P(StoreRoundTrip, NewStoreGetsTheUmaskPermissions) {
    const fs::path dir = fs::temp_directory_path() / ("dt-mode-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string out = (dir / ("x." + GetParam())).string();
    const mode_t old = ::umask(022);
    std::string error;
    auto writer = StoreWriter::create(out, &error);
    ASSERT_TRUE(writer) << error;
    ASSERT_TRUE(writer->append(edgeRecord(), &error)) << error;
    ASSERT_TRUE(writer->commit(&error)) << error;
    ::umask(old);
    struct stat st {};
    ASSERT_EQ(::stat(out.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0644u);
    fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Formats, StoreRoundTrip, ::testing::Values("jsonl", "sqlite"));
