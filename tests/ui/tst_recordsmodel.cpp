// SPDX-License-Identifier: MIT
// RecordsModel: lazily fetched members of a 120,000-record group, request previews loaded in pages
// in the background with a generation token, filtered member lists.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>

#include "core/analysis/analysis.h"
#include "core/present/record_filter.h"
#include "ui/recordsmodel.h"

using namespace dt;

namespace {

constexpr int kRecords = 130000;
bool isMatch(int i) { return i % 13 == 0; }
QString idOf(int i) { return QStringLiteral("r-%1").arg(i, 6, 10, QLatin1Char('0')); }

// One store with a single big mismatch group ("/name" changed) and some matches.
bool writeStore(const QString& path) {
    FILE* f = std::fopen(path.toLocal8Bit().constData(), "w");
    if (!f) return false;
    for (int i = 0; i < kRecords; ++i) {
        const int ms = i % 1000, s = (i / 1000) % 60, m = (i / 60000) % 60;
        std::fprintf(f,
                     "{\"id\":\"r-%06d\",\"ts\":\"2026-11-20T10:%02d:%02d.%03dZ\","
                     "\"request\":{\"method\":\"GET\",\"url\":\"/users/%d\",\"headers\":{},\"body\":\"\"},"
                     "\"primary\":{\"status\":200,\"headers\":{},\"body\":\"{\\\"id\\\":%d,\\\"name\\\":\\\"A\\\"}\","
                     "\"latency_ms\":%d.5},"
                     "\"candidate\":{\"status\":%d,\"headers\":{},\"body\":\"{\\\"id\\\":%d,\\\"name\\\":\\\"%s\\\"}\","
                     "\"latency_ms\":%d.25}}\n",
                     i, m, s, ms, i, i, 10 + i % 7, 200, i, isMatch(i) ? "A" : "B", 5 + i % 3);
    }
    return std::fclose(f) == 0;
}

}  // namespace

class TestRecordsModel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::shared_ptr<const Analysis> m_analysis;
    std::vector<int> m_mismatchIds;  // i of every mismatch record, in store order

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("big.jsonl"));
        QVERIFY(writeStore(path));
        std::string error;
        m_analysis = Analysis::analyze(path.toStdString(), {}, &error);
        QVERIFY2(m_analysis, error.c_str());
        for (int i = 0; i < kRecords; ++i)
            if (!isMatch(i)) m_mismatchIds.push_back(i);
        QCOMPARE(m_analysis->groups().size(), size_t(1));
        QCOMPARE(m_analysis->groups()[0].members.size(), m_mismatchIds.size());
        QVERIFY(m_mismatchIds.size() > 100000);
    }

    void fetchesLazily() {
        RecordsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAnalysis(m_analysis);
        QCOMPARE(model.rowCount(), 0);
        model.setGroup(0);
        const int total = int(m_mismatchIds.size());
        QCOMPARE(model.totalRows(), total);
        QCOMPARE(model.rowCount(), RecordsModel::kFetchBatch);
        QVERIFY(model.canFetchMore({}));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        int fetches = 0;
        while (model.canFetchMore({})) {
            model.fetchMore({});
            ++fetches;
        }
        QCOMPARE(model.rowCount(), total);
        QCOMPARE(fetches, (total + RecordsModel::kFetchBatch - 1) / RecordsModel::kFetchBatch - 1);
        QCOMPARE(inserted.size(), fetches);
        // Rows are the group's members in store order, with their index data.
        for (int row : {0, 1, 4999, 5000, 77777, total - 1}) {
            const int i = m_mismatchIds[size_t(row)];
            QCOMPARE(model.index(row, RecordsModel::Id).data().toString(), idOf(i));
            QCOMPARE(model.correlationId(row), idOf(i));
            QCOMPARE(model.index(row, RecordsModel::Status).data().toString(), QStringLiteral("200"));
            QCOMPARE(model.index(row, RecordsModel::Latency).data().toString(),
                     QStringLiteral("%1 / %2 ms")
                         .arg(QString::number(10 + i % 7 + 0.5, 'f', 0))
                         .arg(QString::number(5 + i % 3 + 0.25, 'f', 1)));
            QVERIFY(
                model.index(row, RecordsModel::Time).data().toString().startsWith(QStringLiteral("2026-11-20T10:")));
        }
        model.setGroup(-1);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.canFetchMore({}));
    }

    void rowOfRecordFetchesUpToIt() {
        RecordsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAnalysis(m_analysis);
        model.setGroup(0);
        const uint32_t record = m_analysis->groups()[0].members[100000];
        QCOMPARE(model.rowOfRecord(record), 100000);
        QVERIFY(model.rowCount() > 100000);
        QCOMPARE(model.recordAt(100000), record);
        QCOMPARE(model.rowOfRecord(kNone), -1);
    }

    void previewsLoadInPages() {
        RecordsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAnalysis(m_analysis);
        model.setGroup(0);
        QTRY_COMPARE(model.pendingPages(), 0);  // what the tester asked for
        const int row = 4321;                   // page 21: nobody asked for it yet
        const QModelIndex idx = model.index(row, RecordsModel::Request);
        QSignalSpy loaded(&model, &RecordsModel::pageLoaded);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QCOMPARE(idx.data().toString(), QStringLiteral("…"));
        QCOMPARE(idx.data(RecordsModel::PendingRole).toBool(), true);
        QCOMPARE(model.pendingPages(), 1);
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(loaded.at(0).at(0).toInt(), row / RecordsModel::kPageSize);
        QCOMPARE(idx.data(RecordsModel::PendingRole).toBool(), false);
        QCOMPARE(idx.data().toString(), QStringLiteral("GET /users/%1").arg(m_mismatchIds[row]));
        // The whole page arrived, and its rows were announced.
        const int first = (row / RecordsModel::kPageSize) * RecordsModel::kPageSize;
        QCOMPARE(model.index(first, RecordsModel::Request).data().toString(),
                 QStringLiteral("GET /users/%1").arg(m_mismatchIds[size_t(first)]));
        QVERIFY(!changed.isEmpty());
        const QModelIndex tl = changed.last().at(0).value<QModelIndex>();
        const QModelIndex br = changed.last().at(1).value<QModelIndex>();
        QCOMPARE(tl.row(), first);
        QCOMPARE(br.row(), first + RecordsModel::kPageSize - 1);
        QCOMPARE(tl.column(), int(RecordsModel::Request));
    }

    void stalePagesAreDropped() {
        RecordsModel model;
        model.setAnalysis(m_analysis);
        model.setGroup(0);
        QSignalSpy loaded(&model, &RecordsModel::pageLoaded);
        // Ask for many pages, then switch the group before they can all arrive.
        for (int page = 0; page < 50; ++page)
            model.index(page * RecordsModel::kPageSize + 3, RecordsModel::Request).data();
        QVERIFY(model.pendingPages() > 0);
        const quint64 before = model.generation();
        model.setGroup(0);  // same group, new generation: nothing of the old one may show up
        QVERIFY(model.generation() > before);
        QCOMPARE(model.pendingPages(), 0);
        const int seen = int(loaded.size());
        QTest::qWait(400);
        QCOMPARE(int(loaded.size()), seen);
        QCOMPARE(model.index(3, RecordsModel::Request).data(RecordsModel::PendingRole).toBool(), true);
        QTRY_COMPARE(model.index(3, RecordsModel::Request).data().toString(),
                     QStringLiteral("GET /users/%1").arg(m_mismatchIds[3]));
    }

    void filteredMembers() {
        RecordsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAnalysis(m_analysis);
        FilterSpec spec;
        spec.correlationId = "r-0012";  // r-001200 .. r-001299, minus the matches
        auto result = computeFilter(*m_analysis, spec);
        QVERIFY(result);
        auto filter = std::make_shared<const FilterResult>(std::move(*result));
        model.setGroup(0, filter);
        std::vector<int> expected;
        for (int i : m_mismatchIds)
            if (i >= 1200 && i < 1300) expected.push_back(i);
        QCOMPARE(model.totalRows(), int(expected.size()));
        QCOMPARE(model.rowCount(), int(expected.size()));
        for (int r = 0; r < model.rowCount(); ++r) QCOMPARE(model.correlationId(r), idOf(expected[size_t(r)]));
        QVERIFY(!model.canFetchMore({}));
    }

    void sortsByAnyIndexedColumnAndKeepsTheCurrentRecord() {
        RecordsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAnalysis(m_analysis);
        model.setGroup(0);
        const auto& records = m_analysis->records();
        const QPersistentModelIndex held = model.index(7, RecordsModel::Id);
        const uint32_t heldRecord = model.recordAt(7);

        model.sort(RecordsModel::Latency, Qt::DescendingOrder);
        QCOMPARE(model.sortColumn(), int(RecordsModel::Latency));
        for (int r = 1; r < model.rowCount(); ++r)
            QVERIFY(records[model.recordAt(r - 1)].candidate_latency >= records[model.recordAt(r)].candidate_latency);
        QVERIFY(held.isValid() ? model.recordAt(held.row()) == heldRecord : true);

        model.sort(RecordsModel::Id, Qt::DescendingOrder);
        for (int r = 1; r < std::min(model.rowCount(), 2000); ++r)
            QVERIFY(model.correlationId(r - 1) >= model.correlationId(r));
        model.sort(RecordsModel::Time, Qt::AscendingOrder);
        for (int r = 1; r < model.rowCount(); ++r)
            QVERIFY(records[model.recordAt(r - 1)].ts_ms <= records[model.recordAt(r)].ts_ms);
        // The sort stays for the next group, and the request column (store-backed) does not sort.
        model.setGroup(0);
        for (int r = 1; r < model.rowCount(); ++r)
            QVERIFY(records[model.recordAt(r - 1)].ts_ms <= records[model.recordAt(r)].ts_ms);
        model.sort(RecordsModel::Request, Qt::DescendingOrder);
        QCOMPARE(model.sortColumn(), int(RecordsModel::Time));
        QCOMPARE(model.totalRows(), int(m_analysis->groups()[0].members.size()));
    }

    void analysisSwapClears() {
        RecordsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAnalysis(m_analysis);
        model.setGroup(0);
        QVERIFY(model.rowCount() > 0);
        model.setAnalysis(nullptr);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.group(), -1);
        model.setGroup(0);  // no analysis: stays empty
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestRecordsModel)
#include "tst_recordsmodel.moc"
