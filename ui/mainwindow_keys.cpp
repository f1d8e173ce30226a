// SPDX-License-Identifier: MIT
// MainWindow's keyboard loop: F7 / Shift+F7 (and Alt+Down / Alt+Up, n / p) walk the differences
// across record and group boundaries from any focus; Tab / Shift+Tab move between panes (never cell
// by cell, never changing the record); Ctrl+Tab / Ctrl+PgDn cycle the detail tabs; Home / End (and
// Ctrl+End) reach the first / last row, the real last one of a big group. Keys: docs/gui.md.
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QKeyEvent>
#include <QLocale>
#include <QMenu>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>

#include "ui/detailtabs.h"
#include "ui/diffview.h"
#include "ui/filterbar.h"
#include "ui/groupsmodel.h"
#include "ui/groupsproxy.h"
#include "ui/mainwindow.h"
#include "ui/problemspanel.h"
#include "ui/recordsmodel.h"
#include "ui/shortcutsdialog.h"
#include "ui/sidebysideview.h"

namespace dt {

void MainWindow::setupKeyboard() {
    QTableView* differences = m_diff->differencesTable();
    for (QTableView* view : {m_groupsView, m_causesView, m_recordsView, differences}) {
        view->setTabKeyNavigation(false);  // Tab leaves the table instead of walking its cells
        view->installEventFilter(this);
    }
    QWidget* left = m_diff->sideBySide()->pane(DiffPane::Left);
    QWidget* right = m_diff->sideBySide()->pane(DiffPane::Right);
    QWidget::setTabOrder(m_filterBar->clearButton(), m_groupsView);
    QWidget::setTabOrder(m_groupsView, m_recordsView);
    QWidget::setTabOrder(m_recordsView, left);
    QWidget::setTabOrder(left, right);
    QWidget::setTabOrder(right, differences);
    QWidget::setTabOrder(differences, m_diff->detailTabs());

    connect(m_diff, &DiffView::boundaryReached, this, &MainWindow::stepIntoNeighbourRecord);

    auto* nextTab = new QAction(tr("Next Detail Tab"), this);
    nextTab->setObjectName(QStringLiteral("nextDetailTab"));
    nextTab->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Tab), QKeySequence(Qt::CTRL | Qt::Key_PageDown)});
    auto* previousTab = new QAction(tr("Previous Detail Tab"), this);
    previousTab->setObjectName(QStringLiteral("previousDetailTab"));
    previousTab->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_PageUp), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab)});
    for (QAction* a : {nextTab, previousTab}) {
        a->setShortcutContext(Qt::WindowShortcut);
        addAction(a);
    }
    connect(nextTab, &QAction::triggered, this, [this] { cycleDetailTab(+1); });
    connect(previousTab, &QAction::triggered, this, [this] { cycleDetailTab(-1); });
    if (QMenu* view = findChild<QMenu*>(QStringLiteral("viewMenu"))) view->addActions({nextTab, previousTab});
    addShortcutsToToolTips(this);
}

void MainWindow::cycleDetailTab(int direction) {
    QTabWidget* tabs = m_diff->detailTabs();
    const int count = tabs->count();
    if (count == 0) return;
    int i = tabs->currentIndex();
    for (int step = 0; step < count; ++step) {  // skip disabled tabs
        i = (i + direction + count) % count;
        if (tabs->isTabEnabled(i)) break;
    }
    tabs->setCurrentIndex(i);
    statusBar()->showMessage(tr("Detail tab: %1").arg(tabs->tabText(i).remove(QLatin1Char('&'))), 2000);
}

void MainWindow::stepIntoNeighbourRecord(int direction) {
    if (!m_analysis) return;
    const int row = m_recordsView->currentIndex().row();
    const int total = m_recordsModel->totalRows();
    const int target = row < 0 ? (direction > 0 ? 0 : total - 1) : row + direction;
    const QLocale locale;
    if (target >= 0 && target < total) {
        m_recordsModel->fetchUpTo(target);
        m_enterAtLast = direction < 0;
        selectRecordRow(target);
        m_enterAtLast = false;
        statusBar()->showMessage(
            (direction > 0 ? tr("Next record: %1 (%2 of %3)") : tr("Previous record: %1 (%2 of %3)"))
                .arg(m_recordsModel->correlationId(target), locale.toString(target + 1), locale.toString(total)),
            4000);
        return;
    }
    const int groupRow = m_groupsView->currentIndex().row();
    const int nextGroup = groupRow + direction;
    if (groupRow >= 0 && nextGroup >= 0 && nextGroup < m_groupsProxy->rowCount()) {
        m_enterAtLast = direction < 0;
        selectGroupRow(nextGroup);  // shows its first record
        if (direction < 0 && m_recordsModel->totalRows() > 1) {
            m_recordsModel->fetchUpTo(m_recordsModel->totalRows() - 1);
            selectRecordRow(m_recordsModel->totalRows() - 1);
        }
        m_enterAtLast = false;
        statusBar()->showMessage(
            (direction > 0 ? tr("Next group: %1") : tr("Previous group: %1"))
                .arg(m_groupsView->currentIndex().siblingAtColumn(GroupsModel::Differences).data().toString()),
            4000);
        return;
    }
    statusBar()->showMessage(
        direction > 0 ? tr("Last difference of the last record") : tr("First difference of the first record"), 4000);
}

bool MainWindow::handleTableKey(QTableView* view, QKeyEvent* key) {
    const auto mods = key->modifiers() & ~Qt::KeypadModifier;
    const bool home = key->key() == Qt::Key_Home, end = key->key() == Qt::Key_End;
    if (!(home || end) || !(mods == Qt::NoModifier || mods == Qt::ControlModifier)) return false;
    QAbstractItemModel* model = view->model();
    int last = model->rowCount() - 1;
    if (end && view == m_recordsView) {
        m_recordsModel->fetchUpTo(m_recordsModel->totalRows() - 1);
        last = m_recordsModel->rowCount() - 1;
    }
    if (last < 0) return true;
    const int row = home ? 0 : last;
    const int column = std::max(0, view->currentIndex().column());
    const QModelIndex index = model->index(row, column);
    view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view->scrollTo(index);
    return true;
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (auto* view = qobject_cast<QTableView*>(watched);
            view && (handleTriageKey(view, key) || handleTableKey(view, key)))
            return true;
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::copyFromFocus() {
    QWidget* focus = QApplication::focusWidget();
    QString text;
    if (focus == m_groupsView)
        text = m_groupsView->currentIndex().data(GroupsModel::SignatureRole).toString();
    else if (focus == m_recordsView)
        text = m_recordsModel->correlationId(m_recordsView->currentIndex().row());
    else if (m_diff->detail())
        return m_diff->copyCorrelationId();
    if (text.isEmpty()) return;
    QApplication::clipboard()->setText(text);
    statusBar()->showMessage(tr("Copied %1").arg(text), 3000);
}

}  // namespace dt
