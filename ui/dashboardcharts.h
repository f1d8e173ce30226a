// SPDX-License-Identifier: MIT
#pragma once
// The parity dashboard's charts (Qt Charts), built from a computed ParityReport on the GUI thread.
// Each function returns a new QChart the caller owns (a QChartView takes it). Series carry object
// names (listed per function) so tests and the CSV export find them. See docs/dashboard.md.
#include <QPalette>
#include <QString>

#include <memory>

#include "core/parity/parity.h"
#include "core/parity/verdict.h"

class QChart;

namespace dt {

// Everything the dashboard shows, computed off the GUI thread.
struct DashboardData {
    std::shared_ptr<const Analysis> analysis;
    ParityOptions options;
    VerdictCriteria criteria;
    ParityReport report;
    Verdict verdict;
    bool filtered = false;  // computed over the triage filter's records (DashboardView::setRecordFilter)
    // Pushed down to an index (DashboardView::setIndexSource) while its records are not in memory:
    // the schema; with what of the filter could not be applied there, or why the pushdown failed.
    QString indexSchema, indexUnapplied, indexError;
};

// Share of a bucket's weight (all records but invalid) with outcome `o`, in percent.
double bucketPercent(const TimeBucket& bucket, Outcome o);

// Stacked areas "mismatch", "allowed", "noise", "drift" (each a QAreaSeries whose upper series is
// named "<name>.upper": two points per bucket, at its start and end, y = cumulative percent), the
// line "threshold" (100 - min match rate, in percent) and the area "worst window" (shaded).
QChart* makeTimeChart(const DashboardData& d, const QPalette& palette);
// Horizontal bars: set "mismatch rate %" per endpoint (categories = endpoints, report order).
QChart* makeEndpointChart(const DashboardData& d, const QPalette& palette);
// Horizontal bars per endpoint: sets "primary p50", "candidate p50", "primary p95",
// "candidate p95", "primary p99", "candidate p99" (ms).
QChart* makeLatencyChart(const DashboardData& d, const QPalette& palette);
// Bars: categories "4xx", "5xx", "no answer", sets "primary" and "candidate" (weighted, per cent of
// records).
QChart* makeErrorChart(const DashboardData& d, const QPalette& palette);
// Bars: set "mismatches" over "schema", "value", "status", "header", "candidate error" (weighted
// mismatch records having such a difference).
QChart* makeDifferenceChart(const DashboardData& d, const QPalette& palette);
// Line "new signatures" (count per bucket, x = bucket start) with points.
QChart* makeSignaturesChart(const DashboardData& d, const QPalette& palette);
// Lines "active rules" and "expired rules" over the burndown dates (x = date at 00:00 UTC).
QChart* makeBurndownChart(const DashboardData& d, const QPalette& palette);

// The data behind a chart as CSV (header line, then one line per point / category).
QString chartCsv(const QChart* chart);

}  // namespace dt
