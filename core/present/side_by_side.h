// SPDX-License-Identifier: MIT
#pragma once
// Side-by-side presentation of one body pair, KDiff3 style: a list of aligned rows, each with an
// optional left line, an optional right line and intra-line change ranges computed once.
// Views only paint rows. Also: canonical pretty JSON (sorted keys) and RFC 6902 patches.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dt {

struct Range {
    uint32_t start = 0;  // byte offset in the line
    uint32_t length = 0;
};

enum class RowState : uint8_t { Same, Changed, Removed /* left only */, Added /* right only */ };

struct AlignedRow {
    std::optional<uint32_t> left_line;  // 0-based line number in the left text, nullopt = padding
    std::optional<uint32_t> right_line;
    std::string left;  // line text ("" for padding)
    std::string right;
    RowState state = RowState::Same;
    std::vector<Range> left_changes;  // intra-line highlights
    std::vector<Range> right_changes;
    std::string pointer;  // JSON Pointer the row belongs to (normalized JSON mode), else ""
};

struct SideBySide {
    std::vector<AlignedRow> rows;
    bool left_json = false;
    bool right_json = false;
    std::string note;  // e.g. "binary bodies: 1234 bytes sha256 ... vs ..."
};

// Canonical pretty-printed JSON: object keys sorted, 2-space indent, numbers as written.
// Returns nullopt when `body` is not JSON. `pointers`, if given, receives the JSON Pointer of each
// output line.
std::optional<std::string> canonicalJson(std::string_view body, std::vector<std::string>* pointers = nullptr);

// normalized = true: both sides canonical pretty JSON when they are JSON, else raw text lines.
SideBySide buildSideBySide(std::string_view primaryBody, std::string_view candidateBody, bool normalized);

// Tints only what the differences list names: in a JSON pair, a changed row whose pointer neither
// lies at/below nor above any of `listed` (the record's body differences, absorbed ones included) is
// shown as unchanged — e.g. a volatile field the comparator ignores, on a status-only record. Rows
// without a known pointer keep their state. Returns the rows changed back to Same.
size_t keepListedChanges(SideBySide& sbs, const std::vector<std::string>& listed);

// Row index of the first row whose pointer equals or lies below `pointer`, or -1.
int rowForPointer(const SideBySide& sbs, std::string_view pointer);

// RFC 6902 JSON Patch (as JSON text, pretty) that turns document `a` into document `b`.
// Both must be valid JSON; returns nullopt and sets *error otherwise.
std::optional<std::string> jsonPatch(std::string_view a, std::string_view b, std::string* error = nullptr);

// Readable text diff of two documents (unified-like, normalized JSON when both are JSON).
std::string textDiff(std::string_view a, std::string_view b);

}  // namespace dt
