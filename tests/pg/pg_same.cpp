// SPDX-License-Identifier: MIT
// Assertions shared by the pg tests (pg_same.h).
#include "tests/pg/pg_same.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace dt::pgtest {

void expectSameGroups(const Analysis& got, const Analysis& want, bool members) {
    EXPECT_EQ(got.outcomeCounts(), want.outcomeCounts());
    EXPECT_NEAR(got.matchRate(), want.matchRate(), 1e-6);
    ASSERT_EQ(got.groups().size(), want.groups().size());
    for (size_t i = 0; i < want.groups().size(); ++i) {
        const Group& w = want.groups()[i];
        const Group& g = got.groups()[i];
        ASSERT_EQ(g.signature, w.signature) << "group " << i;
        EXPECT_EQ(g.count, w.count) << w.signature;
        EXPECT_NEAR(g.weighted, w.weighted, 1e-6 * w.weighted) << w.signature;
        EXPECT_EQ(g.outcome, w.outcome) << w.signature;
        EXPECT_EQ(got.endpoint(g.endpoint), want.endpoint(w.endpoint)) << w.signature;
        EXPECT_EQ(g.first_ts, w.first_ts) << w.signature;
        EXPECT_EQ(g.last_ts, w.last_ts) << w.signature;
        EXPECT_EQ(g.status_pair, w.status_pair) << w.signature;
        // As sets: shards of an index may list a group's paths in another order than this scan.
        auto gotKeys = got.keys(g.differences), wantKeys = want.keys(w.differences);
        std::sort(gotKeys.begin(), gotKeys.end());
        std::sort(wantKeys.begin(), wantKeys.end());
        EXPECT_EQ(gotKeys, wantKeys) << w.signature;
        if (!members) {
            EXPECT_TRUE(g.members.empty());
            continue;
        }
        ASSERT_EQ(g.members.size(), w.members.size()) << w.signature;
        for (size_t m = 0; m < w.members.size(); ++m)
            EXPECT_EQ(got.id(got.records()[g.members[m]]), want.id(want.records()[w.members[m]])) << w.signature;
    }
}

}  // namespace dt::pgtest
