// SPDX-License-Identifier: MIT
#include "ui/rulespanel.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/rulescontroller.h"
#include "ui/rulesmodel.h"

namespace dt {

RulesPanel::RulesPanel(RulesController* rules, RulesModel* model, QWidget* parent)
        : QWidget(parent), m_rules(rules), m_model(model) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto* bar = new QHBoxLayout;
    m_file = new QLabel(this);
    m_file->setObjectName(QStringLiteral("rulesFile"));
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_file, 1);
    m_edit = new QPushButton(tr("Edit…"), this);
    m_edit->setToolTip(tr("Edit the selected rule with a live preview (Return, F2)"));
    m_toggle = new QPushButton(tr("Disable"), this);
    m_toggle->setToolTip(tr("Enable or disable the selected rule (Space)"));
    m_delete = new QPushButton(tr("Delete"), this);
    m_delete->setToolTip(tr("Delete the selected rule (Del; Ctrl+Z undoes)"));
    m_records = new QPushButton(tr("Show Records"), this);
    m_records->setToolTip(tr("List the records the selected rule absorbs"));
    for (QPushButton* b : {m_edit, m_toggle, m_delete, m_records}) {
        b->setFocusPolicy(Qt::NoFocus);  // keys act on the table; Tab leaves the panel
        bar->addWidget(b);
    }
    layout->addLayout(bar);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("rulesView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setTabKeyNavigation(false);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(RulesModel::Reason, QHeaderView::Stretch);
    m_view->setColumnWidth(RulesModel::On, 36);
    m_view->setColumnWidth(RulesModel::Target, 220);
    m_view->installEventFilter(this);
    layout->addWidget(m_view, 1);
    setFocusProxy(m_view);

    connect(m_edit, &QPushButton::clicked, this, [this] {
        if (currentRule() >= 0) emit editRequested(currentRule());
    });
    connect(m_records, &QPushButton::clicked, this, [this] {
        if (currentRule() >= 0) emit showRecordsRequested(currentRule());
    });
    connect(m_toggle, &QPushButton::clicked, this, [this] {
        const int r = currentRule();
        if (r >= 0) m_rules->setRuleEnabled(r, !m_rules->config().rules[size_t(r)].enabled);
    });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        const int r = currentRule();
        if (r < 0) return;
        m_rules->removeRule(r);
        selectRule(std::min(r, m_model->rowCount() - 1));
    });
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex& i) {
        if (i.isValid() && i.column() != RulesModel::On) emit editRequested(i.row());
    });
    connect(m_rules, &RulesController::configChanged, this, &RulesPanel::updateButtons);
    connect(m_rules, &RulesController::configChanged, this, &RulesPanel::updateFileLabel);
    connect(m_rules, &RulesController::fileChanged, this, &RulesPanel::updateFileLabel);
    connect(m_rules, &RulesController::writeFailed, this, &RulesPanel::updateFileLabel);
    // An edit resets the model: the same row stays current (the next key acts on it again).
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_keepRow = currentRule(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_keepRow >= 0) selectRule(std::min(m_keepRow, m_model->rowCount() - 1));
        updateButtons();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RulesPanel::updateButtons);
    updateButtons();
    updateFileLabel();
}

int RulesPanel::currentRule() const {
    const QModelIndex i = m_view->currentIndex();
    return i.isValid() ? i.row() : -1;
}

bool RulesPanel::selectRule(int index) {
    if (index < 0 || index >= m_model->rowCount()) return false;
    m_view->setCurrentIndex(m_model->index(index, RulesModel::Kind));
    return true;
}

void RulesPanel::updateButtons() {
    const int r = currentRule();
    const bool has = r >= 0 && size_t(r) < m_rules->config().rules.size();
    for (QPushButton* b : {m_edit, m_toggle, m_delete, m_records}) b->setEnabled(has);
    m_toggle->setText(has && !m_rules->config().rules[size_t(r)].enabled ? tr("Enable") : tr("Disable"));
}

void RulesPanel::updateFileLabel() {
    const QString path = m_rules->filePath();
    QString text =
        path.isEmpty() || !QFileInfo::exists(path)
            ? tr("No rules file yet: the first rule is saved beside the workspace (or File › Save Rules As…)")
            : tr("Rules file: %1 (every edit is saved at once)").arg(QDir::toNativeSeparators(path));
    if (!m_rules->lastError().isEmpty()) text += tr(" — not saved: %1").arg(m_rules->lastError());
    m_file->setText(text);
}

bool RulesPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->modifiers() & ~Qt::KeypadModifier) return false;
        switch (key->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_F2: m_edit->click(); return true;
        case Qt::Key_Space: m_toggle->click(); return true;
        case Qt::Key_Delete: m_delete->click(); return true;
        default: break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace dt
