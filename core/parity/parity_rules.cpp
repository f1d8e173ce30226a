// SPDX-License-Identifier: MIT
// Allowances burndown (parity.h): which rules absorb how much traffic, and the active rules over
// time by their `created` date. A record is attributed to every enabled rule that may touch one of
// the differences the rules removed from it (RuleSet::rulesTouching over the absorbed keys: an
// allowed record's set, or a mismatch's raw_set minus set), so a record absorbed by two
// overlapping rules counts for both.
#include <algorithm>
#include <set>

#include "core/parity/parity_internal.h"

namespace dt {

BurndownBuilder::BurndownBuilder(const Analysis& a, const RuleSet* rules, std::string today)
        : m_a(a), m_rules(rules), m_today(std::move(today)) {
    if (!m_rules) return;
    for (const Rule& r : m_rules->config().rules)
        if (r.enabled) m_enabled.push_back(&r);
    m_records.assign(m_enabled.size(), 0);
    m_weighted.assign(m_enabled.size(), 0);
}

const std::vector<uint32_t>& BurndownBuilder::rulesFor(const Key& key) {
    auto it = m_cache.find(key);
    if (it != m_cache.end()) return it->second;
    std::vector<uint32_t> out;
    const std::vector<DiffKey>& raw = m_a.set(key.raw);
    const std::vector<DiffKey>& after = m_a.set(key.set);
    const std::string& endpoint = m_a.endpoint(key.endpoint);
    for (const DiffKey& k : raw) {
        if (std::binary_search(after.begin(), after.end(), k)) continue;  // not absorbed
        for (const std::string& id : m_rules->rulesTouching(endpoint, m_a.path(k.path), k.kind))
            for (uint32_t i = 0; i < m_enabled.size(); ++i)
                if (m_enabled[i]->id == id) out.push_back(i);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return m_cache.emplace(key, std::move(out)).first->second;
}

void BurndownBuilder::add(const IndexedRecord& r) {
    if (!m_rules || m_enabled.empty() || r.endpoint == kNone) return;
    Key key;
    if (r.outcome == Outcome::Allowed)
        key = Key{r.endpoint, r.set, 0};  // its set holds what rules absorbed
    else if (r.outcome == Outcome::Mismatch && r.raw_set != r.set && r.raw_set != 0)
        key = Key{r.endpoint, r.raw_set, r.set};
    else
        return;
    for (uint32_t i : rulesFor(key)) {
        ++m_records[i];
        m_weighted[i] += r.weight;
    }
}

void BurndownBuilder::finish(double comparable, ParityReport& out) {
    out.rules.clear();
    out.burndown.clear();
    if (!m_rules) return;
    for (size_t i = 0; i < m_enabled.size(); ++i) {
        const Rule& r = *m_enabled[i];
        RuleBurndown b;
        b.id = r.id;
        b.title = r.title;
        b.created = r.created;
        b.expires = r.expires;
        b.expired = isExpired(r, m_today);
        b.records = m_records[i];
        b.weighted = m_weighted[i];
        b.share = comparable > 0 ? m_weighted[i] / comparable : 0;
        out.rules.push_back(std::move(b));
    }
    std::stable_sort(out.rules.begin(), out.rules.end(), [](const RuleBurndown& x, const RuleBurndown& y) {
        return std::tie(x.created, x.id) < std::tie(y.created, y.id);
    });
    // Timeline: every date where the set of active rules may change, plus today.
    std::set<std::string> dates;
    for (const RuleBurndown& b : out.rules) {
        if (!b.created.empty()) dates.insert(b.created);
        if (!b.expires.empty()) dates.insert(b.expires);
    }
    dates.insert(m_today);
    for (const std::string& d : dates) {
        BurndownPoint p;
        p.date = d;
        for (const RuleBurndown& b : out.rules) {
            if (!b.created.empty() && b.created > d) continue;  // not yet created (no date: from the start)
            if (!b.expires.empty() && b.expires < d)
                ++p.expired;
            else
                ++p.active;
        }
        out.burndown.push_back(std::move(p));
    }
}

}  // namespace dt
