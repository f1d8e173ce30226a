// SPDX-License-Identifier: MIT
// The basic triage loop driven with key events only, as a Meld/KDiff3 user would: open, filter by
// typing, walk groups, records and differences with F7 / Alt+Down across record and group
// boundaries, move between panes with Tab, switch detail tabs with Ctrl+Tab, reach the real last
// record with End, copy an id, open the F1 sheet. Asserts selection, focus and the differences
// reached, in document order.
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "core/compare/difference.h"
#include "ui/causesmodel.h"
#include "ui/dashboard.h"
#include "ui/detailtabs.h"
#include "ui/differencesmodel.h"
#include "ui/diffview.h"
#include "ui/filterbar.h"
#include "ui/groupsmodel.h"
#include "ui/groupsproxy.h"
#include "ui/mainwindow.h"
#include "ui/recordsmodel.h"
#include "ui/shortcutsdialog.h"
#include "ui/sidebysideview.h"

using namespace dt;

namespace {

const QString kSample = QStringLiteral(DT_SAMPLES "/sample.jsonl");

// Where the walk is: (record, difference path) of the shown record.
struct Position {
    uint32_t record = kNone;
    int stop = -1;
    std::string path;
    DiffKind kind = DiffKind::Changed;
};

Position position(MainWindow& w, DiffView* diff) {
    Position p;
    p.record = w.currentRecord();
    p.stop = diff->currentStop();
    const int row = diff->currentDifference();
    if (row >= 0) {
        const Difference& d = diff->differencesModel()->difference(row);
        p.path = d.path;
        p.kind = d.kind;
    }
    return p;
}

}  // namespace

class TestKeyboardLoop : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_big;

    bool loadInto(MainWindow& w, const QString& path) {
        QSignalSpy loaded(&w, &MainWindow::storeLoaded);
        w.openStore(path);
        return loaded.wait(120000) || !loaded.isEmpty();
    }
    // A non-interactive window (no dialogs) at 1400×900, shown and active: keys reach it.
    static bool showActive(MainWindow& w) {
        w.setInteractive(false);
        w.resize(1400, 900);
        w.show();
        return QTest::qWaitForWindowActive(&w);
    }
    static DiffView* diffOf(MainWindow& w) { return qobject_cast<DiffView*>(w.diffPane()); }
    static bool ready(DiffView* d) { return d->state() == DiffView::State::Ready && !d->isBuilding(); }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        QCoreApplication::setOrganizationName(QStringLiteral("difftriage-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_keyboardloop"));
        m_big = m_dir.filePath(QStringLiteral("big.jsonl"));
        QProcess gen;
        gen.start(QStringLiteral(DT_GEN),
                  {QStringLiteral("--records"), QStringLiteral("50000"), QStringLiteral("--mismatch-rate"),
                   QStringLiteral("0.9"), QStringLiteral("--jsonl"), m_big});
        QVERIFY(gen.waitForFinished(120000));
        QCOMPARE(gen.exitCode(), 0);
    }

    void walksDifferencesAcrossRecordsFromAnyFocus() {
        MainWindow w;
        QVERIFY(showActive(w));
        QVERIFY(loadInto(w, kSample));
        DiffView* diff = diffOf(w);
        QVERIFY(diff);
        QTRY_VERIFY(ready(diff));

        // Focus in the records list (Ctrl+2), then F7 only.
        QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);
        QTRY_VERIFY(w.recordsView()->hasFocus());
        const int group = w.currentGroup();
        const int records = w.recordsModel()->totalRows();
        QVERIFY2(records >= 2, "the sample's first group has several records");
        const uint32_t first = w.currentRecord();
        QCOMPARE(diff->currentStop(), 0);
        const int stops = diff->stopCount();
        QVERIFY(stops >= 1);

        // Every F7 inside the record moves one stop down the document.
        std::vector<Position> walk{position(w, diff)};
        for (int i = 1; i < stops; ++i) {
            QTest::keyClick(w.recordsView(), Qt::Key_F7);
            walk.push_back(position(w, diff));
            QCOMPARE(walk.back().record, first);
            QCOMPARE(walk.back().stop, i);
        }
        for (size_t i = 1; i < walk.size(); ++i)
            if (isBodyKind(walk[i - 1].kind) && isBodyKind(walk[i].kind))
                QVERIFY2(comparePointers(walk[i - 1].path, walk[i].path) <= 0,
                         qPrintable(
                             QStringLiteral("document order: %1 then %2")
                                 .arg(QString::fromStdString(walk[i - 1].path), QString::fromStdString(walk[i].path))));
        QVERIFY(w.recordsView()->hasFocus());                // the walk never steals focus
        QCOMPARE(w.recordsView()->currentIndex().row(), 0);  // and the row only moved with it

        // Past the last difference: the next record, at its first difference, with a note.
        QTest::keyClick(w.recordsView(), Qt::Key_F7);
        QCOMPARE(w.recordsView()->currentIndex().row(), 1);
        QVERIFY(w.currentRecord() != first);
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("Next record")));
        QTRY_VERIFY(ready(diff));
        QCOMPARE(diff->currentStop(), 0);
        QCOMPARE(w.currentGroup(), group);

        // Shift+F7 at the first difference goes back into the previous record, at its last one.
        QTest::keyClick(w.recordsView(), Qt::Key_F7, Qt::ShiftModifier);
        QCOMPARE(w.currentRecord(), first);
        QTRY_VERIFY(ready(diff));
        QCOMPARE(diff->currentStop(), stops - 1);

        // Alt+Up / Alt+Down from the groups table walk the differences, never the groups.
        QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
        QTRY_VERIFY(w.groupsView()->hasFocus());
        const int groupRow = w.groupsView()->currentIndex().row();
        if (stops >= 2) {
            QTest::keyClick(w.groupsView(), Qt::Key_Up, Qt::AltModifier);
            QCOMPARE(diff->currentStop(), stops - 2);
            QTest::keyClick(w.groupsView(), Qt::Key_Down, Qt::AltModifier);
            QCOMPARE(diff->currentStop(), stops - 1);
        }
        QCOMPARE(w.groupsView()->currentIndex().row(), groupRow);
        QCOMPARE(w.currentRecord(), first);

        // n / p in a diff pane do the same as F7 / Shift+F7.
        QWidget* pane = diff->sideBySide()->pane(DiffPane::Left);
        pane->setFocus(Qt::TabFocusReason);
        QTRY_VERIFY(pane->hasFocus());
        QTest::keyClick(pane, Qt::Key_N);  // past the last: into record row 1
        QCOMPARE(w.recordsView()->currentIndex().row(), 1);
        QTRY_VERIFY(ready(diff));
        QTest::keyClick(pane, Qt::Key_P);
        QCOMPARE(w.currentRecord(), first);

        // At the last record of a group, F7 continues into the next group's first record.
        QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);
        QTRY_VERIFY(w.recordsView()->hasFocus());
        QTest::keyClick(w.recordsView(), Qt::Key_End);
        QCOMPARE(w.recordsView()->currentIndex().row(), records - 1);
        QTRY_VERIFY(ready(diff));
        if (w.groupsProxy()->rowCount() > groupRow + 1) {
            for (int guard = 0; guard < 200 && w.groupsView()->currentIndex().row() == groupRow; ++guard) {
                QTest::keyClick(w.recordsView(), Qt::Key_F7);
                QTRY_VERIFY(ready(diff));
            }
            QCOMPARE(w.groupsView()->currentIndex().row(), groupRow + 1);
            QCOMPARE(w.recordsView()->currentIndex().row(), 0);
            QCOMPARE(diff->currentStop(), 0);
            QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("Next group")));
        }
    }

    void tabMovesBetweenPanesWithoutChangingTheRecord() {
        MainWindow w;
        QVERIFY(showActive(w));
        QVERIFY(loadInto(w, kSample));
        DiffView* diff = diffOf(w);
        QTRY_VERIFY(ready(diff));
        QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
        QTRY_VERIFY(w.groupsView()->hasFocus());
        const uint32_t record = w.currentRecord();
        const int groupRow = w.groupsView()->currentIndex().row();

        const QList<QWidget*> order = {w.recordsView(), diff->sideBySide()->pane(DiffPane::Left),
                                       diff->sideBySide()->pane(DiffPane::Right), diff->differencesTable()};
        for (QWidget* expected : order) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            QTRY_COMPARE(QApplication::focusWidget(), expected);
            QCOMPARE(w.currentRecord(), record);
            QCOMPARE(w.groupsView()->currentIndex().row(), groupRow);
        }
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QTRY_VERIFY(diff->detailTabs()->isAncestorOf(QApplication::focusWidget()) ||
                    QApplication::focusWidget() == diff->detailTabs());
        // And back.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab, Qt::ShiftModifier);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(diff->differencesTable()));
        for (int i = int(order.size()) - 2; i >= 0; --i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab, Qt::ShiftModifier);
            QTRY_COMPARE(QApplication::focusWidget(), order[i]);
        }
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab, Qt::ShiftModifier);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(w.groupsView()));
        QCOMPARE(w.currentRecord(), record);

        // Ctrl+Tab / Ctrl+PgDn cycle the detail tabs from anywhere; Ctrl+PgUp goes back.
        QTabWidget* tabs = diff->detailTabs();
        const int tab = tabs->currentIndex();
        QTest::keyClick(w.groupsView(), Qt::Key_Tab, Qt::ControlModifier);
        QVERIFY(tabs->currentIndex() != tab);
        const int next = tabs->currentIndex();
        QTest::keyClick(w.groupsView(), Qt::Key_PageUp, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), tab);
        QTest::keyClick(w.recordsView(), Qt::Key_PageDown, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), next);
        QCOMPARE(w.currentRecord(), record);
    }

    // Ctrl+7 shows the dashboard; every focus key brings the Triage tab back with its pane focused.
    void dashboardAndBackFromTheKeyboard() {
        MainWindow w;
        QVERIFY(showActive(w));
        QVERIFY(loadInto(w, kSample));
        auto* tabs = w.findChild<QTabWidget*>(QStringLiteral("mainTabs"));
        QVERIFY(tabs);
        for (const Qt::Key back : {Qt::Key_1, Qt::Key_2, Qt::Key_5, Qt::Key_6}) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_7, Qt::ControlModifier);
            QTRY_COMPARE(tabs->currentWidget(), static_cast<QWidget*>(w.dashboard()));
            QVERIFY(w.dashboard()->isVisible());
            QTest::keyClick(QApplication::focusWidget(), back, Qt::ControlModifier);
            QTRY_COMPARE(tabs->currentIndex(), 0);
            QTRY_VERIFY(QApplication::focusWidget() && QApplication::focusWidget()->isVisible());
            QVERIFY(!w.dashboard()->isAncestorOf(QApplication::focusWidget()));
        }
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_1, Qt::ControlModifier);
        QTRY_VERIFY(w.groupsView()->hasFocus());
    }

    void endReachesTheRealLastRecordAndCopiesIt() {
        MainWindow w;
        QVERIFY(showActive(w));
        QVERIFY(loadInto(w, m_big));
        // The biggest group: more members than one fetch batch.
        int biggest = -1;
        size_t size = 0;
        for (int row = 0; row < w.groupsProxy()->rowCount(); ++row) {
            const size_t n = w.analysis()->groups()[size_t(w.groupsProxy()->groupAt(row))].members.size();
            if (n > size) {
                size = n;
                biggest = row;
            }
        }
        QVERIFY(biggest >= 0);
        QVERIFY2(size > size_t(RecordsModel::kFetchBatch), "the generated store has a group bigger than one batch");
        QVERIFY(w.selectGroupRow(biggest));
        QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);
        QTRY_VERIFY(w.recordsView()->hasFocus());
        QVERIFY(w.recordsModel()->rowCount() < int(size));  // lazily fetched so far
        QTest::keyClick(w.recordsView(), Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(w.recordsView()->currentIndex().row(), int(size) - 1);
        const Group& g = w.analysis()->groups()[size_t(w.groupsProxy()->groupAt(biggest))];
        QCOMPARE(w.currentRecord(), g.members.back());
        QTest::keyClick(w.recordsView(), Qt::Key_Home);
        QCOMPARE(w.recordsView()->currentIndex().row(), 0);
        QTest::keyClick(w.recordsView(), Qt::Key_End);
        QCOMPARE(w.recordsView()->currentIndex().row(), int(size) - 1);
        QApplication::clipboard()->clear();
        QTest::keyClick(w.recordsView(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(),
                 QString::fromUtf8(w.analysis()->id(w.analysis()->records()[g.members.back()])));
    }

    void filterByTypingKeepsWhatWasTyped() {
        MainWindow w;
        QVERIFY(showActive(w));
        QVERIFY(loadInto(w, kSample));
        w.filterBar()->setDebounce(0);
        // A fragment of a real endpoint, typed into the endpoint box: the completion must not rewrite it.
        const std::string endpoint = w.analysis()->endpoints()[w.analysis()->groups().front().endpoint];
        const size_t slash = endpoint.find('/');
        QVERIFY(slash != std::string::npos && endpoint.size() > slash + 3);
        const QString typed = QString::fromStdString(endpoint.substr(slash + 1, 3));
        QComboBox* box = w.filterBar()->endpointBox();
        box->setFocus(Qt::TabFocusReason);
        QTRY_VERIFY(box->hasFocus() || box->lineEdit()->hasFocus());
        QSignalSpy applied(&w, &MainWindow::filterApplied);
        QTest::keyClicks(box->lineEdit(), typed);
        QCOMPARE(box->currentText(), typed);
        QCOMPARE(box->lineEdit()->text(), typed);
        QVERIFY(applied.wait(10000) || !applied.isEmpty());
        QVERIFY(w.groupsProxy()->rowCount() > 0);
        for (int row = 0; row < w.groupsProxy()->rowCount(); ++row) {
            const Group& g = w.analysis()->groups()[size_t(w.groupsProxy()->groupAt(row))];
            const std::string& e = w.analysis()->endpoints()[g.endpoint];
            QVERIFY2(QString::fromStdString(e).contains(typed, Qt::CaseInsensitive), e.c_str());
        }
        // Ctrl+Shift+F clears every field, the time range too.
        w.filterBar()->timeBox()->setChecked(true);
        const QDateTime from = w.filterBar()->fromEdit()->dateTime();
        w.filterBar()->fromEdit()->setDateTime(from.addSecs(60));
        QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(box->currentText(), QString());
        QVERIFY(!w.filterBar()->timeBox()->isChecked());
        QCOMPARE(w.filterBar()->fromEdit()->dateTime(), from);
        QVERIFY(w.filterBar()->spec().isEmpty());
    }

    void lookupOfAnUngroupedIdShowsItWithItsOutcome() {
        MainWindow w;
        QVERIFY(showActive(w));
        QVERIFY(loadInto(w, kSample));
        w.filterBar()->setDebounce(0);
        const auto& records = w.analysis()->records();
        uint32_t match = kNone;
        for (uint32_t r = 0; r < records.size() && match == kNone; ++r)
            if (records[r].group == kNone && records[r].outcome == Outcome::Match) match = r;
        QVERIFY(match != kNone);
        const QString id = QString::fromUtf8(w.analysis()->id(records[match]));
        QSignalSpy applied(&w, &MainWindow::filterApplied);
        w.filterBar()->idEdit()->setFocus();
        QTest::keyClicks(w.filterBar()->idEdit(), id);
        QTRY_VERIFY(!applied.isEmpty());
        DiffView* diff = diffOf(w);
        QTRY_COMPARE(diff->recordIndex().value_or(kNone), match);
        QTRY_VERIFY(ready(diff));
        QVERIFY(diff->titleText().contains(QStringLiteral("match")));
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("recordsLabel"))->text().contains(QStringLiteral("match")));
    }

    void filterTypedDuringTheFirstLoadApplies() {
        MainWindow w;
        QVERIFY(showActive(w));
        w.filterBar()->setDebounce(0);
        QSignalSpy loaded(&w, &MainWindow::storeLoaded);
        w.openStore(m_big);
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("welcome"))->text().contains(QStringLiteral("Loading")));
        QVERIFY(w.filterBar()->isVisible() && w.filterBar()->isEnabled());
        QComboBox* box = w.filterBar()->endpointBox();
        QTest::keyClicks(box->lineEdit(), QStringLiteral("users"));
        QVERIFY(loaded.wait(120000) || !loaded.isEmpty());
        QCOMPARE(box->currentText(), QStringLiteral("users"));
        QTRY_VERIFY(w.filterResult() != nullptr);
        QVERIFY(w.groupsProxy()->rowCount() > 0);
        QVERIFY(w.groupsProxy()->rowCount() < int(w.analysis()->groups().size()));
        for (int row = 0; row < w.groupsProxy()->rowCount(); ++row) {
            const Group& g = w.analysis()->groups()[size_t(w.groupsProxy()->groupAt(row))];
            QVERIFY(QString::fromStdString(w.analysis()->endpoints()[g.endpoint]).contains(QStringLiteral("users")));
        }
    }

    void aCauseFiltersGroupsAndRecords() {
        MainWindow w;
        QVERIFY(showActive(w));
        QVERIFY(loadInto(w, kSample));
        QVERIFY(w.causesModel()->rowCount() > 0);
        QTest::keyClick(&w, Qt::Key_5, Qt::ControlModifier);  // Focus Causes: its tab comes up
        QTRY_VERIFY(w.causesView()->hasFocus());
        QCOMPARE(w.upperTabs()->currentWidget(), static_cast<QWidget*>(w.causesView()));
        QTest::keyClick(w.causesView(), Qt::Key_Down);  // the second cause, by keyboard
        const int row = w.causesView()->currentIndex().row();
        QVERIFY(row >= 0);
        const auto filter = w.causesModel()->causeFilter(row);
        QVERIFY(filter);
        QTRY_COMPARE(w.groupsProxy()->rowCount(), int(filter->visibleGroups));
        QVERIFY(filter->visibleGroups >= 1);
        for (int r = 0; r < w.groupsProxy()->rowCount(); ++r)
            QVERIFY(filter->groupVisible[size_t(w.groupsProxy()->groupAt(r))]);
        QVERIFY(w.filterBar()->findChild<QLabel*>() != nullptr);
        // The records shown belong to the cause's first group; Ctrl+1 brings the groups back.
        QCOMPARE(w.currentGroup(), w.groupsProxy()->groupAt(0));
        QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
        QTRY_VERIFY(w.groupsView()->hasFocus());
        QCOMPARE(w.upperTabs()->currentWidget(), static_cast<QWidget*>(w.groupsView()));
    }

    void f1SheetListsEveryShortcut() {
        MainWindow w;
        QVERIFY(showActive(w));
        QTest::keyClick(&w, Qt::Key_F1);
        ShortcutsDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = w.findChild<ShortcutsDialog*>()) != nullptr);
        QStringList sheet;
        for (int row = 0; row < dialog->table()->rowCount(); ++row)
            sheet << dialog->table()->item(row, 0)->text() + QLatin1Char('|') + dialog->table()->item(row, 1)->text();
        int checked = 0;
        for (const QAction* a : w.findChildren<QAction*>()) {
            if (a->shortcut().isEmpty()) continue;
            const QString key = a->shortcut().toString(QKeySequence::NativeText);
            bool found = false;
            for (const QString& line : sheet) found = found || line.startsWith(key);
            QVERIFY2(found, qPrintable(QStringLiteral("%1 (%2) is missing from the F1 sheet").arg(a->text(), key)));
            QVERIFY2(a->toolTip().contains(key),
                     qPrintable(QStringLiteral("tooltip of %1 shows %2").arg(a->text(), key)));
            ++checked;
        }
        QVERIFY(checked >= 10);
        for (const QString& key :
             {QStringLiteral("F7"), QStringLiteral("Alt+Down"), QStringLiteral("n / p"), QStringLiteral("Ctrl+Tab")})
            QVERIFY2(sheet.filter(key).size() >= 1, qPrintable(key));
        // One Copy item in the Edit menu.
        int copies = 0;
        for (const QAction* a : w.findChildren<QAction*>())
            if (a->objectName() == QStringLiteral("editCopy")) ++copies;
        QCOMPARE(copies, 1);
        dialog->close();
    }
};

QTEST_MAIN(TestKeyboardLoop)
#include "tst_keyboardloop.moc"
