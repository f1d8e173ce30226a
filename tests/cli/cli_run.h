// SPDX-License-Identifier: MIT
#pragma once
// Runs the real difftriage-cli binary and captures stdout, stderr and the exit code.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace dt::test {

// A path in the test's temporary directory, unique to this process.
inline std::string temp(const std::string& name) {
    return ::testing::TempDir() + "cli_" + std::to_string(::getpid()) + "_" + name;
}

struct CliResult {
    int code = -1;
    std::string out;
    std::string err;
};

inline std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'')
            q += "'\\''";
        else
            q += c;
    }
    return q + "'";
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline CliResult runCli(const std::vector<std::string>& args, const std::string& binary = DT_CLI) {
    static int counter = 0;
    const std::string base =
        ::testing::TempDir() + "cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    std::string cmd = shellQuote(binary);
    for (const auto& a : args) cmd += " " + shellQuote(a);
    cmd += " >" + base + ".out 2>" + base + ".err </dev/null";
    const int status = std::system(cmd.c_str());
    CliResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(base + ".out");
    r.err = slurp(base + ".err");
    std::remove((base + ".out").c_str());
    std::remove((base + ".err").c_str());
    return r;
}

}  // namespace dt::test
