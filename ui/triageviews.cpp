// SPDX-License-Identifier: MIT
#include "ui/triageviews.h"

#include <QMenu>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>

namespace dt {

void setupTriageTable(QTableView* view) {
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setWordWrap(false);
    view->setAlternatingRowColors(true);
    view->setTextElideMode(Qt::ElideRight);
    view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setSectionsMovable(true);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
}

QAction* addCopyAction(QTableView* view, const QString& text, std::function<QString()> payload) {
    auto* action = new QAction(text, view);
    action->setShortcut(QKeySequence::Copy);
    action->setShortcutContext(Qt::WidgetShortcut);
    QObject::connect(action, &QAction::triggered, view, [payload = std::move(payload)] {
        const QString s = payload();
        if (!s.isEmpty()) QApplication::clipboard()->setText(s);
    });
    view->addAction(action);
    return action;
}

void addColumnsMenu(QTableView* view) {
    QHeaderView* header = view->horizontalHeader();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(header, &QWidget::customContextMenuRequested, view, [view, header](const QPoint& pos) {
        QMenu menu(view);
        QAbstractItemModel* model = view->model();
        int visible = 0;
        for (int c = 0; c < header->count(); ++c) visible += !header->isSectionHidden(c);
        for (int c = 0; c < header->count(); ++c) {
            QAction* a = menu.addAction(model->headerData(c, Qt::Horizontal).toString());
            a->setCheckable(true);
            a->setChecked(!header->isSectionHidden(c));
            a->setEnabled(header->isSectionHidden(c) || visible > 1);
            QObject::connect(a, &QAction::toggled, view, [header, c](bool on) { header->setSectionHidden(c, !on); });
        }
        menu.exec(header->viewport()->mapToGlobal(pos));
    });
}

}  // namespace dt
