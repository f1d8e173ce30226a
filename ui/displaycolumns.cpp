// SPDX-License-Identifier: MIT
#include "ui/displaycolumns.h"

#include <algorithm>
#include <utility>

namespace dt {

// ---------------------------------------------------------------------------------------------
// Column model
// ---------------------------------------------------------------------------------------------
namespace {

constexpr uint32_t kTabWidth = 4;

// Decodes one UTF-8 sequence at s[i]. Returns its length, or 0 when the byte does not start a
// valid sequence (then *cp = U+FFFD and the caller consumes one byte).
size_t decodeUtf8(std::string_view s, size_t i, char32_t* cp) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    size_t len = 0;
    char32_t v = 0, min = 0;
    if ((b0 & 0xe0) == 0xc0) {
        len = 2;
        v = b0 & 0x1f;
        min = 0x80;
    } else if ((b0 & 0xf0) == 0xe0) {
        len = 3;
        v = b0 & 0x0f;
        min = 0x800;
    } else if ((b0 & 0xf8) == 0xf0) {
        len = 4;
        v = b0 & 0x07;
        min = 0x10000;
    } else {
        *cp = 0xfffd;
        return 0;
    }
    if (i + len > s.size()) {
        *cp = 0xfffd;
        return 0;
    }
    for (size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xc0) != 0x80) {
            *cp = 0xfffd;
            return 0;
        }
        v = (v << 6) | (b & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
        *cp = 0xfffd;
        return 0;
    }
    *cp = v;
    return len;
}

void appendGlyph(QString& out, char32_t cp) {
    if (cp < 0x20)
        cp = 0x2400 + cp;  // control pictures
    else if (cp == 0x7f)
        cp = 0x2421;
    else if (cp >= 0x80 && cp < 0xa0)
        cp = 0xfffd;  // C1 controls
    if (QChar::requiresSurrogates(cp)) {
        out.append(QChar(QChar::highSurrogate(cp)));
        out.append(QChar(QChar::lowSurrogate(cp)));
    } else {
        out.append(QChar(static_cast<char16_t>(cp)));
    }
}

}  // namespace

uint32_t displayColumns(std::string_view line) {
    uint32_t col = 0;
    size_t i = 0;
    while (i < line.size()) {
        const auto b = static_cast<unsigned char>(line[i]);
        if (b >= 0x20 && b < 0x80) {
            ++col;
            ++i;
            continue;
        }
        if (b == '\t') {
            col += kTabWidth - col % kTabWidth;
            ++i;
            continue;
        }
        char32_t cp;
        const size_t len = decodeUtf8(line, i, &cp);
        i += len ? len : 1;
        ++col;
    }
    return col;
}

QString displayWindow(std::string_view line, uint32_t firstColumn, uint32_t count,
                      const std::vector<uint32_t>& byteOffsets, std::vector<uint32_t>* columnsOut) {
    QString out;
    out.reserve(int(std::min<size_t>(count, line.size())) + 8);
    const uint64_t end = uint64_t(firstColumn) + count;

    std::vector<std::pair<uint32_t, size_t>> pending;  // (byte offset, index into byteOffsets)
    if (columnsOut) {
        columnsOut->assign(byteOffsets.size(), kNoColumn);
        pending.reserve(byteOffsets.size());
        for (size_t k = 0; k < byteOffsets.size(); ++k) pending.emplace_back(byteOffsets[k], k);
        std::sort(pending.begin(), pending.end());
    }
    size_t next = 0;
    uint32_t col = 0;
    size_t i = 0;
    while (i < line.size()) {
        while (next < pending.size() && pending[next].first <= i) (*columnsOut)[pending[next++].second] = col;
        if (col >= end) break;
        char32_t cp;
        const size_t len = decodeUtf8(line, i, &cp);
        const uint32_t width = cp == '\t' ? kTabWidth - col % kTabWidth : 1;
        if (col + width > firstColumn) {
            if (cp == '\t') {
                const uint32_t from = std::max(col, firstColumn);
                const uint32_t to = uint32_t(std::min<uint64_t>(col + width, end));
                out.append(QString(int(to - from), QLatin1Char(' ')));
            } else {
                appendGlyph(out, cp);
            }
        }
        col += width;
        i += len ? len : 1;
    }
    if (i >= line.size())
        while (next < pending.size()) (*columnsOut)[pending[next++].second] = col;
    return out;
}

}  // namespace dt
