// SPDX-License-Identifier: MIT
#pragma once
// Internal helpers of the diff engine for non-JSON bodies: UTF-8 checks, line splitting,
// text normalization (TextNormalization rules), previews and the first differing line pair.
#include <dtl/dtl.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/compare/diff_policy.h"

namespace dt {

// Strips a leading UTF-8 byte order mark.
std::string_view stripUtf8Bom(std::string_view s);

// True when `s` is valid UTF-8 and contains no NUL byte.
bool isUtf8Text(std::string_view s);

// Splits on '\n'; a trailing '\r' is removed from each line; a final newline does not start an
// extra empty line. "" -> {}.
std::vector<std::string_view> splitLines(std::string_view s);

// Cuts `s` to at most `maxBytes` bytes (on a UTF-8 character boundary) and appends "…" when cut.
std::string truncatePreview(std::string_view s, size_t maxBytes);

// Applies a text normalization:
//   trim                 leading/trailing whitespace of every line, and blank lines at both ends;
//   collapse_whitespace  runs of spaces/tabs/CR inside a line become one space;
//   case_fold            ASCII letters are lowercased (other bytes unchanged).
std::string normalizeText(std::string_view s, const TextNormalization& rule);

// Appends `s` as a JSON string literal: quotes, backslash and control characters escaped,
// other bytes (UTF-8) kept as they are.
void appendJsonString(std::string& out, std::string_view s);

// Line diff (dtl) of two texts. Returns false when the line sequences are equal; otherwise sets
// the first removed line of `a` and the first added line of `b` ("" when that side has none).
bool firstDifferingLines(std::string_view a, std::string_view b, std::string& lineA, std::string& lineB);

// Edit script of two sequences (left = a, right = b; indices into them).
enum class EditOp : uint8_t { Common, Delete, Add };
struct EditStep {
    EditOp op;
    uint32_t left;   // valid for Common and Delete
    uint32_t right;  // valid for Common and Add
};

// Shortest edit script: the common prefix and suffix are matched directly, dtl (O(NP)) runs on the
// middle. When the middle is big and provably far apart (lower bound of the edit distance from the
// multiset intersection) so that dtl would cost more than `budget` steps, the middle becomes one
// block of deletions followed by additions instead (bounded time on hostile input).
template <typename T>
std::vector<EditStep> diffSequences(const std::vector<T>& a, const std::vector<T>& b, double budget = 5e7) {
    std::vector<EditStep> steps;
    size_t pre = 0;
    while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
    size_t suf = 0;
    while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
    steps.reserve(std::max(a.size(), b.size()) + 8);
    for (size_t i = 0; i < pre; ++i) steps.push_back({EditOp::Common, uint32_t(i), uint32_t(i)});
    const size_t ma = a.size() - pre - suf, mb = b.size() - pre - suf;
    bool block = ma == 0 || mb == 0;
    std::vector<T> sa(a.begin() + pre, a.begin() + pre + ma), sb(b.begin() + pre, b.begin() + pre + mb);
    if (!block && double(ma) * double(mb) > budget) {
        std::vector<T> xa = sa, xb = sb;
        std::sort(xa.begin(), xa.end());
        std::sort(xb.begin(), xb.end());
        size_t common = 0;
        for (size_t i = 0, j = 0; i < xa.size() && j < xb.size();) {
            if (xa[i] < xb[j])
                ++i;
            else if (xb[j] < xa[i])
                ++j;
            else
                ++common, ++i, ++j;
        }
        const double dLow = double(ma + mb - 2 * common);
        const double delta = ma > mb ? double(ma - mb) : double(mb - ma);
        block = double(ma + mb) * ((dLow - delta) / 2 + 1) > budget;
    }
    if (block) {
        for (size_t i = 0; i < ma; ++i) steps.push_back({EditOp::Delete, uint32_t(pre + i), 0});
        for (size_t j = 0; j < mb; ++j) steps.push_back({EditOp::Add, 0, uint32_t(pre + j)});
    } else {
        dtl::Diff<T, std::vector<T>> d(sa, sb, true);  // deletions before additions
        d.compose();
        for (const auto& [elem, info] : d.getSes().getSequence()) {
            (void)elem;
            const auto l = uint32_t(pre + info.beforeIdx - 1), r = uint32_t(pre + info.afterIdx - 1);
            if (info.type == dtl::SES_COMMON)
                steps.push_back({EditOp::Common, l, r});
            else if (info.type == dtl::SES_DELETE)
                steps.push_back({EditOp::Delete, l, 0});
            else
                steps.push_back({EditOp::Add, 0, r});
        }
    }
    for (size_t k = 0; k < suf; ++k)
        steps.push_back({EditOp::Common, uint32_t(a.size() - suf + k), uint32_t(b.size() - suf + k)});
    return steps;
}

}  // namespace dt
