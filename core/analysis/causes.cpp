// SPDX-License-Identifier: MIT
// Causes over the groups of an analysis (contract: causes.h).
#include "core/analysis/causes.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "core/compare/value_class.h"
#include "core/util/fnv1a.h"

namespace dt {
namespace {

void addSorted(std::vector<std::string>& v, const std::string& s) {
    auto it = std::lower_bound(v.begin(), v.end(), s);
    if (it == v.end() || *it != s) v.insert(it, s);
}

std::string titleOf(const Cause& c, const std::string& endpoint, const std::string& path) {
    const std::string kind(kindName(c.kind));
    if (c.kind == DiffKind::Status) return endpoint + ": status " + c.param;
    if (c.kind == DiffKind::CandidateError) return endpoint + ": candidate fails to answer";
    if (c.representation) {
        if (c.kind == DiffKind::Header) {
            if (c.cls == "parameter_only") return "header " + path + ": parameter " + c.param + " added or dropped";
            return "header " + path + ": " + std::string(classDescription(*classFromName(c.cls)));
        }
        const auto vc = classFromName(c.cls);
        if (vc == ValueClass::NullVsMissing)
            return c.kind == DiffKind::Missing ? "candidate omits null members" : "candidate adds null members";
        if (vc == ValueClass::EmptyVsNull)
            return c.kind == DiffKind::TypeChanged ? "empty values written as null (or the reverse)"
                   : c.kind == DiffKind::Missing   ? "candidate omits empty members"
                                                   : "candidate adds empty members";
        if (vc == ValueClass::UrlHost) return "links point to another host (" + c.param + ")";
        if (vc == ValueClass::SameInstant) return "timestamps written differently (same instants)";
        return std::string(classDescription(vc ? *vc : ValueClass::None)) + " (" + kind + ")";
    }
    std::string label = classLabel(c.param.empty() ? c.cls : c.cls + " " + c.param);
    if (c.kind == DiffKind::Header)
        return endpoint + ": header " + path + " " +
               (c.cls == "missing_value" ? "missing"
                : c.cls == "extra_value" ? "added"
                                         : "changed") +
               (label.empty() ? std::string() : " \xC2\xB7 " + label);
    return endpoint + ": " + (path.empty() ? std::string("(body)") : path) + " " + kind +
           (label.empty() ? std::string() : " \xC2\xB7 " + label);
}

}  // namespace

std::string causeKeyText(const std::string& endpoint, const SigKey& key,
                         std::optional<std::pair<int, int>> statusPair) {
    const std::string_view name = classTextName(key.cls);
    const std::string_view param = classTextParam(key.cls);
    const auto vc = classFromName(name);
    const bool repr = vc && isRepresentationOnly(*vc);
    std::string t;
    if (key.kind == DiffKind::Status) {
        t = "status\n" + endpoint + "\n";
        if (statusPair) t += std::to_string(statusPair->first) + " " + std::to_string(statusPair->second) + "\n";
        return t;
    }
    if (key.kind == DiffKind::CandidateError) return "candidate_error\n" + endpoint + "\n";
    if (repr && key.kind == DiffKind::Header) return "header\n" + key.path + "\n" + std::string(key.cls) + "\n";
    if (repr) {
        t = "representation\n";
        t += kindName(key.kind);
        t += ' ';
        t += name;
        if (*vc == ValueClass::UrlHost) {
            t += ' ';
            t += param;
        }
        return t + "\n";
    }
    t = "value\n" + endpoint + "\n";
    t += kindName(key.kind);
    t += ' ';
    t += key.path;
    if (!key.cls.empty()) {
        t += ' ';
        t += key.cls;
    }
    return t + "\n";
}

std::string causeIdOf(const std::string& keyText) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%012llx",
                  static_cast<unsigned long long>(fnv1a("difftriage-cause-1\n" + keyText) >> 16));
    return std::string(buf, 12);
}

std::vector<std::string> causeIdsOf(const std::string& endpoint, const std::vector<SigKey>& keys,
                                    std::optional<std::pair<int, int>> statusPair) {
    std::vector<std::string> ids;
    for (const SigKey& k : keys) ids.push_back(causeIdOf(causeKeyText(endpoint, k, statusPair)));
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

const std::vector<uint32_t>& CauseIndex::causesOfRecord(const Analysis& a, uint32_t record) const {
    static const std::vector<uint32_t> kNoCauses;
    const IndexedRecord& r = a.records()[record];
    if (r.group == kNone || r.group >= groupCauses.size()) return kNoCauses;
    return groupCauses[r.group];
}

std::optional<uint32_t> CauseIndex::find(std::string_view id) const {
    std::optional<uint32_t> found;
    for (uint32_t i = 0; i < causes.size(); ++i) {
        if (causes[i].id == id) return i;
        if (id.size() >= 4 && causes[i].id.compare(0, id.size(), id) == 0) {
            if (found) return std::nullopt;  // ambiguous prefix
            found = i;
        }
    }
    return found;
}

CauseIndex computeCauses(const Analysis& a) {
    CauseIndex idx;
    const auto& groups = a.groups();
    idx.groupCauses.assign(groups.size(), {});
    std::unordered_map<std::string, uint32_t> byKey;
    std::vector<Cause> causes;
    for (uint32_t gi = 0; gi < groups.size(); ++gi) {
        const Group& g = groups[gi];
        if (g.outcome != Outcome::Mismatch) continue;  // drift is counted apart, never a cause
        idx.records += g.count;
        const std::string& endpoint = g.endpoint == kNone ? std::string() : a.endpoint(g.endpoint);
        std::vector<uint32_t> mine;
        for (const DiffKey& dk : g.differences) {
            const SigKey key = a.key(dk);
            std::string text = causeKeyText(endpoint, key, g.status_pair);
            auto [it, fresh] = byKey.emplace(text, static_cast<uint32_t>(causes.size()));
            if (fresh) {
                Cause c;
                c.key = text;
                c.id = causeIdOf(text);
                c.kind = key.kind;
                c.cls = std::string(classTextName(key.cls));
                const auto vc = classFromName(c.cls);
                c.representation = vc && isRepresentationOnly(*vc);
                if (key.kind == DiffKind::Status && g.status_pair)
                    c.param =
                        std::to_string(g.status_pair->first) + "\xE2\x86\x92" + std::to_string(g.status_pair->second);
                else if (key.kind == DiffKind::Header && c.representation)
                    c.param = std::string(classTextParam(key.cls));
                else if (c.representation ? vc == ValueClass::UrlHost : true)
                    c.param = std::string(classTextParam(key.cls));
                c.title = titleOf(c, endpoint, key.path);
                causes.push_back(std::move(c));
            }
            Cause& c = causes[it->second];
            if (mine.empty() || std::find(mine.begin(), mine.end(), it->second) == mine.end()) {
                mine.push_back(it->second);
                c.groups.push_back(gi);
                c.count += g.count;
                c.weighted += g.weighted;
            }
            if (!key.path.empty()) addSorted(c.paths, key.path);
            addSorted(c.endpoints, endpoint);
        }
        idx.groupCauses[gi] = std::move(mine);
    }
    // rank
    std::vector<uint32_t> order(causes.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
        if (causes[x].weighted != causes[y].weighted) return causes[x].weighted > causes[y].weighted;
        if (causes[x].count != causes[y].count) return causes[x].count > causes[y].count;
        return causes[x].id < causes[y].id;
    });
    std::vector<uint32_t> rank(causes.size());
    idx.causes.reserve(causes.size());
    for (uint32_t i = 0; i < order.size(); ++i) {
        rank[order[i]] = i;
        idx.causes.push_back(std::move(causes[order[i]]));
    }
    for (auto& gc : idx.groupCauses) {
        for (auto& c : gc) c = rank[c];
        std::sort(gc.begin(), gc.end());
    }
    return idx;
}

std::vector<std::string> causeSampleIds(const Analysis& a, const Cause& c, size_t n) {
    // The first n members in store order across the cause's groups (members are in store order).
    std::vector<uint32_t> picks;
    for (uint32_t gi : c.groups) {
        const auto& m = a.groups()[gi].members;
        picks.insert(picks.end(), m.begin(), m.begin() + static_cast<long>(std::min(n, m.size())));
    }
    std::sort(picks.begin(), picks.end());
    if (picks.size() > n) picks.resize(n);
    std::vector<std::string> ids;
    for (uint32_t i : picks) ids.emplace_back(a.id(a.records()[i]));
    return ids;
}

}  // namespace dt
