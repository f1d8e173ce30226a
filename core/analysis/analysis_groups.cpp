// SPDX-License-Identifier: MIT
// Analysis: signatures, groups, rule application, per-record evaluation.
#include <algorithm>
#include <cstdio>
#include <map>
#include <thread>
#include <unordered_map>

#include "core/analysis/analysis.h"
#include "core/analysis/classify.h"
#include "core/util/fnv1a.h"
#include "core/util/worker_pool.h"

namespace dt {

std::string Analysis::signatureOf(std::string_view endpointTemplate, const std::vector<SigKey>& diffs,
                                  std::optional<std::pair<int, int>> statusPair, Outcome outcome) {
    // The canonical text hashed is documented in README ("Signatures"); changing it changes ids.
    std::vector<SigKey> sorted = diffs;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::string text = "difftriage-signature-2\n";
    if (outcome == Outcome::Drift) text += "drift\n";
    text += endpointTemplate;
    text += '\n';
    for (const SigKey& k : sorted) {
        text += kindName(k.kind);
        text += ' ';
        text += k.path;
        if (!k.cls.empty()) {
            text += ' ';
            text += k.cls;
        }
        text += '\n';
    }
    if (statusPair)
        text += "status " + std::to_string(statusPair->first) + " " + std::to_string(statusPair->second) + "\n";
    char buf[17];
    std::snprintf(buf, sizeof buf, "%012llx", static_cast<unsigned long long>(fnv1a(text) >> 16));
    return std::string(buf, 12);
}

std::vector<SigKey> Analysis::keys(const std::vector<DiffKey>& set) const {
    std::vector<SigKey> out;
    out.reserve(set.size());
    for (const DiffKey& k : set) out.push_back(key(k));
    return out;
}

uint32_t Analysis::internSet(const std::vector<SigKey>& keys) {
    if (!std::is_sorted(keys.begin(), keys.end())) {  // one encoding per set: sorted, unique
        std::vector<SigKey> sorted = keys;
        std::sort(sorted.begin(), sorted.end());
        sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
        return internSet(sorted);
    }
    std::string enc = encodeSet(keys);
    auto it = m_setIndex.find(enc);
    if (it != m_setIndex.end()) return it->second;
    std::vector<DiffKey> dk;
    dk.reserve(keys.size());
    for (const SigKey& k : keys) {
        auto [pit, fresh] = m_pathIndex.emplace(k.path, static_cast<uint32_t>(m_paths.size()));
        if (fresh) m_paths.push_back(k.path);
        auto [cit, cfresh] = m_classIndex.emplace(k.cls, static_cast<uint32_t>(m_classes.size()));
        if (cfresh) m_classes.push_back(k.cls);
        dk.push_back({pit->second, k.kind, cit->second});
    }
    std::sort(dk.begin(), dk.end());
    const auto id = static_cast<uint32_t>(m_sets.size());
    m_sets.push_back(std::move(dk));
    m_setIndex.emplace(std::move(enc), id);
    return id;
}

namespace {

bool setHasStatus(const std::vector<DiffKey>& set) {
    return std::any_of(set.begin(), set.end(), [](const DiffKey& k) { return k.kind == DiffKind::Status; });
}

}  // namespace

namespace {

// What a group is made of: endpoint, difference set, status pair (when a status differs), drift.
struct GroupKey {
    uint32_t endpoint, set;
    int32_t p, c;
    bool drift;
    bool operator==(const GroupKey&) const = default;
};
struct GroupKeyHash {
    size_t operator()(const GroupKey& k) const {
        uint64_t h = k.endpoint * 0x9E3779B97F4A7C15ull ^ (uint64_t(k.set) << 21) ^ (uint64_t(uint32_t(k.p)) << 42) ^
                     (uint64_t(uint32_t(k.c)) << 7) ^ k.drift;
        return static_cast<size_t>(h ^ (h >> 29));
    }
};
using GroupIndex = std::unordered_map<GroupKey, uint32_t, GroupKeyHash>;

GroupKey groupKey(const IndexedRecord& r, bool status) {
    return {r.endpoint, r.set, status ? r.primary_status : -1, status ? r.candidate_status : -1,
            r.outcome == Outcome::Drift};
}

bool groupsBefore(const Group& a, const Group& b) {
    if (a.count != b.count) return a.count > b.count;
    return a.signature < b.signature;
}

}  // namespace

void Analysis::rebuildGroups() {
    m_counts = {};
    m_weights = {};
    m_groups.clear();
    extendGroups(0);
}

void Analysis::extendGroups(uint32_t from) {
    GroupIndex index;
    for (uint32_t g = 0; g < m_groups.size(); ++g) {
        const IndexedRecord& r = m_records[m_groups[g].members.front()];
        index.emplace(groupKey(r, setHasStatus(m_sets[r.set])), g);
    }
    const auto known = static_cast<uint32_t>(m_groups.size());
    std::vector<Group>& groups = m_groups;
    for (uint32_t i = from; i < m_records.size(); ++i) {
        IndexedRecord& r = m_records[i];
        const int o = static_cast<int>(r.outcome);
        m_counts[o] += 1;
        m_weights[o] += r.weight;
        r.group = kNone;
        if (r.outcome != Outcome::Mismatch && r.outcome != Outcome::Drift) continue;
        const bool status = setHasStatus(m_sets[r.set]);
        auto [it, fresh] = index.emplace(groupKey(r, status), static_cast<uint32_t>(groups.size()));
        if (fresh) {
            Group g;
            g.outcome = r.outcome;
            g.endpoint = r.endpoint;
            g.differences = m_sets[r.set];
            if (status) g.status_pair = std::make_pair(int(r.primary_status), int(r.candidate_status));
            g.first_ts = g.last_ts = r.ts_ms;
            groups.push_back(std::move(g));
        }
        Group& g = groups[it->second];
        g.count += 1;
        g.weighted += r.weight;
        g.first_ts = std::min(g.first_ts, r.ts_ms);
        g.last_ts = std::max(g.last_ts, r.ts_ms);
        g.members.push_back(i);
        r.group = it->second;
    }
    for (uint32_t i = known; i < groups.size(); ++i) {
        Group& g = groups[i];
        const std::vector<SigKey> keys = this->keys(g.differences);
        g.signature =
            signatureOf(g.endpoint == kNone ? std::string() : m_endpoints[g.endpoint], keys, g.status_pair, g.outcome);
    }
    std::vector<uint32_t> order(groups.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return groupsBefore(groups[a], groups[b]); });
    bool same = true;
    for (uint32_t i = 0; i < order.size() && same; ++i) same = order[i] == i;
    if (same) return;
    std::vector<Group> sorted;
    sorted.reserve(groups.size());
    for (uint32_t i = 0; i < order.size(); ++i) {
        if (order[i] != i)  // moved: its members point at the new place
            for (uint32_t m : groups[order[i]].members) m_records[m].group = i;
        sorted.push_back(std::move(groups[order[i]]));
    }
    m_groups = std::move(sorted);
}

std::optional<Record> Analysis::readRecord(const IndexedRecord& r, std::string* error) const {
    std::optional<Record> rec = m_store->read(r.loc, error);
    if (rec && m_swapSides) swapSides(*rec);
    return rec;
}

Analysis::Evaluation Analysis::evaluate(uint32_t index, const RuleProvider* rules) const {
    Evaluation ev;
    const IndexedRecord& r = m_records.at(index);
    if (r.raw_outcome == Outcome::Invalid) {
        ev.outcome = Outcome::Invalid;
        return ev;
    }
    std::string err;
    auto rec = readRecord(r, &err);
    if (!rec) {
        ev.ok = false;
        ev.error = err;
        ev.outcome = r.outcome;
        return ev;
    }
    const std::string& endpoint = m_endpoints[r.endpoint];
    std::shared_ptr<const DiffPolicy> policy;
    if (rules) policy = rules->policyFor(endpoint);
    // Only paths, kinds and classes are kept: no preview text (preview_bytes 0).
    thread_local Comparer comparer(CompareOptions{.preview_bytes = 0});
    Classification c = classify(*rec, comparer, policy.get(), m_swapSides);
    applyStoreNoise(r.endpoint, c);
    ev.outcome = c.outcome;
    ev.explained = !c.explained.empty();
    ev.differences = outcomeKeys(c);
    for (const Difference& d : c.result.absorbed)
        if (!d.rule_id.empty()) ev.rules_used.push_back(d.rule_id);
    std::sort(ev.rules_used.begin(), ev.rules_used.end());
    ev.rules_used.erase(std::unique(ev.rules_used.begin(), ev.rules_used.end()), ev.rules_used.end());
    if (ev.outcome == Outcome::Match) return ev;
    const bool status = std::any_of(ev.differences.begin(), ev.differences.end(),
                                    [](const SigKey& d) { return d.kind == DiffKind::Status; });
    if (status) ev.status_pair = std::make_pair(int(r.primary_status), int(r.candidate_status));
    ev.signature = signatureOf(endpoint, ev.differences, ev.status_pair, ev.outcome);
    return ev;
}

std::optional<Analysis::Detail> Analysis::detail(uint32_t index, const RuleProvider* rules, std::string* error) const {
    if (index >= m_records.size()) {
        if (error) *error = "no such record";
        return std::nullopt;
    }
    const IndexedRecord& r = m_records[index];
    if (r.raw_outcome == Outcome::Invalid) {
        if (error) *error = "line " + std::to_string(r.loc.line) + " is not a valid record";
        return std::nullopt;
    }
    auto rec = readRecord(r, error);
    if (!rec) return std::nullopt;
    Detail d;
    d.endpoint = m_endpoints[r.endpoint];
    std::shared_ptr<const DiffPolicy> policy;
    if (rules) policy = rules->policyFor(d.endpoint);
    thread_local Comparer comparer;
    Classification c = classify(*rec, comparer, policy.get(), m_swapSides);
    {
        // The outcome counts store-level noise; the differences stay listed for the diff view.
        Classification withNoise = c;
        applyStoreNoise(r.endpoint, withNoise);
        d.outcome = withNoise.outcome;
    }
    d.result = std::move(c.result);
    if (!c.noise && rec->secondary.present)
        c.noise = comparer.compare(noiseBaseline(*rec, m_swapSides), rec->secondary, nullptr);
    d.noise = std::move(c.noise);
    d.record = std::move(*rec);
    return d;
}

void Analysis::applyRules(std::shared_ptr<const RuleProvider> rules, unsigned threads) {
    applyRules(std::move(rules), threads, nullptr);
}

std::unique_ptr<Analysis> Analysis::withRules(std::shared_ptr<const RuleProvider> rules, unsigned threads,
                                              const std::atomic<bool>* cancel) const {
    std::unique_ptr<Analysis> copy(new Analysis(*this));
    copy->applyRules(std::move(rules), threads, cancel);
    if (cancel && cancel->load(std::memory_order_relaxed)) return nullptr;
    return copy;
}

const std::vector<uint32_t>& Analysis::ruleRecords(const std::string& ruleId) const {
    static const std::vector<uint32_t> none;
    auto it = m_ruleRecords.find(ruleId);
    return it == m_ruleRecords.end() ? none : it->second;
}

void Analysis::applyRules(std::shared_ptr<const RuleProvider> rules, unsigned threads,
                          const std::atomic<bool>* cancel) {
    m_rules = std::move(rules);
    m_ruleRecords.clear();
    applyRulesFrom(0, threads, cancel);
    if (cancel && cancel->load(std::memory_order_relaxed)) return;
    rebuildGroups();
}

void Analysis::applyRulesFrom(uint32_t from, unsigned threads, const std::atomic<bool>* cancel) {
    const RuleProvider* provider = m_rules.get();
    // Records some rule may touch: decided once per (endpoint, raw set).
    std::vector<uint32_t> candidates;
    std::unordered_map<uint64_t, bool> touchCache;
    for (uint32_t i = from; i < m_records.size(); ++i) {
        IndexedRecord& r = m_records[i];
        r.outcome = r.raw_outcome;
        r.set = r.raw_set;
        r.explained = r.raw_explained;
        if (!provider) continue;
        if (r.raw_outcome != Outcome::Mismatch && r.raw_outcome != Outcome::Drift && r.raw_outcome != Outcome::Noise)
            continue;
        const uint64_t key = (uint64_t(r.endpoint) << 32) | r.raw_set;
        auto it = touchCache.find(key);
        if (it == touchCache.end()) {
            bool touch = false;
            for (const DiffKey& k : m_sets[r.raw_set])
                if (provider->mayTouch(m_endpoints[r.endpoint], m_paths[k.path], k.kind)) {
                    touch = true;
                    break;
                }
            it = touchCache.emplace(key, touch).first;
        }
        if (it->second) candidates.push_back(i);
    }
    if (candidates.empty()) return;
    threads = threadCount(threads);
    threads = std::min<unsigned>(threads, static_cast<unsigned>((candidates.size() + 63) / 64));
    threads = std::max(1u, threads);
    std::vector<Evaluation> results(candidates.size());
    std::atomic<size_t> next{0};
    runWorkers(threads, [&](unsigned) {
        for (size_t j; (j = next.fetch_add(1)) < candidates.size();) {
            if (cancel && cancel->load(std::memory_order_relaxed)) return;
            results[j] = evaluate(candidates[j], provider);
        }
    });
    if (cancel && cancel->load(std::memory_order_relaxed)) return;
    for (size_t j = 0; j < candidates.size(); ++j) {
        IndexedRecord& r = m_records[candidates[j]];
        const Evaluation& ev = results[j];
        if (!ev.ok) continue;  // could not re-read: keep the raw classification
        for (const std::string& id : ev.rules_used) m_ruleRecords[id].push_back(candidates[j]);
        r.outcome = ev.outcome;
        r.explained = ev.explained;
        r.set = ev.outcome == Outcome::Match ? 0 : internSet(ev.differences);
    }
}

double weightedMatchRate(const std::array<double, kOutcomeCount>& w) {
    const double good = w[int(Outcome::Match)] + w[int(Outcome::Noise)] + w[int(Outcome::Allowed)];
    const double comparable = good + w[int(Outcome::Mismatch)];
    return comparable > 0 ? good / comparable : 1.0;
}

double Analysis::matchRate() const { return weightedMatchRate(m_weights); }

std::optional<uint32_t> Analysis::findRecord(std::string_view id) const {
    for (uint32_t i = 0; i < m_records.size(); ++i)
        if (this->id(m_records[i]) == id) return i;
    return std::nullopt;
}

std::optional<uint32_t> Analysis::findGroup(std::string_view signature) const {
    for (uint32_t i = 0; i < m_groups.size(); ++i)
        if (m_groups[i].signature == signature) return i;
    return std::nullopt;
}

namespace {

std::string signatureOfSet(const Analysis& a, const IndexedRecord& r, uint32_t set, Outcome outcome) {
    std::vector<SigKey> keys = a.keys(a.set(set));
    bool status = false;
    for (const SigKey& k : keys) status = status || k.kind == DiffKind::Status;
    std::optional<std::pair<int, int>> pair;
    if (status) pair = std::make_pair(int(r.primary_status), int(r.candidate_status));
    return Analysis::signatureOf(a.endpoint(r.endpoint), keys, pair, outcome);
}

}  // namespace

std::optional<std::string> recordSignature(const Analysis& a, uint32_t index) {
    const IndexedRecord& r = a.records()[index];
    if (r.outcome == Outcome::Match || r.outcome == Outcome::Invalid) return std::nullopt;
    if (r.group != kNone) return a.groups()[r.group].signature;
    return signatureOfSet(a, r, r.set, r.outcome);
}

std::optional<std::string> rawSignature(const Analysis& a, uint32_t index) {
    const IndexedRecord& r = a.records()[index];
    if (r.raw_outcome == Outcome::Match || r.raw_outcome == Outcome::Invalid) return std::nullopt;
    return signatureOfSet(a, r, r.raw_set, r.raw_outcome);
}

}  // namespace dt
