// SPDX-License-Identifier: MIT
#pragma once
// The filter bar above the groups table: free text, endpoint, path, kind, outcome, correlation id,
// status and time range. Emits changed() (debounced) with a FilterSpec; the main window runs the
// filter in the background and reports back through setResultText().
#include <QDateTime>
#include <QTimer>
#include <QWidget>

#include "core/analysis/analysis.h"
#include "core/present/record_filter.h"

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QToolButton;

namespace dt {

class FilterBar : public QWidget {
    Q_OBJECT
public:
    explicit FilterBar(QWidget* parent = nullptr);

    // Fills the endpoint list and the time range; clears the filter unless `keepFilter` (a reload
    // of the same store keeps what the user typed; the caller re-applies spec()).
    void setAnalysis(const Analysis* analysis, bool keepFilter = false);
    FilterSpec spec() const;
    void clear();
    void focusSearch();
    void setResultText(const QString& text);
    void setDebounce(int ms) { m_debounce.setInterval(ms); }
    // The individual editors (tests drive them like a user would).
    QLineEdit* searchEdit() const { return m_text; }
    QComboBox* endpointBox() const { return m_endpoint; }
    QLineEdit* pathEdit() const { return m_path; }
    QComboBox* kindBox() const { return m_kind; }
    QComboBox* outcomeBox() const { return m_outcome; }
    QLineEdit* idEdit() const { return m_id; }
    QLineEdit* statusEdit() const { return m_status; }
    QCheckBox* timeBox() const { return m_useTime; }
    QDateTimeEdit* fromEdit() const { return m_from; }
    QDateTimeEdit* toEdit() const { return m_to; }
    QToolButton* clearButton() const { return m_clear; }  // the last widget in tab order

signals:
    void changed(const dt::FilterSpec& spec);

private:
    void schedule();
    void emitNow();
    void validateStatus();

    QLineEdit* m_text;
    QComboBox* m_endpoint;
    QLineEdit* m_path;
    QComboBox* m_kind;
    QComboBox* m_outcome;
    QLineEdit* m_id;
    QLineEdit* m_status;
    QCheckBox* m_useTime;
    QDateTimeEdit* m_from;
    QDateTimeEdit* m_to;
    QDateTime m_spanFrom;  // the store's time span (what Clear restores)
    QDateTime m_spanTo;
    QToolButton* m_clear;
    QLabel* m_result;
    QTimer m_debounce;
    FilterSpec m_last;
    bool m_silent = false;
};

}  // namespace dt
