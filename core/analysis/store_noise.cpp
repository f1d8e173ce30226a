// SPDX-License-Identifier: MIT
// Analysis: store-level noise per difference (analysis.h, isStoreNoise). A difference at a path
// where the primary and the secondary also differ — in at least kNoiseMinRecords records of the
// store at that endpoint — is noise in every record, with or without a secondary of its own.
#include <algorithm>
#include <unordered_map>

#include "core/analysis/analysis.h"
#include "core/analysis/classify.h"

namespace dt {

bool Analysis::isStoreNoise(uint32_t endpoint, std::string_view path, DiffKind kind) const {
    if (endpoint >= m_noisy.size()) return false;
    const auto& keys = m_noisy[endpoint];
    if (keys.empty()) return false;
    auto has = [&](std::string_view k) { return std::binary_search(keys.begin(), keys.end(), k); };
    if (!isBodyKind(kind)) {
        const std::string k = noiseKey(kind, path);
        return !k.empty() && has(k);
    }
    std::string k = "B";
    if (has(k)) return true;  // the whole body is noisy
    size_t pos = 1;
    while (pos <= path.size()) {
        const size_t slash = path.find('/', pos);
        k.assign("B");
        k += path.substr(0, slash);
        if (has(k)) return true;
        if (slash == std::string_view::npos) break;
        pos = slash + 1;
    }
    return false;
}

void Analysis::applyStoreNoise(uint32_t endpoint, Classification& c) const {
    if (endpoint >= m_noisy.size() || m_noisy[endpoint].empty()) return;
    if (c.outcome != Outcome::Mismatch) return;
    auto& diffs = c.result.differences;
    for (auto it = diffs.begin(); it != diffs.end();) {
        if (isStoreNoise(endpoint, it->generalized, it->kind)) {
            c.explained.push_back(std::move(*it));
            it = diffs.erase(it);
        } else {
            ++it;
        }
    }
    if (diffs.empty()) c.outcome = Outcome::Noise;
}

void Analysis::removeStoreNoiseFromSets(uint32_t from) {
    struct Mapped {
        uint32_t set;
        bool allNoise;
        bool anyNoise;  // some key was store-level noise
    };
    std::unordered_map<uint64_t, Mapped> cache;
    for (uint32_t i = from; i < m_records.size(); ++i) {
        IndexedRecord& r = m_records[i];
        if (r.raw_outcome != Outcome::Mismatch || r.endpoint >= m_noisy.size() || m_noisy[r.endpoint].empty()) continue;
        const uint64_t key = (uint64_t(r.endpoint) << 32) | r.raw_set;
        auto it = cache.find(key);
        if (it == cache.end()) {
            std::vector<SigKey> keep, removed;
            for (const DiffKey& k : m_sets[r.raw_set]) {
                SigKey sk = this->key(k);
                (isStoreNoise(r.endpoint, sk.path, sk.kind) ? removed : keep).push_back(std::move(sk));
            }
            std::sort(keep.begin(), keep.end());
            std::sort(removed.begin(), removed.end());
            Mapped m{r.raw_set, false, !removed.empty()};
            if (!removed.empty()) {
                m.allNoise = keep.empty();
                m.set = internSet(keep.empty() ? removed : keep);
            }
            it = cache.emplace(key, m).first;
        }
        r.raw_set = r.set = it->second.set;
        if (it->second.anyNoise) r.raw_explained = r.explained = true;
        if (it->second.allNoise) r.raw_outcome = r.outcome = Outcome::Noise;
    }
}

}  // namespace dt
