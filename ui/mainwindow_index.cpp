// SPDX-License-Identifier: MIT
// MainWindow: an indexed PostgreSQL store opens from its index (core/pg/pg_open.h). LoadJob delivers
// the index's summary first (groups, outcome counts, match rate: installed like any load), then the
// full analysis assembled from the index's per-record rows, installed like a reload (filter, group
// and record kept). A record's body is read from the store when it is shown (the diff view reads
// through Analysis::detail, as for a scanned store).
#include <QAction>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QStatusBar>
#include <QTableView>

#include "core/pg/pg_conn.h"
#include "ui/causesmodel.h"
#include "ui/dashboard.h"
#include "ui/loadjob.h"
#include "ui/loadstatus.h"
#include "ui/mainwindow.h"
#include "ui/workspacecontroller.h"

namespace dt {

void MainWindow::setUseIndex(bool use) { m_load->setUseIndex(use); }

bool MainWindow::isReadingIndexRecords() const { return m_load->isReadingRecords(); }

void MainWindow::setupIndexOpen() {
    connect(m_load, &LoadJob::started, this, [this] {
        m_indexNote.clear();
        m_dashboard->setIndexSource({}, {});
    });
    connect(m_load, &LoadJob::indexRefused, this, [this](const QString&, const QString& why) { m_indexNote = why; });
    // Emitted right before loaded(): onLoaded() then installs the summary.
    connect(m_load, &LoadJob::openedFromIndex, this,
            [this](const QString& path, const QString& schema, qint64 records) {
                m_indexSummary = m_indexPending = true;
                m_dashboard->setIndexSource(path, schema);  // its series from the server until the records are read
                m_indexSchema = schema;
                m_indexRecords = records;
            });
    // Runs after MainWindow::onLoaded (connected before this).
    connect(m_load, &LoadJob::loaded, this, [this](const QString& path) {
        if (m_indexPending) {
            m_indexPending = false;
            updateIndexStoreLabel();
            statusBar()->showMessage(
                tr("Opened from index %1, %2 records").arg(m_indexSchema, QLocale().toString(m_indexRecords)));
            return;
        }
        const bool wasSummary = m_indexSummary;
        m_indexSummary = false;
        m_indexSchema.clear();
        if (!m_indexNote.isEmpty())
            statusBar()->showMessage(tr("Index not used: %1; the store was scanned").arg(m_indexNote), 10000);
        // Rules skipped while a summary was on screen (mainwindow_rules.cpp) apply now.
        if (wasSummary && m_analysis && path == m_path &&
            m_analysis->rules() != static_cast<const RuleProvider*>(m_ruleSet.get()))
            onRulesChanged();
    });
    connect(m_load, &LoadJob::recordsStarted, this, [this](const QString& path) {
        m_loadStatus->begin(path);
        m_cancelAction->setEnabled(true);
    });
    connect(m_load, &LoadJob::recordsRunningChanged, this, [this](bool running) {
        if (running || isLoading()) return;  // a new load owns the status bar now
        m_loadStatus->end();
        m_cancelAction->setEnabled(false);
    });
    connect(m_load, &LoadJob::recordsLoaded, this, &MainWindow::onIndexRecordsLoaded);
    connect(m_load, &LoadJob::recordsFailed, this, [this](const QString& path, const QString& error) {
        if (path != m_path) return;
        statusBar()->showMessage(
            tr("Records not read from index %1: %2 (groups and counts are the index's)").arg(m_indexSchema, error));
    });
    connect(m_load, &LoadJob::recordsCancelled, this, [this](const QString& path) {
        if (path != m_path || !m_indexSummary) return;
        statusBar()->showMessage(
            tr("Reading the records from index %1 cancelled: groups and counts shown, records not (F5 reads them)")
                .arg(m_indexSchema),
            10000);
    });
}

void MainWindow::onIndexRecordsLoaded(const QString& path, std::shared_ptr<const Analysis> analysis, double seconds) {
    if (path != m_path || !m_indexSummary || !analysis) return;  // another store is on screen
    m_indexSummary = false;
    const int groupsScroll = m_groupsView->verticalScrollBar()->value();
    m_applyJobs.stop();
    installAnalysis(m_path, std::move(analysis));  // a reload: filter, group and record kept
    m_groupsView->verticalScrollBar()->setValue(groupsScroll);
    m_workspace->reannotate(*m_analysis, m_causesModel->causes());
    updateIndexStoreLabel();
    statusBar()->showMessage(tr("%1 records read from index %2 in %3 s")
                                 .arg(QLocale().toString(qulonglong(m_analysis->records().size())), m_indexSchema,
                                      QLocale().toString(seconds, 'f', 2)),
                             6000);
    // Rules edited while the records were read: apply them now.
    if (m_analysis->rules() != static_cast<const RuleProvider*>(m_ruleSet.get())) onRulesChanged();
    emit indexRecordsLoaded(path);
}

void MainWindow::updateIndexStoreLabel() {
    if (!m_analysis || m_indexSchema.isEmpty()) return;
    const auto uri = pg::parsePgUri(m_path.toStdString(), nullptr);
    const QString table = uri ? QString::fromStdString(uri->table) : m_path;
    const qint64 records = m_indexSummary ? m_indexRecords : qint64(m_analysis->records().size());
    const QLocale locale;
    m_storeLabel->setText(tr("%1 · postgresql · index %2 · %3 records · %4 groups")
                              .arg(table, m_indexSchema, locale.toString(records),
                                   locale.toString(qulonglong(m_analysis->groups().size()))));
}

}  // namespace dt
