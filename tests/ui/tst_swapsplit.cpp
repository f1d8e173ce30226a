// SPDX-License-Identifier: MIT
// View › Swap Sides and Triage › Split Group By… in the window (issue 12): swapping relabels the
// sides, re-analyses with the mirrored classes, is kept in the workspace file and comes back on
// reopen; a group split from the keyboard shows its breakdown, selecting a value shows only its
// records, and the split survives a reopen and a re-run of the store. The models involved run under
// QAbstractItemModelTester.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QSet>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <functional>
#include <set>

#include "core/store/store_writer.h"
#include "core/triage/workspace_io.h"
#include "ui/differencesmodel.h"
#include "ui/diffview.h"
#include "ui/groupsmodel.h"
#include "ui/loadjob.h"
#include "ui/mainwindow.h"
#include "ui/recordsmodel.h"
#include "ui/splitmodel.h"
#include "ui/workspacecontroller.h"
#include "window_fixture.h"

using namespace dt;

namespace {

Record makeRecord(const std::string& id, const std::string& endpoint, const std::string& primary,
                  const std::string& candidate, FlatObject tags = {}) {
    Record r;
    r.id = id;
    r.ts = "2026-11-20T10:00:00.000Z";
    r.endpoint = endpoint;
    r.request = {"GET", "/x/" + id, {}, ""};
    r.primary.present = r.candidate.present = true;
    r.primary.status = r.candidate.status = 200;
    r.primary.body = primary;
    r.candidate.body = candidate;
    r.primary.latency_ms = 10;
    r.candidate.latency_ms = 25;
    r.tags = std::move(tags);
    return r;
}

bool writeStore(const QString& path, const std::vector<Record>& records) {
    std::string error;
    auto w = StoreWriter::create(path.toStdString(), &error);
    if (!w) return false;
    for (const Record& r : records)
        if (!w->append(r, &error)) return false;
    return w->commit(&error);
}

// Directed differences: the candidate omits a null member; a time one hour later.
std::vector<Record> directedStore() {
    std::vector<Record> v;
    for (int i = 0; i < 4; ++i)
        v.push_back(
            makeRecord("n" + std::to_string(i), "GET /coupons/{id}", R"({"id":1,"coupon":null})", R"({"id":1})"));
    for (int i = 0; i < 2; ++i)
        v.push_back(makeRecord("t" + std::to_string(i), "GET /events/{id}", R"({"t":"2026-01-01T10:00:00Z"})",
                               R"({"t":"2026-01-01T11:00:00Z"})"));
    return v;
}

// One group (/name changed) with tenants acme x acme, globex x globex, one record without a tenant.
std::vector<Record> taggedStore(int acme, int globex, const std::string& prefix) {
    std::vector<Record> v;
    int n = 0;
    auto add = [&](FlatObject tags) {
        v.push_back(makeRecord(prefix + std::to_string(n++), "GET /users/{id}", R"({"name":"Alice"})",
                               R"({"name":"Alicia"})", std::move(tags)));
    };
    for (int i = 0; i < acme; ++i) add({{"tenant", "acme"}, {"region", "eu"}});
    for (int i = 0; i < globex; ++i) add({{"tenant", "globex"}});
    add({{"region", "us"}});
    return v;
}

std::set<std::string> groupKeys(const Analysis& a) {
    std::set<std::string> out;
    for (const Group& g : a.groups())
        for (const SigKey& k : a.keys(g.differences))
            out.insert(std::string(kindName(k.kind)) + " " + k.path + " " + k.cls);
    return out;
}

QString header(QAbstractItemModel* model, int section) {
    return model->headerData(section, Qt::Horizontal, Qt::DisplayRole).toString();
}

// Runs `keys` in the modal dialog named `name` as soon as it is open.
void typeIntoDialog(const QString& name, std::function<void(QWidget*)> keys) {
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, name, keys] {
        QWidget* modal = QApplication::activeModalWidget();
        if (!modal || modal->objectName() != name) return;
        timer->stop();
        timer->deleteLater();
        keys(modal);
    });
    timer->start();
}

}  // namespace

class TestSwapSplit : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    static bool reloadAndWait(MainWindow& w, const std::function<void()>& trigger) {
        QSignalSpy loaded(&w, &MainWindow::storeLoaded);
        trigger();
        return loaded.wait(60000) || !loaded.isEmpty();
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        test::useScratchSettings(m_dir, QStringLiteral("tst_swapsplit"));
    }

    void swapSidesRelabelsReanalysesAndIsRemembered() {
        const QString store = m_dir.filePath(QStringLiteral("directed.jsonl"));
        const QString wsDir = m_dir.filePath(QStringLiteral("ws-swap"));
        QVERIFY(writeStore(store, directedStore()));
        const std::set<std::string> plain = {"missing /coupon null_vs_missing", "changed /t instant_shift +1h"};
        const std::set<std::string> mirrored = {"extra /coupon null_vs_missing", "changed /t instant_shift -1h"};
        QString wsPath;
        {
            MainWindow w;
            QVERIFY(test::showAndLoad(w, store, wsDir));
            wsPath = w.workspace()->path();
            auto* diff = qobject_cast<DiffView*>(w.diffPane());
            QVERIFY(diff);
            QVERIFY(!w.analysis()->sidesSwapped());
            QVERIFY(!w.swapSidesAction()->isChecked());
            QVERIFY(!w.sidesLabel()->isVisible());
            QCOMPARE(groupKeys(*w.analysis()), plain);
            QVERIFY(w.selectGroupRow(0));
            QTRY_VERIFY(
                w.findChild<QLabel*>(QStringLiteral("primaryHeader"))->text().startsWith(QStringLiteral("Primary")));
            QCOMPARE(header(diff->differencesTable()->model(), DifferencesModel::PrimaryColumn),
                     QStringLiteral("Primary"));

            // Ctrl+Shift+X: re-analysed in the background with the candidate as the reference.
            QVERIFY(reloadAndWait(w, [&] { QTest::keyClick(&w, Qt::Key_X, Qt::ControlModifier | Qt::ShiftModifier); }));
            QVERIFY(w.analysis()->sidesSwapped());
            QVERIFY(w.swapSidesAction()->isChecked());
            QCOMPARE(groupKeys(*w.analysis()), mirrored);
            QVERIFY(w.sidesLabel()->isVisible());
            QVERIFY(w.sidesLabel()->text().contains(QStringLiteral("candidate is the reference")));
            QVERIFY(w.selectGroupRow(0));
            QTRY_VERIFY(w.findChild<QLabel*>(QStringLiteral("primaryHeader"))
                            ->text()
                            .startsWith(QStringLiteral("Candidate (reference)")));
            QVERIFY(
                w.findChild<QLabel*>(QStringLiteral("candidateHeader"))->text().startsWith(QStringLiteral("Primary")));
            QCOMPARE(header(diff->differencesTable()->model(), DifferencesModel::PrimaryColumn),
                     QStringLiteral("Candidate"));  // the narrow column; in full in its tooltip
            QCOMPARE(diff->differencesTable()
                         ->model()
                         ->headerData(DifferencesModel::PrimaryColumn, Qt::Horizontal, Qt::ToolTipRole)
                         .toString(),
                     QStringLiteral("Candidate (reference)"));
            QCOMPARE(header(diff->differencesTable()->model(), DifferencesModel::CandidateColumn),
                     QStringLiteral("Primary"));
            QCOMPARE(header(w.recordsModel(), RecordsModel::Status), QStringLiteral("Status ⇄"));
            QVERIFY(w.recordsModel()
                        ->headerData(RecordsModel::Status, Qt::Horizontal, Qt::ToolTipRole)
                        .toString()
                        .contains(QStringLiteral("candidate (reference) → primary")));
            // The latency pair is reference first: the store's candidate answered in 25 ms.
            QVERIFY(
                w.recordsModel()->index(0, RecordsModel::Latency).data().toString().startsWith(QStringLiteral("25")));

            // In the workspace file at once.
            std::vector<WorkspaceError> errors;
            const auto ws = loadWorkspace(wsPath.toStdString(), &errors);
            QVERIFY(ws);
            QVERIFY(ws->swap_sides);
        }
        // Reopened: swapped from the first analysis on (no second load).
        {
            MainWindow w;
            QSignalSpy loads(w.loadJob(), &LoadJob::started);
            QVERIFY(test::showAndLoad(w, store, wsDir));
            QVERIFY(w.analysis()->sidesSwapped());
            QVERIFY(w.swapSidesAction()->isChecked());
            QVERIFY(w.sidesLabel()->isVisible());
            QCOMPARE(groupKeys(*w.analysis()), mirrored);
            QTest::qWait(50);
            QCOMPARE(loads.count(), 1);
            QVERIFY(!w.isLoading());
            // Back: the menu action.
            QVERIFY(reloadAndWait(w, [&] { w.swapSidesAction()->trigger(); }));
            QVERIFY(!w.analysis()->sidesSwapped());
            QCOMPARE(groupKeys(*w.analysis()), plain);
            QVERIFY(!w.sidesLabel()->isVisible());
        }
        std::vector<WorkspaceError> errors;
        QVERIFY(!loadWorkspace(wsPath.toStdString(), &errors)->swap_sides);
    }

    void splitGroupByKeyboardSurvivesReopenAndRerun() {
        const QString store = m_dir.filePath(QStringLiteral("tagged.jsonl"));
        const QString wsDir = m_dir.filePath(QStringLiteral("ws-split"));
        QVERIFY(writeStore(store, taggedStore(3, 2, "a")));
        QString wsPath;
        std::string sig;
        {
            MainWindow w;
            QVERIFY(test::showAndLoad(w, store, wsDir));
            wsPath = w.workspace()->path();
            QCOMPARE(w.analysis()->groups().size(), size_t(1));
            sig = w.analysis()->groups()[0].signature;
            QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
            QTRY_VERIFY(w.groupsView()->hasFocus());
            QVERIFY(w.selectGroupRow(0));
            QVERIFY(!w.splitView()->isVisible());
            // Ctrl+Shift+T, then End (the last field: tenant) and Enter.
            QStringList offered;
            typeIntoDialog(QStringLiteral("splitDialog"), [&offered](QWidget* dialog) {
                auto* list = dialog->findChild<QListWidget*>(QStringLiteral("splitFields"));
                for (int i = 0; i < list->count(); ++i)
                    offered << list->item(i)->text().section(QLatin1Char(' '), 0, 0);
                QTest::keyClick(list, Qt::Key_End);
                QTest::keyClick(list, Qt::Key_Return);
            });
            QTest::keyClick(w.groupsView(), Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
            QCOMPARE(offered, (QStringList{QStringLiteral("(no"), QStringLiteral("endpoint"), QStringLiteral("region"),
                                           QStringLiteral("tenant")}));
            QVERIFY(w.splitView()->isVisible());
            QCOMPARE(w.focusWidget(), static_cast<QWidget*>(w.splitView()));  // focus goes to the breakdown
            SplitModel* split = w.splitModel();
            QCOMPARE(split->field(), QStringLiteral("tenant"));
            QCOMPARE(split->rowCount(), 4);  // All values, acme 3, globex 2, (none) 1
            QCOMPARE(split->index(1, SplitModel::Value).data().toString(), QStringLiteral("acme"));
            QCOMPARE(split->index(1, SplitModel::Records).data().toString(), QStringLiteral("3"));
            QCOMPARE(split->index(3, SplitModel::Value).data().toString(), QStringLiteral("(none)"));
            QVERIFY(w.groupsView()
                        ->model()
                        ->index(0, GroupsModel::Differences)
                        .data()
                        .toString()
                        .startsWith(QStringLiteral("[split by tenant]")));
            // Down: acme's records only.
            QTest::keyClick(w.splitView(), Qt::Key_Down);
            QCOMPARE(w.recordsModel()->totalRows(), 3);
            QVERIFY(w.recordsModel()->isPart());
            QSet<QString> acme;  // the first three records written are acme's
            for (int r = 0; r < 3; ++r) acme.insert(w.recordsModel()->correlationId(r));
            QCOMPARE(acme, (QSet<QString>{QStringLiteral("a0"), QStringLiteral("a1"), QStringLiteral("a2")}));
            QVERIFY(w.findChild<QLabel*>(QStringLiteral("recordsLabel"))
                        ->text()
                        .contains(QStringLiteral("tenant = <b>acme")));
            QTest::keyClick(w.splitView(), Qt::Key_Down);
            QCOMPARE(w.recordsModel()->totalRows(), 2);
            QTest::keyClick(w.splitView(), Qt::Key_Home, Qt::ControlModifier);  // All values: the whole group
            QCOMPARE(w.recordsModel()->totalRows(), 6);
            QVERIFY(!w.recordsModel()->isPart());
            // Saved at once.
            std::vector<WorkspaceError> errors;
            const auto ws = loadWorkspace(wsPath.toStdString(), &errors);
            QVERIFY(ws);
            QCOMPARE(splitOf(*ws, sig).value_or(""), std::string("tenant"));
        }
        // A re-run at the same path (new records, same signature), same workspace: still split.
        QVERIFY(writeStore(store, taggedStore(4, 1, "b")));
        {
            MainWindow w;
            QVERIFY(test::showAndLoad(w, store, wsDir));
            QCOMPARE(w.analysis()->groups()[0].signature, sig);
            QVERIFY(w.selectGroupRow(0));
            QTRY_VERIFY(w.splitView()->isVisible());
            QCOMPARE(w.splitModel()->field(), QStringLiteral("tenant"));
            QCOMPARE(w.splitModel()->index(1, SplitModel::Value).data().toString(), QStringLiteral("acme"));
            QCOMPARE(w.splitModel()->index(1, SplitModel::Records).data().toString(), QStringLiteral("4"));
            // Remove it: Home ("(no split)") and Enter.
            typeIntoDialog(QStringLiteral("splitDialog"), [](QWidget* dialog) {
                auto* list = dialog->findChild<QListWidget*>(QStringLiteral("splitFields"));
                QTest::keyClick(list, Qt::Key_Home);
                QTest::keyClick(list, Qt::Key_Return);
            });
            QTest::keyClick(w.groupsView(), Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
            QVERIFY(!w.splitView()->isVisible());
            QCOMPARE(w.recordsModel()->totalRows(), 6);
        }
        std::vector<WorkspaceError> errors;
        QVERIFY(!splitOf(*loadWorkspace(wsPath.toStdString(), &errors), sig));
    }

    // The models changed for the split, under the model tester from before they are filled.
    void splitAndRecordsModelsPassTheTester() {
        const QString store = m_dir.filePath(QStringLiteral("tester.jsonl"));
        QVERIFY(writeStore(store, taggedStore(3, 2, "c")));
        std::string error;
        std::shared_ptr<const Analysis> a = Analysis::analyze(store.toStdString(), {}, &error);
        QVERIFY2(a, error.c_str());
        SplitModel split;
        QAbstractItemModelTester splitTester(&split, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(split.rowCount(), 0);
        split.setBreakdown(QStringLiteral("tenant"), splitBreakdown(*a, a->groups()[0].members, "tenant"));
        QCOMPARE(split.rowCount(), 4);
        QVERIFY(!split.valueAt(0));
        QCOMPARE(split.valueAt(2)->value, std::string("globex"));
        QCOMPARE(split.rowOf(QStringLiteral("(none)")), 3);
        split.clear();
        QCOMPARE(split.rowCount(), 0);

        RecordsModel records;
        QAbstractItemModelTester recordsTester(&records, QAbstractItemModelTester::FailureReportingMode::QtTest);
        records.setAnalysis(a);
        records.setGroup(0);
        QCOMPARE(records.totalRows(), 6);
        const auto values = splitBreakdown(*a, a->groups()[0].members, "tenant");
        records.setGroupPart(0, values[1].records);
        QCOMPARE(records.group(), 0);
        QVERIFY(records.isPart());
        QCOMPARE(records.totalRows(), 2);
        records.setGroup(0);
        QVERIFY(!records.isPart());
    }
};

QTEST_MAIN(TestSwapSplit)
#include "tst_swapsplit.moc"
