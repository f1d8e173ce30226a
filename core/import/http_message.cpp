// SPDX-License-Identifier: MIT
#include "core/import/http_message.h"

#include <algorithm>
#include <cstdlib>

#include "core/import/zlib_codec.h"

namespace dt::import {

namespace {

// The next line of `s` from `pos`: without its CRLF / LF. *next = just after the line end; false when
// no line end follows (the input ends inside the line).
bool nextLine(std::string_view s, size_t pos, std::string_view* line, size_t* next) {
    const size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) return false;
    size_t end = nl;
    if (end > pos && s[end - 1] == '\r') --end;
    *line = s.substr(pos, end - pos);
    *next = nl + 1;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool isToken(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 32 || u >= 127 || c == ':' || c == '(' || c == ')' || c == ',' || c == ';' || c == '"' || c == '/' ||
            c == '[' || c == ']' || c == '?' || c == '=' || c == '{' || c == '}' || c == '\\' || c == '<' || c == '>' ||
            c == '@')
            return false;
    }
    return true;
}

bool isHttpVersion(std::string_view v) {
    return v.size() == 8 && v.substr(0, 5) == "HTTP/" && v[5] >= '0' && v[5] <= '9' && v[6] == '.' && v[7] >= '0' &&
           v[7] <= '9';
}

bool parseStartLine(std::string_view line, HttpMessage& m, std::string* error) {
    const size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) {
        if (error) *error = "not an HTTP/1.x start line";
        return false;
    }
    const std::string_view first = line.substr(0, sp1);
    const std::string_view rest = line.substr(sp1 + 1);
    if (first.substr(0, 5) == "HTTP/") {
        if (!isHttpVersion(first)) {
            if (error) *error = "bad HTTP version '" + std::string(first) + "'";
            return false;
        }
        m.is_request = false;
        m.version = first;
        const size_t sp2 = rest.find(' ');
        const std::string_view code = rest.substr(0, sp2);
        if (code.size() != 3 || code[0] < '1' || code[0] > '9' || code[1] < '0' || code[1] > '9' || code[2] < '0' ||
            code[2] > '9') {
            if (error) *error = "bad status code '" + std::string(code) + "'";
            return false;
        }
        m.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
        if (sp2 != std::string_view::npos) m.reason = rest.substr(sp2 + 1);
        return true;
    }
    const size_t sp2 = rest.rfind(' ');
    if (!isToken(first) || sp2 == std::string_view::npos || sp2 == 0 || !isHttpVersion(rest.substr(sp2 + 1))) {
        if (error) *error = "not an HTTP/1.x start line";
        return false;
    }
    m.is_request = true;
    m.method = first;
    m.target = rest.substr(0, sp2);
    m.version = rest.substr(sp2 + 1);
    return true;
}

bool hasToken(std::string_view list, std::string_view token) {
    size_t pos = 0;
    while (pos <= list.size()) {
        const size_t comma = list.find(',', pos);
        const std::string_view item = trim(list.substr(pos, comma == std::string_view::npos ? list.npos : comma - pos));
        if (iequals(item, token)) return true;
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    return false;
}

}  // namespace

const std::string* findHeader(const Headers& headers, std::string_view name) {
    for (const auto& h : headers)
        if (iequals(h.first, name)) return &h.second;
    return nullptr;
}

bool decodeChunked(std::string_view in, std::string& out, size_t* used, bool* truncated, std::string* error) {
    size_t pos = 0;
    *truncated = false;
    for (;;) {
        std::string_view line;
        size_t next = 0;
        if (!nextLine(in, pos, &line, &next)) {
            *truncated = true;
            *used = in.size();
            return true;
        }
        const size_t semi = line.find(';');  // chunk extensions are ignored
        const std::string_view hex = trim(line.substr(0, semi));
        if (hex.empty() || hex.size() > 15) {
            if (error)
                *error = "bad chunk size line '" + std::string(line.substr(0, 40)) + "' at byte " + std::to_string(pos);
            *used = pos;
            return false;
        }
        uint64_t size = 0;
        for (char c : hex) {
            int v = -1;
            if (c >= '0' && c <= '9')
                v = c - '0';
            else if (c >= 'a' && c <= 'f')
                v = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                v = c - 'A' + 10;
            if (v < 0) {
                if (error) *error = "bad chunk size '" + std::string(hex) + "' at byte " + std::to_string(pos);
                *used = pos;
                return false;
            }
            size = size * 16 + static_cast<uint64_t>(v);
        }
        pos = next;
        if (size == 0) {
            // Trailers (ignored) up to an empty line; a capture may end right after "0\r\n".
            while (nextLine(in, pos, &line, &next)) {
                pos = next;
                if (line.empty()) break;
            }
            *used = pos;
            return true;
        }
        if (size > in.size() - pos) {
            out.append(in.substr(pos));
            *truncated = true;
            *used = in.size();
            return true;
        }
        out.append(in.substr(pos, size));
        pos += size;
        // CRLF after the data (liberal: LF, or nothing at the very end).
        if (pos < in.size() && in[pos] == '\r') ++pos;
        if (pos < in.size() && in[pos] == '\n') ++pos;
    }
}

bool decodeContentEncoding(std::string_view codings, std::string& body, std::string* error) {
    std::vector<std::string_view> list;
    size_t pos = 0;
    while (pos <= codings.size()) {
        const size_t comma = codings.find(',', pos);
        const std::string_view item =
            trim(codings.substr(pos, comma == std::string_view::npos ? codings.npos : comma - pos));
        if (!item.empty()) list.push_back(item);
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    std::string work = body;
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
        const std::string name = lowercase(*it);
        std::string out;
        std::string why;
        if (name == "identity") continue;
        Deflate format;
        if (name == "gzip" || name == "x-gzip")
            format = Deflate::Gzip;
        else if (name == "deflate")
            format = Deflate::Auto;
        else {
            if (error) *error = "content coding '" + name + "' is not supported (body kept encoded)";
            return false;
        }
        if (!inflateData(work, format, out, &why)) {
            if (error) *error = name + ": " + why + " (body kept encoded)";
            return false;
        }
        work = std::move(out);
    }
    body = std::move(work);
    return true;
}

void decodeBody(Headers& headers, std::string& body, bool truncated, std::vector<std::string>& warnings) {
    const std::string* ce = findHeader(headers, "Content-Encoding");
    if (!ce || body.empty()) return;
    std::string why;
    if (truncated) {
        warnings.push_back("body: truncated " + *ce + " body kept encoded");
    } else if (!decodeContentEncoding(*ce, body, &why)) {
        warnings.push_back("body: " + why);
    } else {  // the stored body is decoded: the header no longer describes it
        headers.erase(std::remove_if(headers.begin(), headers.end(),
                                     [](const Header& h) { return iequals(h.first, "Content-Encoding"); }),
                      headers.end());
    }
}

std::optional<HttpMessage> parseHttpMessage(std::string_view raw, std::string* error) {
    HttpMessage m;
    std::string_view line;
    size_t pos = 0;
    size_t next = 0;
    // Tolerate blank lines before the start line (RFC 9112 2.2).
    while (nextLine(raw, pos, &line, &next) && line.empty()) pos = next;
    if (!nextLine(raw, pos, &line, &next)) {
        if (error) *error = raw.empty() ? "empty message" : "message ends inside the start line";
        return std::nullopt;
    }
    if (!parseStartLine(line, m, error)) return std::nullopt;
    pos = next;
    bool ended = false;
    while (nextLine(raw, pos, &line, &next)) {
        pos = next;
        if (line.empty()) {
            ended = true;
            break;
        }
        if ((line[0] == ' ' || line[0] == '\t') && !m.headers.empty()) {  // obs-fold
            m.headers.back().second += ' ';
            m.headers.back().second += trim(line);
            m.warnings.push_back("obsolete folded header line joined to '" + m.headers.back().first + "'");
            continue;
        }
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0 || !isToken(trim(line.substr(0, colon)))) {
            if (error) *error = "bad header line '" + std::string(line.substr(0, 60)) + "'";
            return std::nullopt;
        }
        m.headers.emplace_back(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    }
    if (!ended) {
        // The headers never ended: a capture cut inside the header block. Keep what was read.
        if (pos < raw.size()) {
            m.warnings.push_back("message ends inside the header block");
            pos = raw.size();
        }
        m.truncated = true;
        m.consumed = raw.size();
        return m;
    }
    const std::string_view rest = raw.substr(pos);
    const std::string* te = findHeader(m.headers, "Transfer-Encoding");
    const std::string* cl = findHeader(m.headers, "Content-Length");
    const bool noBody = !m.is_request && (m.status / 100 == 1 || m.status == 204 || m.status == 304);
    if (noBody) {
        m.consumed = pos;
    } else if (te && hasToken(*te, "chunked")) {
        size_t used = 0;
        std::string why;
        if (!decodeChunked(rest, m.body, &used, &m.truncated, &why)) {
            m.warnings.push_back("chunked: " + why + " (body cut there)");
            m.truncated = true;
        }
        m.consumed = pos + used;
    } else if (cl) {
        char* end = nullptr;
        const unsigned long long n = std::strtoull(cl->c_str(), &end, 10);
        if (cl->empty() || *end || (*cl)[0] == '-') {
            m.warnings.push_back("bad Content-Length '" + *cl + "': body read to the end");
            m.body.assign(rest);
            m.consumed = raw.size();
        } else if (n > rest.size()) {
            m.body.assign(rest);
            m.truncated = true;
            m.consumed = raw.size();
        } else {
            m.body.assign(rest.substr(0, n));
            m.consumed = pos + n;
        }
    } else if (m.is_request) {
        m.consumed = pos;
    } else {
        m.body.assign(rest);
        m.consumed = raw.size();
    }
    decodeBody(m.headers, m.body, m.truncated, m.warnings);
    return m;
}

Request toRequest(const HttpMessage& m) {
    Request r;
    r.method = m.method;
    r.url = m.target;
    r.headers = m.headers;
    r.body = m.body;
    return r;
}

Response toResponse(const HttpMessage& m) {
    Response r;
    r.present = true;
    r.status = m.status;
    r.headers = m.headers;
    r.body = m.body;
    return r;
}

}  // namespace dt::import
