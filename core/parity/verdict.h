// SPDX-License-Identifier: MIT
#pragma once
// The go/no-go verdict over a ParityReport (docs/dashboard.md). GO when every criterion holds:
//   window:   the weighted match rate of every sliding window (with >= min_window_weight
//             comparisons) is >= min_match_rate (both ParityOptions, applied by computeParity);
//   latency:  per endpoint with >= min_window_weight latency samples on both sides, candidate p95
//             <= primary p95 * (1 + max_p95_regression);
//   errors:   candidate error rate (5xx + no answer) <= primary error rate + max_error_rate_increase;
//   mismatch: (only when max_mismatch_rate is set) the store's weighted mismatch rate <= it;
//   expired:  (only with fail_on_expired) no enabled rule has expired.
// Windows below the minimum, windows without traffic and endpoints without enough latency samples
// never pass silently: they are listed as warnings.
#include <optional>
#include <string>
#include <vector>

#include "core/parity/parity.h"

namespace dt {

// The window threshold and the minimum comparisons are ParityOptions (the report's window search
// already applies them); these are the rest.
struct VerdictCriteria {
    double max_p95_regression = 0.10;
    double max_error_rate_increase = 0.001;
    std::optional<double> max_mismatch_rate;
    bool fail_on_expired = false;
    bool check_windows = true;
    bool check_latency = true;
    bool check_errors = true;
};

struct VerdictFailure {
    enum class Kind { Window, Latency, Errors, MismatchRate, ExpiredRule };
    Kind kind = Kind::Window;
    std::string message;  // one line, e.g. "match rate 98.71% in 2026-11-20T13:00Z–14:00Z < 99.90%"
    // Window: the worst window of a failing run, and the run's span.
    ParityWindow window;
    int64_t run_start_ms = 0, run_end_ms = 0;
    // Latency: the endpoint and both p95s.
    std::string endpoint;
    double primary_p95 = 0, candidate_p95 = 0;
    // Errors / mismatch rate: observed value and limit.
    double value = 0, limit = 0;
};

struct Verdict {
    bool go = true;
    std::vector<VerdictFailure> failures;  // windows first (worst first), then latency, errors, ...
    std::vector<std::string> warnings;     // skipped windows, gaps, endpoints without samples
    std::string summary;                   // "GO: ..." / "NO-GO: ..." in one line
};

Verdict evaluateVerdict(const ParityReport& report, const VerdictCriteria& criteria);

// "2026-11-20T13:00:00Z" without milliseconds when they are zero.
std::string formatParityTime(int64_t ms);
// "2026-11-20T13:00Z–14:00Z"-style span: "START – END" in full ISO form.
std::string formatSpan(int64_t startMs, int64_t endMs);

}  // namespace dt
