// SPDX-License-Identifier: MIT
#pragma once
// The diff panes' column model: how many display columns a line takes and which text a window of
// columns shows (UTF-8 decoded, tabs expanded, control characters as visible pictures). Used for
// painting, horizontal scrolling and wrapping long lines.
#include <QString>
#include <cstdint>
#include <string_view>
#include <vector>

namespace dt {

constexpr uint32_t kNoColumn = UINT32_MAX;  // a byte offset outside the decoded window

// Display columns of a line: UTF-8 code points, tabs to the next multiple of 4, invalid bytes as one
// column each (shown as U+FFFD), control characters as one column (shown as control pictures).
uint32_t displayColumns(std::string_view line);
// The columns [firstColumn, firstColumn + count) of a line as display text (tabs expanded).
// *columnsOut, if given, receives the display column of each byte offset in `byteOffsets`
// (offsets at or past the end of a fully decoded line map to its end column; offsets beyond the
// decoded window of a longer line map to UINT32_MAX).
QString displayWindow(std::string_view line, uint32_t firstColumn, uint32_t count,
                      const std::vector<uint32_t>& byteOffsets = {}, std::vector<uint32_t>* columnsOut = nullptr);

}  // namespace dt
