// SPDX-License-Identifier: MIT
#pragma once
// Drives a MainWindow to a reproducible picture: loads a store, waits for the load, selects a
// group and record (the first ones, or the record with a given correlation id), waits until the
// diff view has settled, grabs the window and saves it as PNG. Used by `difftriage --screenshot`
// and by the widget tests.
#include <QElapsedTimer>
#include <QObject>
#include <QPalette>
#include <QString>
#include <QTimer>

namespace dt {

class MainWindow;

// "light", "dark" or "system" (= leave it). Dark and light use the Fusion style with a fixed
// palette, so screenshots do not depend on the desktop theme. Returns false for an unknown name.
bool applyPaletteOption(const QString& name);
QPalette darkPalette();
QPalette lightPalette();
// True when the diff pane is not loading anything (always true without a diff view).
bool diffSettled(const MainWindow& window);

class ScreenshotRunner : public QObject {
    Q_OBJECT
public:
    ScreenshotRunner(MainWindow* window, QString output, QObject* parent = nullptr);
    void setRecordId(const QString& id) { m_recordId = id; }
    void setFilterText(const QString& text) { m_filterText = text; }
    void setTimeout(int ms) { m_timeoutMs = ms; }
    // Opens `store` (or uses the loaded one when empty) and eventually emits done().
    void start(const QString& store);

signals:
    void done(bool ok, const QString& message);

private:
    void onLoaded();
    void poll();
    void finish(bool ok, const QString& message);

    MainWindow* m_window;
    QString m_output;
    QString m_recordId;
    QString m_filterText;
    int m_timeoutMs = 60000;
    QTimer m_poll;
    QElapsedTimer m_clock;
    bool m_selected = false;
    bool m_finished = false;
    int m_stableTicks = 0;
};

}  // namespace dt
