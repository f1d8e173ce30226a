// SPDX-License-Identifier: MIT
// MainWindow's menus and actions (File, Edit, View, Diff, Help) and the shortcut help.
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QTableView>

#include "ui/dashboard.h"
#include "ui/filterbar.h"
#include "ui/importdialog.h"
#include "ui/mainwindow.h"
#include "ui/recentfiles.h"
#include "ui/shortcutsdialog.h"
#include "ui/timeformat.h"

#include "ui/diffview.h"

namespace dt {

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_openAction = file->addAction(tr("&Open…"), this, &MainWindow::onOpenTriggered);
    m_openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, [this] { m_recent->populate(m_recentMenu); });
    m_recent->populate(m_recentMenu);  // so the menu is not empty before it is first shown
    m_reloadAction = file->addAction(tr("Re&load"), this, &MainWindow::reload);
    m_reloadAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_reloadAction->setEnabled(false);
    m_cancelAction = file->addAction(tr("&Cancel Loading"), this, &MainWindow::cancelLoad);
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setEnabled(false);
    QAction* import = file->addAction(tr("&Import Captures…"), this, [this] {
        auto* dialog = new ImportDialog(this);  // GoReplay, Envoy tap, HAR -> a diff store (docs/import.md)
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &ImportDialog::imported, this, &MainWindow::openStore);
        dialog->show();
    });
    import->setObjectName(QStringLiteral("importAction"));
    file->addAction(m_dashboard->exportAction());  // Export Chart… (the dashboard's charts, PNG + CSV)
    file->addSeparator();
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    addRulesActions(file, edit);  // Open/Save Rules, Undo/Redo, Allow… (mainwindow_rules.cpp)
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    edit->addSeparator();
    QAction* find = edit->addAction(tr("&Filter…"), m_filterBar, &FilterBar::focusSearch);
    find->setShortcut(QKeySequence::Find);
    QAction* clearFilter = edit->addAction(tr("&Clear Filter"), m_filterBar, &FilterBar::clear);
    clearFilter->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    edit->addSeparator();
    // One Copy item: Ctrl+C itself is handled by the focused widget (signature in the groups table,
    // correlation id in the records list, raw line in the problems); the item does the same.
    QAction* copy = edit->addAction(tr("&Copy") + QStringLiteral("\t") +
                                        QKeySequence(QKeySequence::Copy).toString(QKeySequence::NativeText),
                                    this, &MainWindow::copyFromFocus);
    copy->setObjectName(QStringLiteral("editCopy"));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    // Every focus item shows the Triage tab first (the Dashboard tab may be in front).
    auto addFocus = [&](const QString& text, int key, QWidget* target) {
        QAction* a = view->addAction(text, this, [this, target] {
            m_mainTabs->setCurrentIndex(0);
            target->setFocus(Qt::ShortcutFocusReason);
        });
        a->setShortcut(QKeySequence(Qt::CTRL | key));
    };
    // The groups and causes tables share a tab widget: focusing one shows its tab.
    QAction* focusGroups = view->addAction(tr("Focus &Groups"), this, [this] {
        m_mainTabs->setCurrentIndex(0);
        m_upperTabs->setCurrentWidget(m_groupsView);
        m_groupsView->setFocus(Qt::ShortcutFocusReason);
    });
    focusGroups->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    QAction* focusCauses = view->addAction(tr("Focus &Causes"), this, [this] {
        m_mainTabs->setCurrentIndex(0);
        m_upperTabs->setCurrentWidget(m_causesView);
        m_causesView->setFocus(Qt::ShortcutFocusReason);
    });
    focusCauses->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_5));
    addFocus(tr("Focus &Records"), Qt::Key_2, m_recordsView);
    addFocus(tr("Focus &Diff"), Qt::Key_3, m_diffPane);
    // The parity dashboard (the verdict a meeting decides on); Ctrl+1 goes back to the groups.
    QAction* dashboard = view->addAction(tr("D&ashboard"), this, [this] {
        m_mainTabs->setCurrentWidget(m_dashboard);
        m_dashboard->setFocus(Qt::ShortcutFocusReason);
    });
    dashboard->setObjectName(QStringLiteral("showDashboard"));
    dashboard->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_7));
    view->addSeparator();
    QAction* localTime = view->addAction(tr("Times in &Local Time"));
    localTime->setObjectName(QStringLiteral("localTimeAction"));
    localTime->setCheckable(true);
    localTime->setChecked(timeZoneMode() == TimeZoneMode::Local);
    connect(localTime, &QAction::toggled, this, [this](bool local) {
        setTimeZoneMode(local ? TimeZoneMode::Local : TimeZoneMode::Utc);
        for (QTableView* v : {m_groupsView, m_recordsView}) {
            v->horizontalHeader()->viewport()->update();
            v->viewport()->update();
        }
        onRecordRowChanged();  // the detail tabs show the time too
    });
    view->addSeparator();
    QAction* problems = m_problemsDock->toggleViewAction();
    problems->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_4));
    view->addAction(problems);

    QMenu* diff = menuBar()->addMenu(tr("&Diff"));
    diff->addActions(m_diff->diffActions());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* keys = help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    keys->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About difftriage"), this, [this] {
        QMessageBox::about(
            this, tr("About difftriage"),
            tr("<b>difftriage</b> %1<br>Triage shadow-traffic diff stores: group mismatches by root-cause "
               "signature and read side-by-side normalized diffs.")
                .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::showShortcuts() {
    auto* dialog = new ShortcutsDialog(this, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

}  // namespace dt
