// SPDX-License-Identifier: MIT
// JobTracker (newest wins, stop, failure, queued delivery to a guarded receiver, progress), the
// load job on the sample store, the rate/ETA meter and the load status texts.
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

#include "ui/jobtracker.h"
#include "ui/loadjob.h"
#include "ui/loadstatus.h"

using namespace dt;
using namespace std::chrono_literals;

namespace {
// Waits (on the worker) until the job is asked to stop or `limit` passes. Returns true when stopped.
bool waitForStop(const JobContext& ctx, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!ctx.stopRequested()) {
        if (std::chrono::steady_clock::now() > end) return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}
}  // namespace

class TestJobTracker : public QObject {
    Q_OBJECT
private slots:
    void deliversOnTheGuiThread() {
        JobTracker tracker;
        QSignalSpy finished(&tracker, &JobTracker::finished);
        QSignalSpy running(&tracker, &JobTracker::runningChanged);
        QThread* workerThread = nullptr;
        int delivered = 0;
        QThread* deliveryThread = nullptr;
        const quint64 id = tracker.start(
            this,
            [&](JobContext&) {
                workerThread = QThread::currentThread();
                return 42;
            },
            [&](int value) {
                delivered = value;
                deliveryThread = QThread::currentThread();
            });
        QVERIFY(tracker.isRunning());
        QCOMPARE(tracker.currentId(), id);
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.at(0).at(0).toULongLong(), id);
        QCOMPARE(delivered, 42);
        QVERIFY(workerThread && workerThread != QThread::currentThread());
        QCOMPARE(deliveryThread, QThread::currentThread());
        QVERIFY(!tracker.isRunning());
        QCOMPARE(running.size(), 2);
        QCOMPARE(running.at(0).at(0).toBool(), true);
        QCOMPARE(running.at(1).at(0).toBool(), false);
    }

    void newestWins() {
        JobTracker tracker;
        QSignalSpy finished(&tracker, &JobTracker::finished);
        QSignalSpy cancelled(&tracker, &JobTracker::cancelled);
        std::atomic<bool> firstStopped{false};
        std::atomic<bool> firstStarted{false};
        std::vector<int> delivered;
        tracker.start(
            this,
            [&](JobContext& ctx) {
                firstStarted = true;
                firstStopped = waitForStop(ctx, 5000ms);
                return 1;
            },
            [&](int v) { delivered.push_back(v); });
        QTRY_VERIFY(firstStarted.load());
        const quint64 second = tracker.start(
            this, [](JobContext&) { return 2; }, [&](int v) { delivered.push_back(v); });
        QVERIFY(finished.wait(5000));
        QVERIFY(tracker.waitForDone(5000));
        QCoreApplication::processEvents();
        QVERIFY(firstStopped.load());              // the first job was asked to stop
        QCOMPARE(delivered, std::vector<int>{2});  // and its result was never delivered
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toULongLong(), second);
        QVERIFY(cancelled.isEmpty());  // superseded jobs end silently
    }

    void stopCancels() {
        JobTracker tracker;
        QSignalSpy cancelled(&tracker, &JobTracker::cancelled);
        QSignalSpy finished(&tracker, &JobTracker::finished);
        bool delivered = false;
        const quint64 id = tracker.start(
            this,
            [](JobContext& ctx) {
                waitForStop(ctx, 5000ms);
                return 7;
            },
            [&](int) { delivered = true; });
        tracker.stop();
        QVERIFY(cancelled.wait(5000));
        QCOMPARE(cancelled.at(0).at(0).toULongLong(), id);
        QVERIFY(!delivered);
        QVERIFY(finished.isEmpty());
        QVERIFY(!tracker.isRunning());
    }

    void failuresAreReported() {
        JobTracker tracker;
        QSignalSpy failed(&tracker, &JobTracker::failed);
        bool delivered = false;
        tracker.start(
            this,
            [](JobContext& ctx) {
                ctx.fail(QStringLiteral("boom"));
                return 1;
            },
            [&](int) { delivered = true; });
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("boom"));
        tracker.start(
            this, [](JobContext&) -> int { throw std::runtime_error("thrown"); }, [&](int) { delivered = true; });
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.at(1).at(1).toString(), QStringLiteral("thrown"));
        QVERIFY(!delivered);
    }

    void deadReceiverGetsNothing() {
        JobTracker tracker;
        QSignalSpy running(&tracker, &JobTracker::runningChanged);
        auto* receiver = new QObject;
        std::atomic<bool> release{false};
        bool delivered = false;
        tracker.start(
            receiver,
            [&](JobContext&) {
                while (!release) std::this_thread::sleep_for(1ms);
                return 1;
            },
            [&](int) { delivered = true; });
        delete receiver;
        release = true;
        QTRY_COMPARE(running.size(), 2);
        QVERIFY(!delivered);
    }

    void progressIsPolled() {
        JobTracker tracker;
        tracker.setProgressInterval(10);
        QSignalSpy progress(&tracker, &JobTracker::progress);
        std::atomic<bool> release{false};
        tracker.start(
            this,
            [&](JobContext& ctx) {
                for (int i = 1; i <= 1000; ++i)
                    ctx.reportProgress(i, 1000, i * 2);  // chatty: the GUI sees only samples
                while (!release) std::this_thread::sleep_for(1ms);
                return 0;
            },
            [](int) {});
        QTRY_VERIFY(!progress.isEmpty());
        const QList<QVariant> last = progress.last();
        QCOMPARE(last.at(1).toLongLong(), 1000);
        QCOMPARE(last.at(2).toLongLong(), 1000);
        QCOMPARE(last.at(3).toLongLong(), 2000);
        QVERIFY(progress.size() < 20);
        const int seen = int(progress.size());
        QTest::qWait(60);
        QCOMPARE(int(progress.size()), seen);  // unchanged numbers are not re-sent
        release = true;
        QVERIFY(tracker.waitForDone(5000));
    }

    void destroyingTheTrackerStopsAndWaits() {
        std::atomic<bool> stopped{false};
        {
            JobTracker tracker;
            std::atomic<bool> started{false};
            tracker.start(
                this,
                [&](JobContext& ctx) {
                    started = true;
                    stopped = waitForStop(ctx, 10000ms);
                    return 0;
                },
                [](int) {});
            QTRY_VERIFY(started.load());
        }
        QVERIFY(stopped.load());
    }

    void loadJobLoadsAndFails() {
        LoadJob job;
        job.setProgressInterval(5);
        QSignalSpy loaded(&job, &LoadJob::loaded);
        QSignalSpy failed(&job, &LoadJob::failed);
        QSignalSpy started(&job, &LoadJob::started);
        const QString sample = QStringLiteral(DT_SAMPLES "/sample.jsonl");
        job.open(sample);
        QCOMPARE(started.size(), 1);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.at(0).at(0).toString(), sample);
        const auto analysis = loaded.at(0).at(1).value<std::shared_ptr<const Analysis>>();
        QVERIFY(analysis);
        QVERIFY(analysis->records().size() >= 3000);
        QVERIFY(loaded.at(0).at(2).toDouble() > 0);
        QVERIFY(failed.isEmpty());

        job.open(QStringLiteral("/nonexistent/store.jsonl"));
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("/nonexistent/store.jsonl"));
        QVERIFY(!failed.at(0).at(1).toString().isEmpty());
        QCOMPARE(loaded.size(), 1);
    }

    void rateMeter() {
        RateMeter m;
        QCOMPARE(m.etaSeconds(), -1.0);
        // 1,000 bytes and 10 records per second, steadily, out of 10,000 bytes.
        for (int t = 1; t <= 5; ++t) m.sample(t, t * 1000, 10000, t * 10);
        QVERIFY(qAbs(m.recordsPerSecond() - 10.0) < 0.01);
        QVERIFY(qAbs(m.etaSeconds() - 5.0) < 0.01);
        // Slowing down to half the speed moves the estimate toward the new rate.
        for (int t = 6; t <= 12; ++t) m.sample(t, 5000 + (t - 5) * 500, 10000, 50 + (t - 5) * 5);
        QVERIFY(m.recordsPerSecond() < 7.5 && m.recordsPerSecond() > 5.0);
        QVERIFY(m.etaSeconds() > 1.5);
        m.sample(13, 10000, 10000, 100);
        QCOMPARE(m.etaSeconds(), 0.0);
        m.reset();
        m.sample(1, 100, 0, 10);  // unknown total
        QCOMPARE(m.etaSeconds(), -1.0);
        QVERIFY(qAbs(m.recordsPerSecond() - 10.0) < 0.01);
    }

    void statusTexts() {
        QCOMPARE(LoadStatus::formatDuration(-1), QStringLiteral("—"));
        QCOMPARE(LoadStatus::formatDuration(4.2), QStringLiteral("5 s"));
        QCOMPARE(LoadStatus::formatDuration(65), QStringLiteral("1:05"));
        QCOMPARE(LoadStatus::formatDuration(3725), QStringLiteral("1:02:05"));
        LoadProgress p;
        p.records = 1234;
        p.done = 50;
        p.total = 200;
        p.rate = 1000;
        p.eta = 12;
        const QString text = LoadStatus::formatProgress(p);
        QVERIFY2(text.contains(QLocale().toString(1234)) && text.contains(QStringLiteral("25 %")) &&
                     text.contains(QStringLiteral("12 s")) && text.contains(QStringLiteral("/s")),
                 qPrintable(text));
        p.grouping = true;
        QVERIFY(LoadStatus::formatProgress(p).contains(QStringLiteral("grouping")));
    }
};

QTEST_MAIN(TestJobTracker)
#include "tst_jobtracker.moc"
