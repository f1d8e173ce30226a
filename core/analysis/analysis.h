// SPDX-License-Identifier: MIT
#pragma once
// The analyzed store: a compact per-record index plus signature groups.
// Memory: ~72 bytes per record + its id; bodies are never resident (read back through the Store).
//
// Outcomes: match (no differences), mismatch, noise (every difference is also a primary-vs-
// secondary difference), drift (both sides carry state.before, they disagree on a shared key, and
// the responses differ; or a side's body was truncated by the capture (tag "truncated"): not
// comparable), allowed (rules absorbed every difference), invalid (a
// line/row that is not a record). Noise and allowed records keep the signature of the differences
// that were explained away; match and invalid records have none.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/analysis/outcome.h"
#include "core/analysis/template_corpus.h"
#include "core/compare/compare.h"
#include "core/compare/diff_policy.h"
#include "core/compare/difference.h"
#include "core/compare/rule_provider.h"
#include "core/store/store.h"
#include "core/util/id_arena.h"
#include "core/util/segmented_vector.h"

namespace dt {

constexpr uint32_t kNone = 0xffffffffu;
struct Classification;  // classify.h

// A (generalized path, kind, class) key; `path` indexes Analysis::paths, `cls` Analysis::classes
// (the class text of signature v2, e.g. "instant_shift +1h"; 0 = "").
struct DiffKey {
    uint32_t path = 0;
    DiffKind kind = DiffKind::Changed;
    uint32_t cls = 0;
    auto operator<=>(const DiffKey&) const = default;
};

struct IndexedRecord {
    Locator loc;
    int64_t ts_ms = 0;
    uint32_t id = 0;            // offset into Analysis::id arena (NUL-terminated)
    uint32_t endpoint = kNone;  // index into Analysis::endpoints
    uint32_t raw_set = 0;       // index into Analysis::sets: differences after noise, before rules (0 = none)
    uint32_t set = 0;           // differences after rules (what the record is grouped by)
    uint32_t group = kNone;     // index into Analysis::groups (mismatch and drift records)
    float weight = 1;
    float primary_latency = -1;  // ms, -1 = absent
    float candidate_latency = -1;
    int16_t primary_status = -1;  // -1 = absent
    int16_t candidate_status = -1;
    Outcome raw_outcome = Outcome::Match;  // before rules
    Outcome outcome = Outcome::Match;      // after rules
    // Some difference was explained as noise (by the secondary or store-level noise), before /
    // after rules. A mismatch whose remaining differences new rules absorb turns noise when set,
    // allowed when not: the rules preview decides it from this without re-reading the record.
    bool raw_explained = false;
    bool explained = false;
};

struct Group {
    std::string signature;                // 12 hex digits, stable across runs, machines and store formats
    Outcome outcome = Outcome::Mismatch;  // Mismatch or Drift
    uint32_t endpoint = kNone;
    std::vector<DiffKey> differences;                // sorted
    std::optional<std::pair<int, int>> status_pair;  // when statuses differ
    uint64_t count = 0;
    double weighted = 0;
    int64_t first_ts = 0, last_ts = 0;
    std::vector<uint32_t> members;  // record indices, in store order
};

// The stage-1 endpoint of a record before learning (endpoint.h): the producer's template, marked as
// authoritative, when `endpoint` is given, else obviousTemplate(method, url).
std::string endpointPreTemplate(std::string_view method, std::string_view url, std::string_view endpoint);
// Pre-templates with how many records have each: what endpoint templates are learned from.
using EndpointCorpus = std::vector<std::pair<std::string, uint64_t>>;

struct AnalyzeOptions {
    unsigned threads = 0;
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(uint64_t done, uint64_t total, uint64_t records)> progress;
    std::shared_ptr<const RuleProvider> rules;
    // When set, endpoint templates are learned from this corpus (e.g. the URLs of a whole table)
    // instead of the scanned records alone, so that analyses of parts of one store (index shards,
    // incremental runs) name endpoints alike. Scanned pre-templates missing from it are added.
    std::shared_ptr<const EndpointCorpus> endpointCorpus;
    // Swap Sides (stores recorded after cutover: the new system serves, the old one is mirrored):
    // every record is read with primary and candidate exchanged (classify.h: swapSides()), so the
    // candidate is the reference everywhere: comparison direction, directed classes (missing /
    // extra, "candidate omits", instant_shift and numeric_delta signs), status pairs, candidate
    // errors, directed rules, latency and error parity. The secondary's noise baseline stays the
    // store's primary side (noiseBaseline()). Signatures and cause ids describe the swapped
    // direction, so they differ from the unswapped analysis of the same store.
    bool swap_sides = false;
};

// The per-record index: random access like a vector, stored in segments (no 2x growth peak).
using RecordTable = SegmentedVector<IndexedRecord>;

class Analysis {
public:
    // Opens, scans, diffs and groups a store. Returns null with *error when the store cannot be
    // opened or the scan was cancelled (*error == "cancelled").
    static std::unique_ptr<Analysis> analyze(const std::string& path, const AnalyzeOptions& options,
                                             std::string* error);
    // The same for a store that is already open (e.g. a PostgreSQL store restricted to a shard).
    static std::unique_ptr<Analysis> analyze(std::unique_ptr<Store> store, const AnalyzeOptions& options,
                                             std::string* error);

    // Re-applies rules (null = none) to the already indexed store: records whose raw differences
    // some rule may touch are re-read and re-compared; outcomes and groups are rebuilt.
    void applyRules(std::shared_ptr<const RuleProvider> rules, unsigned threads = 0);
    const RuleProvider* rules() const { return m_rules.get(); }
    // A copy of this analysis with `rules` applied (as applyRules). The copy shares the open store
    // (reads are thread-safe) and leaves this one untouched, so a GUI can keep showing this analysis
    // while the new one is built in the background. `cancel` stops early: nullptr is returned.
    std::unique_ptr<Analysis> withRules(std::shared_ptr<const RuleProvider> rules, unsigned threads = 0,
                                        const std::atomic<bool>* cancel = nullptr) const;
    // --- following a growing store (analysis_extend.cpp) ------------------------------------------
    // An incremental step: a copy of this analysis extended with what was appended to its store
    // since (JSONL: the bytes after the last complete line analysed, line numbers going on; SQLite:
    // rows with a larger rowid). Only the new part is read; its records are classified by the same
    // ingest code as a full analysis, under the same endpoint templates, store-noise table and rules,
    // and folded into the groups (counts, weights, members, first / last ts; new signatures become
    // new groups; the order stays count-descending, ties by signature). A half-written last line
    // is a notice, read again once complete. The result equals a full analysis of the whole store,
    // or the step refuses (`fallback` says why, no copy is made) when only a full analysis can be:
    //  - the store is not resumable (Store::resumable(): replaced by another file, an immutable or
    //    recovered SQLite copy, a view, a database URI), or the first scan stopped early;
    //  - the store shrank or was rewritten below the analysed part (JSONL: the byte before it is no
    //    longer a newline; SQLite: the largest rowid went down);
    //  - the analysed last line had no newline and was read as a record (it may be growing);
    //  - more was appended than kMaxExtendFraction of the records analysed (and > kMinExtendRecords):
    //    a full analysis is then about as cheap and learns from the whole;
    //  - endpoint templates learned with the new records would change for the records analysed;
    //  - the new records would add a store-noise path (it would change old records' classification).
    struct Extension {
        std::unique_ptr<Analysis> analysis;  // null: nothing new, cancelled, or `fallback` set
        uint64_t added = 0;                  // records appended (invalid lines / rows included)
        bool cancelled = false;
        std::string fallback;  // non-empty: only a full re-analysis gives the right result
    };
    static constexpr double kMaxExtendFraction = 0.25;
    static constexpr uint64_t kMinExtendRecords = 1000;
    Extension extended(unsigned threads = 0, const std::atomic<bool>* cancel = nullptr) const;
    // What a follow refresh does: extended(), or a full analysis of the store (same rules, same
    // endpoint corpus) when the step falls back. `analysis` is null when nothing changed, on cancel
    // and on error (`error`).
    struct Refresh {
        std::unique_ptr<Analysis> analysis;
        bool incremental = false;  // analysis came from extended()
        uint64_t added = 0;        // incremental: records appended
        std::string fallback;      // why the full analysis was needed
        std::string error;         // the full analysis failed ("cancelled" when cancelled)
    };
    Refresh refreshed(unsigned threads = 0, const std::atomic<bool>* cancel = nullptr) const;
    // JSONL: the byte where the analysed part ends (after its last complete line); SQLite: its largest rowid.
    uint64_t analysedEnd() const { return m_resume ? m_resume->end : 0; }

    // Records in which the rule with this id absorbed at least one difference under the rules last
    // applied (ascending record indices; empty for an unknown id or before any rules).
    const std::vector<uint32_t>& ruleRecords(const std::string& ruleId) const;

    // The store as written (records read from it directly are NOT swapped; see readRecord()).
    const Store& store() const { return *m_store; }
    // True when the analysis was made with AnalyzeOptions::swap_sides.
    bool sidesSwapped() const { return m_swapSides; }
    // A record read back as this analysis sees it: sides exchanged when sidesSwapped(). What
    // evaluate() and detail() compare. nullopt + *error when it cannot be read.
    std::optional<Record> readRecord(const IndexedRecord& r, std::string* error = nullptr) const;
    const RecordTable& records() const { return m_records; }
    const std::vector<Group>& groups() const { return m_groups; }  // sorted by count, descending
    const std::vector<LoadProblem>& problems() const { return m_problems; }
    // Non-empty when the scan stopped early (the store changed under the reader, I/O error, lock):
    // the analysis is then not the whole store (also listed in problems()).
    const std::string& scanError() const { return m_scanError; }
    std::string_view id(const IndexedRecord& r) const { return m_ids.at(r.id); }
    const std::string& endpoint(uint32_t i) const { return m_endpoints[i]; }
    const std::vector<std::string>& endpoints() const { return m_endpoints; }
    // Tags (the records' `tags`, e.g. tenant=acme), each distinct set kept once, sorted by key;
    // set 0 = no tags. Stores without tags keep no per-record table.
    const FlatObject& tagSet(uint32_t i) const { return m_tagSets[i]; }
    size_t tagSetCount() const { return m_tagSets.size(); }
    uint32_t recordTags(uint32_t record) const { return record < m_recordTags.size() ? m_recordTags[record] : 0; }
    const std::string& path(uint32_t i) const { return m_paths[i]; }
    const std::string& className(uint32_t i) const { return m_classes[i]; }
    // The text form of a key and of a whole set.
    SigKey key(const DiffKey& k) const { return {m_paths[k.path], k.kind, m_classes[k.cls]}; }
    std::vector<SigKey> keys(const std::vector<DiffKey>& set) const;
    const std::vector<DiffKey>& set(uint32_t i) const { return m_sets[i]; }
    std::optional<uint32_t> findRecord(std::string_view id) const;
    std::optional<uint32_t> findGroup(std::string_view signature) const;

    std::array<uint64_t, kOutcomeCount> outcomeCounts() const { return m_counts; }
    std::array<double, kOutcomeCount> outcomeWeights() const { return m_weights; }
    // Weighted match rate over comparable records: (match + noise + allowed) / (all but drift and invalid).
    double matchRate() const;

    // One record evaluated under a rule provider (null = no rules): outcome and remaining
    // differences. Re-reads the record from the store. Thread-safe. Used by applyRules(), the rules
    // preview and the diff view, so all three agree by construction.
    struct Evaluation {
        Outcome outcome = Outcome::Match;
        std::vector<SigKey> differences;  // generalized path, kind; sorted, unique
        std::optional<std::pair<int, int>> status_pair;
        std::string signature;                // "" for match / invalid
        std::vector<std::string> rules_used;  // ids of the rules that absorbed a difference (sorted, unique)
        bool ok = true;                       // false: the record could not be re-read (error set)
        bool explained = false;               // some difference was explained as noise
        std::string error;
    };
    Evaluation evaluate(uint32_t record, const RuleProvider* rules) const;

    // Everything the diff view needs for one record: the record itself, the comparison under the
    // rules (differences + absorbed), and the primary-vs-secondary noise comparison when present.
    struct Detail {
        Record record;
        std::string endpoint;
        Outcome outcome = Outcome::Match;
        CompareResult result;
        std::optional<CompareResult> noise;
    };
    std::optional<Detail> detail(uint32_t record, const RuleProvider* rules, std::string* error) const;

    // Signature of an endpoint + difference set (+ status pair), canonical text version
    // kSignatureVersion (README "Signatures"). Exposed for tests and rules preview.
    static constexpr int kSignatureVersion = 2;
    static std::string signatureOf(std::string_view endpointTemplate, const std::vector<SigKey>& diffs,
                                   std::optional<std::pair<int, int>> statusPair, Outcome outcome);

    // Store-level noise (per difference): true when primary and secondary differ at this
    // (generalized) path of this endpoint — or above it — in at least kNoiseMinRecords records of
    // the store. Such differences never enter a mismatch's signature.
    static constexpr uint32_t kNoiseMinRecords = 2;
    bool isStoreNoise(uint32_t endpoint, std::string_view generalizedPath, DiffKind kind) const;
    // The store-noise table: per endpoint (index into endpoints()), its sorted noise keys (a
    // difference family byte + generalized path, classify.h noiseKey()). An index keeps it, so that
    // records re-evaluated later under other rules are classified as in the scan (pg_index.h).
    const std::vector<std::vector<std::string>>& storeNoise() const { return m_noisy; }
    // Moves the store-noise differences of a classification to `explained` (outcome updated).
    void applyStoreNoise(uint32_t endpoint, Classification& c) const;

    // Write access for the ingest merge (analysis.cpp); not for general use.
    class Builder {
    public:
        explicit Builder(Analysis& a) : m_a(a) {}
        RecordTable& records() { return m_a.m_records; }
        IdArena& ids() { return m_a.m_ids; }
        std::vector<LoadProblem>& problems() { return m_a.m_problems; }
        uint32_t internSet(const std::vector<SigKey>& keys) { return m_a.internSet(keys); }
        // The id of the tag set `tags` (sorted by key), added when new; never 0 (0: no tags).
        uint32_t internTags(const FlatObject& tags);
        // Gives the last record pushed the tag set `tagSet` (an id of internTags).
        void setLastRecordTagSet(uint32_t tagSet);
        void setLastRecordTags(const FlatObject& tags) { setLastRecordTagSet(internTags(tags)); }

    private:
        Analysis& m_a;
    };

private:
    friend class AnalysisAssembler;  // analysis_assemble.h: an analysis from results computed elsewhere
    Analysis() = default;
    Analysis(const Analysis&) = default;
    void applyRules(std::shared_ptr<const RuleProvider> rules, unsigned threads, const std::atomic<bool>* cancel);
    void rebuildGroups();
    // Folds records [from, size) into the groups and counts (their set / outcome final).
    void extendGroups(uint32_t from);
    // Rules on records [from, size): outcome and set from raw ones, then the rules' re-evaluation.
    void applyRulesFrom(uint32_t from, unsigned threads, const std::atomic<bool>* cancel);
    void removeStoreNoiseFromSets(uint32_t from);

    // Where the analysed part of the store ends, and what classifying appended records needs.
    struct Resume {
        std::string why;  // non-empty: extended() must fall back (set once)
        uint64_t end = 0;
        uint64_t lines = 0;       // JSONL: lines before `end`
        bool tailRead = false;    // JSONL: a last line without newline was read as a record / invalid line
        bool tailNotice = false;  // JSONL: ... is the last problem, a "still being written" notice
        // The template-learning corpus (pre-templates; their counts are in learnCounts) and the
        // endpoint of every scanned pre-template; its sealed layers are shared by the resume points
        // of successive refreshes (template_corpus.h).
        TemplateCorpus corpus;
        std::vector<uint64_t> learnCounts;                                 // per learn string
        std::map<std::pair<uint32_t, std::string>, uint32_t> noiseCounts;  // (endpoint, noise key) -> records
        void addLearn(const std::string& pre, uint64_t count);
    };
    void setResumePoint(std::shared_ptr<Resume> resume, const ScanSummary& summary, uint64_t lines);
    uint32_t internSet(const std::vector<SigKey>& keys);

    std::shared_ptr<Store> m_store;
    bool m_swapSides = false;
    std::shared_ptr<const RuleProvider> m_rules;
    std::unordered_map<std::string, std::vector<uint32_t>> m_ruleRecords;
    RecordTable m_records;
    IdArena m_ids;  // record ids (IndexedRecord::id), shared by copies block by block
    std::vector<std::string> m_endpoints;
    std::vector<std::string> m_paths;
    std::vector<std::string> m_classes{std::string()};
    std::unordered_map<std::string, uint32_t> m_classIndex{{std::string(), 0}};
    std::vector<std::vector<DiffKey>> m_sets;
    std::vector<Group> m_groups;
    std::vector<LoadProblem> m_problems;
    std::string m_scanError;
    std::unordered_map<std::string, uint32_t> m_pathIndex;
    std::vector<std::vector<std::string>> m_noisy;         // per endpoint: sorted family byte + generalized path
    std::unordered_map<std::string, uint32_t> m_setIndex;  // encoded set -> index into m_sets
    std::array<uint64_t, kOutcomeCount> m_counts{};
    std::array<double, kOutcomeCount> m_weights{};
    std::vector<FlatObject> m_tagSets{FlatObject{}};
    std::unordered_map<std::string, uint32_t> m_tagIndex{{std::string(), 0}};
    std::vector<uint32_t> m_recordTags;      // per record (shorter: the rest have none); empty without tags
    std::shared_ptr<const Resume> m_resume;  // shared by copies; replaced by extended()
    std::shared_ptr<const EndpointCorpus> m_endpointCorpus;
};

// Signature of any record: its group's, or for noise / allowed records the signature of the
// differences that were explained away; nullopt for match and invalid records.
std::optional<std::string> recordSignature(const Analysis& a, uint32_t index);
// The same before rules: the signature of the record's raw differences (IndexedRecord::raw_set)
// with its raw outcome; nullopt when that is match or invalid.
std::optional<std::string> rawSignature(const Analysis& a, uint32_t index);

}  // namespace dt
