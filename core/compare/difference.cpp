// Difference kinds and RFC 6901 JSON Pointer helpers (contract: core/difference.h).
#include "core/compare/difference.h"

#include "core/util/text.h"

#include <array>

namespace dt {

namespace {

constexpr std::array<std::string_view, kDiffKindCount> kKindNames = {
    "changed", "type_changed", "missing", "extra", "array_length", "array_order",
    "status", "header", "candidate_error", "text_changed", "binary_changed",
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
        case DiffKind::ArrayOrder:
            return true;
        default:
            return false;
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
        tokens.push_back(unescapePointerToken(pointer.substr(pos, next == std::string_view::npos ? std::string_view::npos
                                                                                                 : next - pos)));
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

}  // namespace dt
