// SPDX-License-Identifier: MIT
#include "ui/problemspanel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/problemsmodel.h"

namespace dt {

ProblemsPanel::ProblemsPanel(QWidget* parent)
        : QWidget(parent), m_model(new ProblemsModel(this)), m_view(new QTableView(this)), m_summary(new QLabel(this)),
          m_raw(new QPlainTextEdit(this)), m_copy(new QPushButton(tr("&Copy raw line"), this)) {
    setObjectName(QStringLiteral("problemsPanel"));
    m_view->setObjectName(QStringLiteral("problemsView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    m_view->setColumnWidth(ProblemsModel::Location, 90);
    m_view->setColumnWidth(ProblemsModel::Id, 120);

    m_raw->setReadOnly(true);
    m_raw->setObjectName(QStringLiteral("problemRaw"));
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_raw->setPlaceholderText(tr("Select a problem to see its raw line"));

    auto* copyAction = new QAction(tr("Copy raw line"), m_view);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(copyAction);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(copyAction, &QAction::triggered, this, &ProblemsPanel::copyRaw);
    connect(m_copy, &QPushButton::clicked, this, &ProblemsPanel::copyRaw);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ProblemsPanel::currentChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ProblemsPanel::currentChanged);

    auto* top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_copy);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_raw);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    currentChanged();
}

void ProblemsPanel::setAnalysis(std::shared_ptr<const Analysis> analysis) {
    m_model->setAnalysis(std::move(analysis));
    if (m_model->rowCount() > 0) m_view->setCurrentIndex(m_model->index(0, 0));
}

int ProblemsPanel::problemCount() const { return m_model->rowCount(); }

bool ProblemsPanel::copyRaw() {
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) return false;
    QApplication::clipboard()->setText(m_model->data(current, ProblemsModel::RawRole).toString());
    return true;
}

void ProblemsPanel::currentChanged() {
    const int n = m_model->rowCount();
    m_summary->setText(n == 0 ? tr("No load problems")
                              : tr("%1 record(s) could not be read; they count as invalid").arg(QLocale().toString(n)));
    const QModelIndex current = m_view->currentIndex();
    const LoadProblem* p = current.isValid() ? m_model->problem(current.row()) : nullptr;
    m_copy->setEnabled(p != nullptr);
    if (!p) {
        m_raw->clear();
        return;
    }
    m_raw->setPlainText(QStringLiteral("%1: %2\n\n%3")
                            .arg(ProblemsModel::locationText(*p), QString::fromStdString(p->reason),
                                 QString::fromUtf8(p->raw.data(), qsizetype(p->raw.size()))));
}

}  // namespace dt
