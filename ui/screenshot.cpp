// SPDX-License-Identifier: MIT
#include "ui/screenshot.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QPixmap>
#include <QStyle>
#include <QStyleFactory>

#include "ui/filterbar.h"
#include "ui/mainwindow.h"

#include "ui/diffview.h"

namespace dt {

QPalette darkPalette() {
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(222, 222, 222), disabled(128, 128, 128);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(38, 38, 41));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Link, QColor(110, 170, 255));
    p.setColor(QPalette::Highlight, QColor(42, 100, 170));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(70, 70, 74));
    p.setColor(QPalette::Midlight, QColor(60, 60, 64));
    p.setColor(QPalette::Mid, QColor(40, 40, 42));
    p.setColor(QPalette::Dark, QColor(22, 22, 24));
    p.setColor(QPalette::Shadow, Qt::black);
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

QPalette lightPalette() {
    QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    QPalette p = fusion ? fusion->standardPalette() : QPalette();
    delete fusion;
    return p;
}

bool applyPaletteOption(const QString& name) {
    if (name.isEmpty() || name == QLatin1String("system")) return true;
    if (name != QLatin1String("dark") && name != QLatin1String("light")) return false;
    QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setPalette(name == QLatin1String("dark") ? darkPalette() : lightPalette());
    return true;
}

bool diffSettled(const MainWindow& window) {
    if (const auto* diff = qobject_cast<const DiffView*>(window.diffPane()))
        return diff->state() != DiffView::State::Loading && !diff->isBuilding();
    (void)window;
    return true;
}

ScreenshotRunner::ScreenshotRunner(MainWindow* window, QString output, QObject* parent)
        : QObject(parent), m_window(window), m_output(std::move(output)) {
    m_poll.setInterval(50);
    connect(&m_poll, &QTimer::timeout, this, &ScreenshotRunner::poll);
    connect(m_window, &MainWindow::storeLoaded, this, &ScreenshotRunner::onLoaded);
    connect(m_window, &MainWindow::storeFailed, this, [this](const QString& path, const QString& error) {
        // Core messages already start with the path: never "P: P: reason".
        finish(false, error.startsWith(path) ? error : QStringLiteral("%1: %2").arg(path, error));
    });
}

void ScreenshotRunner::start(const QString& store) {
    m_clock.start();
    m_poll.start();
    if (!store.isEmpty())
        m_window->openStore(store);
    else if (m_window->analysis())
        onLoaded();
}

void ScreenshotRunner::onLoaded() {
    if (!m_filterText.isEmpty())
        m_window->filterBar()->searchEdit()->setText(m_filterText);  // applied by poll() once settled
    m_selected = false;
}

void ScreenshotRunner::poll() {
    if (m_finished) return;
    if (m_clock.elapsed() > m_timeoutMs) {
        finish(false, QStringLiteral("timed out after %1 ms").arg(m_timeoutMs));
        return;
    }
    // An indexed store: the records arrive after the index's summary.
    if (!m_window->analysis() || m_window->isLoading() || m_window->isIndexSummary()) return;
    if (!m_selected) {
        if (!m_filterText.isEmpty() && m_window->filterBar()->spec().text != m_filterText.trimmed().toStdString())
            return;
        if (!m_filterText.isEmpty() && (m_window->isFiltering() || !m_window->filterResult())) return;
        if (!m_recordId.isEmpty()) {
            if (!m_window->selectRecordById(m_recordId)) {
                finish(false, QStringLiteral("no mismatch record with id %1").arg(m_recordId));
                return;
            }
        } else {
            m_window->selectGroupRow(0);
            m_window->selectRecordRow(0);
        }
        m_selected = true;
        m_stableTicks = 0;
        return;
    }
    // Settled for a few ticks in a row: the diff view has painted its final state.
    m_stableTicks = diffSettled(*m_window) ? m_stableTicks + 1 : 0;
    if (m_stableTicks < 3) return;
    const QPixmap pixmap = m_window->grab();
    QDir().mkpath(QFileInfo(m_output).absolutePath());
    if (pixmap.isNull() || !pixmap.save(m_output, "PNG")) {
        finish(false, QStringLiteral("cannot write %1").arg(m_output));
        return;
    }
    finish(true, m_output);
}

void ScreenshotRunner::finish(bool ok, const QString& message) {
    if (m_finished) return;
    m_finished = true;
    m_poll.stop();
    emit done(ok, message);
}

}  // namespace dt
