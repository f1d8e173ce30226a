// SPDX-License-Identifier: MIT
#pragma once
// A rules change on an indexed shard without reading the whole shard again (difftriage-cli index,
// pg_index.h). The rows a shard wrote keep each record's raw (pre-rules) outcome and signature and
// whether noise explained one of its differences, and the shard keeps its store-noise table
// (<schema>.noise). From these the shard's analysis is assembled as the scan left it before rules
// (AnalysisAssembler), and the new rules are applied to it as to an analysis in memory: a record
// whose raw differences no rule may touch keeps its raw result (as in Analysis::applyRules); a
// mismatch none of whose differences noise explained, whose touched differences are all decided by
// keys (rules_keys.h), takes the result those decisions give without being read; every other
// touched record (noise, drift, explained differences, rules that change how values compare) is
// read back from the store, by key, and compared again (Analysis::evaluate). Rows whose outcome,
// signature or explanation changed are updated, in one transaction with the shard's new rules
// fingerprint.
//
// The result equals a full run of the shard under the new rules, for the same store rows: the raw
// results, the noise table and the endpoint templates are the ones that run computes. (Rows appended
// by incremental runs were classified under the noise table of their own run, as before.)
#include <cstdint>
#include <string>

#include "core/pg/pg_index.h"

namespace dt::pg {

class PgConn;

struct ReevaluateReport {
    uint64_t considered = 0;  // rows whose raw result has differences (mismatch, noise, drift)
    uint64_t reread = 0;      // of those, records read back from the store and compared again
    uint64_t changed = 0;     // rows updated
};

// Re-applies options.rules (fingerprint options.rulesFingerprint) to the rows of `shard` in `schema`
// through `out` (a read-write connection). Records are read back from `storeUri`. False + *error on
// failure or cancel (*error == "cancelled"); nothing is changed then.
bool reevaluateShard(PgConn& out, const std::string& schema, const std::string& shard, const std::string& storeUri,
                     const IndexOptions& options, ReevaluateReport* report, std::string* error);

}  // namespace dt::pg
