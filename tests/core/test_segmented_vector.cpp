// SPDX-License-Identifier: MIT
// SegmentedVector (core/util/segmented_vector.h) and IdArena (core/util/id_arena.h): random access
// over segments / blocks, and copies that share them until one of them writes (copy on write) —
// what keeps a follow refresh from copying a million-record index and its ids.
#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/util/id_arena.h"
#include "core/util/segmented_vector.h"

namespace dt {
namespace {

using Small = SegmentedVector<int, 3>;  // segments of 8

Small filled(int n) {
    Small v;
    for (int i = 0; i < n; ++i) v.push_back(i);
    return v;
}

TEST(SegmentedVector, RandomAccessAcrossSegments) {
    const Small v = filled(20);
    ASSERT_EQ(v.size(), 20u);
    EXPECT_EQ(v.segmentCount(), 3u);
    for (int i = 0; i < 20; ++i) EXPECT_EQ(v[i], i);
    EXPECT_EQ(std::accumulate(v.begin(), v.end(), 0), 190);
    EXPECT_THROW((void)v.at(20), std::out_of_range);
}

TEST(SegmentedVector, CopiesShareSegmentsUntilWritten) {
    Small a = filled(20);
    const Small b = a;  // shares all three segments
    for (size_t k = 0; k < a.segmentCount(); ++k) EXPECT_EQ(std::as_const(a).segmentData(k), b.segmentData(k)) << k;

    a[9] = 100;  // segment 1 is cloned, the others stay shared
    EXPECT_EQ(a[9], 100);
    EXPECT_EQ(b[9], 9);
    EXPECT_EQ(std::as_const(a).segmentData(0), b.segmentData(0));
    EXPECT_NE(std::as_const(a).segmentData(1), b.segmentData(1));
    EXPECT_EQ(std::as_const(a).segmentData(2), b.segmentData(2));
    for (int i = 0; i < 20; ++i) {
        if (i != 9) {
            EXPECT_EQ(a[i], b[i]) << i;
        }
    }
}

TEST(SegmentedVector, AppendingToACopyClonesOnlyTheLastSegment) {
    const Small original = filled(20);  // the last segment holds 4 of 8
    Small grown = original;
    for (int i = 20; i < 30; ++i) grown.push_back(i);
    EXPECT_EQ(original.size(), 20u);
    EXPECT_EQ(grown.size(), 30u);
    EXPECT_EQ(grown.segmentCount(), 4u);
    EXPECT_EQ(std::as_const(grown).segmentData(0), original.segmentData(0));
    EXPECT_EQ(std::as_const(grown).segmentData(1), original.segmentData(1));
    EXPECT_NE(std::as_const(grown).segmentData(2), original.segmentData(2));
    for (int i = 0; i < 30; ++i) EXPECT_EQ(std::as_const(grown)[i], i);
    for (int i = 0; i < 20; ++i) EXPECT_EQ(original[i], i);
}

TEST(SegmentedVector, WritingAfterTheOtherCopyIsGoneDoesNotClone) {
    Small a = filled(8);
    const int* before = nullptr;
    {
        const Small b = a;
        before = b.segmentData(0);
    }
    a[3] = 42;  // no one else holds the segment any more
    EXPECT_EQ(std::as_const(a).segmentData(0), before);
    EXPECT_EQ(a[3], 42);
}

TEST(SegmentedVector, ReadingThroughConstAccessNeverClones) {
    const Small a = filled(16);
    Small b = a;
    long sum = 0;
    for (size_t i = 0; i < std::as_const(b).size(); ++i) sum += std::as_const(b)[i];
    EXPECT_EQ(sum, 120);
    EXPECT_EQ(std::as_const(b).segmentData(0), a.segmentData(0));
    EXPECT_EQ(std::as_const(b).segmentData(1), a.segmentData(1));
}

TEST(IdArena, IdsComeBackAcrossBlocksAndNeverStraddle) {
    IdArena ids;
    std::vector<std::pair<uint32_t, std::string>> kept;
    for (int i = 0; i < 200000; ++i) {  // ~2.4 MB: several blocks
        std::string id = "rec-" + std::to_string(i * 7919);
        kept.emplace_back(ids.append(id), std::move(id));
    }
    EXPECT_GE(ids.blocks(), 2u);
    for (const auto& [offset, id] : kept) ASSERT_EQ(ids.at(offset), id) << offset;
    const std::string huge(IdArena::kBlock + 10, 'x');  // longer than a block: a block of its own
    const uint32_t h = ids.append(huge);
    const uint32_t after = ids.append("after");
    EXPECT_EQ(ids.at(h), huge);
    EXPECT_EQ(ids.at(after), "after");
    EXPECT_EQ(ids.at(kept.front().first), kept.front().second);
    EXPECT_EQ(ids.at(kept.back().first), kept.back().second);
    EXPECT_EQ(ids.at(ids.append("")), "");
}

TEST(IdArena, CopiesShareBlocksAndAppendingClonesOnlyTheLast) {
    IdArena a;
    std::vector<uint32_t> offsets;
    for (int i = 0; i < 150000; ++i) offsets.push_back(a.append("id-" + std::to_string(i)));
    ASSERT_GE(a.blocks(), 2u);
    IdArena b = a;
    const uint32_t added = b.append("only-in-b");
    EXPECT_EQ(b.at(added), "only-in-b");
    EXPECT_EQ(a.blocks(), b.blocks());
    for (size_t k = 0; k + 1 < a.blocks(); ++k) EXPECT_EQ(a.blockData(k), b.blockData(k)) << k;
    EXPECT_NE(a.blockData(a.blocks() - 1), b.blockData(b.blocks() - 1));
    for (int i = 0; i < 150000; i += 997) {
        EXPECT_EQ(a.at(offsets[size_t(i)]), "id-" + std::to_string(i));
        EXPECT_EQ(b.at(offsets[size_t(i)]), "id-" + std::to_string(i));
    }
    const uint32_t inA = a.append("only-in-a");  // the same offset, another id: they are apart
    EXPECT_EQ(inA, added);
    EXPECT_EQ(a.at(inA), "only-in-a");
    EXPECT_EQ(b.at(added), "only-in-b");
}

}  // namespace
}  // namespace dt
