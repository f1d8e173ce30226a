// SPDX-License-Identifier: MIT
#pragma once
// Recently opened stores, most recent first, kept in QSettings ("recent/files").
#include <QObject>
#include <QStringList>

class QMenu;

namespace dt {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    static constexpr int kMax = 10;
    explicit RecentFiles(QObject* parent = nullptr);

    QStringList files() const { return m_files; }
    void add(const QString& path);  // moves it to the front
    void remove(const QString& path);
    void clear();
    // Fills `menu` with one action per file (mnemonics 1..9) plus "Clear".
    void populate(QMenu* menu);

signals:
    void changed();
    void openRequested(const QString& path);

private:
    void save();
    QStringList m_files;
};

}  // namespace dt
