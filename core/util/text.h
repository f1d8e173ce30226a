// SPDX-License-Identifier: MIT
#pragma once
// Byte-level text helpers used everywhere in core: ASCII case folding, UTF-8 decoding, RFC 6901
// JSON Pointer token escaping. One implementation each (tests/core/test_text.cpp); no locale calls.
#include <cstdint>
#include <string>
#include <string_view>

namespace dt {

// --- ASCII case folding (header names, filters, globs: never locale-dependent) ------------------
constexpr char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool iequals(std::string_view a, std::string_view b);
std::string lowercase(std::string_view s);
// ASCII case-insensitive substring test ("" is contained in everything). `needleLower` must be lowercase.
bool containsLower(std::string_view haystack, std::string_view needleLower);

// --- UTF-8 -------------------------------------------------------------------------------------
// One step of strict UTF-8 decoding (RFC 3629: no overlongs, no surrogates, <= U+10FFFF) at s[i].
// Valid: length 1-4 and the code point. Invalid: valid == false, length = the maximal invalid
// subpart (>= 1, what U+FFFD replaces, as the WHATWG/Unicode "substitution of maximal subparts").
struct Utf8Step {
    uint32_t codepoint = 0;
    uint32_t length = 1;
    bool valid = false;
};
Utf8Step decodeUtf8(std::string_view s, size_t i);
bool isValidUtf8(std::string_view s);
// Replaces every invalid sequence with U+FFFD. Returns false (and leaves `out` alone) when `in` is valid.
bool repairUtf8(std::string_view in, std::string& out);

// --- RFC 6901 JSON Pointer tokens ----------------------------------------------------------------
std::string escapePointerToken(std::string_view token);    // "~" -> "~0", "/" -> "~1"
std::string unescapePointerToken(std::string_view token);  // lenient: a lone "~" is kept

}  // namespace dt
