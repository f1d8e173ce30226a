// SPDX-License-Identifier: MIT
#pragma once
// File › Import…: turns a GoReplay capture, two Envoy tap directories or two HAR files into a diff
// store (core/import), with a progress bar and the list of inputs that could not be parsed or
// paired. The import runs on a worker thread, so the window stays responsive; destroying the dialog
// waits for a running import and discards its store (imports are atomic: nothing half-written is
// left). Emits imported(path) when the store is written, so the main window can open it.
#include <QDialog>
#include <QFutureWatcher>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace dt {

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    enum class Format { GoReplay, Envoy, Har };
    explicit ImportDialog(QWidget* parent = nullptr);
    ~ImportDialog() override;

    // For tests and for pre-filling: inputs are files (GoReplay: one or more; HAR: primary, candidate)
    // or directories (Envoy: primary, shadow).
    void setFormat(Format f);
    void setInputs(const QString& primary, const QString& candidate = QString());
    void setOutput(const QString& path);
    void setCorrelationHeader(const QString& header);
    bool running() const;
    QString summary() const;       // the last result line
    QStringList problems() const;  // problems shown so far (at most 1000)

public slots:
    void startImport();

signals:
    void imported(const QString& storePath);
    void finished(bool ok);  // after every run (ok: the store was written)

private:
    struct Result {
        bool ok = false;
        QString message;
    };
    void updateForm();
    void browse(QLineEdit* edit, bool directory, bool save);
    void onDone();
    Format format() const;

    QComboBox* m_format = nullptr;
    QLabel* m_primaryLabel = nullptr;
    QLabel* m_candidateLabel = nullptr;
    QLineEdit* m_primary = nullptr;
    QLineEdit* m_candidate = nullptr;
    QLineEdit* m_header = nullptr;
    QLineEdit* m_output = nullptr;
    QProgressBar* m_progress = nullptr;
    QPlainTextEdit* m_problemView = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_start = nullptr;
    QStringList m_problems;
    QFutureWatcher<Result> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_alive;  // false once the dialog is gone (worker callbacks stop)
    QString m_outPath;
};

}  // namespace dt
