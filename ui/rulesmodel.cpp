// SPDX-License-Identifier: MIT
#include "ui/rulesmodel.h"
#include "ui/qtext.h"

#include <QBrush>
#include <QDate>
#include <QLocale>

#include "core/rules/rules.h"
#include "ui/rulescontroller.h"

namespace dt {
namespace {

// describeRule() without its "ID KIND " prefix: what the rule acts on.
QString targetOf(const Rule& rule) {
    const std::string d = describeRule(rule);
    const size_t first = d.find(' ');
    const size_t second = first == std::string::npos ? first : d.find(' ', first + 1);
    return second == std::string::npos ? QString() : qs(d.substr(second + 1));
}

}  // namespace

RulesModel::RulesModel(RulesController* rules, QObject* parent)
        : QAbstractTableModel(parent), m_rules(rules), m_today(qs(todayDate())) {
    connect(m_rules, &RulesController::configChanged, this, &RulesModel::reload);
}

void RulesModel::reload() {
    beginResetModel();
    endResetModel();
}

void RulesModel::setAnalysis(std::shared_ptr<const Analysis> analysis) {
    m_analysis = std::move(analysis);
    if (rowCount() > 0) emit dataChanged(index(0, Absorbed), index(rowCount() - 1, Absorbed));
}

void RulesModel::setToday(const QString& today) {
    m_today = today;
    if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int RulesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rules->config().rules.size());
}

int RulesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RulesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const Rule& rule = m_rules->config().rules[size_t(index.row())];
    const bool expired = isExpired(rule, m_today.toStdString());
    if (role == RuleIndexRole) return index.row();
    if (role == ExpiredRole) return expired;
    if (role == Qt::CheckStateRole && index.column() == On) return rule.enabled ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ForegroundRole) {
        if (expired && index.column() == Expires) return QBrush(QColor(0xc6, 0x28, 0x28));
        if (!rule.enabled) return QBrush(QColor(0x80, 0x80, 0x80));
        return {};
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Absorbed || index.column() == Age))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::EditRole) return {};
    const QLocale locale;
    switch (index.column()) {
    case On:
        return role == Qt::ToolTipRole ? (rule.enabled ? tr("Enabled (Space disables)") : tr("Disabled")) : QVariant();
    case Kind: return qs(std::string(ruleKindName(rule.kind)));
    case Scope: return qs(describeScope(rule.scope));
    case Target: return targetOf(rule);
    case Absorbed: {
        if (!m_analysis) return QStringLiteral("…");
        if (!rule.enabled) return QStringLiteral("—");
        return locale.toString(qulonglong(m_analysis->ruleRecords(rule.id).size()));
    }
    case Author: return qs(rule.author);
    case Age: {
        const QDate created = QDate::fromString(qs(rule.created), Qt::ISODate);
        const QDate today = QDate::fromString(m_today, Qt::ISODate);
        if (!created.isValid() || !today.isValid()) return QString();
        return tr("%1 d").arg(created.daysTo(today));
    }
    case Expires:
        if (rule.expires.empty()) return role == Qt::ToolTipRole ? tr("No expiry") : QString();
        return expired ? tr("%1 (expired)").arg(qs(rule.expires)) : qs(rule.expires);
    case Reason:
        if (role == Qt::ToolTipRole)
            return tr("%1\nRemove when: %2%3")
                .arg(qs(rule.reason), qs(rule.remove_when),
                     rule.ticket.empty() ? QString() : tr("\nTicket: %1").arg(qs(rule.ticket)));
        return qs(rule.reason);
    case Id: return qs(rule.id);
    default: return {};
    }
}

bool RulesModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || index.column() != On || role != Qt::CheckStateRole)
        return false;
    return m_rules->setRuleEnabled(index.row(), value.toInt() == Qt::Checked);
}

Qt::ItemFlags RulesModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == On) f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant RulesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case On: return tr("On");
    case Kind: return tr("Kind");
    case Scope: return tr("Scope");
    case Target: return tr("Target");
    case Absorbed: return tr("Absorbs");
    case Author: return tr("Author");
    case Age: return tr("Age");
    case Expires: return tr("Expires");
    case Reason: return tr("Reason");
    case Id: return tr("Id");
    default: return {};
    }
}

}  // namespace dt
