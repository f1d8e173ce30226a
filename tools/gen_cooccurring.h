// SPDX-License-Identifier: MIT
#pragma once
// difftriage-gen --profile cooccurring: a store modelled on a Python -> Go rewrite. Most records
// carry several acceptable, cross-cutting representation differences at once (charset on
// content-type, "+00:00" vs "Z" timestamps, omitted nulls, nil slices as null, links on another
// host); real bugs are planted under them (an instant shift under the format change, a non-null
// member missing beside omitted nulls, a ranking change, a rounding change, a status change, a
// candidate error), with noise fields (a secondary proves them) and state drift. The truth file
// lists every cause of every record.
#include <cstdint>
#include <string>

namespace dt::gen {

struct CooccurringOptions {
    uint64_t records = 0;
    uint64_t seed = 1;
    std::string jsonl;
    std::string truth;
};

// Returns the process exit code (0 ok, 1 write failure).
int runCooccurring(const CooccurringOptions& o);

}  // namespace dt::gen
