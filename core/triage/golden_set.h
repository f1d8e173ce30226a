// SPDX-License-Identifier: MIT
#pragma once
// Golden sets (issue 12, docs/report.md): the records of chosen groups — all of them, or N samples
// per group spread over the group — written as a new diff store (JSONL or SQLite by the file name,
// StoreWriter), for replay tests of the new service. Records are copied as read from the store;
// a record without a producer endpoint gets the endpoint template the analysis learned, so the
// golden store groups into the same signatures although it holds only part of the traffic.
// The write is atomic: a failed or killed export leaves no store behind.
#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis/analysis.h"

namespace dt {

struct GoldenSetOptions {
    std::vector<std::string> signatures;  // groups to export; empty = every group
    size_t per_group = 0;                 // 0 = every record of each group, else at most N per group
};

struct GoldenSetResult {
    bool ok = false;
    std::string error;  // "PATH: reason", or an unknown signature
    uint64_t records = 0;
    uint64_t groups = 0;
};

// Up to n members of a group, spread evenly over it (first and last included when n >= 2).
std::vector<uint32_t> spreadSample(const std::vector<uint32_t>& members, size_t n);

GoldenSetResult writeGoldenSet(const Analysis& analysis, const GoldenSetOptions& options, const std::string& outPath);

}  // namespace dt
