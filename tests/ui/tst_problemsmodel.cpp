// SPDX-License-Identifier: MIT
// The load problems table: one row per bad line (JSONL) or row (SQLite), with where, id, reason and
// the raw text, for the sample's planted bad lines and for a damaged SQLite store.
#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "core/analysis/analysis.h"
#include "ui/problemsmodel.h"

using namespace dt;

class TestProblemsModel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    static std::shared_ptr<const Analysis> analyze(const std::string& path) {
        std::string error;
        auto a = Analysis::analyze(path, {}, &error);
        return a ? std::shared_ptr<const Analysis>(std::move(a)) : nullptr;
    }

private slots:
    void sampleBadLinesAreListed() {
        const auto analysis = analyze(DT_SAMPLES "/sample.jsonl");
        QVERIFY(analysis);
        QVERIFY(!analysis->problems().empty());
        ProblemsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setAnalysis(analysis);
        QCOMPARE(model.rowCount(), int(analysis->problems().size()));
        QCOMPARE(model.columnCount(), int(ProblemsModel::ColumnCount));
        for (int row = 0; row < model.rowCount(); ++row) {
            const LoadProblem& p = analysis->problems()[size_t(row)];
            QCOMPARE(model.problem(row), &p);
            const QString where = model.index(row, ProblemsModel::Location).data().toString();
            if (p.line > 0) QCOMPARE(where, QStringLiteral("line %1").arg(p.line));
            QCOMPARE(model.index(row, ProblemsModel::Reason).data().toString(), QString::fromStdString(p.reason));
            QVERIFY(!model.index(row, ProblemsModel::Reason).data().toString().isEmpty());
            QCOMPARE(model.index(row, 0).data(ProblemsModel::RawRole).toString(),
                     QString::fromUtf8(p.raw.data(), qsizetype(p.raw.size())));
            QCOMPARE(model.index(row, 0).data(ProblemsModel::LineRole).toULongLong(), p.line);
        }
        QCOMPARE(model.problem(-1), nullptr);
        QCOMPARE(model.problem(model.rowCount()), nullptr);
        QCOMPARE(model.headerData(ProblemsModel::Reason, Qt::Horizontal).toString(), QStringLiteral("Reason"));
        model.setAnalysis(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void locationTextNamesLineRowOrStore_data() {
        QTest::addColumn<qulonglong>("line");
        QTest::addColumn<qlonglong>("rowid");
        QTest::addColumn<QString>("expected");
        QTest::newRow("jsonl line") << qulonglong(17) << qlonglong(0) << QStringLiteral("line 17");
        QTest::newRow("sqlite row") << qulonglong(0) << qlonglong(5) << QStringLiteral("row 5");
        QTest::newRow("negative rowid") << qulonglong(0) << qlonglong(-9) << QStringLiteral("row -9");
        QTest::newRow("whole store") << qulonglong(0) << qlonglong(0) << QStringLiteral("store");
    }
    void locationTextNamesLineRowOrStore() {
        QFETCH(qulonglong, line);
        QFETCH(qlonglong, rowid);
        QFETCH(QString, expected);
        LoadProblem p;
        p.line = line;
        p.rowid = rowid;
        QCOMPARE(ProblemsModel::locationText(p), expected);
    }

    void invalidLinesOfAWrittenStore() {
        QVERIFY(m_dir.isValid());
        const std::string path = m_dir.filePath(QStringLiteral("bad.jsonl")).toStdString();
        {
            std::ifstream in(DT_SAMPLES "/sample.jsonl");
            std::ofstream out(path);
            std::string line;
            for (int i = 0; i < 20 && std::getline(in, line); ++i) out << line << '\n';
            out << "{not json\n";
            out << R"({"id":"x-1","ts":"2026-11-20T10:00:00Z","request":{"method":"GET","url":"/a"}})" << '\n';
        }
        const auto analysis = analyze(path);
        QVERIFY(analysis);
        ProblemsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAnalysis(analysis);
        QVERIFY(model.rowCount() >= 2);
        QStringList where;
        for (int row = 0; row < model.rowCount(); ++row)
            where << model.index(row, ProblemsModel::Location).data().toString();
        QVERIFY2(where.contains(QStringLiteral("line 21")), qPrintable(where.join(QStringLiteral(", "))));
        QVERIFY2(where.contains(QStringLiteral("line 22")), qPrintable(where.join(QStringLiteral(", "))));
    }
};

QTEST_MAIN(TestProblemsModel)
#include "tst_problemsmodel.moc"
