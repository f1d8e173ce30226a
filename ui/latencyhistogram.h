// SPDX-License-Identifier: MIT
#pragma once
// The dashboard's latency histogram for one endpoint (docs/dashboard.md): the primary's and the
// candidate's weighted request counts per log-spaced latency bin, side by side, from the parity
// report (EndpointParity::hist_*). The endpoint is chosen in the box above the chart, or by
// clicking its bar in the endpoint chart.
#include <QWidget>

#include <memory>

class QChartView;
class QComboBox;

namespace dt {

struct DashboardData;

class LatencyHistogram : public QWidget {
    Q_OBJECT
public:
    explicit LatencyHistogram(QWidget* parent = nullptr);

    // Keeps the chosen endpoint when the new data has it (else the first endpoint with samples).
    void setData(std::shared_ptr<const DashboardData> data);
    bool setEndpoint(const QString& endpoint);  // false when the data has no such endpoint
    QString endpoint() const;
    QChartView* view() const { return m_view; }
    QComboBox* endpointBox() const { return m_endpoint; }

private:
    void rebuild();

    std::shared_ptr<const DashboardData> m_data;
    QComboBox* m_endpoint = nullptr;
    QChartView* m_view = nullptr;
};

}  // namespace dt
