// SPDX-License-Identifier: MIT
// buildReport(): gathers the meeting report's content once, masked.
#include "core/report/report.h"

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "core/present/record_filter.h"
#include "core/present/side_by_side.h"
#include "core/report/mask_view.h"
#include "core/report/redact.h"
#include "core/rules/rules_match.h"

namespace dt {

namespace {

std::string differenceLine(const Difference& raw, const Redactor* r) {
    const Difference d = r ? maskDifference(raw, *r) : raw;
    std::string line = d.kind == DiffKind::Header ? "header " + d.path
                       : d.path.empty()           ? std::string("(body)")
                                                  : d.path;
    line += " ";
    line += kindName(d.kind);
    const std::string cls = classText(d);
    if (!cls.empty()) line += " (" + cls + ")";
    if (!d.primary.empty() || !d.candidate.empty()) {
        line += ": ";
        line += d.primary.empty() ? std::string("(absent)") : d.primary;
        line += " \u2192 ";
        line += d.candidate.empty() ? std::string("(absent)") : d.candidate;
    }
    return line;
}

std::string cutLines(const std::string& text, size_t maxLines) {
    size_t pos = 0, lines = 0;
    while (pos < text.size() && lines < maxLines) {
        const size_t nl = text.find('\n', pos);
        pos = nl == std::string::npos ? text.size() : nl + 1;
        ++lines;
    }
    if (pos >= text.size()) return text;
    size_t rest = 0;
    for (size_t i = pos; i < text.size(); ++i)
        if (text[i] == '\n') ++rest;
    return text.substr(0, pos) + "… " + std::to_string(rest) + " more lines\n";
}

ReportSample sampleOf(const Analysis& a, const std::vector<uint32_t>& members, const Redactor* r,
                      const ReportOptions& o) {
    ReportSample s;
    if (members.empty()) return s;
    const uint32_t rec = members.front();
    s.record_id = std::string(a.id(a.records()[rec]));
    std::string error;
    auto detail = a.detail(rec, a.rules(), &error);
    if (!detail) {
        s.error = error;
        return s;
    }
    const Record& record = detail->record;
    auto text = [&](const std::string& v) { return r ? r->text(v) : v; };
    s.differences.push_back("request: " + text(record.request.method + " " + record.request.url));
    for (const auto& [name, value] : record.request.headers)
        s.differences.push_back("request header " + name + ": " + (r ? r->header(name, value) : value));
    for (const Difference& d : detail->result.differences) s.differences.push_back(differenceLine(d, r));
    s.body_diff = text(cutLines(textDiff(record.primary.body, record.candidate.body), o.sample_lines));
    return s;
}

std::string dayOf(const std::string& iso) { return iso.size() >= 10 ? iso.substr(0, 10) : iso; }

}  // namespace

ParityOptions parityOptionsFor(const GoCriteria& c) {
    ParityOptions p;
    p.min_match_rate = c.min_match_rate;
    p.window_ms = c.window_ms;
    p.min_window_weight = c.min_window_weight;
    return p;
}

VerdictCriteria verdictCriteriaFor(const GoCriteria& c) {
    VerdictCriteria v;
    v.max_p95_regression = c.max_p95_regression;
    v.max_error_rate_increase = c.max_error_rate_increase;
    v.max_mismatch_rate = c.max_mismatch_rate;
    v.fail_on_expired = c.fail_on_expired;
    return v;
}

std::optional<MeetingReport> buildReport(const Analysis& a, const Workspace* ws, const RuleConfig* rules,
                                         const ReportOptions& o, std::string* error) {
    std::unique_ptr<Redactor> redactor;
    if (o.mask) {
        redactor = Redactor::create(o.mask_patterns, error);
        if (!redactor) return std::nullopt;
    }
    const Redactor* r = redactor.get();
    auto text = [&](const std::string& v) { return r ? r->text(v) : v; };
    const Workspace empty{};
    const Workspace& w = ws ? *ws : empty;
    const auto* ruleSet = dynamic_cast<const RuleSet*>(a.rules());
    if (!rules && ruleSet) rules = &ruleSet->config();

    MeetingReport rep;
    rep.store = a.store().path();
    rep.title =
        o.title.empty() ? "Shadow traffic triage: " + std::filesystem::path(rep.store).filename().string() : o.title;
    rep.generated = o.generated.empty() ? isoNowUtc() : o.generated;
    rep.masked = o.mask;

    ParityOptions po = parityOptionsFor(w.criteria);
    po.rules = ruleSet;
    po.today = o.today;
    rep.verdict = evaluateVerdict(computeParity(a, po), verdictCriteriaFor(w.criteria));
    rep.counts = a.outcomeCounts();
    rep.match_rate = a.matchRate();
    rep.records = a.records().size();

    // Causes.
    const CauseIndex idx = computeCauses(a);
    std::vector<std::string> causeIds;
    for (const Cause& c : idx.causes) causeIds.push_back(c.id);
    const auto causeNotes = annotateCauses(w, causeIds);
    for (size_t i = 0; i < idx.causes.size(); ++i) {
        if (rep.causes.size() == o.max_causes) {
            rep.more_causes = idx.causes.size() - i;
            break;
        }
        const Cause& c = idx.causes[i];
        ReportEntry e;
        e.key = c.id;
        e.title = text(c.title);
        e.count = c.count;
        e.weighted = c.weighted;
        e.triage = causeNotes[i];
        std::vector<uint32_t> first;
        for (uint32_t g : c.groups)
            if (!a.groups()[g].members.empty()) {
                first.push_back(a.groups()[g].members.front());
                break;
            }
        e.sample = sampleOf(a, first, r, o);
        rep.causes.push_back(std::move(e));
    }

    // Groups (largest first, as Analysis keeps them).
    std::vector<std::string> sigs;
    for (const Group& g : a.groups()) sigs.push_back(g.signature);
    const auto groupNotes = annotateGroups(w, sigs);
    for (size_t i = 0; i < a.groups().size(); ++i) {
        if (rep.groups.size() == o.max_groups) {
            rep.more_groups = a.groups().size() - i;
            break;
        }
        const Group& g = a.groups()[i];
        ReportEntry e;
        e.key = g.signature;
        e.title = text(differenceSummary(a, g, 4, " · "));
        if (g.endpoint != kNone) e.endpoint = text(a.endpoint(g.endpoint));
        e.count = g.count;
        e.weighted = g.weighted;
        e.triage = groupNotes[i];
        e.sample = sampleOf(a, g.members, r, o);
        rep.groups.push_back(std::move(e));
    }
    for (auto* list : {&rep.causes, &rep.groups})
        for (ReportEntry& e : *list) {
            e.triage.owner = text(e.triage.owner);
            e.triage.note = text(e.triage.note);
            e.triage.ticket = text(e.triage.ticket);
            e.triage.issue_name = text(e.triage.issue_name);
        }

    // Rules added since the last report.
    rep.rules_since = dayOf(w.last_report);
    if (rules) {
        for (const Rule& rule : rules->rules) {
            if (!rep.rules_since.empty() && (rule.created.empty() || rule.created < rep.rules_since)) continue;
            ReportRule rr;
            rr.id = rule.id;
            rr.kind = std::string(ruleKindName(rule.kind));
            rr.title = text(rule.title);
            rr.reason = text(rule.reason);
            rr.remove_when = text(rule.remove_when);
            rr.author = text(rule.author);
            rr.created = rule.created;
            rr.expires = rule.expires;
            rr.ticket = text(rule.ticket);
            rr.enabled = rule.enabled;
            rep.rules.push_back(std::move(rr));
        }
        std::sort(rep.rules.begin(), rep.rules.end(), [](const ReportRule& x, const ReportRule& y) {
            return std::tie(x.created, x.id) < std::tie(y.created, y.id);
        });
    }
    return rep;
}

}  // namespace dt
