// SPDX-License-Identifier: MIT
#pragma once
// Typed differences between a primary and a candidate response.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/compare/value_class.h"
#include "core/util/text.h"  // escapePointerToken(), unescapePointerToken()

namespace dt {

enum class DiffKind : uint8_t {
    Changed,         // same JSON type, different value                      path: JSON Pointer
    TypeChanged,     // different JSON type (10 vs "10"; JSON vs non-JSON body at "")
    Missing,         // in primary, missing in candidate
    Extra,           // in candidate, not in primary
    ArrayLength,     // arrays of different length (one difference at the array)
    ArrayOrder,      // same elements (as a multiset), different order (one difference at the array)
    Status,          // status codes differ                                  path: ""
    Header,          // a compared header differs / is missing / is extra    path: lowercase header name
    CandidateError,  // candidate failed to answer (error set)               path: ""
    TextChanged,     // non-JSON text bodies differ                          path: ""
    BinaryChanged,   // binary bodies differ                                 path: ""
};
constexpr int kDiffKindCount = 11;

// Stable external names: "changed", "type_changed", "missing", "extra", "array_length",
// "array_order", "status", "header", "candidate_error", "text_changed", "binary_changed".
std::string_view kindName(DiffKind k);
std::optional<DiffKind> kindFromName(std::string_view name);
// True for kinds whose path is a JSON Pointer into the body.
bool isBodyKind(DiffKind k);

struct Difference {
    DiffKind kind = DiffKind::Changed;
    std::string path;  // concrete path: RFC 6901 pointer (body kinds), lowercase header name (Header), "" otherwise
    std::string generalized;  // path with array indices replaced by "*" (object keys that look numeric are kept)
    std::string
        primary;  // short rendering of the primary value (JSON text, possibly truncated with "…"); "" when absent
    std::string candidate;              // same for the candidate
    std::string rule_id;                // set when a rule absorbed this difference
    ValueClass cls = ValueClass::None;  // how the value changed (value_class.h)
    std::string cls_param;              // its signature parameter ("+1h", "a.example>b.example", "charset"), may be ""

    bool operator==(const Difference&) const = default;
};

// "instant_shift +1h", "same_instant", "" (None): the class as it appears in signature v2.
std::string classText(ValueClass cls, std::string_view param);
inline std::string classText(const Difference& d) { return classText(d.cls, d.cls_param); }
// The class name of a class text ("instant_shift +1h" -> "instant_shift") and its parameter.
std::string_view classTextName(std::string_view text);
std::string_view classTextParam(std::string_view text);

// One signature key: generalized path, kind, class text. Sorted by (path, kind, class).
struct SigKey {
    std::string path;
    DiffKind kind = DiffKind::Changed;
    std::string cls;
    auto operator<=>(const SigKey&) const = default;
    bool operator==(const SigKey&) const = default;
};

// RFC 6901 helpers.
std::vector<std::string> splitPointer(std::string_view pointer);  // "" -> {}, "/a/b" -> {"a","b"} (unescaped)
// True when `path` equals `prefix` or lies below it ("/a/b" is below "/a", "/ab" is not).
bool pointerAtOrBelow(std::string_view path, std::string_view prefix);
// Document order of two pointers: token by token; two all-digit tokens compare as numbers ("/items/2"
// before "/items/10"), other tokens bytewise (the canonical key order); a prefix comes first.
// Returns <0, 0 or >0.
int comparePointers(std::string_view a, std::string_view b);
// Sorts differences the way a reader meets them: status and candidate error first, then headers by
// name, then body differences in document order, then whole-body text/binary. Stable.
void sortDocumentOrder(std::vector<Difference>& differences);

}  // namespace dt
