// SPDX-License-Identifier: MIT
#pragma once
// The Rules tab: every allowed rule (RulesModel) with its file and buttons — Edit… (Return/F2),
// Enable/Disable (Space), Delete (Del), Show Records. Edits go through the RulesController, so
// each is undoable; editing and showing records are the window's (signals).
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace dt {

class RulesController;
class RulesModel;

class RulesPanel : public QWidget {
    Q_OBJECT
public:
    RulesPanel(RulesController* rules, RulesModel* model, QWidget* parent = nullptr);
    QTableView* view() const { return m_view; }
    int currentRule() const;  // index into the config, -1 = none
    bool selectRule(int index);

signals:
    void editRequested(int rule);
    void showRecordsRequested(int rule);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updateButtons();
    void updateFileLabel();

    RulesController* m_rules;
    int m_keepRow = -1;
    RulesModel* m_model;
    QTableView* m_view = nullptr;
    QLabel* m_file = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_toggle = nullptr;
    QPushButton* m_delete = nullptr;
    QPushButton* m_records = nullptr;
};

}  // namespace dt
