// SPDX-License-Identifier: MIT
// The meeting report as one self-contained HTML file and as Markdown. Every text is escaped here:
// the model (report.cpp) holds plain, already masked strings.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "core/report/report.h"

namespace dt {

namespace {

std::string pct(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, v < 0.001 && v > 0 ? "%.4f%%" : "%.2f%%", v * 100);
    return buf;
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

// The verdict's summary without its leading "GO: " / "NO-GO: " (the report shows that in bold).
std::string verdictText(const Verdict& v) {
    for (const char* prefix : {"NO-GO: ", "GO: "})
        if (v.summary.rfind(prefix, 0) == 0) return v.summary.substr(std::string_view(prefix).size());
    return v.summary;
}

bool isLink(const std::string& s) { return s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0; }

// ---------------------------------------------------------------------------------------------
// HTML

constexpr const char* kCss = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#1d2329}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #d5dbe1;padding-bottom:.2em}
h3{font-size:1.05em;margin:1.2em 0 .3em}.meta{color:#5b6570}
.verdict{font-size:1.15em;padding:.6em .9em;border-radius:6px}.go{background:#e3f4e8;border:1px solid #5fb37a}
.nogo{background:#fbe7e7;border:1px solid #d66}table{border-collapse:collapse;margin:.4em 0}
th,td{border:1px solid #d5dbe1;padding:.25em .6em;text-align:left;vertical-align:top}td.n{text-align:right}
pre{background:#f5f7f9;border:1px solid #e1e5ea;padding:.6em;overflow-x:auto;font:12px/1.4 ui-monospace,monospace;white-space:pre-wrap}
.state{font-weight:600}.flag{background:#fff2cc;border-radius:4px;padding:0 .35em;margin-left:.4em;font-size:.85em}
code{font:12px ui-monospace,monospace}
@media (prefers-color-scheme:dark){body{background:#1b1f23;color:#dde3e8}pre{background:#23292f;border-color:#333b44}
th,td{border-color:#39424c}.go{background:#1f3a28}.nogo{background:#432222}.meta{color:#9aa5b1}.flag{background:#4a3f1a}}
)";

void htmlEntry(std::ostringstream& out, const ReportEntry& e, size_t n, bool group) {
    out << "<section>\n<h3>" << n << ". " << escapeHtml(e.title.empty() ? e.key : e.title) << "</h3>\n";
    out << "<table><tr><th>" << (group ? "Signature" : "Cause") << "</th><td><code>" << escapeHtml(e.key)
        << "</code></td></tr>\n";
    if (!e.endpoint.empty()) out << "<tr><th>Endpoint</th><td>" << escapeHtml(e.endpoint) << "</td></tr>\n";
    out << "<tr><th>State</th><td><span class=\"state\">" << escapeHtml(triageStateLabel(e.triage.state)) << "</span>";
    if (e.triage.regression) out << "<span class=\"flag\">regression</span>";
    if (e.triage.new_since) out << "<span class=\"flag\">new since last opened</span>";
    if (!e.triage.issue_name.empty()) out << " (issue: " << escapeHtml(e.triage.issue_name) << ")";
    out << "</td></tr>\n";
    out << "<tr><th>Records</th><td class=\"n\">" << e.count << " (weighted " << num(e.weighted) << ")</td></tr>\n";
    if (!e.triage.owner.empty()) out << "<tr><th>Owner</th><td>" << escapeHtml(e.triage.owner) << "</td></tr>\n";
    if (!e.triage.note.empty()) out << "<tr><th>Note</th><td>" << escapeHtml(e.triage.note) << "</td></tr>\n";
    if (!e.triage.ticket.empty()) {
        out << "<tr><th>Ticket</th><td>";
        if (isLink(e.triage.ticket))
            out << "<a href=\"" << escapeHtml(e.triage.ticket) << "\">" << escapeHtml(e.triage.ticket) << "</a>";
        else
            out << escapeHtml(e.triage.ticket);
        out << "</td></tr>\n";
    }
    out << "</table>\n";
    const ReportSample& s = e.sample;
    if (!s.record_id.empty()) {
        out << "<p>Sample <code>" << escapeHtml(s.record_id) << "</code></p>\n<pre>";
        if (!s.error.empty()) out << "(cannot read the record: " << escapeHtml(s.error) << ")\n";
        for (const auto& d : s.differences) out << escapeHtml(d) << "\n";
        if (!s.body_diff.empty()) out << "\n" << escapeHtml(s.body_diff);
        out << "</pre>\n";
    }
    out << "</section>\n";
}

// ---------------------------------------------------------------------------------------------
// Markdown

// Inline text: punctuation that means something inside a line (emphasis, code, links, tables,
// strikethrough) is backslash-escaped, & < > as
// entities (so no raw HTML gets through), line breaks become spaces (table cells stay one line).
std::string md(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '\n':
        case '\r': out += ' '; break;
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '|':
        case '~':
            out += '\\';
            out += c;
            break;
        default: out += c;
        }
    }
    return out;
}

// A fenced block whose fence is longer than any run of backticks inside.
void fenced(std::ostringstream& out, const std::string& body) {
    size_t longest = 0, run = 0;
    for (char c : body) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const std::string fence(std::max<size_t>(3, longest + 1), '`');
    out << fence << "text\n" << body;
    if (!body.empty() && body.back() != '\n') out << "\n";
    out << fence << "\n\n";
}

void mdEntry(std::ostringstream& out, const ReportEntry& e, size_t n, bool group) {
    out << "### " << n << ". " << md(e.title.empty() ? e.key : e.title) << "\n\n";
    out << "| " << (group ? "Signature" : "Cause") << " | State | Records | Owner | Ticket |\n";
    out << "|---|---|---:|---|---|\n";
    std::string state(triageStateLabel(e.triage.state));
    if (e.triage.regression) state += " (regression)";
    if (e.triage.new_since) state += " (new since last opened)";
    if (!e.triage.issue_name.empty()) state += " (issue: " + e.triage.issue_name + ")";
    out << "| `" << e.key << "` | " << md(state) << " | " << e.count << " | " << md(e.triage.owner) << " | "
        << md(e.triage.ticket) << " |\n\n";
    if (!e.endpoint.empty()) out << "Endpoint: " << md(e.endpoint) << "\n\n";
    if (!e.triage.note.empty()) out << "Note: " << md(e.triage.note) << "\n\n";
    const ReportSample& s = e.sample;
    if (!s.record_id.empty()) {
        out << "Sample " << md(s.record_id) << ":\n\n";
        std::string body;
        if (!s.error.empty()) body += "(cannot read the record: " + s.error + ")\n";
        for (const auto& d : s.differences) body += d + "\n";
        if (!s.body_diff.empty()) body += "\n" + s.body_diff;
        fenced(out, body);
    }
}

}  // namespace

std::string escapeHtml(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string renderReportHtml(const MeetingReport& r) {
    const std::string summary = verdictText(r.verdict);
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>" << escapeHtml(r.title) << "</title>\n<style>" << kCss << "</style>\n</head>\n<body>\n";
    out << "<h1>" << escapeHtml(r.title) << "</h1>\n";
    out << "<p class=\"meta\">Store <code>" << escapeHtml(r.store) << "</code> · generated " << escapeHtml(r.generated)
        << " · " << (r.masked ? "secrets masked" : "<strong>masking off</strong>") << "</p>\n";
    out << "<p class=\"verdict " << (r.verdict.go ? "go" : "nogo") << "\"><strong>" << (r.verdict.go ? "GO" : "NO-GO")
        << "</strong> — " << escapeHtml(summary) << "</p>\n";
    if (!r.verdict.failures.empty()) {
        out << "<ul>\n";
        for (const auto& f : r.verdict.failures) out << "<li>" << escapeHtml(f.message) << "</li>\n";
        out << "</ul>\n";
    }
    out << "<h2>Totals</h2>\n<table><tr><th>Outcome</th><th>Records</th></tr>\n";
    for (int i = 0; i < kOutcomeCount; ++i)
        out << "<tr><td>" << outcomeName(static_cast<Outcome>(i)) << "</td><td class=\"n\">" << r.counts[size_t(i)]
            << "</td></tr>\n";
    out << "<tr><th>all</th><td class=\"n\">" << r.records << "</td></tr>\n</table>\n";
    out << "<p>Match rate (weighted): <strong>" << pct(r.match_rate) << "</strong></p>\n";

    out << "<h2>Causes</h2>\n";
    if (r.causes.empty()) out << "<p>No causes: no mismatches left.</p>\n";
    for (size_t i = 0; i < r.causes.size(); ++i) htmlEntry(out, r.causes[i], i + 1, false);
    if (r.more_causes) out << "<p>… and " << r.more_causes << " more causes.</p>\n";
    out << "<h2>Groups</h2>\n";
    if (r.groups.empty()) out << "<p>No groups.</p>\n";
    for (size_t i = 0; i < r.groups.size(); ++i) htmlEntry(out, r.groups[i], i + 1, true);
    if (r.more_groups) out << "<p>… and " << r.more_groups << " more groups.</p>\n";

    out << "<h2>Rules added " << (r.rules_since.empty() ? "(no earlier report: all rules)" : "since " + r.rules_since)
        << "</h2>\n";
    if (r.rules.empty()) {
        out << "<p>None.</p>\n";
    } else {
        out << "<table><tr><th>Rule</th><th>Kind</th><th>Title</th><th>Reason</th><th>Remove when</th>"
            << "<th>Author</th><th>Created</th><th>Expires</th></tr>\n";
        for (const auto& rule : r.rules)
            out << "<tr><td><code>" << escapeHtml(rule.id) << "</code>" << (rule.enabled ? "" : " (disabled)")
                << "</td><td>" << escapeHtml(rule.kind) << "</td><td>" << escapeHtml(rule.title) << "</td><td>"
                << escapeHtml(rule.reason) << "</td><td>" << escapeHtml(rule.remove_when) << "</td><td>"
                << escapeHtml(rule.author) << "</td><td>" << escapeHtml(rule.created) << "</td><td>"
                << escapeHtml(rule.expires) << "</td></tr>\n";
        out << "</table>\n";
    }
    out << "</body>\n</html>\n";
    return out.str();
}

std::string renderReportMarkdown(const MeetingReport& r) {
    std::ostringstream out;
    out << "# " << md(r.title) << "\n\n";
    out << "Store " << md(r.store) << " · generated " << md(r.generated) << " · "
        << (r.masked ? "secrets masked" : "**masking off**") << "\n\n";
    out << "**" << (r.verdict.go ? "GO" : "NO-GO") << "** — " << md(verdictText(r.verdict)) << "\n\n";
    for (const auto& f : r.verdict.failures) out << "- " << md(f.message) << "\n";
    if (!r.verdict.failures.empty()) out << "\n";
    out << "## Totals\n\n| Outcome | Records |\n|---|---:|\n";
    for (int i = 0; i < kOutcomeCount; ++i)
        out << "| " << outcomeName(static_cast<Outcome>(i)) << " | " << r.counts[size_t(i)] << " |\n";
    out << "| **all** | " << r.records << " |\n\n";
    out << "Match rate (weighted): **" << md(pct(r.match_rate)) << "**\n\n";
    out << "## Causes\n\n";
    if (r.causes.empty()) out << "No causes: no mismatches left.\n\n";
    for (size_t i = 0; i < r.causes.size(); ++i) mdEntry(out, r.causes[i], i + 1, false);
    if (r.more_causes) out << "… and " << r.more_causes << " more causes.\n\n";
    out << "## Groups\n\n";
    if (r.groups.empty()) out << "No groups.\n\n";
    for (size_t i = 0; i < r.groups.size(); ++i) mdEntry(out, r.groups[i], i + 1, true);
    if (r.more_groups) out << "… and " << r.more_groups << " more groups.\n\n";
    out << "## Rules added " << (r.rules_since.empty() ? "(no earlier report: all rules)" : "since " + r.rules_since)
        << "\n\n";
    if (r.rules.empty()) {
        out << "None.\n";
    } else {
        out << "| Rule | Kind | Title | Reason | Remove when | Author | Created | Expires |\n";
        out << "|---|---|---|---|---|---|---|---|\n";
        for (const auto& rule : r.rules)
            out << "| `" << rule.id << "`" << (rule.enabled ? "" : " (disabled)") << " | " << md(rule.kind) << " | "
                << md(rule.title) << " | " << md(rule.reason) << " | " << md(rule.remove_when) << " | "
                << md(rule.author) << " | " << md(rule.created) << " | " << md(rule.expires) << " |\n";
    }
    return out.str();
}

}  // namespace dt
