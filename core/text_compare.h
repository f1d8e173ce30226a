#pragma once
// Internal helpers of the diff engine for non-JSON bodies: UTF-8 checks, line splitting,
// text normalization (TextNormalization rules), previews and the first differing line pair.
#include <string>
#include <string_view>
#include <vector>

#include "core/diff_policy.h"

namespace dt {

// Strips a leading UTF-8 byte order mark.
std::string_view stripUtf8Bom(std::string_view s);

// True when `s` is valid UTF-8 and contains no NUL byte.
bool isUtf8Text(std::string_view s);

// Splits on '\n'; a trailing '\r' is removed from each line; a final newline does not start an
// extra empty line. "" -> {}.
std::vector<std::string_view> splitLines(std::string_view s);

// Cuts `s` to at most `maxBytes` bytes (on a UTF-8 character boundary) and appends "…" when cut.
std::string truncatePreview(std::string_view s, size_t maxBytes);

// Applies a text normalization:
//   trim                 leading/trailing whitespace of every line, and blank lines at both ends;
//   collapse_whitespace  runs of spaces/tabs/CR inside a line become one space;
//   case_fold            ASCII letters are lowercased (other bytes unchanged).
std::string normalizeText(std::string_view s, const TextNormalization& rule);

// Appends `s` as a JSON string literal: quotes, backslash and control characters escaped,
// other bytes (UTF-8) kept as they are.
void appendJsonString(std::string& out, std::string_view s);

// Line diff (dtl) of two texts. Returns false when the line sequences are equal; otherwise sets
// the first removed line of `a` and the first added line of `b` ("" when that side has none).
bool firstDifferingLines(std::string_view a, std::string_view b, std::string& lineA, std::string& lineB);

}  // namespace dt
