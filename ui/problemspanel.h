// SPDX-License-Identifier: MIT
#pragma once
// The "Load problems" panel (docked by the main window): the problems table, the raw line of the
// selected problem, and "Copy raw line" (also Ctrl+C in the table).
#include <QWidget>

#include <memory>

#include "core/analysis/analysis.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace dt {

class ProblemsModel;

class ProblemsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ProblemsPanel(QWidget* parent = nullptr);
    void setAnalysis(std::shared_ptr<const Analysis> analysis);
    int problemCount() const;
    QTableView* view() const { return m_view; }
    ProblemsModel* model() const { return m_model; }
    // Copies the raw line / row of the current problem to the clipboard. Returns false when none.
    bool copyRaw();

private:
    void currentChanged();

    ProblemsModel* m_model;
    QTableView* m_view;
    QLabel* m_summary;
    QPlainTextEdit* m_raw;
    QPushButton* m_copy;
};

}  // namespace dt
