// SPDX-License-Identifier: MIT
#include "core/import/envoy_tap.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/import/http_message.h"
#include "core/util/base64.h"

namespace dt::import {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// proto3 JSON: Envoy writes snake_case field names; other writers use lowerCamelCase.
const json* field(const json& obj, const char* snake, const char* camel) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(snake);
    if (it == obj.end()) it = obj.find(camel);
    return it == obj.end() ? nullptr : &*it;
}

struct Message {
    bool present = false;
    Headers headers;  // without pseudo-headers
    std::string method, path, authority;
    int status = 0;
    bool has_status = false;
    std::string body;
    bool truncated = false;
    std::optional<int64_t> received_ms;
};

struct Trace {
    Message request, response;
};

bool readMessage(const json& j, Message& m, std::string* error) {
    m.present = true;
    if (const json* hs = field(j, "headers", "headers")) {
        if (!hs->is_array()) {
            *error = "headers is not an array";
            return false;
        }
        for (const auto& h : *hs) {
            const json* k = field(h, "key", "key");
            if (!k || !k->is_string()) {
                *error = "a header has no key";
                return false;
            }
            std::string value;
            if (const json* v = field(h, "value", "value"); v && v->is_string())
                value = v->get<std::string>();
            else if (const json* rv = field(h, "raw_value", "rawValue"); rv && rv->is_string()) {
                if (!base64Decode(rv->get<std::string>(), value)) {
                    *error = "header " + k->get<std::string>() + ": raw_value is not base64";
                    return false;
                }
            }
            const std::string key = k->get<std::string>();
            if (key == ":method")
                m.method = value;
            else if (key == ":path")
                m.path = value;
            else if (key == ":authority")
                m.authority = value;
            else if (key == ":status") {
                char* end = nullptr;
                const long s = std::strtol(value.c_str(), &end, 10);
                if (value.empty() || *end || s < 100 || s > 999) {
                    *error = "bad :status '" + value + "'";
                    return false;
                }
                m.status = static_cast<int>(s);
                m.has_status = true;
            } else if (!key.empty() && key[0] == ':') {
                continue;  // :scheme and other pseudo-headers
            } else {
                m.headers.emplace_back(key, std::move(value));
            }
        }
    }
    if (const json* b = field(j, "body", "body"); b && b->is_object()) {
        if (const json* t = field(*b, "truncated", "truncated"); t && t->is_boolean()) m.truncated = t->get<bool>();
        if (const json* s = field(*b, "as_string", "asString"); s && s->is_string())
            m.body = s->get<std::string>();
        else if (const json* by = field(*b, "as_bytes", "asBytes"); by && by->is_string()) {
            if (!base64Decode(by->get<std::string>(), m.body)) {
                *error = "body.as_bytes is not base64";
                return false;
            }
        }
    }
    if (const json* t = field(j, "headers_received_time", "headersReceivedTime"); t && t->is_string())
        m.received_ms = parseTimestampMs(t->get<std::string>());
    return true;
}

// Reads one trace file. nullopt with *error when it is not an HTTP buffered trace.
std::optional<Trace> readTrace(const std::string& path, std::string* error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        *error = "cannot read";
        return std::nullopt;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    json doc;
    try {
        doc = json::parse(ss.str());
    } catch (const json::parse_error& e) {
        *error = "not JSON (byte " + std::to_string(e.byte) + ")";
        return std::nullopt;
    }
    const json* trace = field(doc, "http_buffered_trace", "httpBufferedTrace");
    if (!trace) {
        if (field(doc, "http_streamed_trace_segment", "httpStreamedTraceSegment"))
            *error = "a streamed trace segment (configure the tap with buffered traces)";
        else if (field(doc, "socket_buffered_trace", "socketBufferedTrace"))
            *error = "a socket trace, not HTTP";
        else if (doc.is_object() && (doc.contains("request") || doc.contains("response")))
            trace = &doc;  // a bare HttpBufferedTrace
        else
            *error = "no http_buffered_trace";
        if (!trace) return std::nullopt;
    }
    Trace t;
    const json* req = field(*trace, "request", "request");
    if (!req) {
        *error = "the trace has no request";
        return std::nullopt;
    }
    if (!readMessage(*req, t.request, error)) {
        *error = "request: " + *error;
        return std::nullopt;
    }
    if (const json* resp = field(*trace, "response", "response"); resp && !resp->is_null()) {
        if (!readMessage(*resp, t.response, error)) {
            *error = "response: " + *error;
            return std::nullopt;
        }
        if (!t.response.has_status) {
            *error = "response: no :status header";
            return std::nullopt;
        }
    }
    return t;
}

std::vector<std::string> listTraces(const std::string& dir, std::string* error) {
    std::vector<std::string> files;
    std::error_code ec;
    if (fs::is_regular_file(dir, ec)) return {dir};
    fs::directory_iterator it(dir, ec);
    if (ec) {
        *error = dir + ": cannot read the directory: " + ec.message();
        return {};
    }
    for (const auto& e : it) {
        if (!e.is_regular_file(ec)) continue;
        const std::string name = e.path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        const std::string ext = e.path().extension().string();
        if (ext == ".json" || ext == ".JSON") files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::optional<std::string> correlation(const Trace& t, const std::string& header) {
    if (const std::string* v = findHeader(t.request.headers, header)) return *v;
    return std::nullopt;
}

Response toStoreResponse(Message& m, const Where& where, ImportReport& report) {
    Response r;
    r.present = true;
    if (!m.present) {
        r.error = "no response in the tap trace";
        return r;
    }
    r.status = m.status;
    std::vector<std::string> warnings;
    decodeBody(m.headers, m.body, m.truncated, warnings);
    for (auto& w : warnings) report.warning(where, w);
    r.headers = std::move(m.headers);
    r.body = std::move(m.body);
    return r;
}

std::optional<int64_t> mtimeMs(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return int64_t(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

}  // namespace

bool importEnvoyTap(const std::string& primaryDir, const std::string& shadowDir, ImportReport& report,
                    std::string* error) {
    const std::string& header = report.options().correlation_header;
    const auto primaryFiles = listTraces(primaryDir, error);
    if (!error->empty()) return false;
    const auto shadowFiles = listTraces(shadowDir, error);
    if (!error->empty()) return false;
    const uint64_t total = primaryFiles.size() + shadowFiles.size();
    uint64_t done = 0;
    auto tick = [&] {
        if (report.options().progress) report.options().progress(++done, total);
    };

    // Pass 1: the primary side's ids -> file (only names are kept).
    std::unordered_map<std::string, std::string> primaryById;
    for (const auto& path : primaryFiles) {
        tick();
        report.input();
        std::string why;
        auto t = readTrace(path, &why);
        const Where where{path, 0, 0, {}};
        if (!t) {
            report.problem(where, why);
            continue;
        }
        auto id = correlation(*t, header);
        if (!id || id->empty()) {
            report.problem(where, "the request has no " + header + " header: cannot be paired");
            continue;
        }
        auto [it, inserted] = primaryById.emplace(*id, path);
        if (!inserted) report.problem(where, header + " '" + *id + "' repeats (first in " + it->second + ")");
    }

    // Pass 2: each shadow trace with its primary.
    std::unordered_map<std::string, std::string> shadowSeen;
    for (const auto& path : shadowFiles) {
        tick();
        report.input();
        std::string why;
        auto s = readTrace(path, &why);
        const Where where{path, 0, 0, {}};
        if (!s) {
            report.problem(where, why);
            continue;
        }
        auto id = correlation(*s, header);
        if (!id || id->empty()) {
            report.problem(where, "the request has no " + header + " header: cannot be paired");
            continue;
        }
        if (auto [it, inserted] = shadowSeen.emplace(*id, path); !inserted) {
            report.problem(where, header + " '" + *id + "' repeats (first in " + it->second + ")");
            continue;
        }
        auto pit = primaryById.find(*id);
        if (pit == primaryById.end()) {
            report.problem(where, "shadow trace " + header + " '" + *id + "' has no primary trace");
            continue;
        }
        const std::string primaryPath = pit->second;
        primaryById.erase(pit);
        auto p = readTrace(primaryPath, &why);
        if (!p) {  // changed since pass 1
            report.problem(Where{primaryPath, 0, 0, {}}, why);
            report.problem(where, "its primary trace " + primaryPath + " could not be re-read");
            continue;
        }
        Record r;
        r.id = *id;
        if (p->request.received_ms)
            r.ts = formatTimestampMs(*p->request.received_ms);
        else
            r.ts = formatTimestampMs(mtimeMs(primaryPath).value_or(0));
        r.request.method = p->request.method;
        r.request.url = p->request.path;
        r.request.headers = p->request.headers;
        if (!p->request.authority.empty() && !findHeader(r.request.headers, "host"))
            r.request.headers.insert(r.request.headers.begin(), Header{"host", p->request.authority});
        std::vector<std::string> warnings;
        decodeBody(r.request.headers, p->request.body, p->request.truncated, warnings);
        for (auto& w : warnings) report.warning(Where{primaryPath, 0, 0, {}}, "request " + w);
        r.request.body = std::move(p->request.body);
        const auto latency = [](const Trace& t) -> std::optional<double> {
            if (t.request.received_ms && t.response.received_ms)
                return double(*t.response.received_ms - *t.request.received_ms);
            return std::nullopt;
        };
        r.primary = toStoreResponse(p->response, Where{primaryPath, 0, 0, {}}, report);
        r.primary.latency_ms = latency(*p);
        r.candidate = toStoreResponse(s->response, where, report);
        r.candidate.latency_ms = latency(*s);
        if (p->request.truncated) markTruncated(r, "request");
        if (p->response.present && p->response.truncated) markTruncated(r, "primary");
        if (s->response.present && s->response.truncated) markTruncated(r, "candidate");
        if (!report.write(std::move(r), 2, where)) {
            *error = report.error();
            return false;
        }
    }
    // Primary traces no shadow trace answered.
    std::vector<std::pair<std::string, std::string>> left(primaryById.begin(), primaryById.end());
    std::sort(left.begin(), left.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    for (const auto& [id, path] : left)
        report.problem(Where{path, 0, 0, {}}, "primary trace " + header + " '" + id + "' has no shadow trace");
    return true;
}

}  // namespace dt::import
