// SPDX-License-Identifier: MIT
// Split a group by a field value or tag (core/triage/split_breakdown.h): value -> records with
// count and weight, "(none)" for records without the tag, deterministic order (count desc, value
// asc), the fields offered, and the filter respected.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "core/analysis/analysis.h"
#include "core/store/store_writer.h"
#include "core/triage/split_breakdown.h"

namespace fs = std::filesystem;
using namespace dt;

namespace {

Record tagged(int n, FlatObject tags, double weight = 1) {
    Record r;
    r.id = "r" + std::to_string(n);
    r.ts = "2026-11-20T10:00:00.000Z";
    r.endpoint = "GET /users/{id}";
    r.request = {"GET", "/users/" + std::to_string(n), {}, ""};
    r.primary.present = r.candidate.present = true;
    r.primary.status = r.candidate.status = 200;
    r.primary.body = R"({"name":"Alice"})";
    r.candidate.body = R"({"name":"alice"})";  // one group: /name case_only
    r.tags = std::move(tags);
    r.weight = weight;
    return r;
}

std::unique_ptr<Analysis> analyzeTagged() {
    const fs::path dir = fs::temp_directory_path() / ("dt-split-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string path = (dir / "split.jsonl").string();
    std::string error;
    auto w = StoreWriter::create(path, &error);
    EXPECT_TRUE(w) << error;
    int n = 0;
    // globex 2 (weights 1 + 100), acme 2, zeta 1, no tenant 2 (one has only a region)
    for (auto tags : std::vector<FlatObject>{{{"tenant", "globex"}, {"region", "eu"}},
                                             {{"tenant", "acme"}, {"region", "us"}},
                                             {{"region", "eu"}},
                                             {{"tenant", "globex"}},
                                             {{"tenant", "zeta"}},
                                             {},
                                             {{"tenant", "acme"}}}) {
        const double weight = n == 3 ? 100 : 1;
        EXPECT_TRUE(w->append(tagged(n++, tags, weight), &error)) << error;
    }
    EXPECT_TRUE(w->commit(&error)) << error;
    AnalyzeOptions o;
    o.threads = 1;
    auto a = Analysis::analyze(path, o, &error);
    EXPECT_TRUE(a) << error;
    return a;
}

struct Row {
    std::string label;
    uint64_t count;
    double weighted;
    bool operator==(const Row&) const = default;
};

std::vector<Row> rows(const std::vector<SplitValue>& values) {
    std::vector<Row> out;
    for (const SplitValue& v : values) out.push_back({splitValueLabel(v), v.count, v.weighted});
    return out;
}

}  // namespace

TEST(SplitBreakdown, ByTagByEndpointAndFiltered) {
    auto a = analyzeTagged();
    ASSERT_TRUE(a);
    ASSERT_EQ(a->groups().size(), 1u);
    const Group& g = a->groups()[0];
    ASSERT_EQ(g.count, 7u);
    struct Case {
        const char* field;
        std::vector<Row> expected;
    };
    const std::vector<Case> cases = {
        // count desc, then value asc; "(none)" after the values of its count
        {"tenant", {{"acme", 2, 2}, {"globex", 2, 101}, {"(none)", 2, 2}, {"zeta", 1, 1}}},
        {"region", {{"(none)", 4, 103}, {"eu", 2, 2}, {"us", 1, 1}}},
        {"endpoint", {{"GET /users/{id}", 7, 106}}},
        {"color", {{"(none)", 7, 106}}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.field);
        const auto values = splitBreakdown(*a, g.members, c.field);
        EXPECT_EQ(rows(values), c.expected);
        uint64_t total = 0;
        for (const SplitValue& v : values) {
            total += v.records.size();
            EXPECT_EQ(v.records.size(), v.count);
            EXPECT_TRUE(std::is_sorted(v.records.begin(), v.records.end()));
        }
        EXPECT_EQ(total, g.count);
    }
    // The records of one value are exactly those carrying it.
    const auto tenants = splitBreakdown(*a, g.members, "tenant");
    ASSERT_EQ(tenants[1].value, "globex");
    for (uint32_t r : tenants[1].records) {
        const FlatObject& tags = a->tagSet(a->recordTags(r));
        EXPECT_TRUE(std::find(tags.begin(), tags.end(), std::make_pair(std::string("tenant"), std::string("globex"))) !=
                    tags.end());
    }
    // A record filter leaves records out (r0 and r1 rejected).
    std::vector<uint8_t> pass(a->records().size(), 1);
    pass[*a->findRecord("r0")] = 0;
    pass[*a->findRecord("r1")] = 0;
    EXPECT_EQ(rows(splitBreakdown(*a, g.members, "tenant", &pass)),
              (std::vector<Row>{{"(none)", 2, 2}, {"acme", 1, 1}, {"globex", 1, 100}, {"zeta", 1, 1}}));
    // Fields offered: endpoint, then the tag keys present, sorted.
    EXPECT_EQ(splitFields(*a, g.members), (std::vector<std::string>{"endpoint", "region", "tenant"}));
}
