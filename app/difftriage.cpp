// SPDX-License-Identifier: MIT
// difftriage: the triage window. A thin main: options, then MainWindow (ui/mainwindow.h).
#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QLineEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

#include "core/pg/pg_store.h"
#include "ui/filterbar.h"
#include "ui/mainwindow.h"
#include "ui/screenshot.h"

#ifndef DIFFTRIAGE_VERSION
#define DIFFTRIAGE_VERSION "0.1.0"
#endif

namespace {

void setNames() {
    QCoreApplication::setApplicationName(QStringLiteral("difftriage"));
    QCoreApplication::setOrganizationName(QStringLiteral("difftriage"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DIFFTRIAGE_VERSION));
}

void describe(QCommandLineParser& parser) {
    parser.setApplicationDescription(QStringLiteral(
        "Triage shadow-traffic (tap compare) diff stores: group mismatches between a primary and a candidate "
        "service by root-cause signature and read side-by-side normalized diffs.\n"
        "STORE is a JSONL or SQLite diff store (the format is detected from the content), or a PostgreSQL table: "
        "postgresql://user@host/db?table=comparisons (docs/postgresql.md). Keyboard shortcuts: "
        "press F1 in the window, or see docs/gui.md."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("STORE"), QStringLiteral("Diff store to open (optional)."),
                                 QStringLiteral("[STORE]"));
    parser.addOptions({
        {QStringLiteral("screenshot"),
         QStringLiteral(
             "Load STORE, wait for the load, select the first group and its first record (or --record), wait "
             "for the diff, save the window as a PNG to PATH and exit. Exit status 0 on success, 2 when the "
             "store cannot be loaded or the picture cannot be written. Uses the default layout and leaves "
             "the saved settings alone."),
         QStringLiteral("PATH")},
        {QStringLiteral("size"),
         QStringLiteral("Window size, e.g. 1600x1000 (default: remembered size; 1500x950 with --screenshot)."),
         QStringLiteral("WxH")},
        {QStringLiteral("record"),
         QStringLiteral("After loading, select the mismatch record with this correlation id."), QStringLiteral("ID")},
        {QStringLiteral("filter"), QStringLiteral("After loading, put TEXT in the free-text filter."),
         QStringLiteral("TEXT")},
        {QStringLiteral("palette"), QStringLiteral("Colour scheme: system (default), light or dark (Fusion style)."),
         QStringLiteral("NAME"), QStringLiteral("system")},
        {QStringLiteral("follow"),
         QStringLiteral("Follow STORE: records appended to it are brought in as they arrive (View > Follow).")},
        {QStringLiteral("threads"), QStringLiteral("Worker threads for loading (default: all cores)."),
         QStringLiteral("N")},
        {QStringLiteral("rules"),
         QStringLiteral("Allowed rules file to open with STORE (docs/rules.md). A file with errors is not applied; "
                        "the errors are shown."),
         QStringLiteral("FILE")},
        {QStringLiteral("workspace"),
         QStringLiteral("Triage workspace to use instead of STORE.difftriage: a file, or a workspace shared with "
                        "the team in PostgreSQL, postgresql://host/db?schema=difftriage&workspace=NAME "
                        "(docs/postgresql.md)."),
         QStringLiteral("FILE|URI")},
        {QStringLiteral("no-index"),
         QStringLiteral("Scan a PostgreSQL STORE even when difftriage-cli index has indexed it (by default an indexed "
                        "store opens from its index: groups at once, records read in the background).")},
    });
}

// --help and --version work without a display.
bool wantsHelpOrVersion(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--") break;
        if (a == "-h" || a == "--help" || a == "-?" || a == "--help-all" || a == "-v" || a == "--version") return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    if (wantsHelpOrVersion(argc, argv)) {
        QCoreApplication core(argc, argv);
        setNames();
        QCommandLineParser parser;
        describe(parser);
        parser.process(core);  // prints and exits
        return 0;
    }
    QApplication app(argc, argv);
    setNames();
    dt::pg::registerPostgresStores();
    QApplication::setDesktopFileName(QStringLiteral("difftriage"));
    QCommandLineParser parser;
    describe(parser);
    const QString screenshot = QStringLiteral("screenshot"), size = QStringLiteral("size"),
                  record = QStringLiteral("record"), filter = QStringLiteral("filter"),
                  palette = QStringLiteral("palette"), threads = QStringLiteral("threads"),
                  rules = QStringLiteral("rules");
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    if (args.size() > 1) {
        std::fprintf(stderr, "difftriage: at most one STORE\n");
        return 1;
    }
    const QString store = args.value(0);
    if (!dt::applyPaletteOption(parser.value(palette))) {
        std::fprintf(stderr, "difftriage: --palette must be system, light or dark\n");
        return 1;
    }
    QSize windowSize;
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        bool okW = false, okH = false;
        if (wh.size() == 2) windowSize = QSize(wh[0].toInt(&okW), wh[1].toInt(&okH));
        if (!okW || !okH || windowSize.width() < 200 || windowSize.height() < 150) {
            std::fprintf(stderr, "difftriage: --size must look like 1600x1000\n");
            return 1;
        }
    }

    // Screenshots are reproducible: default layout, and the user's settings (recent files, window
    // geometry, column widths) are neither read nor written.
    QTemporaryDir scratch;
    if (parser.isSet(screenshot)) {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, scratch.path());
    }

    dt::MainWindow window;
    if (parser.isSet(QStringLiteral("no-index"))) window.setUseIndex(false);
    if (parser.isSet(threads)) {
        bool ok = false;
        const int n = parser.value(threads).toInt(&ok);
        if (!ok || n < 0) {
            std::fprintf(stderr, "difftriage: --threads must be a number\n");
            return 1;
        }
        window.setThreads(unsigned(n));
    }

    if (parser.isSet(QStringLiteral("workspace"))) {
        const QString where = parser.value(QStringLiteral("workspace"));
        window.setWorkspaceLocation(where.contains(QStringLiteral("://")) ? where
                                                                          : QFileInfo(where).absoluteFilePath());
    }
    if (parser.isSet(rules) && !window.openRulesFile(parser.value(rules))) {
        if (parser.isSet(screenshot)) return 2;
    }

    if (parser.isSet(screenshot)) {
        window.setWorkspaceDir(scratch.path());  // a screenshot leaves no workspace behind
        if (store.isEmpty()) {
            std::fprintf(stderr, "difftriage: --screenshot needs a STORE\n");
            return 1;
        }
        window.setInteractive(false);
        window.resize(windowSize.isValid() ? windowSize : QSize(1500, 950));
        window.show();
        auto* runner = new dt::ScreenshotRunner(&window, parser.value(screenshot), &window);
        runner->setRecordId(parser.value(record));
        runner->setFilterText(parser.value(filter));
        int status = 0;
        QObject::connect(runner, &dt::ScreenshotRunner::done, &app, [&status](bool ok, const QString& message) {
            std::fprintf(ok ? stdout : stderr, "%s%s\n", ok ? "" : "difftriage: ", qPrintable(message));
            status = ok ? 0 : 2;
            QApplication::exit(status);
        });
        runner->start(store);
        app.exec();
        return status;
    }

    if (windowSize.isValid()) window.resize(windowSize);
    window.show();
    if (!store.isEmpty()) {
        const QString recordId = parser.value(record);
        const QString filterText = parser.value(filter);
        QObject::connect(
            &window, &dt::MainWindow::storeLoaded, &window,
            [&window, recordId, filterText] {
                if (!filterText.isEmpty()) window.filterBar()->searchEdit()->setText(filterText);
                if (!recordId.isEmpty()) window.selectRecordById(recordId);
            },
            Qt::SingleShotConnection);
        window.openStore(store);
        if (parser.isSet(QStringLiteral("follow"))) window.followAction()->setChecked(true);  // starts once loaded
    } else if (parser.isSet(QStringLiteral("follow"))) {
        std::fprintf(stderr, "difftriage: --follow needs a STORE\n");
        return 1;
    }
    return app.exec();
}
