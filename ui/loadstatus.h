// SPDX-License-Identifier: MIT
#pragma once
// The load indicator of the status bar: a progress bar, "records read · rate · ETA" and Cancel.
#include <QWidget>

#include "ui/loadjob.h"

class QLabel;
class QProgressBar;
class QToolButton;

namespace dt {

class LoadStatus : public QWidget {
    Q_OBJECT
public:
    explicit LoadStatus(QWidget* parent = nullptr);
    void begin(const QString& path);
    void update(const LoadProgress& progress);
    void end();
    QString text() const;
    QToolButton* cancelButton() const { return m_cancel; }
    // "1:05", "12 s", "—"
    static QString formatDuration(double seconds);
    static QString formatProgress(const LoadProgress& progress);

signals:
    void cancelRequested();

private:
    QProgressBar* m_bar;
    QLabel* m_label;
    QToolButton* m_cancel;
};

}  // namespace dt
