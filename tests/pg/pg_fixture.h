// SPDX-License-Identifier: MIT
#pragma once
// GoogleTest fixture helper for tests against the throwaway server: a fresh database holding a
// generated store (difftriage-gen, made once per distinct arguments) copied into the table
// "comparisons" with native column types.
#include <string>

#include "tests/pg/pg_test_server.h"

namespace dt::pgtest {

struct LoadedStore {
    TestServer* server = nullptr;
    std::string db;     // the database, "<prefix>_<pid>_<n>"
    std::string store;  // the store URI (…&table=comparisons)
};

// Registers the postgresql:// store scheme, so the URI opens with openStore.
// False (and *why) only when there is no server: the caller skips. Other failures are test failures.
bool loadGeneratedStore(LoadedStore& out, const std::string& dbPrefix, const std::string& genArgs, std::string* why);

}  // namespace dt::pgtest
