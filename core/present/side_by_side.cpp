// SPDX-License-Identifier: MIT
// Side-by-side presentation (contract: core/side_by_side.h): aligned rows KDiff3 style, intra-line
// highlights and a readable unified text diff. canonicalJson() and jsonPatch() live in
// json_canonical.cpp.
//
// Alignment: a line diff (dtl) of the two texts; equal lines become Same rows; within each run of
// removed and added lines between two equal lines, removed[i] and added[i] pair into Changed rows
// and the leftovers become Removed (right side padded) or Added (left side padded) rows.
// Intra-line ranges come from a diff over UTF-8 code points of each Changed pair; lines longer
// than kMaxIntraLineBytes are highlighted whole.
#include "core/present/side_by_side.h"

#include <algorithm>

#include "core/util/text.h"

#include "core/compare/compare.h"
#include "core/compare/difference.h"
#include "core/compare/text_compare.h"
#include "core/util/sha256.h"

namespace dt {

namespace {

constexpr size_t kMaxIntraLineBytes = 4000;
constexpr double kIntraLineBudget = 1e6;       // dtl steps per line pair
constexpr size_t kIntraLineTotal = 4'000'000;  // code points diffed per side-by-side

using Lines = std::vector<std::string_view>;

// Decodes UTF-8 into code points with their byte offsets; an invalid byte is one unit, kept
// distinct from every code point.
void decodeCodepoints(std::string_view s, std::vector<uint32_t>& cps, std::vector<uint32_t>& offsets) {
    cps.clear();
    offsets.clear();
    size_t i = 0;
    while (i < s.size()) {
        const Utf8Step step = decodeUtf8(s, i);
        cps.push_back(step.valid ? step.codepoint : 0x80000000u | static_cast<unsigned char>(s[i]));
        offsets.push_back(static_cast<uint32_t>(i));
        i += step.valid ? step.length : 1;
    }
    offsets.push_back(static_cast<uint32_t>(s.size()));
}

void addRange(std::vector<Range>& ranges, uint32_t start, uint32_t length) {
    if (length == 0) return;
    if (!ranges.empty() && ranges.back().start + ranges.back().length == start)
        ranges.back().length += length;
    else
        ranges.push_back({start, length});
}

// Intra-line ranges of a Changed row. `budget` is the number of code points that may still be
// diffed in this side-by-side; past it (or for long lines) lines are highlighted whole.
void intraLine(AlignedRow& row, size_t& budget) {
    auto whole = [&] {
        addRange(row.left_changes, 0, static_cast<uint32_t>(row.left.size()));
        addRange(row.right_changes, 0, static_cast<uint32_t>(row.right.size()));
    };
    if (row.left.size() > kMaxIntraLineBytes || row.right.size() > kMaxIntraLineBytes ||
        row.left.size() + row.right.size() > budget) {
        whole();
        return;
    }
    std::vector<uint32_t> ca, oa, cb, ob;
    decodeCodepoints(row.left, ca, oa);
    decodeCodepoints(row.right, cb, ob);
    budget -= ca.size() + cb.size();
    for (const EditStep& s : diffSequences(ca, cb, kIntraLineBudget)) {
        if (s.op == EditOp::Delete)
            addRange(row.left_changes, oa[s.left], oa[s.left + 1] - oa[s.left]);
        else if (s.op == EditOp::Add)
            addRange(row.right_changes, ob[s.right], ob[s.right + 1] - ob[s.right]);
    }
}

std::string binaryNote(std::string_view a, std::string_view b) {
    std::string note = "binary bodies: " + binarySummary(a) + " vs " + binarySummary(b);
    if (a == b) note += " (identical)";
    return note;
}

// Text shown for one side: canonical JSON (with line pointers) when asked and possible, else raw.
struct SideText {
    std::string text;
    std::vector<std::string> pointers;
    bool canonical = false;
};

SideText sideText(std::string_view body, bool json, bool normalized) {
    SideText s;
    if (normalized && json) {
        if (auto c = canonicalJson(body, &s.pointers)) {
            s.text = std::move(*c);
            s.canonical = true;
            return s;
        }
        s.pointers.clear();
    }
    s.text.assign(body);
    return s;
}

}  // namespace

SideBySide buildSideBySide(std::string_view primaryBody, std::string_view candidateBody, bool normalized) {
    SideBySide sbs;
    const BodyKind kp = classifyBody(primaryBody);
    const BodyKind kc = classifyBody(candidateBody);
    sbs.left_json = kp == BodyKind::Json;
    sbs.right_json = kc == BodyKind::Json;
    if (kp == BodyKind::Binary || kc == BodyKind::Binary) {
        sbs.note = binaryNote(primaryBody, candidateBody);
        return sbs;
    }
    const SideText left = sideText(primaryBody, sbs.left_json, normalized);
    const SideText right = sideText(candidateBody, sbs.right_json, normalized);
    const Lines la = splitLines(left.text), lb = splitLines(right.text);
    auto pointerOf = [](const SideText& s, uint32_t line) -> std::string {
        return s.canonical && line < s.pointers.size() ? s.pointers[line] : std::string();
    };

    std::vector<uint32_t> removed, added;
    size_t intraBudget = kIntraLineTotal;
    auto flush = [&] {
        const size_t paired = std::min(removed.size(), added.size());
        for (size_t k = 0; k < std::max(removed.size(), added.size()); ++k) {
            AlignedRow row;
            if (k < removed.size()) {
                row.left_line = removed[k];
                row.left.assign(la[removed[k]]);
                row.pointer = pointerOf(left, removed[k]);
            }
            if (k < added.size()) {
                row.right_line = added[k];
                row.right.assign(lb[added[k]]);
                if (k >= removed.size()) row.pointer = pointerOf(right, added[k]);
            }
            if (k < paired) {
                row.state = RowState::Changed;
                intraLine(row, intraBudget);
            } else {
                row.state = k < removed.size() ? RowState::Removed : RowState::Added;
            }
            sbs.rows.push_back(std::move(row));
        }
        removed.clear();
        added.clear();
    };
    for (const EditStep& s : diffSequences(la, lb)) {
        if (s.op == EditOp::Delete) {
            removed.push_back(s.left);
        } else if (s.op == EditOp::Add) {
            added.push_back(s.right);
        } else {
            flush();
            AlignedRow row;
            row.left_line = s.left;
            row.right_line = s.right;
            row.left.assign(la[s.left]);
            row.right.assign(lb[s.right]);
            row.pointer = pointerOf(left, s.left);
            sbs.rows.push_back(std::move(row));
        }
    }
    flush();
    return sbs;
}

int rowForPointer(const SideBySide& sbs, std::string_view pointer) {
    for (size_t i = 0; i < sbs.rows.size(); ++i) {
        if (pointerAtOrBelow(sbs.rows[i].pointer, pointer)) return static_cast<int>(i);
    }
    return -1;
}

std::string textDiff(std::string_view a, std::string_view b) {
    const BodyKind ka = classifyBody(a), kb = classifyBody(b);
    if (ka == BodyKind::Binary || kb == BodyKind::Binary) {
        if (a == b) return {};
        return "--- primary\n+++ candidate\nBinary bodies differ: " + binarySummary(a) + " vs " + binarySummary(b) +
               "\n";
    }
    const bool json = ka == BodyKind::Json && kb == BodyKind::Json;
    const SideText left = sideText(a, json, true), right = sideText(b, json, true);
    const Lines la = splitLines(left.text), lb = splitLines(right.text);
    if (la == lb) return {};
    const std::vector<EditStep> steps = diffSequences(la, lb);
    // Unified format, 3 lines of context; hunks closer than 2 * context are merged.
    constexpr size_t kContext = 3;
    auto isChange = [&](size_t k) { return steps[k].op != EditOp::Common; };
    std::string out = "--- primary\n+++ candidate\n";
    size_t leftLine = 0, rightLine = 0;  // lines consumed before step `k`
    size_t k = 0;
    const size_t n = steps.size();
    while (true) {
        size_t c = k;
        while (c < n && !isChange(c)) ++c;
        if (c == n) break;
        const size_t start = std::max(k, c >= kContext ? c - kContext : size_t(0));
        size_t last = c;
        for (size_t j = c; j < n; ++j) {
            if (isChange(j))
                last = j;
            else if (j - last > 2 * kContext)
                break;
        }
        const size_t end = std::min(n, last + 1 + kContext);
        // Lines consumed between k and start.
        for (size_t j = k; j < start; ++j) {
            leftLine += steps[j].op != EditOp::Add;
            rightLine += steps[j].op != EditOp::Delete;
        }
        size_t leftCount = 0, rightCount = 0;
        for (size_t j = start; j < end; ++j) {
            leftCount += steps[j].op != EditOp::Add;
            rightCount += steps[j].op != EditOp::Delete;
        }
        out += "@@ -" + std::to_string(leftCount ? leftLine + 1 : leftLine) + "," + std::to_string(leftCount) + " +" +
               std::to_string(rightCount ? rightLine + 1 : rightLine) + "," + std::to_string(rightCount) + " @@\n";
        for (size_t j = start; j < end; ++j) {
            const EditStep& s = steps[j];
            if (s.op == EditOp::Common)
                out += ' ', out += la[s.left];
            else if (s.op == EditOp::Delete)
                out += '-', out += la[s.left];
            else
                out += '+', out += lb[s.right];
            out += '\n';
        }
        leftLine += leftCount;
        rightLine += rightCount;
        k = end;
    }
    return out;
}

size_t keepListedChanges(SideBySide& sbs, const std::vector<std::string>& listed) {
    if (!sbs.left_json || !sbs.right_json) return 0;
    size_t cleared = 0;
    for (AlignedRow& row : sbs.rows) {
        if (row.state == RowState::Same || row.pointer.empty()) continue;
        const bool named = std::any_of(listed.begin(), listed.end(), [&](const std::string& p) {
            return pointerAtOrBelow(row.pointer, p) || pointerAtOrBelow(p, row.pointer);
        });
        if (named) continue;
        row.state = RowState::Same;
        row.left_changes.clear();
        row.right_changes.clear();
        ++cleared;
    }
    return cleared;
}

}  // namespace dt
