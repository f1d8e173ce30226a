// SPDX-License-Identifier: MIT
// CausesModel (ui/causesmodel.h) on a co-occurring generated store: rows are the causes of
// `difftriage-cli causes`, ranked; a cause's filter shows exactly its groups.
#include <QAbstractItemModelTester>
#include <QtTest>

#include <cstdlib>
#include <unistd.h>

#include "core/analysis/analysis.h"
#include "ui/causesmodel.h"
#include "ui/groupsmodel.h"

using namespace dt;

class TestCausesModel : public QObject {
    Q_OBJECT
private:
    std::shared_ptr<const Analysis> m_analysis;
    std::string m_store;

private slots:
    void initTestCase() {
        m_store = QDir::tempPath().toStdString() + "/tst_causes_" + std::to_string(::getpid()) + ".jsonl";
        const std::string cmd =
            std::string(DT_GEN) + " --profile cooccurring --records 3000 --seed 5 --jsonl " + m_store + " 2>/dev/null";
        QCOMPARE(std::system(cmd.c_str()), 0);
        std::string error;
        m_analysis = Analysis::analyze(m_store, {}, &error);
        QVERIFY2(m_analysis, error.c_str());
    }
    void cleanupTestCase() { std::remove(m_store.c_str()); }

    void rowsAreRankedCauses() {
        CausesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAnalysis(m_analysis);
        QCOMPARE(model.rowCount(), 11);  // 5 acceptable causes + 6 bugs
        QCOMPARE(model.columnCount(), int(CausesModel::ColumnCount));
        for (int r = 1; r < model.rowCount(); ++r)
            QVERIFY(model.causes().causes[size_t(r - 1)].weighted >= model.causes().causes[size_t(r)].weighted);
        bool nulls = false;
        for (int r = 0; r < model.rowCount(); ++r)
            nulls = nulls || model.index(r, CausesModel::Title).data().toString() ==
                                 QStringLiteral("candidate omits null members");
        QVERIFY(nulls);
        QCOMPARE(model.index(0, CausesModel::Id).data().toString().size(), 12);
        model.setAnalysis(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void selectingACauseFiltersGroups() {
        CausesModel model;
        model.setAnalysis(m_analysis);
        GroupsModel groups;
        groups.setAnalysis(m_analysis);
        for (int r = 0; r < model.rowCount(); ++r) {
            auto f = model.causeFilter(r);
            QVERIFY(f);
            const Cause& c = model.causes().causes[size_t(r)];
            QCOMPARE(f->visibleGroups, uint64_t(c.groups.size()));
            QCOMPARE(f->matchedRecords, c.count);
            groups.setFilter(f);
            int visible = 0;
            for (int row = 0; row < groups.rowCount(); ++row) visible += groups.rowVisible(row);
            QCOMPARE(visible, int(c.groups.size()));
        }
        QVERIFY(!model.causeFilter(-1));
        QVERIFY(!model.causeFilter(model.rowCount()));
    }
};

QTEST_MAIN(TestCausesModel)
#include "tst_causesmodel.moc"
