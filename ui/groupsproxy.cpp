// SPDX-License-Identifier: MIT
#include "ui/groupsproxy.h"

#include "ui/groupsmodel.h"

namespace dt {

GroupsProxy::GroupsProxy(QObject* parent) : QSortFilterProxyModel(parent) { setDynamicSortFilter(false); }

void GroupsProxy::setGroupsModel(GroupsModel* model) {
    m_model = model;
    setSourceModel(model);
}

void GroupsProxy::refilter() { invalidateFilter(); }

int GroupsProxy::groupAt(int proxyRow) const {
    if (!m_model || proxyRow < 0 || proxyRow >= rowCount()) return -1;
    return m_model->groupAt(mapToSource(index(proxyRow, 0)).row());
}

int GroupsProxy::rowOfGroup(uint32_t group) const {
    if (!m_model) return -1;
    const int sourceRow = m_model->rowOfGroup(group);
    if (sourceRow < 0) return -1;
    return mapFromSource(m_model->index(sourceRow, 0)).row();
}

void GroupsProxy::sort(int column, Qt::SortOrder order) {
    // The proxy keeps source order (its own sort column stays -1); the model sorts.
    if (m_model) m_model->sort(column, order);
}

bool GroupsProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (sourceParent.isValid() || !m_model) return false;
    return m_model->rowVisible(sourceRow);
}

}  // namespace dt
