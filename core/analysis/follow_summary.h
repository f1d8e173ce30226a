// SPDX-License-Identifier: MIT
#pragma once
// A running summary of records as they arrive (difftriage-cli groups --follow): outcomes, weighted
// match rate and signature groups, updated one record at a time, so following a growing store costs
// only the new records. Records are classified as Analysis does (classify(), the same rules);
// endpoints are the records' pre-templates (the producer's `endpoint`, else the obvious template):
// a full `groups` run, which learns templates from the whole store and moves store-level noise
// (Analysis::isStoreNoise, which needs the whole store) out of signatures, may name some endpoints
// and signatures differently.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/classify.h"
#include "core/compare/rule_provider.h"

namespace dt {

class FollowSummary {
public:
    explicit FollowSummary(std::shared_ptr<const RuleProvider> rules = nullptr);
    ~FollowSummary();

    // One JSONL line (blank lines are skipped; an invalid one counts as invalid, with its reason).
    void addLine(std::string_view line, uint64_t lineNo);
    void addRecord(const Record& rec);
    // A line or row that is not a record: counted as invalid, `where` ("line 7", "row 12") + reason kept.
    void addInvalid(const std::string& where, const std::string& reason);
    void reset();  // the store was replaced: start over

    struct GroupCount {
        std::string signature;
        std::string endpoint;
        Outcome outcome = Outcome::Mismatch;
        std::vector<SigKey> differences;  // generalized path, kind, value class
        uint64_t count = 0;
        double weighted = 0;
    };
    uint64_t records() const { return m_records; }
    const std::array<uint64_t, kOutcomeCount>& counts() const { return m_counts; }
    const std::array<double, kOutcomeCount>& weights() const { return m_weights; }
    double matchRate() const { return weightedMatchRate(m_weights); }
    // Mismatch and drift groups, largest first (ties by signature).
    std::vector<GroupCount> groups(size_t limit = SIZE_MAX) const;
    // The last problems (line: reason), at most 20 kept; problemCount() counts all.
    const std::vector<std::string>& problems() const { return m_problems; }
    uint64_t problemCount() const { return m_problemCount; }

private:
    std::shared_ptr<const RuleProvider> m_rules;
    std::unique_ptr<Comparer> m_comparer;
    uint64_t m_records = 0;
    std::array<uint64_t, kOutcomeCount> m_counts{};
    std::array<double, kOutcomeCount> m_weights{};
    std::map<std::string, GroupCount> m_groups;
    std::vector<std::string> m_problems;
    uint64_t m_problemCount = 0;
};

}  // namespace dt
