// SPDX-License-Identifier: MIT
#include "ui/problemsmodel.h"

#include <QFontDatabase>

#include <algorithm>
#include <limits>

namespace dt {

ProblemsModel::ProblemsModel(QObject* parent) : QAbstractTableModel(parent) {}

void ProblemsModel::setAnalysis(std::shared_ptr<const Analysis> analysis) {
    beginResetModel();
    m_analysis = std::move(analysis);
    endResetModel();
}

const LoadProblem* ProblemsModel::problem(int row) const {
    if (!m_analysis || row < 0 || row >= rowCount()) return nullptr;
    return &m_analysis->problems()[size_t(row)];
}

QString ProblemsModel::locationText(const LoadProblem& p) {
    if (p.line > 0) return QStringLiteral("line %1").arg(p.line);
    if (p.rowid != 0) return QStringLiteral("row %1").arg(p.rowid);
    return QStringLiteral("store");
}

int ProblemsModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_analysis) return 0;
    return int(std::min<size_t>(m_analysis->problems().size(), size_t(std::numeric_limits<int>::max())));
}

int ProblemsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ProblemsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const LoadProblem& p = *problem(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Location: return locationText(p);
        case Id: return QString::fromStdString(p.id);
        case Reason: return QString::fromStdString(p.reason);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Reason) return QString::fromStdString(p.reason);
        return QString::fromStdString(p.raw.substr(0, 2000));
    case RawRole: return QString::fromUtf8(p.raw.data(), qsizetype(p.raw.size()));
    case LineRole: return QVariant::fromValue(qulonglong(p.line));
    case RowIdRole: return QVariant::fromValue(qlonglong(p.rowid));
    case Qt::FontRole:
        if (index.column() == Id) return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        break;
    default: break;
    }
    return {};
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Location: return QStringLiteral("Where");
    case Id: return QStringLiteral("Id");
    case Reason: return QStringLiteral("Reason");
    }
    return {};
}

}  // namespace dt
