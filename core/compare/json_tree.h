// SPDX-License-Identifier: MIT
#pragma once
// Internal JSON tree for presentation (canonical pretty JSON, RFC 6902 patches): unlike the diff
// engine's parser it keeps every number exactly as written, so 400-digit integers and 1e400 are
// shown and patched unchanged. Strict RFC 8259 parsing; nesting is limited to kMaxTreeDepth levels.
// Duplicate object keys are kept in the tree; every consumer lets the LAST occurrence win.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dt {

constexpr size_t kMaxTreeDepth = 1000;

struct JsonNode {
    enum class Type : uint8_t { Null, True, False, Number, String, Array, Object };
    Type type = Type::Null;
    std::string text;               // Number: source text; String: decoded UTF-8
    std::vector<JsonNode> kids;     // Array elements / Object values
    std::vector<std::string> keys;  // Object keys (decoded), parallel to kids
};

// Parses `body` (an optional UTF-8 BOM and surrounding whitespace allowed). On failure returns
// nullopt and, when `error` is given, a short reason with the byte offset.
std::optional<JsonNode> parseJsonTree(std::string_view body, std::string* error = nullptr);

// Indices of an object's members sorted by key; with duplicate keys only the last one is kept.
std::vector<size_t> sortedMembers(const JsonNode& object);

// Value equality: key order irrelevant, numbers by jsonNumbersEqual().
bool jsonTreesEqual(const JsonNode& a, const JsonNode& b);

// --- Numbers: one exact path for the diff engine and the presentation ---------------------------

// Exact decimal form of a JSON number: "-123e-2" for -1.23, "0" for any zero; two numbers have the
// same canonical form exactly when they have the same value (400-digit integers, 1e400 included).
std::string canonicalNumber(std::string_view text);

// JSON number equality, the same in the diff engine and the presentation: integers exactly,
// numbers within double range as doubles, beyond double range (1e400, 1e-400) exactly by value.
bool jsonNumbersEqual(std::string_view a, std::string_view b);

// The diff engine's parser (simdjson) refuses numbers it cannot hold (integers beyond 64 bits,
// 1e400). preserveBigNumbers() rewrites each such number token of `body` into a tagged string
// (kBigNumberTag + canonical + '\0' + original text) that the engine treats as that number:
// compared by value, hashed by value, shown as written. False when `body` has none (or is not
// tokenizable), leaving `out` unspecified.
inline constexpr std::string_view kBigNumberTag{"\0\x01N", 3};
bool preserveBigNumbers(std::string_view body, std::string& out);
// For a decoded string value: the number it stands for (canonical, original text), when tagged.
bool bigNumberParts(std::string_view value, std::string_view& canonical, std::string_view& original);

// Pretty printer: sorted keys, 2-space indent, the value starting at indent level `depth` (the
// first line is not indented). When `pointers` is given, receives the JSON Pointer of each line,
// the current pointer being `pointer`.
void printJsonTree(const JsonNode& node, size_t depth, std::string& out, std::vector<std::string>* pointers = nullptr,
                   std::string pointer = {});

}  // namespace dt
