// SPDX-License-Identifier: MIT
// difftriage-gen --profile cooccurring (gen_cooccurring.h). Reproducible: a record depends only on
// (seed, index).
#include "gen_cooccurring.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "gen_util.h"

namespace dt::gen {
namespace {

// Acceptable causes (the decisions a reviewer makes once) and planted bugs.
enum Cause : int {
    kCharset,
    kTimestampFormat,
    kOmittedNulls,
    kNilSlices,
    kLinkHost,  // acceptable
    kBugEventShift,
    kBugEmailMissing,
    kBugRanking,
    kBugRounding,
    kBugStatus,
    kBugTimeout,  // bugs
    kCauseCount
};
constexpr int kFirstBug = kBugEventShift;

struct CauseInfo {
    const char* name;
    const char* cls;       // expected value-change class
    const char* kind;      // expected difference kind
    const char* endpoint;  // "" = cross-cutting
};
constexpr CauseInfo kCauses[kCauseCount] = {
    {"content_type_charset", "parameter_only", "header", ""},
    {"timestamp_format", "same_instant", "changed", ""},
    {"omitted_nulls", "null_vs_missing", "missing", ""},
    {"nil_slices", "empty_vs_null", "type_changed", ""},
    {"link_host", "url_host", "changed", ""},
    {"bug_event_shift", "instant_shift", "changed", "GET /events/{id}"},
    {"bug_user_email_missing", "missing_value", "missing", "GET /users/{id}"},
    {"bug_search_ranking", "array_order", "array_order", "GET /search"},
    {"bug_order_rounding", "numeric_delta", "changed", "GET /orders/{id}"},
    {"bug_post_order_status", "status", "status", "POST /orders"},
    {"bug_report_timeout", "candidate_error", "candidate_error", "GET /reports/{id}"},
};

constexpr const char* kOldHost = "https://api-legacy.example.com";
constexpr const char* kNewHost = "https://api.example.com";

struct Built {
    std::string method, url, endpoint;
    int status = 200, candidateStatus = 200;
    JVal primary, candidate, secondary;
    bool hasSecondary = false;
    bool candidateError = false;
    bool drift = false;
    bool causes[kCauseCount] = {};
};

// The transformations of the Go service, applied member by member (recursively).
struct Rewrite {
    bool timestamps, nulls, slices, links;
    bool hadTimestamp = false, hadNull = false, hadSlice = false, hadLink = false;

    void apply(JVal& v, const std::string& key) {
        if (v.k == JVal::K::Obj) {
            for (size_t n = 0; n < v.keys.size();) {
                JVal& m = v.items[n];
                if (m.k == JVal::K::Null && nulls) {  // omitempty
                    hadNull = true;
                    v.keys.erase(v.keys.begin() + static_cast<long>(n));
                    v.items.erase(v.items.begin() + static_cast<long>(n));
                    continue;
                }
                apply(m, v.keys[n]);
                ++n;
            }
        } else if (v.k == JVal::K::Arr) {
            if (v.items.empty()) {
                if (slices) {
                    hadSlice = true;
                    v = JVal();  // nil slice -> null
                }
                return;
            }
            for (auto& item : v.items) apply(item, key);
        } else if (v.k == JVal::K::Str) {
            if (timestamps && key.size() > 3 && key.compare(key.size() - 3, 3, "_at") == 0) {
                // Python isoformat() "2026-11-20T10:00:00.123000+00:00" -> Go RFC 3339 "...00.123Z"
                const size_t plus = v.s.rfind("+00:00");
                if (plus != std::string::npos) {
                    std::string s = v.s.substr(0, plus);
                    if (s.size() > 23) s.resize(23);  // 6 fraction digits -> 3
                    v.s = s + "Z";
                    hadTimestamp = true;
                }
            } else if (links && v.s.rfind(kOldHost, 0) == 0) {
                v.s = kNewHost + v.s.substr(std::string_view(kOldHost).size());
                hadLink = true;
            }
        }
    }
};

std::string pyTime(int64_t ms) { return rfc3339(ms, 6, true); }
JVal link(const std::string& path) { return JVal::str(std::string(kOldHost) + path); }

void build(uint64_t seed, uint64_t index, int64_t startMs, Built& b) {
    Rng r(mixSeed(seed, index));
    b = Built();
    const int64_t base = startMs + static_cast<int64_t>(index) * 1000 - r.range(0, 86400) * 1000LL * 30;
    const uint64_t pick = r.below(100);
    const int64_t id = r.range(1, 99999);
    JVal body = JVal::obj();
    int bug = -1;
    if (pick < 30) {  // users
        b.method = "GET";
        b.endpoint = "GET /users/{id}";
        b.url = "https://legacy.internal/users/" + std::to_string(id);
        body.add("id", JVal::integer(id));
        body.add("name", JVal::str("user " + std::to_string(id)));
        body.add("email", JVal::str("u" + std::to_string(id) + "@example.com"));
        body.add("middle_name", r.chance(0.6) ? JVal() : JVal::str("Q"));
        body.add("created_at", JVal::str(pyTime(base - r.range(1, 1000) * 86400000LL)));
        body.add("updated_at", JVal::str(pyTime(base - r.range(1, 3600) * 1000LL)));
        JVal tags = JVal::arr();
        if (r.chance(0.6)) {
            tags.push(JVal::str("a"));
            tags.push(JVal::str("b"));
        }
        body.add("tags", std::move(tags));
        JVal links = JVal::obj();
        links.add("self", link("/users/" + std::to_string(id)));
        body.add("links", std::move(links));
        body.add("version", JVal::integer(r.range(1, 9)));
        if (r.chance(0.05))
            bug = kBugEmailMissing;
        else if (r.chance(0.03))
            b.drift = true;
    } else if (pick < 50) {  // events
        b.method = "GET";
        b.endpoint = "GET /events/{id}";
        b.url = "https://legacy.internal/events/" + std::to_string(id);
        const int64_t starts = base + r.range(1, 90) * 86400000LL;
        body.add("id", JVal::integer(id));
        body.add("title", JVal::str("event " + std::to_string(id)));
        body.add("starts_at", JVal::str(pyTime(starts)));
        body.add("ends_at", JVal::str(pyTime(starts + 7200000)));
        body.add("venue", r.chance(0.5) ? JVal() : JVal::str("hall " + std::to_string(id % 7)));
        JVal links = JVal::obj();
        links.add("self", link("/events/" + std::to_string(id)));
        body.add("links", std::move(links));
        if (r.chance(0.06)) bug = kBugEventShift;
    } else if (pick < 70) {  // products
        b.method = "GET";
        b.endpoint = "GET /products/{id}";
        b.url = "https://legacy.internal/products/" + std::to_string(id);
        body.add("id", JVal::integer(id));
        body.add("name", JVal::str("product " + std::to_string(id)));
        body.add("price", JVal::num(fixed2(r.range(100, 99999))));
        body.add("discontinued_at", r.chance(0.7) ? JVal() : JVal::str(pyTime(base - 86400000LL * r.range(1, 99))));
        JVal images = JVal::arr();
        if (r.chance(0.5)) images.push(link("/img/" + std::to_string(id) + ".png"));
        body.add("images", std::move(images));
        body.add("updated_at", JVal::str(pyTime(base - r.range(1, 3600) * 1000LL)));
    } else if (pick < 80) {  // search
        b.method = "GET";
        b.endpoint = "GET /search";
        b.url = "https://legacy.internal/search?q=w" + std::to_string(id % 500);
        body.add("query", JVal::str("w" + std::to_string(id % 500)));
        body.add("took_ms", JVal::integer(r.range(3, 90)));  // noise: differs run to run
        JVal results = JVal::arr();
        const int n = static_cast<int>(r.range(5, 10));
        for (int k = 0; k < n; ++k) {
            JVal item = JVal::obj();
            item.add("id", JVal::integer(id * 10 + k));
            item.add("score", JVal::num(fixed2(9900 - k * 100)));
            results.push(std::move(item));
        }
        body.add("results", std::move(results));
        body.add("generated_at", JVal::str(pyTime(base)));
        if (r.chance(0.08)) bug = kBugRanking;
        b.hasSecondary = r.chance(0.3);
    } else if (pick < 92) {  // orders
        b.method = "GET";
        b.endpoint = "GET /orders/{id}";
        b.url = "https://legacy.internal/orders/" + std::to_string(id);
        int64_t cents = r.range(100, 99999);
        if (cents % 10 == 0) cents += 3;
        body.add("id", JVal::integer(id));
        body.add("total", JVal::num(fixed2(cents)));
        body.add("notes", r.chance(0.6) ? JVal() : JVal::str("leave at door"));
        body.add("created_at", JVal::str(pyTime(base - r.range(1, 99) * 60000LL)));
        JVal items = JVal::arr();
        JVal item = JVal::obj();
        item.add("sku", JVal::str("SKU-" + std::to_string(id % 977)));
        item.add("qty", JVal::integer(r.range(1, 5)));
        items.push(std::move(item));
        body.add("items", std::move(items));
        JVal links = JVal::obj();
        links.add("self", link("/orders/" + std::to_string(id)));
        body.add("links", std::move(links));
        if (r.chance(0.07)) bug = kBugRounding;
    } else if (pick < 97) {  // create order
        b.method = "POST";
        b.endpoint = "POST /orders";
        b.url = "https://legacy.internal/orders";
        b.status = b.candidateStatus = 201;
        body.add("id", JVal::integer(id));
        body.add("created_at", JVal::str(pyTime(base)));
        body.add("coupon", r.chance(0.5) ? JVal() : JVal::str("WELCOME"));
        JVal links = JVal::obj();
        links.add("self", link("/orders/" + std::to_string(id)));
        body.add("links", std::move(links));
        if (r.chance(0.1)) bug = kBugStatus;
    } else {  // reports
        b.method = "GET";
        b.endpoint = "GET /reports/{id}";
        b.url = "https://legacy.internal/reports/" + std::to_string(id);
        body.add("id", JVal::integer(id));
        body.add("rows", JVal::integer(r.range(0, 500)));
        body.add("generated_at", JVal::str(pyTime(base)));
        body.add("request_id", JVal::str(hex(r, 16)));  // noise: a new id each run
        b.hasSecondary = r.chance(0.4);
        if (r.chance(0.12)) bug = kBugTimeout;
    }
    b.primary = body;
    if (b.hasSecondary) {
        b.secondary = body;
        if (JVal* t = b.secondary.get("took_ms")) *t = JVal::integer(r.range(3, 90) + 100);
        if (JVal* q = b.secondary.get("request_id")) *q = JVal::str(hex(r, 16));
    }
    JVal cand = body;
    if (JVal* t = cand.get("took_ms")) *t = JVal::integer(r.range(3, 90) + 200);
    if (JVal* q = cand.get("request_id")) *q = JVal::str(hex(r, 16));
    Rewrite rw{r.chance(0.95), r.chance(0.9), r.chance(0.9), r.chance(0.9)};
    rw.apply(cand, "");
    b.causes[kTimestampFormat] = rw.hadTimestamp;
    b.causes[kOmittedNulls] = rw.hadNull;
    b.causes[kNilSlices] = rw.hadSlice;
    b.causes[kLinkHost] = rw.hadLink;
    b.causes[kCharset] = r.chance(0.92);
    switch (bug) {
    case kBugEmailMissing: cand.erase("email"); break;
    case kBugEventShift: {
        // the Go service reads the naive local time as UTC+1: one hour later, in its own format
        JVal* s = cand.get("starts_at");
        JVal* p = body.get("starts_at");  // "YYYY-MM-DDTHH:MM:SS.ffffff+00:00"
        const std::string& pv = p->s;
        const int y = std::stoi(pv.substr(0, 4)), mo = std::stoi(pv.substr(5, 2)), d = std::stoi(pv.substr(8, 2));
        const int hh = std::stoi(pv.substr(11, 2)), mi = std::stoi(pv.substr(14, 2)), ss = std::stoi(pv.substr(17, 2));
        const int ms = std::stoi(pv.substr(20, 3));
        const int64_t t =
            civilToMs(y, unsigned(mo), unsigned(d), unsigned(hh), unsigned(mi), unsigned(ss)) + ms + 3600000;
        s->s = rw.timestamps ? rfc3339(t, 3, false) : pyTime(t);
        break;
    }
    case kBugRanking: {
        JVal* res = cand.get("results");
        std::swap(res->items[0], res->items[2]);
        std::swap(res->items[1], res->items[3]);
        break;
    }
    case kBugRounding: {
        JVal* t = cand.get("total");
        const std::string& pv = t->s;  // "123.45"
        const int64_t cents = std::stoll(pv.substr(0, pv.size() - 3)) * 100 + std::stoll(pv.substr(pv.size() - 2));
        *t = JVal::num(fixed1((cents + 5) / 10));
        break;
    }
    case kBugStatus: b.candidateStatus = 200; break;
    case kBugTimeout: b.candidateError = true; break;
    default: break;
    }
    if (bug >= 0) b.causes[bug] = true;
    b.candidate = std::move(cand);
    if (b.drift) {
        JVal* v = b.candidate.get("version");
        *v = JVal::integer(v->i + 1);
    }
    if (b.candidateError || b.drift) {  // no body / not comparable: only the bug / drift counts
        for (int k = 0; k < kFirstBug; ++k) b.causes[k] = false;
    }
    if (b.candidateStatus != b.status) {  // bodies are not compared under a status difference
        for (int k = 0; k < kFirstBug; ++k)
            if (k != kCharset) b.causes[k] = false;
    }
}

void appendResponse(std::string& out, const char* name, int status, const JVal* body, bool charset, bool error,
                    const std::string& latency, Rng& rng, const char* state) {
    out += ",\"";
    out += name;
    out += "\":{";
    if (error) {
        out += "\"error\":\"timeout after 5000 ms\",\"latency_ms\":5000";
    } else {
        out += "\"status\":" + std::to_string(status);
        out += ",\"headers\":{\"Content-Type\":\"application/json";
        if (charset) out += "; charset=utf-8";
        out += "\",\"X-Request-Id\":\"" + hex(rng, 12) + "\"}";
        std::string text;
        JStyle style;
        writeJson(text, *body, style, rng);
        out += ",\"body\":";
        appendQuoted(out, text);
        out += ",\"latency_ms\":" + latency;
    }
    if (state) {
        out += ",\"state\":{\"before\":";
        out += state;
        out += '}';
    }
    out += '}';
}

}  // namespace

int runCooccurring(const CooccurringOptions& o) {
    const auto t0 = std::chrono::steady_clock::now();
    FILE* jf = o.jsonl.empty() ? nullptr : std::fopen(o.jsonl.c_str(), "wb");
    if (!o.jsonl.empty() && !jf) {
        std::perror(o.jsonl.c_str());
        return 1;
    }
    const int64_t start = civilToMs(2026, 11, 20, 10, 0, 0);
    nlohmann::json records = nlohmann::json::array();
    std::vector<uint64_t> counts(kCauseCount, 0);
    std::vector<std::string> driftIds;
    const bool keepIds = o.records <= 200000;
    std::string buf;
    Built b;
    bool ok = true;
    for (uint64_t i = 0; i < o.records && ok; ++i) {
        build(o.seed, i, start, b);
        Rng rng(mixSeed(o.seed ^ 0x5eedull, i));
        char idbuf[48];
        std::snprintf(idbuf, sizeof idbuf, "co-%llu-%07llu", static_cast<unsigned long long>(o.seed),
                      static_cast<unsigned long long>(i));
        const std::string id = idbuf;
        buf += "{\"id\":\"" + id + "\",\"ts\":\"" + rfc3339(start + static_cast<int64_t>(i) * 1000, 3, false) + "\"";
        buf += ",\"endpoint\":";
        appendQuoted(buf, b.endpoint);
        buf += ",\"request\":{\"method\":\"" + b.method + "\",\"url\":";
        appendQuoted(buf, b.url);
        buf += ",\"headers\":{\"Accept\":\"application/json\"}}";
        const std::string lat = std::to_string(rng.range(5, 120));
        const char* pstate = b.drift ? "{\"stock\":5}" : nullptr;
        const char* cstate = b.drift ? "{\"stock\":4}" : nullptr;
        appendResponse(buf, "primary", b.status, &b.primary, false, false, lat, rng, pstate);
        appendResponse(buf, "candidate", b.candidateStatus, &b.candidate, b.causes[kCharset], b.candidateError,
                       std::to_string(rng.range(5, 120)), rng, cstate);
        if (b.hasSecondary) appendResponse(buf, "secondary", b.status, &b.secondary, false, false, lat, rng, nullptr);
        buf += "}\n";
        if (jf && buf.size() > (4u << 20)) {
            ok = std::fwrite(buf.data(), 1, buf.size(), jf) == buf.size();
            buf.clear();
        }
        if (b.drift) {
            if (keepIds) driftIds.push_back(id);
            continue;
        }
        nlohmann::json names = nlohmann::json::array();
        for (int k = 0; k < kCauseCount; ++k)
            if (b.causes[k]) {
                names.push_back(kCauses[k].name);
                ++counts[k];
            }
        if (keepIds) records.push_back({{"id", id}, {"endpoint", b.endpoint}, {"causes", std::move(names)}});
    }
    if (jf) {
        if (!buf.empty() && std::fwrite(buf.data(), 1, buf.size(), jf) != buf.size()) ok = false;
        if (std::fclose(jf) != 0) ok = false;
    }
    if (!ok) {
        std::fputs("difftriage-gen: write failed\n", stderr);
        return 1;
    }
    if (!o.truth.empty()) {
        nlohmann::json t;
        t["profile"] = "cooccurring";
        t["records"] = o.records;
        t["seed"] = o.seed;
        nlohmann::json cs = nlohmann::json::array();
        for (int k = 0; k < kCauseCount; ++k)
            cs.push_back({{"name", kCauses[k].name},
                          {"acceptable", k < kFirstBug},
                          {"class", kCauses[k].cls},
                          {"kind", kCauses[k].kind},
                          {"endpoint", kCauses[k].endpoint},
                          {"count", counts[k]}});
        t["causes"] = std::move(cs);
        t["noise_paths"] = {{{"endpoint", "GET /search"}, {"path", "/took_ms"}},
                            {{"endpoint", "GET /reports/{id}"}, {"path", "/request_id"}}};
        t["drift_ids"] = driftIds;
        t["record_causes"] = std::move(records);
        FILE* tf = std::fopen(o.truth.c_str(), "wb");
        if (!tf) {
            std::perror(o.truth.c_str());
            return 1;
        }
        const std::string text = t.dump(1) + "\n";
        const bool wrote = std::fwrite(text.data(), 1, text.size(), tf) == text.size();
        if (std::fclose(tf) != 0 || !wrote) {
            std::fputs("difftriage-gen: cannot write truth\n", stderr);
            return 1;
        }
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "difftriage-gen: cooccurring profile, %llu records in %.2f s\n",
                 static_cast<unsigned long long>(o.records), secs);
    return 0;
}

}  // namespace dt::gen
