// SPDX-License-Identifier: MIT
#include "ui/groupsmodel.h"
#include "ui/timeformat.h"

#include <QApplication>
#include <QDateTime>
#include <QFontDatabase>
#include <QLocale>
#include <QPalette>

#include <algorithm>
#include <numeric>

#include "ui/outcomestyle.h"
#include "ui/triagestyle.h"
#include "ui/workspacecontroller.h"

namespace dt {

QString shortTime(int64_t ms) { return formatTime(ms, false); }

GroupsModel::GroupsModel(QObject* parent)
        : QAbstractTableModel(parent), m_fixedFont(QFontDatabase::systemFont(QFontDatabase::FixedFont)) {}

void GroupsModel::setWorkspace(WorkspaceController* workspace) {
    m_workspace = workspace;
    if (m_workspace)
        connect(m_workspace, &WorkspaceController::changed, this, [this] {
            if (rowCount() > 0) emit dataChanged(index(0, Triage), index(rowCount() - 1, ColumnCount - 1));
        });
}

bool GroupsModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !m_workspace || !m_analysis || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    if (index.column() != Owner && index.column() != Note) return false;
    const Group& g = m_analysis->groups()[m_order[size_t(index.row())]];
    const TriageAnnotation* a = m_workspace->group(g.signature);
    QString owner = a ? QString::fromStdString(a->owner) : QString();
    QString note = a ? QString::fromStdString(a->note) : QString();
    const QString ticket = a ? QString::fromStdString(a->ticket) : QString();
    (index.column() == Owner ? owner : note) = value.toString();
    m_workspace->setGroupText(g.signature, owner, note, ticket);
    return true;
}

Qt::ItemFlags GroupsModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && m_workspace && m_workspace->isOpen() && (index.column() == Owner || index.column() == Note))
        f |= Qt::ItemIsEditable;
    return f;
}

void GroupsModel::setAnalysis(std::shared_ptr<const Analysis> analysis) {
    beginResetModel();
    m_analysis = std::move(analysis);
    m_filter.reset();
    m_order.clear();
    m_summaries.clear();
    if (m_analysis) {
        const auto& groups = m_analysis->groups();
        m_order.resize(groups.size());
        std::iota(m_order.begin(), m_order.end(), 0u);
        m_summaries.resize(groups.size());
    }
    updateShareTotal();
    endResetModel();
    if (m_analysis && !(m_sortColumn == Count && m_sortOrder == Qt::DescendingOrder))
        sort(m_sortColumn, m_sortOrder);  // keep the user's sort across loads
}

void GroupsModel::setFilter(std::shared_ptr<const FilterResult> filter) {
    if (filter && m_analysis && filter->groupVisible.size() != m_analysis->groups().size())
        filter.reset();  // computed for another analysis
    m_filter = std::move(filter);
    updateShareTotal();
    if (!m_order.empty())
        emit dataChanged(index(0, Count), index(rowCount() - 1, LastSeen), {Qt::DisplayRole, Qt::ToolTipRole});
    if (m_analysis &&
        (m_sortColumn == Weighted || m_sortColumn == Share || m_sortColumn == FirstSeen || m_sortColumn == LastSeen))
        sort(m_sortColumn, m_sortOrder);  // the values follow the filter: so does their order
}

int GroupsModel::rowOfGroup(uint32_t group) const {
    const auto it = std::find(m_order.begin(), m_order.end(), group);
    return it == m_order.end() ? -1 : int(it - m_order.begin());
}

bool GroupsModel::rowVisible(int row) const {
    const int g = groupAt(row);
    if (g < 0) return false;
    return !m_filter || m_filter->groupVisible[size_t(g)];
}

uint32_t GroupsModel::matchingCount(int row) const {
    const int g = groupAt(row);
    if (g < 0) return 0;
    if (m_filter) return m_filter->groupMatches[size_t(g)];
    return uint32_t(m_analysis->groups()[size_t(g)].members.size());
}

void GroupsModel::updateShareTotal() {
    m_shareTotal = 0;
    if (!m_analysis) return;
    for (uint32_t g = 0; g < m_analysis->groups().size(); ++g)
        if (!m_filter || m_filter->groupVisible[g]) m_shareTotal += weightedOf(g);
}

double GroupsModel::weightedOf(uint32_t group) const {
    if (m_filter && !m_filter->groupWeighted.empty()) return m_filter->groupWeighted[group];
    return m_analysis->groups()[group].weighted;
}

int64_t GroupsModel::firstSeenOf(uint32_t group) const {
    if (m_filter && !m_filter->groupFirstTs.empty() && m_filter->groupMatches[group] > 0)
        return m_filter->groupFirstTs[group];
    return m_analysis->groups()[group].first_ts;
}

int64_t GroupsModel::lastSeenOf(uint32_t group) const {
    if (m_filter && !m_filter->groupLastTs.empty() && m_filter->groupMatches[group] > 0)
        return m_filter->groupLastTs[group];
    return m_analysis->groups()[group].last_ts;
}

double GroupsModel::shareOf(uint32_t group) const { return m_shareTotal > 0 ? weightedOf(group) / m_shareTotal : 0.0; }

const QString& GroupsModel::summary(uint32_t group) const {
    QString& s = m_summaries[group];
    if (s.isNull()) s = QString::fromStdString(differenceSummary(*m_analysis, m_analysis->groups()[group], 4));
    return s;
}

int GroupsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_order.size()); }

int GroupsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant GroupsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_analysis)
        return {};
    const uint32_t gi = m_order[size_t(index.row())];
    const Group& g = m_analysis->groups()[gi];
    const QString endpoint = g.endpoint == kNone ? QString() : QString::fromStdString(m_analysis->endpoint(g.endpoint));
    const QLocale locale;
    const TriageAnnotation* triage = m_workspace ? m_workspace->group(g.signature) : nullptr;
    switch (role) {
    case GroupIndexRole: return QVariant::fromValue(uint(gi));
    case SignatureRole: return QString::fromStdString(g.signature);
    case SortRole:
        switch (index.column()) {
        case Count: return QVariant::fromValue(qulonglong(g.count));
        case Weighted: return weightedOf(gi);
        case Share: return shareOf(gi);
        case FirstSeen: return QVariant::fromValue(qlonglong(firstSeenOf(gi)));
        case LastSeen: return QVariant::fromValue(qlonglong(lastSeenOf(gi)));
        default: break;
        }
        return data(index, Qt::DisplayRole);
    case Qt::DisplayRole:
        switch (index.column()) {
        case Triage: return triageText(triage);
        case Owner: return triage ? QString::fromStdString(triage->owner) : QString();
        case Note: return triage ? QString::fromStdString(triage->note).section(QLatin1Char('\n'), 0, 0) : QString();
        case OutcomeColumn: return outcomeLabel(g.outcome).toLower();
        case Endpoint: return endpoint.isEmpty() ? QStringLiteral("(unknown)") : endpoint;
        case Differences:
            if (m_workspace && m_workspace->isOpen())  // Triage › Split Group By…: the breakdown is below
                if (const auto field = splitOf(m_workspace->workspace(), g.signature))
                    return tr("[split by %1] %2").arg(QString::fromStdString(*field), summary(gi));
            return summary(gi);
        case Count:
            if (m_filter && m_filter->recordLevel() && m_filter->groupMatches[gi] < g.members.size())
                return QStringLiteral("%1 of %2")
                    .arg(locale.toString(m_filter->groupMatches[gi]), locale.toString(qulonglong(g.count)));
            return locale.toString(qulonglong(g.count));
        case Weighted: {
            const double w = weightedOf(gi);
            return locale.toString(w, 'f', w == double(uint64_t(w)) ? 0 : 1);
        }
        case Share: return QStringLiteral("%1 %").arg(locale.toString(shareOf(gi) * 100.0, 'f', 1));
        case FirstSeen: return shortTime(firstSeenOf(gi));
        case LastSeen: return shortTime(lastSeenOf(gi));
        case Signature: return QString::fromStdString(g.signature);
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Differences: {
            QString tip = endpoint + QLatin1Char('\n');
            tip += QString::fromStdString(differenceSummary(*m_analysis, g, 1000, "\n"));
            return tip;
        }
        case FirstSeen: return QString::fromStdString(formatTimestampMs(firstSeenOf(gi)));
        case LastSeen: return QString::fromStdString(formatTimestampMs(lastSeenOf(gi)));
        case Share:
            return g.outcome == Outcome::Drift ? QStringLiteral("share of all shown non-matching weight (a drift "
                                                                "group: the legacy system changed, not the candidate)")
                                               : QStringLiteral("share of all shown non-matching weight");
        case Triage:
        case Owner: return triageToolTip(triage);
        case Note: return triage ? QString::fromStdString(triage->note) : QString();
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case Count:
        case Weighted:
        case Share: return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default: return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case Qt::ForegroundRole:
        if (index.column() == OutcomeColumn) return outcomeColor(g.outcome, QApplication::palette());
        if (index.column() == Triage) return triageColor(triage, QApplication::palette());
        break;
    case Qt::FontRole:
        if (index.column() == Signature) return m_fixedFont;
        break;
    default: break;
    }
    return {};
}

QVariant GroupsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Triage: return QStringLiteral("Triage");
        case OutcomeColumn: return QStringLiteral("Outcome");
        case Endpoint: return QStringLiteral("Endpoint");
        case Differences: return QStringLiteral("Differences");
        case Count: return QStringLiteral("Count");
        case Weighted: return QStringLiteral("Weighted");
        case Share: return QStringLiteral("Share");
        case FirstSeen: return QStringLiteral("First seen");
        case LastSeen: return QStringLiteral("Last seen");
        case Signature: return QStringLiteral("Signature");
        case Owner: return QStringLiteral("Owner");
        case Note: return QStringLiteral("Note");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case Count: return QStringLiteral("Records in the group (matching the filter, of all)");
        case Weighted: return QStringLiteral("Sum of record weights: the comparisons the group stands for");
        case Share:
            return QStringLiteral("Weighted share of all shown non-matching weight (one denominator for every row)");
        case Signature: return QStringLiteral("Root-cause signature: stable across runs and store formats");
        default: break;
        }
    }
    return {};
}

void GroupsModel::sort(int column, Qt::SortOrder order) {
    if (column < 0 || column >= ColumnCount) return;
    m_sortColumn = column;
    m_sortOrder = order;
    if (!m_analysis || m_order.empty()) return;
    const auto& groups = m_analysis->groups();
    std::vector<uint32_t> order_(groups.size());
    std::iota(order_.begin(), order_.end(), 0u);
    auto key = [&](auto proj) {
        std::stable_sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
            return order == Qt::AscendingOrder ? proj(a) < proj(b) : proj(b) < proj(a);
        });
    };
    auto endpointOf = [&](uint32_t g) -> std::string_view {
        return groups[g].endpoint == kNone ? std::string_view()
                                           : std::string_view(m_analysis->endpoint(groups[g].endpoint));
    };
    switch (column) {
    case Triage:
        key([&](uint32_t g) {
            const TriageAnnotation* a = m_workspace ? m_workspace->group(groups[g].signature) : nullptr;
            return std::make_pair(a ? int(a->state) : -1, a && a->regression);
        });
        break;
    case Owner:
    case Note:
        key([&](uint32_t g) {
            const TriageAnnotation* a = m_workspace ? m_workspace->group(groups[g].signature) : nullptr;
            return a ? (column == Owner ? a->owner : a->note) : std::string();
        });
        break;
    case OutcomeColumn: key([&](uint32_t g) { return int(groups[g].outcome); }); break;
    case Endpoint: key(endpointOf); break;
    case Differences: key([&](uint32_t g) -> const QString& { return summary(g); }); break;
    case Count: key([&](uint32_t g) { return groups[g].count; }); break;
    case Weighted: key([&](uint32_t g) { return weightedOf(g); }); break;
    case Share: key([&](uint32_t g) { return shareOf(g); }); break;
    case FirstSeen: key([&](uint32_t g) { return firstSeenOf(g); }); break;
    case LastSeen: key([&](uint32_t g) { return lastSeenOf(g); }); break;
    case Signature: key([&](uint32_t g) -> const std::string& { return groups[g].signature; }); break;
    }

    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    std::vector<int> newRow(groups.size());
    for (size_t r = 0; r < order_.size(); ++r) newRow[order_[r]] = int(r);
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex& idx : from) to << index(newRow[m_order[size_t(idx.row())]], idx.column());
    m_order = std::move(order_);
    changePersistentIndexList(from, to);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

}  // namespace dt
