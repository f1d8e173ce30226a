// SPDX-License-Identifier: MIT
#pragma once
// The differences of one record as a table: path, kind, primary value, candidate value, rule.
// Remaining differences come first (in core order), then the ones a rule absorbed, shown greyed
// with the id of the rule that absorbed them.
#include <QAbstractTableModel>
#include <QColor>
#include <string_view>
#include <vector>

#include "core/compare/compare.h"
#include "core/compare/difference.h"

namespace dt {

class DifferencesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { PathColumn, KindColumn, PrimaryColumn, CandidateColumn, RuleColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1,  // QString: the concrete path as core gives it
        KindRole,                     // int: dt::DiffKind
        AbsorbedRole,                 // bool
        RuleRole,                     // QString: rule id ("" when not absorbed)
    };

    explicit DifferencesModel(QObject* parent = nullptr);

    void setResult(const CompareResult& result);
    void setDifferences(std::vector<Difference> remaining, std::vector<Difference> absorbed);
    void clear();
    // View › Swap Sides: the Primary column holds the candidate (the reference); headers say so.
    void setSidesSwapped(bool swapped);
    bool sidesSwapped() const { return m_swapped; }

    int remainingCount() const { return int(m_remaining.size()); }
    int absorbedCount() const { return int(m_absorbed.size()); }
    const Difference& difference(int row) const;
    bool isAbsorbed(int row) const { return row >= remainingCount(); }

    // The row whose body path best covers a JSON Pointer (deepest path at or above it, remaining
    // differences preferred on ties), or -1.
    int rowForPointer(std::string_view pointer) const;
    // First row of a kind (and, if given, path), or -1.
    int rowOf(DiffKind kind, std::string_view path = {}, bool anyPath = true) const;

    // Foreground used for absorbed rows and absent values (the view sets it from its palette).
    void setGreyColor(const QColor& color);
    QColor greyColor() const { return m_grey; }

    // Human label of a difference's path ("(status)", "(body)", "/a/b", header name).
    static QString pathLabel(const Difference& d);
    static QString kindLabel(const Difference& d);  // kind plus value class ("changed · same instant")

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<Difference> m_remaining;
    std::vector<Difference> m_absorbed;
    QColor m_grey;
    bool m_swapped = false;
};

}  // namespace dt
