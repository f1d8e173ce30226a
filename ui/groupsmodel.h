// SPDX-License-Identifier: MIT
#pragma once
// The groups table: one row per signature group (mismatch and drift groups) of an Analysis.
// Sorting is done here, on the group structs (a permutation, fast for 100k groups); the filter
// proxy (groupsproxy.h) only hides rows, using the FilterResult held by this model.
#include <QAbstractTableModel>
#include <QFont>

#include <memory>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/present/record_filter.h"

namespace dt {

class WorkspaceController;

class GroupsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Triage,
        OutcomeColumn,
        Endpoint,
        Differences,
        Count,
        Weighted,
        Share,
        FirstSeen,
        LastSeen,
        Signature,
        Owner,  // workspace: editable inline (F2)
        Note,
        ColumnCount
    };
    enum Role {
        GroupIndexRole = Qt::UserRole + 1,  // uint: index into Analysis::groups()
        SortRole,                           // numeric / string value used for sorting
        SignatureRole,
    };

    explicit GroupsModel(QObject* parent = nullptr);

    void setAnalysis(std::shared_ptr<const Analysis> analysis);
    // Triage states, owners and notes come from the workspace (null = none shown).
    void setWorkspace(WorkspaceController* workspace);
    const Analysis* analysis() const { return m_analysis.get(); }
    // Null = no filter. Changes the Count column ("matching of total") and what the proxy shows.
    void setFilter(std::shared_ptr<const FilterResult> filter);
    const FilterResult* filter() const { return m_filter.get(); }

    int groupAt(int row) const { return row >= 0 && row < int(m_order.size()) ? int(m_order[size_t(row)]) : -1; }
    int rowOfGroup(uint32_t group) const;
    bool rowVisible(int row) const;
    // Records of the group at `row` that pass the filter.
    uint32_t matchingCount(int row) const;
    // Weighted share of all shown non-matching weight (mismatch, drift, …: one denominator for every
    // row, so sorting by it is meaningful), 0..1. Follows the filter like weightedOf().
    double shareOf(uint32_t group) const;
    double weightedOf(uint32_t group) const;  // the group's weight over the members passing the filter
    int64_t firstSeenOf(uint32_t group) const;
    int64_t lastSeenOf(uint32_t group) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

private:
    const QString& summary(uint32_t group) const;

    std::shared_ptr<const Analysis> m_analysis;
    std::shared_ptr<const FilterResult> m_filter;
    WorkspaceController* m_workspace = nullptr;
    std::vector<uint32_t> m_order;             // row -> group
    mutable std::vector<QString> m_summaries;  // lazily built difference summaries
    double m_shareTotal = 0;                   // denominator of Share: weight of every shown group
    void updateShareTotal();
    int m_sortColumn = Count;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
    QFont m_fixedFont;
};

// Short UTC time for tables: "2026-11-20 10:00:00".
QString shortTime(int64_t ms);

}  // namespace dt
