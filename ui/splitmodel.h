// SPDX-License-Identifier: MIT
#pragma once
// The breakdown of a split group (Triage › Split Group By…, core/triage/split_breakdown.h): one row
// per value of the split field with its records and weight, after a first row "All values" (the
// whole group). Selecting a row shows that value's records.
#include <QAbstractTableModel>

#include <vector>

#include "core/triage/split_breakdown.h"

namespace dt {

class SplitModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Value, Records, Weighted, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 };

    explicit SplitModel(QObject* parent = nullptr);

    // field "" = no split (the model is empty).
    void setBreakdown(const QString& field, std::vector<SplitValue> values);
    void clear() { setBreakdown(QString(), {}); }
    QString field() const { return m_field; }
    bool isEmpty() const { return m_field.isEmpty(); }
    // The value of a row; null for row 0 ("All values") and rows out of range.
    const SplitValue* valueAt(int row) const;
    // Row of a value label ("(none)" for records without the tag), -1 when absent.
    int rowOf(const QString& label) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString m_field;
    std::vector<SplitValue> m_values;
    uint64_t m_total = 0;
    double m_weighted = 0;
};

}  // namespace dt
