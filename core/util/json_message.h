// SPDX-License-Identifier: MIT
#pragma once
// One wording for JSON parser messages shown to users (JSONL lines, rules files).
#include <string>
#include <string_view>

namespace dt {

// A JSON library message in plain words: no "[json.exception.parse_error.101]" tag, no
// "parse error at line 1, column 39:" (the caller names the place once), no parser jargon
// ("syntax error while parsing value - "); at most 200 characters.
std::string plainJsonMessage(std::string_view what);

}  // namespace dt
