// SPDX-License-Identifier: MIT
#include "ui/differencesmodel.h"
#include "ui/qtext.h"
#include "ui/sidelabels.h"

#include "core/compare/value_class.h"

#include <QFont>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QPalette>

namespace dt {

namespace {

bool valueAbsent(const Difference& d, bool primary) {
    const std::string& v = primary ? d.primary : d.candidate;
    return v.empty() && ((primary && d.kind == DiffKind::Extra) || (!primary && d.kind == DiffKind::Missing) ||
                         d.kind == DiffKind::Header || d.kind == DiffKind::CandidateError);
}

QString valueText(const Difference& d, bool primary) {
    const std::string& v = primary ? d.primary : d.candidate;
    if (valueAbsent(d, primary)) return QObject::tr("(absent)");
    QString s = qs(v);
    s.replace(QLatin1Char('\n'), QChar(0x21b5));
    return s;
}

}  // namespace

DifferencesModel::DifferencesModel(QObject* parent) : QAbstractTableModel(parent) {
    m_grey = QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
}

void DifferencesModel::setResult(const CompareResult& result) { setDifferences(result.differences, result.absorbed); }

void DifferencesModel::setDifferences(std::vector<Difference> remaining, std::vector<Difference> absorbed) {
    // Document order: F7 walks down the document (/items/2 before /items/10).
    sortDocumentOrder(remaining);
    sortDocumentOrder(absorbed);
    beginResetModel();
    m_remaining = std::move(remaining);
    m_absorbed = std::move(absorbed);
    endResetModel();
}

void DifferencesModel::clear() { setDifferences({}, {}); }

const Difference& DifferencesModel::difference(int row) const {
    return row < remainingCount() ? m_remaining[size_t(row)] : m_absorbed[size_t(row - remainingCount())];
}

int DifferencesModel::rowForPointer(std::string_view pointer) const {
    int best = -1;
    size_t bestLength = 0;
    for (int row = 0; row < rowCount(); ++row) {
        const Difference& d = difference(row);
        if (!isBodyKind(d.kind) || !pointerAtOrBelow(pointer, d.path)) continue;
        if (best < 0 || d.path.size() > bestLength) {
            best = row;
            bestLength = d.path.size();
        }
    }
    return best;
}

int DifferencesModel::rowOf(DiffKind kind, std::string_view path, bool anyPath) const {
    for (int row = 0; row < rowCount(); ++row) {
        const Difference& d = difference(row);
        if (d.kind == kind && (anyPath || d.path == path)) return row;
    }
    return -1;
}

void DifferencesModel::setGreyColor(const QColor& color) {
    if (color == m_grey) return;
    m_grey = color;
    if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::ForegroundRole});
}

QString DifferencesModel::kindLabel(const Difference& d) {
    // "changed · same instant", "missing · was null": the kind and how the value changed.
    const std::string label = classLabel(classText(d));
    return label.empty() ? qs(kindName(d.kind)) : QStringLiteral("%1 · %2").arg(qs(kindName(d.kind)), qs(label));
}

QString DifferencesModel::pathLabel(const Difference& d) {
    switch (d.kind) {
    case DiffKind::Status: return QObject::tr("(status)");
    case DiffKind::CandidateError: return QObject::tr("(candidate error)");
    case DiffKind::Header: return qs(d.path);
    default: break;
    }
    return d.path.empty() ? QObject::tr("(body)") : qs(d.path);
}

int DifferencesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_remaining.size() + m_absorbed.size());
}

int DifferencesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DifferencesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const int row = index.row();
    const Difference& d = difference(row);
    const bool absorbed = isAbsorbed(row);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case PathColumn: return pathLabel(d);
        case KindColumn: return kindLabel(d);
        case PrimaryColumn: return valueText(d, true);
        case CandidateColumn: return valueText(d, false);
        case RuleColumn: return absorbed ? qs(d.rule_id) : QString();
        }
        break;
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("%1 %2\nprimary: %3\ncandidate: %4")
                          .arg(kindLabel(d), pathLabel(d), valueText(d, true), valueText(d, false));
        if (d.cls != ValueClass::None) tip += QObject::tr("\nclass: %1").arg(qs(classText(d)));
        if (!d.generalized.empty() && d.generalized != d.path)
            tip += QObject::tr("\ngeneralized: %1").arg(qs(d.generalized));
        if (absorbed) tip += QObject::tr("\nabsorbed by rule %1").arg(qs(d.rule_id));
        return tip;
    }
    case Qt::ForegroundRole:
        if (absorbed) return QBrush(m_grey);
        if ((index.column() == PrimaryColumn && valueAbsent(d, true)) ||
            (index.column() == CandidateColumn && valueAbsent(d, false)))
            return QBrush(m_grey);
        break;
    case Qt::FontRole:
        if (index.column() == PathColumn || index.column() == PrimaryColumn || index.column() == CandidateColumn) {
            QFont f = QFontDatabase::systemFont(QFontDatabase::FixedFont);
            f.setItalic(absorbed);
            return f;
        }
        if (absorbed) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        break;
    case PathRole: return qs(d.path);
    case KindRole: return int(d.kind);
    case AbsorbedRole: return absorbed;
    case RuleRole: return qs(d.rule_id);
    default: break;
    }
    return {};
}

void DifferencesModel::setSidesSwapped(bool swapped) {
    if (m_swapped == swapped) return;
    m_swapped = swapped;
    emit headerDataChanged(Qt::Horizontal, PrimaryColumn, CandidateColumn);
}

QVariant DifferencesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == PrimaryColumn)
        return referenceSideLabel(m_swapped);  // "Candidate (reference)" in full
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PathColumn: return tr("Path");
    case KindColumn: return tr("Kind");
    // Swapped: the narrow value column says "Candidate" (first = the reference; tooltip in full).
    case PrimaryColumn: return m_swapped ? comparedSideLabel(false) : referenceSideLabel(false);
    case CandidateColumn: return comparedSideLabel(m_swapped);
    case RuleColumn: return tr("Rule");
    }
    return {};
}

}  // namespace dt
