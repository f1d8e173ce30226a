// SPDX-License-Identifier: MIT
// Durations, automatic bucket sizes and the sliding worst-window search (parity.h).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "core/parity/parity.h"
#include "core/parity/parity_internal.h"

namespace dt {

namespace {

constexpr int64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute, kDay = 24 * kHour;
constexpr int64_t kLadder[] = {kSecond,     5 * kSecond,  10 * kSecond, 30 * kSecond, kMinute,
                               5 * kMinute, 10 * kMinute, 15 * kMinute, 30 * kMinute, kHour,
                               3 * kHour,   6 * kHour,    12 * kHour,   kDay,         7 * kDay};

// Steps per window: the sliding search starts a window every window/k; the largest k of these
// that divides the window exactly.
constexpr int64_t kStepsPerWindow[] = {12, 10, 6, 5, 4, 3, 2, 1};
// Upper bound on the number of steps (memory: ~56 bytes per step).
constexpr int64_t kMaxSteps = 1'000'000;

enum class WindowState { Empty, Skipped, Passing, Failing };

}  // namespace

int64_t floorDiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

int64_t autoBucketMs(int64_t spanMs, size_t maxBuckets) {
    if (maxBuckets == 0) maxBuckets = 1;
    for (int64_t b : kLadder)
        if (spanMs / b + 1 <= static_cast<int64_t>(maxBuckets)) return b;
    return 7 * kDay;
}

std::string formatDuration(int64_t ms) {
    if (ms <= 0) return "0s";
    if (ms % kSecond) return std::to_string(ms) + "ms";
    if (ms % (7 * kDay) == 0) return std::to_string(ms / (7 * kDay)) + "w";
    if (ms % kDay == 0) return std::to_string(ms / kDay) + "d";
    if (ms % kHour == 0) return std::to_string(ms / kHour) + "h";
    if (ms % kMinute == 0) return std::to_string(ms / kMinute) + "m";
    return std::to_string(ms / kSecond) + "s";
}

std::optional<int64_t> parseDuration(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    size_t digits = 0;
    while (digits < text.size() && (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.'))
        ++digits;
    if (digits == 0) return std::nullopt;
    double value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + digits, value);
    if (ec != std::errc() || ptr != text.data() + digits) return std::nullopt;
    const std::string_view unit = text.substr(digits);
    double scale = 0;
    if (unit.empty() || unit == "s" || unit == "sec")
        scale = kSecond;
    else if (unit == "ms")
        scale = 1;
    else if (unit == "m" || unit == "min")
        scale = kMinute;
    else if (unit == "h")
        scale = kHour;
    else if (unit == "d")
        scale = kDay;
    else if (unit == "w")
        scale = 7 * kDay;
    else
        return std::nullopt;
    const double ms = value * scale;
    if (!(ms >= 1) || ms > 1e15) return std::nullopt;
    return static_cast<int64_t>(std::llround(ms));
}

StepGrid makeStepGrid(int64_t firstMs, int64_t lastMs, int64_t windowMs) {
    StepGrid g;
    windowMs = std::max<int64_t>(windowMs, 1);
    const int64_t span = std::max<int64_t>(lastMs - firstMs, 0);
    // A window so short that the steps would not fit in memory is widened (reported by the caller).
    if (span / windowMs + 2 > kMaxSteps) windowMs = span / (kMaxSteps - 2) + 1;
    g.window_ms = windowMs;
    int64_t k = 1;
    for (int64_t c : kStepsPerWindow)
        if (windowMs % c == 0 && span / (windowMs / c) + 2 <= kMaxSteps) {
            k = c;
            break;
        }
    g.steps_per_window = k;
    g.step_ms = windowMs / k;
    g.first_step = floorDiv(firstMs, g.step_ms);
    g.count = static_cast<size_t>(floorDiv(lastMs, g.step_ms) - g.first_step + 1);
    return g;
}

WindowSearch searchWindows(const StepGrid& grid, const std::vector<OutcomeWeights>& steps, double minWeight,
                           double minMatchRate) {
    WindowSearch s;
    s.window_ms = grid.window_ms;
    s.step_ms = grid.step_ms;
    s.min_match_rate = minMatchRate;
    s.min_window_weight = minWeight;
    if (steps.empty()) return s;
    const size_t k = static_cast<size_t>(grid.steps_per_window);
    s.shorter_than_window = steps.size() < k;
    const size_t windows = s.shorter_than_window ? 1 : steps.size() - k + 1;
    s.windows = windows;

    WindowState runState = WindowState::Passing;
    WindowRun run;
    auto closeRun = [&] {
        if (run.windows == 0) return;
        if (runState == WindowState::Failing)
            s.failing.push_back(run);
        else if (runState == WindowState::Skipped)
            s.skipped.push_back(run);
        else if (runState == WindowState::Empty)
            s.empty.push_back(run);
        run = WindowRun{};
    };
    for (size_t w = 0; w < windows; ++w) {
        OutcomeWeights sum;
        const size_t end = std::min(w + k, steps.size());
        for (size_t i = w; i < end; ++i) sum.add(steps[i]);
        ParityWindow win;
        win.start_ms = (grid.first_step + static_cast<int64_t>(w)) * grid.step_ms;
        win.end_ms = win.start_ms + grid.window_ms;
        win.records = sum.records;
        win.comparable = sum.comparable();
        win.mismatches = sum.of(Outcome::Mismatch);
        win.match_rate = sum.matchRate();
        WindowState state;
        if (sum.records == 0)
            state = WindowState::Empty;
        else if (win.comparable < minWeight || win.comparable <= 0)
            state = WindowState::Skipped;
        else
            state = win.match_rate < minMatchRate ? WindowState::Failing : WindowState::Passing;
        if (state == WindowState::Passing || state == WindowState::Failing) {
            ++s.evaluated;
            if (!s.worst || win.match_rate < s.worst->match_rate) s.worst = win;
        }
        if (state != runState) {
            closeRun();
            runState = state;
        }
        if (run.windows == 0) {
            run.start_ms = win.start_ms;
            run.worst = win;
        } else if (win.match_rate < run.worst.match_rate) {
            run.worst = win;
        }
        run.end_ms = win.end_ms;
        ++run.windows;
    }
    closeRun();
    // Worst failing runs first.
    std::stable_sort(s.failing.begin(), s.failing.end(),
                     [](const WindowRun& a, const WindowRun& b) { return a.worst.match_rate < b.worst.match_rate; });
    return s;
}

}  // namespace dt
