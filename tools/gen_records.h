// SPDX-License-Identifier: MIT
#pragma once
// Synthesis of one comparison of a sample diff store (see resources/samples/README.md).
// A record depends only on (seed, index, category): stores are reproducible byte for byte.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dt::gen {

enum class Endpoint : uint8_t { Users, Products, Repos, Orders, Reports, Files, PostUsers, Search, Pages, Avatars };
constexpr int kEndpointCount = 10;
std::string_view endpointTemplate(Endpoint e);  // "GET /users/{id}", ...

struct ExpectedDiff {
    const char* path;  // generalized path ("/items/*/discount"), lowercase header name, or ""
    const char* kind;  // difference.h kind name
};

// One injected root cause. Every mismatch record carries exactly one.
struct CauseSpec {
    const char* name;
    Endpoint endpoint;
    int weight;                             // relative share of the mismatch budget (long-tailed)
    std::vector<ExpectedDiff> differences;  // what remains after the noise baseline
    int primaryStatus = 0;                  // non-zero: the record has this status pair
    int candidateStatus = 0;
};
const std::vector<CauseSpec>& causes();

// Record categories: a match, noise (secondary proves the difference is noise), drift (state.before
// disagrees), or cause k (kFirstCause + k).
constexpr int kMatch = 0;
constexpr int kNoise = 1;
constexpr int kDrift = 2;
constexpr int kFirstCause = 3;
const std::vector<ExpectedDiff>& noiseDifferences();  // before the baseline removes them
const std::vector<ExpectedDiff>& driftDifferences();

struct GenResponse {
    bool present = false;
    int status = -1;      // -1: absent
    std::string headers;  // JSON text, "" = absent
    std::string body;     // raw bytes
    bool base64 = false;  // written as body_base64 in JSONL
    std::string latency;  // number text, "" = absent
    std::string error;    // "" = none
    std::string state;    // JSON text, "" = absent
};

struct GenRecord {
    std::string id, ts, endpoint;  // endpoint "" = absent
    std::string method, url, reqHeaders, reqBody;
    bool aliases = false;  // python_response / go_response instead of primary / candidate
    GenResponse primary, candidate, secondary;
    std::string tags;  // JSON text
};

class RecordFactory {
public:
    RecordFactory(uint64_t seed, int64_t startMs) : m_seed(seed), m_start(startMs) {}
    void make(uint64_t index, int category, GenRecord& out) const;

private:
    uint64_t m_seed;
    int64_t m_start;
};

}  // namespace dt::gen
