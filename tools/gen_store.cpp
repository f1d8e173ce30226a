// SPDX-License-Identifier: MIT
// difftriage-gen: writes a synthetic diff store (JSONL and/or SQLite, see
// /work/shared/spec/diff-store.md) with known, injected root causes and a ground-truth file.
// Deterministic: the same arguments give the same bytes on every machine.
// Usage: see usage() below and resources/samples/README.md.
#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gen_bad_hour.h"
#include "gen_cooccurring.h"
#include "gen_records.h"
#include "gen_util.h"

namespace {

using namespace dt::gen;

struct Options {
    uint64_t records = 0;
    uint64_t seed = 1;
    std::string jsonl, sqlite, truth;
    uint64_t badLines = 0;
    double sampleMatches = 1.0;
    double mismatchRate = 0.1;
    std::string profile;  // "" (default) or "cooccurring" (gen_cooccurring.h)
    int badHour = -1;     // --bad-hour H (gen_bad_hour.h)
};

void usage(FILE* f) {
    std::fputs("usage: difftriage-gen --records N [--seed S] [--jsonl OUT] [--sqlite OUT] [--truth OUT.json]\n"
               "                      [--bad-lines K] [--sample-matches P] [--mismatch-rate R]\n"
               "  --records N         comparisons to generate (before --sample-matches)\n"
               "  --seed S            PRNG seed (default 1); same arguments -> same bytes\n"
               "  --jsonl OUT         write a JSONL store\n"
               "  --sqlite OUT        write a SQLite store (schema user_version 1; replaces OUT)\n"
               "  --truth OUT.json    write the ground truth (causes, noise, drift, bad lines)\n"
               "  --bad-lines K       JSONL only: K lines that are not records, plus some blank lines\n"
               "  --sample-matches P  keep a fraction P of matches, written with weight round(1/P)\n"
               "  --mismatch-rate R   fraction of non-matching comparisons (noise+drift+causes, default 0.1)\n"
               "  --profile cooccurring  a Python->Go rewrite: acceptable cross-cutting differences on most\n"
               "                      records with bugs under them (JSONL + truth; gen_cooccurring.h)\n"
               "  --bad-hour H        spread the records over 24 h; in hour H (0..23) 1 % of the matches mismatch\n",
               f);
}

bool parseArgs(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-h" || a == "--help") {
            usage(stdout);
            std::exit(0);
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "difftriage-gen: %s needs a value\n", a.c_str());
            return false;
        }
        const char* v = argv[++i];
        char* end = nullptr;
        errno = 0;
        auto num = [&](auto parsed) {
            if (errno || !end || *end || end == v) {
                std::fprintf(stderr, "difftriage-gen: bad value for %s: %s\n", a.c_str(), v);
                std::exit(2);
            }
            return parsed;
        };
        if (a == "--records")
            o.records = num(std::strtoull(v, &end, 10));
        else if (a == "--seed")
            o.seed = num(std::strtoull(v, &end, 0));
        else if (a == "--jsonl")
            o.jsonl = v;
        else if (a == "--sqlite")
            o.sqlite = v;
        else if (a == "--truth")
            o.truth = v;
        else if (a == "--bad-lines")
            o.badLines = num(std::strtoull(v, &end, 10));
        else if (a == "--sample-matches")
            o.sampleMatches = num(std::strtod(v, &end));
        else if (a == "--mismatch-rate")
            o.mismatchRate = num(std::strtod(v, &end));
        else if (a == "--profile")
            o.profile = v;
        else if (a == "--bad-hour")
            o.badHour = static_cast<int>(num(std::strtol(v, &end, 10)));
        else {
            std::fprintf(stderr, "difftriage-gen: unknown option %s\n", a.c_str());
            return false;
        }
    }
    if (o.records == 0 || o.records > 100'000'000) {
        std::fputs("difftriage-gen: --records must be 1..1e8\n", stderr);
        return false;
    }
    if (!(o.sampleMatches > 0 && o.sampleMatches <= 1)) {
        std::fputs("difftriage-gen: --sample-matches must be in (0,1]\n", stderr);
        return false;
    }
    if (!(o.mismatchRate >= 0 && o.mismatchRate <= 1)) {
        std::fputs("difftriage-gen: --mismatch-rate must be in [0,1]\n", stderr);
        return false;
    }
    if (o.badHour < -1 || o.badHour > 23) {
        std::fputs("difftriage-gen: --bad-hour must be 0..23\n", stderr);
        return false;
    }
    if (o.jsonl.empty() && o.sqlite.empty() && o.truth.empty()) {
        std::fputs("difftriage-gen: nothing to write\n", stderr);
        return false;
    }
    return true;
}

// Exact category counts, then a seeded shuffle: record i gets categories[i].
std::vector<uint8_t> planCategories(const Options& o, std::vector<uint64_t>& causeCounts) {
    const uint64_t n = o.records;
    const uint64_t nonMatch = static_cast<uint64_t>(std::llround(static_cast<double>(n) * o.mismatchRate));
    const uint64_t noise = static_cast<uint64_t>(std::llround(static_cast<double>(nonMatch) * 0.5));
    const uint64_t drift = static_cast<uint64_t>(std::llround(static_cast<double>(nonMatch) * 0.05));
    const uint64_t budget = nonMatch - noise - drift;
    const auto& cs = causes();
    causeCounts.assign(cs.size(), 0);
    uint64_t rest = budget;
    if (budget >= 3 * cs.size()) {  // every cause gets at least 3 records: tiny groups exist
        for (auto& c : causeCounts) c = 3;
        rest -= 3 * cs.size();
    }
    int totalWeight = 0;
    for (const auto& c : cs) totalWeight += c.weight;
    std::vector<std::pair<uint64_t, size_t>> remainders;  // largest-remainder apportionment
    uint64_t given = 0;
    for (size_t k = 0; k < cs.size(); ++k) {
        const uint64_t share = rest * static_cast<uint64_t>(cs[k].weight);
        causeCounts[k] += share / static_cast<uint64_t>(totalWeight);
        given += share / static_cast<uint64_t>(totalWeight);
        remainders.emplace_back(share % static_cast<uint64_t>(totalWeight), k);
    }
    std::stable_sort(remainders.begin(), remainders.end(), [](auto& a, auto& b) { return a.first > b.first; });
    for (size_t k = 0; given < rest; ++k, ++given) ++causeCounts[remainders[k % remainders.size()].second];

    std::vector<uint8_t> cat;
    cat.reserve(n);
    cat.insert(cat.end(), noise, static_cast<uint8_t>(kNoise));
    cat.insert(cat.end(), drift, static_cast<uint8_t>(kDrift));
    for (size_t k = 0; k < cs.size(); ++k) cat.insert(cat.end(), causeCounts[k], static_cast<uint8_t>(kFirstCause + k));
    cat.resize(n, static_cast<uint8_t>(kMatch));
    Rng rng(mixSeed(o.seed, 0xca7e90f1ull));
    for (uint64_t k = n - 1; k > 0; --k) std::swap(cat[k], cat[rng.below(k + 1)]);
    return cat;
}

// ---- JSONL ----------------------------------------------------------------------------------

void appendSide(std::string& out, const char* name, const GenResponse& g) {
    out += ",\"";
    out += name;
    out += "\":{";
    bool first = true;
    auto field = [&](const char* key) {
        if (!first) out += ',';
        first = false;
        out += '"';
        out += key;
        out += "\":";
    };
    if (g.status >= 0) {
        field("status");
        out += std::to_string(g.status);
    }
    if (!g.headers.empty()) {
        field("headers");
        out += g.headers;
    }
    if (g.error.empty()) {
        if (g.base64) {
            field("body_base64");
            appendQuoted(out, base64(g.body));
        } else {
            field("body");
            appendQuoted(out, g.body);
        }
    }
    if (!g.latency.empty()) {
        field("latency_ms");
        out += g.latency;
    }
    if (!g.error.empty()) {
        field("error");
        appendQuoted(out, g.error);
    }
    if (!g.state.empty()) {
        field("state");
        out += g.state;
    }
    out += '}';
}

// One record as a JSONL line (without the newline). Missing candidate: for bad lines.
void appendJsonl(std::string& out, const GenRecord& r, const std::string& weight, bool withCandidate = true) {
    out += "{\"id\":";
    appendQuoted(out, r.id);
    out += ",\"ts\":";
    appendQuoted(out, r.ts);
    if (!r.endpoint.empty()) {
        out += ",\"endpoint\":";
        appendQuoted(out, r.endpoint);
    }
    out += ",\"request\":{\"method\":";
    appendQuoted(out, r.method);
    out += ",\"url\":";
    appendQuoted(out, r.url);
    out += ",\"headers\":";
    out += r.reqHeaders;
    if (!r.reqBody.empty() || !r.aliases) {  // the Python producer leaves out empty bodies
        out += ",\"body\":";
        appendQuoted(out, r.reqBody);
    }
    out += '}';
    appendSide(out, r.aliases ? "python_response" : "primary", r.primary);
    if (withCandidate) appendSide(out, r.aliases ? "go_response" : "candidate", r.candidate);
    if (r.secondary.present) appendSide(out, "secondary", r.secondary);
    out += ",\"tags\":";
    out += r.tags;
    if (!weight.empty()) {
        out += ",\"weight\":";
        out += weight;
    }
    out += '}';
}

// ---- SQLite ---------------------------------------------------------------------------------

const char* const kSchema =
    "CREATE TABLE comparisons (\n"
    "  id TEXT PRIMARY KEY, ts TEXT NOT NULL, endpoint TEXT,\n"
    "  req_method TEXT NOT NULL, req_url TEXT NOT NULL, req_headers TEXT, req_body BLOB,\n"
    "  primary_status INTEGER, primary_headers TEXT, primary_body BLOB, primary_latency_ms REAL, primary_error TEXT,\n"
    "  candidate_status INTEGER, candidate_headers TEXT, candidate_body BLOB, candidate_latency_ms REAL, "
    "candidate_error TEXT,\n"
    "  secondary_status INTEGER, secondary_headers TEXT, secondary_body BLOB, secondary_latency_ms REAL, "
    "secondary_error TEXT,\n"
    "  primary_state TEXT, candidate_state TEXT, secondary_state TEXT,\n"
    "  tags TEXT, weight REAL\n"
    ");";

class SqliteWriter {
public:
    bool open(const std::string& path) {
        std::remove(path.c_str());
        std::remove((path + "-journal").c_str());
        if (sqlite3_open(path.c_str(), &m_db) != SQLITE_OK) return fail("open");
        if (!exec("PRAGMA page_size=16384; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA "
                  "cache_size=-262144;") ||
            !exec(kSchema) || !exec("PRAGMA user_version=1;") || !exec("BEGIN"))
            return false;
        const char* sql = "INSERT INTO comparisons VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        if (sqlite3_prepare_v2(m_db, sql, -1, &m_insert, nullptr) != SQLITE_OK) return fail("prepare");
        return true;
    }
    bool insert(const GenRecord& r, double weight) {
        int i = 1;
        text(i++, r.id);
        text(i++, r.ts);
        optText(i++, r.endpoint);
        text(i++, r.method);
        text(i++, r.url);
        optText(i++, r.reqHeaders);
        sqlite3_bind_blob(m_insert, i++, r.reqBody.data(), static_cast<int>(r.reqBody.size()), SQLITE_STATIC);
        for (const GenResponse* g : {&r.primary, &r.candidate, &r.secondary}) {
            if (g->present && g->status >= 0)
                sqlite3_bind_int(m_insert, i, g->status);
            else
                sqlite3_bind_null(m_insert, i);
            ++i;
            optText(i++, g->headers);
            if (g->present && g->error.empty())
                sqlite3_bind_blob(m_insert, i, g->body.data(), static_cast<int>(g->body.size()), SQLITE_STATIC);
            else
                sqlite3_bind_null(m_insert, i);
            ++i;
            if (!g->latency.empty())
                sqlite3_bind_double(m_insert, i, std::strtod(g->latency.c_str(), nullptr));
            else
                sqlite3_bind_null(m_insert, i);
            ++i;
            optText(i++, g->error);
        }
        optText(i++, r.primary.state);
        optText(i++, r.candidate.state);
        optText(i++, r.secondary.state);
        text(i++, r.tags);
        if (weight != 1.0)
            sqlite3_bind_double(m_insert, i, weight);
        else
            sqlite3_bind_null(m_insert, i);
        if (sqlite3_step(m_insert) != SQLITE_DONE) return fail("insert");
        sqlite3_reset(m_insert);
        if (++m_pending == 100000) {  // big transactions
            m_pending = 0;
            if (!exec("COMMIT; BEGIN")) return false;
        }
        return true;
    }
    bool close() {
        bool ok = m_db != nullptr;
        if (m_insert) sqlite3_finalize(m_insert);
        m_insert = nullptr;
        if (m_db) ok = exec("COMMIT") && ok;
        if (m_db) sqlite3_close(m_db);
        m_db = nullptr;
        return ok;
    }
    ~SqliteWriter() { close(); }

private:
    void text(int i, const std::string& s) {
        sqlite3_bind_text(m_insert, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    }
    void optText(int i, const std::string& s) {
        if (s.empty())
            sqlite3_bind_null(m_insert, i);
        else
            text(i, s);
    }
    bool exec(const char* sql) {
        char* err = nullptr;
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
            std::fprintf(stderr, "difftriage-gen: sqlite: %s\n", err ? err : "?");
            sqlite3_free(err);
            return false;
        }
        return true;
    }
    bool fail(const char* what) {
        std::fprintf(stderr, "difftriage-gen: sqlite %s: %s\n", what, m_db ? sqlite3_errmsg(m_db) : "?");
        return false;
    }
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_insert = nullptr;
    uint64_t m_pending = 0;
};

// ---- bad lines ------------------------------------------------------------------------------

struct BadLine {
    uint64_t before = 0;  // inserted before generated record `before` (== records: at the end)
    int kind = 0;         // 0 invalid JSON, 1 missing candidate, 2 log line, 3 not an object, 4 blank
};
const char* const kBadKinds[] = {"invalid_json", "missing_candidate", "log_line", "not_an_object", "blank"};

std::vector<BadLine> planBadLines(const Options& o) {
    std::vector<BadLine> v;
    if (o.jsonl.empty() || o.badLines == 0) return v;
    Rng rng(mixSeed(o.seed, 0xbad11e5ull));
    for (uint64_t k = 0; k < o.badLines; ++k) v.push_back({rng.below(o.records + 1), static_cast<int>(k % 4)});
    for (uint64_t k = 0; k < std::max<uint64_t>(1, o.badLines / 3); ++k) v.push_back({rng.below(o.records + 1), 4});
    std::stable_sort(v.begin(), v.end(), [](const BadLine& a, const BadLine& b) { return a.before < b.before; });
    return v;
}

std::string badLineText(const BadLine& b, uint64_t ordinal, const RecordFactory& factory, uint64_t records) {
    std::string s;
    if (b.kind == 2) return "INFO starting shadow comparator pid=" + std::to_string(4000 + ordinal);
    if (b.kind == 3) return "[\"not\",\"a\",\"record\"]";
    if (b.kind == 4) return s;
    GenRecord r;
    factory.make(records + 1000 + ordinal, kMatch, r);
    r.id = "bad-" + std::to_string(ordinal);
    appendJsonl(s, r, "", b.kind != 1);
    if (b.kind == 0) s.resize(s.size() / 2);  // cut mid-record: invalid JSON
    return s;
}

// ---- truth ----------------------------------------------------------------------------------

nlohmann::json diffsJson(const std::vector<ExpectedDiff>& ds) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& d : ds) a.push_back({{"path", d.path}, {"kind", d.kind}});
    return a;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parseArgs(argc, argv, o)) {
        usage(stderr);
        return 2;
    }
    if (o.profile == "cooccurring") return runCooccurring({o.records, o.seed, o.jsonl, o.truth});
    if (!o.profile.empty()) {
        std::fprintf(stderr, "difftriage-gen: unknown --profile %s\n", o.profile.c_str());
        return 2;
    }
    const auto t0 = std::chrono::steady_clock::now();

    std::vector<uint64_t> causeCounts;
    std::vector<uint8_t> cat = planCategories(o, causeCounts);
    if (o.badHour >= 0) applyBadHour(o.badHour, cat);
    const std::vector<BadLine> bad = planBadLines(o);
    const RecordFactory factory(o.seed, civilToMs(2026, 11, 20, 10, 0, 0));
    const long matchWeight = std::lround(1.0 / o.sampleMatches);
    const std::string matchWeightText = o.sampleMatches < 1.0 ? std::to_string(matchWeight) : "";
    uint64_t matchOrdinal = 0;

    FILE* jf = nullptr;
    if (!o.jsonl.empty()) {
        jf = std::fopen(o.jsonl.c_str(), "wb");
        if (!jf) {
            std::perror(o.jsonl.c_str());
            return 1;
        }
    }
    std::unique_ptr<SqliteWriter> db;
    if (!o.sqlite.empty()) {
        db = std::make_unique<SqliteWriter>();
        if (!db->open(o.sqlite)) return 1;
    }

    const size_t nCauses = causes().size();
    std::vector<std::vector<std::string>> causeIds(nCauses);
    std::vector<uint64_t> writtenCause(nCauses, 0);
    std::vector<std::string> noiseIds, driftIds;
    uint64_t written = 0, matches = 0, noise = 0, drift = 0, lineNo = 0;
    double weighted = 0;
    nlohmann::json badJson = nlohmann::json::array(), badKinds = nlohmann::json::array(),
                   blankJson = nlohmann::json::array();
    const bool keepIds = o.records <= 100000;
    std::string buf;
    buf.reserve(8 << 20);
    size_t nextBad = 0;
    GenRecord rec;
    bool ok = true;

    auto flush = [&](bool force) {
        if (jf && (force || buf.size() >= (4u << 20))) {
            if (std::fwrite(buf.data(), 1, buf.size(), jf) != buf.size()) ok = false;
            buf.clear();
        }
    };
    auto emitBad = [&](uint64_t upTo) {
        for (; nextBad < bad.size() && bad[nextBad].before <= upTo; ++nextBad) {
            buf += badLineText(bad[nextBad], nextBad, factory, o.records);
            buf += '\n';
            ++lineNo;
            if (bad[nextBad].kind == 4)
                blankJson.push_back(lineNo);
            else {
                badJson.push_back(lineNo);
                badKinds.push_back(kBadKinds[bad[nextBad].kind]);
            }
        }
    };

    for (uint64_t i = 0; i < o.records && ok; ++i) {
        const int c = cat[i];
        // Systematic sampling of the (already shuffled) matches: exactly round(P * matches) kept.
        bool keep = true;
        if (c == kMatch && o.sampleMatches < 1.0) {
            keep = std::floor(static_cast<double>(matchOrdinal + 1) * o.sampleMatches) !=
                   std::floor(static_cast<double>(matchOrdinal) * o.sampleMatches);
            ++matchOrdinal;
        }
        if (jf) emitBad(i);
        if (!keep) continue;
        factory.make(i, c, rec);
        if (o.badHour >= 0) rec.ts = rfc3339(badHourTimestamp(i, o.records, civilToMs(2026, 11, 20, 10, 0, 0)));
        const double w = c == kMatch && o.sampleMatches < 1.0 ? static_cast<double>(matchWeight) : 1.0;
        if (jf) {
            appendJsonl(buf, rec, c == kMatch ? matchWeightText : std::string());
            buf += '\n';
            ++lineNo;
            flush(false);
        }
        if (db && !db->insert(rec, w)) ok = false;
        ++written;
        weighted += w;
        if (c == kMatch)
            ++matches;
        else if (c == kNoise) {
            ++noise;
            if (keepIds) noiseIds.push_back(rec.id);
        } else if (c == kDrift) {
            ++drift;
            if (keepIds) driftIds.push_back(rec.id);
        } else {
            ++writtenCause[static_cast<size_t>(c - kFirstCause)];
            if (keepIds) causeIds[static_cast<size_t>(c - kFirstCause)].push_back(rec.id);
        }
    }
    if (jf) {
        emitBad(o.records);
        flush(true);
        if (std::fclose(jf) != 0) ok = false;
    }
    if (db && !db->close()) ok = false;
    if (!ok) {
        std::fputs("difftriage-gen: write failed\n", stderr);
        return 1;
    }

    if (!o.truth.empty()) {
        nlohmann::json t;
        t["records"] = written;
        t["generated"] = o.records;
        t["seed"] = o.seed;
        t["weighted"] = weighted;
        t["matches"] = matches;
        t["sample_matches"] = o.sampleMatches;
        nlohmann::json cs = nlohmann::json::array();
        for (size_t k = 0; k < nCauses; ++k) {
            if (writtenCause[k] == 0) continue;
            const CauseSpec& spec = causes()[k];
            nlohmann::json c = {{"name", spec.name},
                                {"endpoint", std::string(endpointTemplate(spec.endpoint))},
                                {"differences", diffsJson(spec.differences)},
                                {"count", writtenCause[k]}};
            if (spec.primaryStatus) c["status_pair"] = {spec.primaryStatus, spec.candidateStatus};
            if (keepIds) c["ids"] = causeIds[k];
            cs.push_back(std::move(c));
        }
        t["causes"] = std::move(cs);
        t["noise_count"] = noise;
        t["noise_differences"] = diffsJson(noiseDifferences());
        t["drift_count"] = drift;
        t["drift_differences"] = diffsJson(driftDifferences());
        if (keepIds) {
            t["noise_ids"] = noiseIds;
            t["drift_ids"] = driftIds;
        }
        t["bad_lines"] = badJson;
        t["bad_line_kinds"] = badKinds;
        t["blank_lines"] = blankJson;
        t["lines"] = lineNo;
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
    std::fprintf(stderr, "difftriage-gen: %llu records (%llu matches, %llu noise, %llu drift, %llu cause) in %.2f s\n",
                 static_cast<unsigned long long>(written), static_cast<unsigned long long>(matches),
                 static_cast<unsigned long long>(noise), static_cast<unsigned long long>(drift),
                 static_cast<unsigned long long>(written - matches - noise - drift), secs);
    return 0;
}
