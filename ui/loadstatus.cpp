// SPDX-License-Identifier: MIT
#include "ui/loadstatus.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QToolButton>

#include <cmath>

namespace dt {

LoadStatus::LoadStatus(QWidget* parent)
        : QWidget(parent), m_bar(new QProgressBar(this)), m_label(new QLabel(this)), m_cancel(new QToolButton(this)) {
    setObjectName(QStringLiteral("loadStatus"));
    m_bar->setObjectName(QStringLiteral("loadProgress"));
    m_bar->setRange(0, 1000);
    m_bar->setFixedWidth(160);
    m_bar->setTextVisible(false);
    m_label->setObjectName(QStringLiteral("loadText"));
    m_cancel->setObjectName(QStringLiteral("loadCancel"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Cancel loading (Esc)"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar);
    layout->addWidget(m_label);
    layout->addWidget(m_cancel);
    connect(m_cancel, &QToolButton::clicked, this, &LoadStatus::cancelRequested);
    hide();
}

void LoadStatus::begin(const QString& path) {
    m_bar->setRange(0, 1000);
    m_bar->setValue(0);
    m_label->setText(tr("Opening %1…").arg(QFileInfo(path).fileName()));
    show();
}

void LoadStatus::update(const LoadProgress& p) {
    if (p.grouping) {
        m_bar->setRange(0, 0);  // busy indicator: the analysis is being finished
    } else if (p.total > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(std::lround(1000.0 * double(p.done) / double(p.total))));
    }
    m_label->setText(formatProgress(p));
}

void LoadStatus::end() { hide(); }

QString LoadStatus::text() const { return m_label->text(); }

QString LoadStatus::formatDuration(double seconds) {
    if (seconds < 0 || !std::isfinite(seconds)) return QStringLiteral("—");
    const qint64 s = qint64(std::ceil(seconds));
    if (s < 60) return QStringLiteral("%1 s").arg(s);
    if (s < 3600) return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString LoadStatus::formatProgress(const LoadProgress& p) {
    const QLocale locale;
    QString s = QObject::tr("%1 records").arg(locale.toString(p.records));
    if (p.grouping) return s + QObject::tr(" · grouping…");
    if (p.rate > 0) s += QObject::tr(" · %1/s").arg(locale.toString(qint64(std::llround(p.rate))));
    if (p.total > 0) s += QObject::tr(" · %1 %").arg(locale.toString(100.0 * double(p.done) / double(p.total), 'f', 0));
    s += QObject::tr(" · ETA %1").arg(formatDuration(p.eta));
    return s;
}

}  // namespace dt
