// SPDX-License-Identifier: MIT
#pragma once
// The inverse of the JSONL parser (record_parse.h): one Record as one diff-store JSON line, as the
// contract (shared/spec/diff-store.md) defines it. Used by "copy record as JSON" in the GUI, by the
// importers and by golden-set exports. parse(write(r)) == r for every record the parser produces.
#include <string>

#include "core/store/record.h"

namespace dt {

// Minified JSON, one line, no trailing newline. Bodies that are valid UTF-8 are written as "body",
// others as "body_base64"; state and tag values are written back as the JSON they were read from.
std::string recordToJson(const Record& record);

}  // namespace dt
