// SPDX-License-Identifier: MIT
#pragma once
// Pushdown: when a PostgreSQL store has been indexed (pg_index.h), its groups and outcome counts are
// read from the result tables with SQL on the server — per-signature aggregates kept by the index
// workers, or a live GROUP BY over <schema>.records — instead of scanning and diffing every record.
// Bodies are never read here; a record's detail is read back from the store when it is opened.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/analysis/outcome.h"

namespace dt::pg {

struct IndexedGroup {
    std::string signature;
    std::string outcome;  // "mismatch" or "drift"
    std::string endpoint;
    uint64_t count = 0;
    double weighted = 0;
    std::string first_ts, last_ts;  // RFC 3339 UTC, milliseconds
    struct Diff {
        std::string path, kind, cls;  // kind name; class text ("" in indexes written before signature v2)
    };
    std::vector<Diff> differences;
    std::optional<std::pair<int, int>> status_pair;
    std::vector<std::string> sample_ids;  // empty for a live GROUP BY
};

struct IndexedSummary {
    std::string schema;
    std::string rules;  // rules fingerprint the index was built with
    uint64_t records = 0;
    std::array<uint64_t, kOutcomeCount> counts{};
    std::array<double, kOutcomeCount> weights{};
    std::vector<IndexedGroup> groups;  // by count, descending, then signature
    double matchRate() const;          // as Analysis::matchRate()
};

// A result row's time in milliseconds as SQL (0 without a time). The index writes whole milliseconds,
// so the double precision epoch gives the exact value, many times faster than the numeric one.
inline constexpr const char* kRecordMsSql = "coalesce((date_part('epoch', ts) * 1000)::bigint, 0)";

// An outcome from its name as the result tables spell it (outcomeName()); nullopt for anything else.
std::optional<Outcome> outcomeFromName(std::string_view name);

// The index of a store URI: schema from ?schema= (default "difftriage") in the store's database.
// nullopt with *error empty when there is no index there; nullopt with *error set on failure.
// live: aggregate <schema>.records with GROUP BY now instead of reading <schema>.groups.
std::optional<IndexedSummary> readIndexedGroups(const std::string& storeUri, bool live, std::string* error);

}  // namespace dt::pg
