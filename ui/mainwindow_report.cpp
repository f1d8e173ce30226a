// SPDX-License-Identifier: MIT
// MainWindow: File › Export Report… and Export Golden Set… (issue 12, docs/report.md), View › Mask
// Secrets in the diff view, and the dashboard's go/no-go criteria kept in the store's workspace
// (issue 13, docs/workspace.md "Criteria").
#include <QAction>
#include <QLocale>
#include <QMenu>
#include <QStatusBar>
#include <QTableView>

#include "core/report/report.h"
#include "ui/dashboard.h"
#include "ui/diffview.h"
#include "ui/goldensetdialog.h"
#include "ui/groupsproxy.h"
#include "ui/mainwindow.h"
#include "ui/reportdialog.h"
#include "ui/rulescontroller.h"
#include "ui/workspacecontroller.h"

namespace dt {

void MainWindow::setupReport() {
    auto* report = new QAction(tr("Export &Report…"), this);
    report->setObjectName(QStringLiteral("exportReportAction"));
    report->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    report->setToolTip(tr("The meeting report: verdict, totals, causes and groups with their state, new rules"));
    connect(report, &QAction::triggered, this, [this] { openReportDialog(); });
    auto* golden = new QAction(tr("Export &Golden Set…"), this);
    golden->setObjectName(QStringLiteral("exportGoldenSetAction"));
    golden->setToolTip(tr("The records of chosen groups as a new diff store, for replay tests"));
    connect(golden, &QAction::triggered, this, [this] { openGoldenSetDialog(); });
    for (QAction* a : {report, golden}) a->setEnabled(false);
    connect(this, &MainWindow::storeLoaded, this, [report, golden] {
        for (QAction* a : {report, golden}) a->setEnabled(true);
    });
    // Right after File › Export Rules As….
    auto* exportRules = findChild<QAction*>(QStringLiteral("exportRulesAction"));
    for (QMenu* menu : exportRules ? findChildren<QMenu*>() : QList<QMenu*>{}) {
        const QList<QAction*> actions = menu->actions();
        const qsizetype at = actions.indexOf(exportRules);
        if (at < 0) continue;
        QAction* before = at + 1 < actions.size() ? actions[at + 1] : nullptr;
        menu->insertAction(before, report);
        menu->insertAction(before, golden);
        break;
    }
    addAction(report);  // the shortcut works from any focus

    // View › Mask Secrets: off by default in the view (reports always mask unless told not to).
    m_maskAction = new QAction(tr("&Mask Secrets"), this);
    m_maskAction->setObjectName(QStringLiteral("maskSecretsAction"));
    m_maskAction->setCheckable(true);
    m_maskAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_maskAction->setToolTip(tr("Show Authorization, cookies, tokens, API keys and e-mail addresses as •••"));
    if (auto* view = findChild<QMenu*>(QStringLiteral("viewMenu"))) view->addAction(m_maskAction);
    addAction(m_maskAction);
    if (m_diff) {
        connect(m_maskAction, &QAction::toggled, m_diff, &DiffView::setMaskSecrets);
        connect(m_diff, &DiffView::maskSecretsChanged, m_maskAction, &QAction::setChecked);
    }

    // The dashboard's criteria live in the workspace of the open store; edits are saved there.
    connect(this, &MainWindow::storeLoaded, this, &MainWindow::applyWorkspaceCriteria);
    connect(m_dashboard, &DashboardView::criteriaEdited, this, [this] {
        if (!m_workspace || !m_workspace->isOpen() || m_workspace->isReadOnly()) return;
        GoCriteria c = m_workspace->workspace().criteria;  // keeps what the dashboard does not edit
        const ParityOptions& o = m_dashboard->parityOptions();
        const VerdictCriteria& v = m_dashboard->verdictCriteria();
        c.min_match_rate = o.min_match_rate;
        c.window_ms = o.window_ms;
        c.min_window_weight = o.min_window_weight;
        c.max_p95_regression = v.max_p95_regression;
        c.max_error_rate_increase = v.max_error_rate_increase;
        m_workspace->setCriteria(c);
    });
}

void MainWindow::applyWorkspaceCriteria() {
    const bool inWorkspace = m_workspace && m_workspace->isOpen() && !m_workspace->isReadOnly();
    m_dashboard->setCriteriaInSettings(!inWorkspace);
    if (!inWorkspace) return;
    const GoCriteria& c = m_workspace->workspace().criteria;
    m_dashboard->setCriteria(parityOptionsFor(c), verdictCriteriaFor(c));
}

ReportDialog* MainWindow::openReportDialog() {
    if (!m_analysis) return nullptr;
    std::optional<Workspace> ws;
    if (m_workspace && m_workspace->isOpen()) ws = m_workspace->workspace();
    auto* dialog = new ReportDialog(m_analysis, std::move(ws), ruleConfig(), m_path, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ReportDialog::exported, this,
            [this, dialog](const QString& path, const QString& generated, int groups, int causes) {
                // The next report lists the rules added from now on.
                if (m_workspace && m_workspace->isOpen()) m_workspace->markReported(generated.toStdString());
                statusBar()->showMessage(
                    tr("Report written: %1 (%2 groups, %3 causes)").arg(path).arg(groups).arg(causes), 8000);
                dialog->accept();
            });
    connect(dialog, &ReportDialog::failed, this,
            [this](const QString& error) { statusBar()->showMessage(tr("Report not written: %1").arg(error), 8000); });
    dialog->show();
    return dialog;
}

GoldenSetDialog* MainWindow::openGoldenSetDialog() {
    if (!m_analysis) return nullptr;
    std::string selected;
    if (const int g = currentGroup(); g >= 0) selected = m_analysis->groups()[size_t(g)].signature;
    std::vector<std::string> visible;
    const int rows = m_groupsProxy->rowCount();
    visible.reserve(size_t(rows));
    for (int row = 0; row < rows; ++row)
        if (const int g = m_groupsProxy->groupAt(row); g >= 0)
            visible.push_back(m_analysis->groups()[size_t(g)].signature);
    auto* dialog = new GoldenSetDialog(m_analysis, std::move(selected), std::move(visible), m_path, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &GoldenSetDialog::exported, this,
            [this, dialog](const QString& path, quint64 records, quint64 groups) {
                const QLocale locale;
                statusBar()->showMessage(tr("Golden set written: %1 record(s) of %2 group(s) to %3")
                                             .arg(locale.toString(records), locale.toString(groups), path),
                                         10000);
                dialog->accept();
            });
    connect(dialog, &GoldenSetDialog::failed, this, [this](const QString& error) {
        statusBar()->showMessage(tr("Golden set not written: %1").arg(error), 10000);
    });
    dialog->show();
    return dialog;
}

}  // namespace dt
