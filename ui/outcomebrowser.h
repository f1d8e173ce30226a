// SPDX-License-Identifier: MIT
#pragma once
// View › Outcome: browse the records of one outcome — match, noise, allowed, drift, invalid, or
// every mismatch — not only the mismatch groups. The records pane lists them (RecordsModel's list
// mode: lazily fetched, sortable) and the selected one opens in the diff view as usual. Choosing a
// group (or View › Outcome › Groups) goes back to the groups.
#include <QObject>

#include <cstdint>
#include <optional>
#include <vector>

#include "core/analysis/analysis.h"

class QAction;
class QActionGroup;
class QMenu;

namespace dt {

class MainWindow;

class OutcomeBrowser : public QObject {
    Q_OBJECT
public:
    explicit OutcomeBrowser(MainWindow* window);

    QMenu* menu() const { return m_menu; }
    // The outcome whose records are listed; nullopt = the groups (the usual view).
    std::optional<Outcome> outcome() const { return m_outcome; }
    // Lists the records of `outcome` and selects the first. False when no store is open.
    bool showOutcome(Outcome outcome);
    void showGroups();
    QAction* action(std::optional<Outcome> outcome) const;

    // The records of one outcome, in store order.
    static std::vector<uint32_t> recordsOf(const Analysis& analysis, Outcome outcome);

signals:
    void outcomeChanged(std::optional<dt::Outcome> outcome);

private:
    void setMode(std::optional<Outcome> outcome);
    void updateLabel(size_t count);

    MainWindow* m_window;
    QMenu* m_menu = nullptr;
    QActionGroup* m_group = nullptr;
    QAction* m_groupsAction = nullptr;
    std::vector<QAction*> m_actions;  // per Outcome
    std::optional<Outcome> m_outcome;
    bool m_applying = false;
};

}  // namespace dt
