// SPDX-License-Identifier: MIT
#pragma once
// The rules panel's table: one row per allowed rule of the window's RulesController — on/off,
// kind, scope, target (path, header or status pair), records it absorbs in the analysis on screen,
// author, age, expiry (expired rules flagged), reason, id. The check box in "On" enables and
// disables the rule through the controller (undoable).
#include <QAbstractTableModel>

#include <memory>

#include "core/analysis/analysis.h"

namespace dt {

class RulesController;

class RulesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { On, Kind, Scope, Target, Absorbed, Author, Age, Expires, Reason, Id, ColumnCount };
    enum Role { RuleIndexRole = Qt::UserRole + 1, ExpiredRole };

    explicit RulesModel(RulesController* rules, QObject* parent = nullptr);
    // The analysis whose ruleRecords() give the Absorbed column (null = unknown, shown as "…").
    void setAnalysis(std::shared_ptr<const Analysis> analysis);
    // "today" for Age and Expires (YYYY-MM-DD); default: todayDate(). For tests.
    void setToday(const QString& today);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void reload();

    RulesController* m_rules;
    std::shared_ptr<const Analysis> m_analysis;
    QString m_today;
};

}  // namespace dt
