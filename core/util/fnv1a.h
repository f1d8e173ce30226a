// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

namespace dt {

// 64-bit FNV-1a of `s`, continuing from `h`. Signature, cause and rule ids are made of it: changing
// it changes every golden id.
inline uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

}  // namespace dt
