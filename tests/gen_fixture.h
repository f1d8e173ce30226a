// SPDX-License-Identifier: MIT
#pragma once
// Generated stores shared by every test process of one build. ctest runs each TEST in a process of
// its own, so a store generated in SetUpTestSuite (or a function-local static) was generated once per
// test. difftriage-gen is deterministic (same arguments, same binary -> same bytes), so the first
// process generates into DT_FIXTURE_DIR/gen-<key> (key: the arguments and the generator binary's
// size and mtime) and every later one reuses it. Concurrent processes (ctest -j) race safely: each
// generates into a private folder and renames it into place; the loser uses the winner's.
// Tests only read these stores; they must write their own files elsewhere.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/util/fnv1a.h"

namespace dt::test {

// Runs `DT_GEN <args> <flag> <dir>/<file>...` once per build and returns <dir>; the outputs are
// (flag, file name) pairs, e.g. {{"--jsonl", "store.jsonl"}, {"--truth", "truth.json"}}. Returns ""
// when the generator fails.
inline std::string generatedFixture(const std::string& args,
                                    const std::vector<std::pair<std::string, std::string>>& outputs) {
    namespace fs = std::filesystem;
    struct stat st {};
    std::string key = args;
    for (const auto& [flag, file] : outputs) key += " " + flag + " " + file;
    if (::stat(DT_GEN, &st) == 0)
        key += "|" + std::to_string(st.st_size) + "|" + std::to_string(st.st_mtim.tv_sec) + "." +
               std::to_string(st.st_mtim.tv_nsec);
    const uint64_t h = fnv1a(key);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    const fs::path root = DT_FIXTURE_DIR;
    const fs::path dir = root / ("gen-" + std::string(hex));
    std::error_code ec;
    if (fs::exists(dir / ".complete", ec)) return dir.string();

    fs::create_directories(root, ec);
    const fs::path tmp = root / ("tmp-" + std::string(hex) + "-" + std::to_string(::getpid()));
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp, ec);
    std::string cmd = std::string(DT_GEN) + " " + args;
    for (const auto& [flag, file] : outputs) cmd += " " + flag + " '" + (tmp / file).string() + "'";
    cmd += " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) {
        fs::remove_all(tmp, ec);
        return "";
    }
    {
        std::FILE* f = std::fopen((tmp / ".complete").c_str(), "w");
        if (f) std::fclose(f);
    }
    fs::rename(tmp, dir, ec);  // fails when another process was first: use its copy
    if (ec) fs::remove_all(tmp, ec);
    return fs::exists(dir / ".complete", ec) ? dir.string() : "";
}

}  // namespace dt::test
