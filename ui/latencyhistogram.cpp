// SPDX-License-Identifier: MIT
#include "ui/latencyhistogram.h"

#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QValueAxis>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

#include "ui/dashboardcharts.h"

namespace dt {

namespace {

QString edgeText(double ms) { return ms < 10 ? QString::number(ms, 'f', 1) : QString::number(ms, 'f', 0); }

}  // namespace

LatencyHistogram::LatencyHistogram(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("latencyHistogram"));
    m_endpoint = new QComboBox(this);
    m_endpoint->setObjectName(QStringLiteral("histogramEndpoint"));
    m_endpoint->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_view = new QChartView(this);
    m_view->setObjectName(QStringLiteral("histogramChart"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(260);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Latency histogram of"), this));
    top->addWidget(m_endpoint);
    top->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    connect(m_endpoint, &QComboBox::currentIndexChanged, this, &LatencyHistogram::rebuild);
}

void LatencyHistogram::setData(std::shared_ptr<const DashboardData> data) {
    const QString keep = endpoint();
    m_data = std::move(data);
    {
        const QSignalBlocker block(m_endpoint);
        m_endpoint->clear();
        if (m_data)
            for (const EndpointParity& e : m_data->report.endpoints)
                if (!e.hist_edges.empty()) m_endpoint->addItem(QString::fromStdString(e.endpoint));
        const int at = m_endpoint->findText(keep);
        m_endpoint->setCurrentIndex(at >= 0 ? at : (m_endpoint->count() > 0 ? 0 : -1));
    }
    rebuild();
}

bool LatencyHistogram::setEndpoint(const QString& endpoint) {
    const int at = m_endpoint->findText(endpoint);
    if (at < 0) return false;
    m_endpoint->setCurrentIndex(at);
    return true;
}

QString LatencyHistogram::endpoint() const { return m_endpoint->currentText(); }

void LatencyHistogram::rebuild() {
    auto* chart = new QChart;
    chart->setObjectName(QStringLiteral("histogram"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    const EndpointParity* e = nullptr;
    if (m_data)
        for (const EndpointParity& x : m_data->report.endpoints)
            if (QString::fromStdString(x.endpoint) == endpoint()) e = &x;
    if (e && e->hist_edges.size() >= 2) {
        chart->setTitle(tr("Latency of %1 (requests per bin, ms)").arg(endpoint()));
        auto* series = new QBarSeries;
        series->setObjectName(QStringLiteral("histogram"));
        auto* primary = new QBarSet(tr("primary"));
        primary->setObjectName(QStringLiteral("primary"));
        auto* candidate = new QBarSet(tr("candidate"));
        candidate->setObjectName(QStringLiteral("candidate"));
        QStringList bins;
        double top = 0;
        for (size_t b = 0; b + 1 < e->hist_edges.size(); ++b) {
            const double p = b < e->hist_primary.size() ? e->hist_primary[b] : 0;
            const double c = b < e->hist_candidate.size() ? e->hist_candidate[b] : 0;
            *primary << p;
            *candidate << c;
            top = std::max({top, p, c});
            bins << edgeText(e->hist_edges[b]);  // the bin's lower edge (short: 40 bins fit)
        }
        series->append(primary);
        series->append(candidate);
        chart->addSeries(series);
        auto* x = new QBarCategoryAxis;
        x->append(bins);
        x->setLabelsAngle(-90);
        x->setTitleText(tr("latency from (ms), log-spaced bins"));
        auto* y = new QValueAxis;
        y->setRange(0, top > 0 ? top * 1.05 : 1);
        y->setLabelFormat(QStringLiteral("%.0f"));
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        series->attachAxis(x);
        series->attachAxis(y);
    } else {
        chart->setTitle(tr("Latency histogram: no endpoint with latency samples"));
    }
    QChart* old = m_view->chart();
    m_view->setChart(chart);
    delete old;
}

}  // namespace dt
