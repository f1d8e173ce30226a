// SPDX-License-Identifier: MIT
// Difference kinds and RFC 6901 JSON Pointer helpers (contract: core/difference.h).
#include "core/compare/difference.h"

#include "core/util/text.h"

#include <algorithm>
#include <array>

namespace dt {

namespace {

constexpr std::array<std::string_view, kDiffKindCount> kKindNames = {
    "changed", "type_changed", "missing",         "extra",        "array_length",   "array_order",
    "status",  "header",       "candidate_error", "text_changed", "binary_changed",
};

}  // namespace

std::string_view kindName(DiffKind k) {
    const auto i = static_cast<size_t>(k);
    return i < kKindNames.size() ? kKindNames[i] : std::string_view("unknown");
}

std::optional<DiffKind> kindFromName(std::string_view name) {
    for (size_t i = 0; i < kKindNames.size(); ++i)
        if (kKindNames[i] == name) return static_cast<DiffKind>(i);
    return std::nullopt;
}

bool isBodyKind(DiffKind k) {
    switch (k) {
    case DiffKind::Changed:
    case DiffKind::TypeChanged:
    case DiffKind::Missing:
    case DiffKind::Extra:
    case DiffKind::ArrayLength:
    case DiffKind::ArrayOrder: return true;
    default: return false;
    }
}

std::string classText(ValueClass cls, std::string_view param) {
    std::string t(className(cls));
    if (!param.empty() && !t.empty()) {
        t += ' ';
        t += param;
    }
    return t;
}

std::string_view classTextName(std::string_view text) { return text.substr(0, text.find(' ')); }

std::string_view classTextParam(std::string_view text) {
    const size_t sp = text.find(' ');
    return sp == std::string_view::npos ? std::string_view() : text.substr(sp + 1);
}

std::vector<std::string> splitPointer(std::string_view pointer) {
    std::vector<std::string> tokens;
    if (pointer.empty()) return tokens;
    // A pointer must start with "/"; a pointer that does not is read as if it did (lenient).
    size_t pos = pointer.front() == '/' ? 1 : 0;
    while (true) {
        const size_t next = pointer.find('/', pos);
        tokens.push_back(unescapePointerToken(
            pointer.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos)));
        if (next == std::string_view::npos) break;
        pos = next + 1;
    }
    return tokens;
}

bool pointerAtOrBelow(std::string_view path, std::string_view prefix) {
    if (prefix.empty()) return true;  // the root contains everything
    if (path.size() < prefix.size()) return false;
    if (path.compare(0, prefix.size(), prefix) != 0) return false;
    return path.size() == prefix.size() || path[prefix.size()] == '/';
}

namespace {

bool allDigits(std::string_view t) {
    if (t.empty()) return false;
    for (char c : t)
        if (c < '0' || c > '9') return false;
    return true;
}

// One raw (still escaped) token at `pos` (just after a '/'); pos moves past it.
std::string_view nextToken(std::string_view p, size_t& pos) {
    const size_t end = p.find('/', pos);
    std::string_view t = p.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? p.size() + 1 : end + 1;
    return t;
}

int compareTokens(std::string_view a, std::string_view b) {
    if (allDigits(a) && allDigits(b)) {
        size_t ia = a.find_first_not_of('0'), ib = b.find_first_not_of('0');
        std::string_view na = ia == std::string_view::npos ? std::string_view{} : a.substr(ia);
        std::string_view nb = ib == std::string_view::npos ? std::string_view{} : b.substr(ib);
        if (na.size() != nb.size()) return na.size() < nb.size() ? -1 : 1;
        if (const int c = na.compare(nb)) return c < 0 ? -1 : 1;
        if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;  // "01" after "1": still a total order
        return 0;
    }
    const std::string ua = unescapePointerToken(a), ub = unescapePointerToken(b);
    const int c = ua.compare(ub);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int kindRank(DiffKind k) {
    switch (k) {
    case DiffKind::Status: return 0;
    case DiffKind::CandidateError: return 1;
    case DiffKind::Header: return 2;
    case DiffKind::TextChanged:
    case DiffKind::BinaryChanged: return 4;
    default: return 3;
    }
}

}  // namespace

int comparePointers(std::string_view a, std::string_view b) {
    if (a == b) return 0;
    if (a.empty()) return -1;  // the root comes first
    if (b.empty()) return 1;
    size_t pa = 1, pb = 1;  // just past the leading slash
    while (pa <= a.size() && pb <= b.size()) {
        const std::string_view ta = nextToken(a, pa), tb = nextToken(b, pb);
        if (const int c = compareTokens(ta, tb)) return c;
    }
    const bool aDone = pa > a.size(), bDone = pb > b.size();
    if (aDone && bDone) return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
    return aDone ? -1 : 1;  // the parent comes before what is below it
}

void sortDocumentOrder(std::vector<Difference>& differences) {
    std::stable_sort(differences.begin(), differences.end(), [](const Difference& x, const Difference& y) {
        const int rx = kindRank(x.kind), ry = kindRank(y.kind);
        if (rx != ry) return rx < ry;
        if (rx == 2) return x.path < y.path;
        if (rx == 3) return comparePointers(x.path, y.path) < 0;
        return false;
    });
}

}  // namespace dt
