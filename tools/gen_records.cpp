// SPDX-License-Identifier: MIT
#include "gen_records.h"

#include <algorithm>
#include <utility>

#include "gen_util.h"

namespace dt::gen {

std::string_view endpointTemplate(Endpoint e) {
    switch (e) {
    case Endpoint::Users: return "GET /users/{id}";
    case Endpoint::Products: return "GET /products/{sku}";
    case Endpoint::Repos: return "GET /repos/{owner}/{repo}";
    case Endpoint::Orders: return "GET /orders/{uuid}";
    case Endpoint::Reports: return "GET /reports/{date}";
    case Endpoint::Files: return "GET /files/{sha}";
    case Endpoint::PostUsers: return "POST /users";
    case Endpoint::Search: return "GET /search";
    case Endpoint::Pages: return "GET /pages/{slug}";
    case Endpoint::Avatars: return "GET /avatars/{id}.png";
    }
    return "";
}

const std::vector<CauseSpec>& causes() {
    static const std::vector<CauseSpec> kCauses = {
        {"users_name_lowercased", Endpoint::Users, 30, {{"/name", "changed"}}},
        {"products_discount_dropped", Endpoint::Products, 22, {{"/items/*/discount", "missing"}}},
        {"orders_total_as_string", Endpoint::Orders, 10, {{"/total", "type_changed"}}},
        {"repos_topics_reordered", Endpoint::Repos, 7, {{"/topics", "array_order"}}},
        {"post_users_201_vs_200", Endpoint::PostUsers, 6, {{"", "status"}}, 201, 200},
        {"search_timeout", Endpoint::Search, 5, {{"", "candidate_error"}}},
        {"reports_debug_extra", Endpoint::Reports, 4, {{"/meta/debug", "extra"}}},
        {"products_cache_control", Endpoint::Products, 3, {{"cache-control", "header"}}},
        {"pages_footer_text", Endpoint::Pages, 3, {{"", "text_changed"}}},
        {"users_price_epsilon", Endpoint::Users, 3, {{"/balance", "changed"}}},
        {"orders_timestamp_format", Endpoint::Orders, 2, {{"/updated_at", "changed"}}},
        {"files_items_truncated", Endpoint::Files, 2, {{"/chunks", "array_length"}}},
        {"avatars_png_recompressed", Endpoint::Avatars, 1, {{"", "binary_changed"}}},
    };
    return kCauses;
}

const std::vector<ExpectedDiff>& noiseDifferences() {
    static const std::vector<ExpectedDiff> k = {{"/generated_at", "changed"}};
    return k;
}
const std::vector<ExpectedDiff>& driftDifferences() {
    static const std::vector<ExpectedDiff> k = {{"/version", "changed"}};
    return k;
}

namespace {

using Strings = std::vector<std::string>;
const Strings kFirst = {"Alice", "Bob",    "Carol",   "David", "Erin",   "Frank",  "Grace",  "Heidi",
                        "Ivan",  "Judy",   "Mallory", "Niaj",  "Olivia", "Peggy",  "Rupert", "Sybil",
                        "Trent", "Victor", "Walter",  "Zoë",   "José",   "Łukasz", "Søren",  "Amélie"};
const Strings kFirstAscii = {"alice", "bob",    "carol",   "david", "erin",   "frank",  "grace",  "heidi",
                             "ivan",  "judy",   "mallory", "niaj",  "olivia", "peggy",  "rupert", "sybil",
                             "trent", "victor", "walter",  "zoe",   "jose",   "lukasz", "soren",  "amelie"};
const Strings kLast = {"Smith", "Jones", "Garcia",   "Miller",  "Davis",  "Martin", "Bernard", "Dubois",
                       "Rossi", "Novak", "Kowalski", "Nielsen", "Tanaka", "Okafor", "Silva",   "Weber"};
const Strings kRoles = {"admin", "billing", "support", "viewer", "owner"};
const Strings kColors = {"blue", "red", "green", "black", "white", "orange", "teal"};
const Strings kNouns = {"widget", "gadget", "sprocket", "gizmo", "bracket", "lamp", "kettle", "mug"};
const Strings kSizes = {"xs", "s", "m", "l", "xl", "xxl", "mini", "pro"};
const Strings kRepos = {"tap-compare", "billing-api", "web",        "infra", "dotfiles",
                        "ledger",      "search-svc",  "mobile-app", "docs",  "payments"};
const Strings kRepoA = {"tap",  "billing", "search", "ledger", "auth", "pay",   "media",  "geo",
                        "mail", "feed",    "shadow", "order",  "cart", "notif", "report", "edge"};
const Strings kRepoB = {"compare", "api", "svc",   "worker", "gateway", "ui",    "cli",
                        "proxy",   "sdk", "infra", "jobs",   "store",   "bench", "tools"};
const Strings kTopics = {"go",    "python",   "cpp",     "rust", "http",      "grpc",
                         "kafka", "postgres", "testing", "cli",  "migration", "shadow-traffic"};
const Strings kWords = {"blue", "widget", "cheap", "kettle", "gift",   "sale", "winter", "lamp",
                        "usb",  "cable",  "red",   "mug",    "coffee", "desk", "chair"};
const Strings kSlugWords = {"getting", "started", "pricing",  "about",  "us",        "blog",
                            "release", "notes",   "how",      "to",     "deploy",    "migrate",
                            "faq",     "careers", "security", "status", "changelog", "guide"};
const Strings kOrderStates = {"pending", "paid", "shipped", "delivered", "refunded"};

struct WeightedName {
    const char* name;
    int weight;
};
const std::vector<WeightedName> kTenants = {{"acme", 40}, {"globex", 25}, {"initech", 15}, {"umbrella", 10},
                                            {"hooli", 5}, {"stark", 3},   {"wayne", 2}};
const std::vector<WeightedName> kRegions = {{"eu-west-1", 50}, {"us-east-1", 40}, {"ap-south-1", 10}};

const char* pickWeighted(const std::vector<WeightedName>& v, Rng& rng) {
    int total = 0;
    for (const auto& w : v) total += w.weight;
    int r = static_cast<int>(rng.below(static_cast<uint64_t>(total)));
    for (const auto& w : v) {
        if (r < w.weight) return w.name;
        r -= w.weight;
    }
    return v.back().name;
}

// Endpoint mix of ordinary traffic (matches and noise).
Endpoint pickEndpoint(Rng& rng, bool jsonObjectOnly) {
    static const int kWeights[kEndpointCount] = {26, 10, 8, 8, 5, 4, 5, 14, 6, 10};
    const int n = jsonObjectOnly ? 8 : kEndpointCount;  // Pages and Avatars are last
    int total = 0;
    for (int e = 0; e < n; ++e) total += kWeights[e];
    int r = static_cast<int>(rng.below(static_cast<uint64_t>(total)));
    for (int e = 0; e < n; ++e) {
        if (r < kWeights[e]) return static_cast<Endpoint>(e);
        r -= kWeights[e];
    }
    return Endpoint::Users;
}

std::string asciiLower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string pad(uint64_t v, int width) {
    std::string s = std::to_string(v);
    if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<size_t>(width) - s.size(), '0');
    return s;
}

// What one side answered, before it is written down.
struct Content {
    enum class Type : uint8_t { Json, Html, Binary } type = Type::Json;
    int status = 200;
    std::string error;  // non-empty: no answer
    std::string contentType = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;  // endpoint-specific headers
    JVal json;
    std::string raw;
    std::string state;
};

// Everything a record's builder needs to know and produce.
struct Build {
    Rng& rng;
    int64_t ts;
    int category;
    const CauseSpec* cause;
    GenRecord& out;
    Content p;        // primary
    int version = 0;  // row_version for state-bearing endpoints (0 = none)
};

std::string pngBytes(Rng& rng) {
    std::string b("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    const int64_t n = rng.range(16, 64);
    for (int64_t k = 0; k < n; ++k) b += static_cast<char>(rng.below(256));
    return b;
}

std::string uuid4(Rng& rng) {
    std::string h = hex(rng, 32);
    h[12] = '4';
    h[16] = "89ab"[rng.below(4)];
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

JVal generatedAt(int64_t ms) { return JVal::str(rfc3339(ms)); }

void buildUsers(Build& b) {
    Rng& r = b.rng;
    const int64_t id = r.range(1, 999999);
    b.out.url = "/users/" + std::to_string(id) + (r.chance(0.2) ? "?verbose=true" : "");
    if (b.category == kMatch && r.chance(0.03)) {
        b.p.status = 404;
        b.p.json = JVal::obj();
        b.p.json.add("error", JVal::str("not found"));
        b.p.json.add("id", JVal::str(std::to_string(id)));
        return;
    }
    const size_t f = r.below(kFirst.size());
    const std::string& last = r.pick(kLast);
    b.version = static_cast<int>(r.range(2, 40));
    JVal j = JVal::obj();
    j.add("id", JVal::integer(id));
    j.add("name", JVal::str(kFirst[f] + " " + last));
    j.add("balance", JVal::num(fixed2(r.range(0, 500000))));
    j.add("version", JVal::integer(b.version));
    if (r.chance(0.3)) {
        JVal roles = JVal::arr();
        for (int64_t k = r.range(0, 2); k > 0; --k) roles.push(JVal::str(r.pick(kRoles)));
        j.add("roles", std::move(roles));
    }
    j.add("generated_at", generatedAt(b.ts + r.range(0, 40)));
    b.p.json = std::move(j);
}

void buildProducts(Build& b) {
    Rng& r = b.rng;
    std::string sku = r.chance(0.6) ? "SKU-" + pad(r.range(1, 9999), 4)
                                    : r.pick(kColors) + "-" + r.pick(kNouns) + "-" + r.pick(kSizes);
    b.out.url = "/products/" + sku + (r.chance(0.15) ? "?currency=EUR" : "");
    const bool discountCause = b.cause && std::string_view(b.cause->name) == "products_discount_dropped";
    const int64_t n = discountCause ? r.range(1, 60) : (r.chance(0.99) ? r.range(1, 2) : r.range(3, 60));
    JVal j = JVal::obj();
    j.add("sku", JVal::str(sku));
    j.add("price", JVal::num(fixed2(r.range(99, 99999))));
    JVal items = JVal::arr();
    for (int64_t k = 0; k < n; ++k) {
        JVal it = JVal::obj();
        it.add("qty", JVal::integer(r.range(1, 12) * (r.chance(0.1) ? 100 : 1)));
        it.add("price", JVal::num(fixed2(r.range(99, 9999))));
        it.add("discount", JVal::num(fixed2(r.range(0, 6) * 5)));
        items.push(std::move(it));
    }
    j.add("items", std::move(items));
    j.add("generated_at", generatedAt(b.ts + r.range(0, 40)));
    b.p.json = std::move(j);
    b.p.headers.emplace_back("Cache-Control", "max-age=60");
}

void buildRepos(Build& b) {
    Rng& r = b.rng;
    const std::string owner = kFirstAscii[r.below(kFirstAscii.size())] + "-" + asciiLower(r.pick(kLast));
    std::string repo = r.chance(0.2) ? r.pick(kRepos) : r.pick(kRepoA) + "-" + r.pick(kRepoB);
    if (r.chance(0.2)) repo += "-" + r.pick(kSizes);
    b.out.url = "/repos/" + owner + "/" + repo;
    const bool reorder = b.cause && std::string_view(b.cause->name) == "repos_topics_reordered";
    JVal j = JVal::obj();
    j.add("id", JVal::integer(r.range(1000, 99999999)));
    j.add("full_name", JVal::str(owner + "/" + repo));
    JVal o = JVal::obj();
    o.add("login", JVal::str(owner));
    j.add("owner", std::move(o));
    j.add("stars", JVal::integer(r.chance(0.3) ? r.range(1, 50) * 100 : r.range(0, 5000)));
    Strings topics = kTopics;
    for (size_t k = topics.size() - 1; k > 0; --k) std::swap(topics[k], topics[r.below(k + 1)]);
    topics.resize(static_cast<size_t>(reorder ? r.range(2, 5) : r.range(0, 4)));
    JVal t = JVal::arr();
    for (const auto& s : topics) t.push(JVal::str(s));
    j.add("topics", std::move(t));
    j.add("generated_at", generatedAt(b.ts + r.range(0, 40)));
    b.p.json = std::move(j);
}

void buildOrders(Build& b) {
    Rng& r = b.rng;
    const std::string id = uuid4(r);
    b.out.url = "/orders/" + id + (r.chance(0.1) ? "?expand=lines" : "");
    b.version = static_cast<int>(r.range(2, 40));
    JVal j = JVal::obj();
    j.add("id", JVal::str(id));
    j.add("status", JVal::str(r.pick(kOrderStates)));
    j.add("total", JVal::num(fixed2(r.range(100, 250000))));
    j.add("version", JVal::integer(b.version));
    JVal lines = JVal::arr();
    for (int64_t k = r.range(1, 2); k > 0; --k) {
        JVal l = JVal::obj();
        l.add("sku", JVal::str("SKU-" + pad(r.range(1, 9999), 4)));
        l.add("qty", JVal::integer(r.range(1, 5)));
        lines.push(std::move(l));
    }
    j.add("lines", std::move(lines));
    const int64_t created = (b.ts - r.range(3600, 86400 * 20) * 1000) / 1000 * 1000;
    j.add("updated_at", JVal::str(rfc3339(created + r.range(0, 3000) * 1000, 0)));
    j.add("generated_at", generatedAt(b.ts + r.range(0, 40)));
    b.p.json = std::move(j);
}

void buildReports(Build& b) {
    Rng& r = b.rng;
    const std::string date = isoDate(b.ts - r.range(0, 50) * 86400000);
    b.out.url = "/reports/" + date + (r.chance(0.2) ? "?format=json" : "");
    JVal j = JVal::obj();
    j.add("date", JVal::str(date));
    JVal meta = JVal::obj();
    meta.add("rows", JVal::integer(r.range(0, 200000)));
    meta.add("source", JVal::str("warehouse"));
    j.add("meta", std::move(meta));
    JVal s = JVal::obj();
    s.add("revenue", JVal::num(fixed2(r.range(0, 99999999))));
    s.add("orders", JVal::integer(r.range(0, 9000)));
    j.add("summary", std::move(s));
    j.add("generated_at", generatedAt(b.ts + r.range(0, 40)));
    b.p.json = std::move(j);
}

void buildFiles(Build& b) {
    Rng& r = b.rng;
    const std::string sha = hex(r, 40);
    b.out.url = "/files/" + sha;
    const bool truncate = b.cause && std::string_view(b.cause->name) == "files_items_truncated";
    JVal j = JVal::obj();
    j.add("sha", JVal::str(sha));
    const int64_t n = truncate ? r.range(2, 3) : r.range(1, 3);
    const int64_t chunk = r.range(1, 64) * 4096;
    j.add("size", JVal::integer(chunk * n - r.range(0, 4095)));
    JVal chunks = JVal::arr();
    for (int64_t k = 0; k < n; ++k) {
        JVal c = JVal::obj();
        c.add("offset", JVal::integer(k * chunk));
        c.add("length", JVal::integer(chunk));
        chunks.push(std::move(c));
    }
    j.add("chunks", std::move(chunks));
    j.add("generated_at", generatedAt(b.ts + r.range(0, 40)));
    b.p.json = std::move(j);
}

void buildPostUsers(Build& b) {
    Rng& r = b.rng;
    b.out.method = "POST";
    b.out.url = "/users";
    const size_t f = r.below(kFirst.size());
    const std::string& last = r.pick(kLast);
    const std::string email = kFirstAscii[f] + "." + asciiLower(last) + std::to_string(r.range(1, 99)) + "@example.com";
    JVal req = JVal::obj();
    req.add("name", JVal::str(kFirst[f] + " " + last));
    req.add("email", JVal::str(email));
    JStyle minified;
    writeJson(b.out.reqBody, req, minified, r);
    b.version = 1;
    b.p.status = 201;
    JVal j = JVal::obj();
    j.add("id", JVal::integer(r.range(1000000, 1999999)));
    j.add("name", JVal::str(kFirst[f] + " " + last));
    j.add("email", JVal::str(email));
    j.add("created_at", JVal::str(rfc3339(b.ts)));
    j.add("generated_at", generatedAt(b.ts + r.range(0, 40)));
    b.p.json = std::move(j);
}

void buildSearch(Build& b) {
    Rng& r = b.rng;
    std::string q = r.pick(kWords), text = q;
    if (r.chance(0.5)) {
        const std::string w = r.pick(kWords);
        q += "+" + w;
        text += " " + w;
    }
    const int64_t page = r.range(1, 20);
    b.out.url = r.chance(0.8) ? "/search?q=" + q + "&page=" + std::to_string(page)
                              : "/search?page=" + std::to_string(page) + "&q=" + q;
    JVal j = JVal::obj();
    j.add("query", JVal::str(text));
    j.add("page", JVal::integer(page));
    j.add("total", JVal::integer(r.range(0, 5000)));
    JVal res = JVal::arr();
    for (int64_t k = r.range(0, 2); k > 0; --k) {
        JVal x = JVal::obj();
        x.add("id", JVal::integer(r.range(1, 99999)));
        x.add("title", JVal::str(r.pick(kColors) + " " + r.pick(kNouns)));
        x.add("score", JVal::num("0." + pad(r.range(1, 99), 2)));
        res.push(std::move(x));
    }
    j.add("results", std::move(res));
    j.add("generated_at", generatedAt(b.ts + r.range(0, 40)));
    b.p.json = std::move(j);
}

const char* const kFooter = "<footer>© 2026 Example Inc. All rights reserved.</footer>";
const char* const kFooterChanged = "<footer>© 2026 Example, Inc. · All rights reserved</footer>";

void buildPages(Build& b) {
    Rng& r = b.rng;
    std::string slug = r.pick(kSlugWords), title = slug;
    for (int64_t k = r.range(1, 2); k > 0; --k) {
        const std::string w = r.pick(kSlugWords);
        slug += "-" + w;
        title += " " + w;
    }
    if (r.chance(0.2)) slug += "-" + std::to_string(r.range(2, 2026));
    title[0] = static_cast<char>(title[0] - 'a' + 'A');
    b.out.url = "/pages/" + slug;
    b.p.type = Content::Type::Html;
    b.p.contentType = "text/html; charset=utf-8";
    std::string h =
        "<!DOCTYPE html>\n<html>\n<head><title>" + title + "</title></head>\n<body>\n<h1>" + title + "</h1>\n";
    for (int64_t k = r.range(1, 1); k > 0; --k) {
        h += "<p>";
        for (int64_t w = r.range(4, 8); w > 0; --w) h += r.pick(kWords) + (w > 1 ? " " : "");
        h += ".</p>\n";
    }
    h += std::string(kFooter) + "\n</body>\n</html>\n";
    b.p.raw = std::move(h);
}

void buildAvatars(Build& b) {
    Rng& r = b.rng;
    b.out.url = "/avatars/" + std::to_string(r.range(1, 999999)) + ".png";
    b.p.type = Content::Type::Binary;
    b.p.contentType = "image/png";
    b.p.raw = pngBytes(r);
    b.p.headers.emplace_back("Cache-Control", "public, max-age=86400");
}

// The injected root cause: turns the candidate's answer into the wrong one.
void applyCause(const CauseSpec& cause, Content& c, Rng& r) {
    const std::string_view n = cause.name;
    if (n == "users_name_lowercased")
        c.json.get("name")->s = asciiLower(c.json.get("name")->s);
    else if (n == "users_price_epsilon")
        c.json.get("balance")->s += "0000001";
    else if (n == "products_discount_dropped")
        for (JVal& it : c.json.get("items")->items) it.erase("discount");
    else if (n == "products_cache_control")
        c.headers[0].second = "no-store";
    else if (n == "repos_topics_reordered") {
        auto& t = c.json.get("topics")->items;
        std::rotate(t.begin(), t.begin() + 1, t.end());
    } else if (n == "orders_total_as_string")
        *c.json.get("total") = JVal::str(c.json.get("total")->s);
    else if (n == "orders_timestamp_format") {
        std::string& s = c.json.get("updated_at")->s;
        s.insert(s.size() - 1, ".000");
    } else if (n == "post_users_201_vs_200")
        c.status = 200;
    else if (n == "search_timeout")
        c.error = "timeout";
    else if (n == "reports_debug_extra") {
        JVal d = JVal::obj();
        d.add("query_ms", JVal::integer(r.range(1, 900)));
        d.add("cache", JVal::str(r.chance(0.5) ? "miss" : "hit"));
        d.add("node", JVal::str("rpt-" + std::to_string(r.range(1, 9))));
        c.json.get("meta")->add("debug", std::move(d));
    } else if (n == "pages_footer_text")
        c.raw.replace(c.raw.find(kFooter), std::string_view(kFooter).size(), kFooterChanged);
    else if (n == "files_items_truncated")
        c.json.get("chunks")->items.pop_back();
    else if (n == "avatars_png_recompressed")
        c.raw = c.raw.substr(0, 16) + pngBytes(r).substr(16);
}

std::string stateJson(int before, bool extraKey) {
    std::string s = "{\"before\":{\"row_version\":" + std::to_string(before);
    if (extraKey) s += ",\"shard\":\"eu-3\"";
    return s + "},\"after\":{\"row_version\":" + std::to_string(before + 1) + "}}";
}

std::string headersJson(const std::vector<std::pair<std::string, std::string>>& hs, bool lower, bool stringValues) {
    std::string out = "{";
    for (size_t k = 0; k < hs.size(); ++k) {
        if (k) out += ',';
        appendQuoted(out, lower ? asciiLower(hs[k].first) : hs[k].first);
        out += ':';
        if (!stringValues) out += '[';
        appendQuoted(out, hs[k].second);
        if (!stringValues) out += ']';
    }
    return out + "}";
}

struct SideFormat {
    JStyle style;
    bool allHeaders = false, lowerNames = false, stringValues = false, rotateHeaders = false, base64 = false;
    const char* server = "gunicorn";
};

void writeSide(const Content& c, GenResponse& g, const SideFormat& f, Rng& r, int64_t ms, int64_t latencyTenths) {
    g.present = true;
    g.state = c.state;
    if (!c.error.empty()) {
        g.error = c.error;
        g.latency = "5000.0";
        return;
    }
    g.status = c.status;
    g.latency = fixed1(latencyTenths);
    std::vector<std::pair<std::string, std::string>> hs = {{"Content-Type", c.contentType}};
    if (f.allHeaders) {  // this pipeline captures every header, volatile ones included
        hs.emplace_back("Date", httpDate(ms + latencyTenths / 10));
        if (r.chance(0.7)) hs.emplace_back("Server", f.server);
        if (r.chance(0.4)) hs.emplace_back("X-Request-Id", hex(r, 16));
    }
    hs.insert(hs.end(), c.headers.begin(), c.headers.end());
    if (f.rotateHeaders) std::rotate(hs.begin(), hs.begin() + static_cast<long>(r.below(hs.size())), hs.end());
    g.headers = headersJson(hs, f.lowerNames, f.stringValues);
    if (c.type == Content::Type::Json)
        writeJson(g.body, c.json, f.style, r);
    else
        g.body = c.raw;
    g.base64 = f.base64 || c.type == Content::Type::Binary;
}

int64_t latency(Rng& r, int64_t base, int64_t spread) {
    return base + r.range(0, spread) + (r.chance(0.01) ? r.range(0, 20000) : 0);
}

}  // namespace

void RecordFactory::make(uint64_t index, int category, GenRecord& out) const {
    Rng r(mixSeed(m_seed, index + 1));
    out = GenRecord{};
    const int64_t ts = m_start + static_cast<int64_t>(index) * 36 + r.range(0, 35);  // ~1 hour per 100k records
    out.aliases = r.chance(0.3);
    out.ts = out.aliases && r.chance(0.5) ? rfc3339(ts, 6, true) : rfc3339(ts);
    out.id = "c-" + hex(r, 6) + "-" + pad(index, 6);
    out.method = "GET";

    const CauseSpec* cause = category >= kFirstCause ? &causes()[static_cast<size_t>(category - kFirstCause)] : nullptr;
    Endpoint ep = cause                ? cause->endpoint
                  : category == kDrift ? (r.chance(0.6) ? Endpoint::Users : Endpoint::Orders)
                                       : pickEndpoint(r, category == kNoise);
    Build b{r, ts, category, cause, out, Content{}};
    switch (ep) {
    case Endpoint::Users: buildUsers(b); break;
    case Endpoint::Products: buildProducts(b); break;
    case Endpoint::Repos: buildRepos(b); break;
    case Endpoint::Orders: buildOrders(b); break;
    case Endpoint::Reports: buildReports(b); break;
    case Endpoint::Files: buildFiles(b); break;
    case Endpoint::PostUsers: buildPostUsers(b); break;
    case Endpoint::Search: buildSearch(b); break;
    case Endpoint::Pages: buildPages(b); break;
    case Endpoint::Avatars: buildAvatars(b); break;
    }
    if (r.chance(0.2)) out.endpoint = std::string(endpointTemplate(ep));
    if (r.chance(0.1)) out.url = "https://api.example.com" + out.url;

    Content c = b.p;
    Content s;
    bool hasSecondary = false;
    if (cause) applyCause(*cause, c, r);
    const bool jsonObject = b.p.type == Content::Type::Json && b.p.json.get("generated_at");
    // A second legacy run: identical, or differing only where the candidate differs too (noise).
    const bool noisy = category == kNoise || (cause && jsonObject && r.chance(0.1));
    if (noisy) {
        hasSecondary = true;
        s = b.p;
        s.json.get("generated_at")->s = rfc3339(ts + r.range(41, 900));
        if (c.error.empty()) c.json.get("generated_at")->s = rfc3339(ts + r.range(41, 900));
    } else if (category == kMatch && r.chance(0.04)) {
        hasSecondary = true;
        s = b.p;
        if (jsonObject && r.chance(0.5)) s.json.get("generated_at")->s = rfc3339(ts + r.range(41, 900));
    }
    // State fingerprints.
    if (category == kDrift) {
        b.p.state = stateJson(b.version, false);
        c.state = stateJson(b.version - 1, false);
        c.json.get("version")->i = b.version - 1;
    } else if (b.version > 0) {
        const double u = r.unit();
        if (u < 0.2)
            b.p.state = c.state = stateJson(b.version, false);
        else if (u < 0.24) {
            b.p.state = stateJson(b.version, true);
            c.state = stateJson(b.version, false);
        } else if (u < 0.28)
            b.p.state = stateJson(b.version, false);
        if (hasSecondary) s.state = b.p.state;
    }

    // Request.
    const char* accept = ep == Endpoint::Pages     ? "text/html"
                         : ep == Endpoint::Avatars ? "image/png"
                                                   : "application/json";
    const bool allHeaders = r.chance(0.35);  // else the pipeline keeps only content headers
    std::vector<std::pair<std::string, std::string>> rh;
    if (allHeaders || r.chance(0.3)) rh.emplace_back("Accept", accept);
    if (allHeaders && r.chance(0.7)) rh.emplace_back("X-Request-Id", hex(r, 16));
    if (allHeaders && r.chance(0.5)) rh.emplace_back("User-Agent", "shadow-tap/1.4");
    if (out.method == "POST") rh.emplace_back("Content-Type", "application/json");
    out.reqHeaders = headersJson(rh, false, out.aliases);

    // Responses: the legacy side writes canonical headers; the candidate writes the same values
    // in other spellings (key order, number forms, header case, string vs list).
    SideFormat pf;
    pf.allHeaders = allHeaders;
    pf.style.pretty = r.chance(0.04);
    SideFormat cf;
    cf.allHeaders = allHeaders;
    cf.style.shuffleKeys = r.chance(0.4);
    cf.style.altNumbers = r.chance(0.25);
    cf.style.pretty = r.chance(0.03);
    cf.lowerNames = r.chance(0.5);
    cf.stringValues = r.chance(0.5);
    cf.rotateHeaders = r.chance(0.3);
    cf.base64 = out.aliases && r.chance(0.5);  // Go marshals []byte as base64
    cf.server = "envoy";
    writeSide(b.p, out.primary, pf, r, ts, latency(r, 40, 300));
    writeSide(c, out.candidate, cf, r, ts, latency(r, 20, 200));
    if (hasSecondary) writeSide(s, out.secondary, pf, r, ts, latency(r, 40, 300));

    out.tags = std::string("{\"tenant\":\"") + pickWeighted(kTenants, r) + "\",\"region\":\"" +
               pickWeighted(kRegions, r) + "\"}";
}

}  // namespace dt::gen
