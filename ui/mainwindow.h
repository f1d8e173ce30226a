// SPDX-License-Identifier: MIT
#pragma once
// The triage window: open a store (File > Open, command line, drag and drop, recent files), load it
// in the background, browse signature groups and their records, read a record's diff.
// Layout: filter bar and outcome totals on top; groups table; below it the records of the selected
// group (left) and the diff view (right). Load problems live in a dock. Keys: docs/gui.md.
#include <QMainWindow>

#include <QPointer>

#include <functional>
#include <memory>

#include "core/analysis/analysis.h"
#include "core/present/record_filter.h"
#include "core/rules/rules.h"
#include "core/rules/rules_match.h"
#include "core/triage/workspace.h"
#include "ui/jobtracker.h"

class QAction;
class QKeyEvent;
class QDockWidget;
class QLabel;
class QMenu;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QToolButton;

namespace dt {

class AllowDialog;
struct AllowDraft;
class CausesModel;
class DashboardView;
class DiffView;
class FilterBar;
class FollowController;
class GoldenSetDialog;
class GroupsModel;
class GroupsProxy;
class LoadJob;
class LoadStatus;
class OutcomeBar;
class OutcomeBrowser;
class ProblemsPanel;
class RecentFiles;
class RecordsModel;
class ReportDialog;
class RulesController;
class RulesModel;
class RulesPanel;
class SplitModel;
class WorkspaceController;
struct LoadProgress;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Up to this many group members, a filter is computed on the GUI thread (measured ~0.4 µs per
    // member on a busy 2-core VM: under 10 ms); above, in a background job.
    static constexpr uint64_t kSyncFilterRecords = 20000;
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Starts loading `path` (cancelling a load in progress). The current store stays on screen
    // until the new one is ready.
    void openStore(const QString& path);
    void reload();
    void cancelLoad();
    bool isLoading() const;
    QString storePath() const { return m_path; }
    std::shared_ptr<const Analysis> analysis() const { return m_analysis; }
    // false: errors go to the status bar and storeFailed() only, no dialogs (screenshots, tests).
    void setInteractive(bool interactive) { m_interactive = interactive; }
    void setThreads(unsigned threads);

    // Selection by position in the (filtered, sorted) views. Return false when out of range.
    bool selectGroupRow(int row);
    bool selectRecordRow(int row);
    // Selects the group and row of a record by correlation id.
    bool selectRecordById(const QString& id);
    int currentGroup() const;        // index into Analysis::groups(), -1 = none
    uint32_t currentRecord() const;  // index into Analysis::records(), kNone = none

    QTableView* groupsView() const { return m_groupsView; }
    QTableView* recordsView() const { return m_recordsView; }
    GroupsModel* groupsModel() const { return m_groupsModel; }
    GroupsProxy* groupsProxy() const { return m_groupsProxy; }
    RecordsModel* recordsModel() const { return m_recordsModel; }
    FilterBar* filterBar() const { return m_filterBar; }
    OutcomeBar* outcomeBar() const { return m_outcomeBar; }
    ProblemsPanel* problemsPanel() const { return m_problems; }
    QDockWidget* problemsDock() const { return m_problemsDock; }
    QWidget* diffPane() const { return m_diffPane; }
    DashboardView* dashboard() const { return m_dashboard; }
    QTabWidget* mainTabs() const { return m_mainTabs; }    // Triage | Dashboard
    QTabWidget* upperTabs() const { return m_upperTabs; }  // Groups | Causes (above the records)
    QTableView* causesView() const { return m_causesView; }
    CausesModel* causesModel() const { return m_causesModel; }
    // Filters groups and records to the cause at `row` of the causes table (false for a bad row).
    bool selectCauseRow(int row);
    LoadJob* loadJob() const { return m_load; }
    LoadStatus* loadStatus() const { return m_loadStatus; }
    RecentFiles* recentFiles() const { return m_recent; }
    bool isFiltering() const { return m_filterJobs.isRunning(); }
    const FilterResult* filterResult() const { return m_filter.get(); }
    // --- allowed rules (mainwindow_rules.cpp) ---
    RulesController* rulesController() const { return m_rules; }
    RulesModel* rulesModel() const { return m_rulesModel; }
    RulesPanel* rulesPanel() const { return m_rulesPanel; }
    // Opens a rules file and applies it; on errors nothing is applied and the errors are shown
    // (a dialog when interactive, else the status bar). False on errors.
    bool openRulesFile(const QString& path);
    // Allow…: drafts rules (in the background) for a group, a cause (row of the causes table) or a
    // difference (row of the differences list of the shown record), then opens the Allow dialog.
    void allowFromGroup(int group);
    void allowFromCause(int causeRow);
    void allowFromDifference(int differenceRow);
    // Allow… for what has focus: the current cause, difference or group.
    void allowFromFocus();
    void editRule(int index);
    AllowDialog* allowDialog() const;
    bool isApplyingRules() const { return m_applyJobs.isRunning(); }
    // The workspace's triage state of a group ("" = none); the Allow dialog warns about "bug".
    void setStateLookup(std::function<QString(const std::string&)> lookup) { m_stateOf = std::move(lookup); }

    // --- triage workspace (mainwindow_workspace.cpp) ---
    WorkspaceController* workspace() const { return m_workspace; }
    // Where workspaces live when the store's directory is not writable (default: app data).
    void setWorkspaceFallbackDir(const QString& dir) { m_workspaceFallback = dir; }
    // Keeps every workspace in `dir` instead of beside its store (screenshots, tests; also the
    // environment variable DIFFTRIAGE_WORKSPACE_DIR). Empty = beside the store.
    void setWorkspaceDir(const QString& dir) { m_workspaceDir = dir; }
    // --workspace: the workspace of the stores opened from now on (a `.difftriage` file, or a
    // postgresql:// URI for a workspace shared with the team); empty = beside each store.
    void setWorkspaceLocation(const QString& fileOrUri) { m_workspaceLocation = fileOrUri; }
    // Sets the triage state of the current group (groups table) or cause (causes table).
    bool setCurrentTriageState(TriageState state);
    // Ctrl+E: owner, note and ticket of the current group or cause.
    void editCurrentTriage();
    // Merges the given groups into one named issue (the groups table's checked rows in the dialog).
    void mergeGroupsDialog();

    // --- View › Swap Sides, Triage › Split Group By… (mainwindow_sides.cpp) ---
    // Makes the candidate the reference (true) or the primary again: remembered in the workspace
    // at once, then the store is re-analysed in the background like a reload.
    void setSidesSwapped(bool swapped);
    QAction* swapSidesAction() const { return m_swapAction; }
    QLabel* sidesLabel() const { return m_sidesLabel; }  // the status bar's "sides swapped" note
    // Opens the dialog choosing the field the current group is split by (a tag key, endpoint, none).
    void splitGroupDialog();
    // Splits the current group by `field` ("" = no split), saved in the workspace. False without a
    // group or a workspace.
    bool setCurrentGroupSplit(const QString& field);
    QTableView* splitView() const { return m_splitView; }  // the breakdown above the records
    SplitModel* splitModel() const { return m_splitModel; }
    // --- meeting report, golden set, masking (mainwindow_report.cpp) ---
    // File › Export Report… / Export Golden Set…: open the dialog (null without a store). A written
    // report marks the workspace reported; a golden set's counts go to the status bar.
    ReportDialog* openReportDialog();
    GoldenSetDialog* openGoldenSetDialog();
    QAction* maskSecretsAction() const { return m_maskAction; }  // View › Mask Secrets

    // Keeps the groups header state, splitters and geometry in QSettings.
    void saveSettings() const;
    // Moves the diff walk into the next (+1) or previous (-1) record, across groups at the ends
    // of a group (F7 / Shift+F7 past the last / first difference).
    void stepIntoNeighbourRecord(int direction);

    // View › Follow (mainwindow_follow.cpp): records appended to the open store are brought in.
    QAction* followAction() const { return m_followAction; }
    FollowController* followController() const { return m_follow; }
    QLabel* followLabel() const { return m_followLabel; }
    // Follow refreshes installed since the window opened: incremental steps (Analysis::extended)
    // and full re-analyses (a fallback, or a restarted store). For tests and the status bar.
    quint64 followIncrementalRefreshes() const { return m_followIncremental; }
    quint64 followFullRefreshes() const { return m_followFull; }
    bool isFollowRefreshing() const { return m_followJobs.isRunning(); }
    OutcomeBrowser* outcomeBrowser() const { return m_outcomes; }  // View › Outcome
    // The rules the window works with (File › Export Rules As… exports them).
    const RuleConfig& ruleConfig() const;

    // --- indexed PostgreSQL stores (mainwindow_index.cpp, core/pg/pg_open.h) ---
    // false: scan every store, even one with an index (difftriage --no-index). Default: true.
    void setUseIndex(bool use);
    // True while the analysis on screen is the index's summary (groups and counts, records being read).
    bool isIndexSummary() const { return m_indexSummary; }
    // The index schema the store on screen was opened from ("" = scanned).
    QString indexSchema() const { return m_indexSchema; }
    bool isReadingIndexRecords() const;

signals:
    void storeLoaded(const QString& path);
    void storeFailed(const QString& path, const QString& error);
    void filterApplied();
    void recordShown(uint32_t record);
    void rulesApplied();
    void allowDialogOpened(dt::AllowDialog* dialog);
    // An indexed store's records were read and the full analysis is on screen.
    void indexRecordsLoaded(const QString& path);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createWidgets();
    void createActions();
    void restoreSettings();
    void onOpenTriggered();
    void onLoadStarted(const QString& path);
    void onLoadProgress(const LoadProgress& progress);
    void onLoaded(const QString& path, std::shared_ptr<const Analysis> analysis, double seconds);
    // Puts an analysis of the store at `path` on screen; the same store keeps filter, group and record.
    void installAnalysis(const QString& path, std::shared_ptr<const Analysis> analysis);
    void createRules();                              // mainwindow_rules.cpp: panel, controller
    void addRulesActions(QMenu* file, QMenu* edit);  // File › Open/Save Rules, Edit › Undo/Redo, Allow…
    void onRulesChanged();                           // rebuild the rule set, apply it in the background
    void startDraft(const QString& source, std::function<AllowDraft(const Analysis&)> draft);
    void openAllowDialog(AllowDraft draft, RuleConfig base, bool rebase, int replaceIndex);
    void showRuleRecords(int index);
    void openRecordIndex(uint32_t record);
    QString ruleAuthor() const;
    void createWorkspace();  // mainwindow_workspace.cpp
    void addTriageActions(QMenu* triage);
    void openWorkspaceFor(const QString& path);  // on storeLoaded
    // Where the workspace of `path` is looked for: the fallback directory and a forced file ("" = none).
    void workspaceLocation(const QString& path, QString* fallback, QString* explicitPath) const;
    void setupSidesAndSplit();  // mainwindow_sides.cpp
    void updateSidesIndicator();
    void updateSplitPanel(int group);
    void onSplitRowChanged();
    bool handleTriageKey(QTableView* view, QKeyEvent* key);
    void onLoadFailed(const QString& path, const QString& error);
    void onLoadCancelled(const QString& path);
    void onLoadRunning(bool running);
    void runFilter(const FilterSpec& spec);
    void applyFilter(std::shared_ptr<const FilterResult> filter);
    void showGroup(int group);
    void selectFirstRecord();  // the records list's first row, or an empty diff view
    void onGroupRowChanged();
    void onRecordRowChanged();
    void updateRecordsLabel();
    void showUngroupedRecord(uint32_t record);
    QString welcomeText() const;  // a match / noise / allowed record looked up by id
    void updateTitle();
    void showShortcuts();
    void setupKeyboard();  // mainwindow_keys.cpp: tab order, pane keys, detail-tab cycling
    void cycleDetailTab(int direction);
    void copyFromFocus();
    bool handleTableKey(QTableView* view, QKeyEvent* key);
    void setupFollowAndExport();  // mainwindow_follow.cpp: View › Follow, File › Export Rules As…
    void setFollowing(bool on);
    void startFollowing();
    void onFollowChanged(quint64 added, quint64 total, bool restarted);
    void onStoreLoadedForFollow(const QString& path);
    void followReload();   // a full reload (the store restarted)
    void followRefresh();  // the incremental step in the background (Analysis::refreshed)
    void onFollowRefreshed(std::shared_ptr<Analysis::Refresh> refresh, double seconds);
    void exportRules();
    void setupIndexOpen();  // mainwindow_index.cpp
    void onIndexRecordsLoaded(const QString& path, std::shared_ptr<const Analysis> analysis, double seconds);
    void updateIndexStoreLabel();
    void setupReport();  // mainwindow_report.cpp
    void applyWorkspaceCriteria();

    std::shared_ptr<const Analysis> m_analysis;
    std::shared_ptr<const FilterResult> m_filter;
    QString m_path;
    bool m_interactive = true;
    bool m_syncing = false;
    bool m_enterAtLast = false;  // the next shown record starts at its last difference

    LoadJob* m_load = nullptr;
    JobTracker m_filterJobs;
    JobTracker m_applyJobs;   // rules applied to the analysis on screen (newest wins)
    JobTracker m_draftJobs;   // Allow… drafts
    JobTracker m_followJobs;  // follow refreshes of the analysis on screen (newest wins)
    RulesController* m_rules = nullptr;
    RulesModel* m_rulesModel = nullptr;
    RulesPanel* m_rulesPanel = nullptr;
    std::shared_ptr<const RuleSet> m_ruleSet;  // the enabled rules compiled (null = none)
    QPointer<AllowDialog> m_allowDialog;
    std::function<QString(const std::string&)> m_stateOf;
    QAction* m_allowAction = nullptr;
    WorkspaceController* m_workspace = nullptr;
    QString m_workspaceFallback, m_workspaceDir, m_workspaceLocation;
    RecentFiles* m_recent = nullptr;

    QStackedWidget* m_stack = nullptr;
    QTabWidget* m_mainTabs = nullptr;
    QTabWidget* m_upperTabs = nullptr;
    QTableView* m_causesView = nullptr;
    CausesModel* m_causesModel = nullptr;
    DashboardView* m_dashboard = nullptr;
    QLabel* m_welcome = nullptr;
    FilterBar* m_filterBar = nullptr;
    OutcomeBar* m_outcomeBar = nullptr;
    QSplitter* m_vsplit = nullptr;
    QSplitter* m_hsplit = nullptr;
    QTableView* m_groupsView = nullptr;
    GroupsModel* m_groupsModel = nullptr;
    GroupsProxy* m_groupsProxy = nullptr;
    QLabel* m_recordsLabel = nullptr;
    QTableView* m_recordsView = nullptr;
    RecordsModel* m_recordsModel = nullptr;
    QWidget* m_diffPane = nullptr;
    DiffView* m_diff = nullptr;  // null when the diff view is not built in
    ProblemsPanel* m_problems = nullptr;
    QDockWidget* m_problemsDock = nullptr;
    LoadStatus* m_loadStatus = nullptr;
    QToolButton* m_problemsButton = nullptr;
    QLabel* m_storeLabel = nullptr;

    QAction* m_openAction = nullptr;
    QAction* m_reloadAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QMenu* m_recentMenu = nullptr;

    FollowController* m_follow = nullptr;
    QAction* m_followAction = nullptr;
    QLabel* m_followLabel = nullptr;
    OutcomeBrowser* m_outcomes = nullptr;
    bool m_followPending = false;    // records arrived while a load ran: reload when it ends
    bool m_followReloading = false;  // the running load was started by Follow (no error dialogs)
    bool m_followInteractive = true;
    quint64 m_followIncremental = 0;
    quint64 m_followFull = 0;
    QAction* m_maskAction = nullptr;
    QAction* m_swapAction = nullptr;
    QLabel* m_sidesLabel = nullptr;
    QTableView* m_splitView = nullptr;
    SplitModel* m_splitModel = nullptr;
    bool m_splitSyncing = false;
    bool m_indexSummary = false;  // the analysis on screen is an index summary (no records yet)
    bool m_indexPending = false;  // the load being delivered is an index summary
    QString m_indexSchema;        // the store on screen was opened from this index ("" = scanned)
    qint64 m_indexRecords = 0;
    QString m_indexNote;  // why an existing index was not used (shown after the load)
};

}  // namespace dt
