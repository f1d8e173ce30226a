// SPDX-License-Identifier: MIT
#pragma once
// Internal to core (includes simdjson, which is a PRIVATE dependency of difftriage_core):
// JSON values -> Record fields, shared by the JSONL reader (whole lines) and the SQLite reader
// (JSON text columns: *_headers, *_state, tags). All functions reuse the capacity of their
// output objects so that a scan worker can parse millions of records into one Record without
// allocating in the steady state.
#include <simdjson.h>

#include <string>
#include <string_view>

#include "core/store/record.h"

namespace dt::detail {

// Replaces every invalid UTF-8 sequence of `in` with U+FFFD (EF BF BD), writing to `out`.
// Returns false (and leaves `out` alone) when `in` is already valid UTF-8.
bool repairUtf8(std::string_view in, std::string& out);
bool isValidUtf8(std::string_view s);

// Parses JSON text that is not padded (copies it into `scratch`, which keeps the padding).
// Invalid UTF-8 is repaired (U+FFFD) and the parse retried. On failure returns the error and,
// when `reason` is non-null, a human reason with the byte position when it can be found.
simdjson::error_code parseJsonText(simdjson::dom::parser& parser, std::string& scratch, std::string_view text,
                                   simdjson::dom::element& out, std::string* reason);

// "invalid JSON at byte 17: syntax error while parsing object key - ...". `text` is the input that
// failed; `err` is simdjson's verdict (used when no position can be found).
std::string describeJsonError(std::string_view text, simdjson::error_code err);

// Best-effort "id" of a line that is not valid JSON ("" when none is visible).
std::string sniffId(std::string_view line);

// Minified JSON text of a value (strings keep their quotes).
std::string jsonText(simdjson::dom::element v);
void appendScalarText(simdjson::dom::element v, std::string& out);  // strings unquoted, others minified

// Field readers. `what` names the field in reasons ("primary.headers"). All return false + reason
// on a value of the wrong shape; null counts as absent everywhere.
bool headersFromJson(simdjson::dom::element v, Headers& out, std::string_view what, std::string& reason);
// unquote: string values are stored without quotes (tags); otherwise every value is minified JSON (state).
bool flatObjectFromJson(simdjson::dom::element v, FlatObject& out, bool unquote, std::string_view what,
                        std::string& reason);
// state: {"before": {...}, "after": {...}}
bool stateFromJson(simdjson::dom::element v, Response& out, std::string_view what, std::string& reason);
bool statusFromJson(simdjson::dom::element v, std::optional<int>& out, std::string_view what, std::string& reason);
bool numberFromJson(simdjson::dom::element v, std::optional<double>& out, std::string_view what, std::string& reason);

// Status / number / weight from text ("200", " 12.5 "); nullopt when not a number.
std::optional<int> statusFromText(std::string_view s);
std::optional<double> numberFromText(std::string_view s);
// ts given as a number: seconds (or milliseconds when > 1e11) since the epoch -> RFC 3339 text.
std::string tsFromEpochNumber(double v);

// Empties a record for reuse, keeping string/vector capacity.
void resetRecord(Record& r);
void resetResponse(Response& r);

// A whole JSONL record object -> Record. On failure returns false with `reason`; out.id is set
// whenever the id could be read (for LoadProblem::id).
bool recordFromJson(simdjson::dom::element root, Record& out, std::string& reason);

// One JSONL line -> Record, with UTF-8 repair and error reasons. `data` must be followed by at
// least simdjson::SIMDJSON_PADDING readable bytes. One LineParser per thread.
class LineParser {
public:
    enum class Result { Ok, Blank, BadJson, BadRecord };
    Result parse(const char* data, size_t len, Record& out, std::string& reason, std::string& id);

private:
    simdjson::dom::parser m_parser;
    std::string m_fixed;  // UTF-8-repaired copy, padded
};

bool isBlank(std::string_view line);

}  // namespace dt::detail
