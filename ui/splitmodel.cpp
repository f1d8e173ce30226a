// SPDX-License-Identifier: MIT
#include "ui/splitmodel.h"

#include <QFont>
#include <QLocale>

namespace dt {

SplitModel::SplitModel(QObject* parent) : QAbstractTableModel(parent) {}

void SplitModel::setBreakdown(const QString& field, std::vector<SplitValue> values) {
    beginResetModel();
    m_field = field;
    m_values = std::move(values);
    m_total = 0;
    m_weighted = 0;
    for (const SplitValue& v : m_values) {
        m_total += v.count;
        m_weighted += v.weighted;
    }
    endResetModel();
}

const SplitValue* SplitModel::valueAt(int row) const {
    return row >= 1 && size_t(row) <= m_values.size() ? &m_values[size_t(row - 1)] : nullptr;
}

int SplitModel::rowOf(const QString& label) const {
    for (size_t i = 0; i < m_values.size(); ++i)
        if (QString::fromStdString(splitValueLabel(m_values[i])) == label) return int(i) + 1;
    return -1;
}

int SplitModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || m_field.isEmpty() ? 0 : int(m_values.size()) + 1;
}

int SplitModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant SplitModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const SplitValue* v = valueAt(index.row());
    const uint64_t count = v ? v->count : m_total;
    const double weighted = v ? v->weighted : m_weighted;
    const QLocale locale;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Value:
            if (!v) return tr("All values (%1)").arg(m_field);
            return QString::fromStdString(splitValueLabel(*v));
        case Records: return locale.toString(qulonglong(count));
        case Weighted: return locale.toString(weighted, 'g', 8);
        }
        break;
    case SortRole:
        switch (index.column()) {
        case Value: return v ? QString::fromStdString(splitValueLabel(*v)) : QString();
        case Records: return qulonglong(count);
        case Weighted: return weighted;
        }
        break;
    case Qt::ToolTipRole:
        if (!v) return tr("Every record of the group");
        if (v->none) return tr("Records without the %1 tag").arg(m_field);
        return tr("%1 = %2").arg(m_field, QString::fromStdString(v->value));
    case Qt::TextAlignmentRole:
        if (index.column() != Value) return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (!v) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        break;
    default: break;
    }
    return {};
}

QVariant SplitModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Value: return m_field.isEmpty() ? tr("Value") : m_field;
    case Records: return tr("Records");
    case Weighted: return tr("Weighted");
    }
    return {};
}

}  // namespace dt
