// SPDX-License-Identifier: MIT
#pragma once
// One comparison of a diff store, fully materialized (bodies included).
// Readers produce it (see store.h); the diff engine consumes it. The in-memory index
// of a whole store (analysis.h) does NOT hold Records: it holds locators and reads
// records back on demand.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/util/text.h"  // iequals(), lowercase() for header names

namespace dt {

// One header value. A header with several values appears several times, in order.
// Names are kept as written; compare them with iequals()/lowercase().
using Header = std::pair<std::string, std::string>;
using Headers = std::vector<Header>;

// A flat JSON object: key -> minified JSON text of the value (used for tags and state fingerprints).
using FlatObject = std::vector<std::pair<std::string, std::string>>;

struct Response {
    bool present = false;       // the side exists in the record
    std::optional<int> status;  // absent when the side failed to answer
    Headers headers;
    std::string body;  // raw bytes (body_base64 already decoded)
    std::optional<double> latency_ms;
    std::optional<std::string> error;  // "timeout", "connection refused", ...
    bool has_state_before = false;
    FlatObject state_before;  // state.before fingerprint, key -> JSON text
    FlatObject state_after;
    bool operator==(const Response&) const = default;
};

struct Request {
    std::string method;
    std::string url;  // path + query, or absolute URL
    Headers headers;
    std::string body;
    bool operator==(const Request&) const = default;
};

struct Record {
    std::string id;
    std::string ts;        // RFC 3339 as written
    std::string endpoint;  // producer-given route template, may be empty
    Request request;
    Response primary;
    Response candidate;
    Response secondary;  // present == false when the store has none
    FlatObject tags;     // values are the string values (not JSON-quoted)
    double weight = 1.0;
    bool operator==(const Record&) const = default;
};

// Where a record lives in its store, so it can be read back without holding it in memory.
struct Locator {
    uint64_t offset = 0;  // JSONL: byte offset of the line; SQLite: rowid
    uint32_t length = 0;  // JSONL: line length in bytes (without the newline); SQLite: 0
    uint32_t line = 0;    // JSONL: 1-based line number; SQLite: 0
};

// Parses RFC 3339 ("2026-11-20T10:00:00.123Z", offsets, lowercase t/z, space separator) to
// milliseconds since the Unix epoch (UTC). Returns nullopt when it is not a valid timestamp.
std::optional<int64_t> parseTimestampMs(std::string_view ts);
// Formats milliseconds since the epoch as "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string formatTimestampMs(int64_t ms);

}  // namespace dt
