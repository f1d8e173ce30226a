// SPDX-License-Identifier: MIT
// Reliability (issue 10): one absurd record never crashes the load, uncommitted data is never read
// as truth, rows are never lost silently, nothing is ever written beside a store, and messages name
// the place and the reason in plain words. Each test failed before its fix.
#include "core_test_util.h"
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <simdjson.h>

#include "core/analysis/analysis.h"
#include "core/analysis/endpoint.h"
#include "core/compare/json_compare.h"
#include "core/rules/rules_io.h"
#include "core/store/sqlite_store.h"
#include "core/store/store.h"

namespace fs = std::filesystem;

namespace {

class Scratch {
public:
    Scratch() {
        std::string tmpl = (fs::temp_directory_path() / "dt-rel-XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        m_dir = tmpl;
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    std::string file(const std::string& name, std::string_view content) const {
        auto p = m_dir / name;
        std::ofstream out(p, std::ios::binary | std::ios::trunc);
        out.write(content.data(), std::streamsize(content.size()));
        return p.string();
    }
    std::string path(const std::string& name) const { return (m_dir / name).string(); }
    const fs::path& dir() const { return m_dir; }

private:
    fs::path m_dir;
};

using dt::test::readFile;

// Names and a hash of the bytes of every file in a directory, printable when a test fails.
std::map<std::string, size_t> snapshotDir(const fs::path& dir) {
    std::map<std::string, size_t> out;
    for (const auto& e : fs::directory_iterator(dir))
        out[e.path().filename().string()] = std::hash<std::string>{}(readFile(e.path().string()));
    return out;
}

struct Scan {
    std::unique_ptr<dt::Store> store;
    std::string openError;
    dt::ScanSummary summary;
    std::vector<std::string> ids;
    std::vector<dt::Locator> locators;
    std::vector<dt::LoadProblem> problems;
    uint64_t problemRows() const {
        uint64_t n = 0;
        for (const auto& p : problems) n += p.rows;
        return n;
    }
};

class Collector : public dt::ScanVisitor {
public:
    explicit Collector(Scan& s) : m_s(s) {}
    void record(unsigned, uint32_t, dt::Record& rec, const dt::Locator& loc) override {
        std::lock_guard lock(m_mutex);
        m_s.ids.push_back(rec.id);
        m_s.locators.push_back(loc);
    }
    void problem(unsigned, uint32_t, dt::LoadProblem p) override {
        std::lock_guard lock(m_mutex);
        m_s.problems.push_back(std::move(p));
    }

private:
    Scan& m_s;
    std::mutex m_mutex;
};

Scan scanStore(const std::string& path, unsigned threads = 2, int64_t chunkRows = 0) {
    Scan s;
    s.store = dt::Store::open(path, &s.openError);
    if (!s.store) return s;
    if (chunkRows > 0)
        if (auto* sq = dynamic_cast<dt::SqliteStore*>(s.store.get())) sq->setChunkRows(chunkRows);
    Collector c(s);
    dt::ScanControl control;
    control.threads = threads;
    s.summary = s.store->scan(c, control);
    return s;
}

void exec(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "?";
        sqlite3_free(err);
        throw std::runtime_error(sql + ": " + msg);
    }
}

const char* const kSchema =
    "CREATE TABLE comparisons (id TEXT, ts TEXT NOT NULL, endpoint TEXT,"
    " req_method TEXT NOT NULL, req_url TEXT NOT NULL, primary_status INTEGER, primary_body BLOB,"
    " candidate_status INTEGER, candidate_body BLOB)";

void insertRows(sqlite3* db, int from, int to, const char* table = "comparisons") {
    sqlite3_stmt* st = nullptr;
    const std::string sql = std::string("INSERT INTO ") + table +
                            " (id, ts, req_method, req_url, primary_status, primary_body, candidate_status,"
                            " candidate_body) VALUES (?1, '2026-11-20T10:00:00Z', 'GET', ?2, 200, ?3, 200, ?3)";
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    for (int i = from; i <= to; ++i) {
        const std::string id = "row-" + std::to_string(i), url = "/items/" + std::to_string(i);
        const std::string body = R"({"n":1,"pad":")" + std::string(150, 'x') + "\"}";
        sqlite3_bind_text(st, 1, id.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, url.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 3, body.data(), int(body.size()), SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
}

std::string makeStore(const std::string& path, int rows, const char* journal = "DELETE", int pageSize = 4096) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot create " + path);
    exec(db, "PRAGMA page_size=" + std::to_string(pageSize));
    exec(db, std::string("PRAGMA journal_mode=") + journal);
    exec(db, kSchema);
    exec(db, "BEGIN");
    insertRows(db, 1, rows);
    exec(db, "COMMIT");
    sqlite3_close(db);
    return path;
}

bool mentions(const std::string& text, const std::string& word) {
    auto lower = [](std::string s) {
        for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    return lower(text).find(lower(word)) != std::string::npos;
}

}  // namespace

// --- 1. nothing recursive depends on the input size --------------------------------------------------

TEST(Reliability, EndpointLearningSurvivesAUrlWithTwoHundredThousandSegments) {
    std::string url;
    for (int i = 0; i < 200000; ++i) url += "/s" + std::to_string(i % 7);
    dt::TemplateLearner learner;
    learner.add(dt::obviousTemplate("GET", url));
    learner.add("GET /users/me");
    learner.learn();
    const std::string t = learner.templateFor(dt::obviousTemplate("GET", url));
    EXPECT_EQ(t.size(), dt::obviousTemplate("GET", url).size());
}

TEST(Reliability, OneRecordWithAHugeUrlDoesNotLoseTheStore) {
    std::string url;
    for (int i = 0; i < 100000; ++i) url += "/a";
    auto line = [](const std::string& id, const std::string& u) {
        return R"({"id":")" + id + R"(","ts":"2026-11-20T10:00:00Z","request":{"method":"GET","url":")" + u +
               R"("},"primary":{"status":200,"body":"{}"},"candidate":{"status":200,"body":"{}"}})" + "\n";
    };
    Scratch dir;
    const std::string path = dir.file("huge-url.jsonl", line("a", "/users/1") + line("b", url) + line("c", "/users/2"));
    std::string error;
    auto a = dt::Analysis::analyze(path, {}, &error);
    ASSERT_TRUE(a) << error;
    EXPECT_EQ(a->records().size(), 3u);
}

// --- 2. a hot journal is never read as truth ---------------------------------------------------------

TEST(Reliability, HotRollbackJournalIsNotReadAsTruthNorTouched) {
    Scratch dir;
    const std::string path = makeStore(dir.path("hot.sqlite"), 2000);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {  // a writer killed in the middle of a transaction that spilled to the file
        sqlite3* db = nullptr;
        sqlite3_open(path.c_str(), &db);
        sqlite3_exec(db,
                     "PRAGMA cache_size=1; BEGIN; UPDATE comparisons SET id = 'torn', primary_body = zeroblob(400);",
                     nullptr, nullptr, nullptr);
        ::_exit(9);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(fs::exists(path + "-journal")) << "the killed writer leaves a hot journal";
    const auto before = snapshotDir(dir.dir());

    Scan s = scanStore(path);
    if (!s.store) {  // refusing is allowed, with what was found and how to recover
        EXPECT_TRUE(mentions(s.openError, "journal")) << s.openError;
    } else {
        EXPECT_TRUE(s.summary.fatal.empty()) << s.summary.fatal;
        EXPECT_EQ(s.ids.size(), 2000u);
        EXPECT_EQ(std::count(s.ids.begin(), s.ids.end(), "torn"), 0) << "uncommitted rows were read";
        bool told = false;
        for (const auto& p : s.problems) told |= p.rows == 0 && mentions(p.reason, "journal");
        EXPECT_TRUE(told) << "the user is told the store was read from a recovered copy";
        for (size_t i = 0; i < s.locators.size(); i += 97) ASSERT_TRUE(s.store->read(s.locators[i]));
        s.store.reset();
    }
    EXPECT_EQ(snapshotDir(dir.dir()), before) << "nothing is created or changed beside the store";
}

// --- 4. nothing is created next to a WAL-mode store ----------------------------------------------------

TEST(Reliability, WalStoreClosedCleanlyGetsNoFilesBesideIt) {
    Scratch dir;
    const std::string path = makeStore(dir.path("wal.sqlite"), 300, "WAL");
    ASSERT_FALSE(fs::exists(path + "-wal"));
    const auto before = snapshotDir(dir.dir());
    {
        Scan s = scanStore(path);
        ASSERT_TRUE(s.store) << s.openError;
        EXPECT_EQ(s.ids.size(), 300u);
        ASSERT_TRUE(s.store->read(s.locators.front()));
        ASSERT_TRUE(s.store->readRaw(s.locators.back()));
    }
    EXPECT_EQ(snapshotDir(dir.dir()), before);
}

TEST(Reliability, WalFramesWithoutShmAreReadFromAPrivateCopy) {
    Scratch dir;
    const std::string path = makeStore(dir.path("walframes.sqlite"), 300, "WAL");
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {  // commits 50 rows into the WAL and dies before any checkpoint
        sqlite3* db = nullptr;
        sqlite3_open(path.c_str(), &db);
        exec(db, "PRAGMA wal_autocheckpoint=0");
        exec(db, "BEGIN");
        insertRows(db, 301, 350);
        exec(db, "COMMIT");
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_GT(fs::file_size(path + "-wal"), 32u);
    fs::remove(path + "-shm");
    const auto before = snapshotDir(dir.dir());
    {
        Scan s = scanStore(path);
        ASSERT_TRUE(s.store) << s.openError;
        EXPECT_EQ(s.ids.size(), 350u) << "committed WAL frames are part of the store";
    }
    EXPECT_EQ(snapshotDir(dir.dir()), before);
}

// --- 3. damaged pages: every counted row is loaded or reported with its range ---------------------------

struct DamageCase {
    const char* name;
    unsigned char pageType;  // 0x05 interior table page, 0x0d leaf table page
    int which;               // the n-th page of that type
    size_t bytes;            // damaged bytes, at the end of the page (cell content)
};

class DamagedPages : public ::testing::TestWithParam<DamageCase> {};

TEST_P(DamagedPages, TotalsAddUp) {
    const DamageCase c = GetParam();
    Scratch dir;
    const int kRows = 20000, kPage = 1024;
    const std::string path = makeStore(dir.path("damaged.sqlite"), kRows, "DELETE", kPage);
    std::string bytes = readFile(path);
    int seen = 0;
    size_t page = 0;
    for (size_t p = 2; p * kPage <= bytes.size(); ++p) {  // page p starts at (p-1)*kPage
        if (static_cast<unsigned char>(bytes[(p - 1) * kPage]) == c.pageType && seen++ == c.which) {
            page = p;
            break;
        }
    }
    ASSERT_NE(page, 0u);
    for (size_t i = 0; i < c.bytes; ++i) bytes[page * kPage - c.bytes + i] = char((i * 131 + 7) & 0xff);
    dir.file("damaged.sqlite", bytes);

    Scan s = scanStore(path, 2, 512);
    ASSERT_TRUE(s.store) << s.openError;
    EXPECT_TRUE(s.summary.fatal.empty()) << s.summary.fatal;
    std::string listed;
    for (const auto& p : s.problems) listed += std::to_string(p.rows) + " row(s): " + p.reason + "\n";
    EXPECT_EQ(s.ids.size() + s.problemRows(), uint64_t(kRows)) << "records + reported rows = rows counted\n"
                                                               << s.ids.size() << " records\n"
                                                               << listed;
    std::set<std::string> unique(s.ids.begin(), s.ids.end());
    EXPECT_EQ(unique.size(), s.ids.size()) << "no row is read twice";
    for (const auto& p : s.problems) {
        if (p.rows > 1) {
            EXPECT_TRUE(mentions(p.reason, "rows ")) << "a range names its rows: " << p.reason;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Reliability, DamagedPages,
                         ::testing::Values(DamageCase{"interior", 0x05, 1, 200},
                                           DamageCase{"interiorFirst", 0x05, 0, 200},
                                           DamageCase{"leaf", 0x0d, 1500, 200},
                                           DamageCase{"leafWhole", 0x0d, 3000, 1000}),
                         [](const auto& info) { return std::string(info.param.name); });

// --- 7. a VIEW named comparisons ----------------------------------------------------------------------

TEST(Reliability, ViewNamedComparisonsIsRead) {
    Scratch dir;
    const std::string path = dir.path("view.sqlite");
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    std::string schema = kSchema;
    schema.replace(schema.find("comparisons"), 11, "raw_rows");
    exec(db, schema);
    insertRows(db, 1, 40, "raw_rows");
    exec(db, "CREATE VIEW comparisons AS SELECT * FROM raw_rows WHERE rowid % 2 = 0");
    sqlite3_close(db);
    Scan s = scanStore(path);
    ASSERT_TRUE(s.store) << s.openError;
    EXPECT_TRUE(s.summary.fatal.empty()) << s.summary.fatal;
    ASSERT_EQ(s.ids.size(), 20u) << "a view is read, never an empty success";
    for (size_t i = 0; i < s.locators.size(); ++i) {
        auto rec = s.store->read(s.locators[i]);
        ASSERT_TRUE(rec);
        EXPECT_EQ(rec->id, s.ids[i]);
    }
    auto raw = s.store->readRaw(s.locators[3]);
    ASSERT_TRUE(raw);
    EXPECT_NE(raw->find(s.ids[3]), std::string::npos);
}

// --- 8. extreme rowids ------------------------------------------------------------------------------------

TEST(Reliability, ExtremeRowidsAreRead) {
    Scratch dir;
    const std::string path = makeStore(dir.path("rowids.sqlite"), 3);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    exec(db, "UPDATE comparisons SET rowid = -9223372036854775808 WHERE rowid = 1");
    exec(db, "UPDATE comparisons SET rowid = 9223372036854775807 WHERE rowid = 3");
    sqlite3_close(db);
    Scan s = scanStore(path);
    ASSERT_TRUE(s.store) << s.openError;
    EXPECT_EQ(s.ids.size(), 3u);
    std::set<int64_t> rowids;
    for (const auto& l : s.locators) rowids.insert(static_cast<int64_t>(l.offset));
    EXPECT_TRUE(rowids.count(INT64_MIN));
    EXPECT_TRUE(rowids.count(INT64_MAX));
    for (const auto& l : s.locators) EXPECT_TRUE(s.store->read(l));
}

// --- 6. array alignment stays near-linear on repeated values ------------------------------------------

namespace {

std::string repeated(size_t n, const std::string& value, const std::string& last) {
    std::string s = "[";
    for (size_t i = 0; i < n; ++i) {
        if (i) s += ',';
        s += i + 1 == n ? last : value;
    }
    return s + "]";
}

}  // namespace

struct AlignCase {
    const char* name;
    size_t na, nb;
    const char* value;
    const char* lastA;
    const char* lastB;
    size_t differences;
};

class ArrayAlignment : public ::testing::TestWithParam<AlignCase> {};

TEST_P(ArrayAlignment, WorkIsNearLinear) {
    const AlignCase c = GetParam();
    const std::string a = repeated(c.na, c.value, c.lastA), b = repeated(c.nb, c.value, c.lastB);
    simdjson::dom::parser pa, pb;
    simdjson::dom::element ea, eb;
    ASSERT_EQ(pa.parse(a).get(ea), simdjson::SUCCESS);
    ASSERT_EQ(pb.parse(b).get(eb), simdjson::SUCCESS);
    dt::JsonComparer jc;
    dt::CompareResult out;
    jc.diff(ea, eb, nullptr, 120, out);
    EXPECT_EQ(out.differences.size(), c.differences);
    EXPECT_LE(jc.work(), 20 * (c.na + c.nb)) << "element comparisons must stay near-linear";
}

INSTANTIATE_TEST_SUITE_P(Reliability, ArrayAlignment,
                         ::testing::Values(AlignCase{"onesLastChanged", 300000, 300000, "1", "1", "2", 1},
                                           AlignCase{"objectsLastChanged", 50000, 50000, R"({"a":[1,2]})",
                                                     R"({"a":[1,2]})", R"({"a":[1,3]})", 1},
                                           AlignCase{"onesOneLonger", 300000, 300001, "1", "1", "2", 1}),
                         [](const auto& info) { return std::string(info.param.name); });

// --- 11. growing and shrinking JSONL files -----------------------------------------------------------------

namespace {

std::string jsonlLine(int n) {
    return R"({"id":"r)" + std::to_string(n) +
           R"(","ts":"2026-11-20T10:00:00Z","request":{"method":"GET","url":"/users/)" + std::to_string(n) +
           R"("},"primary":{"status":200,"body":"{\"n\":1}"},"candidate":{"status":200,"body":"{\"n\":1}"}})";
}

}  // namespace

TEST(Reliability, PartialLastLineOfAGrowingFileIsNotAnInvalidRecord) {
    Scratch dir;
    const std::string third = jsonlLine(3);
    const std::string path =
        dir.file("growing.jsonl", jsonlLine(1) + "\n" + jsonlLine(2) + "\n" + third.substr(0, third.size() / 2));
    Scan s = scanStore(path);
    ASSERT_TRUE(s.store) << s.openError;
    EXPECT_EQ(s.ids.size(), 2u);
    ASSERT_EQ(s.problems.size(), 1u);
    EXPECT_EQ(s.problems[0].rows, 0u) << "a line still being written is not an invalid record";
    EXPECT_TRUE(mentions(s.problems[0].reason, "still being written")) << s.problems[0].reason;
    std::string error;
    auto a = dt::Analysis::analyze(path, {}, &error);
    ASSERT_TRUE(a) << error;
    EXPECT_EQ(a->records().size(), 2u) << "no Invalid record for the partial line";
    EXPECT_EQ(a->problems().size(), 1u) << "but the user sees it";
}

TEST(Reliability, FileThatShrinksDuringTheScanIsNotAResult) {
    Scratch dir;
    std::string text;
    for (int i = 0; i < 2000; ++i) text += jsonlLine(i) + "\n";
    const std::string path = dir.file("shrinking.jsonl", text);
    ::setenv("DIFFTRIAGE_JSONL_CHUNK_BYTES", "4096", 1);
    dt::AnalyzeOptions opt;
    opt.threads = 1;
    std::atomic<bool> cut{false};
    opt.progress = [&](uint64_t, uint64_t, uint64_t) {
        if (!cut.exchange(true)) ::truncate(path.c_str(), off_t(text.size() / 10));
    };
    std::string error;
    auto a = dt::Analysis::analyze(path, opt, &error);
    ::unsetenv("DIFFTRIAGE_JSONL_CHUNK_BYTES");
    ASSERT_TRUE(cut.load());
    ASSERT_TRUE(a) << error;
    EXPECT_TRUE(mentions(a->scanError(), "shrank")) << "scan error: " << a->scanError();
    EXPECT_EQ(a->scanError().rfind(path, 0), 0u) << "names the file";
}

// --- 12. messages in plain words ---------------------------------------------------------------------------

struct MessageCase {
    const char* name;
    std::string content;
    const char* expected;  // a word the reason must contain
};

class JsonlMessages : public ::testing::TestWithParam<MessageCase> {};

TEST_P(JsonlMessages, SayWhatIsThere) {
    const MessageCase c = GetParam();
    Scratch dir;
    Scan s = scanStore(dir.file("m.jsonl", c.content));
    ASSERT_TRUE(s.store) << s.openError;
    ASSERT_FALSE(s.problems.empty());
    for (const auto& p : s.problems) {
        EXPECT_TRUE(mentions(p.reason, c.expected)) << p.reason;
        EXPECT_FALSE(mentions(p.reason, "unexpected end of input")) << p.reason;
        EXPECT_FALSE(mentions(p.reason, "truncated")) << p.reason;
        EXPECT_EQ(p.reason.find("[json.exception"), std::string::npos) << p.reason;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Reliability, JsonlMessages,
    ::testing::Values(
        MessageCase{"crOnly", jsonlLine(1) + "\r" + jsonlLine(2) + "\r" + jsonlLine(3), "carriage return"},
        MessageCase{"nulLine", jsonlLine(1) + "\n" + std::string(64, '\0') + "\n" + jsonlLine(2) + "\n", "NUL"},
        MessageCase{"nulInside", jsonlLine(1) + "\n{\"id\":\"x\"" + std::string(3, '\0') + "}\n", "NUL"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Reliability, RulesJsonErrorsNameThePlaceOnce) {
    for (const std::string& text :
         {std::string("{\"version\": 1, \"rules\": [ {\"kind\": tru} ]}"),
          std::string("{\"version\": 1, \"rules\": [], }"), std::string("{\"version\": 1e400, \"rules\": []}"),
          std::string("{\"version\": 1, \"rules\": [")}) {
        std::vector<dt::RuleError> errors;
        EXPECT_FALSE(dt::parseRulesConfig(text, &errors)) << text;
        ASSERT_FALSE(errors.empty()) << text;
        const std::string out = dt::formatRuleErrors("rules.json", errors);
        EXPECT_EQ(out.find("[json.exception"), std::string::npos) << out;
        const size_t first = out.find("column");
        if (first != std::string::npos) {
            EXPECT_EQ(out.find("column", first + 1), std::string::npos) << out;
        }
        EXPECT_EQ(out.find("parse error at line"), std::string::npos) << out;
    }
}

// --- 10. big numbers: one exact path ---------------------------------------------------------------------

#include "core/compare/compare.h"
#include "core/compare/json_tree.h"

struct BigNumberCase {
    const char* name;
    std::string primary, candidate;
    size_t differences;
    const char* path;  // of the first difference
};

class BigNumbers : public ::testing::TestWithParam<BigNumberCase> {};

TEST_P(BigNumbers, AreComparedAsJsonNumbers) {
    const BigNumberCase c = GetParam();
    dt::Comparer comparer;
    const auto r = comparer.compareBodies(c.primary, c.candidate);
    ASSERT_EQ(r.differences.size(), c.differences) << (r.differences.empty() ? "" : r.differences[0].path);
    for (const auto& d : r.differences) {
        EXPECT_NE(d.kind, dt::DiffKind::TextChanged) << "compared as JSON, not as text";
        EXPECT_EQ(d.path, c.path);
    }
    EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
}

const std::string kDigits400(400, '7');

INSTANTIATE_TEST_SUITE_P(
    Reliability, BigNumbers,
    ::testing::Values(BigNumberCase{"keyOrder", "{\"a\":" + kDigits400 + ",\"b\":1e400,\"c\":1}",
                                    "{\"c\":1,\"b\":1e400,\"a\":" + kDigits400 + "}", 0, ""},
                      BigNumberCase{"spelling", "{\"b\":1e400}", "{\"b\":10E399}", 0, ""},
                      BigNumberCase{"otherKeyChanged", "{\"a\":" + kDigits400 + ",\"c\":1}",
                                    "{\"c\":2,\"a\":" + kDigits400 + "}", 1, "/c"},
                      BigNumberCase{"digitChanged", "{\"a\":" + kDigits400 + "}",
                                    "{\"a\":" + kDigits400.substr(1) + "8}", 1, "/a"},
                      BigNumberCase{"beyondUint64VsDouble", "{\"a\":100000000000000000000}", "{\"a\":1e20}", 0, ""},
                      BigNumberCase{"bigVsString", "{\"a\":1e400}", "{\"a\":\"1e400\"}", 1, "/a"},
                      BigNumberCase{"arrayOrderWithBig", "[1e400,2,3]", "[3,2,1e400]", 1, ""},
                      BigNumberCase{"stringsLookingLikeTags", "{\"s\":\"\\u0000\\u0001N1e3\\u00001000\"}",
                                    "{\"s\":\"\\u0000\\u0001N1e3\\u00001000\",\"x\":1e400}", 1, "/x"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Reliability, NumberEqualityIsOnePath) {
    EXPECT_EQ(dt::canonicalNumber("1e400"), dt::canonicalNumber("10E399"));
    EXPECT_EQ(dt::canonicalNumber("-0.0"), "0");
    EXPECT_EQ(dt::canonicalNumber("0.00120"), "12e-4");
    // A 70-digit exponent saturates instead of overflowing (fuzz_compare finding, UBSan): two such
    // numbers are still told apart by their digits and agree with themselves.
    const std::string hugeExp = "7e" + std::string(70, '7');
    EXPECT_EQ(dt::canonicalNumber(hugeExp), dt::canonicalNumber(hugeExp));
    EXPECT_NE(dt::canonicalNumber(hugeExp), dt::canonicalNumber("8e" + std::string(70, '7')));
    EXPECT_EQ(dt::canonicalNumber(hugeExp), "7e" + std::to_string(int64_t(1) << 60));
    EXPECT_TRUE(dt::jsonNumbersEqual("1e400", "1.0e400"));
    EXPECT_FALSE(dt::jsonNumbersEqual("1e400", "1e401"));
    EXPECT_FALSE(dt::jsonNumbersEqual(kDigits400, kDigits400.substr(1) + "8"));
    auto a = dt::parseJsonTree("{\"x\":1e400,\"y\":" + kDigits400 + "}");
    auto b = dt::parseJsonTree("{\"y\":" + kDigits400 + ",\"x\":10e399}");
    ASSERT_TRUE(a && b);
    EXPECT_TRUE(dt::jsonTreesEqual(*a, *b)) << "the presentation agrees with the engine";
}

// --- 5. rule regexes run in linear time (RE2); format 1 files are converted --------------------------------

#include "core/rules/rules_match.h"

namespace {

std::string normalizeRule(const std::string& pattern, const std::string& replacement, int version) {
    return "{\"version\": " + std::to_string(version) +
           ", \"rules\": [{\"id\": \"n\", \"kind\": \"normalize_value\", \"scope\": \"*\", \"path\": \"/v\", "
           "\"pattern\": \"" +
           pattern + "\", \"replacement\": \"" + replacement + "\", \"reason\": \"r\", \"remove_when\": \"w\"}]}";
}

}  // namespace

class CatastrophicRegexes : public ::testing::TestWithParam<const char*> {};

TEST_P(CatastrophicRegexes, AreLinearNotRefusedNorHanging) {
    std::vector<dt::RuleError> errors;
    auto cfg = dt::parseRulesConfig(normalizeRule(GetParam(), "x", 2), &errors);
    ASSERT_TRUE(cfg) << dt::formatRuleErrors("rules.json", errors);
    auto set = dt::RuleSet::build(*cfg);
    ASSERT_TRUE(set);
    auto policy = set->policyFor("GET /v");
    std::string value(1000, 'a');  // 1 KB of 'a': no match anywhere, the worst case for backtracking
    (void)policy->normalize("/v", "/v", value);
    EXPECT_EQ(value, std::string(1000, 'a'));
}

INSTANTIATE_TEST_SUITE_P(Reliability, CatastrophicRegexes,
                         ::testing::Values(".*.*.*X", "a*a*a*a*a*a*b", "\\\\w*\\\\w*\\\\w*\\\\w*\\\\w*Z",
                                           "(a?){30}a{30}Q", "(a+)+$b", "(a|aa)*c"));

TEST(Reliability, RulesFormatOneIsConvertedWithANotice) {
    std::vector<dt::RuleError> errors;
    auto cfg = dt::parseRulesConfig(normalizeRule("^(\\\\d+)-(?<rest>x)", "$2:$1 [$&] $$ \\\\", 1), &errors);
    ASSERT_TRUE(cfg) << dt::formatRuleErrors("rules.json", errors);
    EXPECT_EQ(cfg->version, dt::kRulesFormatVersion);
    ASSERT_EQ(cfg->rules.size(), 1u);
    EXPECT_EQ(cfg->rules[0].replacement, "\\2:\\1 [\\0] $ \\\\");
    EXPECT_EQ(cfg->rules[0].pattern, "^(\\d+)-(?P<rest>x)");
    ASSERT_EQ(cfg->notices.size(), 1u);
    EXPECT_NE(cfg->notices[0].find("version 1"), std::string::npos) << cfg->notices[0];
    auto set = dt::RuleSet::build(*cfg);
    ASSERT_TRUE(set);
    std::string value = "12-x";
    ASSERT_TRUE(set->policyFor("GET /v")->normalize("/v", "/v", value));
    EXPECT_EQ(value, "x:12 [12-x] $ \\");
    // Written back in format 2, it loads without conversion.
    auto again = dt::parseRulesConfig(dt::serializeRulesConfig(*cfg), &errors);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->notices.empty());
    EXPECT_EQ(again->rules[0].replacement, cfg->rules[0].replacement);
    // "$`" has no RE2 equivalent: an error naming the member, not a silent change.
    errors.clear();
    EXPECT_FALSE(dt::parseRulesConfig(normalizeRule("a", "$`", 1), &errors));
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors[0].pointer, "/rules/0/replacement");
}
