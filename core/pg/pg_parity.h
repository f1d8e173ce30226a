// SPDX-License-Identifier: MIT
#pragma once
// The parity dashboard's series (core/parity) of an indexed PostgreSQL store, from SQL GROUP BY
// queries on the index's per-record rows (<schema>.records, pg_index.h) instead of records in
// memory: outcome weights per signature, endpoint and status pair; per time bucket and window
// step; latency values per endpoint and side. The sums are turned into the report by the same code
// as computeParity (core/parity/parity_tallies.h), so both give the same report on the same data.
//
// `summary` is the analysis opened from the index (pg_open.h, its groups at least): new signatures
// and top groups come from its groups. The triage filter's record criteria are pushed down too:
// endpoint, correlation id and time range in the WHERE clause, a status criterion as the status pairs
// it accepts, tag criteria as tests on the tags each row keeps. An index written before rows kept
// their tags cannot apply tag criteria: they are reported in `unapplied`.
// Read-only: one READ ONLY REPEATABLE READ transaction, so every query sees the same snapshot.
#include <atomic>
#include <optional>
#include <string>

#include "core/parity/parity.h"
#include "core/present/record_filter.h"

namespace dt::pg {

struct IndexParity {
    ParityReport report;
    bool filtered = false;  // some record criterion of the filter was applied
    std::string unapplied;  // criteria of the filter that were not ("tags"), "" when none
};

// nullopt + *error on failure; *error == "cancelled" when `cancel` was raised between queries.
// options.include is ignored (the filter says which records count).
std::optional<IndexParity> parityFromIndex(const std::string& storeUri, const std::string& schema,
                                           const Analysis& summary, const ParityOptions& options,
                                           const FilterSpec& filter, const std::atomic<bool>* cancel,
                                           std::string* error);

}  // namespace dt::pg
