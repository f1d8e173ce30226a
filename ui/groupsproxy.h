// SPDX-License-Identifier: MIT
#pragma once
// Hides the groups the current FilterResult rejects. Sorting is forwarded to GroupsModel (which
// sorts group structs directly instead of comparing QVariants row by row).
#include <QSortFilterProxyModel>

namespace dt {

class GroupsModel;

class GroupsProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit GroupsProxy(QObject* parent = nullptr);
    void setGroupsModel(GroupsModel* model);
    GroupsModel* groupsModel() const { return m_model; }
    // Call after GroupsModel::setFilter().
    void refilter();
    // Group index (into Analysis::groups()) at a proxy row, or -1.
    int groupAt(int proxyRow) const;
    int rowOfGroup(uint32_t group) const;

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    GroupsModel* m_model = nullptr;
};

}  // namespace dt
