// SPDX-License-Identifier: MIT
#pragma once
// Internal helper of the diff engine: SHA-256 (FIPS 180-4) of a byte string, used to summarize
// binary bodies in previews and side-by-side notes.
#include <string>
#include <string_view>

namespace dt {

// Lowercase hex SHA-256 digest (64 characters).
std::string sha256Hex(std::string_view data);

// "<N bytes sha256:0123456789abcdef…>" (first 16 hex digits of the digest).
std::string binarySummary(std::string_view data);

}  // namespace dt
