// SPDX-License-Identifier: MIT
#include "core/triage/rules_preview.h"
#include "core/triage/preview_keys.h"
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
    auto cancelled = [&] { return options.cancel && options.cancel->load(std::memory_order_relaxed); };

    // 1. Records whose state the new rules may change. With rules decidable from keys
    //    (preview_keys.h), most are decided from their (endpoint, set) at once; the others are
    //    re-read. Otherwise every record the new rules may touch is re-read: RuleProvider::mayTouch
    //    over the record's raw and current sets, decided once per (endpoint, set), as
    //    Analysis::applyRules() filters (the current set matters too: e.g. a current status rule
    //    lets the bodies be compared, which raises differences the raw set does not have).
    std::vector<uint32_t> candidates;                            // to re-read
    std::vector<std::pair<uint32_t, const KeyEffect*>> decided;  // decided from keys
    auto keys = options.decide_from_keys ? KeyPreview::make(a, combined, added) : nullptr;
    if (keys) {
        // The records of a group share its (endpoint, set, outcome): one lookup per group.
        std::vector<const KeyEffect*> groupEffect(a.groups().size(), nullptr);
        for (uint32_t i = 0; i < recs.size(); ++i) {
            if ((i & 0xffff) == 0 && cancelled()) {
                p.cancelled = true;
                return p;
            }
            const IndexedRecord& r = recs[i];
            const KeyEffect* e;
            if (r.group != kNone) {
                const KeyEffect*& slot = groupEffect[r.group];
                if (!slot) slot = &keys->effect(r.endpoint, r.set, r.outcome);
                e = &keys->effect(r, *slot);
            } else {
                e = &keys->effect(r, keys->effect(r.endpoint, r.set, r.outcome));
            }
            switch (e->kind) {
            case KeyEffect::Kind::Unchanged: break;
            case KeyEffect::Kind::Decided: decided.emplace_back(i, e); break;
            case KeyEffect::Kind::Reread: candidates.push_back(i); break;
            }
        }
    } else {
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
        for (uint32_t i = 0; i < recs.size(); ++i) {
            const IndexedRecord& r = recs[i];
            if (r.raw_outcome != Outcome::Mismatch && r.raw_outcome != Outcome::Drift &&
                r.raw_outcome != Outcome::Noise)
                continue;
            if (r.endpoint == kNone) continue;
            if (touches(r.endpoint, r.raw_set) || (r.set != r.raw_set && touches(r.endpoint, r.set)))
                candidates.push_back(i);
        }
    }
    p.examined = candidates.size() + decided.size();
    p.reread = candidates.size();

    // 2. Re-read and evaluate the candidates under the combined rules, in parallel.
    std::vector<Analysis::Evaluation> results(candidates.size());
    if (!candidates.empty()) {
        unsigned threads = threadCount(options.threads);
        threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>((candidates.size() + 63) / 64)));
        std::atomic<size_t> next{0};
        std::atomic<bool> stop{false};
        auto work = [&] {
            for (size_t j; (j = next.fetch_add(1)) < candidates.size();) {
                if ((j & 63) == 0 && cancelled()) {
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

    // 3. Each record's state after: its outcome and its group's signature, interned (most records
    //    share a few signatures), then the moves between groups summed per (group before, after).
    std::unordered_map<std::string, uint32_t> groupIndex;
    for (uint32_t g = 0; g < a.groups().size(); ++g) groupIndex.emplace(a.groups()[g].signature, g);
    struct After {
        std::string signature;   // "" = no group
        uint32_t group = kNone;  // the existing group with this signature
        uint32_t endpoint = kNone;
        Outcome outcome = Outcome::Match;
        std::vector<SigKey> differences;
        std::optional<std::pair<int, int>> status;
    };
    std::vector<After> afters(1);  // 0 = no group
    std::unordered_map<std::string, uint32_t> afterIndex;
    auto intern = [&](std::string sig, uint32_t endpoint, Outcome outcome, const std::vector<SigKey>& diffs,
                      std::optional<std::pair<int, int>> status) -> uint32_t {
        if (sig.empty()) return 0;
        auto [it, fresh] = afterIndex.try_emplace(sig, static_cast<uint32_t>(afters.size()));
        if (fresh) {
            After& x = afters.emplace_back();
            auto gi = groupIndex.find(sig);
            x.group = gi == groupIndex.end() ? kNone : gi->second;
            x.signature = std::move(sig);
            x.endpoint = endpoint;
            x.outcome = outcome;
            x.differences = diffs;
            x.status = status;
        }
        return it->second;
    };
    struct Sum {
        uint64_t count = 0;
        double weighted = 0;
    };
    std::unordered_map<uint64_t, Sum> moves;  // (group before + 1) << 32 | after
    auto account = [&](const IndexedRecord& r, Outcome afterOutcome, uint32_t after) {
        const Outcome beforeOutcome = r.outcome;
        p.counts_after[int(beforeOutcome)] -= 1;
        p.counts_after[int(afterOutcome)] += 1;
        p.weights_after[int(beforeOutcome)] -= r.weight;
        p.weights_after[int(afterOutcome)] += r.weight;
        const bool sameGroup = r.group == kNone ? after == 0 : after != 0 && afters[after].group == r.group;
        if (sameGroup && beforeOutcome == afterOutcome) return;
        ++p.changed;
        if (sameGroup) return;  // e.g. noise <-> allowed: no group involved
        // kNone + 1 wraps to 0: "no group before"
        Sum& s = moves[(uint64_t(r.group + 1) << 32) | after];
        s.count += 1;
        s.weighted += r.weight;
    };

    for (size_t j = 0; j < candidates.size(); ++j) {
        const IndexedRecord& r = recs[candidates[j]];
        const Analysis::Evaluation& ev = results[j];
        if (!ev.ok) {
            // As applyRules(): a record that cannot be re-read keeps its raw classification.
            ++p.unreadable;
            std::vector<SigKey> rawKeys = keysOf(a, r.raw_set);
            std::optional<std::pair<int, int>> status;
            if (std::any_of(rawKeys.begin(), rawKeys.end(), [](const SigKey& k) { return k.kind == DiffKind::Status; }))
                status = std::make_pair(int(r.primary_status), int(r.candidate_status));
            uint32_t after = 0;
            if (inGroup(r.raw_outcome))
                after = intern(Analysis::signatureOf(a.endpoint(r.endpoint), rawKeys, status, r.raw_outcome),
                               r.endpoint, r.raw_outcome, rawKeys, status);
            account(r, r.raw_outcome, after);
        } else {
            const uint32_t after =
                inGroup(ev.outcome) ? intern(ev.signature, r.endpoint, ev.outcome, ev.differences, ev.status_pair) : 0;
            account(r, ev.outcome, after);
        }
    }
    // Decided records: every record of a group has the group's effect, so one signature per group
    // (signed as Analysis signs a set, with the group's status pair); the moves are summed per
    // group. Decided records outside groups (noise becoming allowed) change their outcome only.
    std::vector<uint32_t> groupAfter(a.groups().size(), UINT32_MAX);
    std::vector<Sum> groupSum(a.groups().size());
    for (const auto& [i, e] : decided) {
        const IndexedRecord& r = recs[i];
        if (r.group == kNone) {
            account(r, e->outcome, 0);
            continue;
        }
        p.counts_after[int(r.outcome)] -= 1;
        p.counts_after[int(e->outcome)] += 1;
        p.weights_after[int(r.outcome)] -= r.weight;
        p.weights_after[int(e->outcome)] += r.weight;
        uint32_t& after = groupAfter[r.group];
        if (after == UINT32_MAX) {
            const Group& g = a.groups()[r.group];
            after = 0;
            if (inGroup(e->outcome)) {
                const auto status = e->status ? g.status_pair : std::nullopt;
                after = intern(Analysis::signatureOf(a.endpoint(r.endpoint), e->differences, status, e->outcome),
                               r.endpoint, e->outcome, e->differences, status);
            }
        }
        groupSum[r.group].count += 1;
        groupSum[r.group].weighted += r.weight;
    }
    for (uint32_t g = 0; g < groupSum.size(); ++g) {
        const Sum& sum = groupSum[g];
        if (!sum.count) continue;
        const uint32_t after = groupAfter[g];
        const Outcome afterOutcome = after ? afters[after].outcome : Outcome::Allowed;
        const bool sameGroup = after != 0 && afters[after].group == g;
        if (sameGroup && afterOutcome == a.groups()[g].outcome) continue;
        p.changed += sum.count;
        if (sameGroup) continue;
        Sum& s = moves[(uint64_t(g + 1) << 32) | after];
        s.count += sum.count;
        s.weighted += sum.weighted;
    }

    // 4. Per group: what leaves it (absorbed, or to which signature) and what joins it.
    std::unordered_map<std::string, Accum> touched;
    auto accum = [&](const std::string& sig, const After* fresh) -> Accum& {
        auto [it, isNew] = touched.try_emplace(sig);
        if (isNew) {
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
            } else if (fresh) {
                g.existed = false;
                g.endpoint = a.endpoint(fresh->endpoint);
                g.outcome = fresh->outcome;
                g.differences = fresh->differences;
                g.status_pair = fresh->status;
            }
        }
        return it->second;
    };
    std::vector<std::pair<uint64_t, Sum>> ordered(moves.begin(), moves.end());
    std::sort(ordered.begin(), ordered.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (const auto& [key, sum] : ordered) {
        const uint32_t before = static_cast<uint32_t>(key >> 32) - 1;
        const After& after = afters[static_cast<uint32_t>(key)];
        const std::string none;
        const std::string& beforeSig = before == kNone ? none : a.groups()[before].signature;
        if (!beforeSig.empty()) {
            Accum& g = accum(beforeSig, nullptr);
            if (after.signature.empty()) {
                g.g.absorbed += sum.count;
                g.g.absorbed_weighted += sum.weighted;
                p.absorbed += sum.count;
                p.absorbed_weighted += sum.weighted;
            } else {
                PreviewMove& mv = g.out[after.signature];
                mv.signature = after.signature;
                mv.count += sum.count;
                mv.weighted += sum.weighted;
            }
        }
        if (!after.signature.empty()) {
            Accum& h = accum(after.signature, &after);
            PreviewMove& mv = h.in[beforeSig];
            mv.signature = beforeSig;
            mv.count += sum.count;
            mv.weighted += sum.weighted;
        }
    }

    // 5. Totals per group, ordered: emptied groups first, then by records affected.
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
    j["reread"] = p.reread;
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
