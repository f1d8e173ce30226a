// SPDX-License-Identifier: MIT
#pragma once
// Rows in COPY's text format for the index tables (pg_index.h, pg_reevaluate.h).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/analysis/analysis.h"

namespace dt::pg {

// A text value, with COPY's escapes (NUL bytes dropped).
void copyText(std::string& out, std::string_view v);
// A number, or \N when absent.
void copyNumber(std::string& out, double v, bool present);
// One row of <schema>.signatures: the signature of a record's set after rules, or of its raw
// (pre-rules) set when `raw`, with that outcome, the endpoint, the differences (jsonb) and the status
// pair when a status differs.
void appendSignatureRow(std::string& out, const Analysis& a, const std::string& signature, uint32_t record, bool raw,
                        std::string& causes);
// The same from its parts: the differences' keys, and the status pair when a status differs.
// Every signature but a drift one also gets its rows of <schema>.signature_causes in `causes`
// (causeIdsOf(): the causes of a mismatch group with it).
void appendSignatureRow(std::string& out, const std::string& signature, Outcome outcome, std::string_view endpoint,
                        const std::vector<SigKey>& keys, std::optional<std::pair<int, int>> statusPair,
                        std::string& causes);

}  // namespace dt::pg
