// SPDX-License-Identifier: MIT
#include "core/import/har.h"

#include <deque>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/import/http_message.h"
#include "core/util/base64.h"
#include "core/util/sha256.h"

namespace dt::import {

namespace {

using nlohmann::json;

bool loadHar(const std::string& path, json& entries, std::string* error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        *error = path + ": cannot open";
        return false;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    json doc;
    try {
        doc = json::parse(ss.str());
    } catch (const json::parse_error& e) {
        *error = path + " (byte " + std::to_string(e.byte) + "): not JSON";
        return false;
    }
    if (!doc.is_object() || !doc.contains("log") || !doc["log"].is_object() || !doc["log"].contains("entries") ||
        !doc["log"]["entries"].is_array()) {
        *error = path + ": not a HAR file (no log.entries array)";
        return false;
    }
    entries = std::move(doc["log"]["entries"]);
    return true;
}

std::string str(const json& j, const char* key) {
    if (!j.is_object()) return {};
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Headers headersOf(const json& msg) {
    Headers hs;
    if (!msg.is_object() || !msg.contains("headers") || !msg["headers"].is_array()) return hs;
    for (const auto& h : msg["headers"]) {
        const std::string name = str(h, "name");
        if (name.empty() || name[0] == ':') continue;  // HTTP/2 pseudo-headers
        hs.emplace_back(name, str(h, "value"));
    }
    return hs;
}

// "https://host:443/a/b?c=d#f" -> "/a/b?c=d"; a relative URL is kept.
std::string pathAndQuery(const std::string& url) {
    const size_t scheme = url.find("://");
    std::string rest = url;
    if (scheme != std::string::npos) {
        const size_t slash = url.find('/', scheme + 3);
        rest = slash == std::string::npos ? "/" : url.substr(slash);
    }
    const size_t hash = rest.find('#');
    if (hash != std::string::npos) rest.resize(hash);
    return rest;
}

struct Entry {
    std::string method, url, pairKey, correlation;
};

Entry entryKeys(const json& e, const std::string& header) {
    Entry k;
    const json& req = e.is_object() && e.contains("request") ? e["request"] : json();
    k.method = str(req, "method");
    k.url = str(req, "url");
    std::string body;
    if (req.is_object() && req.contains("postData")) body = str(req["postData"], "text");
    k.pairKey = k.method + " " + pathAndQuery(k.url) + " " + sha256Hex(body);
    for (const auto& [n, v] : headersOf(req))
        if (iequals(n, header)) {
            k.correlation = v;
            break;
        }
    return k;
}

// The response side of a record from an entry; *noBody when content.text is absent but size > 0.
Response responseOf(const json& e, const Where& where, ImportReport& report, bool* noBody) {
    Response r;
    r.present = true;
    *noBody = false;
    const json& resp = e.contains("response") ? e["response"] : json();
    if (!resp.is_object() || !resp.contains("status") || !resp["status"].is_number_integer()) {
        r.error = "no response in the HAR entry";
        return r;
    }
    const int status = resp["status"].get<int>();
    if (status <= 0) {  // HAR 1.2: 0 when the request failed (blocked, aborted)
        r.error =
            "no response (status 0" + (str(resp, "_error").empty() ? std::string() : ": " + str(resp, "_error")) + ")";
        return r;
    }
    r.status = status;
    r.headers = headersOf(resp);
    const json& content = resp.contains("content") ? resp["content"] : json();
    if (content.is_object() && content.contains("text") && content["text"].is_string()) {
        r.body = content["text"].get<std::string>();
        if (str(content, "encoding") == "base64") {
            std::string decoded;
            if (base64Decode(r.body, decoded))
                r.body = std::move(decoded);
            else
                report.warning(where, "response content.text is not valid base64: kept as written");
        }
    } else {
        const bool sized = content.is_object() && content.contains("size") && content["size"].is_number() &&
                           content["size"].get<double>() > 0;
        *noBody = sized;
    }
    // content.text is already decoded: Content-Encoding no longer describes the stored body.
    std::erase_if(r.headers, [](const Header& h) { return iequals(h.first, "Content-Encoding"); });
    if (e.contains("time") && e["time"].is_number() && e["time"].get<double>() >= 0)
        r.latency_ms = e["time"].get<double>();
    return r;
}

}  // namespace

bool importHar(const std::string& primaryHar, const std::string& candidateHar, ImportReport& report,
               std::string* error) {
    json primary, candidate;
    if (!loadHar(primaryHar, primary, error) || !loadHar(candidateHar, candidate, error)) return false;
    const std::string& header = report.options().correlation_header;
    report.input(primary.size() + candidate.size());

    // Candidate index: correlation value -> entry; pair key -> entries in order.
    std::vector<Entry> ckeys;
    ckeys.reserve(candidate.size());
    std::unordered_map<std::string, size_t> byCorrelation;
    std::unordered_map<std::string, std::deque<size_t>> byKey;
    std::vector<bool> used(candidate.size(), false);
    for (size_t i = 0; i < candidate.size(); ++i) {
        ckeys.push_back(entryKeys(candidate[i], header));
        if (!ckeys[i].correlation.empty() && !byCorrelation.emplace(ckeys[i].correlation, i).second)
            report.warning(Where{candidateHar, 0, 0, "entries[" + std::to_string(i) + "]"},
                           header + " '" + ckeys[i].correlation + "' repeats: paired by request instead");
        byKey[ckeys[i].pairKey].push_back(i);
    }
    auto entryWhere = [](const std::string& file, size_t i) {
        return Where{file, 0, 0, "entries[" + std::to_string(i) + "]"};
    };
    uint64_t done = 0;
    for (size_t i = 0; i < primary.size(); ++i) {
        if (report.options().progress) report.options().progress(++done, primary.size());
        const json& pe = primary[i];
        const Where pw = entryWhere(primaryHar, i);
        if (!pe.is_object() || !pe.contains("request") || !pe["request"].is_object() ||
            str(pe["request"], "method").empty()) {
            report.problem(pw, "not a HAR entry (no request.method)");
            continue;
        }
        const Entry pk = entryKeys(pe, header);
        std::optional<size_t> match;
        bool byHeader = false;
        if (!pk.correlation.empty()) {
            auto it = byCorrelation.find(pk.correlation);
            if (it != byCorrelation.end() && !used[it->second]) {
                match = it->second;
                byHeader = true;
            }
        }
        if (!match) {
            auto it = byKey.find(pk.pairKey);
            while (it != byKey.end() && !it->second.empty() && used[it->second.front()]) it->second.pop_front();
            if (it != byKey.end() && !it->second.empty()) {
                match = it->second.front();
                it->second.pop_front();
            }
        }
        if (!match) {
            report.problem(pw,
                           "no candidate entry for " + pk.method + " " + pathAndQuery(pk.url) +
                               (pk.correlation.empty() ? std::string() : " (" + header + " '" + pk.correlation + "')"));
            continue;
        }
        used[*match] = true;
        const json& ce = candidate[*match];
        const Where cw = entryWhere(candidateHar, *match);
        Record r;
        r.id = byHeader ? pk.correlation : "har-" + std::to_string(i);
        const std::string started = str(pe, "startedDateTime");
        if (auto ms = parseTimestampMs(started))
            r.ts = formatTimestampMs(*ms);
        else {
            r.ts = formatTimestampMs(0);
            report.warning(pw, "startedDateTime '" + started + "' is not RFC 3339: ts set to the epoch");
        }
        const json& req = pe["request"];
        r.request.method = pk.method;
        r.request.url = pk.url;
        r.request.headers = headersOf(req);
        if (req.contains("postData")) r.request.body = str(req["postData"], "text");
        bool pNoBody = false, cNoBody = false;
        r.primary = responseOf(pe, pw, report, &pNoBody);
        r.candidate = responseOf(ce, cw, report, &cNoBody);
        if (pNoBody) markNoBody(r, "primary");
        if (cNoBody) markNoBody(r, "candidate");
        if (!report.write(std::move(r), 2, pw)) {
            *error = report.error();
            return false;
        }
    }
    for (size_t i = 0; i < candidate.size(); ++i)
        if (!used[i])
            report.problem(entryWhere(candidateHar, i),
                           "no primary entry for " + ckeys[i].method + " " + pathAndQuery(ckeys[i].url) +
                               (ckeys[i].correlation.empty() ? std::string()
                                                             : " (" + header + " '" + ckeys[i].correlation + "')"));
    return true;
}

}  // namespace dt::import
