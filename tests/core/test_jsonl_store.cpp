// SPDX-License-Identifier: MIT
// JSONL reader: Store::open detection, parallel chunked scan, problems, read-back.
#include <fcntl.h>
#include <grp.h>
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

#include "core/store/jsonl_store.h"
#include "core/store/store.h"

namespace dt {
namespace {

namespace fs = std::filesystem;
const std::string kData = std::string(DT_TEST_DATA) + "/readers/";

// Collects everything a scan reports and turns chunk-relative line numbers into file line numbers.
class Collector : public ScanVisitor {
public:
    struct Rec {
        uint32_t chunk;
        Locator loc;
        Record rec;
        uint64_t line = 0;  // file line, after finish()
    };
    struct Prob {
        uint32_t chunk;
        LoadProblem p;
    };

    void record(unsigned worker, uint32_t chunk, Record& rec, const Locator& loc) override {
        std::lock_guard lock(m);
        workers.insert(worker);
        recs.push_back({chunk, loc, rec});
    }
    void problem(unsigned worker, uint32_t chunk, LoadProblem p) override {
        std::lock_guard lock(m);
        workers.insert(worker);
        probs.push_back({chunk, std::move(p)});
    }
    void chunkDone(uint32_t chunk, uint64_t lines) override {
        std::lock_guard lock(m);
        EXPECT_EQ(chunkLines.count(chunk), 0u) << "chunkDone twice for chunk " << chunk;
        chunkLines[chunk] = lines;
    }
    // Prefix sums by chunk; sorts records and problems into file order.
    void finish() {
        std::map<uint32_t, uint64_t> base;
        uint64_t sum = 0;
        for (const auto& [chunk, lines] : chunkLines) {
            base[chunk] = sum;
            sum += lines;
        }
        totalLines = sum;
        for (auto& r : recs) r.line = base[r.chunk] + r.loc.line;
        for (auto& p : probs) p.p.line += base[p.chunk];
        std::sort(recs.begin(), recs.end(), [](const Rec& a, const Rec& b) { return a.line < b.line; });
        std::sort(probs.begin(), probs.end(), [](const Prob& a, const Prob& b) { return a.p.line < b.p.line; });
    }

    std::mutex m;
    std::vector<Rec> recs;
    std::vector<Prob> probs;
    std::map<uint32_t, uint64_t> chunkLines;
    std::set<unsigned> workers;
    uint64_t totalLines = 0;
};

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/dt_jsonl_XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path, ec);
    }
    std::string file(const std::string& name, const std::string& content) const {
        const std::string p = path + "/" + name;
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }
    std::string path;
};

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string goodLine(int k, const std::string& body = "b") {
    return R"({"id":"r-)" + std::to_string(k) +
           R"(","ts":"2026-11-20T10:00:00Z","request":{"method":"GET","url":"/u/)" + std::to_string(k) +
           R"("},"primary":{"status":200,"body":"a"},"candidate":{"status":200,"body":")" + body + R"("}})";
}

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
    EXPECT_EQ(error.rfind(path + ": ", 0), 0u) << "error must start with the path: " << error;
    return error;
}

ScanSummary scanAll(Store& store, Collector& c, unsigned threads = 2) {
    ScanControl control;
    control.threads = threads;
    const ScanSummary s = store.scan(c, control);
    c.finish();
    return s;
}

// Runs fn in a child process; as root, the child drops to nobody first (root ignores permissions).
// fn returns an exit code; `message` receives what it wrote to the pipe.
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

TEST(JsonlStore, OpensByContentAndReadsEveryAlias) {
    auto store = mustOpen(kData + "aliases.jsonl");
    ASSERT_TRUE(store);
    EXPECT_EQ(store->format(), StoreFormat::Jsonl);
    EXPECT_EQ(formatName(store->format()), "jsonl");
    Collector c;
    const ScanSummary s = scanAll(*store, c);
    EXPECT_TRUE(s.fatal.empty()) << s.fatal;
    ASSERT_EQ(s.records, 5u);
    ASSERT_EQ(c.recs.size(), 5u);
    const char* prim[] = {"primary", "python_response", "control", "baseline", "legacy"};
    const char* cand[] = {"candidate", "shadow", "go_response", "experiment", "candidate"};
    for (int i = 0; i < 5; ++i) {
        const Record& r = c.recs[i].rec;
        EXPECT_EQ(r.id, "alias-" + std::to_string(i + 1));
        EXPECT_EQ(r.primary.body, std::string("{\"side\":\"") + prim[i] + "\"}");
        EXPECT_EQ(r.candidate.body, std::string("{\"side\":\"") + cand[i] + "\"}");
        ASSERT_EQ(r.primary.headers.size(), 1u);
        EXPECT_EQ(r.primary.headers[0].second, "application/json");
        EXPECT_EQ(c.recs[i].line, uint64_t(i + 1));
    }
}

TEST(JsonlStore, MixedFixtureReportsBadLinesAndSkipsBlankOnes) {
    auto store = mustOpen(kData + "mixed.jsonl");
    ASSERT_TRUE(store);
    Collector c;
    const ScanSummary s = scanAll(*store, c);
    EXPECT_EQ(s.records, 5u);
    EXPECT_EQ(s.problems, 3u);
    ASSERT_EQ(c.probs.size(), 3u);
    EXPECT_EQ(c.probs[0].p.line, 4u);
    EXPECT_NE(c.probs[0].p.reason.find("invalid JSON at byte"), std::string::npos) << c.probs[0].p.reason;
    EXPECT_EQ(c.probs[0].p.raw, "this is not json {");
    EXPECT_EQ(c.probs[1].p.line, 6u);
    EXPECT_EQ(c.probs[1].p.reason, "missing required field \"candidate\"");
    EXPECT_EQ(c.probs[1].p.id, "m-6");
    EXPECT_EQ(c.probs[2].p.line, 8u);
    std::vector<uint64_t> lines;
    for (const auto& r : c.recs) lines.push_back(r.line);
    EXPECT_EQ(lines, (std::vector<uint64_t>{1, 2, 5, 7, 9}));
    EXPECT_EQ(c.totalLines, 9u);
}

// Many lines, bad ones at known places, cut into tiny chunks scanned by several threads:
// file line numbers must come out right whatever the chunk size.
TEST(JsonlStore, LineNumbersCorrectAcrossChunkBoundaries) {
    TempDir dir;
    std::string content;
    std::set<uint64_t> badLines, blankLines;
    const int n = 600;
    for (int i = 1; i <= n; ++i) {
        if (i % 37 == 0) {
            content += R"({"id":"bad-)" + std::to_string(i) +
                       R"(","ts":"t"})"
                       "\n";  // missing request
            badLines.insert(i);
        } else if (i % 53 == 0) {
            content += "\t  \n";
            blankLines.insert(i);
        } else if (i % 71 == 0) {
            content += "{broken json\n";
            badLines.insert(i);
        } else {
            content += goodLine(i, std::string(i % 13 * 7, 'x')) + "\n";
        }
    }
    const std::string path = dir.file("many.jsonl", content);
    for (const uint64_t chunk :
         {uint64_t(1), uint64_t(7), uint64_t(150), uint64_t(4096), JsonlStore::kDefaultChunkBytes}) {
        for (const unsigned threads : {1u, 2u, 4u}) {
            auto store = mustOpen(path);
            ASSERT_TRUE(store);
            auto* jsonl = dynamic_cast<JsonlStore*>(store.get());
            ASSERT_TRUE(jsonl);
            jsonl->setChunkBytes(chunk);
            Collector c;
            const ScanSummary s = scanAll(*store, c, threads);
            SCOPED_TRACE("chunk=" + std::to_string(chunk) + " threads=" + std::to_string(threads));
            EXPECT_TRUE(s.fatal.empty());
            EXPECT_EQ(s.chunks, (content.size() + chunk - 1) / chunk);
            EXPECT_EQ(c.chunkLines.size(), s.chunks);
            EXPECT_EQ(c.totalLines, uint64_t(n));
            EXPECT_EQ(s.records, uint64_t(n) - badLines.size() - blankLines.size());
            ASSERT_EQ(c.probs.size(), badLines.size());
            std::set<uint64_t> got;
            for (const auto& p : c.probs) got.insert(p.p.line);
            EXPECT_EQ(got, badLines);
            for (const auto& r : c.recs) {
                ASSERT_EQ(r.rec.id, "r-" + std::to_string(r.line));
                EXPECT_EQ(r.rec.request.url, "/u/" + std::to_string(r.line));
                const auto raw = store->readRaw(r.loc);
                ASSERT_TRUE(raw);
                EXPECT_EQ(*raw, goodLine(static_cast<int>(r.line), std::string(r.line % 13 * 7, 'x')));
            }
        }
    }
}

TEST(JsonlStore, TruncatedLastLine) {
    auto store = mustOpen(kData + "truncated.jsonl");
    ASSERT_TRUE(store);
    Collector c;
    const ScanSummary s = scanAll(*store, c);
    EXPECT_EQ(s.records, 2u);
    ASSERT_EQ(c.probs.size(), 1u);
    EXPECT_EQ(c.probs[0].p.line, 3u);
    EXPECT_EQ(c.probs[0].p.reason.rfind("incomplete last line, still being written?", 0), 0u) << c.probs[0].p.reason;
    EXPECT_EQ(c.probs[0].p.rows, 0u) << "not counted as an invalid record";
    EXPECT_EQ(c.probs[0].p.id, "m-3");
}

TEST(JsonlStore, LastLineWithoutNewlineThatParsesIsLoaded) {
    TempDir dir;
    const std::string path = dir.file("nonl.jsonl", goodLine(1) + "\n" + goodLine(2));
    auto store = mustOpen(path);
    ASSERT_TRUE(store);
    Collector c;
    EXPECT_EQ(scanAll(*store, c).records, 2u);
    EXPECT_TRUE(c.probs.empty());
}

TEST(JsonlStore, InvalidUtf8IsReplacedAndLoaded) {
    TempDir dir;
    std::string bad = goodLine(2, "caf\xe9 \xff\xfe end");
    const std::string path = dir.file("latin1.jsonl", goodLine(1) + "\n" + bad + "\n" + goodLine(3) + "\n");
    auto store = mustOpen(path);
    ASSERT_TRUE(store);
    Collector c;
    const ScanSummary s = scanAll(*store, c);
    EXPECT_EQ(s.records, 3u);
    EXPECT_EQ(s.problems, 0u);
    ASSERT_EQ(c.recs.size(), 3u);
    EXPECT_EQ(c.recs[1].rec.candidate.body, "caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD end");
    const auto back = store->read(c.recs[1].loc);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->candidate.body, c.recs[1].rec.candidate.body);
}

TEST(JsonlStore, TenMegabyteLine) {
    TempDir dir;
    const std::string big(12u << 20, 'z');
    std::string content =
        goodLine(1) + "\n" + goodLine(2, big) + "\n" + goodLine(3) + "\n" + "{oops\n" + goodLine(5) + "\n";
    const std::string path = dir.file("big.jsonl", content);
    for (const uint64_t chunk : {uint64_t(1) << 20, JsonlStore::kDefaultChunkBytes}) {
        auto store = mustOpen(path);
        ASSERT_TRUE(store);
        dynamic_cast<JsonlStore&>(*store).setChunkBytes(chunk);
        Collector c;
        const ScanSummary s = scanAll(*store, c, 2);
        EXPECT_EQ(s.records, 4u);
        ASSERT_EQ(c.probs.size(), 1u);
        EXPECT_EQ(c.probs[0].p.line, 4u);
        ASSERT_EQ(c.recs.size(), 4u);
        EXPECT_EQ(c.recs[1].line, 2u);
        EXPECT_EQ(c.recs[1].rec.candidate.body.size(), big.size());
        EXPECT_EQ(c.recs[1].loc.length, goodLine(2, big).size());
        EXPECT_EQ(c.recs[3].line, 5u);
        const auto back = store->read(c.recs[1].loc);
        ASSERT_TRUE(back);
        EXPECT_EQ(back->candidate.body, big);
    }
}

TEST(JsonlStore, ReadRoundTripAndReadErrors) {
    TempDir dir;
    std::string content;
    for (int i = 1; i <= 50; ++i) content += goodLine(i, "body-" + std::to_string(i)) + "\n";
    const std::string path = dir.file("rt.jsonl", content);
    auto store = mustOpen(path);
    ASSERT_TRUE(store);
    Collector c;
    scanAll(*store, c);
    ASSERT_EQ(c.recs.size(), 50u);
    for (const auto& r : c.recs) {
        std::string error;
        const auto back = store->read(r.loc, &error);
        ASSERT_TRUE(back) << error;
        EXPECT_EQ(back->id, r.rec.id);
        EXPECT_EQ(back->candidate.body, r.rec.candidate.body);
        EXPECT_EQ(back->request.url, r.rec.request.url);
    }
    std::string error;
    Locator past{content.size() + 10, 20, 1};
    EXPECT_FALSE(store->read(past, &error));
    EXPECT_EQ(error.rfind(path + ": ", 0), 0u) << error;
    Locator mid{3, 10, 1};  // not the start of a line
    EXPECT_FALSE(store->read(mid, &error));
    EXPECT_NE(error.find("byte 3"), std::string::npos) << error;
}

TEST(JsonlStore, BomCrlfFixture) {
    auto store = mustOpen(kData + "bom_crlf.jsonl");
    ASSERT_TRUE(store);
    Collector c;
    const ScanSummary s = scanAll(*store, c);
    EXPECT_EQ(s.records, 2u);
    EXPECT_EQ(s.problems, 0u);
    ASSERT_EQ(c.recs.size(), 2u);
    EXPECT_EQ(c.recs[0].loc.offset, 3u);  // after the BOM
    EXPECT_EQ(c.recs[0].rec.id, "m-1");
    EXPECT_TRUE(store->read(c.recs[1].loc));
}

TEST(JsonlStore, RefusesThingsThatAreNotStores) {
    EXPECT_NE(openError(kData + "screenshot.jsonl").find("PNG image"), std::string::npos);
    EXPECT_NE(openError(kData + "utf16.jsonl").find("UTF-16 encoded; convert to UTF-8"), std::string::npos);
    TempDir dir;
    EXPECT_NE(
        openError(dir.file("a.jsonl.gz", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8) + "xyz")).find("gzip"),
        std::string::npos);
    std::string binary(3000, '\0');
    for (size_t i = 0; i < binary.size(); i += 3) binary[i] = static_cast<char>(i * 7 + 1);
    EXPECT_NE(openError(dir.file("blob.jsonl", binary)).find("binary"), std::string::npos);
    EXPECT_NE(openError(dir.path).find("directory"), std::string::npos);
    EXPECT_NE(openError(dir.path + "/missing.jsonl").find("no such file"), std::string::npos);
    std::string u16;
    for (const char ch : goodLine(1)) {
        u16.push_back(ch);
        u16.push_back('\0');
    }
    EXPECT_NE(openError(dir.file("nobom16.jsonl", u16)).find("UTF-16"), std::string::npos);
}

TEST(JsonlStore, NulBytesAfterAJsonLineStillOpen) {
    TempDir dir;
    const std::string path = dir.file("nul.jsonl", goodLine(1) + "\n" + std::string("\0\0garbage\0", 10) + "\n");
    auto store = mustOpen(path);
    ASSERT_TRUE(store);
    Collector c;
    const ScanSummary s = scanAll(*store, c);
    EXPECT_EQ(s.records, 1u);
    EXPECT_EQ(s.problems, 1u);
}

TEST(JsonlStore, UnreadableFileIsAClearError) {
    TempDir dir;
    const std::string path = dir.file("secret.jsonl", goodLine(1) + "\n");
    chmod(path.c_str(), 0);
    chmod(dir.path.c_str(), 0755);
    std::string message;
    const int rc = runUnprivileged(
        [&](std::string& out) {
            std::string error;
            auto store = Store::open(path, &error);
            out = error;
            return store ? 1 : 0;
        },
        &message);
    EXPECT_EQ(rc, 0);
    EXPECT_EQ(message, path + ": permission denied (cannot read the file)");
}

TEST(JsonlStore, EmptyFileOpensWithNoRecords) {
    TempDir dir;
    for (const std::string& content : {std::string(), std::string("\xef\xbb\xbf"), std::string("\n\n  \n")}) {
        auto store = mustOpen(dir.file("empty.jsonl", content));
        ASSERT_TRUE(store);
        Collector c;
        const ScanSummary s = scanAll(*store, c);
        EXPECT_EQ(s.records, 0u);
        EXPECT_EQ(s.problems, 0u);
        EXPECT_TRUE(s.fatal.empty());
    }
}

TEST(JsonlStore, ScanNeverWritesTheFile) {
    TempDir dir;
    std::string content;
    for (int i = 1; i <= 200; ++i) content += goodLine(i) + "\n";
    const std::string path = dir.file("evidence.jsonl", content);
    struct timespec old[2] = {{1600000000, 0}, {1600000000, 0}};
    ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), old, 0), 0);
    struct stat before {};
    ASSERT_EQ(stat(path.c_str(), &before), 0);
    {
        auto store = mustOpen(path);
        ASSERT_TRUE(store);
        dynamic_cast<JsonlStore&>(*store).setChunkBytes(1000);
        Collector c;
        EXPECT_EQ(scanAll(*store, c).records, 200u);
        for (const auto& r : c.recs) ASSERT_TRUE(store->read(r.loc));
    }
    struct stat after {};
    ASSERT_EQ(stat(path.c_str(), &after), 0);
    EXPECT_EQ(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
    EXPECT_EQ(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
    EXPECT_EQ(after.st_size, before.st_size);
    EXPECT_EQ(slurp(path), content);
}

TEST(JsonlStore, CancelStopsTheScan) {
    TempDir dir;
    std::string content;
    for (int i = 1; i <= 5000; ++i) content += goodLine(i) + "\n";
    const std::string path = dir.file("cancel.jsonl", content);
    auto store = mustOpen(path);
    ASSERT_TRUE(store);
    dynamic_cast<JsonlStore&>(*store).setChunkBytes(4096);
    std::atomic<bool> cancel{false};
    struct Canceller : Collector {
        std::atomic<bool>* flag = nullptr;
        std::atomic<int> seen{0};
        void record(unsigned w, uint32_t c, Record& r, const Locator& l) override {
            if (++seen == 100) *flag = true;
            Collector::record(w, c, r, l);
        }
    } c;
    c.flag = &cancel;
    ScanControl control;
    control.threads = 2;
    control.cancel = &cancel;
    const ScanSummary s = store->scan(c, control);
    EXPECT_TRUE(s.cancelled);
    EXPECT_LT(s.records, 5000u);
    EXPECT_GE(s.records, 100u);
}

TEST(JsonlStore, ProgressReachesTotal) {
    TempDir dir;
    std::string content;
    for (int i = 1; i <= 3000; ++i) content += goodLine(i) + "\n";
    const std::string path = dir.file("progress.jsonl", content);
    auto store = mustOpen(path);
    ASSERT_TRUE(store);
    dynamic_cast<JsonlStore&>(*store).setChunkBytes(10000);
    std::mutex m;
    std::vector<std::tuple<uint64_t, uint64_t, uint64_t>> calls;
    ScanControl control;
    control.threads = 2;
    control.progress = [&](uint64_t done, uint64_t total, uint64_t records) {
        std::lock_guard lock(m);
        calls.emplace_back(done, total, records);
    };
    Collector c;
    const ScanSummary s = store->scan(c, control);
    ASSERT_FALSE(calls.empty());
    for (const auto& [done, total, records] : calls) {
        EXPECT_LE(done, total);
        EXPECT_EQ(total, content.size());
        EXPECT_LE(records, 3000u);
    }
    EXPECT_EQ(std::get<0>(calls.back()), content.size());
    EXPECT_EQ(std::get<2>(calls.back()), s.records);
}

TEST(JsonlStore, GrowingFileScansUpToSizeAtScanStart) {
    TempDir dir;
    std::string content;
    for (int i = 1; i <= 10; ++i) content += goodLine(i) + "\n";
    const std::string path = dir.file("grow.jsonl", content);
    auto store = mustOpen(path);
    ASSERT_TRUE(store);
    {
        std::ofstream out(path, std::ios::app | std::ios::binary);
        out << goodLine(11) << "\n" << goodLine(12).substr(0, 30);  // a writer mid-record
    }
    Collector c;
    const ScanSummary s = scanAll(*store, c);
    EXPECT_EQ(s.records, 11u);
    ASSERT_EQ(c.probs.size(), 1u);
    EXPECT_EQ(c.probs[0].p.line, 12u);
}

}  // namespace
}  // namespace dt

namespace dt {
namespace {

TEST(JsonlStore, ConcurrentReadBack) {
    TempDir dir;
    std::string content;
    for (int i = 1; i <= 300; ++i) content += goodLine(i, std::string(i, 'k')) + "\n";
    auto store = mustOpen(dir.file("concurrent.jsonl", content));
    ASSERT_TRUE(store);
    Collector c;
    scanAll(*store, c);
    ASSERT_EQ(c.recs.size(), 300u);
    std::atomic<int> bad{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 600; ++i) {
                const auto& r = c.recs[(i * 11 + t * 17) % c.recs.size()];
                const auto back = store->read(r.loc);
                if (!back || back->id != r.rec.id || back->candidate.body != r.rec.candidate.body) ++bad;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace dt

namespace dt {
namespace {

// Worker 0 holds its first record until a second worker shows up: proves chunks are handed out to
// several threads without depending on how the OS schedules them.
TEST(JsonlStore, SeveralWorkersShareTheChunks) {
    TempDir dir;
    std::string content;
    for (int i = 1; i <= 400; ++i) content += goodLine(i) + "\n";
    auto store = mustOpen(dir.file("workers.jsonl", content));
    ASSERT_TRUE(store);
    dynamic_cast<JsonlStore&>(*store).setChunkBytes(2000);
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
    const ScanSummary s = scanAll(*store, c, 2);
    EXPECT_EQ(s.records, 400u);
    EXPECT_EQ(c.workers, (std::set<unsigned>{0, 1}));
    for (const auto& r : c.recs) ASSERT_EQ(r.rec.id, "r-" + std::to_string(r.line));
}

}  // namespace
}  // namespace dt
