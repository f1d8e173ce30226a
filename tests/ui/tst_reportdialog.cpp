// SPDX-License-Identifier: MIT
// File › Export Report… and Export Golden Set… end to end on stores loaded in the main window:
// a report of a store with planted secrets holds none of them (masking on by default, an extra
// pattern masks a custom one), escapes <script>, and marks the workspace reported; a bad extra
// pattern is refused before anything runs; a golden set re-opens into the same signatures (JSONL
// and SQLite, all records or N per group); a failed golden-set write leaves no file.
// View › Mask Secrets masks the side-by-side panes and the differences list of the diff view; the
// dashboard's criteria are saved in the store's workspace and come back when the store is reopened.
#include <QAction>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

#include "core/analysis/analysis.h"
#include "core/triage/workspace_io.h"
#include "ui/dashboard.h"
#include "ui/detailtabs.h"
#include "ui/differencesmodel.h"
#include "ui/diffview.h"
#include "ui/goldensetdialog.h"
#include "ui/mainwindow.h"
#include "ui/reportdialog.h"
#include "ui/sidebysideview.h"
#include "ui/workspacecontroller.h"

using namespace dt;

namespace {

// Planted in the store (as in tests/core/test_report.cpp); none may appear in a masked report.
const QStringList kSecrets = {
    QStringLiteral("s3cr3t-bearer-token-0123456789"),  // Authorization: Bearer … request header
    QStringLiteral("sessionid=abcdef123456"),          // Cookie
    QStringLiteral("APIKEY-in-query-42"),              // ?api_key=
    QStringLiteral("jane.doe@example.com"),            // e-mail in a body
    QStringLiteral("hunter2-password"),                // "password" member
    QStringLiteral("CUSTOM-SECRET-XYZ"),               // masked only by the extra pattern
    QStringLiteral("john.roe@example.org"),            // an e-mail that differs (a listed difference)
};

QJsonObject side(int status, const QJsonObject& body) {
    return {
        {QStringLiteral("status"), status},
        {QStringLiteral("headers"), QJsonObject{{QStringLiteral("Content-Type"), QStringLiteral("application/json")}}},
        {QStringLiteral("body"), QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact))},
        {QStringLiteral("latency_ms"), 10}};
}

bool writeSecretStore(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    for (int i = 0; i < 6; ++i) {
        QJsonObject primary{{QStringLiteral("id"), i},
                            {QStringLiteral("owner"), QStringLiteral("jane.doe@example.com")},
                            {QStringLiteral("password"), QStringLiteral("hunter2-password")},
                            {QStringLiteral("note"), QStringLiteral("<script>alert(1)</script>")},
                            {QStringLiteral("ref"), QStringLiteral("CUSTOM-SECRET-XYZ")},
                            {QStringLiteral("price"), 10}};
        QJsonObject candidate = primary;
        candidate[QStringLiteral("price")] = 11;
        primary[QStringLiteral("contact")] = QStringLiteral("jane.doe@example.com");
        candidate[QStringLiteral("contact")] = QStringLiteral("john.roe@example.org");
        candidate[QStringLiteral("note")] = QStringLiteral("<script>alert(2)</script>");
        const QJsonObject request{
            {QStringLiteral("method"), QStringLiteral("GET")},
            {QStringLiteral("url"), QStringLiteral("/orders/%1?api_key=APIKEY-in-query-42&page=1").arg(100 + i)},
            {QStringLiteral("headers"),
             QJsonObject{{QStringLiteral("Authorization"), QStringLiteral("Bearer s3cr3t-bearer-token-0123456789")},
                         {QStringLiteral("Cookie"), QStringLiteral("sessionid=abcdef123456")}}},
            {QStringLiteral("body"), QString()}};
        const QJsonObject rec{{QStringLiteral("id"), QStringLiteral("r-%1").arg(i)},
                              {QStringLiteral("ts"), QStringLiteral("2026-11-20T10:00:0%1Z").arg(i)},
                              {QStringLiteral("request"), request},
                              {QStringLiteral("primary"), side(200, primary)},
                              {QStringLiteral("candidate"), side(200, candidate)}};
        f.write(QJsonDocument(rec).toJson(QJsonDocument::Compact) + '\n');
    }
    return f.flush();
}

QString readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// Every text the diff view shows of the record: both panes and the differences list.
QString shownText(DiffView* view) {
    QString out;
    if (const SideBySideData* data = view->sideBySide()->data())
        for (const AlignedRow& row : data->sbs.rows)
            out += QString::fromStdString(row.left) + QLatin1Char('\n') + QString::fromStdString(row.right) +
                   QLatin1Char('\n');
    const DifferencesModel* m = view->differencesModel();
    for (int r = 0; r < m->rowCount(); ++r)
        for (int c = 0; c < m->columnCount(); ++c) out += m->index(r, c).data().toString() + QLatin1Char('\n');
    return out;
}

bool holdsAnySecret(const QString& text) {
    for (const QString& secret : kSecrets)
        if (secret.contains(QLatin1Char('@')) || secret.startsWith(QLatin1String("hunter")))
            if (text.contains(secret)) return true;
    return false;
}

std::set<std::string> signaturesOf(const Analysis& a) {
    std::set<std::string> out;
    for (const Group& g : a.groups()) out.insert(g.signature);
    return out;
}

}  // namespace

class TestReportDialog : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_secrets;
    QString m_sample;  // a copy of the bundled sample: its workspace is written beside it

    bool load(MainWindow& w, const QString& store) {
        w.setInteractive(false);
        w.setWorkspaceFallbackDir(m_dir.filePath(QStringLiteral("fallback")));
        w.resize(1400, 900);
        w.show();
        if (!QTest::qWaitForWindowExposed(&w)) return false;
        QSignalSpy loaded(&w, &MainWindow::storeLoaded);
        w.openStore(store);
        return loaded.wait(120000) || !loaded.isEmpty();
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        QCoreApplication::setOrganizationName(QStringLiteral("difftriage-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_reportdialog"));
        m_secrets = m_dir.filePath(QStringLiteral("secrets.jsonl"));
        QVERIFY(writeSecretStore(m_secrets));
        m_sample = m_dir.filePath(QStringLiteral("sample.jsonl"));
        QVERIFY(QFile::copy(QStringLiteral(DT_SAMPLES "/sample.jsonl"), m_sample));
    }

    // The HTML report holds no planted secret, shows <script> as text and marks the workspace
    // reported; with masking off the secrets are there (the store really holds them).
    void reportMasksSecretsAndEscapesScript() {
        MainWindow w;
        QVERIFY(load(w, m_secrets));
        QVERIFY(w.workspace()->isOpen());
        QVERIFY(w.workspace()->workspace().last_report.empty());
        QAction* action = w.findChild<QAction*>(QStringLiteral("exportReportAction"));
        QVERIFY(action && action->isEnabled());

        QPointer<ReportDialog> d = w.openReportDialog();
        QVERIFY(d);
        QVERIFY(d->masksSecrets());  // on by default
        QCOMPARE(d->format(), ReportDialog::Format::Html);
        // A pattern that does not compile: shown, and nothing can be exported.
        d->setExtraPatterns(QStringLiteral("acct=([0-9]+)\n(a"));
        QVERIFY(!d->patternError().isEmpty());
        QVERIFY(d->statusLabel()->text().contains(d->patternError()));
        QVERIFY(!d->exportButton()->isEnabled());
        QVERIFY(!d->startExport());

        d->setExtraPatterns(QStringLiteral("CUSTOM-SECRET-[A-Z]+\n"));
        QVERIFY(d->patternError().isEmpty());
        const QString out = m_dir.filePath(QStringLiteral("report.html"));
        d->setOutputPath(out);
        QSignalSpy exported(d.data(), &ReportDialog::exported);
        QVERIFY(d->startExport());
        QVERIFY(exported.wait(60000));
        const QString generated = exported.first().at(1).toString();
        QVERIFY(!generated.isEmpty());

        const QString html = readAll(out);
        QVERIFY(html.contains(QStringLiteral("<html")));
        QVERIFY(html.contains(QStringLiteral("/price")));  // the sample diff is there
        for (const QString& secret : kSecrets) QVERIFY2(!html.contains(secret), qPrintable(secret));
        QVERIFY(!html.contains(QStringLiteral("<script")));
        QVERIFY(html.contains(QStringLiteral("&lt;script&gt;")));
        // The workspace is marked reported, on disk too.
        QCOMPARE(QString::fromStdString(w.workspace()->workspace().last_report), generated);
        QVERIFY(readAll(w.workspace()->path()).contains(generated));
        QTRY_VERIFY(d.isNull());  // the dialog closes after a successful export

        // Markdown, masking off: the planted secrets are really in the store.
        QPointer<ReportDialog> plain = w.openReportDialog();
        QVERIFY(plain);
        plain->setFormat(ReportDialog::Format::Markdown);
        plain->setMaskSecrets(false);
        const QString md = m_dir.filePath(QStringLiteral("report.md"));
        plain->setOutputPath(md);
        QSignalSpy plainExported(plain.data(), &ReportDialog::exported);
        QVERIFY(plain->startExport());
        QVERIFY(plainExported.wait(60000));
        const QString text = readAll(md);
        QVERIFY(text.contains(QStringLiteral("jane.doe@example.com")));
        QVERIFY(text.contains(QStringLiteral("s3cr3t-bearer-token-0123456789")));
    }

    void goldenSetReopensWithTheSameSignatures_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("perGroup");
        QTest::newRow("jsonl-all") << QStringLiteral("golden.jsonl") << int(GoldenSetDialog::Format::Jsonl) << 0;
        QTest::newRow("sqlite-2") << QStringLiteral("golden.sqlite") << int(GoldenSetDialog::Format::Sqlite) << 2;
        // The format wins over a suffix that does not agree with it.
        QTest::newRow("sqlite-named-jsonl")
            << QStringLiteral("golden3.jsonl") << int(GoldenSetDialog::Format::Sqlite) << 1;
    }

    void goldenSetReopensWithTheSameSignatures() {
        QFETCH(QString, file);
        QFETCH(int, format);
        QFETCH(int, perGroup);
        MainWindow w;
        QVERIFY(load(w, m_sample));
        const std::set<std::string> expected = signaturesOf(*w.analysis());
        QVERIFY(expected.size() >= 3);
        QPointer<GoldenSetDialog> d = w.openGoldenSetDialog();
        QVERIFY(d);
        d->setScope(GoldenSetDialog::Scope::All);
        d->setFormat(GoldenSetDialog::Format(format));
        d->setPerGroup(perGroup);
        d->setOutputPath(m_dir.filePath(file));
        const QString out = d->outputPath();
        QCOMPARE(out.endsWith(QStringLiteral(".sqlite")), format == int(GoldenSetDialog::Format::Sqlite));
        QSignalSpy exported(d.data(), &GoldenSetDialog::exported);
        QVERIFY(d->startExport());
        QVERIFY(exported.wait(60000));
        QCOMPARE(exported.first().at(0).toString(), out);
        const quint64 records = exported.first().at(1).toULongLong();
        QCOMPARE(exported.first().at(2).toULongLong(), quint64(expected.size()));
        QVERIFY(w.statusBar()->currentMessage().contains(QLocale().toString(records)));

        std::string error;
        auto golden = Analysis::analyze(out.toStdString(), AnalyzeOptions{}, &error);
        QVERIFY2(golden, error.c_str());
        QCOMPARE(quint64(golden->records().size()), records);
        QVERIFY(signaturesOf(*golden) == expected);
        if (perGroup > 0)
            for (const Group& g : golden->groups()) QVERIFY(g.count <= uint64_t(perGroup));
    }

    // The selected group only; a write into a missing directory fails and leaves no file.
    void goldenSetSelectedGroupAndFailedWrite() {
        MainWindow w;
        QVERIFY(load(w, m_sample));
        QVERIFY(w.selectGroupRow(0));
        const std::string sig = w.analysis()->groups()[size_t(w.currentGroup())].signature;
        QPointer<GoldenSetDialog> d = w.openGoldenSetDialog();
        QVERIFY(d);
        QCOMPARE(d->scope(), GoldenSetDialog::Scope::Selected);
        QVERIFY(d->signatures() == std::vector<std::string>{sig});

        const QString bad = m_dir.filePath(QStringLiteral("missing/dir/golden.jsonl"));
        d->setOutputPath(bad);
        QSignalSpy failed(d.data(), &GoldenSetDialog::failed);
        QVERIFY(d->startExport());
        QVERIFY(failed.wait(60000));
        QVERIFY(!QFile::exists(bad));
        QVERIFY(d->statusLabel()->text().contains(QStringLiteral("Not exported")));

        const QString out = m_dir.filePath(QStringLiteral("selected.jsonl"));
        d->setOutputPath(out);
        QSignalSpy exported(d.data(), &GoldenSetDialog::exported);
        QVERIFY(d->startExport());
        QVERIFY(exported.wait(60000));
        std::string error;
        auto golden = Analysis::analyze(out.toStdString(), AnalyzeOptions{}, &error);
        QVERIFY2(golden, error.c_str());
        QVERIFY(signaturesOf(*golden) == std::set<std::string>{sig});
    }

    // View › Mask Secrets: the panes and the differences list show the masked text; off again, the
    // record's text is back.
    void maskSecretsInTheDiffView() {
        MainWindow w;
        QVERIFY(load(w, m_secrets));
        auto* view = w.findChild<DiffView*>();
        QVERIFY(view);
        QAction* mask = w.maskSecretsAction();
        QVERIFY(mask && mask->isCheckable());
        QVERIFY(!mask->isChecked());  // off by default in the view
        QVERIFY(w.selectGroupRow(0));
        QVERIFY(w.selectRecordRow(0));
        QTRY_VERIFY_WITH_TIMEOUT(view->state() == DiffView::State::Ready && !view->isBuilding(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(view->sideBySide()->data(), 30000);
        const QString plain = shownText(view);
        QVERIFY(plain.contains(QStringLiteral("john.roe@example.org")));  // the differences list
        QVERIFY(plain.contains(QStringLiteral("hunter2-password")));      // the panes
        QVERIFY(holdsAnySecret(plain));
        QVERIFY(view->detailTabs()
                    ->plainText(DetailTabs::RequestTab)
                    .contains(QStringLiteral("s3cr3t-bearer-token-0123456789")));
        const int rowsBefore = view->differencesModel()->rowCount();

        mask->trigger();
        QVERIFY(view->masksSecrets());
        QTRY_VERIFY_WITH_TIMEOUT(view->state() == DiffView::State::Ready && !view->isBuilding() &&
                                     view->sideBySide()->data() && !holdsAnySecret(shownText(view)),
                                 30000);
        const QString masked = shownText(view);
        // The detail tabs too: the Authorization and Cookie request headers, the api_key in the URL.
        const QString request = view->detailTabs()->plainText(DetailTabs::RequestTab);
        QVERIFY(request.contains(QStringLiteral("Authorization")));
        QVERIFY(!request.contains(QStringLiteral("s3cr3t-bearer-token-0123456789")));
        QVERIFY(!request.contains(QStringLiteral("sessionid=abcdef123456")));
        QVERIFY(!request.contains(QStringLiteral("APIKEY-in-query-42")));
        QVERIFY(masked.contains(QStringLiteral("\u2022\u2022\u2022")));
        QVERIFY(masked.contains(QStringLiteral("/price")));          // the differences are still listed
        QCOMPARE(view->differencesModel()->rowCount(), rowsBefore);  // same rows, masked values
        // Another record keeps the masking.
        QVERIFY(w.selectRecordRow(1));
        QTRY_VERIFY_WITH_TIMEOUT(view->state() == DiffView::State::Ready && !view->isBuilding() &&
                                     view->sideBySide()->data() && view->recordIndex() == w.currentRecord(),
                                 30000);
        QVERIFY(!holdsAnySecret(shownText(view)));

        mask->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBuilding() && view->sideBySide()->data() &&
                                     shownText(view).contains(QStringLiteral("hunter2-password")),
                                 30000);
    }

    // Criteria edited on the dashboard are saved in the workspace (not QSettings) and are the
    // dashboard's criteria again when the store is reopened in a new window.
    void dashboardCriteriaSurviveAReopen() {
        {
            MainWindow w;
            QVERIFY(load(w, m_secrets));
            auto* minMatch = w.dashboard()->findChild<QDoubleSpinBox*>(QStringLiteral("minMatchRate"));
            auto* p95 = w.dashboard()->findChild<QDoubleSpinBox*>(QStringLiteral("maxP95Regression"));
            QVERIFY(minMatch && p95);
            QCOMPARE(w.dashboard()->parityOptions().min_match_rate, w.workspace()->workspace().criteria.min_match_rate);
            minMatch->setValue(99.5);
            QMetaObject::invokeMethod(minMatch, "editingFinished");
            p95->setValue(25);
            QMetaObject::invokeMethod(p95, "editingFinished");
            QCOMPARE(w.workspace()->workspace().criteria.min_match_rate, 0.995);
            QCOMPARE(w.workspace()->workspace().criteria.max_p95_regression, 0.25);
            QVERIFY(readAll(w.workspace()->path()).contains(QStringLiteral("\"min_match_rate\": 0.995")));
            QVERIFY(!QSettings().contains(QStringLiteral("dashboard/minMatchRate")));
        }
        MainWindow again;
        QVERIFY(load(again, m_secrets));
        QCOMPARE(again.dashboard()->parityOptions().min_match_rate, 0.995);
        QCOMPARE(again.dashboard()->verdictCriteria().max_p95_regression, 0.25);
        auto* minMatch = again.dashboard()->findChild<QDoubleSpinBox*>(QStringLiteral("minMatchRate"));
        QCOMPARE(minMatch->value(), 99.5);
    }
};

QTEST_MAIN(TestReportDialog)
#include "tst_reportdialog.moc"
