// SPDX-License-Identifier: MIT
#pragma once
// The F1 sheet: every key of the window, generated from the window's own actions (menus, toolbar
// and widget actions) plus the few keys widgets handle themselves, so the sheet cannot go stale.
#include <QDialog>
#include <QList>
#include <QString>

class QTableWidget;
class QLineEdit;

namespace dt {

struct ShortcutEntry {
    QString keys;    // native text, alternatives joined with " / "
    QString action;  // what it does (the action's text without mnemonics)
    QString where;   // menu path or the widget that handles it
};

// Every QAction below `window` that has a shortcut, sorted by where it lives, then by name.
QList<ShortcutEntry> collectShortcuts(const QWidget* window);
// Keys that widgets handle without an action (n/p/r in the diff, Tab between panes, Home/End …).
QList<ShortcutEntry> widgetKeys();

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(const QWidget* window, QWidget* parent = nullptr);
    QTableWidget* table() const { return m_table; }
    int entryCount() const;

private:
    void applyFilter(const QString& text);
    QLineEdit* m_filter = nullptr;
    QTableWidget* m_table = nullptr;
};

// Adds " (Ctrl+O)" to the tooltip of every action below `window` that has a shortcut and whose
// tooltip does not show it yet.
void addShortcutsToToolTips(const QWidget* window);

}  // namespace dt
