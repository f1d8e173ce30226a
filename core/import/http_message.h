// SPDX-License-Identifier: MIT
#pragma once
// A raw HTTP/1.x message (as GoReplay captures it, or as any proxy dumps it) parsed into the store's
// Request / Response shape: start line, headers, and the body with its transfer coding removed
// (Content-Length, chunked, or "until the end") and its content coding decoded (gzip, deflate).
// Shared by every importer that sees wire bytes (core/import/goreplay.h, the middleware).
//
// Liberal in what it accepts (bare LF line ends, obs-fold continuation lines, a missing
// reason phrase); precise in what it reports: every liberty that changed or lost bytes is a
// `warning`, and a body shorter than its Content-Length / last chunk is kept and marked
// `truncated` (captures are often cut at a buffer size).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/record.h"

namespace dt::import {

struct HttpMessage {
    bool is_request = false;
    std::string method;                 // requests
    std::string target;                 // requests: path + query or absolute URL, as written
    std::string version;                // "HTTP/1.1"
    int status = 0;                     // responses
    std::string reason;                 // responses
    Headers headers;                    // as written, in order
    std::string body;                   // transfer coding removed, content coding decoded when possible (the
                                        // Content-Encoding header is then removed: it no longer describes it)
    bool truncated = false;             // the body ended before its declared length
    size_t consumed = 0;                // bytes of the input the message used (start line .. end of body)
    std::vector<std::string> warnings;  // liberties taken: "body: gzip: ...", "chunked: ..."
};

// Parses one message. A response without Content-Length and not chunked ends at the end of the input
// (a capture holds exactly one message); such a request has no body (RFC 9112 6.3). Bytes after the
// body are not consumed (see `consumed`). Returns nullopt with *error when the start line or the
// header block is not HTTP/1.x.
std::optional<HttpMessage> parseHttpMessage(std::string_view raw, std::string* error);

// The first value of a header (case-insensitive name), or nullptr.
const std::string* findHeader(const Headers& headers, std::string_view name);

// Decodes a chunked body starting at `in`. Sets *used to the bytes consumed (through the final CRLF
// after the trailers when present) and *truncated when the input ends inside a chunk. False with
// *error on a malformed chunk size line (what was decoded so far stays in `out`).
bool decodeChunked(std::string_view in, std::string& out, size_t* used, bool* truncated, std::string* error);

// Decodes a Content-Encoding list ("gzip", "x-gzip", "deflate" (zlib or raw), "identity", applied in
// order and undone in reverse). False with *error (body left unchanged) on a coding it does not know
// or on corrupt data.
bool decodeContentEncoding(std::string_view codings, std::string& body, std::string* error);

// Decodes `body` per the Content-Encoding header and then removes that header; on failure (or when the
// body is truncated) keeps both and adds a warning. Shared by every importer that sees raw bodies.
void decodeBody(Headers& headers, std::string& body, bool truncated, std::vector<std::string>& warnings);

// Fills a store Request / Response from a parsed message (status, headers, body).
Request toRequest(const HttpMessage& m);
Response toResponse(const HttpMessage& m);

}  // namespace dt::import
