// SPDX-License-Identifier: MIT
#pragma once
// Allow…: turn what the user sees (a cause, a group, a difference) into allowed rules, with a live
// exact preview.
//
// The dialog opens with the engine's drafts (core/triage: suggestRules / suggestCauseRules), one
// or more rules, each editable in a RuleEditor. While the user edits, the preview
// (core/triage/rules_preview.h) runs off the GUI thread — the newest edit wins, older runs are
// stopped — and shows the records and groups the rules would absorb and the collateral: groups
// only partly absorbed, records moved to other signatures, new signatures. Records of a group the
// workspace marks *bug* that the rules would hide are a warning that needs a second confirmation
// before Save is possible. Save is also held back until the preview of the current text is in.
//
// Editing an existing rule: `base` is the config without that rule; when the analysis was built
// with other rules than `base`, the dialog first builds the analysis under `base` (once, in the
// background) so the preview stays exact.
#include <QDialog>

#include <functional>
#include <memory>
#include <optional>

#include "core/analysis/analysis.h"
#include "core/rules/rules.h"
#include "core/triage/rules_preview.h"
#include "ui/jobtracker.h"

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QTableWidget;
class QTimer;

namespace dt {

class RuleEditor;

struct AllowDraft {
    QString source;           // "cause 1a2b… candidate omits null members", shown as the heading
    std::vector<Rule> rules;  // the drafts (all checked at first)
    QStringList notes;        // what the engine could not cover, and why
};

class AllowDialog : public QDialog {
    Q_OBJECT
public:
    // stateOf(signature) -> the group's triage state name ("bug", "new", ...; "" = none).
    using StateOf = std::function<QString(const std::string& signature)>;
    AllowDialog(std::shared_ptr<const Analysis> analysis, RuleConfig base, bool rebase, AllowDraft draft,
                StateOf stateOf, QWidget* parent = nullptr);
    ~AllowDialog() override;

    // The checked rules as edited (valid ones only).
    std::vector<Rule> rules() const;
    RuleEditor* editor() const { return m_editor; }
    QListWidget* draftList() const { return m_list; }
    QCheckBox* confirmBugs() const { return m_confirm; }
    // The preview of the current text; null while it runs or when the rules do not validate.
    const RulesPreview* preview() const { return m_preview ? &*m_preview : nullptr; }
    bool isPreviewing() const { return m_jobs.isRunning() || m_pending; }
    uint64_t bugRecordsHidden() const { return m_bugRecords; }
    bool canSave() const;
    static constexpr int kPreviewDelayMs = 150;
    static constexpr int kMaxPreviewRows = 500;

signals:
    void previewUpdated();

private:
    void selectDraft(int row);
    void onEdited();
    void startPreview();
    void showPreview(std::optional<RulesPreview> preview, const QString& error);
    void updateButtons();

    std::shared_ptr<const Analysis> m_analysis;
    std::shared_ptr<const Analysis> m_baseAnalysis;  // the analysis under m_base (== m_analysis unless rebasing)
    RuleConfig m_base;
    bool m_rebase = false;
    std::vector<Rule> m_rules;
    StateOf m_stateOf;
    int m_current = -1;

    RuleEditor* m_editor = nullptr;
    QListWidget* m_list = nullptr;
    QLabel* m_notes = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_warning = nullptr;
    QCheckBox* m_confirm = nullptr;
    QTableWidget* m_table = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QTimer* m_delay = nullptr;
    JobTracker m_jobs;
    std::optional<RulesPreview> m_preview;
    bool m_pending = false;
    uint64_t m_bugRecords = 0;
};

}  // namespace dt
