// SPDX-License-Identifier: MIT
#pragma once
// Palette-derived colours for outcomes, so the triage window reads well in light and dark themes.
#include <QColor>
#include <QPalette>
#include <QString>

#include "core/analysis/analysis.h"

namespace dt {

bool isDarkPalette(const QPalette& palette);
// A foreground colour for text that names an outcome, legible on palette.base().
QColor outcomeColor(Outcome outcome, const QPalette& palette);
// A subtle background tint for the outcome (blended into palette.base()).
QColor outcomeTint(Outcome outcome, const QPalette& palette);
QString outcomeLabel(Outcome outcome);  // "Match", "Mismatch", ...

}  // namespace dt
