// SPDX-License-Identifier: MIT
// Triage states in the window, from the keyboard, kept in the store's workspace: a key sets the
// state of the current group or cause, owner and note edit inline, everything is in the
// .difftriage file at once and comes back when the store is opened again; a group marked fixed
// that still has records is flagged as a regression; a re-run's new groups are flagged new; the
// workspace brings its rules file back.
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

#include "core/triage/workspace_io.h"
#include "ui/causesmodel.h"
#include "ui/groupsmodel.h"
#include "ui/groupsproxy.h"
#include "ui/mainwindow.h"
#include "ui/rulescontroller.h"
#include "ui/workspacecontroller.h"
#include "window_fixture.h"

using namespace dt;

class TestTriageStates : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    static bool generate(const QString& path, const QString& seed) {
        return test::generateStore({QStringLiteral("--profile"), QStringLiteral("cooccurring"),
                                    QStringLiteral("--records"), QStringLiteral("2000"), QStringLiteral("--seed"), seed,
                                    QStringLiteral("--jsonl"), path});
    }
    static bool load(MainWindow& w, const QString& store, const QString& wsDir) {
        return test::showAndLoad(w, store, wsDir);
    }
    static QString triageOfRow(MainWindow& w, int row) {
        return w.groupsView()->model()->index(row, GroupsModel::Triage).data().toString();
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        test::useScratchSettings(m_dir, QStringLiteral("tst_triagestates"));
    }

    void statesByKeySavedAndRestored() {
        const QString store = m_dir.filePath(QStringLiteral("a.jsonl"));
        const QString wsDir = m_dir.filePath(QStringLiteral("ws-a"));
        QVERIFY(generate(store, QStringLiteral("3")));
        std::string bugSig, fixedSig, causeId;
        QString wsPath;
        {
            MainWindow w;
            QVERIFY(load(w, store, wsDir));
            QVERIFY(w.workspace()->isOpen());
            wsPath = w.workspace()->path();
            QVERIFY(wsPath.startsWith(wsDir));
            QVERIFY(QFile::exists(wsPath));                       // created on open
            QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);  // focus the groups
            QTRY_VERIFY(w.groupsView()->hasFocus());
            QVERIFY(w.selectGroupRow(0));
            bugSig = w.analysis()->groups()[size_t(w.currentGroup())].signature;
            QTest::keyClick(w.groupsView(), Qt::Key_B);
            QVERIFY(triageOfRow(w, 0).startsWith(QStringLiteral("bug")));
            QVERIFY(w.selectGroupRow(1));
            fixedSig = w.analysis()->groups()[size_t(w.currentGroup())].signature;
            QTest::keyClick(w.groupsView(), Qt::Key_X);
            // Marked fixed in this session: not a regression of this run.
            QVERIFY(!w.workspace()->group(fixedSig)->regression);
            QCOMPARE(w.workspace()->group(fixedSig)->state, TriageState::Fixed);
            // Owner inline (the model's edit path, as F2 uses it).
            QVERIFY(w.groupsView()->model()->setData(w.groupsView()->model()->index(0, GroupsModel::Owner),
                                                     QStringLiteral("alice")));
            QVERIFY(triageOfRow(w, 0).contains(QStringLiteral("@alice")));
            // A cause: Ctrl+5, then I.
            QTest::keyClick(&w, Qt::Key_5, Qt::ControlModifier);
            QTRY_VERIFY(w.causesView()->hasFocus());
            w.causesView()->setCurrentIndex(w.causesModel()->index(0, 0));
            causeId = w.causesModel()->causes().causes[0].id;
            QTest::keyClick(w.causesView(), Qt::Key_I);
            QCOMPARE(w.causesModel()->index(0, CausesModel::Triage).data().toString().left(13),
                     QStringLiteral("investigating"));
            // Already on disk, before any explicit save.
            std::vector<WorkspaceError> errors;
            const auto ws = loadWorkspace(wsPath.toStdString(), &errors);
            QVERIFY(ws);
            QCOMPARE(ws->groups.at(bugSig).state, TriageState::Bug);
            QCOMPARE(ws->groups.at(bugSig).owner, std::string("alice"));
            QCOMPARE(ws->groups.at(fixedSig).state, TriageState::Fixed);
            QCOMPARE(ws->causes.at(causeId).state, TriageState::Investigating);
        }
        // Open again: the states are back; the group marked fixed still has records: regression.
        MainWindow w;
        QVERIFY(load(w, store, wsDir));
        QCOMPARE(w.workspace()->path(), wsPath);
        const TriageAnnotation* bug = w.workspace()->group(bugSig);
        QVERIFY(bug);
        QCOMPARE(bug->state, TriageState::Bug);
        QCOMPARE(bug->owner, std::string("alice"));
        QVERIFY(!bug->new_since);
        const TriageAnnotation* fixed = w.workspace()->group(fixedSig);
        QVERIFY(fixed && fixed->regression);
        const int row = w.groupsProxy()->rowOfGroup(*w.analysis()->findGroup(fixedSig));
        QVERIFY(triageOfRow(w, row).contains(QStringLiteral("regression")));
        QCOMPARE(w.workspace()->cause(causeId)->state, TriageState::Investigating);
    }

    // A newer run of the store under the same workspace: groups it did not have are flagged new.
    void newGroupsOfANewerRunAreFlagged() {
        const QString store = m_dir.filePath(QStringLiteral("b.jsonl"));
        const QString wsDir = m_dir.filePath(QStringLiteral("ws-b"));
        QVERIFY(generate(store, QStringLiteral("4")));
        std::set<std::string> first;
        {
            MainWindow w;
            QVERIFY(load(w, store, wsDir));
            for (const Group& g : w.analysis()->groups()) {
                first.insert(g.signature);
                QVERIFY(!w.workspace()->group(g.signature)->new_since);  // the first open flags nothing
            }
        }
        QVERIFY(generate(store, QStringLiteral("5")));  // the next run, same path
        MainWindow w;
        QVERIFY(load(w, store, wsDir));
        size_t fresh = 0;
        for (const Group& g : w.analysis()->groups()) {
            const bool isNew = !first.count(g.signature);
            QCOMPARE(w.workspace()->group(g.signature)->new_since, isNew);
            fresh += isNew;
        }
        QVERIFY(fresh > 0);
    }

    // The workspace remembers the rules file: edits go to it, and it is loaded with the store.
    void rulesFileComesBackWithTheStore() {
        const QString store = m_dir.filePath(QStringLiteral("c.jsonl"));
        const QString wsDir = m_dir.filePath(QStringLiteral("ws-c"));
        QVERIFY(generate(store, QStringLiteral("6")));
        Rule r;
        r.kind = RuleKind::IgnoreHeader;
        r.header = "content-type";
        r.reason = "charset only";
        r.remove_when = "never";
        {
            MainWindow w;
            QVERIFY(load(w, store, wsDir));
            QSignalSpy applied(&w, &MainWindow::rulesApplied);
            QVERIFY(w.rulesController()->addRules({r}, QStringLiteral("add")));
            QVERIFY(applied.wait(120000));
            QVERIFY(QFile::exists(w.rulesController()->filePath()));
            QCOMPARE(QString::fromStdString(w.workspace()->workspace().rules_path), w.rulesController()->filePath());
        }
        MainWindow w;
        QSignalSpy applied(&w, &MainWindow::rulesApplied);
        QVERIFY(load(w, store, wsDir));
        QCOMPARE(w.rulesController()->config().rules.size(), size_t(1));
        QCOMPARE(w.rulesController()->config().rules[0].header, std::string("content-type"));
        QVERIFY(applied.wait(120000) || !applied.isEmpty());
        QVERIFY(!w.analysis()->ruleRecords(w.rulesController()->config().rules[0].id).empty());
    }
};

QTEST_MAIN(TestTriageStates)
#include "tst_triagestates.moc"
