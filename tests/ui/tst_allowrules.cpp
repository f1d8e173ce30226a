// SPDX-License-Identifier: MIT
// Allow… end to end on a generated co-occurring store: the dialog opens with the engine's exact
// draft, its live preview runs off the GUI thread, Save applies the rules and the analysis then
// holds exactly what the preview said; a rule hiding a group marked bug needs a second
// confirmation; undo/redo restore the rules and the groups; the Rules tab's keys enable, disable,
// delete and edit; rules files round-trip and a broken one applies nothing.
#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <set>

#include "core/rules/rules_io.h"
#include "ui/allowdialog.h"
#include "ui/causesmodel.h"
#include "ui/mainwindow.h"
#include "ui/ruleeditor.h"
#include "ui/rulescontroller.h"
#include "ui/rulesmodel.h"
#include "ui/rulespanel.h"
#include "window_fixture.h"

using namespace dt;

class TestAllowRules : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_store;

    bool load(MainWindow& w) {
        // Each test starts with a workspace (and so a rules file) of its own.
        return test::showAndLoad(
            w, m_store, m_dir.filePath(QStringLiteral("ws-%1").arg(QLatin1String(QTest::currentTestFunction()))));
    }
    // The first cause that is a representation-only difference (acceptable, exactly absorbable).
    static int representationCause(MainWindow& w) {
        const auto& causes = w.causesModel()->causes().causes;
        for (size_t i = 0; i < causes.size(); ++i)
            if (causes[i].representation) return int(i);
        return -1;
    }
    static AllowDialog* waitDialog(MainWindow& w, QSignalSpy& opened) {
        if (opened.isEmpty() && !opened.wait(60000)) return nullptr;
        return w.allowDialog();
    }
    static bool previewIn(AllowDialog* d) {
        return QTest::qWaitFor([d] { return !d->isPreviewing() && d->preview(); }, 120000);
    }
    static bool applied(QSignalSpy& spy) { return !spy.isEmpty() || spy.wait(120000); }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        test::useScratchSettings(m_dir, QStringLiteral("tst_allowrules"));
        m_store = m_dir.filePath(QStringLiteral("co.jsonl"));
        QVERIFY(test::generateStore({QStringLiteral("--profile"), QStringLiteral("cooccurring"),
                                     QStringLiteral("--records"), QStringLiteral("3000"), QStringLiteral("--seed"),
                                     QStringLiteral("7"), QStringLiteral("--jsonl"), m_store}));
    }

    // Allow… on a cause: the draft is exact, Save applies it, and the groups and outcome counts
    // after applying are the ones the preview announced. Undo and redo restore both states.
    void causeAllowedExactlyAsPreviewedAndUndone() {
        MainWindow w;
        QVERIFY(load(w));
        const auto before = w.analysis()->outcomeCounts();
        const size_t groupsBefore = w.analysis()->groups().size();
        const int cause = representationCause(w);
        QVERIFY(cause >= 0);
        QSignalSpy opened(&w, &MainWindow::allowDialogOpened);
        w.allowFromCause(cause);
        AllowDialog* d = waitDialog(w, opened);
        QVERIFY(d);
        QVERIFY(d->draftList()->count() >= 1);
        QVERIFY(previewIn(d));
        const RulesPreview p = *d->preview();
        QVERIFY(p.absorbed > 0);
        QCOMPARE(d->bugRecordsHidden(), uint64_t(0));
        QVERIFY(d->canSave());
        const size_t drafted = d->rules().size();

        QSignalSpy appliedSpy(&w, &MainWindow::rulesApplied);
        QTest::keyClick(d, Qt::Key_Return, Qt::ControlModifier);  // Save
        QVERIFY(applied(appliedSpy));
        QCOMPARE(w.rulesController()->config().rules.size(), drafted);
        QCOMPARE(w.analysis()->outcomeCounts(), p.counts_after);
        const auto after = w.analysis()->outcomeCounts();
        // The absorbed records left every group (allowed, or noise where only noise remains).
        QCOMPARE(before[int(Outcome::Mismatch)] + before[int(Outcome::Drift)] - after[int(Outcome::Mismatch)] -
                     after[int(Outcome::Drift)],
                 p.absorbed);
        QVERIFY(after[int(Outcome::Allowed)] > before[int(Outcome::Allowed)]);
        size_t emptied = 0;
        for (const PreviewGroup& g : p.groups) emptied += g.existed && g.count_after == 0;
        QCOMPARE(w.analysis()->groups().size(), groupsBefore - emptied + p.groupsCreated());
        for (const PreviewGroup& g : p.groups)
            if (g.fullyAbsorbed()) QVERIFY(!w.analysis()->findGroup(g.signature));
        // The Rules tab counts what each rule absorbs.
        QCOMPARE(w.rulesModel()->rowCount(), int(drafted));
        uint64_t absorbedSum = 0;
        for (const Rule& r : w.rulesController()->config().rules) absorbedSum += w.analysis()->ruleRecords(r.id).size();
        QVERIFY(absorbedSum >= p.absorbed);

        // Ctrl+Z: no rules, the groups of before; Ctrl+Shift+Z: the rules again.
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.groupsView()->setFocus();
        appliedSpy.clear();
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(applied(appliedSpy));
        QVERIFY(w.rulesController()->config().rules.empty());
        QCOMPARE(w.analysis()->outcomeCounts(), before);
        QCOMPARE(w.analysis()->groups().size(), groupsBefore);
        appliedSpy.clear();
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(applied(appliedSpy));
        QCOMPARE(w.rulesController()->config().rules.size(), drafted);
        QCOMPARE(w.analysis()->outcomeCounts(), p.counts_after);
    }

    // A group marked bug that the rules would absorb: a warning, and Save only after the second
    // confirmation.
    void hidingABugGroupNeedsConfirmation() {
        MainWindow w;
        QVERIFY(load(w));
        const int cause = representationCause(w);
        QVERIFY(cause >= 0);
        // Every group of the cause is "bug" in this workspace.
        std::set<std::string> bugs;
        for (uint32_t g : w.causesModel()->causes().causes[size_t(cause)].groups)
            bugs.insert(w.analysis()->groups()[g].signature);
        w.setStateLookup(
            [bugs](const std::string& sig) { return bugs.count(sig) ? QStringLiteral("bug") : QString(); });
        QSignalSpy opened(&w, &MainWindow::allowDialogOpened);
        w.allowFromCause(cause);
        AllowDialog* d = waitDialog(w, opened);
        QVERIFY(d);
        QVERIFY(previewIn(d));
        QVERIFY(d->bugRecordsHidden() > 0);
        QVERIFY(d->findChild<QLabel*>(QStringLiteral("bugWarning"))->isVisibleTo(d));
        QVERIFY(!d->canSave());
        QTest::keyClick(d, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(d->isVisible());  // not saved
        QVERIFY(w.rulesController()->config().rules.empty());
        d->confirmBugs()->setChecked(true);
        QVERIFY(d->canSave());
        d->reject();
    }

    // Editing in the dialog re-runs the preview; an invalid edit blocks Save and says why.
    void editingUpdatesThePreviewAndValidates() {
        MainWindow w;
        QVERIFY(load(w));
        const int cause = representationCause(w);
        QSignalSpy opened(&w, &MainWindow::allowDialogOpened);
        w.allowFromCause(cause);
        AllowDialog* d = waitDialog(w, opened);
        QVERIFY(d);
        QVERIFY(previewIn(d));
        const uint64_t absorbed = d->preview()->absorbed;
        // Scope the rule to an endpoint that does not exist: it absorbs nothing.
        auto* scope = qobject_cast<QLineEdit*>(d->editor()->field(QStringLiteral("scope")));
        QVERIFY(scope);
        scope->setText(QStringLiteral("/no-such-endpoint/**"));
        if (d->draftList()->count() == 1) {
            QVERIFY(previewIn(d));
            QVERIFY(d->preview()->absorbed < absorbed);
        }
        // An empty reason is refused by the rules validator.
        auto* reason = d->editor()->findChild<QPlainTextEdit*>(QStringLiteral("reason"));
        QVERIFY(reason);
        reason->clear();
        QVERIFY(!d->editor()->rule());
        QVERIFY(d->editor()->errors().join(QLatin1Char(' ')).contains(QLatin1String("reason")));
        QVERIFY(!d->canSave());
        d->reject();
    }

    // The Rules tab from the keyboard: Space disables (applied: the records come back), Del
    // deletes, Ctrl+Z brings it back; Save As + Open round-trip; a broken file applies nothing.
    void rulesPanelKeysAndFiles() {
        MainWindow w;
        QVERIFY(load(w));
        const auto before = w.analysis()->outcomeCounts();
        Rule r;
        r.kind = RuleKind::IgnorePath;
        r.path = "/**";
        r.reason = "test: every body difference";
        r.remove_when = "never";
        QSignalSpy appliedSpy(&w, &MainWindow::rulesApplied);
        QVERIFY(w.rulesController()->addRules({r}, QStringLiteral("add")));
        QVERIFY(applied(appliedSpy));
        const auto withRule = w.analysis()->outcomeCounts();
        QVERIFY(withRule[int(Outcome::Allowed)] > before[int(Outcome::Allowed)]);

        QTest::keyClick(&w, Qt::Key_6, Qt::ControlModifier);
        QTableView* view = w.rulesPanel()->view();
        QTRY_VERIFY(view->hasFocus());
        QVERIFY(w.rulesPanel()->selectRule(0));
        appliedSpy.clear();
        QTest::keyClick(view, Qt::Key_Space);
        QVERIFY(!w.rulesController()->config().rules[0].enabled);
        QVERIFY(applied(appliedSpy));
        QCOMPARE(w.analysis()->outcomeCounts(), before);
        QCOMPARE(w.rulesModel()->index(0, RulesModel::Absorbed).data().toString(), QStringLiteral("—"));
        appliedSpy.clear();
        QTest::keyClick(view, Qt::Key_Space);
        QVERIFY(applied(appliedSpy));
        QCOMPARE(w.analysis()->outcomeCounts(), withRule);

        // Save As, then a different file with errors: nothing applied; then Open round-trips.
        const QString saved = m_dir.filePath(QStringLiteral("rules.json"));
        QString error;
        QVERIFY2(w.rulesController()->saveAs(saved, &error), qPrintable(error));
        const RuleConfig savedConfig = w.rulesController()->config();
        const QString broken = m_dir.filePath(QStringLiteral("broken.json"));
        {
            QFile f(broken);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"version\": 2, \"rules\": [{\"kind\": \"ignore_path\", \"path\": \"no-slash\"}]}\n");
        }
        QVERIFY(!w.openRulesFile(broken));
        QCOMPARE(w.rulesController()->config(), savedConfig);

        // Every edit is written to the rules file at once: keep a copy, delete, reopen the copy.
        const QString copy = m_dir.filePath(QStringLiteral("copy.json"));
        QVERIFY(QFile::copy(saved, copy));
        QTest::keyClick(view, Qt::Key_Delete);
        QVERIFY(w.rulesController()->config().rules.empty());
        std::vector<RuleError> errors;
        QVERIFY(readRulesFile(saved.toStdString(), &errors)->rules.empty());
        QVERIFY(w.openRulesFile(copy));
        QCOMPARE(serializeRulesConfig(w.rulesController()->config()), serializeRulesConfig(savedConfig));
        QCOMPARE(w.rulesController()->config(), savedConfig);
        const auto reread = readRulesFile(copy.toStdString(), &errors);
        QVERIFY(reread);
        QCOMPARE(serializeRulesConfig(*reread), serializeRulesConfig(savedConfig));

        // Return edits the rule in the Allow dialog (the preview is built without the rule itself).
        QVERIFY(w.rulesPanel()->selectRule(0));
        QSignalSpy opened(&w, &MainWindow::allowDialogOpened);
        QTest::keyClick(view, Qt::Key_Return);
        AllowDialog* d = waitDialog(w, opened);
        QVERIFY(d);
        QVERIFY(previewIn(d));
        QVERIFY(d->preview()->absorbed > 0);  // measured against the analysis without the rule
        auto* reason = d->editor()->findChild<QPlainTextEdit*>(QStringLiteral("reason"));
        reason->setPlainText(QStringLiteral("edited reason"));
        QVERIFY(previewIn(d));
        QTest::keyClick(d, Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(w.rulesController()->config().rules.size(), size_t(1));
        QCOMPARE(w.rulesController()->config().rules[0].reason, std::string("edited reason"));
        QCOMPARE(w.rulesController()->config().rules[0].id, savedConfig.rules[0].id);
        // The edit went to the rules file at once.
        const auto onDisk = readRulesFile(copy.toStdString(), &errors);
        QVERIFY(onDisk);
        QCOMPARE(onDisk->rules[0].reason, std::string("edited reason"));
    }
};

QTEST_MAIN(TestAllowRules)
#include "tst_allowrules.moc"
