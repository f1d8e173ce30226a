// SPDX-License-Identifier: MIT
// View › Outcome: the records of one outcome (noise, match, allowed, drift, invalid, mismatch) are
// listed in the records pane and open in the diff view; choosing a group goes back; a reload keeps
// the list.
#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/filterbar.h"
#include "ui/groupsproxy.h"
#include "ui/mainwindow.h"
#include "ui/outcomebrowser.h"
#include "ui/recordsmodel.h"

using namespace dt;

class TstOutcomeBrowser : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void listsTheRecordsOfAnOutcome_data();
    void listsTheRecordsOfAnOutcome();
    void groupEndsTheListAndReloadKeepsIt();
    void tagTermsInTheSearchBox();

private:
    QTemporaryDir m_dir;
};

void TstOutcomeBrowser::initTestCase() {
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("difftriage-tests"));
}

namespace {
bool load(MainWindow& w) {
    w.setInteractive(false);
    QSignalSpy loaded(&w, &MainWindow::storeLoaded);
    w.openStore(QStringLiteral(DT_SAMPLES "/sample.jsonl"));
    return loaded.wait(30000);
}
}  // namespace

void TstOutcomeBrowser::listsTheRecordsOfAnOutcome_data() {
    QTest::addColumn<int>("outcome");
    for (Outcome o : {Outcome::Noise, Outcome::Match, Outcome::Drift, Outcome::Mismatch, Outcome::Invalid})
        QTest::newRow(outcomeName(o).data()) << int(o);
}

void TstOutcomeBrowser::listsTheRecordsOfAnOutcome() {
    QFETCH(int, outcome);
    const Outcome o = Outcome(outcome);
    MainWindow w;
    QVERIFY(load(w));
    OutcomeBrowser* browser = w.outcomeBrowser();
    QVERIFY(browser->menu()->isEnabled());
    const uint64_t expected = w.analysis()->outcomeCounts()[size_t(o)];
    QVERIFY2(expected > 0, "the sample store has records of every outcome");

    QSignalSpy shown(&w, &MainWindow::recordShown);
    browser->action(o)->trigger();  // View › Outcome › All … records
    QCOMPARE(browser->outcome(), std::optional<Outcome>(o));
    RecordsModel* model = w.recordsModel();
    QVERIFY(model->isList());
    QCOMPARE(model->group(), -1);
    QCOMPARE(uint64_t(model->totalRows()), expected);
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(w.analysis()->records()[model->recordAt(row)].outcome, o);
    // The first record is selected and opens in the diff view.
    QCOMPARE(w.recordsView()->currentIndex().row(), 0);
    QVERIFY(!shown.isEmpty());
    QCOMPARE(shown.last().at(0).toUInt(), model->recordAt(0));
    QCOMPARE(w.currentRecord(), model->recordAt(0));
    auto* label = w.findChild<QLabel*>(QStringLiteral("recordsLabel"));
    QVERIFY2(label->text().contains(QString::fromLatin1(outcomeName(o).data())), qPrintable(label->text()));
    // Another row opens its record too.
    if (model->rowCount() > 1) {
        QVERIFY(w.selectRecordRow(1));
        QCOMPARE(shown.last().at(0).toUInt(), model->recordAt(1));
    }
}

void TstOutcomeBrowser::groupEndsTheListAndReloadKeepsIt() {
    MainWindow w;
    QVERIFY(load(w));
    OutcomeBrowser* browser = w.outcomeBrowser();
    QVERIFY(browser->showOutcome(Outcome::Noise));
    const int noise = w.recordsModel()->totalRows();

    // F5: the list stays (also what View › Follow relies on).
    QSignalSpy loaded(&w, &MainWindow::storeLoaded);
    w.reload();
    QVERIFY(loaded.wait(30000));
    QCOMPARE(browser->outcome(), std::optional<Outcome>(Outcome::Noise));
    QVERIFY(w.recordsModel()->isList());
    QCOMPARE(w.recordsModel()->totalRows(), noise);

    // Choosing a group goes back to the groups.
    QVERIFY(w.selectGroupRow(1));
    QCOMPARE(browser->outcome(), std::nullopt);
    QVERIFY(browser->action(std::nullopt)->isChecked());
    QVERIFY(!w.recordsModel()->isList());
    QCOMPARE(w.currentGroup(), w.groupsProxy()->groupAt(1));

    // And View › Outcome › Groups from a list selects the first group.
    QVERIFY(browser->showOutcome(Outcome::Match));
    browser->action(std::nullopt)->trigger();
    QCOMPARE(browser->outcome(), std::nullopt);
    QCOMPARE(w.currentGroup(), w.groupsProxy()->groupAt(0));
}

// Not View › Outcome but its neighbour in docs/gui.md: `tenant=hooli region=eu-*` typed into the search
// box filters the records by their tags (the core filter language, shared with the CLI).
void TstOutcomeBrowser::tagTermsInTheSearchBox() {
    MainWindow w;
    QVERIFY(load(w));
    const int allGroups = w.groupsProxy()->rowCount();
    QSignalSpy applied(&w, &MainWindow::filterApplied);
    w.filterBar()->searchEdit()->setText(QStringLiteral("tenant=hooli region=eu-*"));
    QVERIFY(applied.wait(10000));
    QCOMPARE(w.filterBar()->spec().tags.size(), size_t(2));
    QVERIFY(w.filterBar()->spec().text.empty());
    QVERIFY(w.groupsProxy()->rowCount() > 0);
    QVERIFY(w.groupsProxy()->rowCount() < allGroups);
    const std::shared_ptr<const Analysis> a = w.analysis();
    for (int g = 0; g < w.groupsProxy()->rowCount(); ++g) {
        QVERIFY(w.selectGroupRow(g));
        QVERIFY(w.recordsModel()->totalRows() > 0);
        for (int r = 0; r < w.recordsModel()->rowCount(); ++r) {
            const FlatObject& tags = a->tagSet(a->recordTags(w.recordsModel()->recordAt(r)));
            const TagCriterion tenant{"tenant", "hooli"}, region{"region", "eu-*"};
            QVERIFY(tenant.matches(tags));
            QVERIFY(region.matches(tags));
        }
    }
}

QTEST_MAIN(TstOutcomeBrowser)
#include "tst_outcomebrowser.moc"
