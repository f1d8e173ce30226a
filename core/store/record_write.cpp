// SPDX-License-Identifier: MIT
#include "core/store/record_write.h"

#include <nlohmann/json.hpp>

#include "core/store/record_parse.h"
#include "core/util/base64.h"

namespace dt {

namespace {

using ojson = nlohmann::ordered_json;

void putBody(ojson& j, const std::string& body) {
    if (body.empty()) return;
    if (detail::isValidUtf8(body)) {
        j["body"] = body;
    } else {
        j["body_base64"] = base64Encode(body);
    }
}

ojson headersJson(const Headers& headers) {
    ojson j = ojson::object();
    for (const auto& [name, value] : headers) j[name].push_back(value);
    return j;
}

// FlatObject values are minified JSON text (state) or plain strings (tags, unquoted).
ojson flatJson(const FlatObject& o, bool unquoted) {
    ojson j = ojson::object();
    for (const auto& [key, text] : o) {
        if (unquoted) {
            j[key] = text;
            continue;
        }
        ojson v = ojson::parse(text, nullptr, false);
        j[key] = v.is_discarded() ? ojson(text) : v;
    }
    return j;
}

ojson responseJson(const Response& r) {
    ojson j = ojson::object();
    if (r.status) j["status"] = *r.status;
    j["headers"] = headersJson(r.headers);
    putBody(j, r.body);
    if (r.latency_ms) j["latency_ms"] = *r.latency_ms;
    if (r.error) j["error"] = *r.error;
    if (r.has_state_before || !r.state_after.empty()) {
        ojson state = ojson::object();
        if (r.has_state_before) state["before"] = flatJson(r.state_before, false);
        if (!r.state_after.empty()) state["after"] = flatJson(r.state_after, false);
        j["state"] = std::move(state);
    }
    return j;
}

}  // namespace

std::string recordToJson(const Record& r) {
    ojson j = ojson::object();
    j["id"] = r.id;
    j["ts"] = r.ts;
    if (!r.endpoint.empty()) j["endpoint"] = r.endpoint;
    ojson request = ojson::object();
    request["method"] = r.request.method;
    request["url"] = r.request.url;
    request["headers"] = headersJson(r.request.headers);
    putBody(request, r.request.body);
    j["request"] = std::move(request);
    j["primary"] = responseJson(r.primary);
    j["candidate"] = responseJson(r.candidate);
    if (r.secondary.present) j["secondary"] = responseJson(r.secondary);
    if (!r.tags.empty()) j["tags"] = flatJson(r.tags, true);
    if (r.weight != 1.0) j["weight"] = r.weight;
    return j.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

}  // namespace dt
