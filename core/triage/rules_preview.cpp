// SPDX-License-Identifier: MIT
#include "core/triage/rules_preview.h"
#include "core/util/worker_pool.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace dt {

namespace {

bool inGroup(Outcome o) { return o == Outcome::Mismatch || o == Outcome::Drift; }

std::vector<SigKey> keysOf(const Analysis& a, uint32_t set) {
    std::vector<SigKey> keys = a.keys(a.set(set));
    std::sort(keys.begin(), keys.end());
    return keys;
}

struct Accum {
    PreviewGroup g;
    std::map<std::string, PreviewMove> out, in;
};

std::vector<PreviewMove> sortedMoves(std::map<std::string, PreviewMove>& m) {
    std::vector<PreviewMove> v;
    for (auto& [sig, mv] : m) v.push_back(std::move(mv));
    std::sort(v.begin(), v.end(), [](const PreviewMove& x, const PreviewMove& y) {
        return x.count != y.count ? x.count > y.count : x.signature < y.signature;
    });
    return v;
}

}  // namespace

uint64_t RulesPreview::groupsFullyAbsorbed() const {
    return static_cast<uint64_t>(
        std::count_if(groups.begin(), groups.end(), [](const auto& g) { return g.fullyAbsorbed(); }));
}
uint64_t RulesPreview::groupsCollateral() const {
    return static_cast<uint64_t>(
        std::count_if(groups.begin(), groups.end(), [](const auto& g) { return g.existed && g.collateral(); }));
}
uint64_t RulesPreview::groupsCreated() const {
    return static_cast<uint64_t>(std::count_if(groups.begin(), groups.end(), [](const auto& g) { return !g.existed; }));
}

RulesPreview previewRules(const Analysis& a, const RuleProvider& combined, const RuleProvider& added,
                          const PreviewOptions& options) {
    const auto t0 = std::chrono::steady_clock::now();
    RulesPreview p;
    const RecordTable& recs = a.records();
    p.records = recs.size();
    p.counts_before = p.counts_after = a.outcomeCounts();
    p.weights_before = p.weights_after = a.outcomeWeights();

    // 1. Records the new rules may touch, decided once per (endpoint, difference set). Mirrors the
    //    filter of Analysis::applyRules(); the current set matters too (e.g. a current status
    //    rule lets the bodies be compared, which raises differences the raw set does not have).
    std::unordered_map<uint64_t, bool> touchCache;
    auto touches = [&](uint32_t endpoint, uint32_t set) {
        const uint64_t key = (uint64_t(endpoint) << 32) | set;
        auto it = touchCache.find(key);
        if (it != touchCache.end()) return it->second;
        bool t = false;
        for (const DiffKey& k : a.set(set))
            if (added.mayTouch(a.endpoint(endpoint), a.path(k.path), k.kind)) {
                t = true;
                break;
            }
        touchCache.emplace(key, t);
        return t;
    };
    std::vector<uint32_t> candidates;
    for (uint32_t i = 0; i < recs.size(); ++i) {
        const IndexedRecord& r = recs[i];
        if (r.raw_outcome != Outcome::Mismatch && r.raw_outcome != Outcome::Drift && r.raw_outcome != Outcome::Noise)
            continue;
        if (r.endpoint == kNone) continue;
        if (touches(r.endpoint, r.raw_set) || (r.set != r.raw_set && touches(r.endpoint, r.set)))
            candidates.push_back(i);
    }
    p.examined = candidates.size();

    // 2. Evaluate them under the combined rules, in parallel.
    std::vector<Analysis::Evaluation> results(candidates.size());
    if (!candidates.empty()) {
        unsigned threads = threadCount(options.threads);
        threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>((candidates.size() + 63) / 64)));
        std::atomic<size_t> next{0};
        std::atomic<bool> stop{false};
        auto work = [&] {
            for (size_t j; (j = next.fetch_add(1)) < candidates.size();) {
                if (options.cancel && (j & 63) == 0 && options.cancel->load()) {
                    stop = true;
                    return;
                }
                results[j] = a.evaluate(candidates[j], &combined);
            }
        };
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
        work();
        for (auto& th : pool) th.join();
        if (stop) {
            p.cancelled = true;
            return p;
        }
    }

    // 3. Compare with the current state, group by group.
    std::unordered_map<std::string, uint32_t> groupIndex;
    for (uint32_t g = 0; g < a.groups().size(); ++g) groupIndex.emplace(a.groups()[g].signature, g);
    std::unordered_map<std::string, Accum> touched;
    auto accum = [&](const std::string& sig, uint32_t endpoint, Outcome outcome, const std::vector<SigKey>* diffs,
                     std::optional<std::pair<int, int>> status) -> Accum& {
        auto [it, fresh] = touched.try_emplace(sig);
        if (fresh) {
            PreviewGroup& g = it->second.g;
            g.signature = sig;
            auto gi = groupIndex.find(sig);
            if (gi != groupIndex.end()) {
                const Group& grp = a.groups()[gi->second];
                g.existed = true;
                g.endpoint = grp.endpoint == kNone ? std::string() : a.endpoint(grp.endpoint);
                g.outcome = grp.outcome;
                g.differences = a.keys(grp.differences);
                g.status_pair = grp.status_pair;
                g.count_before = grp.count;
                g.weighted_before = grp.weighted;
            } else {
                g.existed = false;
                g.endpoint = a.endpoint(endpoint);
                g.outcome = outcome;
                if (diffs) g.differences = *diffs;
                g.status_pair = status;
            }
        }
        return it->second;
    };

    for (size_t j = 0; j < candidates.size(); ++j) {
        const IndexedRecord& r = recs[candidates[j]];
        const Analysis::Evaluation& ev = results[j];
        const Outcome beforeOutcome = r.outcome;
        const std::string beforeSig = r.group != kNone ? a.groups()[r.group].signature : std::string();
        Outcome afterOutcome;
        std::string afterSig;
        std::vector<SigKey> rawKeys;
        std::optional<std::pair<int, int>> afterStatus;
        const std::vector<SigKey>* afterDiffs = &ev.differences;
        if (!ev.ok) {
            // As applyRules(): a record that cannot be re-read keeps its raw classification.
            ++p.unreadable;
            afterOutcome = r.raw_outcome;
            rawKeys = keysOf(a, r.raw_set);
            if (std::any_of(rawKeys.begin(), rawKeys.end(), [](const SigKey& k) { return k.kind == DiffKind::Status; }))
                afterStatus = std::make_pair(int(r.primary_status), int(r.candidate_status));
            if (inGroup(afterOutcome))
                afterSig = Analysis::signatureOf(a.endpoint(r.endpoint), rawKeys, afterStatus, afterOutcome);
            afterDiffs = &rawKeys;
        } else {
            afterOutcome = ev.outcome;
            afterStatus = ev.status_pair;
            if (inGroup(afterOutcome)) afterSig = ev.signature;
        }
        p.counts_after[int(beforeOutcome)] -= 1;
        p.counts_after[int(afterOutcome)] += 1;
        p.weights_after[int(beforeOutcome)] -= r.weight;
        p.weights_after[int(afterOutcome)] += r.weight;
        if (beforeSig == afterSig && beforeOutcome == afterOutcome) continue;
        ++p.changed;
        if (beforeSig == afterSig) continue;  // e.g. noise <-> allowed: no group involved
        if (!beforeSig.empty()) {
            Accum& g = accum(beforeSig, r.endpoint, beforeOutcome, nullptr, std::nullopt);
            if (afterSig.empty()) {
                g.g.absorbed += 1;
                g.g.absorbed_weighted += r.weight;
                ++p.absorbed;
                p.absorbed_weighted += r.weight;
            } else {
                PreviewMove& mv = g.out[afterSig];
                mv.signature = afterSig;
                mv.count += 1;
                mv.weighted += r.weight;
            }
        }
        if (!afterSig.empty()) {
            Accum& h = accum(afterSig, r.endpoint, afterOutcome, afterDiffs, afterStatus);
            PreviewMove& mv = h.in[beforeSig];
            mv.signature = beforeSig;
            mv.count += 1;
            mv.weighted += r.weight;
        }
    }

    // 4. Totals per group, ordered: emptied groups first, then by records affected.
    for (auto& [sig, acc] : touched) {
        PreviewGroup g = std::move(acc.g);
        g.moved_out = sortedMoves(acc.out);
        g.moved_in = sortedMoves(acc.in);
        int64_t count = static_cast<int64_t>(g.count_before) - static_cast<int64_t>(g.absorbed);
        double weighted = g.weighted_before - g.absorbed_weighted;
        for (const auto& m : g.moved_out) count -= static_cast<int64_t>(m.count), weighted -= m.weighted;
        for (const auto& m : g.moved_in) count += static_cast<int64_t>(m.count), weighted += m.weighted;
        g.count_after = static_cast<uint64_t>(std::max<int64_t>(count, 0));
        g.weighted_after = count > 0 ? weighted : 0;
        p.groups.push_back(std::move(g));
    }
    auto affected = [](const PreviewGroup& g) {
        uint64_t n = g.absorbed;
        for (const auto& m : g.moved_out) n += m.count;
        for (const auto& m : g.moved_in) n += m.count;
        return n;
    };
    std::sort(p.groups.begin(), p.groups.end(), [&](const PreviewGroup& x, const PreviewGroup& y) {
        if (x.fullyAbsorbed() != y.fullyAbsorbed()) return x.fullyAbsorbed();
        if (affected(x) != affected(y)) return affected(x) > affected(y);
        return x.signature < y.signature;
    });
    p.match_rate_before = weightedMatchRate(p.weights_before);
    p.match_rate_after = weightedMatchRate(p.weights_after);
    p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return p;
}

std::optional<RuleConfig> mergeRuleConfigs(const RuleConfig& current, const RuleConfig& added,
                                           std::vector<RuleError>* errors) {
    RuleConfig out = current;
    std::map<std::string, const Rule*> ids;
    for (const Rule& r : out.rules) ids.emplace(r.id.empty() ? generateRuleId(r) : r.id, &r);
    std::vector<Rule> extra;
    bool ok = true;
    for (size_t i = 0; i < added.rules.size(); ++i) {
        Rule r = added.rules[i];
        if (r.id.empty()) r.id = generateRuleId(r);
        auto it = ids.find(r.id);
        if (it != ids.end()) {
            Rule existing = *it->second;
            if (existing.id.empty()) existing.id = r.id;
            if (existing == r) continue;
            ok = false;
            if (errors)
                errors->push_back({"/rules/" + std::to_string(i) + "/id",
                                   "id \"" + r.id + "\" is already used by a different rule of the current rules", 0});
            continue;
        }
        extra.push_back(std::move(r));
    }
    if (!ok) return std::nullopt;
    for (auto& r : extra) out.rules.push_back(std::move(r));
    std::sort(out.rules.begin(), out.rules.end(), [](const Rule& x, const Rule& y) { return x.id < y.id; });
    return out;
}

std::optional<RulesPreview> previewRuleConfigs(const Analysis& analysis, const RuleConfig& current,
                                               const RuleConfig& added, const PreviewOptions& options,
                                               std::vector<RuleError>* errors) {
    auto merged = mergeRuleConfigs(current, added, errors);
    if (!merged) return std::nullopt;
    std::vector<std::string> problems;
    auto combined = RuleSet::build(*merged, &problems);
    auto addedSet = RuleSet::build(added, &problems);
    if (!combined || !addedSet) {
        if (errors)
            for (auto& p : problems) errors->push_back({"", std::move(p), 0});
        return std::nullopt;
    }
    return previewRules(analysis, *combined, *addedSet, options);
}

std::string previewJson(const RulesPreview& p) {
    using nlohmann::ordered_json;
    auto outcomes = [](const auto& arr) {
        ordered_json o = ordered_json::object();
        for (int i = 0; i < kOutcomeCount; ++i) o[std::string(outcomeName(static_cast<Outcome>(i)))] = arr[i];
        return o;
    };
    auto moves = [](const std::vector<PreviewMove>& v) {
        ordered_json a = ordered_json::array();
        for (const auto& m : v)
            a.push_back({{"signature", m.signature.empty() ? ordered_json(nullptr) : ordered_json(m.signature)},
                         {"count", m.count},
                         {"weighted", m.weighted}});
        return a;
    };
    ordered_json j = ordered_json::object();
    j["signature_version"] = Analysis::kSignatureVersion;
    j["records"] = p.records;
    j["examined"] = p.examined;
    j["changed"] = p.changed;
    j["absorbed"] = {{"count", p.absorbed}, {"weighted", p.absorbed_weighted}};
    j["unreadable"] = p.unreadable;
    j["groups_fully_absorbed"] = p.groupsFullyAbsorbed();
    j["groups_collateral"] = p.groupsCollateral();
    j["groups_created"] = p.groupsCreated();
    j["match_rate"] = {{"before", p.match_rate_before}, {"after", p.match_rate_after}};
    j["outcomes_before"] = outcomes(p.counts_before);
    j["outcomes_after"] = outcomes(p.counts_after);
    j["weighted_outcomes_before"] = outcomes(p.weights_before);
    j["weighted_outcomes_after"] = outcomes(p.weights_after);
    ordered_json groups = ordered_json::array();
    for (const auto& g : p.groups) {
        ordered_json o = ordered_json::object();
        o["signature"] = g.signature;
        std::string effect = g.fullyAbsorbed()      ? "absorbed"
                             : !g.existed           ? "created"
                             : g.absorbed > 0       ? "partially_absorbed"
                             : !g.moved_out.empty() ? "regrouped"
                                                    : "grown";
        o["effect"] = effect;
        o["endpoint"] = g.endpoint;
        o["outcome"] = std::string(outcomeName(g.outcome));
        ordered_json diffs = ordered_json::array();
        for (const auto& [path, kind, cls] : g.differences)
            diffs.push_back({{"path", path}, {"kind", std::string(kindName(kind))}, {"class", cls}});
        o["differences"] = diffs;
        if (g.status_pair) o["status_pair"] = {g.status_pair->first, g.status_pair->second};
        o["before"] = {{"count", g.count_before}, {"weighted", g.weighted_before}};
        o["after"] = {{"count", g.count_after}, {"weighted", g.weighted_after}};
        o["absorbed"] = {{"count", g.absorbed}, {"weighted", g.absorbed_weighted}};
        o["moved_out"] = moves(g.moved_out);
        o["moved_in"] = moves(g.moved_in);
        groups.push_back(std::move(o));
    }
    j["groups"] = std::move(groups);
    j["seconds"] = p.seconds;
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace dt
