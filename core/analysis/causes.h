// SPDX-License-Identifier: MIT
#pragma once
// Causes: one unit per decision, counted over the whole store (issue 9). A cause is one
// difference pattern:
//  - representation-only classes (value_class.h) merge across paths and endpoints: one cause per
//    (kind, class) for body keys ("candidate omits null members"), one per host pair for
//    url_host, one per (header name, class) for headers;
//  - value changes stay one cause per (endpoint template, generalized path, kind, class text);
//  - a status pair is one cause per (endpoint, pair); a candidate error one per endpoint.
// A mismatch record belongs to every cause of its remaining differences (after rules and noise),
// so causes are computed from the groups: O(groups), no record is re-read.
#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis/analysis.h"

namespace dt {

struct Cause {
    std::string id;   // 12 hex digits, stable like signatures (canonical text: causeKeyText)
    std::string key;  // the canonical key text the id hashes
    DiffKind kind = DiffKind::Changed;
    std::string cls;                     // class name ("null_vs_missing")
    std::string param;                   // class parameter when it is part of the cause ("+1h", host pair, header name)
    bool representation = false;         // representation only (same value, other spelling)
    std::string title;                   // "candidate omits null members", "GET /events/{id}: /starts_at shifted +1h"
    std::vector<std::string> paths;      // generalized paths (header names for headers), sorted
    std::vector<std::string> endpoints;  // endpoint templates, sorted
    std::vector<uint32_t> groups;        // indices into Analysis::groups()
    uint64_t count = 0;                  // records
    double weighted = 0;
};

struct CauseIndex {
    std::vector<Cause> causes;                       // ranked: weighted records, then records, then id
    std::vector<std::vector<uint32_t>> groupCauses;  // per group: indices into causes (sorted)
    uint64_t records = 0;                            // mismatch records that have a cause

    // Causes of one record (empty for records outside mismatch groups).
    const std::vector<uint32_t>& causesOfRecord(const Analysis& a, uint32_t record) const;
    std::optional<uint32_t> find(std::string_view id) const;  // by id or unique prefix (>= 4 chars)
};

// The cause key of one signature key in a group of `endpoint` (canonical text, hashed for the id).
std::string causeKeyText(const std::string& endpoint, const SigKey& key, std::optional<std::pair<int, int>> statusPair);
std::string causeIdOf(const std::string& keyText);
// The causes of a mismatch group of `endpoint` with these keys: their ids, sorted, each once (what
// computeCauses() gives the group). An index keeps them per signature (pg_index.h).
std::vector<std::string> causeIdsOf(const std::string& endpoint, const std::vector<SigKey>& keys,
                                    std::optional<std::pair<int, int>> statusPair);

CauseIndex computeCauses(const Analysis& a);

// Sample record ids of a cause (first n in store order over its groups).
std::vector<std::string> causeSampleIds(const Analysis& a, const Cause& c, size_t n);

}  // namespace dt
