// SPDX-License-Identifier: MIT
#pragma once
// The causes table (issue 9): one row per cause of an Analysis (core/analysis/causes.h) — title,
// class, records, share, paths, endpoints, id — ranked like `difftriage-cli causes`. Selecting a
// cause filters groups and records to it: causeFilter() gives the FilterResult the groups model
// and the records view already understand (core/present/record_filter.h).
#include <QAbstractTableModel>

#include <memory>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/analysis/causes.h"
#include "core/present/cause_filter.h"

namespace dt {

class WorkspaceController;

class CausesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Title, Class, Records, Share, Paths, Endpoints, Id, Triage, Owner, Note, ColumnCount };
    enum Role {
        CauseIndexRole = Qt::UserRole + 1,  // uint: index into causes()
        CauseIdRole,                        // QString: the 12-hex id
    };

    explicit CausesModel(QObject* parent = nullptr);

    void setAnalysis(std::shared_ptr<const Analysis> analysis);
    // Triage states, owners and notes of causes come from the workspace (null = none shown).
    void setWorkspace(WorkspaceController* workspace);
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    const CauseIndex& causes() const { return m_causes; }
    // Groups of the cause at `row` visible, records of those groups passing; null for a bad row.
    std::shared_ptr<const FilterResult> causeFilter(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const Analysis> m_analysis;
    CauseIndex m_causes;
    WorkspaceController* m_workspace = nullptr;
};

}  // namespace dt
