// SPDX-License-Identifier: MIT
#include "ui/sidelabels.h"

#include <QCoreApplication>

namespace dt {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("SideLabels", text); }

}  // namespace

QString referenceSideLabel(bool swapped) { return swapped ? tr("Candidate (reference)") : tr("Primary"); }

QString comparedSideLabel(bool swapped) { return swapped ? tr("Primary") : tr("Candidate"); }

QString referenceSideWord(bool swapped) { return swapped ? tr("candidate") : tr("primary"); }

QString comparedSideWord(bool swapped) { return swapped ? tr("primary") : tr("candidate"); }

QString swappedSidesNote(bool swapped) {
    return swapped ? tr("⇄ Sides swapped: the candidate is the reference") : QString();
}

}  // namespace dt
