// SPDX-License-Identifier: MIT
#pragma once
#include "core/compare/value_class.h"
// Internal part of the diff engine (compare.h): structural comparison of two parsed JSON values
// (simdjson DOM). Include only from core/*.cpp: simdjson is a private dependency of core.
//
// Semantics: object key order is irrelevant; with duplicate keys the LAST occurrence wins;
// numbers compare by value (int64/uint64 exactly, mixed with doubles as doubles) but a number is
// not a string; arrays are ordered. Recursion depth is bounded by the parser's max depth.
#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/compare/compare.h"

namespace dt {

class JsonComparer {
public:
    // Value equality, no allocation once the scratch buffers have grown.
    bool equal(simdjson::dom::element a, simdjson::dom::element b);

    // Appends the differences between `a` (primary) and `b` (candidate) to out.differences, and
    // what `policy` absorbs to out.absorbed. Paths are relative to the root ("").
    void diff(simdjson::dom::element a, simdjson::dom::element b, const DiffPolicy* policy, size_t previewBytes,
              CompareResult& out);

    // Canonical, order-independent-for-objects value hash: equal values have equal hashes.
    uint64_t hash(simdjson::dom::element e);

    // Element comparisons spent aligning arrays so far (structural bound for tests: near-linear in
    // the array sizes, whatever the values repeat).
    uint64_t work() const { return m_work; }

    // Minified JSON of `e`, stopping once more than `limit` bytes have been written.
    static void render(simdjson::dom::element e, std::string& out, size_t limit);

private:
    struct Member {
        std::string_view key;
        uint64_t tag;  // first 8 key bytes, big-endian: most comparisons stop here
        simdjson::dom::element value;
        uint32_t index;
    };
    // Lexicographic key order (tag first, then the rest of the bytes).
    static int keyCompare(const Member& x, const Member& y);
    using IndexPairs = std::vector<std::pair<uint32_t, uint32_t>>;

    size_t collectMembers(simdjson::dom::object o);
    bool equalObjects(simdjson::dom::object a, simdjson::dom::object b);
    // Reordered objects with few keys: linear search beats sorting.
    bool equalSmallObjects(simdjson::dom::object a, simdjson::dom::object b);
    static constexpr size_t kSmallObject = 32;
    static constexpr size_t kMaxHashClasses = 8;  // distinct values per array hash bucket (collisions)

    void diffValue(simdjson::dom::element a, simdjson::dom::element b);
    void diffNumbers(simdjson::dom::element a, simdjson::dom::element b);
    void diffStrings(simdjson::dom::element a, simdjson::dom::element b);
    void diffObjects(simdjson::dom::object a, simdjson::dom::object b);
    void diffArrays(simdjson::dom::element a, simdjson::dom::element b);
    struct RankingMeasures {
        double overlap = 0, kendall_tau = 0, rbo = 0;
    };
    RankingMeasures measureRanking(size_t base, size_t na, size_t nb, const std::string& key, int topK);
    void diffUnorderedMultiset(simdjson::dom::element a, simdjson::dom::element b, size_t base, size_t na, size_t nb,
                               const std::string& ruleId);
    void diffUnorderedKeyed(simdjson::dom::element a, simdjson::dom::element b, size_t base, size_t na, size_t nb,
                            const std::string& key, const std::string& ruleId);
    void diffPairs(size_t base, size_t na, const IndexPairs& pairs);

    // Multiset matching of m_elems[offA, offA+na) against m_elems[offB, offB+nb): fills
    // matchA[i] = j or -1 and usedB[j]. Returns the number of matched pairs.
    size_t matchMultiset(size_t offA, size_t na, size_t offB, size_t nb, std::vector<int64_t>& matchA,
                         std::vector<char>& usedB);
    // Pairs elements of arrays of different lengths: LCS over canonical hashes (dtl), then the
    // leftover elements in order. Returns only the pairs of leftovers (aligned pairs are equal).
    IndexPairs alignArrays(size_t base, size_t na, size_t nb);

    void pushKey(std::string_view key);
    void pushIndex(size_t index);
    void popTo(size_t pathSize, size_t genSize);

    std::string preview(simdjson::dom::element e) const;
    void emit(DiffKind kind, ClassResult cls, std::string primary, std::string candidate,
              const std::string* ruleId = nullptr);
    ClassResult typeChangeClass(simdjson::dom::element a, simdjson::dom::element b);
    static ClassResult presenceClass(simdjson::dom::element v, bool missing);

    std::vector<Member> m_members;                // stack of sorted member lists (objects being compared)
    std::vector<simdjson::dom::element> m_elems;  // stack of array element lists
    std::string m_path;
    std::string m_gen;
    std::string m_s1, m_s2;  // normalization scratch
    const DiffPolicy* m_policy = nullptr;
    size_t m_previewBytes = 120;
    CompareResult* m_out = nullptr;
    uint64_t m_work = 0;
};

}  // namespace dt
