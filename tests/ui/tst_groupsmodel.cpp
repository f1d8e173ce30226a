// SPDX-License-Identifier: MIT
// GroupsModel + GroupsProxy + the record filter, on the bundled sample store.
#include <QAbstractItemModelTester>
#include <QtTest>

#include <algorithm>
#include <set>

#include "core/analysis/analysis.h"
#include "core/present/record_filter.h"
#include "ui/groupsmodel.h"
#include "ui/groupsproxy.h"

using namespace dt;

class TestGroupsModel : public QObject {
    Q_OBJECT
private:
    std::shared_ptr<const Analysis> m_analysis;

    // Groups visible through the proxy, as group indices.
    static std::vector<int> visibleGroups(const GroupsProxy& proxy) {
        std::vector<int> out;
        for (int r = 0; r < proxy.rowCount(); ++r) out.push_back(proxy.groupAt(r));
        return out;
    }
    std::shared_ptr<const FilterResult> filter(const FilterSpec& spec) const {
        auto r = computeFilter(*m_analysis, spec);
        return r ? std::make_shared<const FilterResult>(std::move(*r)) : nullptr;
    }

private slots:
    void initTestCase() {
        std::string error;
        m_analysis = Analysis::analyze(DT_SAMPLES "/sample.jsonl", {}, &error);
        QVERIFY2(m_analysis, error.c_str());
        QVERIFY(m_analysis->groups().size() >= 5);
    }

    void rowsAndData() {
        GroupsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setAnalysis(m_analysis);
        const auto& groups = m_analysis->groups();
        QCOMPARE(model.rowCount(), int(groups.size()));
        QCOMPARE(model.columnCount(), int(GroupsModel::ColumnCount));
        uint64_t total = 0;
        for (int r = 0; r < model.rowCount(); ++r) {
            const Group& g = groups[size_t(model.groupAt(r))];
            QCOMPARE(model.index(r, GroupsModel::Count).data(GroupsModel::SortRole).toULongLong(), g.count);
            QCOMPARE(model.index(r, GroupsModel::Signature).data().toString(), QString::fromStdString(g.signature));
            QCOMPARE(model.index(r, GroupsModel::Triage).data().toString(), QStringLiteral("new"));  // no workspace
            QCOMPARE(model.index(r, GroupsModel::OutcomeColumn).data().toString(),
                     QString::fromLatin1(outcomeName(g.outcome).data()));
            QVERIFY(!model.index(r, GroupsModel::Differences).data().toString().isEmpty());
            QCOMPARE(model.index(r, GroupsModel::FirstSeen).data(GroupsModel::SortRole).toLongLong(), g.first_ts);
            total += g.count;
        }
        // One denominator for every row: the shares of all shown groups add up to 100 %, and a
        // heavier group always has the bigger share (drift included).
        double allShares = 0;
        for (uint32_t g = 0; g < groups.size(); ++g) allShares += model.shareOf(g);
        QVERIFY(qAbs(allShares - 1.0) < 1e-9);
        for (uint32_t a = 0; a < groups.size(); ++a)
            for (uint32_t b = 0; b < groups.size(); ++b)
                if (groups[a].weighted > groups[b].weighted) QVERIFY(model.shareOf(a) > model.shareOf(b));
        // Every mismatch and drift record is in exactly one group.
        const auto counts = m_analysis->outcomeCounts();
        QCOMPARE(total, counts[int(Outcome::Mismatch)] + counts[int(Outcome::Drift)]);
        // Drift groups are listed too.
        QVERIFY(std::any_of(groups.begin(), groups.end(), [](const Group& g) { return g.outcome == Outcome::Drift; }));
        model.setAnalysis(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void sortingKeepsPersistentIndexes() {
        GroupsModel model;
        GroupsProxy proxy;
        QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setGroupsModel(&model);
        model.setAnalysis(m_analysis);
        QCOMPARE(proxy.rowCount(), model.rowCount());

        // Remember a group by persistent index, then sort by signature ascending.
        const int lastRow = proxy.rowCount() - 1;
        const QPersistentModelIndex held(proxy.index(lastRow, GroupsModel::Endpoint));
        const int heldGroup = proxy.groupAt(lastRow);
        proxy.sort(GroupsModel::Signature, Qt::AscendingOrder);
        QCOMPARE(model.sortColumn(), int(GroupsModel::Signature));
        for (int r = 1; r < proxy.rowCount(); ++r)
            QVERIFY(proxy.index(r - 1, GroupsModel::Signature).data().toString() <
                    proxy.index(r, GroupsModel::Signature).data().toString());
        QVERIFY(held.isValid());
        QCOMPARE(proxy.groupAt(held.row()), heldGroup);
        QCOMPARE(held.column(), int(GroupsModel::Endpoint));

        // Numeric columns sort numerically, in both directions.
        for (int column : {int(GroupsModel::Count), int(GroupsModel::Weighted), int(GroupsModel::Share),
                           int(GroupsModel::FirstSeen), int(GroupsModel::LastSeen)}) {
            for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                proxy.sort(column, order);
                for (int r = 1; r < proxy.rowCount(); ++r) {
                    const double a = proxy.index(r - 1, column).data(GroupsModel::SortRole).toDouble();
                    const double b = proxy.index(r, column).data(GroupsModel::SortRole).toDouble();
                    QVERIFY2(order == Qt::AscendingOrder ? a <= b : a >= b, qPrintable(QString::number(column)));
                }
            }
        }
        // The sort survives a reload of the analysis.
        proxy.sort(GroupsModel::Endpoint, Qt::AscendingOrder);
        model.setAnalysis(m_analysis);
        for (int r = 1; r < proxy.rowCount(); ++r)
            QVERIFY(proxy.index(r - 1, GroupsModel::Endpoint).data().toString() <=
                    proxy.index(r, GroupsModel::Endpoint).data().toString());
    }

    void groupLevelFilters() {
        GroupsModel model;
        GroupsProxy proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setGroupsModel(&model);
        model.setAnalysis(m_analysis);
        const auto& groups = m_analysis->groups();

        // Endpoint substring, case-insensitive.
        FilterSpec spec;
        spec.endpoint = "USERS";
        model.setFilter(filter(spec));
        proxy.refilter();
        size_t expected = 0;
        for (const Group& g : groups)
            expected += g.endpoint != kNone && QString::fromStdString(m_analysis->endpoint(g.endpoint))
                                                   .contains(QStringLiteral("users"), Qt::CaseInsensitive);
        QVERIFY(expected > 0 && expected < groups.size());
        QCOMPARE(size_t(proxy.rowCount()), expected);
        for (int g : visibleGroups(proxy))
            QVERIFY(QString::fromStdString(m_analysis->endpoint(groups[size_t(g)].endpoint))
                        .contains(QStringLiteral("users")));

        // Outcome: drift only.
        spec = {};
        spec.outcome = Outcome::Drift;
        model.setFilter(filter(spec));
        proxy.refilter();
        QVERIFY(proxy.rowCount() > 0);
        for (int g : visibleGroups(proxy)) QCOMPARE(groups[size_t(g)].outcome, Outcome::Drift);

        // Kind: every visible group has a difference of that kind, every hidden one has none.
        spec = {};
        spec.kind = DiffKind::Missing;
        model.setFilter(filter(spec));
        proxy.refilter();
        const std::vector<int> vis = visibleGroups(proxy);
        const std::set<int> visible(vis.begin(), vis.end());
        QVERIFY(!visible.empty());
        for (size_t g = 0; g < groups.size(); ++g) {
            const bool has = std::any_of(groups[g].differences.begin(), groups[g].differences.end(),
                                         [](const DiffKey& k) { return k.kind == DiffKind::Missing; });
            QCOMPARE(visible.count(int(g)) == 1, has);
        }

        // Path: a path of the first group finds that group.
        const Group& first = groups[0];
        QVERIFY(!first.differences.empty());
        spec = {};
        spec.path = m_analysis->path(first.differences[0].path);
        model.setFilter(filter(spec));
        proxy.refilter();
        QVERIFY(proxy.rowOfGroup(0) >= 0);

        // Free text by signature: exactly that group.
        spec = {};
        spec.text = QString::fromStdString(groups[3].signature).toUpper().toStdString();
        model.setFilter(filter(spec));
        proxy.refilter();
        QCOMPARE(visibleGroups(proxy), std::vector<int>{3});

        // No filter: everything back.
        model.setFilter(nullptr);
        proxy.refilter();
        QCOMPARE(proxy.rowCount(), int(groups.size()));
    }

    void recordLevelFilters() {
        GroupsModel model;
        GroupsProxy proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setGroupsModel(&model);
        model.setAnalysis(m_analysis);
        const auto& groups = m_analysis->groups();
        const auto& records = m_analysis->records();

        // A correlation id finds its one record and group, and the count column says so.
        const Group& g = groups[1];
        const uint32_t rec = g.members[g.members.size() / 2];
        const QString id = QString::fromUtf8(m_analysis->id(records[rec]));
        FilterSpec spec;
        spec.correlationId = id.toStdString();
        auto result = filter(spec);
        model.setFilter(result);
        proxy.refilter();
        QCOMPARE(visibleGroups(proxy), std::vector<int>{1});
        QCOMPARE(result->groupMatches[1], 1u);
        QCOMPARE(result->matchedRecords, 1u);
        QVERIFY(g.count > 1);
        QVERIFY(result->recordPasses(rec));
        QCOMPARE(proxy.index(0, GroupsModel::Count).data().toString(), QStringLiteral("1 of %1").arg(g.count));
        // Weighted, Share and First/Last seen follow the filter: the one record's values.
        QCOMPARE(model.weightedOf(1), double(records[rec].weight));
        QCOMPARE(proxy.index(0, GroupsModel::Share).data().toString(),
                 QStringLiteral("%1 %").arg(QLocale().toString(100.0, 'f', 1)));
        QCOMPARE(proxy.index(0, GroupsModel::FirstSeen).data(GroupsModel::SortRole).toLongLong(), records[rec].ts_ms);
        QCOMPARE(proxy.index(0, GroupsModel::LastSeen).data(GroupsModel::SortRole).toLongLong(), records[rec].ts_ms);

        // A record filter every member passes keeps the plain count.
        spec = {};
        spec.status = "*>*";
        model.setFilter(filter(spec));
        proxy.refilter();
        QCOMPARE(proxy.rowCount(), int(groups.size()));
        QCOMPARE(proxy.index(0, GroupsModel::Count).data().toString(),
                 QLocale().toString(qulonglong(groups[size_t(proxy.groupAt(0))].count)));

        // The same id typed into the free-text box also finds it (record id match).
        spec = {};
        spec.text = id.toStdString();
        result = filter(spec);
        QCOMPARE(result->groupVisible[1], uint8_t(1));
        QCOMPARE(result->groupMatches[1], 1u);

        // Status: "201>200" keeps only records with exactly that pair.
        spec = {};
        spec.status = "201>200";
        result = filter(spec);
        uint64_t expected = 0;
        for (const Group& gr : groups)
            for (uint32_t m : gr.members)
                expected += records[m].primary_status == 201 && records[m].candidate_status == 200;
        QVERIFY(expected > 0);
        QCOMPARE(result->matchedRecords, expected);

        // Unparsable status: nothing.
        spec.status = "abc";
        result = filter(spec);
        QCOMPARE(result->matchedRecords, 0u);
        QCOMPARE(result->visibleGroups, 0u);

        // Time range: the first half of the store's time span.
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (const Group& gr : groups) {
            lo = std::min(lo, gr.first_ts);
            hi = std::max(hi, gr.last_ts);
        }
        spec = {};
        spec.fromMs = lo;
        spec.toMs = lo + (hi - lo) / 2;
        result = filter(spec);
        expected = 0;
        for (const Group& gr : groups)
            for (uint32_t m : gr.members)
                expected += records[m].ts_ms >= *spec.fromMs && records[m].ts_ms <= *spec.toMs;
        QVERIFY(expected > 0);
        QCOMPARE(result->matchedRecords, expected);
        for (const Group& gr : groups)
            for (uint32_t m : gr.members) QCOMPARE(result->recordPasses(m), records[m].ts_ms <= *spec.toMs);

        // A stop flag that is already set aborts.
        std::atomic<bool> stop{true};
        QVERIFY(!computeFilter(*m_analysis, spec, &stop));
    }
};

QTEST_MAIN(TestGroupsModel)
#include "tst_groupsmodel.moc"
