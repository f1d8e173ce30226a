// SPDX-License-Identifier: MIT
#pragma once
// The "Load problems" table: records a reader could not use (line/row, id, reason, raw text).
#include <QAbstractTableModel>

#include <memory>

#include "core/analysis/analysis.h"

namespace dt {

class ProblemsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Location, Id, Reason, ColumnCount };
    enum Role { RawRole = Qt::UserRole + 1, LineRole, RowIdRole };

    explicit ProblemsModel(QObject* parent = nullptr);
    void setAnalysis(std::shared_ptr<const Analysis> analysis);
    const LoadProblem* problem(int row) const;
    // "line 17" (JSONL) or "row 5" (SQLite).
    static QString locationText(const LoadProblem& p);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const Analysis> m_analysis;
};

}  // namespace dt
