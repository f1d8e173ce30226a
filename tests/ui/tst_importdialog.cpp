// SPDX-License-Identifier: MIT
// File › Import… dialog: runs an import on a worker, shows progress, problems and the totals, and
// announces the written store.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

#include "tests/core/capture_samples.h"
#include "ui/importdialog.h"

using namespace dt;

class TstImportDialog : public QObject {
    Q_OBJECT
private slots:
    void importsGoReplayAndListsProblems();
    void pairedFormatsNeedTwoInputs();
    void harImport();
};

void TstImportDialog::importsGoReplayAndListsProblems() {
    QTemporaryDir dir;
    const QString gor = dir.filePath(QStringLiteral("a.gor"));
    const QString store = dir.filePath(QStringLiteral("out.sqlite"));
    test::writeFile(gor.toStdString(),
                    test::gorSample() + "1 not-hex 1 0\nGET / HTTP/1.1\r\n\r\n" + test::kGorSeparator);
    ImportDialog d;
    QSignalSpy imported(&d, &ImportDialog::imported);
    QSignalSpy finished(&d, &ImportDialog::finished);
    d.setFormat(ImportDialog::Format::GoReplay);
    d.setInputs(gor);
    d.setOutput(store);
    d.startImport();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(imported.count(), 1);
    QCOMPARE(imported.at(0).at(0).toString(), store);
    QVERIFY2(d.summary().startsWith(QStringLiteral("5 records written from 15 inputs")), qPrintable(d.summary()));
    QVERIFY(d.summary().contains(QStringLiteral("1 not replayed")));
    QTRY_COMPARE(d.problems().size(), 1);  // delivered queued, maybe after finished
    QVERIFY(d.problems().at(0).contains(QStringLiteral("bad id 'not-hex'")));
    QVERIFY(QFile::exists(store));
    QVERIFY(!d.running());
}

void TstImportDialog::pairedFormatsNeedTwoInputs() {
    QTemporaryDir dir;
    ImportDialog d;
    QSignalSpy finished(&d, &ImportDialog::finished);
    d.setFormat(ImportDialog::Format::Envoy);
    d.setInputs(dir.path());  // no shadow directory
    d.setOutput(dir.filePath(QStringLiteral("x.jsonl")));
    d.startImport();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY(d.summary().contains(QStringLiteral("Choose the inputs")));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.jsonl"))));
}

void TstImportDialog::harImport() {
    QTemporaryDir dir;
    const std::string body = R"({"x":1})";
    const QString a = dir.filePath(QStringLiteral("a.har")), b = dir.filePath(QStringLiteral("b.har"));
    test::writeFile(a.toStdString(), test::harFile({test::harEntry("GET", "https://a/x", 200, &body, "h-1")}));
    test::writeFile(b.toStdString(), test::harFile({test::harEntry("GET", "https://b/x", 200, &body, "h-1")}));
    ImportDialog d;
    QSignalSpy finished(&d, &ImportDialog::finished);
    d.setFormat(ImportDialog::Format::Har);
    d.setInputs(a, b);
    d.setOutput(dir.filePath(QStringLiteral("har.jsonl")));
    d.startImport();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QVERIFY2(d.summary().startsWith(QStringLiteral("1 records written from 2 inputs")), qPrintable(d.summary()));
    // A missing input file: the failure is shown, nothing is written.
    QSignalSpy again(&d, &ImportDialog::finished);
    d.setInputs(a, dir.filePath(QStringLiteral("missing.har")));
    d.setOutput(dir.filePath(QStringLiteral("none.jsonl")));
    d.startImport();
    QVERIFY(again.wait(20000));
    QCOMPARE(again.at(0).at(0).toBool(), false);
    QVERIFY2(d.summary().contains(QStringLiteral("missing.har")), qPrintable(d.summary()));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("none.jsonl"))));
}

QTEST_MAIN(TstImportDialog)
#include "tst_importdialog.moc"
