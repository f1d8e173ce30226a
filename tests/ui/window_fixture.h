// SPDX-License-Identifier: MIT
#pragma once
// Set-up shared by the window tests: settings in a scratch folder (the user's are never touched),
// stores made by difftriage-gen, and a window shown, active and loaded.
#include <QCoreApplication>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/mainwindow.h"

namespace dt::test {

inline void useScratchSettings(const QTemporaryDir& dir, const QString& application) {
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("difftriage-tests"));
    QCoreApplication::setApplicationName(application);
}

// difftriage-gen ARGS (e.g. --profile cooccurring --records 2000 --jsonl PATH); true on success.
inline bool generateStore(const QStringList& args) {
    QProcess gen;
    gen.start(QStringLiteral(DT_GEN), args);
    return gen.waitForFinished(120000) && gen.exitStatus() == QProcess::NormalExit && gen.exitCode() == 0;
}

// A non-interactive window (no dialogs) at 1400×900, shown, active, with `store` loaded; its
// workspace (and rules file) kept in `workspaceDir` when given.
inline bool showAndLoad(MainWindow& w, const QString& store, const QString& workspaceDir = {}) {
    if (!workspaceDir.isEmpty()) w.setWorkspaceDir(workspaceDir);
    w.setInteractive(false);
    w.resize(1400, 900);
    w.show();
    if (!QTest::qWaitForWindowActive(&w)) return false;
    QSignalSpy loaded(&w, &MainWindow::storeLoaded);
    w.openStore(store);
    return loaded.wait(120000) || !loaded.isEmpty();
}

}  // namespace dt::test
