// SPDX-License-Identifier: MIT
#pragma once
// Opening an indexed PostgreSQL store (pg_index.h) from its result tables, in two steps, without
// scanning or diffing the store:
//  1. openIndexSummary: groups and outcome counts from the per-signature aggregates (pg_pushdown.h)
//     as an Analysis with no records yet (AnalysisAssembler::summary) — milliseconds, whatever the
//     store's size; what a window shows first.
//  2. readIndexedRecords: every row of <schema>.records (key, id, outcome, signature, endpoint, ts,
//     weight, statuses, latencies, raw result, tags; keyset pages by key in one read-only snapshot),
//     the difference set of every signature and the store-noise tables, assembled into a full
//     Analysis (AnalysisAssembler): records, members, filters and dashboards as after a scan, and
//     rules applied to it as to a scan (Analysis::applyRules). Bodies stay in the store: a
//     record's detail reads that one row by key (PgStore::read) and compares it as usual.
// Nothing is written, neither to the store table nor to the result tables.
//
// Rules: the index was built with a rules fingerprint (sha256 of the rules file, "" = none). It is
// used when it equals the caller's, or when it was built without rules (the caller then applies its
// rules to the analysis itself, re-reading only the records they may touch). An index built with
// other rules is refused (IndexOpen::refused), as `difftriage-cli groups` does.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/analysis/analysis.h"

namespace dt::pg {

struct IndexOpenOptions {
    std::string rulesFingerprint;               // the caller's rules ("" = none), see rulesFingerprint()
    std::shared_ptr<const RuleProvider> rules;  // those rules
};

struct IndexOpen {
    std::unique_ptr<Analysis> analysis;  // the summary; null when the store is not opened from an index
    std::string schema;                  // where the index lives
    uint64_t records = 0;                // records the index holds
    // The rules the analysis reports (Analysis::rules()): the caller's when the index was built with
    // them, else null (an index without rules).
    std::shared_ptr<const RuleProvider> rules;
    // Non-empty when an index exists but is not used (built with other rules, unreadable): why. Empty
    // with a null analysis: there is no index (or the URI is not PostgreSQL).
    std::string refused;
    // Per signature: the first record ids of its group (by key), as the index's aggregates keep them.
    std::unordered_map<std::string, std::vector<std::string>> sampleIds;
};

// Step 1. Never throws; failures are reported through IndexOpen::refused.
IndexOpen openIndexSummary(const std::string& storeUri, const IndexOpenOptions& options);

struct IndexRecordsOptions {
    std::string schema;                         // IndexOpen::schema
    std::shared_ptr<const RuleProvider> rules;  // IndexOpen::rules
    uint64_t expected = 0;                      // IndexOpen::records, for progress
    int pageRows = 20000;                       // rows per keyset page
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(uint64_t done, uint64_t total)> progress;
};

// Step 2. Null + *error on failure; *error == "cancelled" when cancelled.
std::unique_ptr<Analysis> readIndexedRecords(const std::string& storeUri, const IndexRecordsOptions& options,
                                             std::string* error);

// The fingerprint an index records for a rules file: sha256 (hex) of its text; "" for no rules.
std::string rulesFingerprint(std::string_view rulesText);
// The same for a file ("" when it cannot be read).
std::string rulesFileFingerprint(const std::string& path);

}  // namespace dt::pg
