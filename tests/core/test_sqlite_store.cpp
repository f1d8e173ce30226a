// SPDX-License-Identifier: MIT
// SQLite reader: schema checks, read-only access (WAL writer, read-only directory), locked and
// corrupt databases, parallel rowid-range scan, read-back.
#include <grp.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "core/store/sqlite_store.h"
#include "core/store/store.h"

namespace dt {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = R"(CREATE TABLE comparisons (
  id TEXT PRIMARY KEY, ts TEXT NOT NULL, endpoint TEXT,
  req_method TEXT NOT NULL, req_url TEXT NOT NULL, req_headers TEXT, req_body BLOB,
  primary_status INTEGER, primary_headers TEXT, primary_body BLOB, primary_latency_ms REAL, primary_error TEXT,
  candidate_status INTEGER, candidate_headers TEXT, candidate_body BLOB, candidate_latency_ms REAL, candidate_error TEXT,
  secondary_status INTEGER, secondary_headers TEXT, secondary_body BLOB, secondary_latency_ms REAL, secondary_error TEXT,
  primary_state TEXT, candidate_state TEXT, secondary_state TEXT,
  tags TEXT, weight REAL))";

class Db {
public:
    explicit Db(const std::string& path, int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) {
        EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, flags, nullptr), SQLITE_OK);
        sqlite3_busy_timeout(db, 5000);
    }
    ~Db() { sqlite3_close(db); }
    int exec(const std::string& sql) {
        char* err = nullptr;
        const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
        if (rc != SQLITE_OK) ADD_FAILURE() << sql.substr(0, 200) << ": " << (err ? err : "?");
        sqlite3_free(err);
        return rc;
    }
    // Inserts a plain comparison row k.
    void insert(int k, const std::string& candidateBody = "{\"v\":2}") {
        exec("INSERT INTO comparisons (id, ts, req_method, req_url, primary_status, primary_body, candidate_status, "
             "candidate_body) VALUES ('c-" +
             std::to_string(k) + "', '2026-11-20T10:00:00Z', 'GET', '/u/" + std::to_string(k) +
             "', 200, '{\"v\":1}', 200, '" + candidateBody + "')");
    }
    sqlite3* db = nullptr;
};

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/dt_sqlite_XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path, ec);
    }
    std::string path;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class Collector : public ScanVisitor {
public:
    void record(unsigned worker, uint32_t chunk, Record& rec, const Locator& loc) override {
        std::lock_guard lock(m);
        workers.insert(worker);
        recs[loc.offset] = rec;
        EXPECT_EQ(loc.length, 0u);
        EXPECT_EQ(loc.line, 0u);
        chunkOf[loc.offset] = chunk;
    }
    void problem(unsigned, uint32_t, LoadProblem p) override {
        std::lock_guard lock(m);
        probs.push_back(std::move(p));
    }
    void chunkDone(uint32_t chunk, uint64_t) override {
        std::lock_guard lock(m);
        ++done[chunk];
    }
    std::mutex m;
    std::map<uint64_t, Record> recs;  // by rowid
    std::map<uint64_t, uint32_t> chunkOf;
    std::vector<LoadProblem> probs;
    std::map<uint32_t, int> done;
    std::set<unsigned> workers;
};

std::unique_ptr<Store> mustOpen(const std::string& path) {
    std::string error;
    auto store = Store::open(path, &error);
    EXPECT_TRUE(store) << error;
    return store;
}

std::string openError(const std::string& path) {
    std::string error;
    auto store = Store::open(path, &error);
    EXPECT_FALSE(store) << path;
    EXPECT_EQ(error.rfind(path + ": ", 0), 0u) << error;
    return error;
}

ScanSummary scanAll(Store& store, Collector& c, unsigned threads = 2) {
    ScanControl control;
    control.threads = threads;
    return store.scan(c, control);
}

template <class F>
int runUnprivileged(F fn, std::string* message) {
    int fds[2];
    if (pipe(fds) != 0) return -1;
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        if (geteuid() == 0 && (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0)) _exit(99);
        std::string out;
        const int rc = fn(out);
        if (write(fds[1], out.data(), out.size()) < 0) _exit(98);
        _exit(rc);
    }
    close(fds[1]);
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) message->append(buf, static_cast<size_t>(n));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string makeStore(const TempDir& dir, const std::string& name, int rows, const char* journal = "DELETE") {
    const std::string path = dir.path + "/" + name;
    Db db(path);
    db.exec(std::string("PRAGMA journal_mode=") + journal);
    db.exec(kSchema);
    db.exec("PRAGMA user_version=1");
    db.exec("BEGIN");
    for (int k = 1; k <= rows; ++k) db.insert(k);
    db.exec("COMMIT");
    return path;
}

TEST(SqliteStore, ReadsAllColumnsAndDetectsByContent) {
    TempDir dir;
    const std::string path = dir.path + "/store.jsonl";  // the extension lies; content decides
    {
        Db db(path);
        db.exec(kSchema);
        db.exec("PRAGMA user_version=1");
        db.exec(R"(INSERT INTO comparisons VALUES ('c-1','2026-11-20T10:00:00.123Z','GET /users/{id}','GET','/users/1',
          '{"Accept":["application/json"]}', NULL,
          200, '{"Content-Type":"application/json","X-Multi":["a","b"]}', '{"id":1}', 12.5, NULL,
          500, '{}', X'00FF10', 7.0, NULL,
          NULL, NULL, NULL, NULL, NULL,
          '{"before":{"row_version":7},"after":{"row_version":8}}', '{"before":{"row_version":6}}', NULL,
          '{"tenant":"acme","shard":3}', 100))");
        db.exec(R"(INSERT INTO comparisons (id, ts, req_method, req_url, primary_status, primary_body, candidate_status,
          candidate_body, candidate_error, secondary_status, secondary_body, weight)
          VALUES (42, 1795168800, 'POST', '/x', '201', 'p', NULL, NULL, 'timeout', 201, 's', NULL))");
    }
    auto store = mustOpen(path);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->format(), StoreFormat::Sqlite);
    EXPECT_EQ(formatName(store->format()), "sqlite");
    EXPECT_EQ(store->sizeHint(), 2u);
    Collector c;
    const ScanSummary s = scanAll(*store, c);
    EXPECT_TRUE(s.fatal.empty()) << s.fatal;
    EXPECT_EQ(s.records, 2u);
    ASSERT_EQ(c.recs.size(), 2u);
    const Record& a = c.recs.at(1);
    EXPECT_EQ(a.id, "c-1");
    EXPECT_EQ(a.ts, "2026-11-20T10:00:00.123Z");
    EXPECT_EQ(a.endpoint, "GET /users/{id}");
    EXPECT_EQ(a.request.url, "/users/1");
    ASSERT_EQ(a.request.headers.size(), 1u);
    EXPECT_EQ(a.primary.status, 200);
    ASSERT_EQ(a.primary.headers.size(), 3u);
    EXPECT_EQ(a.primary.headers[2], Header("X-Multi", "b"));
    EXPECT_EQ(a.primary.body, "{\"id\":1}");
    EXPECT_DOUBLE_EQ(a.primary.latency_ms.value_or(0), 12.5);
    EXPECT_TRUE(a.primary.has_state_before);
    EXPECT_EQ(a.primary.state_after.at(0).second, "8");
    EXPECT_EQ(a.candidate.body, std::string("\0\xff\x10", 3));
    EXPECT_EQ(a.candidate.status, 500);
    EXPECT_EQ(a.candidate.state_before.at(0).second, "6");
    EXPECT_FALSE(a.secondary.present);
    ASSERT_EQ(a.tags.size(), 2u);
    EXPECT_EQ(a.tags[0].second, "acme");
    EXPECT_EQ(a.tags[1].second, "3");
    EXPECT_DOUBLE_EQ(a.weight, 100);

    const Record& b = c.recs.at(2);
    EXPECT_EQ(b.id, "42");
    EXPECT_EQ(b.ts, "2026-11-20T10:00:00.000Z");
    EXPECT_EQ(b.primary.status, 201);
    EXPECT_TRUE(b.candidate.present);
    EXPECT_FALSE(b.candidate.status);
    EXPECT_EQ(b.candidate.error, "timeout");
    EXPECT_TRUE(b.secondary.present);
    EXPECT_EQ(b.secondary.body, "s");
    EXPECT_DOUBLE_EQ(b.weight, 1.0);

    std::string error;
    const auto back = store->read(Locator{1, 0, 0}, &error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(back->candidate.body, a.candidate.body);
    EXPECT_EQ(back->tags, a.tags);
    const auto raw = store->readRaw(Locator{1, 0, 0}, &error);
    ASSERT_TRUE(raw) << error;
    EXPECT_NE(raw->find("\"id\":\"c-1\""), std::string::npos) << *raw;
    EXPECT_NE(raw->find("\"candidate_body_base64\":\"AP8Q\""), std::string::npos) << *raw;
    EXPECT_NE(raw->find("\"rowid\":1"), std::string::npos) << *raw;
    EXPECT_FALSE(store->read(Locator{99, 0, 0}, &error));
    EXPECT_NE(error.find("no such row"), std::string::npos) << error;
}

TEST(SqliteStore, BadRowsAreProblemsOfThatRow) {
    TempDir dir;
    const std::string path = makeStore(dir, "bad.db", 5);
    {
        Db db(path);
        db.exec("UPDATE comparisons SET primary_headers = '{not json' WHERE id = 'c-2'");
        db.exec("UPDATE comparisons SET candidate_status = NULL, candidate_body = NULL WHERE id = 'c-4'");
        db.exec("UPDATE comparisons SET weight = -3 WHERE id = 'c-5'");
    }
    auto store = mustOpen(path);
    ASSERT_TRUE(store);
    Collector c;
    const ScanSummary s = scanAll(*store, c);
    EXPECT_EQ(s.records, 2u);
    EXPECT_EQ(s.problems, 3u);
    ASSERT_EQ(c.probs.size(), 3u);
    std::sort(c.probs.begin(), c.probs.end(), [](auto& a, auto& b) { return a.rowid < b.rowid; });
    EXPECT_EQ(c.probs[0].rowid, 2);
    EXPECT_EQ(c.probs[0].id, "c-2");
    EXPECT_EQ(c.probs[0].line, 0u);
    EXPECT_EQ(c.probs[0].reason.rfind("primary_headers: invalid JSON at byte", 0), 0u) << c.probs[0].reason;
    EXPECT_NE(c.probs[0].raw.find("{not json"), std::string::npos) << c.probs[0].raw;
    EXPECT_EQ(c.probs[1].rowid, 4);
    EXPECT_EQ(c.probs[1].reason, "missing required field \"candidate\"");
    EXPECT_EQ(c.probs[2].rowid, 5);
    EXPECT_NE(c.probs[2].reason.find("weight"), std::string::npos);
}

TEST(SqliteStore, MinimalSchemaAndExtraColumns) {
    TempDir dir;
    const std::string path = dir.path + "/min.db";
    {
        Db db(path);
        db.exec("CREATE TABLE comparisons (id TEXT, ts TEXT, req_method TEXT, req_url TEXT, primary_status INT, "
                "primary_body BLOB, candidate_status INT, candidate_body BLOB, pipeline_run TEXT, Extra BLOB)");
        db.exec("INSERT INTO comparisons VALUES ('a','2026-01-01T00:00:00Z','GET','/',200,'x',200,'y','run-9',X'00')");
    }
    auto store = mustOpen(path);
    ASSERT_TRUE(store);
    Collector c;
    EXPECT_EQ(scanAll(*store, c).records, 1u);
    ASSERT_EQ(c.recs.size(), 1u);
    EXPECT_EQ(c.recs.begin()->second.candidate.body, "y");
    EXPECT_TRUE(c.recs.begin()->second.tags.empty());
}

TEST(SqliteStore, WrongSchemaIsAClearError) {
    TempDir dir;
    const std::string other = dir.path + "/other.db";
    {
        Db db(other);
        db.exec("CREATE TABLE users (id INTEGER)");
        db.exec("CREATE TABLE orders (id INTEGER)");
    }
    const std::string e1 = openError(other);
    EXPECT_NE(e1.find("no table \"comparisons\""), std::string::npos) << e1;
    EXPECT_NE(e1.find("orders, users"), std::string::npos) << e1;

    const std::string partial = dir.path + "/partial.db";
    {
        Db db(partial);
        db.exec("CREATE TABLE comparisons (id TEXT, ts TEXT, req_url TEXT, primary_status INT, primary_body BLOB, "
                "candidate_body BLOB)");
    }
    const std::string e2 = openError(partial);
    EXPECT_NE(e2.find("lacks required columns: req_method, candidate_status"), std::string::npos) << e2;
}

TEST(SqliteStore, NewerUserVersionIsRefused) {
    TempDir dir;
    const std::string path = makeStore(dir, "v2.db", 1);
    {
        Db db(path);
        db.exec("PRAGMA user_version=2");
    }
    EXPECT_EQ(openError(path), path + ": schema version 2 is newer than this difftriage (reads 1)");
    {
        Db db(path);
        db.exec("PRAGMA user_version=0");
    }
    EXPECT_TRUE(mustOpen(path));
}

TEST(SqliteStore, CorruptDatabase) {
    TempDir dir;
    const std::string path = dir.path + "/corrupt.db";
    {
        Db db(path);
        db.exec(kSchema);
        db.exec("BEGIN");
        for (int k = 1; k <= 3000; ++k) db.insert(k, std::string(200 + k % 300, 'q'));
        db.exec("COMMIT");
    }
    std::string bytes = slurp(path);
    ASSERT_GT(bytes.size(), 400000u);
    for (size_t i = bytes.size() / 3; i < bytes.size() / 3 * 2; i += 1) bytes[i] = static_cast<char>(i * 131 + 7);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;

    std::string error;
    auto store = Store::open(path, &error);
    if (!store) {
        EXPECT_NE(error.find("malformed"), std::string::npos) << error;
    } else {
        Collector c;
        const ScanSummary s = scanAll(*store, c);
        EXPECT_LT(s.records, 3000u);
        // The damage is reported (a fatal error naming the file, or problems naming the rows), never
        // a silent short read.
        if (!s.fatal.empty()) {
            EXPECT_NE(s.fatal.find("database disk image is malformed"), std::string::npos) << s.fatal;
            EXPECT_EQ(s.fatal.rfind(path + ": ", 0), 0u) << s.fatal;
        } else {
            bool named = false;
            for (const auto& p : c.probs) named |= p.reason.find("malformed") != std::string::npos;
            EXPECT_TRUE(named) << "a problem says the table is damaged";
        }
    }

    const std::string garbage = dir.path + "/garbage.db";
    std::string junk = std::string("SQLite format 3\0", 16) + std::string(8192, '\x5a');
    std::ofstream(garbage, std::ios::binary) << junk;
    const std::string e = openError(garbage);
    EXPECT_TRUE(e.find("file is not a database") != std::string::npos || e.find("malformed") != std::string::npos) << e;
}

TEST(SqliteStore, LockedDatabaseIsAnErrorNotAHang) {
    TempDir dir;
    const std::string path = makeStore(dir, "locked.db", 10, "DELETE");
    auto early = mustOpen(path);  // opened before the lock: the scan must fail cleanly
    ASSERT_TRUE(early);
    Db holder(path);
    holder.exec("PRAGMA journal_mode=DELETE");
    holder.exec("BEGIN EXCLUSIVE");
    holder.exec("UPDATE comparisons SET weight = 2");

    // A hang would be caught by ctest's timeout; no wall-clock bound here (a busy machine is slow).
    EXPECT_EQ(openError(path), path + ": database is locked");
    Collector c;
    const ScanSummary s = scanAll(*early, c);
    EXPECT_NE(s.fatal.find("database is locked"), std::string::npos) << s.fatal;
    std::string error;
    EXPECT_FALSE(early->read(Locator{1, 0, 0}, &error));
    EXPECT_NE(error.find("database is locked"), std::string::npos) << error;
    holder.exec("ROLLBACK");
    EXPECT_TRUE(early->read(Locator{1, 0, 0}, &error)) << error;
}

// Both journal modes: a database whose file is 0444 in a 0555 directory, the WAL writer closed.
TEST(SqliteStore, ReadOnlyFileInReadOnlyDirectory) {
    for (const char* mode : {"WAL", "DELETE"}) {
        TempDir dir;
        const std::string path = makeStore(dir, "ro.db", 300, mode);
        ASSERT_FALSE(fs::exists(path + "-wal"));
        const std::string before = slurp(path);
        chmod(path.c_str(), 0444);
        chmod(dir.path.c_str(), 0555);
        std::string message;
        const int rc = runUnprivileged(
            [&](std::string& out) {
                std::string error;
                auto store = Store::open(path, &error);
                if (!store) {
                    out = error;
                    return 1;
                }
                Collector c;
                const ScanSummary s = scanAll(*store, c);
                out = s.fatal;
                if (!s.fatal.empty()) return 2;
                if (s.records != 300) return 3;
                if (!store->read(Locator{150, 0, 0}, &out)) return 4;
                return 0;
            },
            &message);
        EXPECT_EQ(rc, 0) << mode << ": " << message;
        std::set<std::string> files;
        for (const auto& e : fs::directory_iterator(dir.path)) files.insert(e.path().filename());
        EXPECT_EQ(files, std::set<std::string>{"ro.db"}) << mode;
        EXPECT_EQ(slurp(path), before) << mode;
    }
}

TEST(SqliteStore, ScansWhileAWalWriterInserts) {
    TempDir dir;
    const std::string path = makeStore(dir, "live.db", 2000, "WAL");
    std::atomic<bool> stop{false};
    std::atomic<int> written{2000};
    std::thread writer([&] {
        Db db(path);
        db.exec("PRAGMA journal_mode=WAL");
        int k = 2000;
        while (!stop) {
            db.exec("BEGIN");
            for (int i = 0; i < 50; ++i) db.insert(++k);
            db.exec("COMMIT");
            written = k;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    for (int round = 0; round < 5; ++round) {
        auto store = mustOpen(path);
        ASSERT_TRUE(store);
        dynamic_cast<SqliteStore&>(*store).setChunkRows(97);
        Collector c;
        const int before = written;
        const ScanSummary s = scanAll(*store, c, 2);
        EXPECT_TRUE(s.fatal.empty()) << s.fatal;
        EXPECT_EQ(s.problems, 0u);
        EXPECT_GE(s.records, uint64_t(before));
        for (const auto& [rowid, rec] : c.recs) ASSERT_EQ(rec.id, "c-" + std::to_string(rowid));
        std::string error;
        ASSERT_TRUE(store->read(Locator{1, 0, 0}, &error)) << error;
    }
    stop = true;
    writer.join();
}

TEST(SqliteStore, ParallelRowidRangesCoverEveryRowOnce) {
    TempDir dir;
    const std::string path = makeStore(dir, "many.db", 5000);
    {
        Db db(path);
        db.exec("DELETE FROM comparisons WHERE rowid % 7 = 0");  // gaps in the rowids
    }
    struct stat st0 {};
    ASSERT_EQ(stat(path.c_str(), &st0), 0);
    const std::string before = slurp(path);
    auto store = mustOpen(path);
    ASSERT_TRUE(store);
    auto& sq = dynamic_cast<SqliteStore&>(*store);
    sq.setChunkRows(100);
    std::mutex m;
    std::vector<std::pair<uint64_t, uint64_t>> calls;
    // Each worker holds its first record until another worker shows up (independent of scheduling).
    struct Waiter : Collector {
        std::mutex wm;
        std::condition_variable cv;
        std::set<unsigned> seen;
        void record(unsigned w, uint32_t ch, Record& r, const Locator& l) override {
            {
                std::unique_lock lock(wm);
                seen.insert(w);
                cv.notify_all();
                cv.wait_for(lock, std::chrono::seconds(10), [&] { return seen.size() > 1; });
            }
            Collector::record(w, ch, r, l);
        }
    } c;
    ScanControl control;
    control.threads = 3;
    control.progress = [&](uint64_t done, uint64_t total, uint64_t) {
        std::lock_guard lock(m);
        calls.emplace_back(done, total);
    };
    const ScanSummary s = store->scan(c, control);
    const uint64_t expected = 5000 - 5000 / 7;
    EXPECT_EQ(s.records, expected);
    EXPECT_EQ(c.recs.size(), expected);
    EXPECT_EQ(s.chunks, 50u);
    EXPECT_EQ(c.done.size(), 50u);
    EXPECT_GT(c.workers.size(), 1u);
    for (const auto& [rowid, chunk] : c.chunkOf) EXPECT_EQ(chunk, (rowid - 1) / 100) << rowid;
    ASSERT_FALSE(calls.empty());
    EXPECT_EQ(calls.back().first, calls.back().second);
    store.reset();
    struct stat st1 {};
    ASSERT_EQ(stat(path.c_str(), &st1), 0);
    EXPECT_EQ(st1.st_mtim.tv_sec, st0.st_mtim.tv_sec);
    EXPECT_EQ(st1.st_mtim.tv_nsec, st0.st_mtim.tv_nsec);
    EXPECT_EQ(slurp(path), before);
}

TEST(SqliteStore, CancelStopsTheScan) {
    TempDir dir;
    const std::string path = makeStore(dir, "cancel.db", 3000);
    auto store = mustOpen(path);
    ASSERT_TRUE(store);
    dynamic_cast<SqliteStore&>(*store).setChunkRows(50);
    std::atomic<bool> cancel{false};
    struct Canceller : Collector {
        std::atomic<bool>* flag = nullptr;
        std::atomic<int> seen{0};
        void record(unsigned w, uint32_t ch, Record& r, const Locator& l) override {
            if (++seen == 100) *flag = true;
            Collector::record(w, ch, r, l);
        }
    } c;
    c.flag = &cancel;
    ScanControl control;
    control.threads = 2;
    control.cancel = &cancel;
    const ScanSummary s = store->scan(c, control);
    EXPECT_TRUE(s.cancelled);
    EXPECT_LT(s.records, 3000u);
}

}  // namespace
}  // namespace dt

namespace dt {
namespace {

TEST(SqliteStore, ConcurrentReadBack) {
    TempDir dir;
    const std::string path = makeStore(dir, "concurrent.db", 400);
    auto store = mustOpen(path);
    ASSERT_TRUE(store);
    std::atomic<int> bad{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 300; ++i) {
                const uint64_t rowid = 1 + (i * 7 + t * 13) % 400;
                std::string error;
                const auto rec = store->read(Locator{rowid, 0, 0}, &error);
                const auto raw = store->readRaw(Locator{rowid, 0, 0}, &error);
                if (!rec || rec->id != "c-" + std::to_string(rowid) || !raw ||
                    raw->find("\"c-" + std::to_string(rowid) + "\"") == std::string::npos)
                    ++bad;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace dt
