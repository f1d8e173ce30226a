// SPDX-License-Identifier: MIT
// AnalysisAssembler: an Analysis from per-record results (analysis_assemble.h).
#include "core/analysis/analysis_assemble.h"

#include <algorithm>
#include <set>

namespace dt {
namespace {

int16_t status16(int s) { return s < 0 || s > 32767 ? int16_t(-1) : static_cast<int16_t>(s); }
float latency(double ms) { return ms < 0 ? -1.0f : static_cast<float>(ms); }

}  // namespace

AnalysisAssembler::AnalysisAssembler(std::shared_ptr<Store> store, std::shared_ptr<const RuleProvider> rules)
        : m_a(new Analysis) {
    m_a->m_store = std::move(store);
    m_a->m_rules = std::move(rules);
    m_a->m_sets.assign(1, {});  // set 0 = empty, as after a scan
    m_a->m_setIndex.emplace(std::string(), 0);
}

AnalysisAssembler::~AnalysisAssembler() = default;

uint64_t AnalysisAssembler::size() const { return m_a ? m_a->m_records.size() : 0; }

void AnalysisAssembler::addStoreNoise(std::string_view endpoint, const std::vector<std::string>& keys) {
    const uint32_t e = endpointIndex(endpoint);
    auto& noisy = m_a->m_noisy;
    if (noisy.size() <= e) noisy.resize(e + 1);
    auto& table = noisy[e];
    table.insert(table.end(), keys.begin(), keys.end());
    std::sort(table.begin(), table.end());
    table.erase(std::unique(table.begin(), table.end()), table.end());
}

uint32_t AnalysisAssembler::endpointIndex(std::string_view endpoint) {
    if (auto it = m_endpoints.find(endpoint); it != m_endpoints.end()) return it->second;
    const auto i = static_cast<uint32_t>(m_a->m_endpoints.size());
    m_a->m_endpoints.emplace_back(endpoint);
    m_endpoints.emplace(std::string(endpoint), i);
    return i;
}

void AnalysisAssembler::internPathsInOrder(const std::vector<const std::vector<SigKey>*>& lists) {
    std::unordered_map<std::string_view, uint32_t> node;  // path -> first-seen rank
    std::vector<std::string_view> names;
    std::vector<std::vector<uint32_t>> after;
    std::vector<uint32_t> before;  // per node: lists' predecessors not yet placed
    for (const auto* list : lists) {
        uint32_t prev = kNone;
        for (const SigKey& k : *list) {
            auto [it, fresh] = node.emplace(k.path, static_cast<uint32_t>(names.size()));
            if (fresh) {
                names.push_back(k.path);
                after.emplace_back();
                before.push_back(0);
            }
            if (prev != kNone && prev != it->second) {
                after[prev].push_back(it->second);
                ++before[it->second];
            }
            prev = it->second;
        }
    }
    std::set<uint32_t> ready, waiting;
    for (uint32_t n = 0; n < names.size(); ++n) (before[n] == 0 ? ready : waiting).insert(n);
    Analysis& a = *m_a;
    while (!ready.empty() || !waiting.empty()) {
        uint32_t n;
        if (!ready.empty()) {
            n = *ready.begin();
            ready.erase(ready.begin());
        } else {  // a cycle (lists written by analyses that ordered paths differently): first seen goes first
            n = *waiting.begin();
            waiting.erase(waiting.begin());
        }
        before[n] = 0;
        const std::string path(names[n]);
        if (a.m_pathIndex.emplace(path, static_cast<uint32_t>(a.m_paths.size())).second) a.m_paths.push_back(path);
        for (const uint32_t m : after[n])
            if (before[m] > 0 && --before[m] == 0 && waiting.erase(m)) ready.insert(m);
    }
}

void AnalysisAssembler::addSignatures(const std::vector<std::pair<std::string, std::vector<SigKey>>>& signatures) {
    std::vector<const std::vector<SigKey>*> lists;
    lists.reserve(signatures.size());
    for (const auto& [signature, differences] : signatures) lists.push_back(&differences);
    internPathsInOrder(lists);
    for (const auto& [signature, differences] : signatures)
        m_signatureSets.insert_or_assign(signature, m_a->internSet(differences));
}

bool AnalysisAssembler::add(const ResultRow& row, std::string* error) {
    Analysis& a = *m_a;
    IndexedRecord r;
    r.loc = Locator{static_cast<uint64_t>(row.key), 0, 0};
    r.ts_ms = row.ts_ms;
    r.id = a.m_ids.append(row.id);
    r.weight = static_cast<float>(row.weight);
    r.primary_status = status16(row.primary_status);
    r.candidate_status = status16(row.candidate_status);
    r.primary_latency = latency(row.primary_latency);
    r.candidate_latency = latency(row.candidate_latency);
    r.raw_outcome = r.outcome = row.outcome;
    // The set a signature names; false + *error for one the index does not list.
    const auto setOf = [&](std::string_view signature, uint32_t* set) {
        const auto it = m_signatureSets.find(signature);
        if (it != m_signatureSets.end()) {
            *set = it->second;
            return true;
        }
        if (error)
            *error = "record " + std::to_string(row.key) + ": signature \"" + std::string(signature) +
                     "\" has no differences in the index";
        return false;
    };
    if (row.outcome == Outcome::Invalid) {
        LoadProblem p;
        p.rowid = row.key;
        p.id = std::string(row.id);
        p.reason = row.problem.empty() ? std::string("not a valid record") : std::string(row.problem);
        a.m_problems.push_back(std::move(p));
    } else if (row.hasRaw) {
        r.endpoint = endpointIndex(row.endpoint);
        r.raw_outcome = row.raw_outcome;
        r.explained = row.explained;
        r.raw_explained = row.raw_explained;
        if (row.outcome != Outcome::Match && !row.signature.empty() && !setOf(row.signature, &r.set)) return false;
        if (row.raw_outcome != Outcome::Match && row.raw_outcome != Outcome::Invalid && !row.raw_signature.empty() &&
            !setOf(row.raw_signature, &r.raw_set))
            return false;
    } else {
        // Not known from such an index: whether some difference was explained as noise. Set, so that
        // the rules preview re-reads such a record rather than deciding it allowed from its keys.
        r.raw_explained = r.explained = true;
        r.endpoint = endpointIndex(row.endpoint);
        if (row.outcome != Outcome::Match && !row.signature.empty()) {
            if (!setOf(row.signature, &r.set)) return false;
            r.raw_set = r.set;
            // An allowed record's set is what the rules absorbed: as raw differences of a mismatch, a
            // change of rules that touches them re-reads the record (Analysis::applyRules).
            if (row.outcome == Outcome::Allowed) r.raw_outcome = Outcome::Mismatch;
        }
    }
    a.m_records.push_back(r);
    if (!row.tags.empty()) Analysis::Builder(a).setLastRecordTags(row.tags);
    return true;
}

std::unique_ptr<Analysis> AnalysisAssembler::finish() {
    m_a->rebuildGroups();
    m_signatureSets.clear();
    m_endpoints.clear();
    return std::move(m_a);
}

std::unique_ptr<Analysis> AnalysisAssembler::summary(std::shared_ptr<Store> store,
                                                     std::shared_ptr<const RuleProvider> rules,
                                                     const std::vector<ResultGroup>& groups,
                                                     const std::array<uint64_t, kOutcomeCount>& counts,
                                                     const std::array<double, kOutcomeCount>& weights) {
    AnalysisAssembler b(std::move(store), std::move(rules));
    Analysis& a = *b.m_a;
    std::vector<const std::vector<SigKey>*> lists;
    for (const ResultGroup& rg : groups) lists.push_back(&rg.differences);
    b.internPathsInOrder(lists);
    a.m_groups.reserve(groups.size());
    for (const ResultGroup& rg : groups) {
        Group g;
        g.signature = rg.signature;
        g.outcome = rg.outcome;
        g.endpoint = b.endpointIndex(rg.endpoint);
        g.differences = a.m_sets[a.internSet(rg.differences)];
        g.status_pair = rg.status_pair;
        g.count = rg.count;
        g.weighted = rg.weighted;
        g.first_ts = rg.first_ts;
        g.last_ts = rg.last_ts;
        a.m_groups.push_back(std::move(g));
    }
    a.m_counts = counts;
    a.m_weights = weights;
    return std::move(b.m_a);
}

}  // namespace dt
