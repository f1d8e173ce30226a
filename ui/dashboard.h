// SPDX-License-Identifier: MIT
#pragma once
// The parity dashboard tab (docs/dashboard.md): a GO / NO-GO banner, parity cards, and charts of
// the non-matching share over time (stacked, threshold line, worst window shaded), mismatch rate
// per endpoint, latency p50/p95/p99 per endpoint, error parity, mismatches by kind, new
// signatures over time and the allowances burndown. The series are computed off the GUI thread
// (core/parity through a JobTracker: the newest computation wins) whenever the analysis or a
// criterion changes; criteria are kept in the store's workspace (QSettings without one). Clicking a bar or a bucket
// asks the triage view to filter the groups to it (filterRequested).
#include <QString>
#include <QWidget>

#include <memory>
#include <optional>

#include "core/present/record_filter.h"
#include "ui/dashboardcharts.h"
#include "ui/jobtracker.h"

class QAction;
class QChart;
class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QSpinBox;
class QTreeWidget;

namespace dt {

class FilterBar;
class LatencyHistogram;

// What a click on the dashboard filters the groups to.
struct DashboardFilter {
    QString endpoint;                    // endpoint template ("" = any)
    std::optional<qint64> fromMs, toMs;  // time range (inclusive)
    QString text;                        // free text (a signature)
};
// Puts a DashboardFilter into the filter bar's editors (the bar then applies it as typed).
void applyDashboardFilter(FilterBar* bar, const DashboardFilter& filter);

class DashboardView : public QWidget {
    Q_OBJECT
public:
    explicit DashboardView(QWidget* parent = nullptr);
    ~DashboardView() override;

    // Recomputes for this analysis (null: clears). Rules for the burndown are the analysis' own
    // when they are a RuleSet.
    void setAnalysis(std::shared_ptr<const Analysis> analysis);
    void setCriteria(const ParityOptions& options, const VerdictCriteria& criteria);
    const ParityOptions& parityOptions() const { return m_options; }
    const VerdictCriteria& verdictCriteria() const { return m_criteria; }
    // Edited criteria go to QSettings (default) or only to criteriaEdited() (a workspace keeps them).
    void setCriteriaInSettings(bool on) { m_criteriaInSettings = on; }
    // The last delivered computation (null before the first one).
    const DashboardData* data() const { return m_data.get(); }
    bool isComputing() const { return m_jobs.isRunning(); }

    QLabel* banner() const { return m_banner; }
    // Charts by name: "time", "endpoints", "latency", "errors", "kinds", "signatures", "burndown".
    // Charts are built when the dashboard is shown; asking for one builds them (also while hidden).
    QChart* chart(const QString& name) const;
    QAction* exportAction() const { return m_exportAction; }
    // The charts follow the triage filter: its endpoint and record criteria (status, id, time,
    // tags) select the records counted (core recordMask); group-level criteria are not applied.
    void setRecordFilter(const dt::FilterSpec& spec);
    // An indexed PostgreSQL store (core/pg/pg_parity.h): while the analysis has no records yet (the
    // index's summary), the series are computed by SQL on the server from the index in `schema`.
    // Empty strings: none.
    void setIndexSource(const QString& storeUri, const QString& schema);
    const FilterSpec& recordFilter() const { return m_filter; }
    LatencyHistogram* histogram() const;  // its chart built (see chart())
    // Writes chart `name` as PNG (`base`.png) and CSV (`base`.csv). False on a write error.
    bool exportChart(const QString& name, const QString& base) const;

signals:
    void computed();
    void filterRequested(const dt::DashboardFilter& filter);
    void criteriaEdited();  // the user changed a criterion in the editors
    // An outcome card was clicked (Mismatch, Allowed, Noise, Drift).
    void outcomeRequested(dt::Outcome outcome);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void createWidgets();
    void recompute();
    void deliver(std::shared_ptr<DashboardData> data);
    void rebuildCharts();
    void ensureCharts();  // rebuilds the charts when figures arrived since they were built
    void updateCards();
    void onExport();
    void readCriteria();
    void saveCriteria() const;
    QChartView* addChart(const QString& name, QGridLayout* grid, int row, int column, int columnSpan = 1);

    std::shared_ptr<const Analysis> m_analysis;
    std::shared_ptr<const DashboardData> m_data;
    JobTracker m_jobs;
    ParityOptions m_options;
    VerdictCriteria m_criteria;
    bool m_updatingEditors = false;
    bool m_criteriaInSettings = true;
    bool m_chartsStale = false;  // figures arrived while hidden: charts not built yet

    QLabel* m_banner = nullptr;
    QLabel* m_warnings = nullptr;
    QWidget* m_cards = nullptr;
    QDoubleSpinBox* m_minMatch = nullptr;
    QComboBox* m_window = nullptr;
    QSpinBox* m_minRecords = nullptr;
    QDoubleSpinBox* m_p95 = nullptr;
    QDoubleSpinBox* m_errors = nullptr;
    QTreeWidget* m_topGroups = nullptr;
    QTreeWidget* m_rules = nullptr;
    std::vector<std::pair<QString, QChartView*>> m_views;
    QAction* m_exportAction = nullptr;
    FilterSpec m_filter;
    QString m_indexUri, m_indexSchema;
    QLabel* m_filterLabel = nullptr;
    LatencyHistogram* m_histogram = nullptr;
};

}  // namespace dt

Q_DECLARE_METATYPE(dt::DashboardFilter)
