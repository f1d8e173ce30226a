// SPDX-License-Identifier: MIT
#pragma once
// File › Export Report… (issue 12, docs/report.md): the meeting report of the open store as one
// self-contained HTML file or as Markdown. Privacy masking is on by default; extra mask patterns
// (RE2, one per line) are checked as they are typed (core Redactor::create, its error shown) and
// the export is refused while one does not compile. The report is built and written off the GUI
// thread (JobTracker: buildReport, render, util/atomic_write), so a failed write never leaves a
// half file. The dialog works on copies of the workspace and the rules taken when it opened.
#include <QDialog>
#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/rules/rules.h"
#include "core/triage/workspace.h"
#include "ui/jobtracker.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace dt {

class ReportDialog : public QDialog {
    Q_OBJECT
public:
    enum class Format { Html, Markdown };

    // `workspace`: the open store's workspace (nullopt = none: every state new, default criteria).
    ReportDialog(std::shared_ptr<const Analysis> analysis, std::optional<Workspace> workspace, RuleConfig rules,
                 const QString& storePath, QWidget* parent = nullptr);
    ~ReportDialog() override;

    void setFormat(Format format);
    Format format() const;
    void setOutputPath(const QString& path);
    QString outputPath() const;
    void setMaskSecrets(bool mask);
    bool masksSecrets() const;
    // Extra RE2 patterns, one per line (blank lines ignored).
    void setExtraPatterns(const QString& text);
    std::vector<std::string> extraPatterns() const;
    // The pattern error shown ("" = every pattern compiles).
    QString patternError() const { return m_patternError; }

    // Builds and writes the report in the background; exported() or failed() follows. False (and
    // nothing started) when the path is empty or a pattern does not compile.
    bool startExport();
    bool isExporting() const { return m_jobs.isRunning(); }

    QPushButton* exportButton() const { return m_export; }
    QLabel* statusLabel() const { return m_status; }
    QPlainTextEdit* patternsEdit() const { return m_patterns; }

    static QString suffixFor(Format format);  // "html" / "md"

signals:
    // `generated`: the report's ISO time (the workspace's last_report).
    void exported(const QString& path, const QString& generated, int groups, int causes);
    void failed(const QString& error);

private:
    void validatePatterns();
    void updateButtons();
    void browse();
    void onFormatChanged();

    std::shared_ptr<const Analysis> m_analysis;
    std::optional<Workspace> m_workspace;
    RuleConfig m_rules;
    QString m_patternError;
    JobTracker m_jobs;

    QComboBox* m_format = nullptr;
    QLineEdit* m_path = nullptr;
    QCheckBox* m_mask = nullptr;
    QPlainTextEdit* m_patterns = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_export = nullptr;
};

}  // namespace dt
