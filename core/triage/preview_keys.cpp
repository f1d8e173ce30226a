// SPDX-License-Identifier: MIT
#include "core/triage/preview_keys.h"

#include <algorithm>
#include <map>
#include <string>

namespace dt {

namespace {

// The enabled rules of a config by id (a missing id filled in as RuleSet::build() does).
std::map<std::string, Rule> enabledById(const RuleConfig& config) {
    std::map<std::string, Rule> out;
    for (const Rule& r : config.rules) {
        if (!r.enabled) continue;
        Rule copy = r;
        if (copy.id.empty()) copy.id = generateRuleId(copy);
        out.emplace(copy.id, std::move(copy));
    }
    return out;
}

}  // namespace

std::unique_ptr<KeyPreview> KeyPreview::make(const Analysis& a, const RuleProvider& combined,
                                             const RuleProvider& added) {
    const auto* addedSet = dynamic_cast<const RuleSet*>(&added);
    const auto* combinedSet = dynamic_cast<const RuleSet*>(&combined);
    if (!addedSet || !combinedSet || !decidesByKey(*addedSet)) return nullptr;
    // The derivation (preview_keys.h) holds for combined = current + added, nothing else.
    std::map<std::string, Rule> expected;
    if (a.rules()) {
        const auto* current = dynamic_cast<const RuleSet*>(a.rules());
        if (!current) return nullptr;
        expected = enabledById(current->config());
    }
    for (auto& [id, rule] : enabledById(addedSet->config())) {
        auto [it, fresh] = expected.emplace(id, rule);
        if (!fresh && !(it->second == rule)) return nullptr;
    }
    if (expected != enabledById(combinedSet->config())) return nullptr;
    return std::unique_ptr<KeyPreview>(new KeyPreview(a, *addedSet));
}

const KeyEffect& KeyPreview::effect(uint32_t endpoint, uint32_t set, Outcome outcome) {
    static const KeyEffect unchanged;
    int slot;
    switch (outcome) {
    case Outcome::Mismatch: slot = 0; break;
    case Outcome::Noise: slot = 1; break;
    case Outcome::Drift: slot = 2; break;
    default: return unchanged;  // match, allowed, invalid: no difference remained to absorb
    }
    const uint64_t key = (uint64_t(endpoint) << 32) | set;
    auto it = m_cache[slot].find(key);
    if (it == m_cache[slot].end()) it = m_cache[slot].emplace(key, compute(endpoint, set, outcome)).first;
    return it->second;
}

KeyEffect KeyPreview::compute(uint32_t endpoint, uint32_t set, Outcome outcome) const {
    KeyEffect e;
    if (endpoint == kNone) return e;
    const std::string& ep = m_a.endpoint(endpoint);
    std::vector<SigKey> kept;
    bool absorbed = false, undecided = false;
    for (const DiffKey& k : m_a.set(set)) {
        SigKey key = m_a.key(k);
        switch (decideKey(m_added, ep, key)) {
        case KeyDecision::Kept: kept.push_back(std::move(key)); break;
        case KeyDecision::Absorbed: absorbed = true; break;
        case KeyDecision::Undecided: undecided = true; break;
        }
    }
    if (!absorbed && !undecided) return e;  // Unchanged
    switch (outcome) {
    case Outcome::Mismatch:
        // The set holds every difference that remained; the new rules absorb whole keys.
        if (undecided) {
            e.kind = KeyEffect::Kind::Reread;
        } else if (!kept.empty()) {
            e.kind = KeyEffect::Kind::Decided;
            e.outcome = Outcome::Mismatch;
            std::sort(kept.begin(), kept.end());
            e.status =
                std::any_of(kept.begin(), kept.end(), [](const SigKey& k) { return k.kind == DiffKind::Status; });
            e.differences = std::move(kept);
        } else {
            // Allowed, or noise when some difference was explained: re-read only the latter.
            e.kind = KeyEffect::Kind::Reread;
            e.emptied = true;
        }
        break;
    case Outcome::Noise:
        // The set is what was explained: noise while any of it remains unabsorbed.
        if (!kept.empty()) return e;
        if (undecided) {
            e.kind = KeyEffect::Kind::Reread;
        } else {
            e.kind = KeyEffect::Kind::Decided;
            e.outcome = Outcome::Allowed;
        }
        break;
    default:
        // Drift: the set may be what remained, what was explained or what was absorbed.
        e.kind = KeyEffect::Kind::Reread;
        break;
    }
    return e;
}

}  // namespace dt
