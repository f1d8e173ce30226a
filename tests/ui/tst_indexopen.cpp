// SPDX-License-Identifier: MIT
// The window on an indexed PostgreSQL store (issue 15), against a throwaway server
// (tests/pg/pg_test_server.h): it opens from the index — groups and counts first, then the records —
// and shows the same groups, counts and members as a window that scans the store (--no-index);
// a record opened from it shows its diff (its row read from the store); nothing is written to the
// store table.
#include <QAbstractItemModelTester>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "core/parity/verdict.h"
#include "core/pg/pg_index.h"
#include "core/pg/pg_open.h"
#include "core/pg/pg_store.h"
#include "tests/pg/pg_load.h"
#include "tests/pg/pg_test_server.h"
#include "tests/ui/window_fixture.h"
#include "ui/dashboard.h"
#include "ui/diffview.h"
#include "ui/groupsmodel.h"
#include "ui/loadjob.h"
#include "ui/recordsmodel.h"

using namespace dt;

class TestIndexOpen : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_store;  // postgresql://…&table=comparisons
    pgtest::TestServer* m_server = nullptr;
    std::string m_db = "indexopen_ui";

    static QStringList groupRows(MainWindow& w) {
        QStringList rows;
        QAbstractItemModel* m = w.groupsView()->model();
        for (int r = 0; r < m->rowCount(); ++r)
            rows << m->index(r, GroupsModel::Signature).data().toString() + QLatin1Char(' ') +
                        m->index(r, GroupsModel::Count).data().toString() + QLatin1Char(' ') +
                        m->index(r, GroupsModel::Endpoint).data().toString() + QLatin1Char(' ') +
                        m->index(r, GroupsModel::Differences).data().toString();
        return rows;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        test::useScratchSettings(m_dir, QStringLiteral("tst_indexopen"));
        std::string why;
        m_server = pgtest::sharedServer(&why);
        if (!m_server) QSKIP(qPrintable(QStringLiteral("no PostgreSQL: %1").arg(QString::fromStdString(why))));
        pg::registerPostgresStores();
        QCOMPARE(QString::fromStdString(m_server->createDatabase(m_db)), QString());
        const QString sqlite = m_dir.filePath(QStringLiteral("s.sqlite"));
        QVERIFY(test::generateStore({QStringLiteral("--records"), QStringLiteral("2500"), QStringLiteral("--seed"),
                                     QStringLiteral("5"), QStringLiteral("--mismatch-rate"), QStringLiteral("0.4"),
                                     QStringLiteral("--sqlite"), sqlite}));
        QCOMPARE(QString::fromStdString(
                     pgtest::loadSqlite(*m_server, m_db, "comparisons", sqlite.toStdString(), pgtest::Columns::Native)),
                 QString());
        m_store = QString::fromStdString(m_server->uri(m_db) + "&table=comparisons");
        pg::IndexOptions opt;
        opt.threads = 2;
        pg::IndexReport report;
        std::string error;
        QVERIFY2(pg::indexStore(m_store.toStdString(), m_server->uri(m_db), opt, &report, &error), error.c_str());
        QCOMPARE(report.read, uint64_t(2500));
    }

    void opensFromTheIndexLikeAScan() {
        const std::string before = pgtest::tableChecksum(*m_server, m_db, "comparisons");
        QVERIFY(!before.empty());

        MainWindow scanned;
        scanned.setUseIndex(false);
        QVERIFY(test::showAndLoad(scanned, m_store, m_dir.filePath(QStringLiteral("ws-scan"))));
        QVERIFY(scanned.indexSchema().isEmpty());
        QVERIFY(!scanned.isIndexSummary());
        QVERIFY(scanned.analysis()->groups().size() >= 3);

        MainWindow w;
        QAbstractItemModelTester tester(w.groupsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy records(&w, &MainWindow::indexRecordsLoaded);
        QVERIFY(test::showAndLoad(w, m_store, m_dir.filePath(QStringLiteral("ws-index"))));
        QCOMPARE(w.indexSchema(), QStringLiteral("difftriage"));
        // Groups and counts are on screen at once; the records arrive in the background.
        QCOMPARE(w.analysis()->outcomeCounts(), scanned.analysis()->outcomeCounts());
        QCOMPARE(w.analysis()->groups().size(), scanned.analysis()->groups().size());
        QCOMPARE(groupRows(w), groupRows(scanned));
        auto* label = w.findChild<QLabel*>(QStringLiteral("storeLabel"));
        QVERIFY2(label->text().contains(QStringLiteral("index difftriage")), qPrintable(label->text()));
        if (w.isIndexSummary()) {
            QVERIFY(w.analysis()->records().empty());
            auto* recordsLabel = w.findChild<QLabel*>(QStringLiteral("recordsLabel"));
            QVERIFY2(recordsLabel->text().contains(QStringLiteral("reading")), qPrintable(recordsLabel->text()));
        }
        QVERIFY(records.wait(60000) || !records.isEmpty());
        QVERIFY(!w.isIndexSummary());
        QCOMPARE(w.indexSchema(), QStringLiteral("difftriage"));
        QCOMPARE(w.analysis()->records().size(), scanned.analysis()->records().size());
        QCOMPARE(groupRows(w), groupRows(scanned));
        QCOMPARE(w.analysis()->matchRate(), scanned.analysis()->matchRate());

        // The records of a group are the scan's, and the first one opens with its diff.
        QVERIFY(w.selectGroupRow(0));
        QVERIFY(scanned.selectGroupRow(0));
        QCOMPARE(w.recordsModel()->totalRows(), scanned.recordsModel()->totalRows());
        QVERIFY(w.recordsModel()->totalRows() > 0);
        QVERIFY(w.selectRecordRow(0));
        QVERIFY(scanned.selectRecordRow(0));
        auto* diff = qobject_cast<DiffView*>(w.diffPane());
        auto* scannedDiff = qobject_cast<DiffView*>(scanned.diffPane());
        QVERIFY(diff && scannedDiff);
        QTRY_COMPARE_WITH_TIMEOUT(diff->state(), DiffView::State::Ready, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(scannedDiff->state(), DiffView::State::Ready, 20000);
        QCOMPARE(diff->detail()->record.id, scannedDiff->detail()->record.id);
        QVERIFY(!diff->detail()->result.differences.empty());
        QCOMPARE(diff->detail()->result.differences.size(), scannedDiff->detail()->result.differences.size());
        QCOMPARE(diff->detail()->record.candidate.body, scannedDiff->detail()->record.candidate.body);

        QCOMPARE(pgtest::tableChecksum(*m_server, m_db, "comparisons"), before);
    }

    // While only the index's summary is in memory, the dashboard's series are computed by the server
    // (core/pg/pg_parity.h) and equal those of a scan, whole and under the triage filter.
    void dashboardFromTheIndex() {
        MainWindow scanned;
        scanned.setUseIndex(false);
        QVERIFY(test::showAndLoad(scanned, m_store, m_dir.filePath(QStringLiteral("ws-dash-scan"))));
        pg::IndexOpen open = pg::openIndexSummary(m_store.toStdString(), {});
        QVERIFY2(open.analysis, open.refused.c_str());
        const std::shared_ptr<const Analysis> summary(std::move(open.analysis));
        QVERIFY(summary && summary->records().empty());

        for (const char* query : {"", "endpoint:/users status:2xx"}) {
            std::string error;
            const auto spec = parseFilterQuery(query, &error);
            QVERIFY2(spec, error.c_str());
            DashboardView view;
            QSignalSpy computed(&view, &DashboardView::computed);
            view.setRecordFilter(*spec);
            view.setIndexSource(m_store, QString::fromStdString(open.schema));
            view.setAnalysis(summary);
            QVERIFY(computed.wait(30000));
            const DashboardData* got = view.data();
            QVERIFY(got);
            QCOMPARE(got->indexSchema, QStringLiteral("difftriage"));
            QCOMPARE(got->indexError, QString());

            const auto mask = recordMask(*scanned.analysis(), *spec);
            QVERIFY(mask);
            ParityOptions options = view.parityOptions();
            options.include = mask->empty() ? nullptr : &*mask;
            const ParityReport want = computeParity(*scanned.analysis(), options);
            QCOMPARE(got->filtered, !mask->empty());
            QVERIFY(want.total.records > 0);
            QCOMPARE(got->report.total.records, want.total.records);
            QCOMPARE(got->report.buckets.size(), want.buckets.size());
            QCOMPARE(got->report.endpoints.size(), want.endpoints.size());
            QVERIFY(std::abs(got->report.total.matchRate() - want.total.matchRate()) < 1e-9);
            QCOMPARE(float(got->report.candidate_latency.p95), float(want.candidate_latency.p95));
            QCOMPARE(got->verdict.go, evaluateVerdict(want, view.verdictCriteria()).go);
            QVERIFY(view.chart(QStringLiteral("time")));

            // Once the records are in memory, the series are computed from them again.
            view.setAnalysis(scanned.analysis());
            QVERIFY(computed.wait(30000));
            QCOMPARE(view.data()->indexSchema, QString());
            QCOMPARE(view.data()->report.total.records, want.total.records);
        }
    }

    // F5 opens from the index again; Cancel while the records are read keeps the groups.
    void reloadAndCancel() {
        MainWindow w;
        QVERIFY(test::showAndLoad(w, m_store, m_dir.filePath(QStringLiteral("ws-reload"))));
        QTRY_VERIFY_WITH_TIMEOUT(!w.isIndexSummary(), 60000);
        QVERIFY(w.selectGroupRow(1));
        const std::string signature = w.analysis()->groups()[size_t(w.currentGroup())].signature;
        QSignalSpy records(&w, &MainWindow::indexRecordsLoaded);
        QSignalSpy loaded(&w, &MainWindow::storeLoaded);
        w.reload();
        QVERIFY(loaded.wait(60000) || !loaded.isEmpty());
        QVERIFY(records.wait(60000) || !records.isEmpty());
        QCOMPARE(w.analysis()->groups()[size_t(w.currentGroup())].signature, signature);  // kept

        w.reload();
        QVERIFY(loaded.wait(60000));
        w.cancelLoad();
        QVERIFY(w.loadJob()->waitForRecords(60000));
        QTRY_VERIFY(!w.isReadingIndexRecords());
        QVERIFY(!w.analysis()->groups().empty());  // the summary (or the records, had they arrived) stays
    }
};

QTEST_MAIN(TestIndexOpen)
#include "tst_indexopen.moc"
