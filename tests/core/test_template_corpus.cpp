// SPDX-License-Identifier: MIT
// TemplateCorpus (core/analysis/template_corpus.h): the layered corpus a follow refresh extends
// without copying — lookups see every layer, copies share sealed layers and never see each other's
// additions, and merging piled-up layers keeps every index.
#include <gtest/gtest.h>

#include <string>

#include "core/analysis/template_corpus.h"

namespace dt {
namespace {

std::string pre(int i) { return "GET /products/item-" + std::to_string(i); }

TEST(TemplateCorpus, LookupsSeeEveryLayer) {
    TemplateCorpus c;
    EXPECT_EQ(c.addLearn(pre(0)), 0u);
    EXPECT_EQ(c.addLearn(pre(1)), 1u);
    c.setEndpoint(pre(0), 7);
    c.freeze();
    EXPECT_EQ(c.addLearn(pre(2)), 2u);
    c.setEndpoint(pre(2), 8);
    EXPECT_EQ(c.learnSize(), 3u);
    EXPECT_EQ(c.endpointCount(), 2u);
    EXPECT_EQ(c.learnIndex(pre(1)), 1u);
    EXPECT_EQ(c.learnIndex(pre(2)), 2u);
    EXPECT_FALSE(c.learnIndex(pre(3)));
    EXPECT_EQ(c.endpoint(pre(0)), 7u);
    EXPECT_EQ(c.endpoint(pre(2)), 8u);
    EXPECT_FALSE(c.endpoint(pre(1)));
    const auto strings = c.learnStrings();
    ASSERT_EQ(strings.size(), 3u);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(strings[i], pre(i));
    int seen = 0;
    c.forEachEndpoint([&](std::string_view p, uint32_t e) {
        ++seen;
        EXPECT_EQ(e, p == pre(0) ? 7u : 8u);
    });
    EXPECT_EQ(seen, 2);
}

TEST(TemplateCorpus, CopiesShareSealedLayersAndKeepTheirOwnAdditions) {
    TemplateCorpus base;
    for (int i = 0; i < 100; ++i) {
        base.addLearn(pre(i));
        base.setEndpoint(pre(i), uint32_t(i % 3));
    }
    base.freeze();
    TemplateCorpus refresh = base;  // a follow refresh
    refresh.addLearn(pre(100));
    refresh.setEndpoint(pre(100), 2);
    refresh.freeze();
    EXPECT_EQ(refresh.layers(), 2u);
    EXPECT_EQ(base.layers(), 1u);
    EXPECT_EQ(refresh.learnIndex(pre(100)), 100u);
    EXPECT_FALSE(base.learnIndex(pre(100)));
    EXPECT_FALSE(base.endpoint(pre(100)));
    EXPECT_EQ(base.learnSize(), 100u);
    EXPECT_EQ(refresh.learnSize(), 101u);
    EXPECT_EQ(refresh.endpoint(pre(42)), 0u);
}

TEST(TemplateCorpus, PiledUpLayersMergeKeepingEveryIndex) {
    TemplateCorpus c;
    int n = 0;
    for (size_t layer = 0; layer < TemplateCorpus::kMaxLayers + 3; ++layer) {
        for (int k = 0; k < 5; ++k, ++n) {
            EXPECT_EQ(c.addLearn(pre(n)), size_t(n));
            if (n % 2 == 0) c.setEndpoint(pre(n), uint32_t(n));
        }
        c.freeze();
        EXPECT_LE(c.layers(), TemplateCorpus::kMaxLayers);
    }
    EXPECT_EQ(c.learnSize(), size_t(n));
    const auto strings = c.learnStrings();
    for (int i = 0; i < n; ++i) {
        EXPECT_EQ(c.learnIndex(pre(i)), size_t(i));
        EXPECT_EQ(strings[size_t(i)], pre(i));
        if (i % 2 == 0) {
            EXPECT_EQ(c.endpoint(pre(i)), uint32_t(i));
        } else {
            EXPECT_FALSE(c.endpoint(pre(i)));
        }
    }
    EXPECT_EQ(c.endpointCount(), size_t((n + 1) / 2));
}

}  // namespace
}  // namespace dt
