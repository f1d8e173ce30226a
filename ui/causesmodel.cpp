// SPDX-License-Identifier: MIT
#include "ui/causesmodel.h"
#include "ui/qtext.h"

#include <QApplication>

#include "ui/triagestyle.h"
#include "ui/workspacecontroller.h"

#include <QLocale>

namespace dt {

namespace {

QString joined(const std::vector<std::string>& v, size_t max) {
    QStringList parts;
    for (size_t i = 0; i < v.size() && i < max; ++i) parts << qs(v[i]);
    QString s = parts.join(QStringLiteral(", "));
    if (v.size() > max) s += QObject::tr(", +%1 more").arg(v.size() - max);
    return s;
}
}  // namespace

CausesModel::CausesModel(QObject* parent) : QAbstractTableModel(parent) {}

void CausesModel::setAnalysis(std::shared_ptr<const Analysis> analysis) {
    beginResetModel();
    m_analysis = std::move(analysis);
    m_causes = m_analysis ? computeCauses(*m_analysis) : CauseIndex{};
    endResetModel();
}

std::shared_ptr<const FilterResult> CausesModel::causeFilter(int row) const {
    if (!m_analysis || row < 0 || row >= rowCount()) return nullptr;
    return std::make_shared<const FilterResult>(filterForCause(*m_analysis, m_causes, uint32_t(row)));
}

int CausesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_causes.causes.size());
}

int CausesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant CausesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Cause& c = m_causes.causes[size_t(index.row())];
    const TriageAnnotation* triage = m_workspace ? m_workspace->cause(c.id) : nullptr;
    if (index.column() >= Triage) {
        if (role == Qt::ForegroundRole && index.column() == Triage) return triageColor(triage, QApplication::palette());
        if (role == Qt::ToolTipRole) return triageToolTip(triage);
        if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
        if (index.column() == Triage) return triageText(triage);
        if (!triage) return QString();
        return QString::fromStdString(index.column() == Owner ? triage->owner : triage->note);
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Title: return qs(c.title);
        case Class: return c.representation ? QObject::tr("%1 (representation)").arg(qs(c.cls)) : qs(c.cls);
        case Records: return QLocale().toString(qulonglong(c.count));
        case Share:
            return m_causes.records
                       ? QStringLiteral("%1%").arg(100.0 * double(c.count) / double(m_causes.records), 0, 'f', 1)
                       : QString();
        case Paths: return joined(c.paths, 3);
        case Endpoints: return joined(c.endpoints, 2);
        case Id: return qs(c.id);
        }
        break;
    case Qt::ToolTipRole:
        return QObject::tr("%1\n%2 records (weighted %3), %4 group(s)\npaths: %5\nendpoints: %6")
            .arg(qs(c.title))
            .arg(c.count)
            .arg(c.weighted)
            .arg(c.groups.size())
            .arg(joined(c.paths, 20), joined(c.endpoints, 20));
    case Qt::TextAlignmentRole:
        if (index.column() == Records || index.column() == Share) return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case CauseIndexRole: return uint(index.row());
    case CauseIdRole: return qs(c.id);
    }
    return {};
}

QVariant CausesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Title: return tr("Cause");
    case Class: return tr("Class");
    case Records: return tr("Records");
    case Share: return tr("Share");
    case Paths: return tr("Paths");
    case Endpoints: return tr("Endpoints");
    case Id: return tr("Id");
    case Triage: return tr("Triage");
    case Owner: return tr("Owner");
    case Note: return tr("Note");
    }
    return {};
}

void CausesModel::setWorkspace(WorkspaceController* workspace) {
    m_workspace = workspace;
    if (m_workspace)
        connect(m_workspace, &WorkspaceController::changed, this, [this] {
            if (rowCount() > 0) emit dataChanged(index(0, Triage), index(rowCount() - 1, Note));
        });
}

bool CausesModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !m_workspace || !checkIndex(index, CheckIndexOption::IndexIsValid)) return false;
    if (index.column() != Owner && index.column() != Note) return false;
    const Cause& c = m_causes.causes[size_t(index.row())];
    const TriageAnnotation* a = m_workspace->cause(c.id);
    QString owner = a ? QString::fromStdString(a->owner) : QString();
    QString note = a ? QString::fromStdString(a->note) : QString();
    const QString ticket = a ? QString::fromStdString(a->ticket) : QString();
    (index.column() == Owner ? owner : note) = value.toString();
    m_workspace->setCauseText(c.id, owner, note, ticket);
    return true;
}

Qt::ItemFlags CausesModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && m_workspace && m_workspace->isOpen() && (index.column() == Owner || index.column() == Note))
        f |= Qt::ItemIsEditable;
    return f;
}

}  // namespace dt
