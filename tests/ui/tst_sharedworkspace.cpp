// SPDX-License-Identifier: MIT
// Two windows on one store with a workspace shared in PostgreSQL (--workspace postgresql://…, issue
// 15), against a throwaway server (tests/pg/pg_test_server.h): a state set by key in one window shows
// in the other without a reload (LISTEN/NOTIFY), edits of different groups both land, and an edit of
// a group the other window changed first is refused, reported and replaced by the other's state.
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "core/pg/pg_workspace.h"
#include "tests/pg/pg_test_server.h"
#include "tests/ui/window_fixture.h"
#include "ui/workspacecontroller.h"

using namespace dt;

class TestSharedWorkspace : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_store;
    std::string m_uri;

    static TriageState stateOf(MainWindow& w, const std::string& signature) {
        const TriageAnnotation* a = w.workspace()->group(signature);
        return a ? a->state : TriageState::New;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        test::useScratchSettings(m_dir, QStringLiteral("tst_sharedworkspace"));
        std::string why;
        pgtest::TestServer* server = pgtest::sharedServer(&why);
        if (!server) QSKIP(qPrintable(QStringLiteral("no PostgreSQL: %1").arg(QString::fromStdString(why))));
        QCOMPARE(QString::fromStdString(server->createDatabase("shared_ui")), QString());
        m_uri = server->uri("shared_ui") + "&schema=team&workspace=meeting";
        m_store = m_dir.filePath(QStringLiteral("co.jsonl"));
        QVERIFY(test::generateStore({QStringLiteral("--profile"), QStringLiteral("cooccurring"),
                                     QStringLiteral("--records"), QStringLiteral("2000"), QStringLiteral("--seed"),
                                     QStringLiteral("11"), QStringLiteral("--jsonl"), m_store}));
    }

    void twoWindowsTriageTogether() {
        MainWindow a, b;
        for (MainWindow* w : {&a, &b}) {
            w->setWorkspaceLocation(QString::fromStdString(m_uri));
            QVERIFY(test::showAndLoad(*w, m_store));
            QVERIFY(w->workspace()->isOpen());
            QVERIFY(w->workspace()->isShared());
            QVERIFY(!w->workspace()->isReadOnly());
        }
        QVERIFY(a.analysis()->groups().size() >= 3);
        const std::string g0 = a.analysis()->groups()[0].signature, g1 = a.analysis()->groups()[1].signature,
                          g2 = a.analysis()->groups()[2].signature;

        // A marks the first group bug from the keyboard; B shows it without a reload.
        a.raise();
        a.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&a));
        QTest::keyClick(&a, Qt::Key_1, Qt::ControlModifier);
        QTRY_VERIFY(a.groupsView()->hasFocus());
        QVERIFY(a.selectGroupRow(0));
        const std::string selected = a.analysis()->groups()[size_t(a.currentGroup())].signature;
        QTest::keyClick(a.groupsView(), Qt::Key_B);
        QCOMPARE(stateOf(a, selected), TriageState::Bug);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(b, selected), TriageState::Bug, 10000);

        // Different groups at once (neither window sees the other's change before saving): both land.
        a.workspace()->setGroupState(g1, TriageState::Investigating);
        b.workspace()->setGroupState(g2, TriageState::Noise);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(a, g2), TriageState::Noise, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(b, g1), TriageState::Investigating, 10000);

        // The same group at once: B's edit comes second, is refused and B shows A's state.
        QSignalSpy conflicts(b.workspace(), &WorkspaceController::conflict);
        a.workspace()->setGroupState(g0 == selected ? g1 : g0, TriageState::Fixed);
        b.workspace()->setGroupState(g0 == selected ? g1 : g0, TriageState::Accepted);
        QCOMPARE(conflicts.count(), 1);
        QVERIFY(conflicts.at(0).at(0).toString().contains(QStringLiteral("changed by")));
        const std::string contested = g0 == selected ? g1 : g0;
        QCOMPARE(stateOf(b, contested), TriageState::Fixed);
        QTest::qWait(300);  // anything B might (wrongly) have written would reach A by now
        QCOMPARE(stateOf(a, contested), TriageState::Fixed);

        // What the database holds is what both windows show.
        std::string error;
        auto db = pg::PgWorkspace::open(m_uri, &error);
        QVERIFY2(db, error.c_str());
        auto item = db->item("groups", contested, &error);
        QVERIFY(item);
        QVERIFY(QString::fromStdString(item->value).contains(QStringLiteral("fixed")));
    }

    // A database that cannot be reached: the window still opens the store, says why, writes nothing.
    void unreachableDatabaseIsReadOnly() {
        MainWindow w;
        w.setWorkspaceLocation(QStringLiteral("postgresql://nobody@/nodb?host=/nonexistent-dir&port=1"));
        QVERIFY(test::showAndLoad(w, m_store));
        QVERIFY(w.analysis());
        QVERIFY(w.workspace()->isReadOnly());
        QVERIFY(!w.workspace()->lastError().isEmpty());
        w.workspace()->setGroupState(w.analysis()->groups()[0].signature, TriageState::Bug);  // no crash, no write
    }
};

QTEST_MAIN(TestSharedWorkspace)
#include "tst_sharedworkspace.moc"
