// SPDX-License-Identifier: MIT
#pragma once
// The meeting report (issue 12, docs/report.md): one self-contained HTML file (inline CSS, no
// script, no external resource) or Markdown, for a triage meeting's handout or a CI artifact:
//   - the go/no-go verdict (core/parity, with the workspace's criteria or parity's defaults),
//   - totals per outcome and the match rate,
//   - causes and groups with their triage state, owner, note, ticket, count and one sample diff,
//   - the rules added since the last report (rule.created >= the workspace's last_report day),
//     with their reasons.
// buildReport() gathers everything once, masked (redact.h) unless masking is off; the renderers
// escape every text (HTML: & < > " '; Markdown: table cells and code fences), so a body holding
// <script> shows as text.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/analysis/causes.h"
#include "core/parity/parity.h"
#include "core/parity/verdict.h"
#include "core/rules/rules.h"
#include "core/triage/workspace.h"

namespace dt {

// The workspace's criteria as parity takes them.
ParityOptions parityOptionsFor(const GoCriteria& c);
VerdictCriteria verdictCriteriaFor(const GoCriteria& c);

struct ReportOptions {
    bool mask = true;                        // privacy masking (off: --no-mask)
    std::vector<std::string> mask_patterns;  // extra RE2 patterns (Redactor::create)
    std::string title;                       // "" = "Shadow traffic triage: STORE-NAME"
    std::string generated;                   // ISO time shown in the header; "" = now
    std::string today;                       // YYYY-MM-DD for expiry; "" = todayDate()
    size_t max_groups = 100;                 // groups listed (largest first); the rest are counted
    size_t max_causes = 50;
    size_t sample_lines = 30;  // lines of the sample body diff
};

struct ReportSample {
    std::string record_id;
    std::vector<std::string> differences;  // "/price changed: 10.5 → 10.49" (masked)
    std::string body_diff;                 // textDiff of the bodies, cut to sample_lines (masked)
    std::string error;                     // the record could not be read
};

struct ReportEntry {  // one cause or group
    std::string key;  // signature or cause id
    std::string title;
    std::string endpoint;  // groups: endpoint template; causes: "" (see title)
    uint64_t count = 0;
    double weighted = 0;
    TriageAnnotation triage;
    ReportSample sample;
};

struct ReportRule {
    std::string id, kind, title, reason, remove_when, author, created, expires, ticket;
    bool enabled = true;
};

struct MeetingReport {
    std::string title;
    std::string store;
    std::string generated;
    bool masked = true;
    Verdict verdict;
    std::array<uint64_t, kOutcomeCount> counts{};
    double match_rate = 1;
    uint64_t records = 0;
    std::vector<ReportEntry> causes;
    size_t more_causes = 0;
    std::vector<ReportEntry> groups;
    size_t more_groups = 0;
    std::string rules_since;  // the day rules are listed from ("" = no earlier report: every rule)
    std::vector<ReportRule> rules;
};

// `ws` may be null (every state new, default criteria). Null `rules`: analysis.rules() when it is
// a RuleSet. nullopt + *error when an extra mask pattern does not compile.
std::optional<MeetingReport> buildReport(const Analysis& analysis, const Workspace* ws, const RuleConfig* rules,
                                         const ReportOptions& options, std::string* error);

std::string renderReportHtml(const MeetingReport& report);
std::string renderReportMarkdown(const MeetingReport& report);

// HTML text escaping (& < > " ').
std::string escapeHtml(std::string_view s);

}  // namespace dt
