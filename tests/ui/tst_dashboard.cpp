// SPDX-License-Identifier: MIT
// The parity dashboard: its chart series hold the numbers core/parity computed, the banner shows
// the verdict (a bad hour is NO-GO naming the hour), clicks filter the groups, and headless
// screenshots of the bundled sample and of a --bad-hour store land in build/dev/screenshots.
#include <QComboBox>
#include <QtCharts/QAreaSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QLineSeries>
#include <QtTest>

#include <QDir>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>

#include <algorithm>
#include <cmath>

#include "core/analysis/analysis.h"
#include "core/parity/parity.h"
#include "ui/dashboard.h"
#include "ui/dashboardcharts.h"
#include "ui/filterbar.h"
#include "ui/latencyhistogram.h"
#include "ui/mainwindow.h"
#include "ui/outcomebrowser.h"
#include "ui/screenshot.h"

using namespace dt;

namespace {

template <typename T>
T* seriesNamed(QChart* chart, const QString& name) {
    for (QAbstractSeries* s : chart->series())
        if (s->objectName() == name) return qobject_cast<T*>(s);
    return nullptr;
}

QBarSet* setNamed(QAbstractBarSeries* series, const QString& name) {
    for (QBarSet* set : series->barSets())
        if (set->objectName() == name) return set;
    return nullptr;
}

bool waitComputed(DashboardView& view) {
    return QTest::qWaitFor([&] { return view.data() && !view.isComputing(); }, 30000);
}

}  // namespace

class TestDashboard : public QObject {
    Q_OBJECT
private:
    std::shared_ptr<const Analysis> m_sample, m_badHour;
    QString m_badHourPath;

private slots:
    void initTestCase() {
        qputenv("TZ", "UTC");
        QCoreApplication::setOrganizationName(QStringLiteral("difftriage-test-dashboard"));
        QSettings().clear();
        std::string error;
        m_sample = Analysis::analyze(DT_SAMPLES "/sample.jsonl", {}, &error);
        QVERIFY2(m_sample, error.c_str());
        m_badHourPath =
            QDir::tempPath() + QStringLiteral("/tst_dashboard_%1.jsonl").arg(QCoreApplication::applicationPid());
        const QString cmd = QStringLiteral(DT_GEN) +
                            QStringLiteral(" --records 48000 --mismatch-rate 0.0002 --bad-hour 13 --jsonl ") +
                            m_badHourPath + QStringLiteral(" >/dev/null 2>&1");
        QCOMPARE(std::system(cmd.toLocal8Bit().constData()), 0);
        m_badHour = Analysis::analyze(m_badHourPath.toStdString(), {}, &error);
        QVERIFY2(m_badHour, error.c_str());
    }
    void cleanupTestCase() { QFile::remove(m_badHourPath); }

    void seriesHoldTheCoreNumbers() {
        DashboardView view;
        view.resize(1400, 1000);
        view.setAnalysis(m_sample);
        QVERIFY(waitComputed(view));
        // The same computation, directly.
        const ParityReport rep = computeParity(*m_sample, view.data()->options);
        QCOMPARE(view.data()->report.buckets.size(), rep.buckets.size());
        QVERIFY(!rep.buckets.empty());

        // Time chart: the mismatch area's upper series holds each bucket's mismatch share, twice.
        QChart* time = view.chart(QStringLiteral("time"));
        QVERIFY(time);
        auto* mismatch = seriesNamed<QAreaSeries>(time, QStringLiteral("mismatch"));
        QVERIFY(mismatch);
        const QList<QPointF> up = mismatch->upperSeries()->points();
        QCOMPARE(up.size(), qsizetype(2 * rep.buckets.size()));
        for (size_t b = 0; b < rep.buckets.size(); ++b) {
            const TimeBucket& bucket = rep.buckets[b];
            const double all = bucket.outcomes.comparable() + bucket.outcomes.of(Outcome::Drift);
            const double expected = all > 0 ? 100 * bucket.outcomes.of(Outcome::Mismatch) / all : 0;
            QCOMPARE(up[qsizetype(2 * b)].x(), qreal(bucket.start_ms));
            QVERIFY(std::fabs(up[qsizetype(2 * b)].y() - expected) < 1e-9);
        }
        // Stacked: noise sits on top of mismatch + allowed.
        auto* noise = seriesNamed<QAreaSeries>(time, QStringLiteral("noise"));
        QVERIFY(noise);
        const double b0 =
            bucketPercent(rep.buckets[0], Outcome::Mismatch) + bucketPercent(rep.buckets[0], Outcome::Allowed);
        QVERIFY(std::fabs(noise->lowerSeries()->points()[0].y() - b0) < 1e-9);
        auto* threshold = seriesNamed<QLineSeries>(time, QStringLiteral("threshold"));
        QVERIFY(threshold);
        QVERIFY(std::fabs(threshold->points()[0].y() - 100 * (1 - rep.windows.min_match_rate)) < 1e-9);
        // The sample spans less than one window: nothing is singled out (the bad-hour case shades it).
        QVERIFY(rep.windows.shorter_than_window);
        QVERIFY(!seriesNamed<QAreaSeries>(time, QStringLiteral("worst window")));

        // Endpoints: one bar per endpoint with its mismatch rate.
        QChart* endpoints = view.chart(QStringLiteral("endpoints"));
        auto* bars = qobject_cast<QAbstractBarSeries*>(endpoints->series().front());
        QVERIFY(bars);
        QBarSet* rate = setNamed(bars, QStringLiteral("mismatch rate %"));
        QVERIFY(rate);
        QCOMPARE(rate->count(), qsizetype(rep.endpoints.size()));
        for (size_t e = 0; e < rep.endpoints.size(); ++e)
            QVERIFY(std::fabs(rate->at(qsizetype(e)) - 100 * rep.endpoints[e].outcomes.mismatchRate()) < 1e-9);

        // Latency: p50 / p95 / p99 of both sides per endpoint.
        auto* latency = qobject_cast<QAbstractBarSeries*>(view.chart(QStringLiteral("latency"))->series().front());
        QVERIFY(latency);
        QCOMPARE(latency->count(), 6);
        for (size_t e = 0; e < rep.endpoints.size(); ++e) {
            QCOMPARE(setNamed(latency, QStringLiteral("primary p95"))->at(qsizetype(e)), rep.endpoints[e].primary.p95);
            QCOMPARE(setNamed(latency, QStringLiteral("candidate p95"))->at(qsizetype(e)),
                     rep.endpoints[e].candidate.p95);
            QCOMPARE(setNamed(latency, QStringLiteral("candidate p50"))->at(qsizetype(e)),
                     rep.endpoints[e].candidate.p50);
            QCOMPARE(setNamed(latency, QStringLiteral("primary p99"))->at(qsizetype(e)), rep.endpoints[e].primary.p99);
        }
        // Errors: candidate "no answer" share.
        auto* errors = qobject_cast<QAbstractBarSeries*>(view.chart(QStringLiteral("errors"))->series().front());
        QVERIFY(errors);
        const double noAnswer = 100 * rep.candidate_errors.failed / rep.candidate_errors.total;
        QVERIFY(std::fabs(setNamed(errors, QStringLiteral("candidate"))->at(2) - noAnswer) < 1e-9);
        QVERIFY(noAnswer > 0);  // the sample has candidate timeouts
        // New signatures: the counts add up to the mismatch groups.
        auto* sigs =
            seriesNamed<QLineSeries>(view.chart(QStringLiteral("signatures")), QStringLiteral("new signatures"));
        QVERIFY(sigs);
        double total = 0;
        for (const QPointF& p : sigs->points()) total += p.y();
        size_t mismatchGroups = 0;
        for (const Group& g : m_sample->groups()) mismatchGroups += g.outcome == Outcome::Mismatch;
        QCOMPARE(total, double(mismatchGroups));

        // The sample (4.5 % mismatches) is NO-GO.
        QVERIFY(view.banner()->text().contains(QStringLiteral("NO-GO")));
        // CSV export holds the same numbers.
        const QString csv = chartCsv(endpoints);
        QVERIFY(csv.startsWith(QStringLiteral("category,mismatch rate %")));
        QCOMPARE(csv.count(QLatin1Char('\n')), qsizetype(rep.endpoints.size() + 1));
    }

    void badHourBannerAndCriteria() {
        DashboardView view;
        view.resize(1400, 1000);
        view.setAnalysis(m_badHour);
        QVERIFY(waitComputed(view));
        const Verdict& v = view.data()->verdict;
        QVERIFY(!v.go);
        QCOMPARE(v.failures.front().window.start_ms, qint64(1795215600000));  // 2026-11-20T23:00Z
        QVERIFY2(view.banner()->text().contains(QStringLiteral("2026-11-20T23:00:00Z")),
                 qPrintable(view.banner()->text()));
        auto* worst = seriesNamed<QAreaSeries>(view.chart(QStringLiteral("time")), QStringLiteral("worst window"));
        QVERIFY(worst);
        QCOMPARE(worst->upperSeries()->points().front().x(), qreal(1795215600000));
        QCOMPARE(worst->upperSeries()->points().back().x(), qreal(1795215600000 + 3600000));

        // A one-day window judges the whole day at once: GO (recomputed off the GUI thread).
        ParityOptions o = view.data()->options;
        o.window_ms = 24 * 3'600'000;
        view.setCriteria(o, view.data()->criteria);
        QVERIFY(QTest::qWaitFor([&] { return view.data() && view.data()->options.window_ms == o.window_ms; }, 30000));
        QVERIFY(view.data()->verdict.go);
        QVERIFY(view.banner()->text().contains(QStringLiteral("GO")));
        QVERIFY(!view.banner()->text().contains(QStringLiteral("NO-GO")));
    }

    void clickFiltersTheGroups() {
        MainWindow w;
        w.setInteractive(false);
        w.resize(1400, 900);
        w.openStore(QStringLiteral(DT_SAMPLES "/sample.jsonl"));
        QTRY_VERIFY_WITH_TIMEOUT(w.analysis() != nullptr, 30000);
        QVERIFY(w.dashboard());
        QVERIFY(waitComputed(*w.dashboard()));
        w.mainTabs()->setCurrentWidget(w.dashboard());
        DashboardFilter f;
        f.endpoint = QStringLiteral("GET /users/{id}");
        emit w.dashboard()->filterRequested(f);
        QCOMPARE(w.mainTabs()->currentIndex(), 0);
        QCOMPARE(w.filterBar()->spec().endpoint, std::string("GET /users/{id}"));
        QTRY_VERIFY_WITH_TIMEOUT(w.filterResult() != nullptr, 10000);
    }

    // The charts count the triage filter's records (endpoint and record criteria), matches included.
    void followsTheTriageFilter() {
        DashboardView view;
        view.setAnalysis(m_sample);
        QVERIFY(waitComputed(view));
        QCOMPARE(view.data()->report.total.records, uint64_t(m_sample->records().size()));
        QVERIFY(!view.data()->filtered);
        FilterSpec spec;
        spec.endpoint = "GET /users/{id}";
        spec.tags = {TagCriterion{"tenant", "acme"}};
        const auto mask = recordMask(*m_sample, spec);
        QVERIFY(mask && !mask->empty());
        const uint64_t expected = uint64_t(std::count(mask->begin(), mask->end(), 1));
        QVERIFY(expected > 0 && expected < m_sample->records().size());
        view.setRecordFilter(spec);
        QTRY_VERIFY_WITH_TIMEOUT(view.data()->filtered && !view.isComputing(), 30000);
        QCOMPARE(view.data()->report.total.records, expected);
        QCOMPARE(view.data()->report.endpoints.size(), size_t(1));
        QCOMPARE(view.data()->report.endpoints[0].endpoint, std::string("GET /users/{id}"));
        view.setRecordFilter(FilterSpec{});
        QTRY_VERIFY_WITH_TIMEOUT(!view.data()->filtered && !view.isComputing(), 30000);
        QCOMPARE(view.data()->report.total.records, uint64_t(m_sample->records().size()));
    }

    // A hidden dashboard builds no chart when its figures arrive (Qt Charts work on the GUI thread):
    // they are built when it is shown, or when a chart is asked for.
    void hiddenDashboardBuildsChartsWhenShown() {
        DashboardView view;
        QVERIFY(!view.isVisible());
        view.setAnalysis(m_sample);
        QVERIFY(waitComputed(view));
        const QList<QChartView*> views = view.findChildren<QChartView*>();
        QVERIFY(views.size() >= 7);
        for (QChartView* v : views) QVERIFY(v->chart()->series().isEmpty());  // not built while hidden
        view.resize(1280, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        int built = 0;
        for (QChartView* v : views) built += v->chart()->series().isEmpty() ? 0 : 1;
        QVERIFY(built >= 6);

        // Hidden again, new figures (another criterion): the shown charts stay until asked for.
        view.hide();
        QChart* before = views.front()->chart();
        ParityOptions options = view.parityOptions();
        options.window_ms = 30 * 60'000;
        view.setCriteria(options, view.verdictCriteria());
        QVERIFY(waitComputed(view));
        QCOMPARE(views.front()->chart(), before);
        QVERIFY(view.chart(QStringLiteral("time")) != nullptr);  // asking builds them
        QVERIFY(views.front()->chart() != before);
    }

    // The histogram shows the chosen endpoint's bins, both sides, as core computed them.
    void latencyHistogramOfAnEndpoint() {
        DashboardView view;
        view.setAnalysis(m_sample);
        QVERIFY(waitComputed(view));
        LatencyHistogram* h = view.histogram();
        QVERIFY(h->endpointBox()->count() >= 2);
        const EndpointParity& e = view.data()->report.endpoints[1];
        QVERIFY(h->setEndpoint(QString::fromStdString(e.endpoint)));
        QVERIFY(!h->setEndpoint(QStringLiteral("GET /nowhere")));
        auto* bars = seriesNamed<QAbstractBarSeries>(h->view()->chart(), QStringLiteral("histogram"));
        QVERIFY(bars);
        QBarSet* primary = setNamed(bars, QStringLiteral("primary"));
        QBarSet* candidate = setNamed(bars, QStringLiteral("candidate"));
        QVERIFY(primary && candidate);
        QCOMPARE(size_t(primary->count()), e.hist_edges.size() - 1);
        double p = 0, c = 0;
        for (int i = 0; i < primary->count(); ++i) {
            QCOMPARE(primary->at(i), e.hist_primary[size_t(i)]);
            p += primary->at(i);
            c += candidate->at(i);
        }
        QVERIFY(p > 0 && c > 0);
    }

    // Clicking an outcome card opens those records: noise as a list (View › Outcome), mismatch as the
    // groups filtered to mismatches.
    void cardsOpenTheirRecords() {
        MainWindow w;
        w.setInteractive(false);
        w.resize(1400, 900);
        w.openStore(QStringLiteral(DT_SAMPLES "/sample.jsonl"));
        QTRY_VERIFY_WITH_TIMEOUT(w.analysis() != nullptr, 30000);
        QVERIFY(waitComputed(*w.dashboard()));
        w.mainTabs()->setCurrentWidget(w.dashboard());
        auto* noise = w.dashboard()->findChild<QWidget*>(QStringLiteral("cardNoise"));
        QVERIFY(noise);
        QTest::mouseClick(noise, Qt::LeftButton);
        QCOMPARE(w.mainTabs()->currentIndex(), 0);
        QCOMPARE(w.outcomeBrowser()->outcome(), std::optional<Outcome>(Outcome::Noise));
        w.mainTabs()->setCurrentWidget(w.dashboard());
        auto* mismatch = w.dashboard()->findChild<QWidget*>(QStringLiteral("cardMismatch"));
        QVERIFY(mismatch);
        QTest::mouseClick(mismatch, Qt::LeftButton);
        QCOMPARE(w.mainTabs()->currentIndex(), 0);
        QCOMPARE(w.outcomeBrowser()->outcome(), std::nullopt);
        QCOMPARE(w.filterBar()->spec().outcome, std::optional<Outcome>(Outcome::Mismatch));
        QTRY_VERIFY_WITH_TIMEOUT(w.filterResult() != nullptr, 10000);
        // The dashboard follows that filter (an outcome is group-level: all records still counted).
        QTRY_VERIFY_WITH_TIMEOUT(w.dashboard()->recordFilter() == w.filterBar()->spec(), 10000);
    }

    void screenshots() {
        QDir().mkpath(QStringLiteral(DT_SCREENSHOTS));
        applyPaletteOption(QStringLiteral("light"));
        for (const auto& [name, analysis] : {std::pair{QStringLiteral("dashboard_sample"), m_sample},
                                             std::pair{QStringLiteral("dashboard_bad_hour"), m_badHour}}) {
            DashboardView view;
            view.resize(1500, 1500);
            view.show();
            view.setAnalysis(analysis);
            QVERIFY(waitComputed(view));
            QTest::qWait(100);
            const QString path = QStringLiteral(DT_SCREENSHOTS "/") + name + QStringLiteral(".png");
            QVERIFY(view.grab().save(path));
            QVERIFY(view.exportChart(QStringLiteral("time"),
                                     QStringLiteral(DT_SCREENSHOTS "/") + name + QStringLiteral("_time")));
            QVERIFY(QFileInfo(QStringLiteral(DT_SCREENSHOTS "/") + name + QStringLiteral("_time.csv")).size() > 0);
        }
    }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
