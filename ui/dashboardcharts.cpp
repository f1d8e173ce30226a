// SPDX-License-Identifier: MIT
#include "ui/dashboardcharts.h"

#include <QtCharts/QAreaSeries>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>

#include "ui/outcomestyle.h"

namespace dt {

namespace {

QChart* newChart(const QString& title, const QPalette& palette) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setTheme(isDarkPalette(palette) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(palette.base());
    chart->setTitleBrush(palette.text());
    chart->legend()->setLabelColor(palette.text().color());
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setAnimationOptions(QChart::NoAnimation);
    return chart;
}

void styleAxis(QAbstractAxis* axis, const QPalette& palette) {
    axis->setLabelsColor(palette.text().color());
    axis->setTitleBrush(palette.text());
    QFont f = axis->labelsFont();
    f.setPointSizeF(std::max(6.0, f.pointSizeF() - 1));
    axis->setLabelsFont(f);
}

QDateTimeAxis* timeAxis(const ParityReport& r, const QPalette& palette) {
    auto* x = new QDateTimeAxis;
    const int64_t span = r.buckets.empty() ? 0 : int64_t(r.buckets.size()) * r.bucket_ms;
    x->setFormat(span <= 2 * 3'600'000    ? QStringLiteral("HH:mm:ss")
                 : span <= 2 * 86'400'000 ? QStringLiteral("MMM d HH:mm")
                                          : QStringLiteral("MMM d"));
    if (!r.buckets.empty())
        x->setRange(QDateTime::fromMSecsSinceEpoch(r.buckets.front().start_ms, QTimeZone::utc()),
                    QDateTime::fromMSecsSinceEpoch(r.buckets.back().start_ms + r.bucket_ms, QTimeZone::utc()));
    x->setTickCount(6);
    x->setTitleText(QObject::tr("buckets of %1").arg(QString::fromStdString(r.bucket_unit)));
    styleAxis(x, palette);
    return x;
}

QColor withAlpha(QColor c, int alpha) {
    c.setAlpha(alpha);
    return c;
}

QStringList endpointCategories(const ParityReport& r) {
    QStringList cats;
    for (const EndpointParity& e : r.endpoints) cats << QString::fromStdString(e.endpoint);
    return cats;
}

QColor primaryColor(const QPalette& p) {
    return isDarkPalette(p) ? QColor(0x8a, 0xa4, 0xc8) : QColor(0x4a, 0x6f, 0xa5);
}
QColor candidateColor(const QPalette& p) {
    return isDarkPalette(p) ? QColor(0xf0, 0xa0, 0x50) : QColor(0xd9, 0x73, 0x1a);
}

}  // namespace

double bucketPercent(const TimeBucket& b, Outcome o) {
    const double all = b.outcomes.comparable() + b.outcomes.of(Outcome::Drift);
    return all > 0 ? 100.0 * b.outcomes.of(o) / all : 0;
}

QChart* makeTimeChart(const DashboardData& d, const QPalette& palette) {
    const ParityReport& r = d.report;
    QChart* chart = newChart(QObject::tr("Non-matching share over time (%)"), palette);
    QDateTimeAxis* x = timeAxis(r, palette);
    auto* y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%.2f"));
    styleAxis(y, palette);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);

    const Outcome stack[] = {Outcome::Mismatch, Outcome::Allowed, Outcome::Noise, Outcome::Drift};
    std::vector<double> base(r.buckets.size(), 0);
    double top = 0;
    for (Outcome o : stack) {
        auto* upper = new QLineSeries;
        const QString name = QString::fromLatin1(outcomeName(o).data(), qsizetype(outcomeName(o).size()));
        upper->setObjectName(name + QStringLiteral(".upper"));
        auto* lowerCopy = new QLineSeries;
        lowerCopy->setObjectName(name + QStringLiteral(".lower"));
        for (size_t b = 0; b < r.buckets.size(); ++b) {
            const qreal t0 = qreal(r.buckets[b].start_ms), t1 = qreal(r.buckets[b].start_ms + r.bucket_ms);
            const double v = base[b] + bucketPercent(r.buckets[b], o);
            upper->append(t0, v);
            upper->append(t1, v);
            lowerCopy->append(t0, base[b]);
            lowerCopy->append(t1, base[b]);
            base[b] = v;
            top = std::max(top, v);
        }
        auto* area = new QAreaSeries(upper, lowerCopy);
        area->setObjectName(name);
        area->setName(outcomeLabel(o));
        const QColor c = outcomeColor(o, palette);
        area->setColor(withAlpha(c, o == Outcome::Mismatch ? 230 : 150));
        area->setBorderColor(c);
        chart->addSeries(area);
        area->attachAxis(x);
        area->attachAxis(y);
    }
    const double threshold = 100.0 * (1 - r.windows.min_match_rate);
    top = std::max(top, threshold);
    if (!r.buckets.empty()) {
        auto* line = new QLineSeries;
        line->setObjectName(QStringLiteral("threshold"));
        line->setName(QObject::tr("threshold %1 %").arg(threshold, 0, 'f', 2));
        line->append(qreal(r.buckets.front().start_ms), threshold);
        line->append(qreal(r.buckets.back().start_ms + r.bucket_ms), threshold);
        QPen pen(isDarkPalette(palette) ? QColor(255, 120, 120) : QColor(200, 0, 0));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.5);
        line->setPen(pen);
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
    }
    if (r.windows.worst && !r.windows.shorter_than_window) {  // a store within one window: nothing to single out
        const ParityWindow& w = *r.windows.worst;
        auto* up = new QLineSeries;
        auto* down = new QLineSeries;
        const qreal t0 =
            qreal(std::max<int64_t>(w.start_ms, r.buckets.empty() ? w.start_ms : r.buckets.front().start_ms));
        const qreal t1 = qreal(w.end_ms);
        up->append(t0, top * 1.1);
        up->append(t1, top * 1.1);
        down->append(t0, 0);
        down->append(t1, 0);
        auto* shade = new QAreaSeries(up, down);
        shade->setObjectName(QStringLiteral("worst window"));
        shade->setName(QObject::tr("worst %1 window: match rate %2 %")
                           .arg(QString::fromStdString(formatDuration(r.windows.window_ms)))
                           .arg(100 * w.match_rate, 0, 'f', 2));
        const QColor c = w.match_rate < r.windows.min_match_rate ? QColor(220, 40, 40) : QColor(120, 120, 120);
        shade->setColor(withAlpha(c, 45));
        shade->setBorderColor(withAlpha(c, 120));
        chart->addSeries(shade);
        shade->attachAxis(x);
        shade->attachAxis(y);
    }
    y->setRange(0, top > 0 ? top * 1.1 : 1);
    return chart;
}

QChart* makeEndpointChart(const DashboardData& d, const QPalette& palette) {
    const ParityReport& r = d.report;
    QChart* chart = newChart(QObject::tr("Mismatch rate per endpoint (%)"), palette);
    auto* set = new QBarSet(QObject::tr("mismatch rate %"));
    set->setObjectName(QStringLiteral("mismatch rate %"));
    set->setColor(outcomeColor(Outcome::Mismatch, palette));
    double top = 0;
    for (const EndpointParity& e : r.endpoints) {
        const double v = 100 * e.outcomes.mismatchRate();
        *set << v;
        top = std::max(top, v);
    }
    auto* series = new QHorizontalBarSeries;
    series->setObjectName(QStringLiteral("endpoints"));
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(3);
    chart->addSeries(series);
    auto* cats = new QBarCategoryAxis;
    cats->append(endpointCategories(r));
    styleAxis(cats, palette);
    auto* v = new QValueAxis;
    v->setRange(0, top > 0 ? top * 1.15 : 1);
    v->setLabelFormat(QStringLiteral("%.2f"));
    styleAxis(v, palette);
    chart->addAxis(cats, Qt::AlignLeft);
    chart->addAxis(v, Qt::AlignBottom);
    series->attachAxis(cats);
    series->attachAxis(v);
    chart->legend()->hide();
    return chart;
}

QChart* makeLatencyChart(const DashboardData& d, const QPalette& palette) {
    const ParityReport& r = d.report;
    QChart* chart = newChart(QObject::tr("Latency per endpoint: p50 / p95 / p99, primary vs candidate (ms)"), palette);
    auto* series = new QHorizontalBarSeries;
    series->setObjectName(QStringLiteral("latency"));
    double top = 0;
    const char* names[] = {"p50", "p95", "p99"};
    for (int q = 0; q < 3; ++q)
        for (int side = 0; side < 2; ++side) {
            const QString name = QStringLiteral("%1 %2").arg(
                side ? QStringLiteral("candidate") : QStringLiteral("primary"), QString::fromLatin1(names[q]));
            auto* set = new QBarSet(name);
            set->setObjectName(name);
            QColor c = side ? candidateColor(palette) : primaryColor(palette);
            c = q == 0 ? c.lighter(135) : q == 2 ? c.darker(125) : c;
            set->setColor(c);
            set->setBorderColor(c);
            for (const EndpointParity& e : r.endpoints) {
                const LatencyStats& s = side ? e.candidate : e.primary;
                const double v = q == 0 ? s.p50 : q == 1 ? s.p95 : s.p99;
                *set << v;
                top = std::max(top, v);
            }
            series->append(set);
        }
    series->setBarWidth(0.85);
    chart->addSeries(series);
    auto* cats = new QBarCategoryAxis;
    cats->append(endpointCategories(r));
    styleAxis(cats, palette);
    auto* v = new QValueAxis;
    v->setRange(0, top > 0 ? top * 1.05 : 1);
    v->setLabelFormat(QStringLiteral("%.0f"));
    styleAxis(v, palette);
    chart->addAxis(cats, Qt::AlignLeft);
    chart->addAxis(v, Qt::AlignBottom);
    series->attachAxis(cats);
    series->attachAxis(v);
    return chart;
}

QChart* makeErrorChart(const DashboardData& d, const QPalette& palette) {
    const ParityReport& r = d.report;
    QChart* chart = newChart(QObject::tr("Error parity (% of records)"), palette);
    auto* series = new QBarSeries;
    series->setObjectName(QStringLiteral("errors"));
    double top = 0;
    for (int side = 0; side < 2; ++side) {
        const ErrorCounts& e = side ? r.candidate_errors : r.primary_errors;
        const QString name = side ? QStringLiteral("candidate") : QStringLiteral("primary");
        auto* set = new QBarSet(name);
        set->setObjectName(name);
        set->setColor(side ? candidateColor(palette) : primaryColor(palette));
        for (double v : {e.status4xx, e.status5xx, e.failed}) {
            const double pctValue = e.total > 0 ? 100 * v / e.total : 0;
            *set << pctValue;
            top = std::max(top, pctValue);
        }
        series->append(set);
    }
    series->setLabelsVisible(true);
    series->setLabelsPrecision(3);
    chart->addSeries(series);
    auto* cats = new QBarCategoryAxis;
    cats->append({QObject::tr("4xx"), QObject::tr("5xx"), QObject::tr("no answer")});
    styleAxis(cats, palette);
    auto* v = new QValueAxis;
    v->setRange(0, top > 0 ? top * 1.2 : 1);
    v->setLabelFormat(QStringLiteral("%.2f"));
    styleAxis(v, palette);
    chart->addAxis(cats, Qt::AlignBottom);
    chart->addAxis(v, Qt::AlignLeft);
    series->attachAxis(cats);
    series->attachAxis(v);
    return chart;
}

QChart* makeDifferenceChart(const DashboardData& d, const QPalette& palette) {
    const DifferenceClasses& c = d.report.difference_classes;
    QChart* chart = newChart(QObject::tr("Mismatches by kind (weighted records)"), palette);
    auto* set = new QBarSet(QObject::tr("mismatches"));
    set->setObjectName(QStringLiteral("mismatches"));
    set->setColor(outcomeColor(Outcome::Mismatch, palette));
    const double values[] = {c.schema, c.value, c.status, c.header, c.candidate_error};
    double top = 0;
    for (double v : values) {
        *set << v;
        top = std::max(top, v);
    }
    auto* series = new QBarSeries;
    series->setObjectName(QStringLiteral("difference classes"));
    series->append(set);
    series->setLabelsVisible(true);
    chart->addSeries(series);
    auto* cats = new QBarCategoryAxis;
    cats->append({QObject::tr("schema"), QObject::tr("value"), QObject::tr("status"), QObject::tr("header"),
                  QObject::tr("candidate error")});
    styleAxis(cats, palette);
    auto* v = new QValueAxis;
    v->setRange(0, top > 0 ? top * 1.2 : 1);
    v->setLabelFormat(QStringLiteral("%.0f"));
    styleAxis(v, palette);
    chart->addAxis(cats, Qt::AlignBottom);
    chart->addAxis(v, Qt::AlignLeft);
    series->attachAxis(cats);
    series->attachAxis(v);
    chart->legend()->hide();
    return chart;
}

QChart* makeSignaturesChart(const DashboardData& d, const QPalette& palette) {
    const ParityReport& r = d.report;
    QChart* chart = newChart(QObject::tr("New mismatch signatures over time"), palette);
    auto* line = new QLineSeries;
    line->setObjectName(QStringLiteral("new signatures"));
    line->setName(QObject::tr("new signatures per bucket"));
    line->setPointsVisible(true);
    line->setColor(outcomeColor(Outcome::Mismatch, palette));
    uint32_t top = 0;
    for (const TimeBucket& b : r.buckets) {
        line->append(qreal(b.start_ms), b.new_signatures);
        top = std::max(top, b.new_signatures);
    }
    chart->addSeries(line);
    QDateTimeAxis* x = timeAxis(r, palette);
    auto* y = new QValueAxis;
    const uint32_t yMax = std::max<uint32_t>(1, top) + 1;
    y->setRange(0, yMax);
    y->setTickCount(int(std::min<uint32_t>(yMax + 1, 6)));
    y->setLabelFormat(QStringLiteral("%.0f"));
    styleAxis(y, palette);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    line->attachAxis(x);
    line->attachAxis(y);
    chart->legend()->hide();
    return chart;
}

QChart* makeBurndownChart(const DashboardData& d, const QPalette& palette) {
    const ParityReport& r = d.report;
    QChart* chart = newChart(QObject::tr("Allowances burndown (rules by created date)"), palette);
    auto* active = new QLineSeries;
    active->setObjectName(QStringLiteral("active rules"));
    active->setName(QObject::tr("active rules"));
    auto* expired = new QLineSeries;
    expired->setObjectName(QStringLiteral("expired rules"));
    expired->setName(QObject::tr("expired rules"));
    expired->setColor(QColor(200, 60, 60));
    uint32_t top = 0;
    qreal first = 0, last = 0;
    for (const BurndownPoint& p : r.burndown) {
        const QDate date = QDate::fromString(QString::fromStdString(p.date), Qt::ISODate);
        if (!date.isValid()) continue;
        const qreal t = qreal(QDateTime(date, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch());
        if (active->count() == 0) first = t;
        last = t;
        active->append(t, p.active);
        expired->append(t, p.expired);
        top = std::max({top, p.active, p.expired});
    }
    active->setPointsVisible(true);
    expired->setPointsVisible(true);
    chart->addSeries(active);
    chart->addSeries(expired);
    if (active->count() == 0) {  // no rules: a week around today
        const QDate today = QDate::fromString(QString::fromStdString(r.today), Qt::ISODate);
        first = last = qreal(QDateTime(today.isValid() ? today : QDate::currentDate(), QTime(0, 0), QTimeZone::utc())
                                 .toMSecsSinceEpoch());
        chart->setTitle(QObject::tr("Allowances burndown: no rules applied"));
    }
    auto* x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("yyyy-MM-dd"));
    x->setRange(QDateTime::fromMSecsSinceEpoch(qint64(first) - 86'400'000, QTimeZone::utc()),
                QDateTime::fromMSecsSinceEpoch(qint64(last) + 86'400'000, QTimeZone::utc()));
    // One tick per day and per rule while they fit, so no label repeats.
    const int days = int((last - first) / 86'400'000.0 + 0.5) + 2;
    x->setTickCount(days + 1 <= 8 ? days + 1 : 6);
    styleAxis(x, palette);
    auto* y = new QValueAxis;
    const uint32_t yTop = std::max<uint32_t>(1, top) + 1;
    y->setRange(0, yTop);
    y->setLabelFormat(QStringLiteral("%.0f"));
    if (yTop <= 10)
        y->setTickCount(int(yTop) + 1);
    else
        y->applyNiceNumbers();
    styleAxis(y, palette);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QLineSeries* s : {active, expired}) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    return chart;
}

QString chartCsv(const QChart* chart) {
    QString out;
    const QLocale c = QLocale::c();
    auto num = [&](qreal v) { return c.toString(v, 'g', 12); };
    for (QAbstractSeries* s : chart->series()) {
        if (auto* bars = qobject_cast<QAbstractBarSeries*>(s)) {
            QStringList cats;
            for (QAbstractAxis* axis : bars->attachedAxes())
                if (auto* ca = qobject_cast<QBarCategoryAxis*>(axis)) cats = ca->categories();
            out += QStringLiteral("category");
            for (QBarSet* set : bars->barSets()) out += QLatin1Char(',') + set->label();
            out += QLatin1Char('\n');
            for (int i = 0; i < cats.size(); ++i) {
                QString cat = cats[i];
                cat.replace(QLatin1Char('"'), QStringLiteral("\"\""));
                out += QLatin1Char('"') + cat + QLatin1Char('"');
                for (QBarSet* set : bars->barSets()) out += QLatin1Char(',') + num(set->at(i));
                out += QLatin1Char('\n');
            }
        } else if (auto* area = qobject_cast<QAreaSeries*>(s)) {
            out += QStringLiteral("series,x_ms,lower,upper\n");
            const QList<QPointF> up = area->upperSeries()->points();
            const QList<QPointF> down = area->lowerSeries() ? area->lowerSeries()->points() : QList<QPointF>();
            for (int i = 0; i < up.size(); ++i)
                out += QStringLiteral("\"%1\",%2,%3,%4\n")
                           .arg(area->objectName(), num(up[i].x()), num(i < down.size() ? down[i].y() : 0),
                                num(up[i].y()));
        } else if (auto* xy = qobject_cast<QXYSeries*>(s)) {
            out += QStringLiteral("series,x,y\n");
            for (const QPointF& p : xy->points())
                out += QStringLiteral("\"%1\",%2,%3\n").arg(xy->objectName(), num(p.x()), num(p.y()));
        }
    }
    return out;
}

}  // namespace dt
