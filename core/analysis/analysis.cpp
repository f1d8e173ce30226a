// SPDX-License-Identifier: MIT
// Analysis::analyze: the parallel ingest scan and the merge of its per-chunk results.
#include "core/analysis/analysis.h"
#include "core/util/worker_pool.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/analysis/classify.h"
#include "core/analysis/endpoint.h"
#include "core/analysis/ingest.h"

namespace dt {

std::string_view outcomeName(Outcome o) {
    switch (o) {
    case Outcome::Match: return "match";
    case Outcome::Mismatch: return "mismatch";
    case Outcome::Noise: return "noise";
    case Outcome::Drift: return "drift";
    case Outcome::Allowed: return "allowed";
    case Outcome::Invalid: return "invalid";
    }
    return "?";
}

// A set of (generalized path, kind) encoded as one string: kind byte + path + '\0', sorted.
std::string encodeSet(const std::vector<SigKey>& keys) {
    std::string s;
    for (const auto& k : keys) {
        s.push_back(static_cast<char>('A' + static_cast<int>(k.kind)));
        s += k.path;
        s.push_back('\0');
        s += k.cls;
        s.push_back('\0');
    }
    return s;
}

namespace {

// Pre-templates given by the producer (record.endpoint) are marked so they skip learning.
constexpr char kExplicitMark = '\x01';

bool isExplicit(std::string_view pre) { return !pre.empty() && pre[0] == kExplicitMark; }

struct ChunkOut {
    std::vector<IndexedRecord> recs;  // id: local arena offset; endpoint: local pre-template; sets: local
    std::vector<uint32_t> recTags;    // per rec: index into tagSets (0 = no tags)
    std::vector<FlatObject> tagSets{FlatObject{}};
    std::unordered_map<std::string, uint32_t> tagIndex{{std::string(), 0}};
    std::vector<uint32_t> order;  // internTags' scratch
    std::string tagKey;           // internTags' scratch
    std::vector<char> ids;
    std::vector<std::string> pre;
    std::unordered_map<std::string, uint32_t> preIndex;
    std::vector<std::string> sets{std::string()};  // 0 = empty set
    std::unordered_map<std::string, uint32_t> setIndex{{std::string(), 0}};
    std::vector<LoadProblem> problems;  // line: local
    uint64_t lines = 0;
    std::unordered_map<std::string, uint32_t> noisy;  // pre index (4 bytes) + noise key -> records

    // find() first: emplace() would allocate a node for every record, most of which are known.
    uint32_t internPre(std::string s) {
        if (auto known = preIndex.find(s); known != preIndex.end()) return known->second;
        auto [it, fresh] = preIndex.emplace(std::move(s), static_cast<uint32_t>(pre.size()));
        if (fresh) pre.push_back(it->first);
        return it->second;
    }
    // Looked up by a key built in a reused buffer; the tags are copied only for a set not seen before.
    uint32_t internTags(const FlatObject& tags) {
        if (tags.empty()) return 0;
        order.resize(tags.size());
        for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return tags[a] < tags[b]; });
        tagKey.clear();
        for (uint32_t i : order) tagKey.append(tags[i].first).append(1, '\0').append(tags[i].second).append(1, '\0');
        if (auto it = tagIndex.find(tagKey); it != tagIndex.end()) return it->second;
        FlatObject sorted;
        sorted.reserve(tags.size());
        for (uint32_t i : order) sorted.push_back(tags[i]);
        tagSets.push_back(std::move(sorted));
        return tagIndex.emplace(tagKey, static_cast<uint32_t>(tagSets.size() - 1)).first->second;
    }
    uint32_t internSet(std::string s) {
        if (auto known = setIndex.find(s); known != setIndex.end()) return known->second;
        auto [it, fresh] = setIndex.emplace(std::move(s), static_cast<uint32_t>(sets.size()));
        if (fresh) sets.push_back(it->first);
        return it->second;
    }
};

// Folds finished chunks, in chunk order, into the Analysis as soon as all earlier chunks are in,
// so per-chunk results never accumulate (peak memory ~ the final index, not twice it).
class ChunkMerger {
public:
    ChunkMerger(Analysis::Builder& b, uint64_t lineBase) : m_b(b), m_lineBase(lineBase) {}
    uint64_t lines() const { return m_lineBase; }

    void merge(ChunkOut& c) {
        std::vector<uint32_t> preMap(c.pre.size()), setMap(c.sets.size());
        for (size_t i = 0; i < c.pre.size(); ++i) {
            auto [it, fresh] = m_preGlobal.emplace(c.pre[i], static_cast<uint32_t>(preStrings.size()));
            if (fresh) {
                preStrings.push_back(c.pre[i]);
                preCounts.push_back(0);
            }
            preMap[i] = it->second;
        }
        for (size_t i = 0; i < c.sets.size(); ++i) setMap[i] = internEncoded(c.sets[i]);
        std::vector<uint32_t> tagMap(c.tagSets.size(), 0);  // chunk tag set -> global, 0 until first used
        IdArena& ids = m_b.ids();

        // records and problems interleaved by their line within the chunk
        size_t pi = 0;
        auto flushProblemsBefore = [&](uint64_t line, bool all) {
            while (pi < c.problems.size() && (all || c.problems[pi].line < line)) {
                LoadProblem p = std::move(c.problems[pi++]);
                if (p.line) p.line += m_lineBase;
                if (p.rows == 0) {  // a notice (line still being written, recovered copy): no record
                    m_b.problems().push_back(std::move(p));
                    continue;
                }
                IndexedRecord r;
                r.loc.line = static_cast<uint32_t>(p.line);
                r.loc.offset = p.rowid > 0 ? static_cast<uint64_t>(p.rowid) : 0;
                r.id = ids.append(p.id);
                r.raw_outcome = r.outcome = Outcome::Invalid;
                m_b.records().push_back(r);
                m_b.problems().push_back(std::move(p));
            }
        };
        for (size_t k = 0; k < c.recs.size(); ++k) {
            IndexedRecord r = c.recs[k];
            flushProblemsBefore(r.loc.line, false);
            if (r.loc.line) r.loc.line += static_cast<uint32_t>(m_lineBase);
            r.id = ids.append(std::string_view(c.ids.data() + r.id));
            r.endpoint = preMap[r.endpoint];
            ++preCounts[r.endpoint];
            r.raw_set = r.set = setMap[r.raw_set];
            m_b.records().push_back(r);
            if (const uint32_t tags = c.recTags[k]) {
                uint32_t& global = tagMap[tags];
                if (!global) global = m_b.internTags(c.tagSets[tags]);
                m_b.setLastRecordTagSet(global);
            }
        }
        flushProblemsBefore(0, true);
        m_lineBase += c.lines;
        for (const auto& [key, n] : c.noisy) {
            uint32_t pre;
            std::memcpy(&pre, key.data(), 4);
            noisy[{preMap[pre], key.substr(4)}] += n;
        }
    }

    std::vector<std::string> preStrings;
    std::vector<uint64_t> preCounts;
    std::map<std::pair<uint32_t, std::string>, uint32_t> noisy;  // (global pre, noise key) -> records

private:
    uint32_t internEncoded(const std::string& key) {
        std::vector<SigKey> keys;
        size_t i = 0;
        while (i < key.size()) {
            const auto kind = static_cast<DiffKind>(key[i] - 'A');
            const size_t end = key.find('\0', i + 1);
            const size_t clsEnd = key.find('\0', end + 1);
            keys.push_back({key.substr(i + 1, end - i - 1), kind, key.substr(end + 1, clsEnd - end - 1)});
            i = clsEnd + 1;
        }
        return m_b.internSet(keys);
    }

    Analysis::Builder& m_b;
    std::unordered_map<std::string, uint32_t> m_preGlobal;
    uint64_t m_lineBase;
};

class IngestVisitor final : public ScanVisitor {
public:
    IngestVisitor(unsigned threads, ChunkMerger& merger, bool swapSides)
            : m_merger(merger), m_slots(threads), m_swapSides(swapSides) {}

    void record(unsigned worker, uint32_t chunk, Record& rec, const Locator& loc) override {
        if (m_swapSides) swapSides(rec);  // before anything reads a side: the candidate is the reference
        Slot* slot = worker < m_slots.size() ? &m_slots[worker] : nullptr;
        ChunkOut& out = slot ? slotChunk(*slot, chunk) : chunkOut(chunk);
        Comparer& cmp = slot ? slotComparer(*slot) : comparer(worker);
        IndexedRecord r;
        r.loc = loc;
        r.ts_ms = parseTimestampMs(rec.ts).value_or(0);
        r.id = static_cast<uint32_t>(out.ids.size());
        out.ids.insert(out.ids.end(), rec.id.begin(), rec.id.end());
        out.ids.push_back('\0');
        r.endpoint = out.internPre(endpointPreTemplate(rec.request.method, rec.request.url, rec.endpoint));
        r.weight = static_cast<float>(rec.weight);
        if (rec.primary.latency_ms) r.primary_latency = static_cast<float>(*rec.primary.latency_ms);
        if (rec.candidate.latency_ms) r.candidate_latency = static_cast<float>(*rec.candidate.latency_ms);
        if (rec.primary.status) r.primary_status = static_cast<int16_t>(std::clamp(*rec.primary.status, -1, 32767));
        if (rec.candidate.status)
            r.candidate_status = static_cast<int16_t>(std::clamp(*rec.candidate.status, -1, 32767));

        Classification c = classify(rec, cmp, nullptr, m_swapSides);
        if (c.noise && !c.noise->differences.empty()) {
            std::string k(4, '\0');
            std::memcpy(k.data(), &r.endpoint, 4);
            for (const std::string& nk : noiseKeys(c.noise->differences)) {
                k.resize(4);
                k += nk;
                ++out.noisy[k];
            }
        }
        r.raw_outcome = r.outcome = c.outcome;
        r.raw_explained = r.explained = !c.explained.empty();
        if (c.outcome != Outcome::Match) r.raw_set = out.internSet(encodeSet(outcomeKeys(c)));
        r.set = r.raw_set;
        out.recs.push_back(r);
        out.recTags.push_back(rec.tags.empty() ? 0 : out.internTags(rec.tags));
    }

    void problem(unsigned worker, uint32_t chunk, LoadProblem p) override {
        ChunkOut& out = worker < m_slots.size() ? slotChunk(m_slots[worker], chunk) : chunkOut(chunk);
        out.problems.push_back(std::move(p));
    }

    void chunkDone(uint32_t chunk, uint64_t lines) override {
        std::unique_ptr<ChunkOut> ready;
        {
            std::lock_guard lock(m_mutex);
            ensure(chunk);
            m_chunks[chunk]->lines = lines;
            m_done.resize(std::max<size_t>(m_done.size(), chunk + 1));
            m_done[chunk] = true;
        }
        mergeReady();
    }

    // Merges every remaining chunk in order (after the scan; chunks never reported done included).
    void finish() {
        for (;;) {
            std::unique_ptr<ChunkOut> c;
            {
                std::lock_guard lock(m_mutex);
                if (m_nextMerge >= m_chunks.size()) return;
                c = std::move(m_chunks[m_nextMerge++]);
            }
            std::lock_guard mlock(m_mergeMutex);
            if (c) m_merger.merge(*c);
        }
    }

private:
    void mergeReady() {
        // One thread merges at a time, in chunk order; others go back to parsing.
        std::unique_lock mlock(m_mergeMutex, std::try_to_lock);
        if (!mlock.owns_lock()) return;
        for (;;) {
            std::unique_ptr<ChunkOut> c;
            {
                std::lock_guard lock(m_mutex);
                if (m_nextMerge >= m_done.size() || !m_done[m_nextMerge]) return;
                c = std::move(m_chunks[m_nextMerge++]);
            }
            if (c) m_merger.merge(*c);
        }
    }
    void ensure(uint32_t chunk) {
        if (chunk >= m_chunks.size()) m_chunks.resize(chunk + 1);
        if (!m_chunks[chunk]) m_chunks[chunk] = std::make_unique<ChunkOut>();
    }
    ChunkOut& chunkOut(uint32_t chunk) {
        std::lock_guard lock(m_mutex);
        ensure(chunk);
        return *m_chunks[chunk];
    }
    // Workers beyond the expected count (never, with the scans of core/store): a locked table.
    Comparer& comparer(unsigned worker) {
        std::lock_guard lock(m_mutex);
        auto& c = m_extraComparers[worker];
        if (!c) c = std::make_unique<Comparer>(ingestOptions());
        return *c;
    }

    // Per worker, without the lock: its comparer and the chunk it is reading. A chunk is read by one
    // worker, and chunkDone() (after which it may be merged and freed) is its last call, so the
    // cached pointer is never used after the chunk is gone.
    struct Slot {
        std::unique_ptr<Comparer> comparer;
        uint32_t chunk = UINT32_MAX;
        ChunkOut* out = nullptr;
    };
    ChunkOut& slotChunk(Slot& slot, uint32_t chunk) {
        if (!slot.out || slot.chunk != chunk) {
            slot.out = &chunkOut(chunk);
            slot.chunk = chunk;
        }
        return *slot.out;
    }
    // The ingest keeps paths, kinds and classes only: preview_bytes 0 renders no preview text.
    static CompareOptions ingestOptions() {
        CompareOptions o;
        o.preview_bytes = 0;
        return o;
    }
    Comparer& slotComparer(Slot& slot) {
        if (!slot.comparer) slot.comparer = std::make_unique<Comparer>(ingestOptions());
        return *slot.comparer;
    }

    ChunkMerger& m_merger;
    std::mutex m_mutex;       // chunk table
    std::mutex m_mergeMutex;  // the merge itself
    std::vector<std::unique_ptr<ChunkOut>> m_chunks;
    std::vector<bool> m_done;
    size_t m_nextMerge = 0;
    std::vector<Slot> m_slots;  // one per worker, sized before the scan
    std::unordered_map<unsigned, std::unique_ptr<Comparer>> m_extraComparers;
    bool m_swapSides = false;
};

}  // namespace

uint32_t Analysis::Builder::internTags(const FlatObject& tags) {
    std::string key;
    for (const auto& [k, v] : tags) key.append(k).append(1, '\0').append(v).append(1, '\0');
    auto [it, fresh] = m_a.m_tagIndex.emplace(std::move(key), static_cast<uint32_t>(m_a.m_tagSets.size()));
    if (fresh) m_a.m_tagSets.push_back(tags);
    return it->second;
}

void Analysis::Builder::setLastRecordTagSet(uint32_t tagSet) {
    m_a.m_recordTags.resize(m_a.m_records.size(), 0);
    m_a.m_recordTags.back() = tagSet;
}

std::string endpointPreTemplate(std::string_view method, std::string_view url, std::string_view endpoint) {
    if (endpoint.empty()) return obviousTemplate(method, url);
    std::string e(1, kExplicitMark);
    if (endpoint.find(' ') == std::string_view::npos) {  // "/users/{id}": the record's method
        for (char ch : method) e.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
        e.push_back(' ');
    }
    e += endpoint;
    return e;
}

std::unique_ptr<Analysis> Analysis::analyze(const std::string& path, const AnalyzeOptions& options,
                                            std::string* error) {
    std::string err;
    auto store = Store::open(path, &err);
    if (!store) {
        if (error) *error = err;
        return nullptr;
    }
    return analyze(std::move(store), options, error);
}

namespace detail {

IngestResult ingest(Store& store, Analysis::Builder& builder, const ScanControl& control, uint64_t lineBase,
                    bool swapSides) {
    ChunkMerger merger(builder, lineBase);
    IngestVisitor visitor(threadCount(control.threads), merger, swapSides);
    IngestResult out;
    out.summary = store.scan(visitor, control);
    if (out.summary.cancelled) return out;
    visitor.finish();
    out.pre = std::move(merger.preStrings);
    out.preCounts = std::move(merger.preCounts);
    out.noisy = std::move(merger.noisy);
    out.lines = merger.lines();
    return out;
}

std::vector<std::string> learnTemplates(const std::vector<std::string_view>& learnStrings,
                                        const std::vector<uint64_t>& learnCounts,
                                        const std::vector<std::string_view>& pre) {
    // Producer-given templates are authoritative; paths that fit one take it; the rest are learned.
    RoutePatterns patterns;
    for (std::string_view p : learnStrings)
        if (isExplicit(p)) patterns.add(p.substr(1));
    TemplateLearner learner;
    for (size_t i = 0; i < learnStrings.size(); ++i) {
        if (isExplicit(learnStrings[i]))
            learner.add(RoutePatterns::shape(learnStrings[i].substr(1)), learnCounts[i]);
        else if (!patterns.match(learnStrings[i]))
            learner.add(learnStrings[i], learnCounts[i]);
    }
    std::vector<std::string> out(pre.size());
    for (size_t i = 0; i < pre.size(); ++i) {
        if (isExplicit(pre[i]))
            out[i] = pre[i].substr(1);
        else if (auto m = patterns.match(pre[i]))
            out[i] = *m;
    }
    learner.learn();
    for (size_t i = 0; i < pre.size(); ++i)
        if (out[i].empty()) out[i] = learner.templateFor(pre[i]);
    return out;
}

}  // namespace detail

std::unique_ptr<Analysis> Analysis::analyze(std::unique_ptr<Store> store, const AnalyzeOptions& options,
                                            std::string* error) {
    auto a = std::unique_ptr<Analysis>(new Analysis());
    a->m_sets.assign(1, {});  // set 0 = empty
    a->m_setIndex.emplace(std::string(), 0);
    a->m_endpointCorpus = options.endpointCorpus;
    Builder builder(*a);

    const unsigned threads = threadCount(options.threads);
    a->m_swapSides = options.swap_sides;
    ScanControl control;
    control.threads = threads;
    control.cancel = options.cancel;
    control.progress = options.progress;
    detail::IngestResult scan = detail::ingest(*store, builder, control, 0, options.swap_sides);
    const ScanSummary& summary = scan.summary;
    if (summary.cancelled) {
        if (error) *error = "cancelled";
        return nullptr;
    }
    a->m_store = std::move(store);
    if (!summary.fatal.empty()) {
        a->m_scanError = summary.fatal;
        LoadProblem p;
        p.reason = summary.fatal;
        a->m_problems.push_back(std::move(p));
    }

    // --- endpoint templates -----------------------------------------------------------------------
    const auto& preStrings = scan.pre;
    // What templates are learned from: the scanned pre-templates, or a corpus given by the caller
    // plus any scanned ones it lacks.
    auto resume = std::make_shared<Resume>();
    if (options.endpointCorpus) {
        for (const auto& [pre, count] : *options.endpointCorpus) resume->addLearn(pre, count);
        for (size_t i = 0; i < preStrings.size(); ++i)
            if (!resume->corpus.learnIndex(preStrings[i])) resume->addLearn(preStrings[i], scan.preCounts[i]);
    } else {
        for (size_t i = 0; i < preStrings.size(); ++i) resume->addLearn(preStrings[i], scan.preCounts[i]);
    }
    const std::vector<std::string> templates =
        detail::learnTemplates(resume->corpus.learnStrings(), resume->learnCounts,
                               std::vector<std::string_view>(preStrings.begin(), preStrings.end()));
    std::unordered_map<std::string, uint32_t> endpointIndex;
    std::vector<uint32_t> preToEndpoint(preStrings.size());
    for (size_t i = 0; i < preStrings.size(); ++i) {
        auto [it, fresh] = endpointIndex.emplace(templates[i], static_cast<uint32_t>(a->m_endpoints.size()));
        if (fresh) a->m_endpoints.push_back(templates[i]);
        preToEndpoint[i] = it->second;
        resume->corpus.setEndpoint(preStrings[i], it->second);
    }
    for (auto& r : a->m_records)
        if (r.endpoint != kNone && r.outcome != Outcome::Invalid) r.endpoint = preToEndpoint[r.endpoint];

    // --- store-level noise: paths where primary and secondary differ in enough records ----------
    {
        auto& perEndpoint = resume->noiseCounts;
        for (const auto& [key, n] : scan.noisy) perEndpoint[{preToEndpoint[key.first], key.second}] += n;
        a->m_noisy.assign(a->m_endpoints.size(), {});
        for (const auto& [key, n] : perEndpoint)
            if (n >= kNoiseMinRecords) a->m_noisy[key.first].push_back(key.second);
        for (auto& v : a->m_noisy) std::sort(v.begin(), v.end());
        a->removeStoreNoiseFromSets(0);
    }
    resume->corpus.freeze();
    a->setResumePoint(std::move(resume), summary, scan.lines);

    if (options.rules)
        a->applyRules(options.rules, threads);
    else
        a->rebuildGroups();
    return a;
}

}  // namespace dt
