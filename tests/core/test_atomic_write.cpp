// SPDX-License-Identifier: MIT
// writeFileAtomically: behaviour on success/failure, and crash safety proven by killing the
// writer process (fork + SIGKILL) at random points while it rewrites a file.
#include "core/util/atomic_write.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

class TempDir {
public:
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "dt-atomic-XXXXXX").string();
        std::vector<char> buf(tmpl.begin(), tmpl.end());
        buf.push_back('\0');
        char* p = ::mkdtemp(buf.data());
        if (!p) throw std::runtime_error("mkdtemp failed");
        m_path = p;
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(m_path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writePlain(const fs::path& p, const std::string& s) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << s;
}

std::vector<std::string> tempLeftovers(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        auto name = e.path().filename().string();
        if (name.find(".tmp-") != std::string::npos) out.push_back(name);
    }
    return out;
}

// A JSON document of roughly `bytes` bytes whose content identifies `version`.
std::string makeVersion(int version, size_t bytes) {
    nlohmann::json doc;
    doc["version"] = version;
    doc["rules"] = nlohmann::json::array();
    size_t size = 0;
    for (int i = 0; size < bytes; ++i) {
        std::string text =
            "rule-" + std::to_string(version) + "-" + std::to_string(i) + std::string(100, char('a' + version % 26));
        size += text.size() + 16;
        doc["rules"].push_back({{"name", text}, {"n", i}});
    }
    return doc.dump(1);
}

}  // namespace

TEST(AtomicWrite, CreatesNewFileWithContent) {
    TempDir dir;
    auto target = dir.path() / "rules.json";
    std::string err;
    ASSERT_TRUE(dt::writeFileAtomically(target.string(), "{\"a\":1}\n", &err)) << err;
    EXPECT_EQ(readFile(target), "{\"a\":1}\n");
    EXPECT_TRUE(tempLeftovers(dir.path()).empty());
}

TEST(AtomicWrite, ReplacesExistingContentAndKeepsPermissions) {
    TempDir dir;
    auto target = dir.path() / "rules.json";
    writePlain(target, std::string(10000, 'x'));
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    std::string err;
    ASSERT_TRUE(dt::writeFileAtomically(target.string(), "short", &err)) << err;
    EXPECT_EQ(readFile(target), "short");
    EXPECT_EQ(fs::status(target).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    EXPECT_TRUE(tempLeftovers(dir.path()).empty());
}

TEST(AtomicWrite, NewFileFollowsUmask) {
    TempDir dir;
    auto target = dir.path() / "new.json";
    mode_t old = ::umask(027);
    std::string err;
    bool ok = dt::writeFileAtomically(target.string(), "x", &err);
    ::umask(old);
    ASSERT_TRUE(ok) << err;
    EXPECT_EQ(fs::status(target).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
}

TEST(AtomicWrite, EmptyAndBinaryData) {
    TempDir dir;
    auto target = dir.path() / "bin";
    std::string err;
    ASSERT_TRUE(dt::writeFileAtomically(target.string(), "", &err)) << err;
    EXPECT_EQ(fs::file_size(target), 0u);
    std::string bin("a\0b\xff\n", 5);
    ASSERT_TRUE(dt::writeFileAtomically(target.string(), bin, &err)) << err;
    EXPECT_EQ(readFile(target), bin);
}

TEST(AtomicWrite, SymlinkIsKeptAndItsTargetReplaced) {
    TempDir dir;
    auto real = dir.path() / "real.json";
    auto link = dir.path() / "link.json";
    writePlain(real, "old");
    fs::create_symlink("real.json", link);
    std::string err;
    ASSERT_TRUE(dt::writeFileAtomically(link.string(), "new", &err)) << err;
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(readFile(real), "new");
    EXPECT_EQ(readFile(link), "new");
}

TEST(AtomicWrite, MissingDirectoryFailsWithMessageNamingThePath) {
    TempDir dir;
    auto target = dir.path() / "no" / "such" / "dir" / "rules.json";
    std::string err;
    EXPECT_FALSE(dt::writeFileAtomically(target.string(), "x", &err));
    EXPECT_NE(err.find(target.string()), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(target));
}

TEST(AtomicWrite, TargetIsADirectoryFailsAndLeavesNothing) {
    TempDir dir;
    auto target = dir.path() / "sub";
    fs::create_directory(target);
    std::string err;
    EXPECT_FALSE(dt::writeFileAtomically(target.string(), "x", &err));
    EXPECT_FALSE(err.empty());
    EXPECT_TRUE(fs::is_directory(target));
    EXPECT_TRUE(tempLeftovers(dir.path()).empty());
}

TEST(AtomicWrite, ReadOnlyDirectoryFailsAndKeepsOldContent) {
    if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
    TempDir dir;
    auto target = dir.path() / "rules.json";
    writePlain(target, "old");
    fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec);
    std::string err;
    EXPECT_FALSE(dt::writeFileAtomically(target.string(), "new", &err));
    EXPECT_FALSE(err.empty());
    fs::permissions(dir.path(), fs::perms::owner_all);
    EXPECT_EQ(readFile(target), "old");
}

TEST(AtomicWrite, RelativePathInCurrentDirectory) {
    TempDir dir;
    auto cwd = fs::current_path();
    fs::current_path(dir.path());
    std::string err;
    bool ok = dt::writeFileAtomically("plain.txt", "hello", &err);
    fs::current_path(cwd);
    ASSERT_TRUE(ok) << err;
    EXPECT_EQ(readFile(dir.path() / "plain.txt"), "hello");
}

// Harness: a writer child rewrites the file with version 1, 2, 3, ... as fast as it can; the parent
// kills it with SIGKILL after a random delay. After every kill the file is compared with the known
// versions. Leftover temp files are removed and counted (they prove some kills landed mid-write).
struct KillStats {
    int iterations = 0;
    int torn = 0;            // file was neither an old nor a new version, or did not parse
    int killedMidWrite = 0;  // a temp file was left behind
    int changed = 0;         // the file changed since the previous kill
    long perWriteUs = 0;
};

using Writer = bool (*)(const std::string& path, const std::string& data);

bool atomicWriter(const std::string& path, const std::string& data) {
    return dt::writeFileAtomically(path, data, nullptr);
}

KillStats killWriterRepeatedly(const fs::path& dir, Writer writer, int iterations) {
    KillStats stats;
    auto target = dir / "rules.json";
    const int kVersions = 64;
    std::vector<std::string> versions;
    for (int v = 0; v < kVersions; ++v) versions.push_back(makeVersion(v, 64 * 1024 + size_t(v) * 997));
    if (!writer(target.string(), versions[0])) throw std::runtime_error("initial write failed");

    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 5; ++i) writer(target.string(), versions[0]);
    stats.perWriteUs = std::max<long>(
        50, std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count() / 5);

    std::mt19937 rng(12345);
    std::uniform_int_distribution<long> delay(0, stats.perWriteUs * 3);
    std::string previous = versions[0];
    for (int it = 0; it < iterations; ++it) {
        int startVersion = 1 + it % (kVersions - 1);
        pid_t pid = ::fork();
        if (pid < 0) throw std::runtime_error("fork failed");
        if (pid == 0) {
            for (int v = startVersion;; v = 1 + v % (kVersions - 1)) {
                if (!writer(target.string(), versions[size_t(v)])) ::_exit(3);
            }
        }
        ::usleep(static_cast<useconds_t>(delay(rng)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        if (!WIFSIGNALED(status)) throw std::runtime_error("writer exited by itself");
        ++stats.iterations;

        std::string now = readFile(target);
        bool known = false;
        for (const auto& v : versions) known = known || (now == v);
        if (!known || !nlohmann::json::accept(now)) {
            ++stats.torn;
            writer(target.string(), versions[0]);  // start the next round from a good file
            now = versions[0];
        }
        if (now != previous) ++stats.changed;
        previous = now;
        auto left = tempLeftovers(dir);
        if (!left.empty()) ++stats.killedMidWrite;
        for (const auto& name : left) fs::remove(dir / name);
    }
    return stats;
}

TEST(AtomicWrite, SurvivesSigkillAtRandomPoints) {
    TempDir dir;
    const char* env = std::getenv("DT_KILL_ITERATIONS");
    const int iterations = env ? std::max(1, std::atoi(env)) : 300;
    KillStats s = killWriterRepeatedly(dir.path(), atomicWriter, iterations);
    std::cout << "[ kill test ] " << s.iterations << " kills, ~" << s.perWriteUs << " us per write, "
              << s.killedMidWrite << " killed mid-write, " << s.changed << " changed the file, " << s.torn << " torn\n";
    // Random delays cannot promise to hit every phase (a busy machine shifts them); the exact
    // phases are covered by SigkillAtEveryStep below. Whatever they hit must never tear the file.
    EXPECT_EQ(s.torn, 0);
}

// Deterministic: a child kills itself with SIGKILL exactly after step k of a write (the writer's
// step hook), for every k. The file must then hold the old or the new version, parseable.
int g_killAtStep = 0;
void killAtStep(int step) {
    if (step == g_killAtStep) ::raise(SIGKILL);
}

// A naive writer with the same hook points: truncate (1), half written (2), all written (3).
bool naiveHookedWriter(const std::string& path, const std::string& data) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.flush();
    killAtStep(1);
    out.write(data.data(), std::streamsize(data.size() / 2));
    out.flush();
    killAtStep(2);
    out.write(data.data() + data.size() / 2, std::streamsize(data.size() - data.size() / 2));
    out.flush();
    killAtStep(3);
    return bool(out);
}

// Runs `writer` in a child that dies at `step`; returns what the file holds afterwards.
std::string contentAfterKill(const fs::path& target, Writer writer, const std::string& next, int step) {
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        g_killAtStep = step;
        dt::setAtomicWriteStepHook(killAtStep);
        writer(target.string(), next);
        ::_exit(0);  // the step was never reached
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return readFile(target);
}

struct StepCase {
    const char* name;
    Writer writer;
    int steps;
    bool mayTear;
};

class SigkillAtEveryStep : public ::testing::TestWithParam<StepCase> {};

TEST_P(SigkillAtEveryStep, FileIsOldOrNew) {
    const StepCase& c = GetParam();
    TempDir dir;
    const fs::path target = dir.path() / "workspace.json";
    const std::string oldVersion = makeVersion(1, 64 * 1024), newVersion = makeVersion(2, 80 * 1024);
    int torn = 0;
    for (int step = 1; step <= c.steps; ++step) {
        ASSERT_TRUE(atomicWriter(target.string(), oldVersion));
        const std::string now = contentAfterKill(target, c.writer, newVersion, step);
        const bool intact = (now == oldVersion || now == newVersion) && nlohmann::json::accept(now);
        if (!intact) ++torn;
        if (!c.mayTear) {
            EXPECT_TRUE(intact) << "killed after step " << step << ": " << now.size() << " bytes";
            // Before the rename the old version is there; from the rename on, the new one.
            EXPECT_EQ(now, step < 5 ? oldVersion : newVersion) << "step " << step;
        }
        for (const auto& name : tempLeftovers(dir.path())) fs::remove(dir.path() / name);
    }
    // The harness must be able to see a torn file: the naive writer tears at every step.
    if (c.mayTear) {
        EXPECT_EQ(torn, c.steps);
    }
}

INSTANTIATE_TEST_SUITE_P(Writers, SigkillAtEveryStep,
                         ::testing::Values(StepCase{"atomic", atomicWriter, dt::kAtomicWriteSteps, false},
                                           StepCase{"naive", naiveHookedWriter, 2, true}),
                         [](const ::testing::TestParamInfo<StepCase>& info) { return std::string(info.param.name); });
