// SPDX-License-Identifier: MIT
// Document order of JSON Pointers and of a record's differences (what F7 walks in the GUI).
#include <gtest/gtest.h>

#include "core/compare/difference.h"

namespace dt {
namespace {

struct PointerCase {
    const char* a;
    const char* b;
    int expected;  // sign of comparePointers(a, b)
};

class ComparePointers : public ::testing::TestWithParam<PointerCase> {};

int sign(int v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

TEST_P(ComparePointers, OrdersTokenByToken) {
    const PointerCase& c = GetParam();
    EXPECT_EQ(sign(comparePointers(c.a, c.b)), c.expected) << c.a << " vs " << c.b;
    EXPECT_EQ(sign(comparePointers(c.b, c.a)), -c.expected) << "antisymmetric: " << c.b << " vs " << c.a;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ComparePointers,
    ::testing::Values(PointerCase{"/items/2", "/items/10", -1}, PointerCase{"/items/10", "/items/9", 1},
                      PointerCase{"/items/2/name", "/items/10", -1}, PointerCase{"/a", "/a/b", -1},
                      PointerCase{"", "/a", -1}, PointerCase{"/a", "/a", 0}, PointerCase{"/ab", "/a/b", 1},
                      PointerCase{"/b", "/a/z", 1}, PointerCase{"/1", "/a", -1},  // digits sort before letters bytewise
                      PointerCase{"/x/007", "/x/8", -1}, PointerCase{"/x/1", "/x/01", -1},
                      PointerCase{"/a~1b", "/a~0b", -1},  // unescaped "a/b" < "a~b"
                      PointerCase{"/a/", "/a", 1}, PointerCase{"/99999999999999999999999", "/100", 1}));

Difference diff(DiffKind kind, std::string path) {
    Difference d;
    d.kind = kind;
    d.path = std::move(path);
    return d;
}

TEST(DocumentOrder, StatusHeadersThenBodyInDocumentOrder) {
    std::vector<Difference> ds = {diff(DiffKind::Changed, "/items/10/price"), diff(DiffKind::Header, "x-b"),
                                  diff(DiffKind::Missing, "/items/2"),        diff(DiffKind::Status, ""),
                                  diff(DiffKind::Header, "content-type"),     diff(DiffKind::Changed, "/id"),
                                  diff(DiffKind::Extra, "/items/2/tags/11"),  diff(DiffKind::CandidateError, "")};
    sortDocumentOrder(ds);
    std::vector<std::string> got;
    for (const Difference& d : ds) got.push_back(std::string(kindName(d.kind)) + ":" + d.path);
    const std::vector<std::string> want = {
        "status:",     "candidate_error:", "header:content-type",    "header:x-b",
        "changed:/id", "missing:/items/2", "extra:/items/2/tags/11", "changed:/items/10/price"};
    EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace dt
