// SPDX-License-Identifier: MIT
#include "ui/dashboard.h"

#include <QtCharts/QAreaSeries>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QHorizontalBarSeries>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCursor>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QTimeZone>
#include <QToolTip>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

#include "core/pg/pg_parity.h"
#include "core/rules/rules_match.h"
#include "ui/filterbar.h"
#include "ui/latencyhistogram.h"
#include "ui/outcomestyle.h"

namespace dt {

namespace {

QString pct(double v, int decimals = 2) { return QStringLiteral("%1 %").arg(100 * v, 0, 'f', decimals); }

// A time range filter for bucket `b` (inclusive end).
DashboardFilter bucketFilter(const ParityReport& r, size_t b) {
    DashboardFilter f;
    f.fromMs = r.buckets[b].start_ms;
    f.toMs = r.buckets[b].start_ms + r.bucket_ms - 1;
    return f;
}

const std::pair<const char*, int64_t> kWindows[] = {{"15m", 15 * 60'000},   {"30m", 30 * 60'000},
                                                    {"1h", 3'600'000},      {"6h", 6 * 3'600'000},
                                                    {"1d", 24 * 3'600'000}, {"7d", 7 * 24 * 3'600'000LL}};

}  // namespace

void applyDashboardFilter(FilterBar* bar, const DashboardFilter& f) {
    if (!bar) return;
    bar->endpointBox()->setCurrentText(f.endpoint);
    bar->searchEdit()->setText(f.text);
    const bool time = f.fromMs && f.toMs;
    if (time) {
        bar->fromEdit()->setDateTime(QDateTime::fromMSecsSinceEpoch(*f.fromMs, QTimeZone::utc()));
        bar->toEdit()->setDateTime(QDateTime::fromMSecsSinceEpoch(*f.toMs, QTimeZone::utc()));
    }
    bar->timeBox()->setChecked(time);
}

DashboardView::DashboardView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("dashboard"));
    qRegisterMetaType<dt::DashboardFilter>();
    readCriteria();
    createWidgets();
}

DashboardView::~DashboardView() {
    m_updatingEditors = true;  // editors emit editingFinished when focus leaves them while closing
    m_jobs.stop();
    m_jobs.waitForDone();
}

void DashboardView::createWidgets() {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(4, 4, 4, 4);
    outer->setSpacing(4);

    m_banner = new QLabel(tr("No store loaded."), this);
    m_banner->setObjectName(QStringLiteral("verdictBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setMargin(6);
    outer->addWidget(m_banner);

    // Criteria (saved in QSettings).
    auto* criteria = new QHBoxLayout;
    criteria->setSpacing(6);
    auto addLabel = [&](const QString& text) { criteria->addWidget(new QLabel(text, this)); };
    m_minMatch = new QDoubleSpinBox(this);
    m_minMatch->setObjectName(QStringLiteral("minMatchRate"));
    m_minMatch->setRange(0, 100);
    m_minMatch->setDecimals(3);
    m_minMatch->setSuffix(QStringLiteral(" %"));
    m_window = new QComboBox(this);
    m_window->setObjectName(QStringLiteral("window"));
    for (const auto& [name, ms] : kWindows)
        m_window->addItem(QString::fromLatin1(name), QVariant::fromValue<qlonglong>(ms));
    m_minRecords = new QSpinBox(this);
    m_minRecords->setObjectName(QStringLiteral("minWindowRecords"));
    m_minRecords->setRange(0, 100'000'000);
    m_p95 = new QDoubleSpinBox(this);
    m_p95->setObjectName(QStringLiteral("maxP95Regression"));
    m_p95->setRange(0, 1000);
    m_p95->setSuffix(QStringLiteral(" %"));
    m_errors = new QDoubleSpinBox(this);
    m_errors->setObjectName(QStringLiteral("maxErrorRateIncrease"));
    m_errors->setRange(0, 100);
    m_errors->setDecimals(3);
    m_errors->setSuffix(QStringLiteral(" %"));
    addLabel(tr("Match rate ≥"));
    criteria->addWidget(m_minMatch);
    addLabel(tr("in every"));
    criteria->addWidget(m_window);
    addLabel(tr("window with ≥"));
    criteria->addWidget(m_minRecords);
    addLabel(tr("comparisons · candidate p95 ≤ primary +"));
    criteria->addWidget(m_p95);
    addLabel(tr("· error rate ≤ primary +"));
    criteria->addWidget(m_errors);
    criteria->addStretch(1);
    outer->addLayout(criteria);

    m_cards = new QWidget(this);
    m_cards->setObjectName(QStringLiteral("parityCards"));
    new QHBoxLayout(m_cards);
    m_cards->layout()->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_cards);
    m_filterLabel = new QLabel(this);
    m_filterLabel->setObjectName(QStringLiteral("dashboardFilter"));
    m_filterLabel->hide();
    outer->addWidget(m_filterLabel);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll);
    auto* grid = new QGridLayout(content);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    addChart(QStringLiteral("time"), grid, 0, 0, 2)->setMinimumHeight(300);
    addChart(QStringLiteral("endpoints"), grid, 1, 0)->setMinimumHeight(300);
    m_topGroups = new QTreeWidget(content);
    m_topGroups->setObjectName(QStringLiteral("topGroups"));
    m_topGroups->setRootIsDecorated(false);
    m_topGroups->setHeaderLabels({tr("Top groups"), tr("Weighted"), tr("Share"), tr("Endpoint")});
    m_topGroups->setToolTip(tr("Double-click a group to filter the groups table to it"));
    grid->addWidget(m_topGroups, 1, 1);
    addChart(QStringLiteral("latency"), grid, 2, 0, 2)->setMinimumHeight(520);
    addChart(QStringLiteral("errors"), grid, 3, 0)->setMinimumHeight(240);
    addChart(QStringLiteral("kinds"), grid, 3, 1)->setMinimumHeight(240);
    addChart(QStringLiteral("signatures"), grid, 4, 0)->setMinimumHeight(220);
    addChart(QStringLiteral("burndown"), grid, 4, 1)->setMinimumHeight(220);
    m_rules = new QTreeWidget(content);
    m_rules->setObjectName(QStringLiteral("rulesBurndown"));
    m_rules->setRootIsDecorated(false);
    m_rules->setHeaderLabels({tr("Rule"), tr("Created"), tr("Expires"), tr("Absorbs"), tr("Share")});
    m_rules->setMinimumHeight(120);
    grid->addWidget(m_rules, 5, 0, 1, 2);
    m_histogram = new LatencyHistogram(content);
    grid->addWidget(m_histogram, 6, 0, 1, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);

    connect(m_topGroups, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        DashboardFilter f;
        f.text = item->text(0);
        emit filterRequested(f);
    });

    m_exportAction = new QAction(tr("Export Chart…"), this);
    m_exportAction->setObjectName(QStringLiteral("exportChart"));
    m_exportAction->setEnabled(false);
    connect(m_exportAction, &QAction::triggered, this, &DashboardView::onExport);

    m_updatingEditors = true;
    setCriteria(m_options, m_criteria);
    m_updatingEditors = false;
    auto changed = [this] {
        if (m_updatingEditors) return;
        const ParityOptions before = m_options;
        const VerdictCriteria criteriaBefore = m_criteria;
        m_options.min_match_rate = m_minMatch->value() / 100;
        m_options.window_ms = m_window->currentData().toLongLong();
        m_options.min_window_weight = m_minRecords->value();
        m_criteria.max_p95_regression = m_p95->value() / 100;
        m_criteria.max_error_rate_increase = m_errors->value() / 100;
        if (before.min_match_rate == m_options.min_match_rate && before.window_ms == m_options.window_ms &&
            before.min_window_weight == m_options.min_window_weight &&
            criteriaBefore.max_p95_regression == m_criteria.max_p95_regression &&
            criteriaBefore.max_error_rate_increase == m_criteria.max_error_rate_increase)
            return;  // focus left an editor without a change
        if (m_criteriaInSettings) saveCriteria();
        recompute();
        emit criteriaEdited();
    };
    for (QDoubleSpinBox* box : {m_minMatch, m_p95, m_errors})
        connect(box, &QDoubleSpinBox::editingFinished, this, changed);
    connect(m_minRecords, &QSpinBox::editingFinished, this, changed);
    connect(m_window, &QComboBox::currentIndexChanged, this, changed);
}

void DashboardView::setRecordFilter(const FilterSpec& spec) {
    if (spec == m_filter) return;
    m_filter = spec;
    if (m_analysis) recompute();
}

bool DashboardView::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::MouseButtonRelease && watched->property("outcome").isValid()) {
        emit outcomeRequested(Outcome(watched->property("outcome").toInt()));
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

QChartView* DashboardView::addChart(const QString& name, QGridLayout* grid, int row, int column, int columnSpan) {
    auto* view = new QChartView(grid->parentWidget());
    view->setObjectName(name + QStringLiteral("Chart"));
    view->setRenderHint(QPainter::Antialiasing);
    grid->addWidget(view, row, column, 1, columnSpan);
    m_views.emplace_back(name, view);
    return view;
}

void DashboardView::ensureCharts() {
    if (!m_chartsStale || !m_data) return;
    m_chartsStale = false;
    rebuildCharts();
    m_histogram->setData(m_data);
}

void DashboardView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    ensureCharts();
}

LatencyHistogram* DashboardView::histogram() const {
    const_cast<DashboardView*>(this)->ensureCharts();
    return m_histogram;
}

QChart* DashboardView::chart(const QString& name) const {
    const_cast<DashboardView*>(this)->ensureCharts();  // built on demand while hidden
    for (const auto& [n, view] : m_views)
        if (n == name) return view->chart();
    return nullptr;
}

void DashboardView::setCriteria(const ParityOptions& options, const VerdictCriteria& criteria) {
    m_options = options;
    m_criteria = criteria;
    const bool was = m_updatingEditors;
    m_updatingEditors = true;
    m_minMatch->setValue(100 * options.min_match_rate);
    int windowIndex = -1;
    for (int i = 0; i < m_window->count(); ++i)
        if (m_window->itemData(i).toLongLong() == options.window_ms) windowIndex = i;
    if (windowIndex < 0) {
        m_window->addItem(QString::fromStdString(formatDuration(options.window_ms)),
                          QVariant::fromValue<qlonglong>(options.window_ms));
        windowIndex = m_window->count() - 1;
    }
    m_window->setCurrentIndex(windowIndex);
    m_minRecords->setValue(int(std::min(options.min_window_weight, 1e8)));
    m_p95->setValue(100 * criteria.max_p95_regression);
    m_errors->setValue(100 * criteria.max_error_rate_increase);
    m_updatingEditors = was;
    if (!was) recompute();
}

void DashboardView::readCriteria() {
    QSettings s;
    s.beginGroup(QStringLiteral("dashboard"));
    m_options.min_match_rate = s.value(QStringLiteral("minMatchRate"), m_options.min_match_rate).toDouble();
    m_options.window_ms = s.value(QStringLiteral("windowMs"), qlonglong(m_options.window_ms)).toLongLong();
    m_options.min_window_weight = s.value(QStringLiteral("minWindowRecords"), m_options.min_window_weight).toDouble();
    m_criteria.max_p95_regression =
        s.value(QStringLiteral("maxP95Regression"), m_criteria.max_p95_regression).toDouble();
    m_criteria.max_error_rate_increase =
        s.value(QStringLiteral("maxErrorRateIncrease"), m_criteria.max_error_rate_increase).toDouble();
    if (m_options.window_ms <= 0) m_options.window_ms = 3'600'000;
}

void DashboardView::saveCriteria() const {
    QSettings s;
    s.beginGroup(QStringLiteral("dashboard"));
    s.setValue(QStringLiteral("minMatchRate"), m_options.min_match_rate);
    s.setValue(QStringLiteral("windowMs"), qlonglong(m_options.window_ms));
    s.setValue(QStringLiteral("minWindowRecords"), m_options.min_window_weight);
    s.setValue(QStringLiteral("maxP95Regression"), m_criteria.max_p95_regression);
    s.setValue(QStringLiteral("maxErrorRateIncrease"), m_criteria.max_error_rate_increase);
}

void DashboardView::setIndexSource(const QString& storeUri, const QString& schema) {
    m_indexUri = schema.isEmpty() ? QString() : storeUri;
    m_indexSchema = m_indexUri.isEmpty() ? QString() : schema;
}

void DashboardView::setAnalysis(std::shared_ptr<const Analysis> analysis) {
    m_analysis = std::move(analysis);
    recompute();
}

void DashboardView::recompute() {
    if (!m_analysis) {
        m_jobs.stop();
        m_data.reset();
        m_banner->setText(tr("No store loaded."));
        m_exportAction->setEnabled(false);
        return;
    }
    auto input = std::make_shared<DashboardData>();
    input->analysis = m_analysis;
    input->options = m_options;
    input->options.rules = dynamic_cast<const RuleSet*>(m_analysis->rules());
    input->criteria = m_criteria;
    const FilterSpec filter = m_filter;
    if (!m_banner->text().endsWith(tr("(computing…)"))) m_banner->setText(m_banner->text() + tr("  (computing…)"));
    // The index's summary: no records in memory, the server computes the series.
    const bool pushdown = !m_indexUri.isEmpty() && m_analysis->records().empty();
    const std::string uri = m_indexUri.toStdString(), schema = m_indexSchema.toStdString();
    m_jobs.start(
        this,
        [input, filter, pushdown, uri, schema](JobContext& ctx) {
            if (pushdown) {
                input->indexSchema = QString::fromStdString(schema);
                std::string error;
                auto got =
                    pg::parityFromIndex(uri, schema, *input->analysis, input->options, filter, ctx.stopFlag(), &error);
                if (!got) {
                    input->indexError = QString::fromStdString(error);
                    input->report = computeParity(*input->analysis, input->options);  // the empty series
                } else {
                    input->filtered = got->filtered;
                    input->indexUnapplied = QString::fromStdString(got->unapplied);
                    input->report = std::move(got->report);
                }
                input->verdict = evaluateVerdict(input->report, input->criteria);
                return input;
            }
            std::optional<std::vector<uint8_t>> mask = recordMask(*input->analysis, filter, ctx.stopFlag());
            if (!mask) return input;  // stopped: dropped by the tracker
            input->filtered = !mask->empty();
            input->options.include = input->filtered ? &*mask : nullptr;
            input->report = computeParity(*input->analysis, input->options);
            input->options.include = nullptr;  // the mask ends with this job
            input->verdict = evaluateVerdict(input->report, input->criteria);
            return input;
        },
        [this](std::shared_ptr<DashboardData> data) { deliver(std::move(data)); });
}

void DashboardView::deliver(std::shared_ptr<DashboardData> data) {
    if (!data || data->analysis != m_analysis) return;
    m_data = std::move(data);
    const Verdict& v = m_data->verdict;
    const bool dark = isDarkPalette(palette());
    const QString bg = v.go ? (dark ? QStringLiteral("#1f5f2f") : QStringLiteral("#d7f5dc"))
                            : (dark ? QStringLiteral("#6b1f1f") : QStringLiteral("#fadcdc"));
    const QString fg =
        dark ? QStringLiteral("#ffffff") : (v.go ? QStringLiteral("#0b4d1a") : QStringLiteral("#7a0c0c"));
    m_banner->setStyleSheet(
        QStringLiteral("QLabel#verdictBanner { background: %1; color: %2; border-radius: 4px; }").arg(bg, fg));
    QString text =
        QStringLiteral("<b style='font-size:16pt'>%1</b>&nbsp;&nbsp;%2")
            .arg(v.go ? tr("GO") : tr("NO-GO"),
                 QString::fromStdString(v.summary.substr(v.summary.find(':') + 1)).trimmed().toHtmlEscaped());
    if (!v.warnings.empty())
        text += tr("<br><small>⚠ %1</small>")
                    .arg(QString::fromStdString(v.warnings.front()).toHtmlEscaped() +
                         (v.warnings.size() > 1 ? tr(" (+%1 more)").arg(v.warnings.size() - 1) : QString()));
    m_banner->setText(text);
    QStringList tips;
    for (const VerdictFailure& f : v.failures) tips << QStringLiteral("FAILED: ") + QString::fromStdString(f.message);
    for (const std::string& w : v.warnings) tips << QStringLiteral("warning: ") + QString::fromStdString(w);
    m_banner->setToolTip(tips.join(QLatin1Char('\n')));
    updateCards();
    // Charts are built on the GUI thread (Qt Charts): while the tab is hidden, not before it is shown
    // or a chart is asked for (a hidden dashboard costs nothing when figures change).
    m_chartsStale = true;
    if (isVisible()) ensureCharts();
    QStringList notes;
    if (m_data->filtered)
        notes << tr("Following the triage filter: %1 of %2 records (endpoint, status, id, time and tag criteria)")
                     .arg(QLocale().toString(qulonglong(m_data->report.total.records)),
                          QLocale().toString(qulonglong(m_data->report.records)));
    if (!m_data->indexSchema.isEmpty()) {
        if (!m_data->indexError.isEmpty())
            notes << tr("Not computed from index %1: %2 (shown when the records are read)")
                         .arg(m_data->indexSchema, m_data->indexError);
        else
            notes << tr("Computed by the server from index %1 while its records are read").arg(m_data->indexSchema);
        if (!m_data->indexUnapplied.isEmpty()) notes << tr("filter not applied: %1").arg(m_data->indexUnapplied);
    }
    m_filterLabel->setVisible(!notes.isEmpty());
    m_filterLabel->setText(notes.join(QStringLiteral(" · ")));
    m_exportAction->setEnabled(true);
    emit computed();
}

void DashboardView::updateCards() {
    QLayout* layout = m_cards->layout();
    while (QLayoutItem* item = layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const ParityReport& r = m_data->report;
    const QLocale locale;
    // Trend: the first quarter of the buckets against the last quarter.
    auto trend = [&](auto value) -> QString {
        const size_t n = r.buckets.size();
        if (n < 4) return QString();
        OutcomeWeights head, tail;
        for (size_t b = 0; b < n / 4; ++b) head.add(r.buckets[b].outcomes);
        for (size_t b = n - n / 4; b < n; ++b) tail.add(r.buckets[b].outcomes);
        return tr("start %1 → end %2").arg(value(head), value(tail));
    };
    auto share = [](Outcome o) {
        return [o](const OutcomeWeights& w) {
            const double all = w.comparable() + w.of(Outcome::Drift);
            return pct(all > 0 ? w.of(o) / all : 0);
        };
    };
    auto addCard = [&](const QString& name, const QString& title, const QString& value, const QString& sub,
                       QColor color) {
        auto* card = new QFrame(m_cards);
        card->setObjectName(name);
        card->setFrameShape(QFrame::StyledPanel);
        auto* l = new QVBoxLayout(card);
        l->setContentsMargins(8, 4, 8, 4);
        l->setSpacing(0);
        auto* t = new QLabel(title, card);
        auto* v =
            new QLabel(QStringLiteral("<b style='font-size:14pt; color:%1'>%2</b>").arg(color.name(), value), card);
        v->setObjectName(QStringLiteral("value"));
        auto* s = new QLabel(QStringLiteral("<small>%1</small>").arg(sub), card);
        l->addWidget(t);
        l->addWidget(v);
        l->addWidget(s);
        layout->addWidget(card);
    };
    const QPalette pal = palette();
    const QColor text = pal.text().color();
    addCard(QStringLiteral("cardMatchRate"), tr("Match rate (weighted)"), pct(r.total.matchRate(), 3),
            trend([](const OutcomeWeights& w) { return pct(w.matchRate(), 3); }),
            r.total.matchRate() >= m_data->options.min_match_rate ? outcomeColor(Outcome::Match, pal)
                                                                  : outcomeColor(Outcome::Mismatch, pal));
    const Outcome kinds[] = {Outcome::Mismatch, Outcome::Allowed, Outcome::Noise, Outcome::Drift};
    for (Outcome o : kinds) {
        addCard(QStringLiteral("card") + outcomeLabel(o), outcomeLabel(o), locale.toString(r.total.of(o), 'f', 0),
                trend(share(o)), outcomeColor(o, pal));
        QWidget* card = layout->itemAt(layout->count() - 1)->widget();
        card->setProperty("outcome", int(o));  // clickable: eventFilter()
        card->installEventFilter(this);
        card->setCursor(Qt::PointingHandCursor);
        card->setToolTip(tr("Click to show the %1 records").arg(outcomeLabel(o).toLower()));
    }
    const double candErr = r.candidate_errors.errors(), primErr = r.primary_errors.errors();
    addCard(QStringLiteral("cardCandidateErrors"), tr("Candidate errors (5xx + no answer)"),
            locale.toString(candErr, 'f', 0),
            tr("primary %1 · %2 vs %3")
                .arg(locale.toString(primErr, 'f', 0), pct(r.candidate_errors.errorRate()),
                     pct(r.primary_errors.errorRate())),
            candErr > primErr ? outcomeColor(Outcome::Mismatch, pal) : text);
    const double p = r.primary_latency.p95, c = r.candidate_latency.p95;
    const double delta = p > 0 ? c / p - 1 : 0;
    addCard(QStringLiteral("cardLatency"), tr("Latency p95 Δ (all endpoints)"),
            QStringLiteral("%1%2 %").arg(delta >= 0 ? QStringLiteral("+") : QString()).arg(100 * delta, 0, 'f', 1),
            tr("primary %1 ms · candidate %2 ms").arg(p, 0, 'f', 1).arg(c, 0, 'f', 1),
            delta > m_data->criteria.max_p95_regression ? outcomeColor(Outcome::Mismatch, pal) : text);
}

void DashboardView::rebuildCharts() {
    const DashboardData& d = *m_data;
    const QPalette pal = palette();
    for (auto& [name, view] : m_views) {
        QChart* chart = nullptr;
        if (name == QLatin1String("time"))
            chart = makeTimeChart(d, pal);
        else if (name == QLatin1String("endpoints"))
            chart = makeEndpointChart(d, pal);
        else if (name == QLatin1String("latency"))
            chart = makeLatencyChart(d, pal);
        else if (name == QLatin1String("errors"))
            chart = makeErrorChart(d, pal);
        else if (name == QLatin1String("kinds"))
            chart = makeDifferenceChart(d, pal);
        else if (name == QLatin1String("signatures"))
            chart = makeSignaturesChart(d, pal);
        else if (name == QLatin1String("burndown"))
            chart = makeBurndownChart(d, pal);
        if (!chart) continue;
        QChart* old = view->chart();
        view->setChart(chart);  // the view owns the new chart
        delete old;
    }
    // Clicks filter the groups table.
    const ParityReport& r = d.report;
    QChart* endpoints = chart(QStringLiteral("endpoints"));
    if (auto* bars = endpoints && !endpoints->series().isEmpty()
                         ? qobject_cast<QAbstractBarSeries*>(endpoints->series().front())
                         : nullptr) {
        connect(bars, &QAbstractBarSeries::clicked, this, [this](int index, QBarSet*) {
            if (!m_data || index < 0 || size_t(index) >= m_data->report.endpoints.size()) return;
            DashboardFilter f;
            f.endpoint = QString::fromStdString(m_data->report.endpoints[size_t(index)].endpoint);
            m_histogram->setEndpoint(f.endpoint);
            emit filterRequested(f);
        });
    }
    if (QChart* time = chart(QStringLiteral("time"))) {
        for (QAbstractSeries* s : time->series())
            if (auto* area = qobject_cast<QAreaSeries*>(s); area && area->objectName() != QLatin1String("worst window"))
                connect(area, &QAreaSeries::clicked, this, [this](const QPointF& point) {
                    if (!m_data || m_data->report.buckets.empty()) return;
                    const ParityReport& rep = m_data->report;
                    const int64_t b = (int64_t(point.x()) - rep.buckets.front().start_ms) / rep.bucket_ms;
                    if (b >= 0 && size_t(b) < rep.buckets.size()) emit filterRequested(bucketFilter(rep, size_t(b)));
                });
    }
    // Hovering a bar shows its exact value.
    for (const auto& [name, view] : m_views) {
        for (QAbstractSeries* s : view->chart()->series()) {
            auto* bars = qobject_cast<QAbstractBarSeries*>(s);
            if (!bars) continue;
            QStringList cats;
            for (QAbstractAxis* axis : bars->attachedAxes())
                if (auto* ca = qobject_cast<QBarCategoryAxis*>(axis)) cats = ca->categories();
            for (QBarSet* set : bars->barSets())
                connect(set, &QBarSet::hovered, this, [set, cats](bool on, int index) {
                    if (!on) {
                        QToolTip::hideText();
                        return;
                    }
                    QToolTip::showText(QCursor::pos(),
                                       QStringLiteral("%1 · %2: %3")
                                           .arg(index < cats.size() ? cats[index] : QString(), set->label())
                                           .arg(set->at(index), 0, 'g', 6));
                });
        }
    }
    // Top groups and the rules list.
    const QLocale locale;
    m_topGroups->clear();
    const double comparable = r.total.comparable();
    for (size_t i = 0; i < r.top_groups.size(); ++i) {
        const Group& group = d.analysis->groups()[r.top_groups[i]];
        const double weighted = i < r.top_group_weights.size() ? r.top_group_weights[i] : group.weighted;
        auto* item = new QTreeWidgetItem(m_topGroups);
        item->setText(0, QString::fromStdString(group.signature));
        item->setText(1, locale.toString(weighted, 'f', 0));
        item->setText(2, pct(comparable > 0 ? weighted / comparable : 0, 3));
        item->setText(
            3, QString::fromStdString(group.endpoint == kNone ? std::string() : d.analysis->endpoint(group.endpoint)));
    }
    m_topGroups->resizeColumnToContents(0);
    m_rules->clear();
    for (const RuleBurndown& rule : r.rules) {
        auto* item = new QTreeWidgetItem(m_rules);
        item->setText(0, QString::fromStdString(rule.id + (rule.title.empty() ? "" : " " + rule.title)));
        item->setText(1, QString::fromStdString(rule.created));
        item->setText(2, QString::fromStdString(rule.expires) + (rule.expired ? tr(" (expired)") : QString()));
        item->setText(3, locale.toString(rule.weighted, 'f', 0));
        item->setText(4, pct(rule.share, 3));
        if (rule.expired) item->setForeground(2, QColor(200, 40, 40));
    }
    if (r.rules.empty()) {
        auto* item = new QTreeWidgetItem(m_rules);
        item->setText(0, tr("No rules applied: nothing to burn down"));
    }
}

bool DashboardView::exportChart(const QString& name, const QString& base) const {
    const_cast<DashboardView*>(this)->ensureCharts();
    QChartView* view = nullptr;
    for (const auto& [n, v] : m_views)
        if (n == name) view = v;
    if (!view || !view->chart()) return false;
    const QPixmap pixmap = view->grab();
    if (!pixmap.save(base + QStringLiteral(".png"), "PNG")) return false;
    QFile csv(base + QStringLiteral(".csv"));
    if (!csv.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    return csv.write(chartCsv(view->chart()).toUtf8()) >= 0;
}

void DashboardView::onExport() {
    const QString base = QFileDialog::getSaveFileName(this, tr("Export Chart (PNG + CSV)"), QStringLiteral("parity"),
                                                      tr("PNG image (*.png)"));
    if (base.isEmpty()) return;
    QString stem = base;
    if (stem.endsWith(QStringLiteral(".png"), Qt::CaseInsensitive)) stem.chop(4);
    for (const auto& [name, view] : m_views) exportChart(name, stem + QLatin1Char('-') + name);
}

}  // namespace dt
