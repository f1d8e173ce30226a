// SPDX-License-Identifier: MIT
#pragma once
// Always-visible outcome totals: records, match, mismatch, noise, drift, allowed, invalid and the
// weighted match rate. Colours come from the palette (outcomestyle.h).
#include <QWidget>

#include <array>

#include "core/analysis/analysis.h"

class QLabel;

namespace dt {

class OutcomeBar : public QWidget {
    Q_OBJECT
public:
    explicit OutcomeBar(QWidget* parent = nullptr);
    void setAnalysis(const Analysis* analysis);  // null: shows dashes
    // The shown texts (tests): "records", "match", ..., "rate".
    QString text(const QString& key) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();

    QLabel* m_records;
    std::array<QLabel*, kOutcomeCount> m_outcomes{};
    QLabel* m_rate;
    std::array<uint64_t, kOutcomeCount> m_counts{};
    std::array<double, kOutcomeCount> m_weights{};
    uint64_t m_total = 0;
    double m_matchRate = 0;
    bool m_has = false;
};

}  // namespace dt
