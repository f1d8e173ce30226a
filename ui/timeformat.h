// SPDX-License-Identifier: MIT
#pragma once
// One timestamp format everywhere in the window: ISO 8601 with milliseconds, in UTC ("…Z") or in
// the user's local time (with its offset), as chosen in View › Times in Local Time (remembered).
#include <QString>
#include <cstdint>

namespace dt {

enum class TimeZoneMode { Utc, Local };

TimeZoneMode timeZoneMode();
void setTimeZoneMode(TimeZoneMode mode);  // saved in QSettings ("view/localTime")
// "2026-11-20T10:00:00.025Z" or "2026-11-20T11:00:00.025+01:00"; `withMillis` false drops ".zzz".
QString formatTime(int64_t msSinceEpoch, bool withMillis = true);
// A store's raw `ts` text shown the same way when it parses, else as written.
QString formatTimeText(const QString& raw);
// "UTC" or "local" for column headers.
QString timeZoneLabel();

}  // namespace dt
