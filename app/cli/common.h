// SPDX-License-Identifier: MIT
#pragma once
// Shared helpers of the difftriage-cli commands: option parsing, loading a store with progress on
// stderr, reporting load problems as "FILE:LINE: reason", JSON rendering of groups.
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/analysis/analysis.h"
#include "core/pg/pg_open.h"
#include "core/present/record_filter.h"

namespace dt::cli {

// Removes "--name VALUE" or "--name=VALUE" from args. Returns false when absent; sets *missing when
// the option is present without a value.
bool takeOption(Args& args, std::string_view name, std::string* value, bool* missing = nullptr);
bool takeFlag(Args& args, std::string_view name);
// After options were taken: any remaining "--x" is an unknown option.
bool rejectUnknownOptions(const Args& args, std::string_view command, std::ostream& err);

// Loads rules from a config file (null on error, errors printed as "FILE: /pointer: reason").
std::shared_ptr<const RuleProvider> loadRules(const std::string& path, std::ostream& err);

// Opens + analyzes a store, with a progress line on stderr when stderr is a terminal. Prints load
// problems (first 20 + a count) to `err` as "STORE:LINE: reason". Null (and a message) on failure.
// swapSides: `--swap-sides` (AnalyzeOptions::swap_sides): the candidate is the reference.
std::unique_ptr<Analysis> loadStore(const std::string& path, std::shared_ptr<const RuleProvider> rules,
                                    std::ostream& err, bool swapSides = false);
// Removes `--swap-sides` from args (every command that analyses a store takes it).
bool takeSwapSides(Args& args);

std::string isoTime(int64_t ms);
// `groups` of an indexed PostgreSQL store from its result tables (cmd_groups_indexed.cpp). Returns the
// exit code, or -1 when STORE is not such a store (or its index was built with other rules): scan it.
int groupsFromIndex(const std::string& store, const std::string& rulesPath, bool json, size_t limit, std::ostream& out,
                    std::ostream& err);
// The summary of an indexed PostgreSQL store (core/pg/pg_open.h: groups and counts from the index's
// aggregates) when STORE is one whose index was built with the rules at rulesPath (`rules`, loaded
// from it; "" / null = none): what `causes` and `check` read instead of scanning the store. nullopt
// otherwise, with a note on `err` when an index exists but is not used (the caller scans).
std::optional<pg::IndexOpen> openIndexedStore(const std::string& store, const std::string& rulesPath,
                                              std::shared_ptr<const RuleProvider> rules, std::ostream& err);
std::string percent(double v);
nlohmann::json groupJson(const Analysis& a, const Group& g, size_t sampleIds = 5);
nlohmann::json outcomesJson(const Analysis& a, bool weighted);
// A one-line summary of a difference set: "/name changed, /items/*/discount missing".

}  // namespace dt::cli
