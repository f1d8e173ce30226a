// SPDX-License-Identifier: MIT
// Analysis::extended / refreshed: following a growing store incrementally (see analysis.h).
#include <algorithm>
#include <unordered_map>

#include "core/analysis/analysis.h"
#include "core/analysis/ingest.h"
#include "core/util/worker_pool.h"

namespace dt {

void Analysis::Resume::addLearn(const std::string& pre, uint64_t count) {
    if (auto i = corpus.learnIndex(pre)) {
        learnCounts[*i] += count;
        return;
    }
    corpus.addLearn(pre);
    learnCounts.push_back(count);
}

void Analysis::setResumePoint(std::shared_ptr<Resume> resume, const ScanSummary& summary, uint64_t lines) {
    if (!m_scanError.empty())
        resume->why = "the previous read stopped early";
    else if (!m_store->resumable())
        resume->why = "this store cannot be read from where the previous read ended";
    resume->end = summary.end;
    resume->lines = lines - (summary.partialTail ? 1 : 0);
    if (summary.partialTail) {
        const uint64_t tailLine = resume->lines + 1;
        resume->tailRead = !m_records.empty() && m_records[m_records.size() - 1].loc.line == tailLine;
        resume->tailNotice = !resume->tailRead && !m_problems.empty() && m_problems.back().rows == 0 &&
                             m_problems.back().line == tailLine;
    }
    m_resume = std::move(resume);
}

Analysis::Extension Analysis::extended(unsigned threads, const std::atomic<bool>* cancel) const {
    Extension ext;
    const Resume& old = *m_resume;
    if (!old.why.empty()) {
        ext.fallback = old.why;
        return ext;
    }
    if (!m_store->resumable()) {
        ext.fallback = "the store was replaced by another file";
        return ext;
    }

    // --- read the new part only, into a scratch analysis ---------------------------------------------
    std::unique_ptr<Analysis> part(new Analysis());
    part->m_sets.assign(1, {});
    part->m_setIndex.emplace(std::string(), 0);
    Builder partBuilder(*part);
    ScanControl control;
    control.threads = threadCount(threads);
    control.cancel = cancel;
    control.from = old.end;
    detail::IngestResult scan = detail::ingest(*m_store, partBuilder, control, old.lines, m_swapSides);
    if (scan.summary.cancelled) {
        ext.cancelled = true;
        return ext;
    }
    if (!scan.summary.fatal.empty()) {
        ext.fallback = scan.summary.fatal;
        return ext;
    }
    if (m_store->format() == StoreFormat::Sqlite && scan.summary.end < old.end) {
        ext.fallback = "rows were removed from the store (its largest rowid went down)";
        return ext;
    }
    if (part->m_records.size() == 0 && part->m_problems.size() == (old.tailNotice ? 1u : 0u))
        return ext;  // nothing new (the same half-written line, if any)
    if (old.tailRead) {
        ext.fallback = "the last line analysed had no newline and has grown";
        return ext;
    }
    const uint64_t added = part->m_records.size();
    if (added > kMinExtendRecords && double(added) > kMaxExtendFraction * double(m_records.size())) {
        ext.fallback = "more records were appended than a quarter of the store";
        return ext;
    }

    // --- endpoint templates: the new corpus must name every analysed pre-template alike ---------------
    auto resume = std::make_shared<Resume>(old);
    for (size_t i = 0; i < scan.pre.size(); ++i) resume->addLearn(scan.pre[i], scan.preCounts[i]);
    const TemplateCorpus& corpus = resume->corpus;
    std::vector<std::string_view> known;
    std::vector<uint32_t> knownEndpoint;
    known.reserve(corpus.endpointCount() + scan.pre.size());
    knownEndpoint.reserve(corpus.endpointCount());
    corpus.forEachEndpoint([&](std::string_view pre, uint32_t endpoint) {
        known.push_back(pre);
        knownEndpoint.push_back(endpoint);
    });
    const size_t knownCount = known.size();
    std::vector<std::string> fresh;  // scanned pre-templates without an endpoint yet
    for (const std::string& pre : scan.pre)
        if (!corpus.endpoint(pre)) fresh.push_back(pre);
    for (const std::string& pre : fresh) known.push_back(pre);
    const std::vector<std::string> templates =
        detail::learnTemplates(corpus.learnStrings(), resume->learnCounts, known);
    for (size_t k = 0; k < knownCount; ++k)
        if (templates[k] != m_endpoints[knownEndpoint[k]]) {
            ext.fallback = "the new records change how endpoint templates are learned";
            return ext;
        }
    std::vector<std::string> endpoints = m_endpoints;
    std::unordered_map<std::string, uint32_t> endpointIndex;
    for (uint32_t e = 0; e < endpoints.size(); ++e) endpointIndex.emplace(endpoints[e], e);
    for (size_t k = knownCount; k < known.size(); ++k) {
        auto [it, added] = endpointIndex.emplace(templates[k], static_cast<uint32_t>(endpoints.size()));
        if (added) endpoints.push_back(templates[k]);
        resume->corpus.setEndpoint(fresh[k - knownCount], it->second);
    }
    std::vector<uint32_t> preToEndpoint(scan.pre.size());
    for (size_t i = 0; i < scan.pre.size(); ++i) preToEndpoint[i] = *resume->corpus.endpoint(scan.pre[i]);

    // --- store-level noise: the table must stay as it is ------------------------------------------------
    for (const auto& [key, n] : scan.noisy) {
        uint32_t& count = resume->noiseCounts[{preToEndpoint[key.first], key.second}];
        const bool was = count >= kNoiseMinRecords;
        count += n;
        if (!was && count >= kNoiseMinRecords) {
            ext.fallback = "the new records make a path store-level noise";
            return ext;
        }
    }

    // --- fold the part into a copy ------------------------------------------------------------------
    std::unique_ptr<Analysis> a(new Analysis(*this));
    if (old.tailNotice && !a->m_problems.empty()) a->m_problems.pop_back();  // read again below
    a->m_endpoints = std::move(endpoints);
    a->m_noisy.resize(a->m_endpoints.size());
    const auto from = static_cast<uint32_t>(a->m_records.size());
    std::vector<uint32_t> setMap(part->m_sets.size(), kNone);
    setMap[0] = 0;
    const bool partTags = !part->m_recordTags.empty();
    Builder builder(*a);
    for (uint32_t i = 0; i < part->m_records.size(); ++i) {
        IndexedRecord r = part->m_records[i];
        r.id = a->m_ids.append(part->m_ids.at(r.id));
        if (r.endpoint != kNone && r.outcome != Outcome::Invalid) r.endpoint = preToEndpoint[r.endpoint];
        if (setMap[r.raw_set] == kNone) setMap[r.raw_set] = a->internSet(part->keys(part->m_sets[r.raw_set]));
        r.raw_set = r.set = setMap[r.raw_set];
        a->m_records.push_back(r);
        if (partTags)
            if (const uint32_t t = part->recordTags(i)) builder.setLastRecordTags(part->m_tagSets[t]);
    }
    a->m_problems.insert(a->m_problems.end(), std::make_move_iterator(part->m_problems.begin()),
                         std::make_move_iterator(part->m_problems.end()));
    a->removeStoreNoiseFromSets(from);
    a->applyRulesFrom(from, threads, cancel);
    if (cancel && cancel->load(std::memory_order_relaxed)) {
        ext.cancelled = true;
        return ext;
    }
    a->extendGroups(from);

    resume->tailRead = resume->tailNotice = false;
    resume->corpus.freeze();
    a->setResumePoint(std::move(resume), scan.summary, scan.lines);
    ext.added = added;
    ext.analysis = std::move(a);
    return ext;
}

Analysis::Refresh Analysis::refreshed(unsigned threads, const std::atomic<bool>* cancel) const {
    Refresh out;
    Extension ext = extended(threads, cancel);
    if (ext.cancelled) {
        out.error = "cancelled";
        return out;
    }
    if (ext.analysis || ext.fallback.empty()) {
        out.incremental = ext.analysis != nullptr;
        out.added = ext.added;
        out.analysis = std::move(ext.analysis);
        return out;
    }
    out.fallback = ext.fallback;
    AnalyzeOptions options;
    options.threads = threads;
    options.cancel = cancel;
    options.rules = m_rules;
    options.endpointCorpus = m_endpointCorpus;
    options.swap_sides = m_swapSides;
    out.analysis = analyze(m_store->path(), options, &out.error);
    return out;
}

}  // namespace dt
