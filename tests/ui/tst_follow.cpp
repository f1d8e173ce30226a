// SPDX-License-Identifier: MIT
// View › Follow: records appended to the open JSONL store come in without a manual reload (counts,
// groups, records list); a half-written last line is waited for; a truncated or replaced store is
// followed from its start. Polls are triggered by the test (the timer is set far out), and every
// wait is on a condition (QTRY_*), never on a duration.
#include <QAction>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <fstream>
#include <numeric>
#include <thread>

#include "ui/followcontroller.h"
#include "ui/groupsmodel.h"
#include "ui/mainwindow.h"
#include "ui/recordsmodel.h"

using namespace dt;

namespace {

QList<QByteArray> sampleLines() {
    QFile f(QStringLiteral(DT_SAMPLES "/sample.jsonl"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    QList<QByteArray> lines;
    for (const QByteArray& l : f.readAll().split('\n'))
        if (!l.trimmed().isEmpty()) lines << l;
    return lines;
}

QByteArray join(const QList<QByteArray>& lines, int from, int to) {
    QByteArray out;
    for (int i = from; i < to; ++i) out += lines[i] + '\n';
    return out;
}

bool writeFile(const QString& path, const QByteArray& data, QIODevice::OpenMode mode = QIODevice::WriteOnly) {
    QFile f(path);
    return f.open(mode) && f.write(data) == data.size();
}

uint64_t recordCount(const MainWindow& w) { return w.analysis() ? w.analysis()->records().size() : 0; }

uint64_t groupedRecords(const MainWindow& w) {
    uint64_t n = 0;
    if (w.analysis())
        for (const Group& g : w.analysis()->groups()) n += g.members.size();
    return n;
}

}  // namespace

class TstFollow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void appendedRecordsComeIn();
    void writerAppendsWhileFollowingIncrementally();
    void halfWrittenLineIsWaitedFor();
    void truncatedAndReplacedStores();
    void databaseUriIsRefused();

private:
    // Opens `path` in `w` with follow on and its first poll done.
    static bool openFollowing(MainWindow& w, const QString& path);
    QTemporaryDir m_dir;
    QList<QByteArray> m_lines;
};

void TstFollow::initTestCase() {
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("difftriage-tests"));
    m_lines = sampleLines();
    QVERIFY(m_lines.size() > 1500);
}

bool TstFollow::openFollowing(MainWindow& w, const QString& path) {
    w.setInteractive(false);
    w.followController()->setInterval(3600 * 1000);  // the test triggers every poll
    QSignalSpy loaded(&w, &MainWindow::storeLoaded);
    w.openStore(path);
    if (!loaded.wait(30000)) return false;
    w.followAction()->setChecked(true);
    if (!w.followController()->isActive()) return false;
    return QTest::qWaitFor([&] { return w.followController()->polls() >= 1; }, 30000);
}

void TstFollow::appendedRecordsComeIn() {
    const QString store = m_dir.filePath(QStringLiteral("grow.jsonl"));
    QVERIFY(writeFile(store, join(m_lines, 0, 300)));
    MainWindow w;
    QVERIFY(openFollowing(w, store));
    QCOMPARE(recordCount(w), 300u);
    QCOMPARE(w.followLabel()->text(), QStringLiteral("following: 0 new records"));
    const uint64_t grouped = groupedRecords(w);
    const int groupRows = w.groupsModel()->rowCount();
    const auto before = w.analysis()->outcomeCounts();

    QVERIFY(writeFile(store, join(m_lines, 300, 1500), QIODevice::Append));
    w.followController()->pollNow();
    QTRY_COMPARE_WITH_TIMEOUT(recordCount(w), uint64_t(1500), 30000);
    QCOMPARE(w.followController()->newRecords(), 1200u);
    QTRY_COMPARE(w.followLabel()->text(), QStringLiteral("following: %1 new records").arg(QLocale().toString(1200)));
    const auto after = w.analysis()->outcomeCounts();
    QCOMPARE(std::accumulate(after.begin(), after.end(), uint64_t(0)), uint64_t(1500));
    QVERIFY(after[size_t(Outcome::Match)] > before[size_t(Outcome::Match)]);
    QVERIFY(groupedRecords(w) > grouped);  // the groups grew
    QVERIFY(w.groupsModel()->rowCount() >= groupRows);
    QVERIFY(w.currentGroup() >= 0);  // a group stays selected, its records listed
    QCOMPARE(w.recordsModel()->totalRows(), int(w.analysis()->groups()[size_t(w.currentGroup())].members.size()));

    // Off: appended records wait for a reload.
    w.followAction()->setChecked(false);
    QVERIFY(!w.followController()->isActive());
    QVERIFY(writeFile(store, join(m_lines, 1500, 1510), QIODevice::Append));
    w.followController()->pollNow();  // no-op while off
    QCOMPARE(recordCount(w), uint64_t(1500));
}

// A writer thread appends batches while the window follows: every refresh is an incremental step
// (Analysis::extended, no full re-analysis), the groups and counts grow to those of a full analysis
// of the final store, and the selected group and record stay selected.
void TstFollow::writerAppendsWhileFollowingIncrementally() {
    const QString store = m_dir.filePath(QStringLiteral("writer.jsonl"));
    QVERIFY(writeFile(store, join(m_lines, 0, 1200)));
    MainWindow w;
    QVERIFY(openFollowing(w, store));
    QCOMPARE(recordCount(w), 1200u);
    QVERIFY(w.analysis()->groups().size() >= 2);
    QVERIFY(w.selectGroupRow(1));
    QVERIFY(w.selectRecordRow(1));
    const int group = w.currentGroup();
    QVERIFY(group >= 0);
    const std::string signature = w.analysis()->groups()[size_t(group)].signature;
    QVERIFY(w.currentRecord() != kNone);
    const std::string record(w.analysis()->id(w.analysis()->records()[w.currentRecord()]));
    const uint64_t members = w.analysis()->groups()[size_t(group)].members.size();

    // The writer: 4 batches of 40 lines through a buffered stream (a poll may meet a half line).
    const int batches = 4, perBatch = 40;
    std::atomic<int> written{0};
    const std::string path = store.toStdString();
    const QList<QByteArray> lines = m_lines;
    std::thread writer([&] {
        for (int b = 0; b < batches; ++b) {
            std::ofstream out(path, std::ios::app | std::ios::binary);
            const QByteArray batch = join(lines, 1200 + b * perBatch, 1200 + (b + 1) * perBatch);
            out.write(batch.constData(), batch.size());
            out.close();
            written = b + 1;
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        }
    });
    const uint64_t target = 1200 + batches * perBatch;
    const bool allIn = QTest::qWaitFor(
        [&] {
            w.followController()->pollNow();  // no-op while a poll runs
            return recordCount(w) == target;
        },
        60000);
    writer.join();
    QVERIFY(allIn);
    QTRY_VERIFY(!w.isFollowRefreshing());

    QVERIFY(w.followIncrementalRefreshes() >= 1);
    QCOMPARE(w.followFullRefreshes(), 0u);
    std::string error;
    auto full = Analysis::analyze(path, {}, &error);
    QVERIFY2(full, error.c_str());
    QVERIFY(w.analysis()->outcomeCounts() == full->outcomeCounts());
    QCOMPARE(w.analysis()->groups().size(), full->groups().size());
    for (size_t g = 0; g < full->groups().size(); ++g) {
        QCOMPARE(w.analysis()->groups()[g].signature, full->groups()[g].signature);
        QCOMPARE(w.analysis()->groups()[g].count, full->groups()[g].count);
    }
    QCOMPARE(w.groupsModel()->rowCount(), int(full->groups().size()));
    // The same group and record selected, the group's records listed.
    QVERIFY(w.currentGroup() >= 0);
    QCOMPARE(w.analysis()->groups()[size_t(w.currentGroup())].signature, signature);
    QVERIFY(w.analysis()->groups()[size_t(w.currentGroup())].members.size() >= members);
    QCOMPARE(w.recordsModel()->totalRows(), int(w.analysis()->groups()[size_t(w.currentGroup())].members.size()));
    QVERIFY(w.currentRecord() != kNone);
    QCOMPARE(std::string(w.analysis()->id(w.analysis()->records()[w.currentRecord()])), record);
}

void TstFollow::halfWrittenLineIsWaitedFor() {
    const QString store = m_dir.filePath(QStringLiteral("half.jsonl"));
    QVERIFY(writeFile(store, join(m_lines, 0, 200)));
    MainWindow w;
    QVERIFY(openFollowing(w, store));
    const size_t problems = w.analysis()->problems().size();
    FollowController* follow = w.followController();

    // Ten complete lines and half of the next: nothing is announced while the line is unfinished.
    const QByteArray next = m_lines[210];
    QVERIFY(writeFile(store, join(m_lines, 200, 210) + next.left(next.size() / 2), QIODevice::Append));
    const quint64 polls = follow->polls();
    follow->pollNow();
    QTRY_VERIFY(follow->polls() > polls && !follow->isPolling());
    QCOMPARE(recordCount(w), uint64_t(200));
    QCOMPARE(follow->newRecords(), 0u);

    // The line is finished: all eleven records come in, none of them invalid.
    QVERIFY(writeFile(store, next.mid(next.size() / 2) + '\n', QIODevice::Append));
    follow->pollNow();
    QTRY_COMPARE_WITH_TIMEOUT(recordCount(w), uint64_t(211), 30000);
    QCOMPARE(w.analysis()->problems().size(), problems);
    QCOMPARE(follow->newRecords(), 11u);
}

void TstFollow::truncatedAndReplacedStores() {
    const QString store = m_dir.filePath(QStringLiteral("cut.jsonl"));
    QVERIFY(writeFile(store, join(m_lines, 0, 400)));
    MainWindow w;
    QVERIFY(openFollowing(w, store));
    QSignalSpy changed(w.followController(), &FollowController::changed);

    // Truncated in place (same file, fewer bytes): read again from the start.
    QVERIFY(writeFile(store, join(m_lines, 0, 100)));
    w.followController()->pollNow();
    QTRY_COMPARE_WITH_TIMEOUT(recordCount(w), uint64_t(100), 30000);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(2).toBool(), true);  // restarted
    QVERIFY(w.followLabel()->text().contains(QStringLiteral("restarted")));

    // Replaced by another, bigger file under the same name (a new inode).
    const QString other = m_dir.filePath(QStringLiteral("other.jsonl"));
    QVERIFY(writeFile(other, join(m_lines, 500, 1100)));
    QVERIFY(QFile::remove(store));
    QVERIFY(QFile::rename(other, store));
    w.followController()->pollNow();
    QTRY_COMPARE_WITH_TIMEOUT(recordCount(w), uint64_t(600), 30000);
    QVERIFY(w.followController()->isActive());

    // Gone for a while: no crash, nothing lost; back with records: read from the start.
    QVERIFY(QFile::remove(store));
    w.followController()->pollNow();
    QTRY_VERIFY(!w.followController()->isPolling());
    QCOMPARE(recordCount(w), uint64_t(600));
    QVERIFY(writeFile(store, join(m_lines, 0, 50)));
    w.followController()->pollNow();
    QTRY_COMPARE_WITH_TIMEOUT(recordCount(w), uint64_t(50), 30000);
}

void TstFollow::databaseUriIsRefused() {
    FollowController follow;
    QVERIFY(!follow.start(QStringLiteral("postgresql://localhost/db"), 0));
    QVERIFY(!follow.isActive());
    QVERIFY(!follow.start(QString(), 0));
}

QTEST_MAIN(TstFollow)
#include "tst_follow.moc"
