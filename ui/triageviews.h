// SPDX-License-Identifier: MIT
#pragma once
// Table views of the triage window: shared setup for large tables (fixed row height, row selection,
// no word wrap) and a Ctrl+C action scoped to one view.
#include <QTableView>

#include <functional>

class QAction;

namespace dt {

// Row selection, single selection, uniform row height (so 100k+ rows stay fast), no word wrap.
void setupTriageTable(QTableView* view);
// Adds `text` as a Ctrl+C action that is active only while `view` has focus (and in its context menu).
QAction* addCopyAction(QTableView* view, const QString& text, std::function<QString()> payload);
// A context menu on the header with one checkable entry per column: hide / show columns (the
// header's saveState() remembers them). The last visible column cannot be hidden.
void addColumnsMenu(QTableView* view);

}  // namespace dt
