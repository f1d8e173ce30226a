// SPDX-License-Identifier: MIT
#pragma once
// What the two sides are called on screen. Normally the primary (legacy) is the reference and the
// candidate is compared with it; with View › Swap Sides (AnalyzeOptions::swap_sides, stores
// recorded after cutover) the candidate is the reference: the left pane, the first column and the
// first status of a pair are the candidate's, and they say so.
#include <QString>

namespace dt {

// "Primary" / "Candidate (reference)": the left side (the reference).
QString referenceSideLabel(bool swapped);
// "Candidate" / "Primary": the right side (compared with the reference).
QString comparedSideLabel(bool swapped);
// Lowercase, for running text: "primary" / "candidate".
QString referenceSideWord(bool swapped);
QString comparedSideWord(bool swapped);
// The status bar's note while the sides are swapped ("" when they are not).
QString swappedSidesNote(bool swapped);

}  // namespace dt
