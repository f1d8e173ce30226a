// SPDX-License-Identifier: MIT
// SegmentedVector (core/util/segmented_vector.h): random access over segments, and copies that
// share segments until one of them writes (copy on write) — what keeps a follow refresh from
// copying a million-record index.
#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>
#include <utility>

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
    for (int i = 0; i < 20; ++i)
        if (i != 9) EXPECT_EQ(a[i], b[i]) << i;
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

}  // namespace
}  // namespace dt
