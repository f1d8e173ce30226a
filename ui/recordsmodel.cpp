// SPDX-License-Identifier: MIT
#include "ui/recordsmodel.h"
#include "ui/timeformat.h"

#include <QApplication>
#include <QDateTime>
#include <QFontDatabase>
#include <QLocale>
#include <QPalette>
#include <QPointer>

#include <algorithm>
#include <cmath>

namespace dt {

namespace {

QString statusText(int s) { return s < 0 ? QStringLiteral("–") : QString::number(s); }

QString latencyText(float ms) {
    if (ms < 0) return QStringLiteral("–");
    return QString::number(double(ms), 'f', ms < 10 ? 1 : 0);
}

QString timeText(int64_t ms) { return formatTime(ms); }

}  // namespace

RecordsModel::RecordsModel(QObject* parent)
        : QAbstractTableModel(parent), m_liveGeneration(std::make_shared<std::atomic<quint64>>(0)),
          m_fixedFont(QFontDatabase::systemFont(QFontDatabase::FixedFont)) {
    m_pool.setMaxThreadCount(1);  // pages load in request order; the store is read by one thread
}

RecordsModel::~RecordsModel() {
    m_liveGeneration->store(~quint64(0));  // workers of every generation stop early
    m_pool.clear();
    m_pool.waitForDone();
}

void RecordsModel::setAnalysis(std::shared_ptr<const Analysis> analysis) {
    if (analysis == m_analysis) return;
    setGroup(-1);
    m_analysis = std::move(analysis);
}

void RecordsModel::setGroup(int group, std::shared_ptr<const FilterResult> filter) {
    beginResetModel();
    m_liveGeneration->store(++m_generation);
    m_pool.clear();  // queued pages of the old group never start
    m_pages.clear();
    m_pending.clear();
    m_filtered.clear();
    m_members = nullptr;
    m_group = -1;
    m_list = false;
    m_part = false;
    m_fetched = 0;
    if (m_analysis && group >= 0 && size_t(group) < m_analysis->groups().size()) {
        m_group = group;
        const std::vector<uint32_t>& all = m_analysis->groups()[size_t(group)].members;
        if (filter && filter->recordLevel() && filter->recordPass.size() == m_analysis->records().size()) {
            m_filtered.reserve(filter->groupMatches.size() > size_t(group) ? filter->groupMatches[size_t(group)] : 0);
            for (uint32_t r : all)
                if (filter->recordPass[r]) m_filtered.push_back(r);
            m_members = &m_filtered;
        } else {
            m_members = &all;
        }
        applySort();
        m_fetched = std::min(totalRows(), kFetchBatch);
    }
    m_changing = true;
    endResetModel();
    m_changing = false;
}

void RecordsModel::setGroupPart(int group, std::vector<uint32_t> records) {
    setGroup(group);
    if (m_group < 0) return;
    resetToList(std::move(records), &m_part);
}

void RecordsModel::setRecords(std::vector<uint32_t> records) {
    setGroup(-1);
    if (!m_analysis) return;
    resetToList(std::move(records), &m_list);
}

void RecordsModel::resetToList(std::vector<uint32_t> records, bool* mode) {
    beginResetModel();
    *mode = true;
    m_filtered = std::move(records);
    m_members = &m_filtered;
    applySort();
    m_fetched = std::min(totalRows(), kFetchBatch);
    m_changing = true;
    endResetModel();
    m_changing = false;
}

void RecordsModel::applySort() {
    if (!m_analysis || !m_members || m_sortColumn < 0 || m_sortColumn == Request) return;
    if (m_members != &m_filtered) {
        m_filtered = *m_members;
        m_members = &m_filtered;
    }
    const auto& records = m_analysis->records();
    const Analysis& a = *m_analysis;
    const bool asc = m_sortOrder == Qt::AscendingOrder;
    auto by = [&](auto key) {
        std::stable_sort(m_filtered.begin(), m_filtered.end(),
                         [&](uint32_t x, uint32_t y) { return asc ? key(x) < key(y) : key(y) < key(x); });
    };
    switch (m_sortColumn) {
    case Id: by([&](uint32_t r) { return a.id(records[r]); }); break;
    case Status:
        by([&](uint32_t r) { return std::make_pair(records[r].primary_status, records[r].candidate_status); });
        break;
    case Latency:
        by([&](uint32_t r) { return std::make_pair(records[r].candidate_latency, records[r].primary_latency); });
        break;
    case Time: by([&](uint32_t r) { return records[r].ts_ms; }); break;
    default: break;
    }
}

void RecordsModel::sort(int column, Qt::SortOrder order) {
    if (column == Request) return;  // read from the store page by page: not sortable
    if (column == m_sortColumn && order == m_sortOrder) return;
    m_sortColumn = column;
    m_sortOrder = order;
    if (!m_members || totalRows() == 0 || column < 0) return;  // -1: the group's order from the next group on
    // Persistent indexes (the view's current row) follow their records.
    m_changing = true;  // no fetchMore() from whoever looks at the model during the change
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<uint32_t> held;
    held.reserve(size_t(before.size()));
    for (const QModelIndex& i : before) held.push_back(recordAt(i.row()));
    applySort();
    m_liveGeneration->store(++m_generation);  // request pages were cached by row: drop them
    m_pool.clear();
    m_pages.clear();
    m_pending.clear();
    QModelIndexList after;
    after.reserve(before.size());
    for (int k = 0; k < before.size(); ++k) {
        const auto it = std::find(members().begin(), members().end(), held[size_t(k)]);
        const int row = it == members().end() ? -1 : int(it - members().begin());
        after << (row >= 0 && row < m_fetched ? index(row, before[k].column()) : QModelIndex());
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    m_changing = false;
}

uint32_t RecordsModel::recordAt(int row) const {
    if (row < 0 || row >= m_fetched) return kNone;
    return members()[size_t(row)];
}

int RecordsModel::rowOfRecord(uint32_t record) {
    const auto& m = members();
    const auto it = std::find(m.begin(), m.end(), record);
    if (it == m.end()) return -1;
    const int row = int(it - m.begin());
    if (row >= m_fetched) {
        const int upTo = std::min(totalRows(), (row / kFetchBatch + 1) * kFetchBatch);
        m_changing = true;
        beginInsertRows({}, m_fetched, upTo - 1);
        m_fetched = upTo;
        endInsertRows();
        m_changing = false;
    }
    return row;
}

QString RecordsModel::correlationId(int row) const {
    const uint32_t r = recordAt(row);
    if (r == kNone) return {};
    return QString::fromUtf8(m_analysis->id(m_analysis->records()[r]));
}

int RecordsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : m_fetched; }

int RecordsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

bool RecordsModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && !m_changing && m_fetched < totalRows();
}

void RecordsModel::fetchMore(const QModelIndex& parent) {
    if (parent.isValid() || m_changing || m_fetched >= totalRows()) return;
    const int upTo = std::min(totalRows(), m_fetched + kFetchBatch);
    m_changing = true;
    beginInsertRows({}, m_fetched, upTo - 1);
    m_fetched = upTo;
    endInsertRows();
    m_changing = false;
}

void RecordsModel::fetchUpTo(int row) {
    const int upTo = std::min(totalRows(), row + 1);
    if (m_changing || upTo <= m_fetched) return;
    m_changing = true;
    beginInsertRows({}, m_fetched, upTo - 1);
    m_fetched = upTo;
    endInsertRows();
    m_changing = false;
}

QVariant RecordsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_analysis)
        return {};
    const uint32_t ri = members()[size_t(index.row())];
    const IndexedRecord& rec = m_analysis->records()[ri];
    if (role == RecordIndexRole) return QVariant::fromValue(uint(ri));
    if (role == CorrelationIdRole) return QString::fromUtf8(m_analysis->id(rec));

    if (index.column() == Request &&
        (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == PendingRole || role == Qt::ForegroundRole)) {
        const int page = index.row() / kPageSize;
        const auto it = m_pages.find(page);
        if (it == m_pages.end()) {
            requestPage(page);
            if (role == PendingRole) return true;
            if (role == Qt::ForegroundRole) return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
            return role == Qt::DisplayRole ? QStringLiteral("…") : QStringLiteral("loading…");
        }
        if (role == PendingRole) return false;
        if (role == Qt::ForegroundRole) return {};
        return it->second[size_t(index.row() % kPageSize)];
    }
    if (role == PendingRole) return false;

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Id: return QString::fromUtf8(m_analysis->id(rec));
        case Time: return timeText(rec.ts_ms);
        case Status:
            if (rec.primary_status == rec.candidate_status) return statusText(rec.primary_status);
            return QStringLiteral("%1 → %2").arg(statusText(rec.primary_status), statusText(rec.candidate_status));
        case Latency:
            return QStringLiteral("%1 / %2 ms")
                .arg(latencyText(rec.primary_latency), latencyText(rec.candidate_latency));
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Status:
            return m_analysis->sidesSwapped() ? tr("candidate (reference) → primary status")
                                              : tr("primary → candidate status");
        case Latency:
            return m_analysis->sidesSwapped() ? tr("candidate (reference) / primary latency")
                                              : tr("primary / candidate latency");
        case Time: return QString::fromStdString(formatTimestampMs(rec.ts_ms));
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::FontRole:
        if (index.column() == Id) return m_fixedFont;
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Latency || index.column() == Status)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    default: break;
    }
    return {};
}

QVariant RecordsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    const bool swapped = m_analysis && m_analysis->sidesSwapped();
    if (role == Qt::ToolTipRole && swapped && (section == Status || section == Latency))
        return section == Status ? tr("Status: candidate (reference) → primary")
                                 : tr("Latency: candidate (reference) / primary");
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case Id: return QStringLiteral("Correlation id");
    case Time: return QStringLiteral("Time (%1)").arg(timeZoneLabel());
    // View › Swap Sides: the pairs are reference first, i.e. the candidate's first.
    // Short enough for the column: the header's tooltip and the status bar say which side leads.
    case Status: return swapped ? tr("Status ⇄") : tr("Status");
    case Latency: return swapped ? tr("Latency ⇄") : tr("Latency");
    case Request: return QStringLiteral("Request");
    }
    return {};
}

void RecordsModel::requestPage(int page) const {
    if (!m_analysis || m_pending.count(page)) return;
    if (m_pages.size() >= kMaxPages) {
        // Keep the pages nearest to the one being requested.
        std::vector<int> keys;
        keys.reserve(m_pages.size());
        for (const auto& [k, v] : m_pages) keys.push_back(k);
        std::sort(keys.begin(), keys.end(), [page](int a, int b) { return std::abs(a - page) > std::abs(b - page); });
        for (size_t i = 0; i < keys.size() / 2; ++i) m_pages.erase(keys[i]);
    }
    m_pending.insert(page);
    const int first = page * kPageSize;
    const int last = std::min(first + kPageSize, totalRows());
    std::vector<uint32_t> ids(members().begin() + first, members().begin() + last);
    QPointer<RecordsModel> self(const_cast<RecordsModel*>(this));
    // Newer requests first: the page the user is looking at now matters more than one scrolled past.
    m_pool.start(
        [self, analysis = m_analysis, live = m_liveGeneration, generation = m_generation, page, ids = std::move(ids)] {
            std::vector<QString> out;
            out.reserve(ids.size());
            for (uint32_t r : ids) {
                if (live->load(std::memory_order_relaxed) != generation)
                    return;  // the model moved on: nobody wants this page
                std::string error;
                const std::optional<Record> rec = analysis->store().read(analysis->records()[r].loc, &error);
                if (rec)
                    out.push_back(QString::fromStdString(rec->request.method + ' ' + rec->request.url));
                else
                    out.push_back(QStringLiteral("⚠ cannot read: %1").arg(QString::fromStdString(error)));
            }
            QMetaObject::invokeMethod(
                self.data(),
                [self, generation, page, out = std::move(out)]() mutable {
                    if (self) self->pageArrived(generation, page, std::move(out));
                },
                Qt::QueuedConnection);
        },
        ++m_requestSerial);
}

void RecordsModel::pageArrived(quint64 generation, int page, std::vector<QString> requests) {
    if (generation != m_generation) return;
    m_pending.erase(page);
    const int first = page * kPageSize;
    if (first >= m_fetched) return;
    const int last = std::min(first + int(requests.size()), m_fetched) - 1;
    m_pages[page] = std::move(requests);
    emit dataChanged(index(first, Request), index(last, Request));
    emit pageLoaded(page);
}

}  // namespace dt
