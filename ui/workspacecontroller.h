// SPDX-License-Identifier: MIT
#pragma once
// The open store's triage workspace (core/triage/workspace.h, docs/workspace.md): states, owners,
// notes and tickets of groups and causes, named issues, the rules file, the go/no-go criteria.
//
// Opened when a store is loaded (STORE.difftriage beside the store, or a per-user fallback when
// that directory is not writable), annotated against the analysis on screen (regression, new since
// the last open), and saved atomically after every change, so a kill -9 loses at most the edit in
// progress. A workspace file that cannot be read is never written over: the session is read-only
// and says why.
//
// Shared workspace (`--workspace postgresql://host/db?schema=difftriage&workspace=NAME`, issue 15):
// the same workspace kept in PostgreSQL for a team (core/pg/pg_workspace_sync.h), saved and polled in
// the background (ui/sharedworkspace.h). Each save writes only the items this window changed, based
// on the versions it last saw; an edit of an item someone else changed meanwhile is refused and
// reported by conflict() (the window then shows their state), and other windows' changes arrive by
// LISTEN/NOTIFY: remoteChanged().
#include <QObject>
#include <QString>

#include <memory>
#include <unordered_map>

#include "core/analysis/analysis.h"
#include "core/analysis/causes.h"
#include "core/triage/workspace.h"

namespace dt {
class SharedWorkspace;

class WorkspaceController : public QObject {
    Q_OBJECT
public:
    explicit WorkspaceController(QObject* parent = nullptr);
    ~WorkspaceController() override;

    // Opens or creates the workspace of `storePath` (fallbackDir: where to keep it when the store's
    // directory is not writable) and annotates `analysis`. False + *error when the file exists but
    // is broken (the session is then read-only).
    // explicitPath: use this file instead of the default place (empty = beside the store), or a
    // postgresql:// URI for a shared workspace.
    bool open(const QString& storePath, const QString& fallbackDir, const QString& explicitPath,
              const Analysis& analysis, const CauseIndex& causes, QString* error);
    // Re-annotates after the analysis changed (rules applied, reload): flags of known signatures stay.
    void reannotate(const Analysis& analysis, const CauseIndex& causes);
    void close();

    bool isOpen() const { return m_open; }
    bool isReadOnly() const { return m_readOnly; }
    bool isShared() const { return m_shared != nullptr; }  // kept in PostgreSQL
    static constexpr int kSharedPollMs = 1000;             // other windows' changes show within this
    static constexpr int kCloseWaitMs = 5000;              // closing waits this long for shared saves
    // Shared workspace: waits until every edit reached the server (for tests). True when none is left.
    bool waitForSharedSaves(int msecs);
    QString path() const { return m_path; }
    const Workspace& workspace() const { return m_ws; }
    QString lastError() const { return m_lastError; }

    // Annotations of what the analysis shows; null when unknown (not open, or not in the analysis).
    const TriageAnnotation* group(const std::string& signature) const;
    const TriageAnnotation* cause(const std::string& causeId) const;
    // "bug", "new", ... for the Allow dialog ("" = none).
    QString groupStateName(const std::string& signature) const;

    // Edits, each saved at once. A group in a named issue edits the issue.
    void setGroupState(const std::string& signature, TriageState state);
    void setGroupStates(const std::vector<std::string>& signatures, TriageState state);  // saved once
    void setGroupText(const std::string& signature, const QString& owner, const QString& note, const QString& ticket);
    void setCauseState(const std::string& causeId, TriageState state);
    void setCauseText(const std::string& causeId, const QString& owner, const QString& note, const QString& ticket);
    // Named issues: several groups triaged as one (their state is the issue's).
    std::string mergeGroups(const QString& name, const std::vector<std::string>& signatures);
    void setRulesPath(const QString& path);
    void setSwapSides(bool swap);
    // Triage › Split Group By…: shows the group split by a tag key or "endpoint" ("" = no split).
    void setSplit(const std::string& signature, const std::string& field);
    // The swap_sides of the workspace open() would find for this store (false when there is none or
    // it cannot be read): read before the store is analysed, so the first analysis has the right sides.
    static bool storedSwapSides(const QString& storePath, const QString& fallbackDir, const QString& explicitPath);
    void setCriteria(const GoCriteria& criteria);
    void markReported(const std::string& when);

signals:
    void changed();  // annotations or workspace fields changed: views repaint
    void saveFailed(const QString& error);
    // Shared workspace: an edit was refused because someone else changed the same item first
    // (`what`: which items, by whom, when); the workspace now holds their state.
    void conflict(const QString& what);
    // Shared workspace: another window's change arrived; the workspace holds it. Re-annotate.
    void remoteChanged();

private:
    void annotate(const Analysis& analysis, const CauseIndex& causes, bool keepFlags);
    void refreshGroup(const std::string& signature);
    void refreshCause(const std::string& causeId);
    TriageItem& itemForGroup(const std::string& signature);
    void save();
    bool openShared(const QString& storePath, const QString& uri, QString* error);
    void adoptShared(const std::string& document);  // m_ws := a shared workspace document

    Workspace m_ws;
    QString m_path, m_lastError;
    bool m_open = false;
    bool m_readOnly = false;
    std::unordered_map<std::string, TriageAnnotation> m_groups;  // signatures of the analysis on screen
    std::unordered_map<std::string, TriageAnnotation> m_causes;
    std::unique_ptr<SharedWorkspace> m_shared;  // saves and polls off the GUI thread
};

}  // namespace dt
