// SPDX-License-Identifier: MIT
// bench_gui_load: the triage window on a big store. Measures the time from "open" until the groups
// table has painted its rows, and the worst event-loop stall (wall-clock gap between 5 ms timer
// ticks) and worst GUI-thread work between ticks, while loading, filtering, browsing and previewing
// rules in the Allow… dialog (issue 12: the latency of one edited rule's live preview, and the worst
// GUI stall while it runs).
//
// usage: bench_gui_load [STORE] [--records N] [--mismatch-rate R] [--threads N] [--follow NEW.jsonl] [--json]
// Without STORE, a store of N records (default 1,000,000) is generated with difftriage-gen into a
// temporary directory. Runs headless (offscreen) unless QT_QPA_PLATFORM is set.
#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QProcess>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

#include "ui/allowdialog.h"
#include "ui/filterbar.h"
#include "ui/followcontroller.h"
#include "ui/mainwindow.h"
#include "ui/recordsmodel.h"
#include "ui/ruleeditor.h"
#include "ui/stallmeter.h"

namespace {

// Runs the event loop (sleeping while idle: no busy wait stealing a core from the loader) until
// `done()` or the timeout; returns false on timeout.
bool spinUntil(const std::function<bool()>& done, int timeoutMs) {
    if (done()) return true;
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QTimer check;
    check.setInterval(2);
    bool ok = false;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done()) {
            ok = true;
            loop.quit();
        } else if (clock.elapsed() > timeoutMs) {
            loop.quit();
        }
    });
    check.start();
    loop.exec();
    return ok;
}

class PaintWatcher : public QObject {
public:
    bool painted = false;
    bool eventFilter(QObject* o, QEvent* e) override {
        if (e->type() == QEvent::Paint) painted = true;
        return QObject::eventFilter(o, e);
    }
};

struct Phase {
    const char* name;
    double ms = 0;
    double maxGap = 0, p99Gap = 0, maxBusy = 0, maxGapAt = 0, maxBusyAt = 0;
    int over50 = 0, ticks = 0;
};

Phase measure(const char* name, dt::StallMeter& meter, double ms) {
    Phase p{name};
    p.ms = ms;
    p.maxGap = meter.maxGapMs();
    p.p99Gap = meter.percentileGapMs(99);
    p.maxBusy = meter.maxBusyMs();
    p.maxGapAt = meter.maxGapAtMs();
    p.maxBusyAt = meter.maxBusyAtMs();
    p.over50 = meter.gapsOver(50);
    p.ticks = meter.ticks();
    return p;
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("difftriage-bench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Time until groups are visible and worst event-loop stall "
                                                    "while the triage window loads a big store."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("STORE"), QStringLiteral("store to load (default: generate one)"));
    const QCommandLineOption records(QStringLiteral("records"), QStringLiteral("records to generate (default 1000000)"),
                                     QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("loader threads (0 = all cores)"),
                                     QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption rate(QStringLiteral("mismatch-rate"),
                                  QStringLiteral("fraction of non-matching records to generate (default 0.1)"),
                                  QStringLiteral("R"), QStringLiteral("0.1"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("print one JSON object"));
    const QCommandLineOption follow(QStringLiteral("follow"),
                                    QStringLiteral("View › Follow: append this JSONL file's records to STORE (use a "
                                                   "scratch copy: it grows) and time one refresh until it is shown"),
                                    QStringLiteral("NEW.jsonl"));
    parser.addOptions({records, threads, rate, json, follow});
    parser.process(app);

    QTemporaryDir dir;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.filePath(QStringLiteral("settings")));
    QString store = parser.positionalArguments().value(0);
    if (store.isEmpty()) {
        store = dir.filePath(QStringLiteral("bench.jsonl"));
        std::fprintf(stderr, "generating %s records...\n", qPrintable(parser.value(records)));
        QProcess gen;
        gen.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        gen.start(QStringLiteral(DT_GEN),
                  {QStringLiteral("--records"), parser.value(records), QStringLiteral("--mismatch-rate"),
                   parser.value(rate), QStringLiteral("--jsonl"), store});
        if (!gen.waitForFinished(-1) || gen.exitCode() != 0) {
            std::fprintf(stderr, "bench_gui_load: difftriage-gen failed\n");
            return 1;
        }
    }

    dt::MainWindow w;
    w.setInteractive(false);
    w.setThreads(parser.value(threads).toUInt());
    w.resize(1400, 900);
    w.show();
    spinUntil([] { return false; }, 300);  // settle the first paint

    dt::StallMeter meter(5);
    PaintWatcher paints;
    w.groupsView()->viewport()->installEventFilter(&paints);
    bool loaded = false;
    QString error;
    QObject::connect(&w, &dt::MainWindow::storeLoaded, [&] {
        loaded = true;
        paints.painted = false;
    });
    QObject::connect(&w, &dt::MainWindow::storeFailed, [&](const QString&, const QString& e) { error = e; });

    // 1. Open -> groups painted.
    QElapsedTimer clock;
    meter.start();
    clock.start();
    w.openStore(store);
    if (!spinUntil([&] { return (loaded && paints.painted) || !error.isEmpty(); }, 3600 * 1000) || !error.isEmpty()) {
        std::fprintf(stderr, "bench_gui_load: %s\n", qPrintable(error.isEmpty() ? QStringLiteral("timeout") : error));
        return 1;
    }
    const double visibleMs = clock.nsecsElapsed() / 1e6;
    spinUntil([] { return false; }, 500);  // the first record's diff
    meter.stop();
    const Phase load = measure("load", meter, visibleMs);
    const auto analysis = w.analysis();

    // 2. A record filter over every record (correlation id substring), then clear.
    int applied = 0;
    QObject::connect(&w, &dt::MainWindow::filterApplied, [&] { ++applied; });
    meter.start();
    clock.restart();
    w.filterBar()->idEdit()->setText(QStringLiteral("00"));
    spinUntil([&] { return applied >= 1; }, 600000);
    const double filterMs = clock.nsecsElapsed() / 1e6 - 200;  // minus the typing debounce
    const uint64_t matched = w.filterResult() ? w.filterResult()->matchedRecords : 0;
    w.filterBar()->clear();
    spinUntil([&] { return applied >= 2; }, 600000);
    meter.stop();
    const Phase filter = measure("filter", meter, filterMs);

    // 3. Browse the biggest group page by page to its last record (lazy fetches, preview pages).
    meter.start();
    clock.restart();
    w.selectGroupRow(0);
    QTableView* view = w.recordsView();
    QScrollBar* bar = view->verticalScrollBar();
    spinUntil([] { return false; }, 20);
    while (bar->value() < bar->maximum() || w.recordsModel()->canFetchMore({})) {
        bar->setValue(std::min(bar->maximum(), bar->value() + std::max(bar->pageStep() * 20, 200)));
        spinUntil([] { return false; }, 5);
    }
    spinUntil([] { return false; }, 50);
    spinUntil([&] { return w.recordsModel()->pendingPages() == 0; }, 60000);
    meter.stop();
    const Phase browse = measure("browse", meter, clock.nsecsElapsed() / 1e6);

    // 4. Allow… on the biggest group, then edits of its rule's scope: the group's endpoint only, then
    //    every endpoint (a cross-cutting rule), alternately. Each edit's latency runs from the edit
    //    to the preview being shown (it includes the dialog's typing debounce, kPreviewDelayMs).
    dt::AllowDialog* dialog = nullptr;
    QObject::connect(&w, &dt::MainWindow::allowDialogOpened, [&](dt::AllowDialog* d) { dialog = d; });
    auto previewShown = [&] { return dialog && !dialog->isPreviewing() && dialog->preview(); };
    meter.start();
    clock.restart();
    w.allowFromGroup(0);
    spinUntil(previewShown, 600000);
    const double firstPreviewMs = clock.nsecsElapsed() / 1e6;
    spinUntil([] { return false; }, 50);
    meter.stop();
    // The dialog opening (its widgets, first layout and paint, the suggestion, the first preview)
    // apart from the edits: the stall "while previewing" is the edits' (issue 12).
    const Phase opening = measure("allow", meter, firstPreviewMs);
    meter.start();
    clock.restart();
    std::vector<double> editMs;
    std::vector<uint64_t> editExamined;
    QLineEdit* scope = dialog ? qobject_cast<QLineEdit*>(dialog->editor()->field(QStringLiteral("scope"))) : nullptr;
    if (scope) {
        const QString own = scope->text();
        for (int k = 0; k < 6; ++k) {
            clock.restart();
            scope->setText(k % 2 == 0 ? QStringLiteral("*") : own);
            spinUntil([&] { return dialog->isPreviewing(); }, 2000);
            spinUntil(previewShown, 600000);
            editMs.push_back(clock.nsecsElapsed() / 1e6);
            editExamined.push_back(dialog->preview() ? dialog->preview()->examined : 0);
        }
        dialog->reject();
    }
    spinUntil([] { return false; }, 50);
    meter.stop();
    const Phase preview = measure("preview", meter, clock.nsecsElapsed() / 1e6);
    const double worstEditMs = editMs.empty() ? 0 : *std::max_element(editMs.begin(), editMs.end());

    // 5. View › Follow (issue 14): records appended to the store, one refresh from the poll that
    //    sees them until the new analysis is on screen (read + classify the new records off the GUI
    //    thread, then install: models, causes, workspace annotations on it).
    Phase followed{"follow"};
    if (parser.isSet(follow)) {
        QFile add(parser.value(follow));
        QFile out(store);
        if (!add.open(QIODevice::ReadOnly) || !out.open(QIODevice::Append)) {
            std::fprintf(stderr, "bench_gui_load: cannot append %s to %s\n", qPrintable(add.fileName()),
                         qPrintable(store));
            return 1;
        }
        const QByteArray bytes = add.readAll();
        w.followAction()->setChecked(true);
        spinUntil([&] { return w.followController()->isActive() && !w.followController()->isPolling(); }, 60000);
        spinUntil([] { return false; }, 300);  // the baseline poll is done
        const quint64 before = w.followIncrementalRefreshes() + w.followFullRefreshes();
        meter.start();
        out.write(bytes);
        out.close();
        clock.restart();
        w.followController()->pollNow();
        spinUntil([&] { return w.followIncrementalRefreshes() + w.followFullRefreshes() > before; }, 600000);
        const double followMs = clock.nsecsElapsed() / 1e6;
        // "Follow: N record(s) added in S s": the refresh job alone, without the poll and the install.
        std::fprintf(stderr, "%s\n", qPrintable(w.statusBar()->currentMessage()));
        spinUntil([] { return false; }, 50);
        meter.stop();
        followed = measure("follow", meter, followMs);
        std::fprintf(stderr, "follow: %s refresh\n", w.followFullRefreshes() ? "a full" : "an incremental");
    }
    std::vector<Phase> phases{load, filter, browse, opening, preview};
    if (parser.isSet(follow)) phases.push_back(followed);

    const size_t nRecords = analysis->records().size();
    const size_t nGroups = analysis->groups().size();
    const int biggest = w.recordsModel()->totalRows();
    if (parser.isSet(json)) {
        std::printf("{\"store\":\"%s\",\"bytes\":%lld,\"records\":%zu,\"groups\":%zu",
                    qPrintable(QFileInfo(store).fileName()), QFileInfo(store).size(), nRecords, nGroups);
        for (const Phase& p : phases)
            std::printf(",\"%s\":{\"ms\":%.1f,\"max_gap_ms\":%.1f,\"p99_gap_ms\":%.1f,\"max_gui_busy_ms\":%.1f,\"gaps_"
                        "over_50ms\":%d,\"ticks\":%d}",
                        p.name, p.ms, p.maxGap, p.p99Gap, p.maxBusy, p.over50, p.ticks);
        std::printf(",\"filter_matched\":%llu,\"biggest_group\":%d,\"preview_edit_ms\":[", (unsigned long long)matched,
                    biggest);
        for (size_t k = 0; k < editMs.size(); ++k) std::printf("%s%.1f", k ? "," : "", editMs[k]);
        std::printf("],\"preview_worst_edit_ms\":%.1f}\n", worstEditMs);
    } else {
        std::printf("store %s: %.0f MB, %zu records, %zu groups\n", qPrintable(QFileInfo(store).fileName()),
                    QFileInfo(store).size() / 1e6, nRecords, nGroups);
        std::printf("time until groups visible: %.0f ms\n", load.ms);
        std::printf("record filter (correlation id, %llu matches): %.0f ms\n", (unsigned long long)matched, filter.ms);
        std::printf("browse biggest group (%d records) to the end: %.0f ms\n", biggest, browse.ms);
        std::printf("Allow… on the biggest group: preview shown after %.0f ms\n", firstPreviewMs);
        for (size_t k = 0; k < editMs.size(); ++k)
            std::printf("  edit %zu (scope %s): preview shown after %.0f ms (incl. %d ms debounce), %llu records "
                        "re-evaluated\n",
                        k + 1, k % 2 == 0 ? "every endpoint" : "the group's endpoint", editMs[k],
                        dt::AllowDialog::kPreviewDelayMs, (unsigned long long)editExamined[k]);
        std::printf("%-7s %12s %10s %12s %16s %10s %10s %7s\n", "phase", "worst gap", "at", "p99 gap", "worst GUI work",
                    "at", "gaps>50ms", "ticks");
        if (parser.isSet(follow))
            std::printf("View › Follow: %lld appended bytes shown after %.0f ms\n",
                        (long long)QFileInfo(parser.value(follow)).size(), followed.ms);
        for (const Phase& p : phases)
            std::printf("%-7s %9.1f ms %7.0f ms %9.1f ms %13.1f ms %7.0f ms %10d %7d\n", p.name, p.maxGap, p.maxGapAt,
                        p.p99Gap, p.maxBusy, p.maxBusyAt, p.over50, p.ticks);
    }
    return 0;
}
