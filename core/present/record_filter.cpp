// SPDX-License-Identifier: MIT
#include "core/present/record_filter.h"

#include <algorithm>

#include "core/util/text.h"

namespace dt {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// One side of a status criterion: "*", "500", "5xx", "50x". Returns false when invalid.
bool parseStatusSide(std::string_view side, int& lo, int& hi) {
    const std::string s = lowercase(trim(side));
    if (s == "*" || s == "any") {
        lo = hi = -1;
        return true;
    }
    if (s.size() != 3) return false;
    int value = 0, wild = 0;
    for (char c : s) {
        if (c == 'x') {
            ++wild;
            value *= 10;
        } else if (c >= '0' && c <= '9' && wild == 0) {
            value = value * 10 + (c - '0');
        } else {
            return false;  // "x" only as a suffix: "5xx", "50x"
        }
    }
    if (value < 100) return false;
    int span = 1;
    for (int i = 0; i < wild; ++i) span *= 10;
    lo = value;
    hi = value + span - 1;
    return true;
}

bool inRange(int status, int lo, int hi) { return lo < 0 || (status >= lo && status <= hi); }

std::string lowerTrimmed(std::string_view s) { return lowercase(trim(s)); }

std::string diffItem(const std::string& path, DiffKind kind, const std::string& cls) {
    std::string label = classLabel(cls);
    if (!label.empty()) return diffItem(path, kind, std::string()) + " \xC2\xB7 " + label;
    switch (kind) {
    case DiffKind::Header: return "header " + path;
    case DiffKind::Status: return "status";
    case DiffKind::CandidateError: return "candidate error";
    case DiffKind::TextChanged: return "text body changed";
    case DiffKind::BinaryChanged: return "binary body changed";
    default: return (path.empty() ? std::string("(body)") : path) + " " + std::string(kindName(kind));
    }
}

}  // namespace

bool StatusCriterion::matches(int primary, int candidate) const {
    bool m;
    if (either)
        m = (primary >= 0 && inRange(primary, primaryLo, primaryHi)) ||
            (candidate >= 0 && inRange(candidate, primaryLo, primaryHi));
    else
        m = (primaryLo < 0 || (primary >= 0 && inRange(primary, primaryLo, primaryHi))) &&
            (candidateLo < 0 || (candidate >= 0 && inRange(candidate, candidateLo, candidateHi)));
    return negate ? !m : m;
}

std::optional<StatusCriterion> StatusCriterion::parse(std::string_view input) {
    std::string text(trim(input));
    StatusCriterion c;
    if (!text.empty() && text.front() == '!') {
        c.negate = true;
        text = std::string(trim(std::string_view(text).substr(1)));
    }
    if (text.empty()) return std::nullopt;
    for (const std::string_view arrow : {"->", "\xE2\x86\x92"}) {  // "->" and "→" mean ">"
        for (size_t at; (at = text.find(arrow)) != std::string::npos;) text.replace(at, arrow.size(), ">");
    }
    const size_t gt = text.find('>');
    if (gt == std::string::npos) {
        if (!parseStatusSide(text, c.primaryLo, c.primaryHi) || c.primaryLo < 0) return std::nullopt;
        c.either = true;
        return c;
    }
    if (text.find('>', gt + 1) != std::string::npos ||
        !parseStatusSide(std::string_view(text).substr(0, gt), c.primaryLo, c.primaryHi) ||
        !parseStatusSide(std::string_view(text).substr(gt + 1), c.candidateLo, c.candidateHi))
        return std::nullopt;
    return c;
}

bool FilterSpec::hasRecordCriteria() const {
    return !trim(status).empty() || !trim(correlationId).empty() || fromMs || toMs || !tags.empty();
}

namespace {

// Case-insensitive glob: '*' = any characters (iterative, backtracking to the last star).
bool globMatchLower(std::string_view text, std::string_view globLower) {
    size_t t = 0, g = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (g < globLower.size() && globLower[g] == '*') {
            star = g++;
            mark = t;
        } else if (g < globLower.size() && globLower[g] == lowerAscii(text[t])) {
            ++g;
            ++t;
        } else if (star != std::string_view::npos) {
            g = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (g < globLower.size() && globLower[g] == '*') ++g;
    return g == globLower.size();
}

bool tagKeyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
}

}  // namespace

bool TagCriterion::matches(const FlatObject& tags) const {
    const std::string value_ = lowercase(value);
    for (const auto& [k, v] : tags)
        if (iequals(k, key) && globMatchLower(v, value_)) return true;
    return false;
}

std::optional<TagCriterion> TagCriterion::parse(std::string_view term) {
    const size_t eq = term.find('=');
    if (eq == std::string_view::npos || eq == 0) return std::nullopt;
    const std::string_view key = term.substr(0, eq);
    if (!std::all_of(key.begin(), key.end(), tagKeyChar)) return std::nullopt;
    return TagCriterion{std::string(key), std::string(term.substr(eq + 1))};
}

std::vector<TagCriterion> extractTagTerms(std::string& text) {
    std::vector<TagCriterion> tags;
    std::string rest;
    size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && text[pos] == ' ') ++pos;
        if (pos >= text.size()) break;
        size_t end = text.find(' ', pos);
        if (end == std::string::npos) end = text.size();
        const std::string_view term = std::string_view(text).substr(pos, end - pos);
        pos = end;
        std::string_view body = term;
        if (body.size() > 4 && lowercase(body.substr(0, 4)) == "tag:") body.remove_prefix(4);
        if (auto tag = TagCriterion::parse(body)) {
            tags.push_back(std::move(*tag));
            continue;
        }
        if (!rest.empty()) rest += ' ';
        rest += term;
    }
    if (!tags.empty()) text = std::move(rest);
    return tags;
}

bool FilterSpec::isEmpty() const {
    return trim(endpoint).empty() && trim(path).empty() && !kind && !outcome && trim(text).empty() &&
           !hasRecordCriteria();
}

std::optional<FilterSpec> parseFilterQuery(std::string_view query, std::string* error) {
    FilterSpec spec;
    auto fail = [&](std::string why) -> std::optional<FilterSpec> {
        if (error) *error = std::move(why);
        return std::nullopt;
    };
    size_t pos = 0;
    while (pos < query.size()) {
        while (pos < query.size() && query[pos] == ' ') ++pos;
        if (pos >= query.size()) break;
        size_t end = query.find(' ', pos);
        if (end == std::string_view::npos) end = query.size();
        const std::string_view term = query.substr(pos, end - pos);
        pos = end;
        const size_t colon = term.find(':');
        const std::string key = colon == std::string_view::npos ? std::string() : lowercase(term.substr(0, colon));
        const std::string_view value = colon == std::string_view::npos ? term : term.substr(colon + 1);
        if (key == "endpoint") {
            spec.endpoint = value;
        } else if (key == "path") {
            spec.path = value;
        } else if (key == "kind") {
            const auto k = kindFromName(value);
            if (!k) return fail("unknown difference kind '" + std::string(value) + "'");
            spec.kind = k;
        } else if (key == "outcome") {
            if (value == "mismatch")
                spec.outcome = Outcome::Mismatch;
            else if (value == "drift")
                spec.outcome = Outcome::Drift;
            else
                return fail("outcome: must be mismatch or drift, not '" + std::string(value) + "'");
        } else if (key == "status") {
            if (!StatusCriterion::parse(value))
                return fail("status: '" + std::string(value) + "' is not a status criterion (500, 5xx, 200>500, !200)");
            spec.status = value;
        } else if (key == "id") {
            spec.correlationId = value;
        } else if (key == "tag") {
            auto tag = TagCriterion::parse(value);
            if (!tag)
                return fail("tag: '" + std::string(value) + "' must look like key=value (tenant=acme, region=eu-*)");
            spec.tags.push_back(std::move(*tag));
        } else if (auto tag = key.empty() ? TagCriterion::parse(term) : std::nullopt) {
            spec.tags.push_back(std::move(*tag));
        } else if (key == "from" || key == "to") {
            const auto ms = parseTimestampMs(value);
            if (!ms) return fail(key + ": '" + std::string(value) + "' is not an RFC 3339 time");
            (key == "from" ? spec.fromMs : spec.toMs) = *ms;
        } else {
            if (!spec.text.empty()) spec.text += ' ';
            spec.text += term;
        }
    }
    return spec;
}

std::string differenceSummary(const Analysis& analysis, const Group& group, size_t maxItems, std::string_view sep) {
    std::vector<SigKey> diffs = analysis.keys(group.differences);
    return differenceSummary(diffs, group.status_pair, group.outcome, maxItems, sep);
}

std::string differenceSummary(const std::vector<SigKey>& differences, std::optional<std::pair<int, int>> statusPair,
                              Outcome outcome, size_t maxItems, std::string_view sep) {
    std::vector<std::string> items;
    size_t total = 0;
    if (statusPair) {
        items.push_back("status " + std::to_string(statusPair->first) + "\xE2\x86\x92" +
                        std::to_string(statusPair->second));
        ++total;
    }
    for (const auto& [path, kind, cls] : differences) {
        if (kind == DiffKind::Status && statusPair) continue;
        ++total;
        if (items.size() < maxItems) items.push_back(diffItem(path, kind, cls));
    }
    if (total == 0) return outcome == Outcome::Drift ? "state drift" : "(no differences)";
    std::string s;
    for (const std::string& item : items) {
        if (!s.empty()) s += sep;
        s += item;
    }
    if (total > items.size()) {
        s += sep;
        s += "+" + std::to_string(total - items.size()) + " more";
    }
    return s;
}

bool RecordCriteria::empty() const {
    return endpoint.empty() && correlationId.empty() && !fromMs && !toMs && !status && !badStatus && tags.empty();
}

RecordCriteria recordCriteria(const FilterSpec& spec) {
    RecordCriteria c;
    c.endpoint = lowerTrimmed(spec.endpoint);
    c.correlationId = lowerTrimmed(spec.correlationId);
    c.fromMs = spec.fromMs;
    c.toMs = spec.toMs;
    if (!trim(spec.status).empty()) {
        c.status = StatusCriterion::parse(spec.status);
        c.badStatus = !c.status;
    }
    c.tags = spec.tags;
    return c;
}

std::optional<std::vector<uint8_t>> recordMask(const Analysis& analysis, const FilterSpec& spec,
                                               const std::atomic<bool>* stop) {
    const RecordCriteria c = recordCriteria(spec);
    std::vector<uint8_t> mask;
    if (c.empty()) return mask;
    const auto& records = analysis.records();
    mask.assign(records.size(), 0);
    if (c.badStatus) return mask;
    std::vector<int8_t> endpointPass(analysis.endpoints().size(), -1);  // -1 = not decided yet
    std::vector<uint8_t> tagPass;
    if (!c.tags.empty()) {
        tagPass.resize(analysis.tagSetCount());
        for (uint32_t t = 0; t < tagPass.size(); ++t)
            tagPass[t] = std::all_of(c.tags.begin(), c.tags.end(),
                                     [&](const TagCriterion& tc) { return tc.matches(analysis.tagSet(t)); });
    }
    for (uint32_t i = 0; i < records.size(); ++i) {
        if ((i & 0xffff) == 0 && stop && stop->load(std::memory_order_relaxed)) return std::nullopt;
        const IndexedRecord& rec = records[i];
        if (!c.endpoint.empty()) {
            if (rec.endpoint == kNone || rec.endpoint >= endpointPass.size()) continue;
            int8_t& pass = endpointPass[rec.endpoint];
            if (pass < 0) pass = containsLower(analysis.endpoint(rec.endpoint), c.endpoint) ? 1 : 0;
            if (!pass) continue;
        }
        if (c.fromMs && rec.ts_ms < *c.fromMs) continue;
        if (c.toMs && rec.ts_ms > *c.toMs) continue;
        if (c.status && !c.status->matches(rec.primary_status, rec.candidate_status)) continue;
        if (!tagPass.empty() && !tagPass[analysis.recordTags(i)]) continue;
        if (!c.correlationId.empty() && !containsLower(analysis.id(rec), c.correlationId)) continue;
        mask[i] = 1;
    }
    return mask;
}

std::optional<FilterResult> computeFilter(const Analysis& analysis, const FilterSpec& spec,
                                          const std::atomic<bool>* stop) {
    const auto& groups = analysis.groups();
    const auto& records = analysis.records();
    FilterResult r;
    r.groupVisible.assign(groups.size(), 0);
    r.groupMatches.assign(groups.size(), 0);

    const std::string endpoint = lowerTrimmed(spec.endpoint);
    const std::string path = lowerTrimmed(spec.path);
    const std::string text = lowerTrimmed(spec.text);
    const std::string corr = lowerTrimmed(spec.correlationId);
    std::optional<StatusCriterion> status;
    if (!trim(spec.status).empty()) {
        status = StatusCriterion::parse(spec.status);
        if (!status) {  // unparsable: nothing matches (the filter bar marks the field invalid)
            r.recordPass.assign(records.size(), 0);
            return r;
        }
    }
    const bool perRecord = spec.hasRecordCriteria() || !text.empty();
    std::vector<uint8_t> tagPass;  // per tag set of the analysis: passes every tag criterion
    if (!spec.tags.empty()) {
        tagPass.resize(analysis.tagSetCount());
        for (uint32_t t = 0; t < tagPass.size(); ++t)
            tagPass[t] = std::all_of(spec.tags.begin(), spec.tags.end(),
                                     [&](const TagCriterion& c) { return c.matches(analysis.tagSet(t)); });
    }
    if (perRecord) {
        r.recordPass.assign(records.size(), 0);
        r.groupWeighted.assign(groups.size(), 0.0);
        r.groupFirstTs.assign(groups.size(), 0);
        r.groupLastTs.assign(groups.size(), 0);
    }

    size_t work = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
        const Group& group = groups[g];
        if (spec.outcome && group.outcome != *spec.outcome) continue;
        if (spec.kind && std::none_of(group.differences.begin(), group.differences.end(),
                                      [&](const DiffKey& k) { return k.kind == *spec.kind; }))
            continue;
        const std::string_view ep =
            group.endpoint == kNone ? std::string_view() : std::string_view(analysis.endpoint(group.endpoint));
        if (!endpoint.empty() && !containsLower(ep, endpoint)) continue;
        if (!path.empty() && std::none_of(group.differences.begin(), group.differences.end(),
                                          [&](const DiffKey& k) { return containsLower(analysis.path(k.path), path); }))
            continue;
        if (!perRecord) {
            r.groupVisible[g] = 1;
            r.groupMatches[g] = uint32_t(group.members.size());
            ++r.visibleGroups;
            r.matchedRecords += group.members.size();
            continue;
        }
        const bool textInGroup = text.empty() || containsLower(group.signature, text) || containsLower(ep, text) ||
                                 std::any_of(group.differences.begin(), group.differences.end(), [&](const DiffKey& k) {
                                     return containsLower(analysis.path(k.path), text);
                                 });
        uint32_t matches = 0;
        for (uint32_t m : group.members) {
            if ((++work & 0xffff) == 0 && stop && stop->load(std::memory_order_relaxed)) return std::nullopt;
            const IndexedRecord& rec = records[m];
            if (spec.fromMs && rec.ts_ms < *spec.fromMs) continue;
            if (spec.toMs && rec.ts_ms > *spec.toMs) continue;
            if (status && !status->matches(rec.primary_status, rec.candidate_status)) continue;
            if (!tagPass.empty() && !tagPass[analysis.recordTags(m)]) continue;
            if (!corr.empty() || !textInGroup) {
                const std::string_view id = analysis.id(rec);
                if (!corr.empty() && !containsLower(id, corr)) continue;
                if (!textInGroup && !containsLower(id, text)) continue;
            }
            r.recordPass[m] = 1;
            r.groupWeighted[g] += rec.weight;
            if (matches == 0 || rec.ts_ms < r.groupFirstTs[g]) r.groupFirstTs[g] = rec.ts_ms;
            if (matches == 0 || rec.ts_ms > r.groupLastTs[g]) r.groupLastTs[g] = rec.ts_ms;
            ++matches;
        }
        r.groupMatches[g] = matches;
        if (matches > 0) {
            r.groupVisible[g] = 1;
            ++r.visibleGroups;
            r.matchedRecords += matches;
        }
    }
    if (stop && stop->load(std::memory_order_relaxed)) return std::nullopt;
    return r;
}

}  // namespace dt
