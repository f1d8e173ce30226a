// SPDX-License-Identifier: MIT
#pragma once
// Pretty-printing JSON as received: the raw view of a minified body, indented two spaces per level,
// one member or element per line, with the object keys in their order, every number, string and
// escape spelled exactly as in the input (unlike canonicalJson, which sorts keys). Only whitespace
// between tokens changes. Iterative (no recursion), so deeply nested input is safe.
#include <optional>
#include <string>
#include <string_view>

namespace dt {

// nullopt when `body` is not a single JSON value (then show it as it is).
std::optional<std::string> indentJson(std::string_view body);

}  // namespace dt
