// SPDX-License-Identifier: MIT
#include "ui/recentfiles.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace dt {

namespace {
const char* const kKey = "recent/files";

QString normalized(const QString& path) {
    const QFileInfo info(path);
    return QDir::cleanPath(info.absoluteFilePath());
}
}  // namespace

RecentFiles::RecentFiles(QObject* parent) : QObject(parent) {
    QSettings settings;
    for (const QString& f : settings.value(QLatin1String(kKey)).toStringList())
        if (!f.isEmpty() && !m_files.contains(f) && m_files.size() < kMax) m_files << f;
}

void RecentFiles::add(const QString& path) {
    const QString p = normalized(path);
    m_files.removeAll(p);
    m_files.prepend(p);
    while (m_files.size() > kMax) m_files.removeLast();
    save();
}

void RecentFiles::remove(const QString& path) {
    if (m_files.removeAll(normalized(path)) > 0 || m_files.removeAll(path) > 0) save();
}

void RecentFiles::clear() {
    m_files.clear();
    save();
}

void RecentFiles::populate(QMenu* menu) {
    menu->clear();
    int n = 0;
    for (const QString& f : m_files) {
        ++n;
        const QFileInfo info(f);
        QString label = QStringLiteral("&%1 %2").arg(n % 10).arg(info.fileName());
        QAction* a = menu->addAction(label);
        a->setToolTip(f);
        a->setStatusTip(f);
        a->setData(f);
        a->setEnabled(info.exists());
        connect(a, &QAction::triggered, this, [this, f] { emit openRequested(f); });
    }
    if (m_files.isEmpty()) menu->addAction(tr("(none)"))->setEnabled(false);
    menu->addSeparator();
    QAction* clearAction = menu->addAction(tr("Clear recent files"));
    clearAction->setEnabled(!m_files.isEmpty());
    connect(clearAction, &QAction::triggered, this, &RecentFiles::clear);
}

void RecentFiles::save() {
    QSettings settings;
    settings.setValue(QLatin1String(kKey), m_files);
    emit changed();
}

}  // namespace dt
