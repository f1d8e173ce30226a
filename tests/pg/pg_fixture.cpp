// SPDX-License-Identifier: MIT
// A database holding a generated store, for the pg tests (pg_fixture.h).
#include "tests/pg/pg_fixture.h"

#include "core/pg/pg_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <map>

#include "tests/pg/pg_load.h"

namespace dt::pgtest {

namespace {

// The SQLite store difftriage-gen writes for `genArgs`, generated once per test process.
std::string generatedSqlite(const std::string& genArgs) {
    static std::map<std::string, std::string> made;
    auto it = made.find(genArgs);
    if (it != made.end()) return it->second;
    char tmpl[] = "/tmp/dt-pgstore-XXXXXX";
    const char* dir = ::mkdtemp(tmpl);
    EXPECT_NE(dir, nullptr);
    const std::string out = std::string(dir ? dir : "/tmp") + "/s.sqlite";
    // Profiles (--profile) write JSONL only: converted here.
    const bool viaJsonl = genArgs.find("--profile") != std::string::npos;
    const std::string cmd = std::string(DT_GEN) + " " + genArgs +
                            (viaJsonl ? " --jsonl " + out + ".jsonl" : " --sqlite " + out) + " >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    if (viaJsonl) {
        EXPECT_EQ(jsonlToSqlite(out + ".jsonl", out), "");
    }
    return made.emplace(genArgs, out).first->second;
}

}  // namespace

bool loadGeneratedStore(LoadedStore& f, const std::string& dbPrefix, const std::string& genArgs, std::string* why) {
    f.server = sharedServer(why);
    if (!f.server) return false;
    static int n = 0;
    f.db = dbPrefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(n++);
    EXPECT_EQ(f.server->createDatabase(f.db), "");
    EXPECT_EQ(loadSqlite(*f.server, f.db, "comparisons", generatedSqlite(genArgs), Columns::Native), "");
    f.store = f.server->uri(f.db) + "&table=comparisons";
    pg::registerPostgresStores();
    return true;
}

}  // namespace dt::pgtest
