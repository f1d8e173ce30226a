// SPDX-License-Identifier: MIT
#include "core/analysis/follow_summary.h"

#include <algorithm>

#include "core/analysis/analysis.h"

namespace dt {

FollowSummary::FollowSummary(std::shared_ptr<const RuleProvider> rules)
        : m_rules(std::move(rules)), m_comparer(std::make_unique<Comparer>()) {}

FollowSummary::~FollowSummary() = default;

void FollowSummary::reset() {
    m_records = 0;
    m_counts = {};
    m_weights = {};
    m_groups.clear();
    m_problems.clear();
    m_problemCount = 0;
}

void FollowSummary::addLine(std::string_view line, uint64_t lineNo) {
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
    std::string reason;
    auto rec = parseRecordLine(line, &reason);
    if (!rec) {
        addInvalid("line " + std::to_string(lineNo), reason);
        return;
    }
    addRecord(*rec);
}

void FollowSummary::addInvalid(const std::string& where, const std::string& reason) {
    ++m_records;
    ++m_counts[static_cast<int>(Outcome::Invalid)];
    m_weights[static_cast<int>(Outcome::Invalid)] += 1;
    ++m_problemCount;
    if (m_problems.size() >= 20) m_problems.erase(m_problems.begin());
    m_problems.push_back(where + ": " + reason);
}

void FollowSummary::addRecord(const Record& rec) {
    const std::string endpoint = endpointPreTemplate(rec.request.method, rec.request.url, rec.endpoint);
    std::shared_ptr<const DiffPolicy> policy = m_rules ? m_rules->policyFor(endpoint) : nullptr;
    const Classification c = classify(rec, *m_comparer, policy.get());
    ++m_records;
    ++m_counts[static_cast<int>(c.outcome)];
    m_weights[static_cast<int>(c.outcome)] += rec.weight;
    if (c.outcome != Outcome::Mismatch && c.outcome != Outcome::Drift) return;
    auto keys = outcomeKeys(c);
    std::optional<std::pair<int, int>> statusPair;
    if (rec.primary.status && rec.candidate.status && *rec.primary.status != *rec.candidate.status)
        statusPair = std::make_pair(*rec.primary.status, *rec.candidate.status);
    const std::string sig = Analysis::signatureOf(endpoint, keys, statusPair, c.outcome);
    GroupCount& g = m_groups[sig];
    if (g.count == 0) {
        g.signature = sig;
        g.endpoint = endpoint;
        g.outcome = c.outcome;
        g.differences = std::move(keys);
    }
    ++g.count;
    g.weighted += rec.weight;
}

std::vector<FollowSummary::GroupCount> FollowSummary::groups(size_t limit) const {
    std::vector<GroupCount> out;
    out.reserve(m_groups.size());
    for (const auto& [sig, g] : m_groups) out.push_back(g);
    std::sort(out.begin(), out.end(), [](const GroupCount& a, const GroupCount& b) {
        return a.count != b.count ? a.count > b.count : a.signature < b.signature;
    });
    if (out.size() > limit) out.resize(limit);
    return out;
}

}  // namespace dt
