// SPDX-License-Identifier: MIT
#include "ui/diffcolors.h"

#include <algorithm>
#include <cmath>

namespace dt {

namespace {

double channel(double c) {
    c /= 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor& c) {
    const QColor rgb = c.toRgb();
    return 0.2126 * channel(rgb.red()) + 0.7152 * channel(rgb.green()) + 0.0722 * channel(rgb.blue());
}

// Blends `base` toward `hue` by `t`, then backs off toward `base` until `text` keeps a readable
// contrast (>= 4.5:1) on the result.
QColor tint(const QColor& base, const QColor& hue, double t, const QColor& text) {
    for (double f = t; f > 0.01; f *= 0.8) {
        const QColor c = DiffColors::mix(base, hue, f);
        if (DiffColors::contrast(c, text) >= 4.5) return c;
    }
    return base;
}

}  // namespace

QColor DiffColors::mix(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    const QColor x = a.toRgb(), y = b.toRgb();
    auto m = [t](int p, int q) { return int(std::lround(p + (q - p) * t)); };
    return QColor(m(x.red(), y.red()), m(x.green(), y.green()), m(x.blue(), y.blue()));
}

double DiffColors::contrast(const QColor& a, const QColor& b) {
    double la = luminance(a), lb = luminance(b);
    if (la < lb) std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

bool DiffColors::isDarkPalette(const QPalette& palette) {
    return luminance(palette.color(QPalette::Active, QPalette::Base)) <
           luminance(palette.color(QPalette::Active, QPalette::Text));
}

DiffColors DiffColors::fromPalette(const QPalette& palette) {
    DiffColors c;
    c.dark = isDarkPalette(palette);
    c.base = palette.color(QPalette::Active, QPalette::Base);
    c.text = palette.color(QPalette::Active, QPalette::Text);

    // Hues chosen to stay distinguishable for the common colour-vision deficiencies:
    // amber for "changed", red-orange for the primary side, blue-green for the candidate side.
    const QColor amber = c.dark ? QColor(0xd8, 0xa0, 0x20) : QColor(0xf0, 0xb0, 0x00);
    const QColor red = c.dark ? QColor(0xe0, 0x50, 0x40) : QColor(0xf0, 0x50, 0x40);
    const QColor green = c.dark ? QColor(0x30, 0xb0, 0x80) : QColor(0x20, 0xb0, 0x60);
    const double row = c.dark ? 0.22 : 0.20;
    const double inl = c.dark ? 0.50 : 0.45;

    c.changed = tint(c.base, amber, row, c.text);
    c.removed = tint(c.base, red, row, c.text);
    c.added = tint(c.base, green, row, c.text);
    c.changedInline = tint(c.base, amber, inl, c.text);
    c.removedInline = tint(c.base, red, inl, c.text);
    c.addedInline = tint(c.base, green, inl, c.text);

    c.padding = mix(c.base, c.text, c.dark ? 0.06 : 0.05);
    c.paddingHatch = mix(c.base, c.text, c.dark ? 0.16 : 0.13);
    c.gutter = mix(c.base, palette.color(QPalette::Active, QPalette::Window), 0.7);
    c.gutterText = mix(c.text, c.gutter, 0.45);
    c.current = palette.color(QPalette::Active, QPalette::Highlight);
    c.greyed = palette.color(QPalette::Disabled, QPalette::Text);
    if (contrast(c.greyed, c.base) > 7.0 || contrast(c.greyed, c.base) < 1.8) c.greyed = mix(c.text, c.base, 0.5);
    return c;
}

}  // namespace dt
