// SPDX-License-Identifier: MIT
// MainWindow: View › Swap Sides (the candidate as the reference, for stores recorded after cutover;
// re-analysed in the background, remembered in the workspace) and Triage › Split Group By… (a
// group broken down by a tag or endpoint in a panel above its records; remembered in the workspace).
#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

#include "core/triage/split_breakdown.h"
#include "ui/loadjob.h"
#include "ui/mainwindow.h"
#include "ui/qtext.h"
#include "ui/recordsmodel.h"
#include "ui/shortcutsdialog.h"
#include "ui/sidelabels.h"
#include "ui/splitmodel.h"
#include "ui/triageviews.h"
#include "ui/workspacecontroller.h"

namespace dt {

void MainWindow::setupSidesAndSplit() {
    // --- View › Swap Sides ------------------------------------------------------------------------
    m_swapAction = new QAction(tr("S&wap Sides"), this);
    m_swapAction->setObjectName(QStringLiteral("swapSidesAction"));
    m_swapAction->setCheckable(true);
    m_swapAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    m_swapAction->setToolTip(
        tr("Make the candidate the reference (stores recorded after cutover: the new system serves, the old one "
           "is mirrored)"));
    if (auto* view = findChild<QMenu*>(QStringLiteral("viewMenu"))) {
        view->addSeparator();
        view->addAction(m_swapAction);
    }
    addAction(m_swapAction);  // the shortcut works from any focus
    connect(m_swapAction, &QAction::triggered, this, &MainWindow::setSidesSwapped);
    m_sidesLabel = new QLabel(this);
    m_sidesLabel->setObjectName(QStringLiteral("sidesLabel"));
    m_sidesLabel->setToolTip(tr("View › Swap Sides: the candidate is the reference, the primary is compared with "
                                "it (labels, directed classes, status pairs and latency follow)"));
    m_sidesLabel->hide();
    statusBar()->addPermanentWidget(m_sidesLabel);
    connect(this, &MainWindow::storeLoaded, this, [this] {
        updateSidesIndicator();
        // The workspace decides (the first analysis normally already has its sides: openStore()).
        if (m_workspace->isOpen() && m_analysis && m_workspace->workspace().swap_sides != m_analysis->sidesSwapped())
            setSidesSwapped(m_workspace->workspace().swap_sides);
    });

    // --- the split breakdown, above the records -----------------------------------------------------
    m_splitModel = new SplitModel(this);
    m_splitView = new QTableView(this);
    m_splitView->setObjectName(QStringLiteral("splitView"));
    m_splitView->setModel(m_splitModel);
    setupTriageTable(m_splitView);
    m_splitView->setTabKeyNavigation(false);
    m_splitView->setMaximumHeight(m_splitView->verticalHeader()->defaultSectionSize() * 6 + 8);
    m_splitView->horizontalHeader()->setSectionResizeMode(SplitModel::Value, QHeaderView::Stretch);
    m_splitView->horizontalHeader()->setStretchLastSection(false);
    m_splitView->setAccessibleName(tr("Split breakdown"));
    m_splitView->hide();
    if (auto* layout = qobject_cast<QVBoxLayout*>(m_recordsView->parentWidget()->layout()))
        layout->insertWidget(layout->indexOf(m_recordsView), m_splitView);
    connect(m_splitView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onSplitRowChanged);
    QWidget::setTabOrder(m_groupsView, m_splitView);
    QWidget::setTabOrder(m_splitView, m_recordsView);
    // A split set or removed (here or by undo of the file) shows at once; other edits keep the panel.
    connect(m_workspace, &WorkspaceController::changed, this, [this] {
        const int group = currentGroup();
        QString field;
        if (group >= 0 && m_analysis && m_workspace->isOpen())
            field = qs(splitOf(m_workspace->workspace(), m_analysis->groups()[size_t(group)].signature)
                           .value_or(std::string()));
        if (field != m_splitModel->field()) {
            updateSplitPanel(group);
            onSplitRowChanged();
        }
    });
    addShortcutsToToolTips(this);  // Swap Sides came after the keyboard set-up: its tooltip names its key too
}

// --- Swap Sides -----------------------------------------------------------------------------------

void MainWindow::setSidesSwapped(bool swapped) {
    if (m_swapAction->isChecked() != swapped) {
        const QSignalBlocker block(m_swapAction);
        m_swapAction->setChecked(swapped);
    }
    if (m_workspace->isOpen()) m_workspace->setSwapSides(swapped);  // saved at once
    if (m_path.isEmpty()) return;
    if (m_analysis && m_analysis->sidesSwapped() == swapped && !isLoading()) {
        updateSidesIndicator();
        return;
    }
    statusBar()->showMessage(swapped ? tr("Swapping sides: re-analysing with the candidate as the reference…")
                                     : tr("Restoring sides: re-analysing with the primary as the reference…"));
    reload();  // openStore() takes the action's state for the store on screen
}

void MainWindow::updateSidesIndicator() {
    const bool swapped = m_analysis && m_analysis->sidesSwapped();
    {
        const QSignalBlocker block(m_swapAction);
        m_swapAction->setChecked(swapped);
    }
    m_sidesLabel->setText(swappedSidesNote(swapped));
    m_sidesLabel->setVisible(swapped);
}

// --- Split Group By… -------------------------------------------------------------------------------

void MainWindow::splitGroupDialog() {
    const int group = currentGroup();
    if (!m_workspace->isOpen() || !m_analysis || group < 0) {
        statusBar()->showMessage(tr("Select a group to split"), 3000);
        return;
    }
    const Group& g = m_analysis->groups()[size_t(group)];
    const QString current = qs(splitOf(m_workspace->workspace(), g.signature).value_or(std::string()));
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("splitDialog"));
    dialog.setWindowTitle(tr("Split group %1 by").arg(qs(g.signature)));
    auto* layout = new QVBoxLayout(&dialog);
    auto* hint = new QLabel(tr("Show the group's records broken down by a tag or the endpoint. The split is kept in "
                               "the workspace."),
                            &dialog);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    auto* list = new QListWidget(&dialog);
    list->setObjectName(QStringLiteral("splitFields"));
    auto add = [&](const QString& text, const QString& field) {
        auto* item = new QListWidgetItem(text, list);
        item->setData(Qt::UserRole, field);
        if (field == current) list->setCurrentItem(item);
    };
    add(tr("(no split)"), QString());
    const QLocale locale;
    for (const std::string& field : splitFields(*m_analysis, g.members)) {
        const size_t values = splitBreakdown(*m_analysis, g.members, field).size();
        add(tr("%1  (%2 value(s))").arg(qs(field), locale.toString(qulonglong(values))), qs(field));
    }
    if (!list->currentItem()) list->setCurrentRow(0);
    layout->addWidget(list, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(list, &QListWidget::itemActivated, &dialog, &QDialog::accept);
    layout->addWidget(buttons);
    dialog.resize(420, 320);
    list->setFocus();
    if (dialog.exec() != QDialog::Accepted || !list->currentItem()) return;
    setCurrentGroupSplit(list->currentItem()->data(Qt::UserRole).toString());
}

bool MainWindow::setCurrentGroupSplit(const QString& field) {
    const int group = currentGroup();
    if (!m_workspace->isOpen() || !m_analysis || group < 0) return false;
    const std::string& sig = m_analysis->groups()[size_t(group)].signature;
    m_workspace->setSplit(sig, field.toStdString());  // saved at once; the panel follows (changed())
    if (field.isEmpty()) {
        statusBar()->showMessage(tr("Group %1 is no longer split").arg(qs(sig)), 3000);
        m_groupsView->setFocus(Qt::OtherFocusReason);
    } else {
        statusBar()->showMessage(tr("Group %1 split by %2").arg(qs(sig), field), 3000);
        m_splitView->setFocus(Qt::OtherFocusReason);
    }
    return true;
}

void MainWindow::updateSplitPanel(int group) {
    std::optional<std::string> field;
    if (group >= 0 && m_analysis && m_workspace->isOpen())
        field = splitOf(m_workspace->workspace(), m_analysis->groups()[size_t(group)].signature);
    m_splitSyncing = true;
    if (!field) {
        if (!m_splitModel->isEmpty()) m_splitModel->clear();
        m_splitView->hide();
    } else {
        // The breakdown follows the record filter (the records a value shows are the ones listed).
        const FilterResult* filter = m_filter.get();
        m_splitModel->setBreakdown(qs(*field),
                                   splitBreakdown(*m_analysis, m_analysis->groups()[size_t(group)].members, *field,
                                                  filter && filter->recordLevel() ? &filter->recordPass : nullptr));
        m_splitView->setCurrentIndex(m_splitModel->index(0, 0));
        m_splitView->show();
    }
    m_splitSyncing = false;
}

void MainWindow::onSplitRowChanged() {
    if (m_splitSyncing) return;
    const int group = currentGroup();
    if (group < 0) return;
    const SplitValue* value = m_splitModel->valueAt(m_splitView->currentIndex().row());
    if (value)
        m_recordsModel->setGroupPart(group, value->records);
    else
        m_recordsModel->setGroup(group, m_filter);
    updateRecordsLabel();
    selectFirstRecord();
}

}  // namespace dt
