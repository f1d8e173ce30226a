// SPDX-License-Identifier: MIT
#include "core/util/base64.h"

#include <array>
#include <cstdint>

namespace dt {
namespace {

constexpr uint8_t kInvalid = 0xff;
constexpr uint8_t kSpace = 0xfe;
constexpr uint8_t kPad = 0xfd;

constexpr std::array<uint8_t, 256> makeTable() {
    std::array<uint8_t, 256> t{};
    for (auto& v : t) v = kInvalid;
    const char* alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i) t[static_cast<uint8_t>(alpha[i])] = static_cast<uint8_t>(i);
    t[static_cast<uint8_t>('-')] = 62;  // URL-safe alphabet
    t[static_cast<uint8_t>('_')] = 63;
    t[static_cast<uint8_t>(' ')] = kSpace;
    t[static_cast<uint8_t>('\t')] = kSpace;
    t[static_cast<uint8_t>('\r')] = kSpace;
    t[static_cast<uint8_t>('\n')] = kSpace;
    t[static_cast<uint8_t>('=')] = kPad;
    return t;
}
constexpr std::array<uint8_t, 256> kTable = makeTable();

}  // namespace

bool base64Decode(std::string_view in, std::string& out) {
    out.resize(in.size() / 4 * 3 + 3);
    char* dst = out.data();
    uint32_t acc = 0;
    int n = 0;           // sextets in acc
    size_t pads = 0;     // '=' seen
    size_t sextets = 0;  // total data characters
    for (const char ch : in) {
        const uint8_t v = kTable[static_cast<uint8_t>(ch)];
        if (v < 64) {
            if (pads) return false;  // data after padding
            acc = (acc << 6) | v;
            ++sextets;
            if (++n == 4) {
                dst[0] = static_cast<char>((acc >> 16) & 0xff);
                dst[1] = static_cast<char>((acc >> 8) & 0xff);
                dst[2] = static_cast<char>(acc & 0xff);
                dst += 3;
                acc = 0;
                n = 0;
            }
        } else if (v == kSpace) {
            continue;
        } else if (v == kPad) {
            ++pads;
            if (pads > 2) return false;
        } else {
            return false;
        }
    }
    if (n == 1) return false;  // 6 bits cannot make a byte
    if (pads && (sextets + pads) % 4 != 0) return false;
    if (n == 2) {
        *dst++ = static_cast<char>((acc >> 4) & 0xff);
    } else if (n == 3) {
        *dst++ = static_cast<char>((acc >> 10) & 0xff);
        *dst++ = static_cast<char>((acc >> 2) & 0xff);
    }
    out.resize(static_cast<size_t>(dst - out.data()));
    return true;
}

std::string base64Encode(std::string_view in) {
    static constexpr char kAlpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= in.size(); i += 3) {
        const uint32_t v = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                           static_cast<uint8_t>(in[i + 2]);
        out.push_back(kAlpha[(v >> 18) & 63]);
        out.push_back(kAlpha[(v >> 12) & 63]);
        out.push_back(kAlpha[(v >> 6) & 63]);
        out.push_back(kAlpha[v & 63]);
    }
    const size_t rest = in.size() - i;
    if (rest == 1) {
        const uint32_t v = static_cast<uint8_t>(in[i]) << 16;
        out.push_back(kAlpha[(v >> 18) & 63]);
        out.push_back(kAlpha[(v >> 12) & 63]);
        out += "==";
    } else if (rest == 2) {
        const uint32_t v = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8);
        out.push_back(kAlpha[(v >> 18) & 63]);
        out.push_back(kAlpha[(v >> 12) & 63]);
        out.push_back(kAlpha[(v >> 6) & 63]);
        out.push_back('=');
    }
    return out;
}

}  // namespace dt
