// SPDX-License-Identifier: MIT
// MainWindow's triage workspace: opening it with the store, the Triage column and its keys
// (U new, I investigating, B bug, F intended fix, A accepted, N noise, X fixed), owner / note /
// ticket (Ctrl+E), named issues (merge), and the rules file the workspace remembers.
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

#include "core/rules/rules_io.h"
#include "core/triage/workspace_io.h"
#include "ui/causesmodel.h"
#include "ui/groupsmodel.h"
#include "ui/groupsproxy.h"
#include "ui/mainwindow.h"
#include "ui/qtext.h"
#include "ui/rulescontroller.h"
#include "ui/triagestyle.h"
#include "ui/workspacecontroller.h"

namespace dt {

void MainWindow::createWorkspace() {
    m_workspace = new WorkspaceController(this);
    m_groupsModel->setWorkspace(m_workspace);
    m_causesModel->setWorkspace(m_workspace);
    m_stateOf = [this](const std::string& signature) { return m_workspace->groupStateName(signature); };
    connect(m_workspace, &WorkspaceController::saveFailed, this,
            [this](const QString& error) { statusBar()->showMessage(tr("Workspace not saved: %1").arg(error)); });
    // Shared workspace: someone else's change arrived, or ours was refused because theirs came first.
    connect(m_workspace, &WorkspaceController::remoteChanged, this, [this] {
        if (m_analysis) m_workspace->reannotate(*m_analysis, m_causesModel->causes());
        statusBar()->showMessage(tr("Workspace: changes from another window arrived"), 5000);
    });
    connect(m_workspace, &WorkspaceController::conflict, this, [this](const QString& what) {
        const QString text =
            tr("Your change was not saved: someone else changed the same item first. This window now shows "
               "their state; make your change again if it still applies.\n\n%1")
                .arg(what);
        if (m_interactive)
            QMessageBox::information(this, tr("Shared workspace"), text);
        else
            statusBar()->showMessage(text.simplified());
    });
    // The workspace remembers the rules file once there is one.
    auto remember = [this] {
        if (m_workspace->isOpen() && QFileInfo::exists(m_rules->filePath()))
            m_workspace->setRulesPath(m_rules->filePath());
    };
    connect(m_rules, &RulesController::fileChanged, this, remember);
    connect(m_rules, &RulesController::configChanged, this, remember);
    for (QTableView* view : {m_groupsView, m_causesView})
        view->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
}

void MainWindow::openWorkspaceFor(const QString& path) {
    if (m_workspace->isOpen() && QString::fromStdString(m_workspace->workspace().store_path) == path) {
        m_workspace->reannotate(*m_analysis, m_causesModel->causes());  // a reload of the same store
        return;
    }
    QString fallback, explicitPath;
    workspaceLocation(path, &fallback, &explicitPath);
    QDir().mkpath(fallback);
    if (!explicitPath.isEmpty() && !explicitPath.contains(QStringLiteral("://")))
        QDir().mkpath(QFileInfo(explicitPath).absolutePath());
    QString error;
    if (!m_workspace->open(path, fallback, explicitPath, *m_analysis, m_causesModel->causes(), &error)) {
        const QString text = tr("The workspace %1 cannot be read; nothing will be saved over it this session:\n\n%2")
                                 .arg(QDir::toNativeSeparators(m_workspace->path()), error);
        if (m_interactive)
            QMessageBox::warning(this, tr("Workspace"), text);
        else
            statusBar()->showMessage(text);
    }
    // Rules: a file opened for this session (--rules, File › Open Rules) wins; else the workspace's.
    QString base = m_workspace->isShared()  // rules drafted in a shared session stay a local file
                       ? QString::fromStdString(fallbackWorkspacePath(path.toStdString(), fallback.toStdString()))
                       : m_workspace->path();
    if (base.endsWith(QLatin1String(".difftriage"))) base.chop(int(qstrlen(".difftriage")));
    m_rules->setDefaultPath(base + QStringLiteral(".rules.json"));
    const QString wsRules = qs(m_workspace->workspace().rules_path);
    if (m_rules->hasOwnFile()) {
        m_workspace->setRulesPath(m_rules->filePath());
    } else if (!wsRules.isEmpty()) {
        std::vector<RuleError> errors;
        if (std::optional<RuleConfig> config = readRulesFile(wsRules.toStdString(), &errors)) {
            m_rules->reset(*config, wsRules);
        } else {
            m_rules->reset();
            statusBar()->showMessage(
                tr("Rules of the workspace not loaded: %1").arg(qs(formatRuleErrors(wsRules.toStdString(), errors))));
        }
    }
    const Workspace& ws = m_workspace->workspace();
    size_t regressions = 0, fresh = 0;
    for (const Group& g : m_analysis->groups())
        if (const TriageAnnotation* a = m_workspace->group(g.signature)) {
            regressions += a->regression;
            fresh += a->new_since;
        }
    if (!ws.last_opened.empty() && (regressions || fresh))
        statusBar()->showMessage(
            tr("Since the workspace was last opened: %1 new group(s), %2 regression(s)").arg(fresh).arg(regressions),
            8000);
}

void MainWindow::workspaceLocation(const QString& path, QString* fallback, QString* explicitPath) const {
    *fallback = m_workspaceFallback;
    if (fallback->isEmpty())
        *fallback = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/workspaces");
    const QString forced = m_workspaceDir.isEmpty() ? qEnvironmentVariable("DIFFTRIAGE_WORKSPACE_DIR") : m_workspaceDir;
    *explicitPath = m_workspaceLocation;  // --workspace FILE|URI
    if (explicitPath->isEmpty() && !forced.isEmpty())
        *explicitPath = QString::fromStdString(fallbackWorkspacePath(path.toStdString(), forced.toStdString()));
}

void MainWindow::addTriageActions(QMenu* triage) {
    QMenu* states = triage->addMenu(tr("Set &State"));
    for (int s = 0; s < kTriageStateCount; ++s) {
        const auto state = static_cast<TriageState>(s);
        const QString key = QKeySequence(triageStateKey(state)).toString(QKeySequence::NativeText);
        QAction* a = states->addAction(tr("%1\t%2").arg(qs(triageStateLabel(state)), key), this,
                                       [this, state] { setCurrentTriageState(state); });
        a->setObjectName(QStringLiteral("state_%1").arg(qs(triageStateName(state))));
        a->setToolTip(tr("In the groups or causes table, press %1").arg(key));
    }
    QAction* edit = triage->addAction(tr("&Edit Owner, Note, Ticket…"), this, &MainWindow::editCurrentTriage);
    edit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    edit->setObjectName(QStringLiteral("editTriageAction"));
    QAction* merge = triage->addAction(tr("&Merge Groups into Issue…"), this, &MainWindow::mergeGroupsDialog);
    merge->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    QAction* split = triage->addAction(tr("S&plit Group By…"), this, &MainWindow::splitGroupDialog);
    split->setObjectName(QStringLiteral("splitGroupAction"));
    split->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    split->setToolTip(tr("Break the current group down by a tag (tenant, region) or endpoint"));
}

bool MainWindow::handleTriageKey(QTableView* view, QKeyEvent* key) {
    if (view != m_groupsView && view != m_causesView) return false;
    if ((key->modifiers() & ~Qt::KeypadModifier) != Qt::NoModifier) return false;
    const std::optional<TriageState> state = triageStateForKey(key->key());
    if (!state) return false;
    setCurrentTriageState(*state);
    return true;
}

bool MainWindow::setCurrentTriageState(TriageState state) {
    if (!m_workspace->isOpen()) return false;
    const QString label = qs(triageStateLabel(state));
    if (QApplication::focusWidget() == m_causesView || m_upperTabs->currentWidget() == m_causesView) {
        const QModelIndex i = m_causesView->currentIndex();
        if (!i.isValid()) return false;
        const std::string id = i.data(CausesModel::CauseIdRole).toString().toStdString();
        m_workspace->setCauseState(id, state);
        statusBar()->showMessage(tr("Cause %1: %2").arg(qs(id), label), 3000);
        return true;
    }
    const int group = currentGroup();
    if (group < 0 || !m_analysis) return false;
    const std::string& sig = m_analysis->groups()[size_t(group)].signature;
    m_workspace->setGroupState(sig, state);
    statusBar()->showMessage(tr("Group %1: %2").arg(qs(sig), label), 3000);
    return true;
}

void MainWindow::editCurrentTriage() {
    if (!m_workspace->isOpen() || !m_analysis) return;
    const bool cause = QApplication::focusWidget() == m_causesView || m_upperTabs->currentWidget() == m_causesView;
    std::string key;
    const TriageAnnotation* a = nullptr;
    if (cause) {
        const QModelIndex i = m_causesView->currentIndex();
        if (!i.isValid()) return;
        key = i.data(CausesModel::CauseIdRole).toString().toStdString();
        a = m_workspace->cause(key);
    } else {
        if (currentGroup() < 0) return;
        key = m_analysis->groups()[size_t(currentGroup())].signature;
        a = m_workspace->group(key);
    }
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("triageDialog"));
    dialog.setWindowTitle(cause ? tr("Cause %1").arg(qs(key)) : tr("Group %1").arg(qs(key)));
    auto* form = new QFormLayout(&dialog);
    auto* owner = new QLineEdit(a ? qs(a->owner) : QString(), &dialog);
    owner->setObjectName(QStringLiteral("owner"));
    auto* ticket = new QLineEdit(a ? qs(a->ticket) : QString(), &dialog);
    ticket->setObjectName(QStringLiteral("ticket"));
    auto* note = new QPlainTextEdit(a ? qs(a->note) : QString(), &dialog);
    note->setObjectName(QStringLiteral("note"));
    note->setTabChangesFocus(true);
    form->addRow(tr("&Owner:"), owner);
    form->addRow(tr("&Ticket:"), ticket);
    form->addRow(tr("&Note:"), note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    owner->setFocus();
    if (dialog.exec() != QDialog::Accepted) return;
    if (cause)
        m_workspace->setCauseText(key, owner->text(), note->toPlainText(), ticket->text());
    else
        m_workspace->setGroupText(key, owner->text(), note->toPlainText(), ticket->text());
}

void MainWindow::mergeGroupsDialog() {
    if (!m_workspace->isOpen() || !m_analysis || m_analysis->groups().empty()) return;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("mergeDialog"));
    dialog.setWindowTitle(tr("Merge groups into one issue"));
    auto* layout = new QVBoxLayout(&dialog);
    auto* name = new QLineEdit(&dialog);
    name->setPlaceholderText(tr("Issue name, e.g. \"PAY-123 rounding in totals\""));
    layout->addWidget(name);
    auto* list = new QListWidget(&dialog);
    const int current = currentGroup();
    for (int row = 0; row < m_groupsProxy->rowCount(); ++row) {
        const int g = m_groupsProxy->groupAt(row);
        if (g < 0) continue;
        const Group& group = m_analysis->groups()[size_t(g)];
        auto* item = new QListWidgetItem(tr("%1  %2  (%3 records)")
                                             .arg(qs(group.signature), qs(m_analysis->endpoint(group.endpoint)))
                                             .arg(group.count),
                                         list);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(g == current ? Qt::Checked : Qt::Unchecked);
        item->setData(Qt::UserRole, QString::fromStdString(group.signature));
    }
    layout->addWidget(list, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(640, 480);
    name->setFocus();
    if (dialog.exec() != QDialog::Accepted) return;
    std::vector<std::string> sigs;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked)
            sigs.push_back(list->item(i)->data(Qt::UserRole).toString().toStdString());
    if (sigs.empty() || name->text().trimmed().isEmpty()) return;
    m_workspace->mergeGroups(name->text().trimmed(), sigs);
    statusBar()->showMessage(tr("%1 group(s) merged into \"%2\"").arg(sigs.size()).arg(name->text().trimmed()), 4000);
}

}  // namespace dt
