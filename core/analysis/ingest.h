// SPDX-License-Identifier: MIT
#pragma once
// The ingest scan shared by a full analysis (Analysis::analyze) and an incremental step
// (Analysis::extended, analysis_extend.cpp): one code path reads, classifies and indexes records.
// Internal to core/analysis.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/analysis/analysis.h"

namespace dt::detail {

struct IngestResult {
    ScanSummary summary;
    // Records pushed carry an index into `pre` as their endpoint (invalid ones: kNone).
    std::vector<std::string> pre;                                // pre-templates (endpointPreTemplate)
    std::vector<uint64_t> preCounts;                             // records per pre-template
    std::map<std::pair<uint32_t, std::string>, uint32_t> noisy;  // (pre, noise key) -> records
    uint64_t lines = 0;                                          // JSONL: lineBase + lines read
};

// Scans `store` (from control.from) into the builder's analysis: records and problems are appended
// in store order, JSONL line numbers continue after `lineBase`; sets are interned as found
// (before store-level noise). swapSides: records are read with primary and candidate exchanged
// (AnalyzeOptions::swap_sides).
IngestResult ingest(Store& store, Analysis::Builder& builder, const ScanControl& control, uint64_t lineBase,
                    bool swapSides);

// The endpoint template of each of `pre`, learned from the corpus (strings, counts): producer
// templates are authoritative, paths that fit one take it, the rest are learned (TemplateLearner).
std::vector<std::string> learnTemplates(const std::vector<std::string_view>& learnStrings,
                                        const std::vector<uint64_t>& learnCounts,
                                        const std::vector<std::string_view>& pre);

}  // namespace dt::detail
