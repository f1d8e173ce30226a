// SPDX-License-Identifier: MIT
#include "core/report/mask_view.h"

namespace dt {

namespace {

bool maskLine(std::string& line, std::vector<Range>& changes, const Redactor& r) {
    std::string masked = r.text(line);
    if (masked == line) return false;
    line = std::move(masked);
    if (!changes.empty()) changes = {Range{0, static_cast<uint32_t>(line.size())}};
    return true;
}

std::string_view lastToken(std::string_view pointer) {
    const size_t slash = pointer.rfind('/');
    return slash == std::string_view::npos ? pointer : pointer.substr(slash + 1);
}

}  // namespace

size_t maskSideBySide(SideBySide& sbs, const Redactor& redactor) {
    size_t n = 0;
    for (AlignedRow& row : sbs.rows) {
        n += maskLine(row.left, row.left_changes, redactor);
        n += maskLine(row.right, row.right_changes, redactor);
    }
    sbs.note = redactor.text(sbs.note);
    return n;
}

Difference maskDifference(const Difference& d, const Redactor& redactor) {
    Difference out = d;
    const std::string_view name = d.kind == DiffKind::Header ? std::string_view(d.path) : lastToken(d.path);
    if (!out.primary.empty()) out.primary = redactor.header(name, d.primary);
    if (!out.candidate.empty()) out.candidate = redactor.header(name, d.candidate);
    return out;
}

}  // namespace dt
