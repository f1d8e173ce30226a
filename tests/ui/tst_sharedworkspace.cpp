// SPDX-License-Identifier: MIT
// Two windows on one store with a workspace shared in PostgreSQL (--workspace postgresql://…, issue
// 15), against a throwaway server (tests/pg/pg_test_server.h): a state set by key in one window shows
// in the other without a reload (LISTEN/NOTIFY), edits of different groups both land, and an edit of
// a group the other window changed first is refused, reported and replaced by the other's state —
// with every save in the background: a window keeps working while the server holds its save.
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "core/pg/pg_conn.h"
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

        // The same group at once, and the GUI thread never waits for the server: another session
        // holds the group's row, so both windows' saves of it wait there (in their background
        // jobs) while the windows keep working. A's was sent first: released, it lands, and B's is
        // refused, reported, and B shows A's state.
        const std::string contested = g1;
        QVERIFY(a.workspace()->waitForSharedSaves(10000));
        QVERIFY(b.workspace()->waitForSharedSaves(10000));
        std::string error;
        auto uri = pg::parsePgUri(m_uri, &error);
        QVERIFY2(uri, error.c_str());
        auto holder = pg::PgConn::connect(*uri, false, &error);
        QVERIFY2(holder, error.c_str());
        QVERIFY2(holder->run("BEGIN", "test", &error), error.c_str());
        pg::PgResult held = holder->execParams("SELECT 1 FROM team.workspace_items WHERE workspace = 'meeting' AND "
                                               "kind = 'groups' AND key = $1 FOR UPDATE",
                                               {contested});
        QVERIFY(held.ok());
        QCOMPARE(held.rows(), 1);
        auto waiting = [&] {
            pg::PgResult r = holder->exec("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND "
                                          "datname = current_database()");
            return r.ok() ? int(r.int64(0, 0)) : -1;
        };
        QSignalSpy conflictsA(a.workspace(), &WorkspaceController::conflict);
        QSignalSpy conflicts(b.workspace(), &WorkspaceController::conflict);
        a.workspace()->setGroupState(contested, TriageState::Fixed);  // returns while the save waits
        QCOMPARE(stateOf(a, contested), TriageState::Fixed);
        QTRY_COMPARE_WITH_TIMEOUT(waiting(), 1, 10000);
        int ticks = 0;  // the event loop runs meanwhile
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, [&ticks] { ++ticks; });
        ticker.start(5);
        QTRY_VERIFY_WITH_TIMEOUT(ticks >= 10, 10000);
        QCOMPARE(waiting(), 1);
        a.workspace()->setGroupState(g2, TriageState::Bug);  // another edit meanwhile: sent after
        b.workspace()->setGroupState(contested, TriageState::Accepted);
        QTRY_COMPARE_WITH_TIMEOUT(waiting(), 2, 10000);
        QVERIFY2(holder->run("COMMIT", "test", &error), error.c_str());

        QTRY_COMPARE_WITH_TIMEOUT(conflicts.count(), 1, 10000);
        QVERIFY(conflicts.at(0).at(0).toString().contains(QStringLiteral("changed by")));
        QCOMPARE(conflictsA.count(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(b, contested), TriageState::Fixed, 10000);
        QVERIFY(a.workspace()->waitForSharedSaves(10000));
        QVERIFY(b.workspace()->waitForSharedSaves(10000));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(b, g2), TriageState::Bug, 10000);
        QTest::qWait(300);  // anything B might (wrongly) have written would reach A by now
        QCOMPARE(stateOf(a, contested), TriageState::Fixed);

        // What the database holds is what both windows show.
        auto db = pg::PgWorkspace::open(m_uri, &error);
        QVERIFY2(db, error.c_str());
        auto item = db->item("groups", contested, &error);
        QVERIFY(item);
        QVERIFY(QString::fromStdString(item->value).contains(QStringLiteral("fixed")));
        auto other = db->item("groups", g2, &error);
        QVERIFY(other);
        QVERIFY(QString::fromStdString(other->value).contains(QStringLiteral("bug")));
    }

    // Edits made just before the window closes still reach the server (closing waits for them).
    void editsBeforeClosingAreSaved() {
        std::string g;
        {
            MainWindow w;
            w.setWorkspaceLocation(QString::fromStdString(m_uri));
            QVERIFY(test::showAndLoad(w, m_store));
            QVERIFY(w.workspace()->isShared());
            g = w.analysis()->groups().back().signature;
            w.workspace()->setGroupState(g, TriageState::IntendedFix);
            w.workspace()->setGroupText(g, QStringLiteral("ana"), QStringLiteral("closing note"), QString());
        }  // destroyed at once, edits possibly still on their way
        std::string error;
        auto db = pg::PgWorkspace::open(m_uri, &error);
        QVERIFY2(db, error.c_str());
        auto item = db->item("groups", g, &error);
        QVERIFY(item);
        QVERIFY(QString::fromStdString(item->value).contains(QStringLiteral("closing note")));
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
