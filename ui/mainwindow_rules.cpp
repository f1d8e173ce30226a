// SPDX-License-Identifier: MIT
// MainWindow's allowed rules: the Rules tab, File › Open/Save Rules, Edit › Undo/Redo, Allow… from
// a cause, a group or a difference (drafts from core/triage, then the Allow dialog with its live
// preview), and applying the rules to the analysis on screen in the background.
#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>

#include "core/analysis/causes.h"
#include "core/pg/pg_open.h"
#include "core/present/cause_filter.h"
#include "core/triage/cause_rules.h"
#include "core/triage/rules_suggest.h"
#include "ui/allowdialog.h"
#include "ui/causesmodel.h"
#include "ui/differencesmodel.h"
#include "ui/diffview.h"
#include "ui/groupsproxy.h"
#include "ui/loadjob.h"
#include "ui/mainwindow.h"
#include "ui/qtext.h"
#include "ui/recordsmodel.h"
#include "ui/rulescontroller.h"
#include "ui/rulesmodel.h"
#include "ui/rulespanel.h"
#include "ui/workspacecontroller.h"

namespace dt {
namespace {

AllowDraft draftFrom(const QString& source, const RuleConfig& config, const std::vector<std::string>& notes) {
    AllowDraft d;
    d.source = source;
    d.rules = config.rules;
    for (const auto& n : notes) d.notes << qs(n);
    return d;
}

}  // namespace

AllowDialog* MainWindow::allowDialog() const { return m_allowDialog.data(); }

const RuleConfig& MainWindow::ruleConfig() const { return m_rules->config(); }

void MainWindow::createRules() {
    m_rules = new RulesController(this);
    m_rulesModel = new RulesModel(m_rules, this);
    m_rulesPanel = new RulesPanel(m_rules, m_rulesModel, this);
    m_upperTabs->addTab(m_rulesPanel, tr("&Rules"));
    m_upperTabs->setTabToolTip(2, tr("The allowed rules: what each absorbs, enable, edit, delete (Ctrl+6)"));
    connect(m_rules, &RulesController::configChanged, this, &MainWindow::onRulesChanged);
    connect(m_rules, &RulesController::writeFailed, this,
            [this](const QString& error) { statusBar()->showMessage(tr("Rules not saved: %1").arg(error)); });
    connect(m_rulesPanel, &RulesPanel::editRequested, this, &MainWindow::editRule);
    connect(m_rulesPanel, &RulesPanel::showRecordsRequested, this, &MainWindow::showRuleRecords);
    connect(m_diff, &DiffView::allowDifferenceRequested, this, &MainWindow::allowFromDifference);
    createWorkspace();
}

void MainWindow::addRulesActions(QMenu* file, QMenu* edit) {
    QAction* open = file->addAction(tr("Open R&ules…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open rules"), QFileInfo(m_rules->filePath()).path(),
                                                          tr("Rules (*.json);;All files (*)"));
        if (!path.isEmpty()) openRulesFile(path);
    });
    open->setObjectName(QStringLiteral("openRulesAction"));
    auto saveAs = [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save rules as"), m_rules->filePath(),
                                                          tr("Rules (*.json);;All files (*)"));
        if (path.isEmpty()) return;
        QString error;
        if (!m_rules->saveAs(path, &error)) QMessageBox::warning(this, tr("Save rules"), error);
    };
    QAction* save = file->addAction(tr("&Save Rules"), this, [this, saveAs] {
        if (!m_rules->hasOwnFile()) return saveAs();
        QString error;
        if (!m_rules->saveAs(m_rules->filePath(), &error))
            QMessageBox::warning(this, tr("Save rules"), error);
        else
            statusBar()->showMessage(tr("Rules saved to %1").arg(QDir::toNativeSeparators(m_rules->filePath())), 4000);
    });
    save->setShortcut(QKeySequence::Save);
    QAction* saveAsAction = file->addAction(tr("Save Rules &As…"), this, saveAs);
    saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));

    QAction* undo = m_rules->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setObjectName(QStringLiteral("undoAction"));
    QAction* redo = m_rules->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});
    redo->setObjectName(QStringLiteral("redoAction"));
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu* triage = menuBar()->addMenu(tr("&Triage"));
    triage->setObjectName(QStringLiteral("triageMenu"));
    m_allowAction = triage->addAction(tr("&Allow…"), this, &MainWindow::allowFromFocus);
    m_allowAction->setObjectName(QStringLiteral("allowAction"));
    m_allowAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_allowAction->setToolTip(
        tr("Draft allowed rules for the selected cause, difference or group, with a live preview"));
    QAction* rulesTab = triage->addAction(tr("Show &Rules"), this, [this] {
        m_mainTabs->setCurrentIndex(0);
        m_upperTabs->setCurrentWidget(m_rulesPanel);
        m_rulesPanel->setFocus(Qt::ShortcutFocusReason);
    });
    rulesTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_6));
    triage->addSeparator();
    addTriageActions(triage);
    // Right-click menus of the tables offer Allow… too.
    for (QWidget* w : {static_cast<QWidget*>(m_groupsView), static_cast<QWidget*>(m_causesView),
                       static_cast<QWidget*>(m_diff->differencesTable())}) {
        w->setContextMenuPolicy(Qt::ActionsContextMenu);
        w->addAction(m_allowAction);
    }
}

QString MainWindow::ruleAuthor() const {
    const QString configured = QSettings().value(QStringLiteral("triage/author")).toString();
    if (!configured.isEmpty()) return configured;
    return qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
}

bool MainWindow::openRulesFile(const QString& path) {
    QString error;
    if (m_rules->open(path, &error)) {
        statusBar()->showMessage(tr("Rules from %1").arg(QDir::toNativeSeparators(path)), 4000);
        return true;
    }
    if (m_interactive)
        QMessageBox::warning(this, tr("Rules not loaded"), tr("Nothing was applied from this file:\n\n%1").arg(error));
    else
        statusBar()->showMessage(tr("Rules not loaded: %1").arg(error));
    return false;
}

void MainWindow::onRulesChanged() {
    const RuleConfig& config = m_rules->config();
    std::vector<std::string> errors;
    m_ruleSet = config.rules.empty() ? nullptr : RuleSet::build(config, &errors);
    if (!errors.empty()) statusBar()->showMessage(tr("Rules: %1").arg(qs(errors.front())));
    m_load->setRules(m_ruleSet);  // the next load applies them while it scans
    // An index built with these rules can open the store (core/pg/pg_open.h).
    m_load->setRulesFingerprint(m_ruleSet ? pg::rulesFileFingerprint(m_rules->filePath().toStdString())
                                          : std::string());
    // An index summary has no records to apply rules to: they are applied when the records arrive.
    if (!m_analysis || isLoading() || m_indexSummary) return;
    statusBar()->showMessage(tr("Applying %n rule(s)…", nullptr, int(config.rules.size())));
    m_applyJobs.start(
        this,
        [analysis = m_analysis, set = m_ruleSet](JobContext& ctx) {
            return std::shared_ptr<const Analysis>(analysis->withRules(set, 0, ctx.stopFlag()));
        },
        [this, set = m_ruleSet](std::shared_ptr<const Analysis> applied) {
            if (!applied || set != m_ruleSet) return;  // superseded by a newer edit
            installAnalysis(m_path, std::move(applied));
            m_workspace->reannotate(*m_analysis, m_causesModel->causes());
            const QLocale locale;
            statusBar()->showMessage(
                tr("Rules applied: %1 allowed record(s), %2 group(s)")
                    .arg(locale.toString(qulonglong(m_analysis->outcomeCounts()[int(Outcome::Allowed)])))
                    .arg(locale.toString(qulonglong(m_analysis->groups().size()))),
                5000);
            emit rulesApplied();
        });
}

void MainWindow::startDraft(const QString& source, std::function<AllowDraft(const Analysis&)> draft) {
    if (!m_analysis) return;
    statusBar()->showMessage(tr("Drafting rules for %1…").arg(source));
    m_draftJobs.start(
        this, [analysis = m_analysis, draft = std::move(draft)](JobContext&) { return draft(*analysis); },
        [this, analysis = m_analysis](AllowDraft d) {
            if (analysis != m_analysis) return;  // the analysis changed meanwhile: draft again
            statusBar()->clearMessage();
            if (d.rules.empty()) {
                const QString why =
                    d.notes.isEmpty() ? tr("no rule can absorb it exactly") : d.notes.join(QLatin1Char('\n'));
                if (m_interactive)
                    QMessageBox::information(this, tr("Allow"), tr("%1\n\n%2").arg(d.source, why));
                else
                    statusBar()->showMessage(tr("No exact rule: %1").arg(why));
                return;
            }
            openAllowDialog(std::move(d), m_rules->config(), false, -1);
        });
}

void MainWindow::allowFromGroup(int group) {
    if (!m_analysis || group < 0 || size_t(group) >= m_analysis->groups().size()) return;
    const QString source = tr("group %1").arg(qs(m_analysis->groups()[size_t(group)].signature));
    SuggestOptions options;
    options.author = ruleAuthor().toStdString();
    startDraft(source, [group, options, source](const Analysis& a) {
        std::string error;
        std::optional<Suggestion> s = suggestRules(a, uint32_t(group), options, &error);
        if (!s) return draftFrom(source, {}, {error});
        return draftFrom(source, s->config, s->notes);
    });
}

void MainWindow::allowFromCause(int causeRow) {
    if (!m_analysis || causeRow < 0 || size_t(causeRow) >= m_causesModel->causes().causes.size()) return;
    const Cause& cause = m_causesModel->causes().causes[size_t(causeRow)];
    const QString source = tr("cause %1 — %2").arg(qs(cause.id), qs(cause.title));
    SuggestOptions options;
    options.author = ruleAuthor().toStdString();
    startDraft(source, [index = m_causesModel->causes(), causeRow, options, source](const Analysis& a) {
        std::string error;
        std::optional<CauseSuggestion> s = suggestCauseRules(a, index, uint32_t(causeRow), options, &error);
        if (!s) return draftFrom(source, {}, {error});
        std::vector<std::string> notes = s->notes;
        for (const auto& p : s->check.problems) notes.push_back(p);
        return draftFrom(source, s->config, notes);
    });
}

void MainWindow::allowFromDifference(int differenceRow) {
    const uint32_t record = currentRecord();
    DifferencesModel* model = m_diff->differencesModel();
    if (!m_analysis || record == kNone || differenceRow < 0 || differenceRow >= model->remainingCount()) return;
    const std::optional<uint32_t> cause =
        causeOfDifference(*m_analysis, m_causesModel->causes(), record, model->difference(differenceRow));
    if (!cause) {
        statusBar()->showMessage(
            tr("This difference belongs to no cause (noise or absorbed); allow its group instead"));
        return;
    }
    allowFromCause(int(*cause));
}

void MainWindow::allowFromFocus() {
    QWidget* focus = QApplication::focusWidget();
    if (focus == m_causesView && m_causesView->currentIndex().isValid())
        return allowFromCause(m_causesView->currentIndex().row());
    if (focus && m_diffPane->isAncestorOf(focus) && m_diff->currentDifference() >= 0 &&
        m_diff->currentDifference() < m_diff->differencesModel()->remainingCount())
        return allowFromDifference(m_diff->currentDifference());
    if (currentGroup() >= 0) return allowFromGroup(currentGroup());
    statusBar()->showMessage(tr("Select a cause, a group or a difference to allow"), 4000);
}

void MainWindow::openAllowDialog(AllowDraft draft, RuleConfig base, bool rebase, int replaceIndex) {
    if (m_allowDialog) m_allowDialog->close();
    auto stateOf = m_stateOf;
    auto* dialog = new AllowDialog(m_analysis, std::move(base), rebase, std::move(draft), stateOf, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_allowDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog, replaceIndex] {
        const std::vector<Rule> rules = dialog->rules();
        // The groups the rules empty are decided: accepted (covered by a rule) in the workspace.
        if (const RulesPreview* p = dialog->preview()) {
            std::vector<std::string> emptied;
            for (const PreviewGroup& g : p->groups)
                if (g.fullyAbsorbed()) emptied.push_back(g.signature);
            m_workspace->setGroupStates(emptied, TriageState::Accepted);
        }
        QString error;
        bool ok = false;
        if (replaceIndex >= 0 && rules.size() == 1)
            ok = m_rules->replaceRule(replaceIndex, rules.front(), &error);
        else
            ok = m_rules->addRules(rules, tr("Allow %n rule(s)", nullptr, int(rules.size())), &error);
        if (!ok && !error.isEmpty()) QMessageBox::warning(this, tr("Allow"), error);
    });
    dialog->open();
    emit allowDialogOpened(dialog);
}

void MainWindow::editRule(int index) {
    const RuleConfig& config = m_rules->config();
    if (!m_analysis || index < 0 || size_t(index) >= config.rules.size()) return;
    RuleConfig base = config;
    base.rules.erase(base.rules.begin() + index);
    AllowDraft draft;
    draft.source = tr("rule %1").arg(qs(config.rules[size_t(index)].id));
    draft.rules = {config.rules[size_t(index)]};
    openAllowDialog(std::move(draft), std::move(base), true, index);
}

void MainWindow::openRecordIndex(uint32_t record) {
    if (!m_analysis || record >= m_analysis->records().size()) return;
    const IndexedRecord& r = m_analysis->records()[record];
    if (r.group == kNone) return showUngroupedRecord(record);
    const int groupRow = m_groupsProxy->rowOfGroup(r.group);
    if (groupRow >= 0 && selectGroupRow(groupRow)) selectRecordRow(m_recordsModel->rowOfRecord(record));
}

void MainWindow::showRuleRecords(int index) {
    const RuleConfig& config = m_rules->config();
    if (!m_analysis || index < 0 || size_t(index) >= config.rules.size()) return;
    const Rule& rule = config.rules[size_t(index)];
    const std::vector<uint32_t>& records = m_analysis->ruleRecords(rule.id);
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("ruleRecordsDialog"));
    dialog->setWindowTitle(tr("Records absorbed by %1").arg(qs(rule.id)));
    auto* layout = new QVBoxLayout(dialog);
    constexpr size_t kShown = 10000;
    layout->addWidget(new QLabel(tr("%1 record(s) in which %2 absorbs a difference%3. Return opens one.")
                                     .arg(QLocale().toString(qulonglong(records.size())), qs(describeRule(rule)),
                                          records.size() > kShown ? tr(" (first %1 listed)").arg(kShown) : QString()),
                                 dialog));
    auto* list = new QListWidget(dialog);
    for (size_t i = 0; i < records.size() && i < kShown; ++i) {
        const IndexedRecord& r = m_analysis->records()[records[i]];
        auto* item = new QListWidgetItem(
            tr("%1   %2   %3")
                .arg(QString::fromUtf8(m_analysis->id(r).data(), qsizetype(m_analysis->id(r).size())),
                     qs(m_analysis->endpoint(r.endpoint)), qs(std::string(outcomeName(r.outcome)))),
            list);
        item->setData(Qt::UserRole, records[i]);
    }
    layout->addWidget(list);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    connect(list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { openRecordIndex(item->data(Qt::UserRole).toUInt()); });
    dialog->resize(720, 480);
    dialog->show();
    list->setFocus();
    if (list->count() > 0) list->setCurrentRow(0);
}

}  // namespace dt
