// SPDX-License-Identifier: MIT
#pragma once
// File › Export Golden Set… (issue 12, docs/report.md): the records of chosen groups — the selected
// group, the groups the groups table shows (its current filter) or every group — all of them or N
// samples per group, written as a new diff store (JSONL or SQLite) for replay tests of the new
// service. Written off the GUI thread with core writeGoldenSet, which writes atomically: a failed
// export leaves no file behind.
#include <QDialog>
#include <QString>

#include <memory>
#include <string>
#include <vector>

#include "core/analysis/analysis.h"
#include "core/triage/golden_set.h"
#include "ui/jobtracker.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace dt {

class GoldenSetDialog : public QDialog {
    Q_OBJECT
public:
    enum class Scope { Selected, Visible, All };
    enum class Format { Jsonl, Sqlite };

    // `selected`: the current group's signature ("" = none); `visible`: the groups table's rows.
    GoldenSetDialog(std::shared_ptr<const Analysis> analysis, std::string selected, std::vector<std::string> visible,
                    const QString& storePath, QWidget* parent = nullptr);
    ~GoldenSetDialog() override;

    void setScope(Scope scope);
    Scope scope() const;
    void setPerGroup(int n);  // 0 = every record
    int perGroup() const;
    void setFormat(Format format);
    Format format() const;
    void setOutputPath(const QString& path);
    // The path as written: its suffix made to agree with the format.
    QString outputPath() const;
    // The signatures the scope stands for (empty for All: writeGoldenSet takes every group).
    std::vector<std::string> signatures() const;

    // Writes in the background; exported() or failed() follows. False when nothing can be written.
    bool startExport();
    bool isExporting() const { return m_jobs.isRunning(); }
    QPushButton* exportButton() const { return m_export; }
    QLabel* statusLabel() const { return m_status; }

signals:
    void exported(const QString& path, quint64 records, quint64 groups);
    void failed(const QString& error);

private:
    void updateButtons();
    void browse();
    void onFormatChanged();

    std::shared_ptr<const Analysis> m_analysis;
    std::string m_selected;
    std::vector<std::string> m_visible;
    JobTracker m_jobs;

    QRadioButton* m_selectedButton = nullptr;
    QRadioButton* m_visibleButton = nullptr;
    QRadioButton* m_allButton = nullptr;
    QSpinBox* m_perGroup = nullptr;
    QComboBox* m_format = nullptr;
    QLineEdit* m_path = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_export = nullptr;
};

}  // namespace dt
