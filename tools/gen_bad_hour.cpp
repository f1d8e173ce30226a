// SPDX-License-Identifier: MIT
// difftriage-gen --bad-hour (gen_bad_hour.h).
#include "gen_bad_hour.h"

#include "gen_records.h"

namespace dt::gen {

int64_t badHourTimestamp(uint64_t index, uint64_t records, int64_t startMs) {
    if (records == 0) return startMs;
    const unsigned __int128 offset = static_cast<unsigned __int128>(index) * kBadHourSpanMs / records;
    return startMs + static_cast<int64_t>(offset);
}

void applyBadHour(int hour, std::vector<uint8_t>& categories) {
    const uint64_t n = categories.size();
    uint64_t matches = 0;
    for (uint64_t i = 0; i < n; ++i) {
        // Record i lies in hour floor(i * 24 / n), exactly as badHourTimestamp places it.
        if (static_cast<int>(static_cast<unsigned __int128>(i) * 24 / n) != hour || categories[i] != kMatch) continue;
        if (++matches % kBadHourEvery == 0) categories[i] = static_cast<uint8_t>(kFirstCause);
    }
}

}  // namespace dt::gen
