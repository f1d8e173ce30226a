// SPDX-License-Identifier: MIT
#pragma once
// Base64 (RFC 4648) for body_base64 fields and for rendering binary SQLite blobs as JSON.
#include <string>
#include <string_view>

namespace dt {

// Decodes standard or URL-safe base64 into `out` (replacing its content, reusing its capacity).
// Liberal: padding may be missing, ASCII whitespace (line-wrapped MIME output) is ignored.
// Returns false on any other character, misplaced padding or an impossible length.
bool base64Decode(std::string_view in, std::string& out);

// Encodes with the standard alphabet and '=' padding.
std::string base64Encode(std::string_view in);

}  // namespace dt
