// SPDX-License-Identifier: MIT
// File › Export Rules As…: per target, every rule is listed with its status and reasons; a broader
// rule is written only after "Allow broader rules" is ticked (then with the WARNING); wildcards are
// expanded against the open store in the background; the file is written atomically.
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/exportrulesdialog.h"

using namespace dt;
using peer::PeerFormat;

namespace {

Rule make(RuleKind kind, const std::string& id) {
    Rule r;
    r.id = id;
    r.kind = kind;
    r.reason = "test";
    r.remove_when = "never";
    return r;
}

RuleConfig config() {
    RuleConfig c;
    Rule literal = make(RuleKind::IgnorePath, "r-literal");
    literal.path = "/meta/generated_at";
    Rule index = make(RuleKind::IgnorePath, "r-index");  // Keploy keys carry no index: broader there
    index.path = "/items/0/idempotency_key";
    Rule status = make(RuleKind::StatusEquivalence, "r-status");  // jd cannot say it: omitted
    status.primary_status = 201;
    status.candidate_status = 200;
    c.rules = {literal, index, status};
    return c;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

int rowOf(const QTableWidget* t, const QString& id) {
    for (int r = 0; r < t->rowCount(); ++r)
        if (t->item(r, ExportRulesDialog::RuleId)->text() == id) return r;
    return -1;
}

}  // namespace

class TstExportRulesDialog : public QObject {
    Q_OBJECT
private slots:
    void broaderNeedsExplicitAllow();
    void notesPerTarget_data();
    void notesPerTarget();
    void emptyConfigWritesNothing();
    void failedWriteLeavesNoFile();
    void wildcardsExpandAgainstTheStore();
    void diferenciaHeaderListIsSavedBeside();
};

void TstExportRulesDialog::broaderNeedsExplicitAllow() {
    QTemporaryDir dir;
    ExportRulesDialog d(config(), QString());
    QSignalSpy exported(&d, &ExportRulesDialog::exported);
    d.setFormat(PeerFormat::Keploy);
    QTableWidget* t = d.notesTable();
    QCOMPARE(t->rowCount(), 3);
    const int index = rowOf(t, QStringLiteral("r-index"));
    QVERIFY(index >= 0);
    QCOMPARE(t->item(index, ExportRulesDialog::Status)->text(), QStringLiteral("broader"));
    QCOMPARE(t->item(index, ExportRulesDialog::Exported)->text(), QStringLiteral("no"));
    QVERIFY2(t->item(index, ExportRulesDialog::Reasons)->text().contains(QStringLiteral("every other element")),
             qPrintable(t->item(index, ExportRulesDialog::Reasons)->text()));
    QVERIFY2(d.summary().contains(QStringLiteral("held back")), qPrintable(d.summary()));
    QVERIFY(!d.preview()->toPlainText().contains(QStringLiteral("idempotency_key")));

    const QString strict = dir.filePath(QStringLiteral("strict.yaml"));
    QString error;
    QVERIFY2(d.writeTo(strict, &error), qPrintable(error));
    QCOMPARE(readAll(strict), QByteArray::fromStdString(d.result().text));
    QVERIFY(!readAll(strict).contains("idempotency_key"));
    QVERIFY(readAll(strict).contains("meta.generated_at"));

    d.allowBroaderBox()->setChecked(true);  // the explicit choice
    QCOMPARE(t->item(index, ExportRulesDialog::Exported)->text(), QStringLiteral("yes"));
    QVERIFY(t->item(index, ExportRulesDialog::Reasons)->text().startsWith(QStringLiteral("WARNING: ")));
    const QString loose = dir.filePath(QStringLiteral("loose.yaml"));
    QVERIFY2(d.writeTo(loose, &error), qPrintable(error));
    QVERIFY(readAll(loose).contains("# WARNING: Keploy key 'items.idempotency_key'"));
    QCOMPARE(exported.count(), 2);
    QCOMPARE(exported.last().at(0).toString(), loose);

    d.show();  // for looking at (build/…/screenshots/exportrules.png)
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QDir().mkpath(QStringLiteral(DT_SCREENSHOTS));
    QVERIFY(d.grab().save(QStringLiteral(DT_SCREENSHOTS "/exportrules.png")));
}

void TstExportRulesDialog::notesPerTarget_data() {
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("statusRule");  // status of r-status
    QTest::addColumn<QString>("indexRule");   // status of r-index
    QTest::newRow("keploy") << int(PeerFormat::Keploy) << QStringLiteral("omitted") << QStringLiteral("broader");
    QTest::newRow("diferencia") << int(PeerFormat::Diferencia) << QStringLiteral("omitted") << QStringLiteral("exact");
    QTest::newRow("jd") << int(PeerFormat::Jd) << QStringLiteral("omitted") << QStringLiteral("exact");
}

void TstExportRulesDialog::notesPerTarget() {
    QFETCH(int, format);
    QFETCH(QString, statusRule);
    QFETCH(QString, indexRule);
    ExportRulesDialog d(config(), QString());
    d.setFormat(PeerFormat(format));
    QCOMPARE(int(d.format()), format);
    const QTableWidget* t = d.notesTable();
    QCOMPARE(t->rowCount(), int(d.result().notes.size()));
    for (int r = 0; r < t->rowCount(); ++r) {  // the table is what the core says
        const peer::RuleExportNote& n = d.result().notes[size_t(r)];
        QCOMPARE(t->item(r, ExportRulesDialog::Status)->text(),
                 QString::fromUtf8(peer::exportStatusName(n.status).data()));
        if (n.status != peer::ExportStatus::Exact) QVERIFY(!t->item(r, ExportRulesDialog::Reasons)->text().isEmpty());
    }
    QCOMPARE(t->item(rowOf(t, QStringLiteral("r-status")), ExportRulesDialog::Status)->text(), statusRule);
    QCOMPARE(t->item(rowOf(t, QStringLiteral("r-index")), ExportRulesDialog::Status)->text(), indexRule);
    QVERIFY(d.saveButton()->isEnabled());
}

void TstExportRulesDialog::emptyConfigWritesNothing() {
    QTemporaryDir dir;
    ExportRulesDialog d(RuleConfig{}, QString());
    QCOMPARE(d.notesTable()->rowCount(), 0);
    QVERIFY(!d.saveButton()->isEnabled());
    QVERIFY(d.summary().contains(QStringLiteral("no rules")));
    QString error;
    const QString path = dir.filePath(QStringLiteral("none.yaml"));
    QVERIFY(!d.writeTo(path, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!QFile::exists(path));
    QVERIFY(!d.useStoreBox()->isEnabled());  // no store open
}

void TstExportRulesDialog::failedWriteLeavesNoFile() {
    QTemporaryDir dir;
    ExportRulesDialog d(config(), QString());
    QString error;
    const QString path = dir.filePath(QStringLiteral("missing-dir/out.yaml"));
    QVERIFY(!d.writeTo(path, &error));
    QVERIFY2(error.contains(QStringLiteral("missing-dir")), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

void TstExportRulesDialog::wildcardsExpandAgainstTheStore() {
    RuleConfig c;
    Rule any = make(RuleKind::IgnorePath, "r-any");
    any.path = "/**/generated_at";
    c.rules = {any};
    ExportRulesDialog d(c, QStringLiteral(DT_SAMPLES "/sample.jsonl"));
    d.setFormat(PeerFormat::Diferencia);
    QCOMPARE(d.result().notes.at(0).status, peer::ExportStatus::Omitted);  // a wildcard and no store
    QVERIFY(!d.saveButton()->isEnabled());
    QVERIFY(d.useStoreBox()->isEnabled());
    QSignalSpy ready(&d, &ExportRulesDialog::shapesReady);
    d.setUseStore(true);
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 60000);
    QVERIFY(d.result().notes.at(0).exported);
    QVERIFY2(d.preview()->toPlainText().contains(QStringLiteral("/generated_at")),
             qPrintable(d.preview()->toPlainText()));
    QVERIFY(d.saveButton()->isEnabled());
    d.setUseStore(false);  // back to the store-free export, without reading again
    QCOMPARE(d.result().notes.at(0).status, peer::ExportStatus::Omitted);
    QCOMPARE(ready.count(), 1);
}

void TstExportRulesDialog::diferenciaHeaderListIsSavedBeside() {
    QTemporaryDir dir;
    RuleConfig c = config();
    Rule trace = make(RuleKind::IgnoreHeader, "r-trace");
    trace.header = "x-trace-id";
    Rule date = make(RuleKind::IgnoreHeader, "r-date");
    date.header = "date";
    c.rules.push_back(trace);
    c.rules.push_back(date);
    ExportRulesDialog d(c, QString());
    d.setFormat(PeerFormat::Diferencia);
    QCOMPARE(d.result().headers.size(), size_t(2));
    const QString path = dir.filePath(QStringLiteral("ignore.txt"));
    QString error;
    QVERIFY2(d.writeTo(path, &error), qPrintable(error));
    QCOMPARE(d.headersFile(), path + QStringLiteral(".headers"));
    QByteArray expected;
    for (const std::string& h : d.result().headers) expected += QByteArray::fromStdString(h) + '\n';
    QCOMPARE(readAll(d.headersFile()), expected);
    QVERIFY(expected.contains("X-Trace-Id\n"));

    // Other formats, or no header rule: no header file.
    d.setFormat(PeerFormat::Keploy);
    const QString keploy = dir.filePath(QStringLiteral("noise.yaml"));
    QVERIFY2(d.writeTo(keploy, &error), qPrintable(error));
    QVERIFY(d.headersFile().isEmpty());
    QVERIFY(!QFile::exists(keploy + QStringLiteral(".headers")));
    ExportRulesDialog plain(config(), QString());
    plain.setFormat(PeerFormat::Diferencia);
    const QString bare = dir.filePath(QStringLiteral("bare.txt"));
    QVERIFY2(plain.writeTo(bare, &error), qPrintable(error));
    QVERIFY(plain.headersFile().isEmpty());
    QVERIFY(!QFile::exists(bare + QStringLiteral(".headers")));
}

QTEST_MAIN(TstExportRulesDialog)
#include "tst_exportrulesdialog.moc"
