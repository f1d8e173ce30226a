// SPDX-License-Identifier: MIT
#pragma once
// Real-shaped capture samples for the importer tests (core and CLI), written the way the tools
// document their formats: GoReplay payload files (meta line, raw HTTP/1.1, "\n🐵🙈🙉\n").
#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace dt::test {

inline const std::string kGorSeparator = "\n\xF0\x9F\x90\xB5\xF0\x9F\x99\x88\xF0\x9F\x99\x89\n";

inline std::string gorPayload(char type, const std::string& id, int64_t tsNs, int64_t latencyNs,
                              const std::string& http) {
    return std::string(1, type) + " " + id + " " + std::to_string(tsNs) + " " + std::to_string(latencyNs) + "\n" + http;
}

inline std::string httpRequest(const std::string& method, const std::string& target, const std::string& body = "") {
    std::string s =
        method + " " + target + " HTTP/1.1\r\nHost: api.internal:8080\r\nUser-Agent: curl/8.4.0\r\nAccept: */*\r\n";
    if (!body.empty()) s += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    return s + "\r\n" + body;
}

inline std::string httpResponse(int status, const std::string& body, const std::string& extraHeaders = "") {
    return "HTTP/1.1 " + std::to_string(status) +
           (status == 200   ? " OK"
            : status == 201 ? " Created"
                            : " Internal Server Error") +
           "\r\nContent-Type: application/json\r\nDate: Wed, 02 Dec 2026 09:00:00 GMT\r\n" + extraHeaders +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

inline std::string httpChunked(int status, const std::vector<std::string>& chunks,
                               const std::string& extraHeaders = "") {
    std::string s = "HTTP/1.1 " + std::to_string(status) + " OK\r\nContent-Type: application/json\r\n" + extraHeaders +
                    "Transfer-Encoding: chunked\r\n\r\n";
    char hex[32];
    for (const auto& c : chunks) {
        std::snprintf(hex, sizeof hex, "%zx", c.size());
        s += std::string(hex) + ";ext=1\r\n" + c + "\r\n";
    }
    return s + "0\r\nX-Trailer: done\r\n\r\n";
}

inline std::string gzipBytes(const std::string& data, bool gzip = true) {
    z_stream zs{};
    deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, gzip ? 15 + 16 : 15, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, data.size()) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

inline void writeFile(const std::string& path, const std::string& data) {
    std::ofstream(path, std::ios::binary) << data;
}

inline void writeGzFile(const std::string& path, const std::string& data) {
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, data.data(), static_cast<unsigned>(data.size()));
    gzclose(f);
}

// A GoReplay capture of five requests (ids a1..a5, ts 2026-12-02T09:00:00Z + i s):
//   a1 GET  /users/17   primary == candidate                          -> match
//   a2 GET  /users/18   candidate lowercases "name"                   -> mismatch
//   a3 POST /orders     candidate chunked + gzip, same JSON            -> match
//   a4 GET  /users/19   no replayed response                           -> candidate error "not replayed"
//   a5 GET  /users/20   candidate body cut short (Content-Length 40)   -> truncated, drift
// Payloads are interleaved the way a live capture writes them (responses after requests).
inline std::string gorSample() {
    const int64_t t0 = 1796202000000000000;  // 2026-12-02T09:00:00Z
    const std::string id[] = {"a1d0e4f5b6c7d8e9f0a1b2c3", "a2d0e4f5b6c7d8e9f0a1b2c3", "a3d0e4f5b6c7d8e9f0a1b2c3",
                              "a4d0e4f5b6c7d8e9f0a1b2c3", "a5d0e4f5b6c7d8e9f0a1b2c3"};
    std::string s;
    auto add = [&](const std::string& p) { s += p + kGorSeparator; };
    add(gorPayload('1', id[0], t0, 0, httpRequest("GET", "/users/17?verbose=true")));
    add(gorPayload('1', id[1], t0 + 1000000000, 0, httpRequest("GET", "/users/18")));
    add(gorPayload('2', id[0], t0 + 12000000, 12400000, httpResponse(200, R"({"id":17,"name":"Alice"})")));
    add(gorPayload('3', id[0], t0 + 20000000, 7900000, httpResponse(200, R"({"name":"Alice","id":17})")));
    add(gorPayload('2', id[1], t0 + 1010000000, 10000000, httpResponse(200, R"({"id":18,"name":"Bob"})")));
    add(gorPayload('3', id[1], t0 + 1020000000, 9000000, httpResponse(200, R"({"id":18,"name":"bob"})")));
    add(gorPayload('1', id[2], t0 + 2000000000, 0, httpRequest("POST", "/orders", R"({"sku":"X-1","qty":2})")));
    add(gorPayload('2', id[2], t0 + 2030000000, 30000000, httpResponse(201, R"({"order":"o-1","qty":2})")));
    const std::string gz = gzipBytes(R"({"order":"o-1","qty":2})");
    add(gorPayload('3', id[2], t0 + 2040000000, 25000000,
                   httpChunked(201, {gz.substr(0, 10), gz.substr(10)}, "Content-Encoding: gzip\r\n")));
    add(gorPayload('1', id[3], t0 + 3000000000, 0, httpRequest("GET", "/users/19")));
    add(gorPayload('2', id[3], t0 + 3005000000, 5000000, httpResponse(200, R"({"id":19,"name":"Carol"})")));
    add(gorPayload('1', id[4], t0 + 4000000000, 0, httpRequest("GET", "/users/20")));
    add(gorPayload('2', id[4], t0 + 4005000000, 5000000, httpResponse(200, R"({"id":20,"name":"Dave"})")));
    add(gorPayload('3', id[4], t0 + 4006000000, 6000000,
                   "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"id\":20,\"na"));
    return s;
}

// An Envoy tap trace (TraceWrapper JSON as the file_per_tap sink writes it; snake_case field names).
// `asBytes`: JSON_BODY_AS_BYTES (base64) instead of JSON_BODY_AS_STRING.
inline std::string envoyTrace(const std::string& requestId, const std::string& path, int status,
                              const std::string& body, bool asBytes = false, bool truncated = false,
                              const std::string& requestTime = "", const std::string& responseTime = "") {
    static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    auto base64 = [](const std::string& in) {
        std::string out;
        size_t i = 0;
        for (; i + 2 < in.size(); i += 3) {
            const unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
            out += {b64[v >> 18], b64[(v >> 12) & 63], b64[(v >> 6) & 63], b64[v & 63]};
        }
        if (i + 1 == in.size()) {
            const unsigned v = (unsigned char)in[i] << 16;
            out += {b64[v >> 18], b64[(v >> 12) & 63], '=', '='};
        } else if (i + 2 == in.size()) {
            const unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
            out += {b64[v >> 18], b64[(v >> 12) & 63], b64[(v >> 6) & 63], '='};
        }
        return out;
    };
    auto quote = [](const std::string& in) {
        std::string q = "\"";
        for (char c : in) {
            if (c == '"' || c == '\\') q += '\\';
            q += c;
        }
        return q + "\"";
    };
    std::string reqHeaders = R"([{"key":":authority","value":"api.internal"},{"key":":path","value":)" + quote(path) +
                             R"(},{"key":":method","value":"GET"},{"key":":scheme","value":"http"})";
    if (!requestId.empty()) reqHeaders += R"(,{"key":"x-request-id","value":)" + quote(requestId) + "}";
    reqHeaders += R"(,{"key":"user-agent","value":"curl/8.4.0"}])";
    std::string bodyJson = asBytes ? R"({"as_bytes":)" + quote(base64(body)) : R"({"as_string":)" + quote(body);
    bodyJson += std::string(R"(,"truncated":)") + (truncated ? "true" : "false") + "}";
    std::string s = R"({"http_buffered_trace":{"request":{"headers":)" + reqHeaders + R"(,"trailers":[])";
    if (!requestTime.empty()) s += R"(,"headers_received_time":")" + requestTime + "\"";
    s +=
        R"(},"response":{"headers":[{"key":":status","value":")" + std::to_string(status) +
        R"("},{"key":"content-type","value":"application/json"},{"key":"date","value":"Wed, 02 Dec 2026 09:00:00 GMT"}],"body":)" +
        bodyJson + R"(,"trailers":[])";
    if (!responseTime.empty()) s += R"(,"headers_received_time":")" + responseTime + "\"";
    return s + "}}}";
}

// A HAR 1.2 entry (as browsers and proxies export it).
inline std::string harEntry(const std::string& method, const std::string& url, int status, const std::string* body,
                            const std::string& requestId = "", const std::string& postData = "",
                            const std::string& started = "2026-12-02T09:00:00.000Z", double time = 12.5,
                            bool base64Body = false) {
    auto quote = [](const std::string& in) {
        std::string q = "\"";
        for (char c : in) {
            if (c == '"' || c == '\\') q += '\\';
            q += c;
        }
        return q + "\"";
    };
    std::string reqHeaders = R"([{"name":"Accept","value":"application/json"})";
    if (!requestId.empty()) reqHeaders += R"(,{"name":"X-Request-Id","value":)" + quote(requestId) + "}";
    reqHeaders += "]";
    std::string e = R"({"startedDateTime":")" + started + R"(","time":)" + std::to_string(time) +
                    R"(,"request":{"method":")" + method + R"(","url":)" + quote(url) +
                    R"(,"httpVersion":"HTTP/1.1","cookies":[],"headers":)" + reqHeaders + R"(,"queryString":[])";
    if (!postData.empty()) e += R"(,"postData":{"mimeType":"application/json","text":)" + quote(postData) + "}";
    e +=
        R"(,"headersSize":-1,"bodySize":)" + std::to_string(postData.size()) + R"(},"response":{"status":)" +
        std::to_string(status) +
        R"(,"statusText":"","httpVersion":"HTTP/1.1","cookies":[],"headers":[{"name":"Content-Type","value":"application/json"},{"name":"Content-Encoding","value":"gzip"}],"content":{"size":)" +
        std::to_string(body ? body->size() : 42) + R"(,"mimeType":"application/json")";
    if (body) e += R"(,"text":)" + quote(*body) + (base64Body ? R"(,"encoding":"base64")" : "");
    return e +
           R"(},"redirectURL":"","headersSize":-1,"bodySize":-1},"cache":{},"timings":{"send":0,"wait":10,"receive":2.5}})";
}

inline std::string harFile(const std::vector<std::string>& entries) {
    std::string s = R"({"log":{"version":"1.2","creator":{"name":"Firefox","version":"120.0"},"pages":[],"entries":[)";
    for (size_t i = 0; i < entries.size(); ++i) s += (i ? "," : "") + entries[i];
    return s + "]}}";
}

}  // namespace dt::test
