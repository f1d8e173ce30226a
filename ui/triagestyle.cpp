// SPDX-License-Identifier: MIT
#include "ui/triagestyle.h"

#include <QObject>

namespace dt {
namespace {

QString label(TriageState s) {
    const std::string_view l = triageStateLabel(s);
    return QString::fromUtf8(l.data(), qsizetype(l.size()));
}

struct StateKey {
    TriageState state;
    Qt::Key key;
};
constexpr StateKey kKeys[] = {
    {TriageState::New, Qt::Key_U},         {TriageState::Investigating, Qt::Key_I}, {TriageState::Bug, Qt::Key_B},
    {TriageState::IntendedFix, Qt::Key_F}, {TriageState::Accepted, Qt::Key_A},      {TriageState::Noise, Qt::Key_N},
    {TriageState::Fixed, Qt::Key_X},
};

}  // namespace

QString triageText(const TriageAnnotation* a) {
    if (!a) return QObject::tr("new");
    QString text = label(a->state);
    if (!a->issue_name.empty()) text += QStringLiteral(" · ") + QString::fromStdString(a->issue_name);
    if (a->regression) text += QObject::tr(" · ⚠ regression");
    if (a->new_since) text += QObject::tr(" · new since last open");
    if (!a->owner.empty()) text += QStringLiteral(" · @") + QString::fromStdString(a->owner);
    return text;
}

QString triageToolTip(const TriageAnnotation* a) {
    if (!a)
        return QObject::tr("Not triaged. Keys: U new, I investigating, B bug, F intended fix, A accepted, N noise, "
                           "X fixed; Ctrl+E edits owner, note and ticket.");
    QString tip = label(a->state);
    if (!a->issue_name.empty()) tip += QObject::tr("\nIssue: %1").arg(QString::fromStdString(a->issue_name));
    if (a->regression) tip += QObject::tr("\nRegression: marked fixed, yet it has records again");
    if (a->new_since) tip += QObject::tr("\nNew since the workspace was last opened");
    if (!a->owner.empty()) tip += QObject::tr("\nOwner: %1").arg(QString::fromStdString(a->owner));
    if (!a->ticket.empty()) tip += QObject::tr("\nTicket: %1").arg(QString::fromStdString(a->ticket));
    if (!a->note.empty()) tip += QObject::tr("\nNote: %1").arg(QString::fromStdString(a->note));
    if (!a->updated.empty()) tip += QObject::tr("\nChanged %1").arg(QString::fromStdString(a->updated));
    return tip;
}

QColor triageColor(const TriageAnnotation* a, const QPalette& palette) {
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    if (!a) return palette.color(QPalette::Disabled, QPalette::Text);
    if (a->regression) return dark ? QColor(0xff, 0x6e, 0x6e) : QColor(0xc6, 0x28, 0x28);
    switch (a->state) {
    case TriageState::Bug: return dark ? QColor(0xff, 0x6e, 0x6e) : QColor(0xc6, 0x28, 0x28);
    case TriageState::Investigating: return dark ? QColor(0xff, 0xb7, 0x4d) : QColor(0xb2, 0x5b, 0x00);
    case TriageState::IntendedFix: return dark ? QColor(0x82, 0xb1, 0xff) : QColor(0x15, 0x65, 0xc0);
    case TriageState::Fixed: return dark ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
    case TriageState::Accepted:
    case TriageState::Noise: return palette.color(QPalette::Disabled, QPalette::Text);
    case TriageState::New: break;
    }
    return a->new_since ? palette.color(QPalette::Text) : palette.color(QPalette::Disabled, QPalette::Text);
}

Qt::Key triageStateKey(TriageState state) {
    for (const StateKey& k : kKeys)
        if (k.state == state) return k.key;
    return Qt::Key_unknown;
}

std::optional<TriageState> triageStateForKey(int key) {
    for (const StateKey& k : kKeys)
        if (int(k.key) == key) return k.state;
    return std::nullopt;
}

}  // namespace dt
