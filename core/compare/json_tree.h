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

// Value equality: key order irrelevant, numbers by value (exact for integers, else as doubles,
// else by source text when out of double range).
bool jsonTreesEqual(const JsonNode& a, const JsonNode& b);

// Pretty printer: sorted keys, 2-space indent, the value starting at indent level `depth` (the
// first line is not indented). When `pointers` is given, receives the JSON Pointer of each line,
// the current pointer being `pointer`.
void printJsonTree(const JsonNode& node, size_t depth, std::string& out, std::vector<std::string>* pointers = nullptr,
                   std::string pointer = {});

}  // namespace dt
