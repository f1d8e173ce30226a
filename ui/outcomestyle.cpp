// SPDX-License-Identifier: MIT
#include "ui/outcomestyle.h"

namespace dt {

namespace {

int hueOf(Outcome o) {
    switch (o) {
    case Outcome::Match: return 130;    // green
    case Outcome::Mismatch: return 0;   // red
    case Outcome::Noise: return 45;     // amber
    case Outcome::Drift: return 280;    // violet
    case Outcome::Allowed: return 200;  // blue
    case Outcome::Invalid: return -1;   // grey
    }
    return -1;
}

QColor blend(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

}  // namespace

bool isDarkPalette(const QPalette& palette) { return palette.color(QPalette::Base).lightnessF() < 0.5; }

QColor outcomeColor(Outcome outcome, const QPalette& palette) {
    const int hue = hueOf(outcome);
    const bool dark = isDarkPalette(palette);
    if (hue < 0) return blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.4);
    // Dark themes: light, softer colours; light themes: deep, saturated ones.
    return dark ? QColor::fromHsl(hue, 170, 170) : QColor::fromHsl(hue, 200, 85);
}

QColor outcomeTint(Outcome outcome, const QPalette& palette) {
    const int hue = hueOf(outcome);
    const QColor base = palette.color(QPalette::Base);
    if (hue < 0) return blend(base, palette.color(QPalette::Text), 0.08);
    return blend(base, QColor::fromHsl(hue, 200, 128), isDarkPalette(palette) ? 0.28 : 0.16);
}

QString outcomeLabel(Outcome outcome) {
    switch (outcome) {
    case Outcome::Match: return QStringLiteral("Match");
    case Outcome::Mismatch: return QStringLiteral("Mismatch");
    case Outcome::Noise: return QStringLiteral("Noise");
    case Outcome::Drift: return QStringLiteral("Drift");
    case Outcome::Allowed: return QStringLiteral("Allowed");
    case Outcome::Invalid: return QStringLiteral("Invalid");
    }
    return {};
}

}  // namespace dt
