// SPDX-License-Identifier: MIT
// DifferencesModel: the differences list of the diff view (remaining first, absorbed greyed with
// their rule id). The model tester is attached before any data goes in.
#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QtTest>

#include "core/compare/compare.h"
#include "ui/differencesmodel.h"

using namespace dt;

namespace {

Difference diff(DiffKind kind, std::string path, std::string primary, std::string candidate, std::string rule = {}) {
    Difference d;
    d.kind = kind;
    d.path = std::move(path);
    d.generalized = d.path;
    d.primary = std::move(primary);
    d.candidate = std::move(candidate);
    d.rule_id = std::move(rule);
    return d;
}

// Ignores /meta (rule R-meta) and the header x-trace (rule R-trace).
class TestPolicy : public DiffPolicy {
public:
    std::optional<std::string> ignoredPath(std::string_view path, std::string_view) const override {
        if (pointerAtOrBelow(path, "/meta")) return std::string("R-meta");
        return std::nullopt;
    }
    std::optional<HeaderRule> header(std::string_view name) const override {
        if (name == "x-trace") return HeaderRule{false, "R-trace"};
        return std::nullopt;
    }
};

}  // namespace

class TestDifferencesModel : public QObject {
    Q_OBJECT
private slots:
    void testerSeesFillAndReset() {
        DifferencesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(DifferencesModel::ColumnCount));

        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setDifferences(
            {diff(DiffKind::Changed, "/name", "\"Alice\"", "\"alice\""), diff(DiffKind::Missing, "/age", "30", "")},
            {diff(DiffKind::Changed, "/meta/ts", "1", "2", "R-meta")});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.remainingCount(), 2);
        QCOMPARE(model.absorbedCount(), 1);
        QVERIFY(!model.isAbsorbed(1));
        QVERIFY(model.isAbsorbed(2));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(reset.count(), 2);
    }

    void kindColumnShowsTheValueClass() {
        DifferencesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Difference instant =
            diff(DiffKind::Changed, "/starts_at", "\"2024-01-01T10:00:00+00:00\"", "\"2024-01-01T10:00:00Z\"");
        instant.cls = ValueClass::SameInstant;
        Difference omitted = diff(DiffKind::Missing, "/middle_name", "null", "");
        omitted.cls = ValueClass::NullVsMissing;
        Difference shifted =
            diff(DiffKind::Changed, "/ends_at", "\"2024-01-01T10:00:00Z\"", "\"2024-01-01T11:00:00Z\"");
        shifted.cls = ValueClass::InstantShift;
        shifted.cls_param = "+1h";
        model.setDifferences({instant, omitted, shifted}, {});
        QStringList kinds;
        for (int row = 0; row < model.rowCount(); ++row)
            kinds << model.index(row, DifferencesModel::KindColumn).data().toString();
        kinds.sort();
        QCOMPARE(kinds, (QStringList{QString::fromUtf8("changed \xC2\xB7 same instant"),
                                     QString::fromUtf8("changed \xC2\xB7 shift +1h"),
                                     QString::fromUtf8("missing \xC2\xB7 was null")}));
    }

    void displaysPathKindValuesAndRule() {
        DifferencesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDifferences({diff(DiffKind::Changed, "/name", "\"Alice\"", "\"alice\""),
                              diff(DiffKind::Missing, "/age", "30", ""), diff(DiffKind::Extra, "/email", "", "\"a@x\""),
                              diff(DiffKind::Status, "", "200", "500"), diff(DiffKind::Header, "x-version", "1", "2"),
                              diff(DiffKind::TextChanged, "", "line\nA", "line\nB")},
                             {diff(DiffKind::Changed, "/meta/ts", "1", "2", "R-meta")});
        auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
        // Document order: status, headers, then the body top to bottom; absorbed ones last.
        QStringList paths;
        for (int row = 0; row < model.rowCount(); ++row) paths << text(row, DifferencesModel::PathColumn);
        QCOMPARE(paths, (QStringList{"(status)", "x-version", "/age", "/email", "/name", "(body)", "/meta/ts"}));
        QCOMPARE(text(4, DifferencesModel::KindColumn), QStringLiteral("changed"));
        QCOMPARE(text(4, DifferencesModel::PrimaryColumn), QStringLiteral("\"Alice\""));
        QCOMPARE(text(4, DifferencesModel::CandidateColumn), QStringLiteral("\"alice\""));
        QCOMPARE(text(4, DifferencesModel::RuleColumn), QString());
        QCOMPARE(text(2, DifferencesModel::KindColumn), QStringLiteral("missing"));
        QCOMPARE(text(2, DifferencesModel::CandidateColumn), QStringLiteral("(absent)"));
        QCOMPARE(text(3, DifferencesModel::PrimaryColumn), QStringLiteral("(absent)"));
        QCOMPARE(text(1, DifferencesModel::KindColumn), QStringLiteral("header"));
        QVERIFY2(!text(5, DifferencesModel::PrimaryColumn).contains(QLatin1Char('\n')), "one line per cell");
        QCOMPARE(text(6, DifferencesModel::RuleColumn), QStringLiteral("R-meta"));
        QVERIFY(model.index(6, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("R-meta")));

        QCOMPARE(model.index(2, 0).data(DifferencesModel::KindRole).toInt(), int(DiffKind::Missing));
        QCOMPARE(model.index(2, 0).data(DifferencesModel::PathRole).toString(), QStringLiteral("/age"));
        QCOMPARE(model.index(6, 0).data(DifferencesModel::AbsorbedRole).toBool(), true);
        QCOMPARE(model.index(0, 0).data(DifferencesModel::AbsorbedRole).toBool(), false);
        QCOMPARE(model.headerData(DifferencesModel::PrimaryColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Primary"));
    }

    void absorbedRowsAreGreyed() {
        DifferencesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGreyColor(QColor(0x80, 0x80, 0x80));
        model.setDifferences({diff(DiffKind::Changed, "/a", "1", "2")},
                             {diff(DiffKind::Changed, "/b", "1", "2", "R1")});
        for (int c = 0; c < DifferencesModel::ColumnCount; ++c) {
            QCOMPARE(model.index(1, c).data(Qt::ForegroundRole).value<QBrush>().color(), QColor(0x80, 0x80, 0x80));
            QVERIFY(!model.index(0, c).data(Qt::ForegroundRole).isValid());
        }
        QVERIFY(model.index(1, DifferencesModel::PathColumn).data(Qt::FontRole).value<QFont>().italic());
        QVERIFY(!model.index(0, DifferencesModel::PathColumn).data(Qt::FontRole).value<QFont>().italic());

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setGreyColor(QColor(0x60, 0x60, 0x60));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(1, 0).data(Qt::ForegroundRole).value<QBrush>().color(), QColor(0x60, 0x60, 0x60));
        model.setGreyColor(QColor(0x60, 0x60, 0x60));
        QCOMPARE(changed.count(), 1);  // unchanged colour: no signal
    }

    void rowForPointerPicksDeepestCover() {
        DifferencesModel model;
        model.setDifferences({diff(DiffKind::ArrayLength, "/items", "3", "4"),
                              diff(DiffKind::Changed, "/items/2/price", "1", "2"),
                              diff(DiffKind::Header, "/items", "x", "y")},
                             {diff(DiffKind::Changed, "/itemsx", "1", "2", "R")});
        // Sorted: header (0), /items (1), /items/2/price (2), absorbed /itemsx (3).
        QCOMPARE(model.rowForPointer("/items/2/price"), 2);
        QCOMPARE(model.rowForPointer("/items/2/price/x"), 2);
        QCOMPARE(model.rowForPointer("/items/1"), 1);
        QCOMPARE(model.rowForPointer("/items"), 1);
        QCOMPARE(model.rowForPointer("/itemsx"), 3);  // "/itemsx" is not below "/items"
        QCOMPARE(model.rowForPointer("/other"), -1);
        QCOMPARE(model.rowOf(DiffKind::Header), 0);
        QCOMPARE(model.rowOf(DiffKind::Changed, "/itemsx", false), 3);
        QCOMPARE(model.rowOf(DiffKind::Status), -1);
    }

    void realComparisonWithPolicy() {
        // The model over what the core engine really produces, with a policy absorbing some of it.
        Response p, c;
        p.present = c.present = true;
        p.status = c.status = 200;
        p.headers = {{"Content-Type", "application/json"}, {"X-Trace", "a"}, {"Date", "Mon"}};
        c.headers = {{"content-type", "application/json"}, {"X-Trace", "b"}, {"Date", "Tue"}};
        p.body = R"({"name":"Alice","age":30,"meta":{"ts":1}})";
        c.body = R"({"name":"alice","email":"a@x","meta":{"ts":2}})";
        Comparer comparer;
        TestPolicy policy;
        CompareResult result = comparer.compare(p, c, &policy);

        DifferencesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResult(result);
        QCOMPARE(model.rowCount(), int(result.differences.size() + result.absorbed.size()));
        QVERIFY(model.rowOf(DiffKind::Changed, "/name", false) >= 0);
        QVERIFY(model.rowOf(DiffKind::Missing, "/age", false) >= 0);
        QVERIFY(model.rowOf(DiffKind::Extra, "/email", false) >= 0);
        QVERIFY(model.rowOf(DiffKind::Header, "date", false) < 0);  // volatile: not a difference at all
        const int meta = model.rowForPointer("/meta/ts");
        QVERIFY(meta >= 0);
        QVERIFY(model.isAbsorbed(meta));
        QCOMPARE(model.index(meta, DifferencesModel::RuleColumn).data().toString(), QStringLiteral("R-meta"));
        const int trace = model.rowOf(DiffKind::Header, "x-trace", false);
        QVERIFY(trace >= 0);
        QVERIFY(model.isAbsorbed(trace));
        QCOMPARE(model.index(trace, DifferencesModel::RuleColumn).data().toString(), QStringLiteral("R-trace"));
        for (int row = 0; row < model.remainingCount(); ++row) QVERIFY(!model.isAbsorbed(row));
    }
};

QTEST_MAIN(TestDifferencesModel)
#include "tst_differencesmodel.moc"
