// SPDX-License-Identifier: MIT
#pragma once
// The records of one group: a lazily fetched table that copes with 100,000+ members.
//
// Id, time, status pair and latency pair come from the in-memory index (Analysis::records()), so
// they are instant. The request column needs the store: it is read in pages of kPageSize rows on a
// worker thread when the view first asks for a row of the page (sqlitebrowser's RowLoader idea),
// with a placeholder until the page arrives. Every setGroup() bumps a generation token; pages of an
// older generation are dropped on arrival and their workers stop early.
#include <QAbstractTableModel>
#include <QFont>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/present/record_filter.h"

namespace dt {

class RecordsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Status, Latency, Time, Request, ColumnCount };
    enum Role {
        RecordIndexRole = Qt::UserRole + 1,  // uint: index into Analysis::records()
        CorrelationIdRole,
        PendingRole,  // bool: the cell shows a placeholder, data is loading
    };
    static constexpr int kFetchBatch = 5000;
    static constexpr int kPageSize = 200;
    static constexpr size_t kMaxPages = 200;  // pages kept in memory (LRU-ish)

    explicit RecordsModel(QObject* parent = nullptr);
    ~RecordsModel() override;

    void setAnalysis(std::shared_ptr<const Analysis> analysis);
    // `group` indexes Analysis::groups(), -1 = none. Members rejected by the filter are left out.
    void setGroup(int group, std::shared_ptr<const FilterResult> filter = nullptr);
    int group() const { return m_group; }
    // Part of a group: `records` (members of `group`, e.g. one value of a split, core/triage/
    // split_breakdown.h). group() is `group`; isPart() true until the next setGroup().
    void setGroupPart(int group, std::vector<uint32_t> records);
    bool isPart() const { return m_part; }
    // A list of records that is no group (View › Outcome: the noise, match, ... records); group()
    // is then -1 and isList() true. setGroup() ends it.
    void setRecords(std::vector<uint32_t> records);
    bool isList() const { return m_list; }
    int totalRows() const { return int(members().size()); }  // rowCount() grows to this via fetchMore()
    uint32_t recordAt(int row) const;
    // Row of a record of the group (fetching rows up to it), or -1.
    int rowOfRecord(uint32_t record);
    QString correlationId(int row) const;
    quint64 generation() const { return m_generation; }
    int pendingPages() const { return int(m_pending.size()); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    // Makes rows up to `row` (clamped to totalRows()-1) exist, in one insert: End and Ctrl+End
    // reach the real last record of a big group, not the last one fetched so far.
    void fetchUpTo(int row);
    // Sorts the group's records by id, status pair, latency (candidate, then primary) or time, from
    // the in-memory index; the request column (read from the store) keeps the group's order. The
    // sort stays across setGroup(). Column -1 = the group's own order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }

signals:
    void pageLoaded(int page);

private:
    const std::vector<uint32_t>& members() const { return m_members ? *m_members : m_empty; }
    void applySort();  // orders m_filtered (copying the group's members into it first if needed)
    // Shows exactly `records` (sorted as the view asks); *mode (m_part or m_list) is set.
    void resetToList(std::vector<uint32_t> records, bool* mode);
    void requestPage(int page) const;
    void pageArrived(quint64 generation, int page, std::vector<QString> requests);

    std::shared_ptr<const Analysis> m_analysis;
    int m_group = -1;
    bool m_list = false;
    bool m_part = false;
    const std::vector<uint32_t>* m_members = nullptr;  // the group's members or m_filtered
    std::vector<uint32_t> m_filtered;
    const std::vector<uint32_t> m_empty;
    int m_fetched = 0;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    bool m_changing = false;  // inside a reset / insert: no re-entrant fetchMore() from signal handlers
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_liveGeneration;
    mutable std::unordered_map<int, std::vector<QString>> m_pages;
    mutable std::unordered_set<int> m_pending;
    mutable int m_requestSerial = 0;
    mutable QThreadPool m_pool;
    QFont m_fixedFont;
};

}  // namespace dt
