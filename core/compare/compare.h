// SPDX-License-Identifier: MIT
#pragma once
// The structural diff engine: compares two responses of one record.
//
// JSON bodies compare as values: object key order is irrelevant, numbers compare by value
// (10 == 10.0 == 1e1) but a number is not a string. Non-JSON text bodies get a line diff (dtl);
// binary bodies compare as bytes. Headers compare case-insensitively by name, with a default
// set of volatile headers ignored (volatileHeaders()).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/compare/diff_policy.h"
#include "core/compare/difference.h"
#include "core/store/record.h"

namespace dt {

struct CompareOptions {
    size_t max_depth = 256;      // deeper JSON is reported as text (never a stack overflow)
    size_t preview_bytes = 120;  // Difference::primary/candidate are cut to this many bytes
    bool compare_headers = true;
};

struct CompareResult {
    std::vector<Difference> differences;  // what remains after the policy, sorted by (path, kind)
    std::vector<Difference> absorbed;     // what the policy absorbed (rule_id set)
    std::vector<std::string> warnings;    // e.g. "primary body: JSON nested deeper than 256 levels"
};

// Lowercase names of the headers ignored by default (date, x-request-id, ...). Documented in README.
const std::vector<std::string>& volatileHeaders();
bool isVolatileHeader(std::string_view lowercaseName);

// Body classification used by the engine and the UI.
enum class BodyKind { Empty, Json, Text, Binary };
BodyKind classifyBody(std::string_view body);

// Per-thread reusable state (parsers, buffers). Not thread-safe: one per thread.
class Comparer {
public:
    explicit Comparer(CompareOptions options = {});
    ~Comparer();
    Comparer(const Comparer&) = delete;
    Comparer& operator=(const Comparer&) = delete;

    // Full comparison of the candidate against the primary: error, status, headers, body.
    // `policy` may be null (no rules).
    CompareResult compare(const Response& primary, const Response& candidate, const DiffPolicy* policy = nullptr);

    // Body only (used by `difftriage-cli diff A.json B.json` and the UI).
    CompareResult compareBodies(std::string_view primary, std::string_view candidate,
                                const DiffPolicy* policy = nullptr);

    // Fast check: true when the two bodies are equal as values (JSON) or bytes. No allocation
    // of differences. Used by the ingest hot path before compare().
    bool bodiesEqual(std::string_view primary, std::string_view candidate);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Noise baseline: removes from `result.differences` every difference whose path is at or below
// a path where primary and secondary also differ (same kind family). Returns how many were removed.
size_t removeNoise(CompareResult& result, const CompareResult& primaryVsSecondary);

}  // namespace dt
