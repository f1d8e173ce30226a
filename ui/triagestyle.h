// SPDX-License-Identifier: MIT
#pragma once
// How a triage annotation (core/triage/workspace.h) is shown in the groups and causes tables: the
// state label with its flags ("bug · regression", "new · new since last open", the named issue),
// a colour per state, and a tooltip with owner, note, ticket and the last change.
#include <QColor>
#include <QPalette>
#include <QString>

#include <optional>

#include "core/triage/workspace.h"

namespace dt {

QString triageText(const TriageAnnotation* annotation);
QString triageToolTip(const TriageAnnotation* annotation);
QColor triageColor(const TriageAnnotation* annotation, const QPalette& palette);
// The key that sets each state in the groups and causes tables (docs/gui.md), e.g. 'B' for bug.
Qt::Key triageStateKey(TriageState state);
std::optional<TriageState> triageStateForKey(int key);

}  // namespace dt
