// SPDX-License-Identifier: MIT
#include "ui/shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace dt {

namespace {

QString plainText(QString text) {
    text.remove(QLatin1Char('&'));
    const int tab = text.indexOf(QLatin1Char('\t'));
    if (tab >= 0) text.truncate(tab);
    return text.trimmed();
}

QString keysText(const QAction* a) {
    QStringList keys;
    for (const QKeySequence& k : a->shortcuts())
        if (!k.isEmpty()) keys << k.toString(QKeySequence::NativeText);
    return keys.join(QStringLiteral(" / "));
}

// "Edit › Filter…": the menus the action sits in; else the widget that owns it.
QString whereText(const QAction* a) {
    QStringList menus;
    for (QObject* o : a->associatedObjects()) {
        if (auto* menu = qobject_cast<QMenu*>(o)) {
            QString path = plainText(menu->title());
            for (QObject* p = menu->parent(); p; p = p->parent())
                if (auto* up = qobject_cast<QMenu*>(p)) path = plainText(up->title()) + QStringLiteral(" › ") + path;
            if (!path.isEmpty()) menus << path;
        }
    }
    if (!menus.isEmpty()) return menus.first();
    const QObject* owner = a->parent();
    if (owner && !owner->objectName().isEmpty()) return owner->objectName();
    return QObject::tr("Window");
}

}  // namespace

QList<ShortcutEntry> collectShortcuts(const QWidget* window) {
    QList<ShortcutEntry> out;
    QSet<QString> seen;
    for (const QAction* a : window->findChildren<QAction*>()) {
        const QString keys = keysText(a);
        if (keys.isEmpty()) continue;
        ShortcutEntry e{keys, plainText(a->text()), whereText(a)};
        const QString key = e.keys + QLatin1Char('\n') + e.action;
        if (seen.contains(key)) continue;  // the same action added to two menus
        seen.insert(key);
        out << e;
    }
    std::sort(out.begin(), out.end(), [](const ShortcutEntry& x, const ShortcutEntry& y) {
        return std::tie(x.where, x.action) < std::tie(y.where, y.action);
    });
    return out;
}

QList<ShortcutEntry> widgetKeys() {
    const QString diff = QObject::tr("Diff panes, differences list");
    const QString tables = QObject::tr("Groups, records");
    return {
        {QStringLiteral("n / p"), QObject::tr("Next / previous difference (as F7 / Shift+F7)"), diff},
        {QStringLiteral("r"), QObject::tr("Toggle normalized / raw"), diff},
        {QStringLiteral("w"), QObject::tr("Toggle Wrap Long Lines (as Ctrl+Shift+W)"), diff},
        {QObject::tr("Tab / Shift+Tab"),
         QObject::tr("Next / previous pane: filters → groups → records → diff → differences → detail tabs"),
         QObject::tr("Window")},
        {QObject::tr("Enter"), QObject::tr("Groups → records → diff"), tables},
        {QObject::tr("Home / End"), QObject::tr("First / last row (End reaches the real last record)"), tables},
        {QObject::tr("Ctrl+Home / Ctrl+End"), QObject::tr("First / last line of the body"), QObject::tr("Diff panes")},
        {QObject::tr("Ctrl+C"), QObject::tr("Copy signature (groups), correlation id (records), raw line (problems)"),
         tables},
    };
}

ShortcutsDialog::ShortcutsDialog(const QWidget* window, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter keys or actions…"));
    m_filter->setClearButtonEnabled(true);
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("shortcutsTable"));
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({tr("Keys"), tr("Action"), tr("Where")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setTabKeyNavigation(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const QList<ShortcutEntry> entries = collectShortcuts(window) + widgetKeys();
    m_table->setRowCount(int(entries.size()));
    for (int row = 0; row < entries.size(); ++row) {
        const ShortcutEntry& e = entries[row];
        int col = 0;
        for (const QString& text : {e.keys, e.action, e.where}) {
            auto* item = new QTableWidgetItem(text);
            item->setToolTip(text);
            m_table->setItem(row, col++, item);
        }
    }
    m_table->resizeColumnsToContents();
    m_table->setColumnWidth(1, std::min(m_table->columnWidth(1), 520));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_filter, &QLineEdit::textChanged, this, &ShortcutsDialog::applyFilter);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(900, 560);
}

int ShortcutsDialog::entryCount() const { return m_table->rowCount(); }

void ShortcutsDialog::applyFilter(const QString& text) {
    for (int row = 0; row < m_table->rowCount(); ++row) {
        bool match = text.isEmpty();
        for (int col = 0; col < 3 && !match; ++col)
            match = m_table->item(row, col)->text().contains(text, Qt::CaseInsensitive);
        m_table->setRowHidden(row, !match);
    }
}

void addShortcutsToToolTips(const QWidget* window) {
    for (QAction* a : window->findChildren<QAction*>()) {
        const QString keys = keysText(a);
        if (keys.isEmpty() || a->toolTip().contains(keys)) continue;
        QString tip = a->toolTip().isEmpty() ? plainText(a->text()) : a->toolTip();
        // QAction's default tooltip is its text; a shortcut shown already (first key only) is replaced.
        const QString first = a->shortcut().toString(QKeySequence::NativeText);
        if (!first.isEmpty()) tip.remove(QStringLiteral(" (%1)").arg(first));
        a->setToolTip(QStringLiteral("%1 (%2)").arg(tip, keys));
    }
}

}  // namespace dt
