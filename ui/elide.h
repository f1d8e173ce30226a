// SPDX-License-Identifier: MIT
#pragma once
// Long texts from a store (a 70 KB URL, a huge record id) in labels and headers: elided in the
// middle, so one record never asks for a window hundreds of thousands of pixels wide. The full text
// stays available for copying (and, bounded, in tooltips).
#include <QChar>
#include <QString>

namespace dt {

inline QString elideMiddle(const QString& s, qsizetype maxChars = 160) {
    if (s.size() <= maxChars) return s;
    const qsizetype keep = (maxChars - 1) / 2;
    return s.left(keep) + QChar(0x2026) + s.right(maxChars - 1 - keep);
}

}  // namespace dt
