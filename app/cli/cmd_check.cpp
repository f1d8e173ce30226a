// SPDX-License-Identifier: MIT
// difftriage-cli check with the parity criteria (docs/dashboard.md): the worst sliding window,
// p95 latency per endpoint and error parity, computed by core/parity. `check STORE --rules FILE
// --max-mismatch-rate R` without any parity option keeps the original gate (cmd_rules.cpp).
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/common.h"
#include "core/parity/parity.h"
#include "core/parity/verdict.h"
#include "core/pg/pg_parity.h"
#include "core/rules/rules_io.h"

namespace dt::cli {

namespace {

constexpr std::string_view kParityOptions[] = {"--min-match-rate", "--window", "--min-window-records",
                                               "--max-p95-regression", "--max-error-rate-increase"};

bool hasOption(const Args& args, std::string_view name) {
    for (const std::string& a : args)
        if (a == name || (a.size() > name.size() && a.compare(0, name.size(), name) == 0 && a[name.size()] == '='))
            return true;
    return false;
}

// A fraction ("0.001") or a percentage ("0.1%"), within [lo, hi].
std::optional<double> parseRate(const std::string& text, double lo, double hi) {
    std::string v = text;
    const bool percent = !v.empty() && v.back() == '%';
    if (percent) v.pop_back();
    char* end = nullptr;
    double x = std::strtod(v.c_str(), &end);
    if (v.empty() || !end || *end || !std::isfinite(x)) return std::nullopt;
    if (percent) x /= 100;
    if (x < lo || x > hi) return std::nullopt;
    return x;
}

nlohmann::json windowJson(const ParityWindow& w) {
    return {{"start", formatParityTime(w.start_ms)},
            {"end", formatParityTime(w.end_ms)},
            {"match_rate", w.match_rate},
            {"comparable", w.comparable},
            {"mismatches", w.mismatches},
            {"records", w.records}};
}

nlohmann::json runsJson(const std::vector<WindowRun>& runs) {
    auto a = nlohmann::json::array();
    for (const WindowRun& r : runs)
        a.push_back(
            {{"start", formatParityTime(r.start_ms)}, {"end", formatParityTime(r.end_ms)}, {"windows", r.windows}});
    return a;
}

nlohmann::json latencyJson(const LatencyStats& s) {
    return {{"samples", s.samples}, {"p50", s.p50}, {"p95", s.p95}, {"p99", s.p99}, {"max", s.max}};
}

nlohmann::json errorsJson(const ErrorCounts& e) {
    return {{"total", e.total},
            {"4xx", e.status4xx},
            {"5xx", e.status5xx},
            {"no_answer", e.failed},
            {"error_rate", e.errorRate()}};
}

const char* kindName(VerdictFailure::Kind k) {
    switch (k) {
    case VerdictFailure::Kind::Window: return "window";
    case VerdictFailure::Kind::Latency: return "latency";
    case VerdictFailure::Kind::Errors: return "errors";
    case VerdictFailure::Kind::MismatchRate: return "mismatch_rate";
    case VerdictFailure::Kind::ExpiredRule: return "expired_rule";
    }
    return "?";
}

std::string pctText(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f%%", x * 100);
    return buf;
}

}  // namespace

bool isParityCheck(const Args& args) {
    for (std::string_view o : kParityOptions)
        if (hasOption(args, o)) return true;
    return !hasOption(args, "--max-mismatch-rate");
}

int cmdCheckParity(const Args& argsIn, std::ostream& out, std::ostream& err) {
    Args args = argsIn;
    std::string rulesPath, maxRate, today, top, minMatch, window, minRecords, p95, errorIncrease;
    bool missing = false;
    takeOption(args, "--rules", &rulesPath, &missing);
    takeOption(args, "--max-mismatch-rate", &maxRate, &missing);
    takeOption(args, "--today", &today, &missing);
    takeOption(args, "--top", &top, &missing);  // accepted for compatibility; the verdict lists every failure
    takeOption(args, "--min-match-rate", &minMatch, &missing);
    takeOption(args, "--window", &window, &missing);
    takeOption(args, "--min-window-records", &minRecords, &missing);
    takeOption(args, "--max-p95-regression", &p95, &missing);
    takeOption(args, "--max-error-rate-increase", &errorIncrease, &missing);
    const bool failOnExpired = takeFlag(args, "--fail-on-expired");
    const bool json = takeFlag(args, "--json");
    const bool noIndex = takeFlag(args, "--no-index");
    const bool swapSides = takeSwapSides(args);
    if (missing || !rejectUnknownOptions(args, "check", err) || args.size() != 1) {
        err << "usage: difftriage-cli check STORE [--rules FILE] [--min-match-rate R] [--window 1h] "
               "[--min-window-records N] [--max-p95-regression 0.10] [--max-error-rate-increase R] "
               "[--max-mismatch-rate R] [--fail-on-expired] [--today YYYY-MM-DD] [--json] [--no-index]\n";
        return 2;
    }
    ParityOptions po;
    VerdictCriteria vc;
    vc.fail_on_expired = failOnExpired;
    auto bad = [&](const char* option, const std::string& value, const char* what) {
        err << "difftriage-cli check: " << option << " must be " << what << ", not '" << value << "'\n";
        return 2;
    };
    if (!maxRate.empty()) {
        auto r = parseRate(maxRate, 0, 1);
        if (!r) return bad("--max-mismatch-rate", maxRate, "a fraction 0..1 (or a percentage like 5%)");
        vc.max_mismatch_rate = *r;
    }
    if (!minMatch.empty()) {
        auto r = parseRate(minMatch, 0, 1);
        if (!r) return bad("--min-match-rate", minMatch, "a fraction 0..1 (or a percentage like 99.9%)");
        po.min_match_rate = *r;
    }
    if (!window.empty()) {
        auto d = parseDuration(window);
        if (!d) return bad("--window", window, "a duration like 30m, 1h or 1d");
        po.window_ms = *d;
    }
    if (!minRecords.empty()) {
        char* end = nullptr;
        const double n = std::strtod(minRecords.c_str(), &end);
        if (!end || *end || !std::isfinite(n) || n < 0) return bad("--min-window-records", minRecords, "a number >= 0");
        po.min_window_weight = n;
    }
    if (!p95.empty()) {
        auto r = parseRate(p95, 0, 100);
        if (!r) return bad("--max-p95-regression", p95, "a fraction >= 0 (0.10 = +10 %)");
        vc.max_p95_regression = *r;
    }
    if (!errorIncrease.empty()) {
        auto r = parseRate(errorIncrease, 0, 1);
        if (!r) return bad("--max-error-rate-increase", errorIncrease, "a fraction 0..1 (or a percentage)");
        vc.max_error_rate_increase = *r;
    }
    if (!top.empty()) {
        char* end = nullptr;
        std::strtoul(top.c_str(), &end, 10);
        if (top[0] == '-' || end == top.c_str() || *end) return bad("--top", top, "a number");
    }
    if (today.empty())
        today = todayDate();
    else if (!isValidDate(today))
        return bad("--today", today, "a date YYYY-MM-DD");
    po.today = today;

    std::shared_ptr<const RuleSet> rules;
    if (!rulesPath.empty()) {
        std::vector<RuleError> errors;
        rules = loadRulesFile(rulesPath, &errors);
        if (!rules) {
            err << formatRuleErrors(rulesPath, errors);
            return 2;
        }
        for (const std::string& note : rules->config().notices) err << rulesPath << ": note: " << note << "\n";
    }
    po.rules = rules.get();
    // An indexed PostgreSQL store: the series by SQL on the server from the index (core/pg/pg_parity.h).
    std::optional<pg::IndexOpen> indexed;
    if (!swapSides && !noIndex) indexed = openIndexedStore(args[0], rulesPath, rules, err);
    std::optional<ParityReport> pushed;
    if (indexed) {
        std::string error;
        auto got = pg::parityFromIndex(args[0], indexed->schema, *indexed->analysis, po, {}, nullptr, &error);
        if (!got) {
            err << "difftriage-cli: " << error << "\n";
            return 2;
        }
        pushed = std::move(got->report);
    }
    std::unique_ptr<Analysis> a = pushed ? nullptr : loadStore(args[0], rules, err, swapSides);
    if (!pushed && !a) return 2;
    const ParityReport rep = pushed ? std::move(*pushed) : computeParity(*a, po);
    const Verdict v = evaluateVerdict(rep, vc);
    const WindowSearch& ws = rep.windows;

    if (json) {
        nlohmann::json j;
        j["store"] = args[0];
        if (indexed) j["source"] = "index:" + indexed->schema;
        j["rules"] = rulesPath.empty() ? nlohmann::json(nullptr) : nlohmann::json(rulesPath);
        j["verdict"] = v.go ? "go" : "no-go";
        j["passed"] = v.go;
        j["summary"] = v.summary;
        j["criteria"] = {{"min_match_rate", po.min_match_rate},
                         {"window", formatDuration(ws.window_ms)},
                         {"min_window_records", po.min_window_weight},
                         {"max_p95_regression", vc.max_p95_regression},
                         {"max_error_rate_increase", vc.max_error_rate_increase},
                         {"max_mismatch_rate",
                          vc.max_mismatch_rate ? nlohmann::json(*vc.max_mismatch_rate) : nlohmann::json(nullptr)},
                         {"fail_on_expired", failOnExpired}};
        auto failures = nlohmann::json::array();
        for (const VerdictFailure& f : v.failures) {
            nlohmann::json x = {{"kind", kindName(f.kind)}, {"message", f.message}};
            if (f.kind == VerdictFailure::Kind::Window && f.run_end_ms > f.run_start_ms) {
                x["window"] = windowJson(f.window);
                x["failing_span"] = {{"start", formatParityTime(f.run_start_ms)},
                                     {"end", formatParityTime(f.run_end_ms)}};
            }
            if (f.kind == VerdictFailure::Kind::Latency) {
                x["endpoint"] = f.endpoint;
                x["primary_p95"] = f.primary_p95;
                x["candidate_p95"] = f.candidate_p95;
            }
            if (f.kind != VerdictFailure::Kind::ExpiredRule) {
                x["value"] = std::isfinite(f.value) ? nlohmann::json(f.value) : nlohmann::json(nullptr);
                x["limit"] = f.limit;
            }
            failures.push_back(std::move(x));
        }
        j["failures"] = std::move(failures);
        j["warnings"] = v.warnings;
        j["records"] = rep.records;
        j["match_rate"] = rep.total.matchRate();
        j["mismatch_rate"] = rep.total.mismatchRate();
        j["first_ts"] = formatParityTime(rep.first_ms);
        j["last_ts"] = formatParityTime(rep.last_ms);
        j["windows"] = {{"window", formatDuration(ws.window_ms)},
                        {"step", formatDuration(ws.step_ms)},
                        {"count", ws.windows},
                        {"evaluated", ws.evaluated},
                        {"worst", ws.worst ? windowJson(*ws.worst) : nlohmann::json(nullptr)},
                        {"failing", runsJson(ws.failing)},
                        {"skipped", runsJson(ws.skipped)},
                        {"no_traffic", runsJson(ws.empty)}};
        auto eps = nlohmann::json::array();
        for (const EndpointParity& e : rep.endpoints)
            eps.push_back({{"endpoint", e.endpoint},
                           {"comparable", e.outcomes.comparable()},
                           {"mismatch_rate", e.outcomes.mismatchRate()},
                           {"primary", latencyJson(e.primary)},
                           {"candidate", latencyJson(e.candidate)}});
        j["endpoints"] = std::move(eps);
        j["errors"] = {{"primary", errorsJson(rep.primary_errors)}, {"candidate", errorsJson(rep.candidate_errors)}};
        auto ex = nlohmann::json::array();
        for (const RuleBurndown& r : rep.rules)
            if (r.expired) ex.push_back({{"id", r.id}, {"title", r.title}, {"expires", r.expires}});
        j["expired_rules"] = std::move(ex);
        j["today"] = today;
        out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        out << v.summary << "\n";
        out << "criteria: match rate >= " << pctText(po.min_match_rate) << " in every " << formatDuration(ws.window_ms)
            << " window with >= " << po.min_window_weight << " comparisons; candidate p95 <= primary p95 +"
            << pctText(vc.max_p95_regression) << " per endpoint; candidate error rate <= primary +"
            << pctText(vc.max_error_rate_increase);
        if (vc.max_mismatch_rate) out << "; mismatch rate <= " << pctText(*vc.max_mismatch_rate);
        out << "\n";
        out << "store: " << rep.records << " records, " << formatSpan(rep.first_ms, rep.last_ms) << ", match rate "
            << pctText(rep.total.matchRate()) << " (weighted); " << ws.evaluated << " of " << ws.windows << " "
            << formatDuration(ws.window_ms) << " windows judged";
        if (ws.worst)
            out << ", worst " << pctText(ws.worst->match_rate) << " in "
                << formatSpan(ws.worst->start_ms, ws.worst->end_ms);
        if (indexed) out << "   (from the index in schema " << indexed->schema << ")";
        out << "\n";
        for (const VerdictFailure& f : v.failures) out << "FAILED " << kindName(f.kind) << ": " << f.message << "\n";
        for (const std::string& w : v.warnings) out << "warning: " << w << "\n";
        out << (v.go ? "check passed (GO)" : "check FAILED (NO-GO)") << "\n";
    }
    for (const RuleBurndown& r : rep.rules)
        if (r.expired && !failOnExpired) err << "warning: rule " << r.id << " expired on " << r.expires << "\n";
    return v.go ? 0 : 1;
}

}  // namespace dt::cli
