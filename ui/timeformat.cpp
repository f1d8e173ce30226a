// SPDX-License-Identifier: MIT
#include "ui/timeformat.h"

#include <QDateTime>
#include <QSettings>
#include <QTimeZone>
#include <cstdlib>

namespace dt {

namespace {

const QString kKey = QStringLiteral("view/localTime");
int g_mode = -1;  // -1: not read from the settings yet

}  // namespace

TimeZoneMode timeZoneMode() {
    if (g_mode < 0) g_mode = QSettings().value(kKey, false).toBool() ? 1 : 0;
    return g_mode == 1 ? TimeZoneMode::Local : TimeZoneMode::Utc;
}

void setTimeZoneMode(TimeZoneMode mode) {
    g_mode = mode == TimeZoneMode::Local ? 1 : 0;
    QSettings().setValue(kKey, g_mode == 1);
}

QString formatTime(int64_t ms, bool withMillis) {
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    if (timeZoneMode() == TimeZoneMode::Utc)
        return utc.toString(withMillis ? QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'")
                                       : QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'"));
    const QDateTime local = utc.toLocalTime();
    const int offset = local.offsetFromUtc();
    const QString sign = offset < 0 ? QStringLiteral("-") : QStringLiteral("+");
    const int minutes = std::abs(offset) / 60;
    return local.toString(withMillis ? QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz")
                                     : QStringLiteral("yyyy-MM-dd'T'HH:mm:ss")) +
           QStringLiteral("%1%2:%3")
               .arg(sign)
               .arg(minutes / 60, 2, 10, QLatin1Char('0'))
               .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString formatTimeText(const QString& raw) {
    QDateTime t = QDateTime::fromString(raw, Qt::ISODateWithMs);
    if (!t.isValid()) t = QDateTime::fromString(raw, Qt::ISODate);
    if (!t.isValid()) return raw;
    return formatTime(t.toMSecsSinceEpoch());
}

QString timeZoneLabel() {
    return timeZoneMode() == TimeZoneMode::Utc ? QStringLiteral("UTC") : QStringLiteral("local");
}

}  // namespace dt
