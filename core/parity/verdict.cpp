// SPDX-License-Identifier: MIT
// The go/no-go verdict (verdict.h).
#include "core/parity/verdict.h"

#include <cmath>
#include <cstdio>

#include "core/store/record.h"

namespace dt {

namespace {

std::string pct(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, std::fabs(v) < 0.001 && v != 0 ? "%.4f%%" : "%.2f%%", v * 100);
    return buf;
}

std::string ms(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f ms", v);
    return buf;
}

std::string num(double v) {
    char buf[32];
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

constexpr size_t kMaxRunWarnings = 10;

}  // namespace

std::string formatParityTime(int64_t t) {
    std::string s = formatTimestampMs(t);
    const auto dot = s.rfind(".000");
    if (dot != std::string::npos && dot + 5 == s.size()) s.erase(dot, 4);
    return s;
}

std::string formatSpan(int64_t startMs, int64_t endMs) {
    return formatParityTime(startMs) + " – " + formatParityTime(endMs);
}

Verdict evaluateVerdict(const ParityReport& rep, const VerdictCriteria& c) {
    Verdict v;
    const WindowSearch& ws = rep.windows;
    const std::string window = formatDuration(ws.window_ms);
    const std::string minCount = num(ws.min_window_weight);

    if (c.check_windows) {
        for (const WindowRun& run : ws.failing) {
            VerdictFailure f;
            f.kind = VerdictFailure::Kind::Window;
            f.window = run.worst;
            f.run_start_ms = run.start_ms;
            f.run_end_ms = run.end_ms;
            f.value = run.worst.match_rate;
            f.limit = ws.min_match_rate;
            f.message = "match rate " + pct(run.worst.match_rate) + " < " + pct(ws.min_match_rate) + " in the " +
                        window + " window " + formatSpan(run.worst.start_ms, run.worst.end_ms) + " (" +
                        num(run.worst.mismatches) + " mismatches of " + num(run.worst.comparable) + " comparisons)";
            if (run.windows > 1) f.message += "; failing windows cover " + formatSpan(run.start_ms, run.end_ms);
            v.failures.push_back(std::move(f));
        }
        if (ws.evaluated == 0 && rep.total.records > 0) {
            VerdictFailure f;
            f.kind = VerdictFailure::Kind::Window;
            f.limit = ws.min_match_rate;
            f.message = "no " + window + " window has " + minCount + " comparisons: no evidence for the match rate";
            v.failures.push_back(std::move(f));
        }
        if (ws.shorter_than_window)
            v.warnings.push_back("the store spans less than one " + window + " window (" +
                                 formatSpan(rep.first_ms, rep.last_ms) + "): judged as a single window");
        size_t shown = 0;
        for (const WindowRun& run : ws.empty)
            if (shown++ < kMaxRunWarnings)
                v.warnings.push_back("no traffic: " + std::to_string(run.windows) + " " + window + " window(s) in " +
                                     formatSpan(run.start_ms, run.end_ms) + " have no records (not judged)");
        for (const WindowRun& run : ws.skipped)
            if (shown++ < kMaxRunWarnings)
                v.warnings.push_back("skipped: " + std::to_string(run.windows) + " " + window + " window(s) in " +
                                     formatSpan(run.start_ms, run.end_ms) + " have fewer than " + minCount +
                                     " comparisons (not judged)");
        if (shown > kMaxRunWarnings)
            v.warnings.push_back(std::to_string(shown - kMaxRunWarnings) + " more runs of skipped or empty windows");
    }

    size_t judgedEndpoints = 0;
    if (c.check_latency) {
        for (const EndpointParity& e : rep.endpoints) {
            if (e.primary.samples < ws.min_window_weight || e.candidate.samples < ws.min_window_weight) {
                if (e.primary.records > 0 || e.candidate.records > 0)
                    v.warnings.push_back(e.endpoint + ": latency not judged (" + num(e.primary.samples) +
                                         " primary / " + num(e.candidate.samples) + " candidate samples, fewer than " +
                                         minCount + ")");
                continue;
            }
            ++judgedEndpoints;
            const double limit = e.primary.p95 * (1 + c.max_p95_regression);
            if (e.candidate.p95 > limit) {
                VerdictFailure f;
                f.kind = VerdictFailure::Kind::Latency;
                f.endpoint = e.endpoint;
                f.primary_p95 = e.primary.p95;
                f.candidate_p95 = e.candidate.p95;
                f.value = e.primary.p95 > 0 ? e.candidate.p95 / e.primary.p95 - 1 : INFINITY;
                f.limit = c.max_p95_regression;
                f.message = e.endpoint + ": candidate p95 " + ms(e.candidate.p95) + " > primary p95 " +
                            ms(e.primary.p95) + " + " + pct(c.max_p95_regression) + " (" +
                            (e.primary.p95 > 0 ? "+" + pct(f.value) : "primary 0") + ")";
                v.failures.push_back(std::move(f));
            }
        }
    }

    if (c.check_errors) {
        const double p = rep.primary_errors.errorRate(), q = rep.candidate_errors.errorRate();
        if (q > p + c.max_error_rate_increase + 1e-12) {
            VerdictFailure f;
            f.kind = VerdictFailure::Kind::Errors;
            f.value = q;
            f.limit = p + c.max_error_rate_increase;
            f.message = "candidate error rate " + pct(q) + " > primary " + pct(p) + " + " +
                        pct(c.max_error_rate_increase) + " (5xx " + num(rep.candidate_errors.status5xx) +
                        ", no answer " + num(rep.candidate_errors.failed) + " vs primary 5xx " +
                        num(rep.primary_errors.status5xx) + ", no answer " + num(rep.primary_errors.failed) + ")";
            v.failures.push_back(std::move(f));
        }
    }

    if (c.max_mismatch_rate) {
        const double r = rep.total.mismatchRate();
        if (r > *c.max_mismatch_rate) {
            VerdictFailure f;
            f.kind = VerdictFailure::Kind::MismatchRate;
            f.value = r;
            f.limit = *c.max_mismatch_rate;
            f.message = "mismatch rate " + pct(r) + " > max " + pct(*c.max_mismatch_rate);
            v.failures.push_back(std::move(f));
        }
    }
    if (c.fail_on_expired)
        for (const RuleBurndown& r : rep.rules)
            if (r.expired) {
                VerdictFailure f;
                f.kind = VerdictFailure::Kind::ExpiredRule;
                f.message = "rule " + r.id + " expired on " + r.expires;
                v.failures.push_back(std::move(f));
            }

    v.go = v.failures.empty();
    if (v.go) {
        std::string s = "GO:";
        if (c.check_windows && ws.worst)
            s += " worst " + window + " window " + pct(ws.worst->match_rate) + " >= " + pct(ws.min_match_rate) + " (" +
                 formatSpan(ws.worst->start_ms, ws.worst->end_ms) + ");";
        if (c.check_latency)
            s += " p95 within +" + pct(c.max_p95_regression) + " on " + std::to_string(judgedEndpoints) +
                 " endpoint(s);";
        if (c.check_errors)
            s += " candidate error rate " + pct(rep.candidate_errors.errorRate()) + " vs primary " +
                 pct(rep.primary_errors.errorRate()) + ";";
        if (s.back() == ';') s.pop_back();
        if (!v.warnings.empty()) s += " (" + std::to_string(v.warnings.size()) + " warning(s))";
        v.summary = s;
    } else {
        v.summary = "NO-GO: " + v.failures.front().message;
        if (v.failures.size() > 1) v.summary += " (+" + std::to_string(v.failures.size() - 1) + " more)";
    }
    return v;
}

}  // namespace dt
