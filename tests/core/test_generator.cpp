// SPDX-License-Identifier: MIT
// difftriage-gen (tools/gen_store.cpp): determinism, JSONL / SQLite shape, truth consistency.
// Drives the real binary (DT_GEN). The grouping-vs-truth test lives elsewhere (it needs the analyzer).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

class GeneratorTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = fs::temp_directory_path() / ("dt_gen_" + std::to_string(::getpid()) + "_" + info->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::string path(const std::string& name) const { return (m_dir / name).string(); }

    // Runs difftriage-gen with `args`; returns its exit status.
    int gen(const std::string& args) const {
        const std::string cmd = std::string("\"") + DT_GEN + "\" " + args + " 2>\"" + path("stderr.txt") + "\"";
        const int rc = std::system(cmd.c_str());
        return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    }

    fs::path m_dir;
};

std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> lines(const std::string& p) {
    std::vector<std::string> out;
    std::ifstream in(p, std::ios::binary);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

json side(const json& rec, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (rec.contains(n)) return rec[n];
    return json();
}

std::string b64decode(const std::string& s) {
    static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : s) {
        if (c == '=') break;
        const auto v = kAlphabet.find(c);
        if (v == std::string::npos) return "<invalid base64>";
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    return out;
}

std::string body(const json& resp) {
    if (resp.contains("body_base64")) return b64decode(resp["body_base64"].get<std::string>());
    return resp.value("body", std::string());
}

bool hasContentType(const json& resp, const std::string& prefix) {
    if (!resp.contains("headers")) return false;
    for (auto& [name, value] : resp["headers"].items()) {
        std::string lower = name;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower != "content-type") continue;
        const std::string v = value.is_array() ? value[0].get<std::string>() : value.get<std::string>();
        return v.rfind(prefix, 0) == 0;
    }
    return false;
}

const std::set<std::string> kKinds = {"changed",         "type_changed", "missing",       "extra",
                                      "array_length",    "array_order",  "status",        "header",
                                      "candidate_error", "text_changed", "binary_changed"};

}  // namespace

TEST_F(GeneratorTest, SameSeedSameBytesOtherSeedOtherBytes) {
    const std::string common = " --records 1500 --bad-lines 5 --sample-matches 0.5";
    ASSERT_EQ(gen("--seed 7" + common + " --jsonl " + path("a.jsonl") + " --sqlite " + path("a.sqlite") + " --truth " +
                  path("a.json")),
              0);
    ASSERT_EQ(gen("--seed 7" + common + " --jsonl " + path("b.jsonl") + " --sqlite " + path("b.sqlite") + " --truth " +
                  path("b.json")),
              0);
    ASSERT_EQ(gen("--seed 8" + common + " --jsonl " + path("c.jsonl") + " --truth " + path("c.json")), 0);
    const std::string a = slurp(path("a.jsonl"));
    ASSERT_GT(a.size(), 100000u);
    EXPECT_EQ(a, slurp(path("b.jsonl")));
    EXPECT_EQ(slurp(path("a.json")), slurp(path("b.json")));
    EXPECT_EQ(slurp(path("a.sqlite")), slurp(path("b.sqlite")));
    EXPECT_NE(a, slurp(path("c.jsonl")));
    EXPECT_NE(slurp(path("a.json")), slurp(path("c.json")));
}

TEST_F(GeneratorTest, BundledSamplesAreReproducibleWithTheDocumentedCommands) {
    // The commands of resources/samples/README.md.
    ASSERT_EQ(gen("--records 3000 --seed 1 --bad-lines 6 --jsonl " + path("sample.jsonl") + " --truth " +
                  path("sample.truth.json")),
              0);
    ASSERT_EQ(gen("--records 3000 --seed 1 --sqlite " + path("sample.sqlite")), 0);
    EXPECT_EQ(slurp(path("sample.jsonl")), slurp(std::string(DT_SAMPLES) + "/sample.jsonl"));
    EXPECT_EQ(slurp(path("sample.truth.json")), slurp(std::string(DT_SAMPLES) + "/sample.truth.json"));
    // SQLite bytes depend on the library version; compare the rows.
    auto rows = [](const std::string& p) {
        std::vector<std::string> out;
        sqlite3* db = nullptr;
        EXPECT_EQ(sqlite3_open_v2(p.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db,
                                     "SELECT id, hex(primary_body), hex(candidate_body), candidate_headers "
                                     "FROM comparisons ORDER BY rowid",
                                     -1, &st, nullptr),
                  SQLITE_OK);
        while (st && sqlite3_step(st) == SQLITE_ROW) {
            std::string r;
            for (int c = 0; c < 4; ++c) {
                const auto* t = sqlite3_column_text(st, c);
                r += t ? reinterpret_cast<const char*>(t) : "<null>";
                r += '|';
            }
            out.push_back(std::move(r));
        }
        sqlite3_finalize(st);
        sqlite3_close(db);
        return out;
    };
    const auto fresh = rows(path("sample.sqlite"));
    EXPECT_EQ(fresh.size(), 3000u);
    EXPECT_EQ(fresh, rows(std::string(DT_SAMPLES) + "/sample.sqlite"));
}

TEST_F(GeneratorTest, JsonlLinesAreRecordsExceptTheListedBadAndBlankLines) {
    ASSERT_EQ(gen("--records 4000 --seed 3 --bad-lines 9 --jsonl " + path("s.jsonl") + " --truth " + path("t.json")),
              0);
    const json truth = json::parse(slurp(path("t.json")));
    const auto ls = lines(path("s.jsonl"));
    ASSERT_EQ(ls.size(), truth["lines"].get<size_t>());
    const std::set<size_t> bad = truth["bad_lines"].get<std::set<size_t>>();
    const std::set<size_t> blank = truth["blank_lines"].get<std::set<size_t>>();
    EXPECT_EQ(bad.size(), 9u);
    EXPECT_EQ(blank.size(), 3u);
    std::set<std::string> ids;
    size_t records = 0, aliased = 0, withEndpoint = 0, base64 = 0, secondary = 0, jsonBodies = 0;
    for (size_t n = 1; n <= ls.size(); ++n) {
        const std::string& l = ls[n - 1];
        SCOPED_TRACE("line " + std::to_string(n));
        if (blank.count(n)) {
            EXPECT_TRUE(l.empty());
            continue;
        }
        EXPECT_FALSE(l.empty());
        const json rec = json::parse(l, nullptr, false);
        const json cand = rec.is_object() ? side(rec, {"candidate", "go_response"}) : json();
        if (bad.count(n)) {
            EXPECT_TRUE(rec.is_discarded() || !rec.is_object() || cand.is_null()) << l.substr(0, 200);
            continue;
        }
        ASSERT_FALSE(rec.is_discarded()) << l.substr(0, 200);
        ASSERT_TRUE(rec.is_object());
        ++records;
        ASSERT_TRUE(rec["id"].is_string());
        EXPECT_TRUE(ids.insert(rec["id"].get<std::string>()).second) << "duplicate id";
        ASSERT_TRUE(rec["ts"].is_string());
        EXPECT_EQ(rec["ts"].get<std::string>().substr(0, 11), "2026-11-20T");
        ASSERT_TRUE(rec["request"]["method"].is_string());
        ASSERT_TRUE(rec["request"]["url"].is_string());
        ASSERT_TRUE(rec["tags"]["tenant"].is_string());
        const json prim = side(rec, {"primary", "python_response"});
        ASSERT_TRUE(prim.is_object());
        ASSERT_TRUE(cand.is_object());
        EXPECT_TRUE(prim["status"].is_number_integer());
        EXPECT_TRUE(prim["latency_ms"].is_number());
        EXPECT_TRUE(cand["latency_ms"].is_number());
        EXPECT_TRUE(cand.contains("status") || cand.contains("error"));
        if (rec.contains("python_response")) ++aliased;
        if (rec.contains("endpoint")) ++withEndpoint;
        if (cand.contains("body_base64")) ++base64;
        if (rec.contains("secondary")) ++secondary;
        for (const json* r : {&prim, &cand}) {
            if (!hasContentType(*r, "application/json")) continue;
            ++jsonBodies;
            EXPECT_FALSE(json::parse(body(*r), nullptr, false).is_discarded()) << body(*r).substr(0, 200);
        }
    }
    EXPECT_EQ(records, truth["records"].get<size_t>());
    EXPECT_EQ(records, 4000u);
    // The shape the brief asks for: ~30 % aliases, ~20 % producer endpoints, some base64 and secondaries.
    EXPECT_GT(aliased, records / 5);
    EXPECT_LT(aliased, records * 2 / 5);
    EXPECT_GT(withEndpoint, records / 8);
    EXPECT_LT(withEndpoint, records * 3 / 10);
    EXPECT_GT(base64, records / 20);
    EXPECT_GT(secondary, records / 20);
    EXPECT_GT(jsonBodies, records);
}

TEST_F(GeneratorTest, SqliteSchemaUserVersionAndRows) {
    ASSERT_EQ(gen("--records 2000 --seed 5 --sqlite " + path("s.sqlite") + " --truth " + path("t.json")), 0);
    const json truth = json::parse(slurp(path("t.json")));
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(path("s.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    auto scalar = [&](const char* sql) {
        sqlite3_stmt* st = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sql;
        int64_t v = -1;
        if (st && sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return v;
    };
    EXPECT_EQ(scalar("PRAGMA user_version"), 1);
    const std::vector<std::string> expected = {"id",
                                               "ts",
                                               "endpoint",
                                               "req_method",
                                               "req_url",
                                               "req_headers",
                                               "req_body",
                                               "primary_status",
                                               "primary_headers",
                                               "primary_body",
                                               "primary_latency_ms",
                                               "primary_error",
                                               "candidate_status",
                                               "candidate_headers",
                                               "candidate_body",
                                               "candidate_latency_ms",
                                               "candidate_error",
                                               "secondary_status",
                                               "secondary_headers",
                                               "secondary_body",
                                               "secondary_latency_ms",
                                               "secondary_error",
                                               "primary_state",
                                               "candidate_state",
                                               "secondary_state",
                                               "tags",
                                               "weight"};
    std::vector<std::string> cols;
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT name, type, pk FROM pragma_table_info('comparisons')", -1, &st, nullptr),
              SQLITE_OK);
    std::map<std::string, std::string> types;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        cols.push_back(name);
        types[name] = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
        if (name == "id") {
            EXPECT_EQ(sqlite3_column_int(st, 2), 1);
        }
    }
    sqlite3_finalize(st);
    EXPECT_EQ(cols, expected);
    EXPECT_EQ(types["primary_body"], "BLOB");
    EXPECT_EQ(types["weight"], "REAL");
    EXPECT_EQ(scalar("SELECT count(*) FROM comparisons"), truth["records"].get<int64_t>());
    EXPECT_EQ(scalar("SELECT count(*) FROM comparisons WHERE typeof(primary_body) <> 'blob'"), 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM comparisons WHERE typeof(primary_headers) <> 'text'"), 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM comparisons WHERE json_valid(primary_headers) = 0 OR json_valid(tags) = 0"),
              0);
    EXPECT_EQ(
        scalar("SELECT count(*) FROM comparisons WHERE primary_state IS NOT NULL AND json_valid(primary_state) = 0"),
        0);
    EXPECT_EQ(scalar("SELECT count(*) FROM comparisons WHERE candidate_status IS NULL AND candidate_error IS NULL"), 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM comparisons WHERE weight IS NOT NULL"), 0);  // no sampling
    EXPECT_GT(scalar("SELECT count(*) FROM comparisons WHERE secondary_body IS NOT NULL"), 50);
    EXPECT_GT(scalar("SELECT count(*) FROM comparisons WHERE candidate_error = 'timeout'"), 0);
    sqlite3_close(db);
}

TEST_F(GeneratorTest, TruthCountsAddUpAndIdsMatchTheStore) {
    ASSERT_EQ(gen("--records 6000 --seed 11 --jsonl " + path("s.jsonl") + " --truth " + path("t.json")), 0);
    const json truth = json::parse(slurp(path("t.json")));
    std::map<std::string, json> byId;
    for (const auto& l : lines(path("s.jsonl"))) {
        json rec = json::parse(l);
        const std::string id = rec["id"].get<std::string>();
        byId[id] = std::move(rec);
    }
    const uint64_t records = truth["records"].get<uint64_t>();
    ASSERT_EQ(byId.size(), records);
    uint64_t sum =
        truth["matches"].get<uint64_t>() + truth["noise_count"].get<uint64_t>() + truth["drift_count"].get<uint64_t>();
    std::set<std::string> seen;
    ASSERT_GE(truth["causes"].size(), 10u);
    uint64_t largest = 0, smallest = UINT64_MAX;
    for (const auto& c : truth["causes"]) {
        SCOPED_TRACE(c["name"].get<std::string>());
        const uint64_t count = c["count"].get<uint64_t>();
        sum += count;
        largest = std::max(largest, count);
        smallest = std::min(smallest, count);
        ASSERT_EQ(c["ids"].size(), count);
        ASSERT_FALSE(c["differences"].empty());
        for (const auto& d : c["differences"]) EXPECT_TRUE(kKinds.count(d["kind"].get<std::string>()));
        const std::string endpoint = c["endpoint"].get<std::string>();
        // The literal part of the template ("/users/" of "GET /users/{id}") appears in every URL.
        const size_t space = endpoint.find(' '), brace = endpoint.find('{');
        const std::string path0 = endpoint.substr(space + 1, brace == std::string::npos ? brace : brace - space - 1);
        for (const auto& id : c["ids"]) {
            ASSERT_TRUE(seen.insert(id.get<std::string>()).second) << "id in two causes: " << id;
            ASSERT_TRUE(byId.count(id.get<std::string>())) << id;
            const json& rec = byId[id.get<std::string>()];
            EXPECT_EQ(rec["request"]["method"].get<std::string>(), endpoint.substr(0, endpoint.find(' ')));
            EXPECT_NE(rec["request"]["url"].get<std::string>().find(path0), std::string::npos);
            const json cand = side(rec, {"candidate", "go_response"});
            if (c["differences"][0]["kind"] == "candidate_error") {
                EXPECT_EQ(cand.value("error", ""), "timeout");
            }
            if (c.contains("status_pair")) {
                EXPECT_EQ(side(rec, {"primary", "python_response"})["status"], c["status_pair"][0]);
                EXPECT_EQ(cand["status"], c["status_pair"][1]);
            }
        }
    }
    EXPECT_EQ(sum, records);
    EXPECT_GE(largest, 5 * smallest) << "long-tailed cause distribution";
    EXPECT_GE(smallest, 3u);
    for (const auto& id : truth["noise_ids"]) {
        ASSERT_TRUE(seen.insert(id.get<std::string>()).second);
        EXPECT_TRUE(byId[id.get<std::string>()].contains("secondary")) << id;
    }
    for (const auto& id : truth["drift_ids"]) {
        ASSERT_TRUE(seen.insert(id.get<std::string>()).second);
        const json& rec = byId[id.get<std::string>()];
        const json p = side(rec, {"primary", "python_response"})["state"]["before"];
        const json c = side(rec, {"candidate", "go_response"})["state"]["before"];
        EXPECT_NE(p["row_version"], c["row_version"]) << id;
    }
    EXPECT_EQ(truth["noise_ids"].size(), truth["noise_count"].get<size_t>());
    EXPECT_EQ(truth["drift_ids"].size(), truth["drift_count"].get<size_t>());
    // Default mismatch rate 0.1: 5 % noise, 0.5 % drift, 4.5 % causes.
    EXPECT_EQ(truth["noise_count"].get<uint64_t>(), 300u);
    EXPECT_EQ(truth["drift_count"].get<uint64_t>(), 30u);
    EXPECT_EQ(truth["matches"].get<uint64_t>(), 5400u);
}

TEST_F(GeneratorTest, SampledMatchesCarryTheirWeight) {
    ASSERT_EQ(gen("--records 10000 --seed 2 --sample-matches 0.01 --jsonl " + path("s.jsonl") + " --sqlite " +
                  path("s.sqlite") + " --truth " + path("t.json")),
              0);
    const json truth = json::parse(slurp(path("t.json")));
    std::set<std::string> nonMatch;
    for (const auto& c : truth["causes"])
        for (const auto& id : c["ids"]) nonMatch.insert(id.get<std::string>());
    for (const auto& id : truth["noise_ids"]) nonMatch.insert(id.get<std::string>());
    for (const auto& id : truth["drift_ids"]) nonMatch.insert(id.get<std::string>());
    EXPECT_EQ(truth["matches"].get<uint64_t>(), 90u);  // exactly 1 % of the 9000 matches
    double weighted = 0;
    size_t n = 0;
    for (const auto& l : lines(path("s.jsonl"))) {
        const json rec = json::parse(l);
        const bool match = !nonMatch.count(rec["id"].get<std::string>());
        EXPECT_EQ(rec.value("weight", 1.0), match ? 100.0 : 1.0) << rec["id"];
        weighted += rec.value("weight", 1.0);
        ++n;
    }
    EXPECT_EQ(n, truth["records"].get<size_t>());
    EXPECT_DOUBLE_EQ(weighted, truth["weighted"].get<double>());
    EXPECT_DOUBLE_EQ(weighted, 10000.0);
}

TEST_F(GeneratorTest, LargeStoresKeepIdsOutOfTheTruth) {
    ASSERT_EQ(gen("--records 100001 --truth " + path("t.json")), 0);
    const json truth = json::parse(slurp(path("t.json")));
    EXPECT_EQ(truth["records"].get<uint64_t>(), 100001u);
    EXPECT_FALSE(truth.contains("noise_ids"));
    for (const auto& c : truth["causes"]) EXPECT_FALSE(c.contains("ids"));
    EXPECT_LT(slurp(path("t.json")).size(), 20000u);
}

TEST_F(GeneratorTest, RejectsBadArguments) {
    EXPECT_EQ(gen("--records 0 --jsonl " + path("x.jsonl")), 2);
    EXPECT_EQ(gen("--records ten --jsonl " + path("x.jsonl")), 2);
    EXPECT_EQ(gen("--records 10 --sample-matches 0 --jsonl " + path("x.jsonl")), 2);
    EXPECT_EQ(gen("--records 10 --mismatch-rate 1.5 --jsonl " + path("x.jsonl")), 2);
    EXPECT_EQ(gen("--records 10 --frobnicate 1"), 2);
    EXPECT_EQ(gen("--records 10"), 2);  // nothing to write
    EXPECT_NE(gen("--records 10 --jsonl " + path("no/such/dir/x.jsonl")), 0);
}
