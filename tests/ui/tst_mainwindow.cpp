// SPDX-License-Identifier: MIT
// The triage window on the bundled sample store: renders to PNG (light and dark palettes) and checks
// that rows, panes and highlights are present; opening errors, cancel, drag and drop, recent files,
// remembered sort order, keyboard reachability and the filter bar.
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "ui/filterbar.h"
#include "ui/groupsmodel.h"
#include "ui/groupsproxy.h"
#include "ui/loadjob.h"
#include "ui/loadstatus.h"
#include "ui/mainwindow.h"
#include "ui/outcomebar.h"
#include "ui/problemspanel.h"
#include "ui/recentfiles.h"
#include "ui/recordsmodel.h"
#include "ui/screenshot.h"

#include "ui/diffcolors.h"
#include "ui/diffview.h"

using namespace dt;

namespace {

const QString kSample = QStringLiteral(DT_SAMPLES "/sample.jsonl");

bool near(QRgb a, const QColor& b, int tolerance) {
    return qAbs(qRed(a) - b.red()) <= tolerance && qAbs(qGreen(a) - b.green()) <= tolerance &&
           qAbs(qBlue(a) - b.blue()) <= tolerance;
}

// Pixels of `image` inside `rect` that are close to `color`.
int countColor(const QImage& image, const QRect& rect, const QColor& color, int tolerance = 4) {
    int n = 0;
    const QRect r = rect.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x) n += near(image.pixel(x, y), color, tolerance);
    return n;
}

double meanLightness(const QImage& image, const QRect& rect) {
    double sum = 0;
    int n = 0;
    const QRect r = rect.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); y += 2)
        for (int x = r.left(); x <= r.right(); x += 2, ++n) sum += QColor(image.pixel(x, y)).lightnessF();
    return n ? sum / n : 0;
}

QRect rectIn(const QWidget* widget, const QWidget* window) {
    return QRect(widget->mapTo(window, QPoint(0, 0)), widget->size());
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_big;

    bool loadInto(MainWindow& w, const QString& path) {
        QSignalSpy loaded(&w, &MainWindow::storeLoaded);
        w.openStore(path);
        return loaded.wait(60000) || !loaded.isEmpty();
    }

    // Renders the sample in a palette and checks the picture.
    void render(const QString& paletteName) {
        QVERIFY(applyPaletteOption(paletteName));
        MainWindow w;
        w.setInteractive(false);
        w.resize(1500, 950);
        w.show();
        const QString png = QStringLiteral(DT_SCREENSHOTS "/mainwindow_%1.png").arg(paletteName);
        QFile::remove(png);
        ScreenshotRunner runner(&w, png);
        QSignalSpy done(&runner, &ScreenshotRunner::done);
        runner.start(kSample);
        QVERIFY(done.wait(60000) || !done.isEmpty());
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));

        // Rows: every group of the analysis is listed, and the first group's records.
        const auto analysis = w.analysis();
        QVERIFY(analysis);
        QVERIFY(!analysis->groups().empty());
        QCOMPARE(w.groupsView()->model()->rowCount(), int(analysis->groups().size()));
        QCOMPARE(w.groupsView()->currentIndex().row(), 0);
        const int group = w.currentGroup();
        QVERIFY(group >= 0);
        QCOMPARE(w.recordsModel()->totalRows(), int(analysis->groups()[size_t(group)].members.size()));
        QCOMPARE(w.recordsView()->currentIndex().row(), 0);
        QCOMPARE(w.currentRecord(), analysis->groups()[size_t(group)].members[0]);
        // Totals and bad records.
        QVERIFY(w.outcomeBar()
                    ->text(QStringLiteral("records"))
                    .contains(QLocale().toString(qulonglong(analysis->records().size()))));
        QVERIFY(w.outcomeBar()->text(QStringLiteral("rate")).contains(QStringLiteral("%")));
        const auto problems = w.findChild<QToolButton*>(QStringLiteral("problemsButton"));
        QVERIFY(problems && problems->isVisible());
        QVERIFY(!analysis->problems().empty());
        QVERIFY(problems->text().contains(QString::number(analysis->problems().size())));
        QCOMPARE(w.problemsPanel()->problemCount(), int(analysis->problems().size()));

        QVERIFY(!w.windowIcon().availableSizes().isEmpty());  // resources/difftriage.qrc is linked in
        QVERIFY(w.windowTitle().contains(QStringLiteral("sample.jsonl")));

        // Panes: all visible with a sensible size.
        for (QWidget* pane :
             {static_cast<QWidget*>(w.groupsView()), static_cast<QWidget*>(w.recordsView()), w.diffPane(),
              static_cast<QWidget*>(w.filterBar()), static_cast<QWidget*>(w.outcomeBar())}) {
            QVERIFY2(pane->isVisible(), qPrintable(pane->objectName()));
            QVERIFY2(pane->width() > 200 && pane->height() > 12, qPrintable(pane->objectName()));
        }

        // The picture: selected rows are highlighted, the diff shows coloured changes.
        const QImage image(png);
        QVERIFY(!image.isNull());
        const QImage shot = image.convertToFormat(QImage::Format_RGB32);
        const QPalette pal = QApplication::palette();
        const QRect groupsRect = rectIn(w.groupsView()->viewport(), &w);
        const QRect recordsRect = rectIn(w.recordsView()->viewport(), &w);
        const QColor highlight = pal.color(QPalette::Active, QPalette::Highlight);
        QVERIFY2(countColor(shot, groupsRect, highlight, 8) > 500, "no selected group row in the picture");
        QVERIFY2(countColor(shot, recordsRect, highlight, 8) > 300, "no selected record row in the picture");
        if (paletteName == QLatin1String("dark"))
            QVERIFY(meanLightness(shot, recordsRect) < 0.35);
        else
            QVERIFY(meanLightness(shot, recordsRect) > 0.65);
        auto* diff = qobject_cast<DiffView*>(w.diffPane());
        QVERIFY(diff);
        QCOMPARE(diff->state(), DiffView::State::Ready);
        const DiffColors colors = DiffColors::fromPalette(diff->palette());
        const QRect diffRect = rectIn(diff, &w);
        const int changed = countColor(shot, diffRect, colors.changed) + countColor(shot, diffRect, colors.removed) +
                            countColor(shot, diffRect, colors.added);
        QVERIFY2(changed > 200, qPrintable(QStringLiteral("changed-row pixels: %1").arg(changed)));
        const int inlineHl = countColor(shot, diffRect, colors.changedInline) +
                             countColor(shot, diffRect, colors.removedInline) +
                             countColor(shot, diffRect, colors.addedInline);
        QVERIFY2(inlineHl > 20, qPrintable(QStringLiteral("intra-line highlight pixels: %1").arg(inlineHl)));
        applyPaletteOption(QStringLiteral("light"));
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
        QCoreApplication::setOrganizationName(QStringLiteral("difftriage-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        m_big = m_dir.filePath(QStringLiteral("big.jsonl"));
        QProcess gen;
        gen.start(QStringLiteral(DT_GEN),
                  {QStringLiteral("--records"), QStringLiteral("150000"), QStringLiteral("--jsonl"), m_big});
        QVERIFY2(gen.waitForFinished(120000),
                 qPrintable(QStringLiteral("difftriage-gen (" DT_GEN "): %1 - build the difftriage-gen target")
                                .arg(gen.errorString())));
        QCOMPARE(gen.exitCode(), 0);
    }

    void rendersLight() { render(QStringLiteral("light")); }
    void rendersDark() { render(QStringLiteral("dark")); }

    void openErrorsNeverCrash() {
        MainWindow w;
        w.show();
        QSignalSpy failed(&w, &MainWindow::storeFailed);
        w.openStore(m_dir.filePath(QStringLiteral("does-not-exist.jsonl")));
        QVERIFY(failed.wait(10000));
        QVERIFY(!failed.at(0).at(1).toString().isEmpty());
        auto* box = w.findChild<QMessageBox*>(QStringLiteral("openErrorBox"));
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QVERIFY(box->informativeText().contains(failed.at(0).at(1).toString()));
        box->close();
        QVERIFY(!w.analysis());

        // Binary garbage is refused with a reason (a dialog, no crash), the window stays usable.
        const QString junk = m_dir.filePath(QStringLiteral("junk.bin"));
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray bytes;
        for (int i = 0; i < 5000; ++i) bytes.append(char((i * 7919) % 251));
        f.write(bytes);
        f.close();
        w.openStore(junk);
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.size(), 2);
        QTRY_VERIFY(w.findChild<QMessageBox*>(QStringLiteral("openErrorBox")));
        for (auto* b : w.findChildren<QMessageBox*>(QStringLiteral("openErrorBox"))) b->close();

        // Text that is not records opens as a JSONL store whose lines are all load problems.
        const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile t(text);
        QVERIFY(t.open(QIODevice::WriteOnly));
        for (int i = 0; i < 50; ++i) t.write(QStringLiteral("line %1 is not a record {\n").arg(i).toUtf8());
        t.close();
        QVERIFY(loadInto(w, text));
        QVERIFY(w.analysis());
        QCOMPARE(w.problemsPanel()->problemCount(), 50);
        QCOMPARE(w.groupsView()->model()->rowCount(), 0);
        QVERIFY(w.findChild<QToolButton*>(QStringLiteral("problemsButton"))->text().contains(QStringLiteral("50")));
        QVERIFY(w.problemsPanel()->copyRaw());
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("line 0 is not a record {"));
    }

    void secondOpenCancelsFirst() {
        MainWindow w;
        w.setInteractive(false);
        QSignalSpy cancelled(w.loadJob(), &LoadJob::cancelled);
        QSignalSpy loaded(&w, &MainWindow::storeLoaded);
        w.openStore(m_big);
        QTest::qWait(50);
        QVERIFY(w.isLoading());
        w.openStore(kSample);
        QCOMPARE(cancelled.size(), 1);
        QCOMPARE(cancelled.at(0).at(0).toString(), QFileInfo(m_big).absoluteFilePath());
        QVERIFY(loaded.wait(60000));
        QTest::qWait(200);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.at(0).at(0).toString(), QFileInfo(kSample).absoluteFilePath());
        QCOMPARE(w.storePath(), QFileInfo(kSample).absoluteFilePath());
        QVERIFY(!w.isLoading());
    }

    void escapeCancelsLoad() {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QSignalSpy cancelled(w.loadJob(), &LoadJob::cancelled);
        QSignalSpy loaded(&w, &MainWindow::storeLoaded);
        w.openStore(m_big);
        QTRY_VERIFY(w.loadStatus()->isVisible());
        // Progress: records read, rate, ETA, and a Cancel button.
        QTRY_VERIFY_WITH_TIMEOUT(w.loadStatus()->text().contains(QStringLiteral("ETA")), 10000);
        QVERIFY(w.loadStatus()->text().contains(QStringLiteral("records")));
        QVERIFY(w.loadStatus()->cancelButton()->isVisible());
        w.grab().save(QStringLiteral(DT_SCREENSHOTS "/mainwindow_loading.png"));
        QTest::keyClick(w.groupsView(), Qt::Key_Escape);
        QVERIFY(cancelled.wait(20000) || !cancelled.isEmpty());
        QVERIFY(!w.isLoading());
        QVERIFY(loaded.isEmpty());
        QVERIFY(!w.analysis());
        QVERIFY(!w.loadStatus()->isVisible());
    }

    void dropOpensStore() {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QSignalSpy loaded(&w, &MainWindow::storeLoaded);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(QStringLiteral(DT_SAMPLES "/sample.sqlite"))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(w.analysis()->store().format(), StoreFormat::Sqlite);
        QVERIFY(w.groupsView()->model()->rowCount() > 0);
    }

    void remembersSortAndRecentFiles() {
        {
            MainWindow w;
            w.setInteractive(false);
            QVERIFY(loadInto(w, kSample));
            QCOMPARE(w.recentFiles()->files().value(0), QFileInfo(kSample).absoluteFilePath());
            w.groupsView()->sortByColumn(GroupsModel::Signature, Qt::AscendingOrder);
            w.groupsView()->setColumnWidth(GroupsModel::Endpoint, 333);
            w.close();
        }
        MainWindow w;
        QHeaderView* header = w.groupsView()->horizontalHeader();
        QCOMPARE(header->sortIndicatorSection(), int(GroupsModel::Signature));
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
        QCOMPARE(header->sectionSize(GroupsModel::Endpoint), 333);
        QCOMPARE(w.recentFiles()->files().value(0), QFileInfo(kSample).absoluteFilePath());
        QVERIFY(loadInto(w, kSample));
        const auto* proxy = w.groupsProxy();
        for (int r = 1; r < proxy->rowCount(); ++r)
            QVERIFY(proxy->index(r - 1, GroupsModel::Signature).data().toString() <
                    proxy->index(r, GroupsModel::Signature).data().toString());
        // Reset for the other tests.
        w.groupsView()->sortByColumn(GroupsModel::Count, Qt::DescendingOrder);
    }

    void keyboardReachesEverything() {
        MainWindow w;
        w.setInteractive(false);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(loadInto(w, kSample));
        QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(w.filterBar()->searchEdit()->hasFocus());
        QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
        QTRY_VERIFY(w.groupsView()->hasFocus());
        QTest::keyClick(w.groupsView(), Qt::Key_Down);
        QCOMPARE(w.groupsView()->currentIndex().row(), 1);
        QCOMPARE(w.currentGroup(), w.groupsProxy()->groupAt(1));
        QTest::keyClick(w.groupsView(), Qt::Key_Return);
        QTRY_VERIFY(w.recordsView()->hasFocus());
        QTest::keyClick(w.recordsView(), Qt::Key_Down);
        QCOMPARE(w.recordsView()->currentIndex().row(), 1);
        QApplication::clipboard()->clear();
        QTest::keyClick(w.recordsView(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(), w.recordsModel()->correlationId(1));
        QTest::keyClick(&w, Qt::Key_3, Qt::ControlModifier);
        QTRY_VERIFY(w.diffPane()->isAncestorOf(QApplication::focusWidget()) || w.diffPane()->hasFocus());
        QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);
        QTRY_VERIFY(w.recordsView()->hasFocus());
        QTest::keyClick(&w, Qt::Key_4, Qt::ControlModifier);
        QTRY_VERIFY(w.problemsDock()->isVisible());
        // F5 reloads the same store.
        QSignalSpy loaded(&w, &MainWindow::storeLoaded);
        QTest::keyClick(&w, Qt::Key_F5);
        QVERIFY(loaded.wait(30000));
    }

    void reloadKeepsSelectionAndFilter() {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QVERIFY(loadInto(w, kSample));
        QVERIFY(w.selectGroupRow(3));
        QVERIFY(w.selectRecordRow(2));
        const auto before = w.analysis();
        const std::string signature = before->groups()[size_t(w.currentGroup())].signature;
        const std::string record(before->id(before->records()[w.currentRecord()]));
        QVERIFY(loadInto(w, kSample));  // F5
        const auto after = w.analysis();
        QVERIFY(after != before);
        QCOMPARE(after->groups()[size_t(w.currentGroup())].signature, signature);
        QCOMPARE(std::string(after->id(after->records()[w.currentRecord()])), record);

        // A filter survives the reload and is applied to the new analysis.
        QSignalSpy applied(&w, &MainWindow::filterApplied);
        w.filterBar()->outcomeBox()->setCurrentIndex(w.filterBar()->outcomeBox()->findData(int(Outcome::Drift)));
        QTRY_VERIFY(!applied.isEmpty());
        const int driftGroups = w.groupsView()->model()->rowCount();
        QVERIFY(driftGroups > 0 && driftGroups < int(after->groups().size()));
        applied.clear();
        QVERIFY(loadInto(w, kSample));
        QTRY_VERIFY(!applied.isEmpty());
        QCOMPARE(w.groupsView()->model()->rowCount(), driftGroups);
        QVERIFY(w.filterResult());
        // Another store clears it.
        QVERIFY(loadInto(w, QStringLiteral(DT_SAMPLES "/sample.sqlite")));
        QCOMPARE(w.filterBar()->outcomeBox()->currentIndex(), 0);
        QCOMPARE(w.groupsView()->model()->rowCount(), int(w.analysis()->groups().size()));
    }

    void filterBarFindsARecord() {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QVERIFY(loadInto(w, kSample));
        const auto analysis = w.analysis();
        const Group& g = analysis->groups()[2];
        const uint32_t rec = g.members.back();
        const QString id = QString::fromUtf8(analysis->id(analysis->records()[rec]));
        QSignalSpy applied(&w, &MainWindow::filterApplied);
        w.filterBar()->idEdit()->setText(id);
        QVERIFY(applied.wait(10000));
        QCOMPARE(w.groupsView()->model()->rowCount(), 1);
        QCOMPARE(w.currentGroup(), 2);
        QCOMPARE(w.recordsModel()->rowCount(), 1);
        QCOMPARE(w.currentRecord(), rec);
        // Clearing the filter brings every group back and keeps the selected group.
        w.filterBar()->clear();
        QTRY_COMPARE(w.groupsView()->model()->rowCount(), int(analysis->groups().size()));
        QCOMPARE(w.currentGroup(), 2);
        QCOMPARE(w.recordsModel()->totalRows(), int(g.members.size()));
        // A record selected by id.
        QVERIFY(w.selectRecordById(id));
        QCOMPARE(w.currentRecord(), rec);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
