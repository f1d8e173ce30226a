// SPDX-License-Identifier: MIT
#pragma once
// Colours of the diff view, derived from the widget palette so they read well in light and in dark
// themes: every background is the palette's base blended toward a hue, never a fixed colour.
#include <QColor>
#include <QPalette>

namespace dt {

struct DiffColors {
    QColor text;           // line text
    QColor base;           // unchanged rows
    QColor changed;        // row whose two sides differ
    QColor removed;        // row present on the left (primary) only
    QColor added;          // row present on the right (candidate) only
    QColor changedInline;  // intra-line highlight on a changed row
    QColor removedInline;  // intra-line highlight on the primary side
    QColor addedInline;    // intra-line highlight on the candidate side
    QColor padding;        // filler where one side has no line
    QColor paddingHatch;   // diagonal lines drawn over the filler
    QColor gutter;         // line-number background
    QColor gutterText;     // line numbers
    QColor current;        // marker for the rows of the current difference
    QColor greyed;         // absorbed differences, ignored headers
    bool dark = false;

    static DiffColors fromPalette(const QPalette& palette);
    static bool isDarkPalette(const QPalette& palette);
    // a + (b - a) * t per channel, alpha 255.
    static QColor mix(const QColor& a, const QColor& b, double t);
    // WCAG 2 contrast ratio between two opaque colours (1 .. 21).
    static double contrast(const QColor& a, const QColor& b);
};

}  // namespace dt
