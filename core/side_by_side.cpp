// Side-by-side presentation (contract: core/side_by_side.h): aligned rows KDiff3 style, intra-line
// highlights and a readable unified text diff. canonicalJson() and jsonPatch() live in
// json_canonical.cpp.
//
// Alignment: a line diff (dtl) of the two texts; equal lines become Same rows; within each run of
// removed and added lines between two equal lines, removed[i] and added[i] pair into Changed rows
// and the leftovers become Removed (right side padded) or Added (left side padded) rows.
// Intra-line ranges come from a diff over UTF-8 code points of each Changed pair; lines longer
// than kMaxIntraLineBytes are highlighted whole.
#include "core/side_by_side.h"

#include <dtl/dtl.hpp>

#include <sstream>

#include "core/compare.h"
#include "core/compare_sha256.h"
#include "core/difference.h"
#include "core/text_compare.h"

namespace dt {

namespace {

constexpr size_t kMaxIntraLineBytes = 4000;

using Lines = std::vector<std::string_view>;

enum class Op : uint8_t { Common, Delete, Add };
struct Step {
    Op op;
    uint32_t left;   // valid for Common/Delete
    uint32_t right;  // valid for Common/Add
};

// Line-level edit script, with the common prefix and suffix handled outside dtl.
std::vector<Step> diffLines(const Lines& a, const Lines& b) {
    std::vector<Step> steps;
    size_t pre = 0;
    while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
    size_t suf = 0;
    while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
    for (size_t i = 0; i < pre; ++i) steps.push_back({Op::Common, uint32_t(i), uint32_t(i)});
    const size_t ma = a.size() - pre - suf, mb = b.size() - pre - suf;
    if (ma == 0 || mb == 0) {
        for (size_t i = 0; i < ma; ++i) steps.push_back({Op::Delete, uint32_t(pre + i), 0});
        for (size_t j = 0; j < mb; ++j) steps.push_back({Op::Add, 0, uint32_t(pre + j)});
    } else {
        Lines sa(a.begin() + pre, a.begin() + pre + ma), sb(b.begin() + pre, b.begin() + pre + mb);
        dtl::Diff<std::string_view, Lines> d(sa, sb);
        d.onHuge();
        d.compose();
        for (const auto& [line, info] : d.getSes().getSequence()) {
            (void)line;
            const auto l = uint32_t(pre + info.beforeIdx - 1), r = uint32_t(pre + info.afterIdx - 1);
            if (info.type == dtl::SES_COMMON) steps.push_back({Op::Common, l, r});
            else if (info.type == dtl::SES_DELETE) steps.push_back({Op::Delete, l, 0});
            else steps.push_back({Op::Add, 0, r});
        }
    }
    for (size_t k = 0; k < suf; ++k)
        steps.push_back({Op::Common, uint32_t(a.size() - suf + k), uint32_t(b.size() - suf + k)});
    return steps;
}

// Decodes UTF-8 into code points with their byte offsets; an invalid byte is one unit.
void decodeUtf8(std::string_view s, std::vector<uint32_t>& cps, std::vector<uint32_t>& offsets) {
    cps.clear();
    offsets.clear();
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
        if (i + len > s.size()) len = 1;
        for (size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
                len = 1;
                break;
            }
        uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
        for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        if (len == 1 && c >= 0x80) cp = 0x80000000u | c;  // keep invalid bytes distinct from code points
        cps.push_back(cp);
        offsets.push_back(static_cast<uint32_t>(i));
        i += len;
    }
    offsets.push_back(static_cast<uint32_t>(s.size()));
}

void addRange(std::vector<Range>& ranges, uint32_t start, uint32_t length) {
    if (length == 0) return;
    if (!ranges.empty() && ranges.back().start + ranges.back().length == start) ranges.back().length += length;
    else ranges.push_back({start, length});
}

void intraLine(AlignedRow& row) {
    if (row.left.size() > kMaxIntraLineBytes || row.right.size() > kMaxIntraLineBytes) {
        addRange(row.left_changes, 0, static_cast<uint32_t>(row.left.size()));
        addRange(row.right_changes, 0, static_cast<uint32_t>(row.right.size()));
        return;
    }
    std::vector<uint32_t> ca, oa, cb, ob;
    decodeUtf8(row.left, ca, oa);
    decodeUtf8(row.right, cb, ob);
    size_t pre = 0;
    while (pre < ca.size() && pre < cb.size() && ca[pre] == cb[pre]) ++pre;
    size_t suf = 0;
    while (suf < ca.size() - pre && suf < cb.size() - pre && ca[ca.size() - 1 - suf] == cb[cb.size() - 1 - suf]) ++suf;
    const size_t ma = ca.size() - pre - suf, mb = cb.size() - pre - suf;
    if (ma == 0 || mb == 0) {
        addRange(row.left_changes, oa[pre], oa[pre + ma] - oa[pre]);
        addRange(row.right_changes, ob[pre], ob[pre + mb] - ob[pre]);
        return;
    }
    std::vector<uint32_t> sa(ca.begin() + pre, ca.begin() + pre + ma), sb(cb.begin() + pre, cb.begin() + pre + mb);
    dtl::Diff<uint32_t> d(sa, sb);
    d.compose();
    for (const auto& [cp, info] : d.getSes().getSequence()) {
        (void)cp;
        if (info.type == dtl::SES_DELETE) {
            const size_t k = pre + info.beforeIdx - 1;
            addRange(row.left_changes, oa[k], oa[k + 1] - oa[k]);
        } else if (info.type == dtl::SES_ADD) {
            const size_t k = pre + info.afterIdx - 1;
            addRange(row.right_changes, ob[k], ob[k + 1] - ob[k]);
        }
    }
}

std::string binaryNote(std::string_view a, std::string_view b) {
    std::string note = "binary bodies: " + std::to_string(a.size()) + " bytes sha256:" + sha256Hex(a) + " vs " +
                       std::to_string(b.size()) + " bytes sha256:" + sha256Hex(b);
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
                intraLine(row);
            } else {
                row.state = k < removed.size() ? RowState::Removed : RowState::Added;
            }
            sbs.rows.push_back(std::move(row));
        }
        removed.clear();
        added.clear();
    };
    for (const Step& s : diffLines(la, lb)) {
        if (s.op == Op::Delete) {
            removed.push_back(s.left);
        } else if (s.op == Op::Add) {
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
    dtl::Diff<std::string_view, Lines> d(la, lb);
    d.onHuge();
    d.compose();
    d.composeUnifiedHunks();
    std::ostringstream os;
    os << "--- primary\n+++ candidate\n";
    d.printUnifiedFormat(os);
    return os.str();
}

}  // namespace dt
