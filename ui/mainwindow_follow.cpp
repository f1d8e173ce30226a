// SPDX-License-Identifier: MIT
// MainWindow: View › Follow (records appended to the open store come in without a manual reload),
// View › Outcome (ui/outcomebrowser.h) and File › Export Rules As… (the window's rules in a peer
// comparator's format).
#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QScrollBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>

#include "ui/causesmodel.h"
#include "ui/dashboard.h"
#include "ui/exportrulesdialog.h"
#include "ui/filterbar.h"
#include "ui/followcontroller.h"
#include "ui/loadjob.h"
#include "ui/mainwindow.h"
#include "ui/outcomebrowser.h"
#include "ui/workspacecontroller.h"

namespace dt {

void MainWindow::setupFollowAndExport() {
    m_follow = new FollowController(this);
    m_followJobs.setLowPriority(true);  // a fallback is a full analysis: bulk work, like a load
    m_followLabel = new QLabel(this);
    m_followLabel->setObjectName(QStringLiteral("followLabel"));
    m_followLabel->hide();
    statusBar()->addPermanentWidget(m_followLabel);

    m_followAction = new QAction(tr("&Follow"), this);
    m_followAction->setObjectName(QStringLiteral("followAction"));
    m_followAction->setCheckable(true);
    m_followAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_followAction->setToolTip(tr("Bring in records appended to the open store as they arrive"));
    m_outcomes = new OutcomeBrowser(this);
    if (auto* view = findChild<QMenu*>(QStringLiteral("viewMenu"))) {
        view->addSeparator();
        view->addMenu(m_outcomes->menu());
        view->addAction(m_followAction);
    }
    addAction(m_followAction);  // the shortcut works from any focus
    connect(m_followAction, &QAction::toggled, this, &MainWindow::setFollowing);
    connect(m_follow, &FollowController::changed, this, &MainWindow::onFollowChanged);
    connect(m_follow, &FollowController::problem, this,
            [this](const QString& message) { statusBar()->showMessage(tr("Follow: %1").arg(message), 5000); });
    connect(this, &MainWindow::storeLoaded, this, &MainWindow::onStoreLoadedForFollow);

    // The dashboard follows the triage filter; its outcome cards open those records.
    connect(m_filterBar, &FilterBar::changed, m_dashboard, &DashboardView::setRecordFilter);
    connect(this, &MainWindow::storeLoaded, this, [this] { m_dashboard->setRecordFilter(m_filterBar->spec()); });
    connect(m_dashboard, &DashboardView::outcomeRequested, this, [this](Outcome o) {
        m_mainTabs->setCurrentIndex(0);
        if (o == Outcome::Mismatch || o == Outcome::Drift) {  // the groups, filtered to that outcome
            if (m_outcomes->outcome()) m_outcomes->showGroups();
            m_filterBar->outcomeBox()->setCurrentIndex(m_filterBar->outcomeBox()->findData(int(o)));
        } else {
            m_outcomes->showOutcome(o);
        }
    });
    connect(this, &MainWindow::storeFailed, this, [this] {
        if (!m_followReloading) return;
        m_followReloading = false;
        setInteractive(m_followInteractive);
    });

    // File › Export Rules As…, right after Import Captures….
    auto* exportRulesAction = new QAction(tr("E&xport Rules As…"), this);
    exportRulesAction->setObjectName(QStringLiteral("exportRulesAction"));
    connect(exportRulesAction, &QAction::triggered, this, &MainWindow::exportRules);
    auto* import = findChild<QAction*>(QStringLiteral("importAction"));
    auto* file = import ? qobject_cast<QMenu*>(import->parent()) : nullptr;
    if (file) {
        const QList<QAction*> actions = file->actions();
        const qsizetype at = actions.indexOf(import);
        file->insertAction(at + 1 < actions.size() ? actions[at + 1] : nullptr, exportRulesAction);
    }
}

void MainWindow::setFollowing(bool on) {
    if (!on) {
        m_follow->stop();
        m_followJobs.stop();
        m_followPending = false;
        m_followLabel->hide();
        statusBar()->showMessage(tr("Follow off"), 3000);
        return;
    }
    if (m_analysis && !m_load->isRunning())
        startFollowing();
    else  // starts when the store is loaded
        m_followLabel->setText(tr("following: waiting for the store"));
    m_followLabel->show();
}

void MainWindow::startFollowing() {
    m_followPending = false;
    if (!m_follow->start(m_path, quint64(m_analysis->records().size()))) {
        statusBar()->showMessage(tr("Follow works on JSONL and SQLite files only"), 6000);
        m_followAction->setChecked(false);
        return;
    }
    m_followLabel->setText(tr("following: 0 new records"));
    m_followLabel->setToolTip(tr("View › Follow: records appended to %1 are brought in").arg(m_path));
    m_followLabel->show();
}

void MainWindow::onFollowChanged(quint64 added, quint64 total, bool restarted) {
    Q_UNUSED(added);
    const QLocale locale;
    if (restarted) {
        m_followLabel->setText(tr("following: store restarted"));
        statusBar()->showMessage(tr("The store was truncated or replaced: following it from the start"), 8000);
    } else {
        m_followLabel->setText(tr("following: %1 new records").arg(locale.toString(total)));
    }
    if (m_load->isRunning()) {  // a load is on its way: bring the records in when it ends
        m_followPending = true;
        return;
    }
    if (restarted || !m_analysis) {
        m_followJobs.stop();
        followReload();
    } else {
        followRefresh();
    }
}

void MainWindow::followRefresh() {
    m_followPending = false;
    if (!m_analysis) return;
    // Only what was appended is read and classified (core: Analysis::refreshed, which falls back to
    // a full analysis when the step cannot give the same result); the window keeps showing the
    // analysis on screen meanwhile. A newer refresh supersedes a running one.
    QElapsedTimer clock;
    clock.start();
    m_followJobs.start(
        this,
        [analysis = m_analysis, threads = m_load->threads()](JobContext& ctx) {
            return std::make_shared<Analysis::Refresh>(analysis->refreshed(threads, ctx.stopFlag()));
        },
        [this, base = m_analysis, clock](std::shared_ptr<Analysis::Refresh> refresh) {
            if (base != m_analysis) {  // rules were applied or the store reloaded meanwhile: step from there
                if (!m_load->isRunning()) followRefresh();
                return;
            }
            onFollowRefreshed(std::move(refresh), clock.elapsed() / 1000.0);
        });
}

void MainWindow::onFollowRefreshed(std::shared_ptr<Analysis::Refresh> refresh, double seconds) {
    if (!refresh->analysis) {
        if (!refresh->error.empty() && refresh->error != "cancelled")
            statusBar()->showMessage(tr("Follow: %1").arg(QString::fromStdString(refresh->error)), 8000);
        return;  // nothing new (a line still being written) or cancelled
    }
    (refresh->incremental ? m_followIncremental : m_followFull) += 1;
    // The new analysis replaces the one on screen: selection kept by installAnalysis (group by
    // signature, record by id), the scroll positions kept here.
    const int groupsScroll = m_groupsView->verticalScrollBar()->value();
    const int recordsScroll = m_recordsView->verticalScrollBar()->value();
    m_applyJobs.stop();
    installAnalysis(m_path, std::shared_ptr<const Analysis>(std::move(refresh->analysis)));
    m_groupsView->verticalScrollBar()->setValue(groupsScroll);
    m_recordsView->verticalScrollBar()->setValue(recordsScroll);
    m_workspace->reannotate(*m_analysis, m_causesModel->causes());
    const QLocale locale;
    if (refresh->incremental)
        statusBar()->showMessage(tr("Follow: %1 record(s) added in %2 s")
                                     .arg(locale.toString(qulonglong(refresh->added)))
                                     .arg(locale.toString(seconds, 'f', 2)),
                                 4000);
    else
        statusBar()->showMessage(tr("Follow: store analysed again in %1 s (%2)")
                                     .arg(locale.toString(seconds, 'f', 2), QString::fromStdString(refresh->fallback)),
                                 6000);
    // Rules edited while the refresh ran: apply them to the new analysis.
    if (m_analysis->rules() != static_cast<const RuleProvider*>(m_ruleSet.get())) onRulesChanged();
}

void MainWindow::followReload() {
    m_followPending = false;
    if (!m_followReloading) m_followInteractive = m_interactive;
    m_followReloading = true;
    setInteractive(false);  // a failing refresh goes to the status bar, never a dialog per poll
    reload();
}

void MainWindow::onStoreLoadedForFollow(const QString& path) {
    if (m_followReloading) {
        m_followReloading = false;
        setInteractive(m_followInteractive);
    }
    if (!m_followAction->isChecked()) return;
    if (!m_follow->isActive() || m_follow->path() != path)
        startFollowing();  // the first store, or another store was opened
    else if (m_followPending)
        followRefresh();
}

void MainWindow::exportRules() {
    auto* dialog = new ExportRulesDialog(ruleConfig(), m_path, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

}  // namespace dt
