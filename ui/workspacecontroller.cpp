// SPDX-License-Identifier: MIT
#include "ui/workspacecontroller.h"

#include <QFileInfo>
#include <QtGlobal>

#include "core/rules/rules_io.h"
#include "core/triage/workspace_io.h"
#include "ui/sharedworkspace.h"

namespace dt {
namespace {

std::vector<std::string> signaturesOf(const Analysis& a) {
    std::vector<std::string> out;
    out.reserve(a.groups().size());
    for (const Group& g : a.groups()) out.push_back(g.signature);
    return out;
}

std::vector<std::string> causeIdsOf(const CauseIndex& causes) {
    std::vector<std::string> out;
    out.reserve(causes.causes.size());
    for (const Cause& c : causes.causes) out.push_back(c.id);
    return out;
}

}  // namespace

WorkspaceController::WorkspaceController(QObject* parent) : QObject(parent) {}

WorkspaceController::~WorkspaceController() { close(); }

bool WorkspaceController::open(const QString& storePath, const QString& fallbackDir, const QString& explicitPath,
                               const Analysis& analysis, const CauseIndex& causes, QString* error) {
    close();
    if (explicitPath.startsWith(QLatin1String("postgresql://")) ||
        explicitPath.startsWith(QLatin1String("postgres://"))) {
        const bool ok = openShared(storePath, explicitPath, error);
        annotate(analysis, causes, false);
        if (ok) {
            markOpened(m_ws, signaturesOf(analysis), causeIdsOf(causes));
            save();
        }
        emit changed();
        return ok;
    }
    OpenedWorkspace opened =
        openWorkspaceFor(storePath.toStdString(), fallbackDir.toStdString(), explicitPath.toStdString());
    m_path = QString::fromStdString(opened.path);
    m_ws = std::move(opened.workspace);
    m_open = true;
    m_readOnly = !opened.ok();
    if (m_readOnly) {
        m_lastError = QString::fromStdString(formatRuleErrors(opened.path, opened.errors));
        if (error) *error = m_lastError;
    }
    if (!opened.fingerprint.empty() && opened.store != FingerprintMatch::Same)
        m_ws.store_fingerprint = opened.fingerprint;
    // Flags first (against what the workspace knew), then remember what this run shows.
    annotate(analysis, causes, false);
    markOpened(m_ws, signaturesOf(analysis), causeIdsOf(causes));
    save();
    emit changed();
    return !m_readOnly;
}

void WorkspaceController::reannotate(const Analysis& analysis, const CauseIndex& causes) {
    if (!m_open) return;
    annotate(analysis, causes, true);
    emit changed();
}

void WorkspaceController::close() {
    if (m_shared) {
        // Edits still on their way to the server go first (their results are merged as usual).
        if (!m_shared->waitForIdle(kCloseWaitMs))
            qWarning("shared workspace %s: edits not saved within %d ms of closing", qPrintable(m_path), kCloseWaitMs);
        m_shared.reset();
    }
    m_open = false;
    m_readOnly = false;
    m_ws = Workspace();
    m_path.clear();
    m_lastError.clear();
    m_groups.clear();
    m_causes.clear();
}

namespace {

// keys[i] -> annotations[i]; with keepFlags, "new since" stays what it was for keys seen before.
std::unordered_map<std::string, TriageAnnotation> byKey(const std::vector<std::string>& keys,
                                                        std::vector<TriageAnnotation> annotations,
                                                        const std::unordered_map<std::string, TriageAnnotation>& old,
                                                        bool keepFlags) {
    std::unordered_map<std::string, TriageAnnotation> out;
    for (size_t i = 0; i < keys.size(); ++i) {
        if (keepFlags)
            if (auto it = old.find(keys[i]); it != old.end()) annotations[i].new_since = it->second.new_since;
        out.emplace(keys[i], std::move(annotations[i]));
    }
    return out;
}

}  // namespace

void WorkspaceController::annotate(const Analysis& analysis, const CauseIndex& causes, bool keepFlags) {
    const std::vector<std::string> sigs = signaturesOf(analysis);
    m_groups = byKey(sigs, annotateGroups(m_ws, sigs), m_groups, keepFlags);
    const std::vector<std::string> ids = causeIdsOf(causes);
    m_causes = byKey(ids, annotateCauses(m_ws, ids), m_causes, keepFlags);
}

const TriageAnnotation* WorkspaceController::group(const std::string& signature) const {
    auto it = m_groups.find(signature);
    return it == m_groups.end() ? nullptr : &it->second;
}

const TriageAnnotation* WorkspaceController::cause(const std::string& causeId) const {
    auto it = m_causes.find(causeId);
    return it == m_causes.end() ? nullptr : &it->second;
}

QString WorkspaceController::groupStateName(const std::string& signature) const {
    const TriageAnnotation* a = group(signature);
    if (!a) {
        auto it = m_ws.groups.find(signature);
        if (it == m_ws.groups.end()) return {};
        const std::string_view n = triageStateName(it->second.state);
        return QString::fromLatin1(n.data(), qsizetype(n.size()));
    }
    const std::string_view n = triageStateName(a->state);
    return QString::fromLatin1(n.data(), qsizetype(n.size()));
}

TriageItem& WorkspaceController::itemForGroup(const std::string& signature) {
    if (const NamedIssue* issue = issueOf(m_ws, signature))
        if (NamedIssue* editable = findIssue(m_ws, issue->id)) return editable->item;
    return groupItem(m_ws, signature);
}

void WorkspaceController::refreshGroup(const std::string& signature) {
    // Every member of a named issue shows the issue's item.
    std::vector<std::string> sigs{signature};
    if (const NamedIssue* issue = issueOf(m_ws, signature)) sigs = issue->signatures;
    for (const std::string& s : sigs) {
        auto it = m_groups.find(s);
        if (it == m_groups.end()) continue;
        TriageAnnotation a = annotateGroups(m_ws, {s}).front();
        a.new_since = it->second.new_since;
        // A group marked fixed in this session is not a regression of this run: only one that was
        // fixed before the store was opened and still has records is.
        a.regression = a.regression && it->second.regression;
        it->second = std::move(a);
    }
}

void WorkspaceController::refreshCause(const std::string& causeId) {
    auto it = m_causes.find(causeId);
    if (it == m_causes.end()) return;
    TriageAnnotation a = annotateCauses(m_ws, {causeId}).front();
    a.new_since = it->second.new_since;
    a.regression = a.regression && it->second.regression;  // as for groups
    it->second = std::move(a);
}

void WorkspaceController::setGroupState(const std::string& signature, TriageState state) {
    setGroupStates({signature}, state);
}

void WorkspaceController::setGroupStates(const std::vector<std::string>& signatures, TriageState state) {
    if (!m_open) return;
    bool any = false;
    for (const std::string& signature : signatures) {
        TriageItem& item = itemForGroup(signature);
        if (item.state == state && item.version > 0) continue;
        item.state = state;
        touchItem(item);
        refreshGroup(signature);
        any = true;
    }
    if (!any) return;
    save();  // one write for the whole batch
    emit changed();
}

void WorkspaceController::setGroupText(const std::string& signature, const QString& owner, const QString& note,
                                       const QString& ticket) {
    if (!m_open) return;
    TriageItem& item = itemForGroup(signature);
    item.owner = owner.toStdString();
    item.note = note.toStdString();
    item.ticket = ticket.toStdString();
    touchItem(item);
    refreshGroup(signature);
    save();
    emit changed();
}

void WorkspaceController::setCauseState(const std::string& causeId, TriageState state) {
    if (!m_open) return;
    TriageItem& item = causeItem(m_ws, causeId);
    item.state = state;
    touchItem(item);
    refreshCause(causeId);
    save();
    emit changed();
}

void WorkspaceController::setCauseText(const std::string& causeId, const QString& owner, const QString& note,
                                       const QString& ticket) {
    if (!m_open) return;
    TriageItem& item = causeItem(m_ws, causeId);
    item.owner = owner.toStdString();
    item.note = note.toStdString();
    item.ticket = ticket.toStdString();
    touchItem(item);
    refreshCause(causeId);
    save();
    emit changed();
}

std::string WorkspaceController::mergeGroups(const QString& name, const std::vector<std::string>& signatures) {
    if (!m_open || signatures.empty()) return {};
    const std::string id = mergeIntoIssue(m_ws, name.toStdString(), signatures);
    for (const std::string& s : signatures) refreshGroup(s);
    save();
    emit changed();
    return id;
}

void WorkspaceController::setRulesPath(const QString& path) {
    if (!m_open || m_ws.rules_path == path.toStdString()) return;
    m_ws.rules_path = path.toStdString();
    save();
}

void WorkspaceController::setSwapSides(bool swap) {
    if (!m_open || m_ws.swap_sides == swap) return;
    m_ws.swap_sides = swap;
    save();
    emit changed();
}

void WorkspaceController::setSplit(const std::string& signature, const std::string& field) {
    if (!m_open || splitOf(m_ws, signature).value_or(std::string()) == field) return;
    dt::setSplit(m_ws, signature, field);
    save();
    emit changed();
}

bool WorkspaceController::storedSwapSides(const QString& storePath, const QString& fallbackDir,
                                          const QString& explicitPath) {
    const std::string path = explicitPath.isEmpty()
                                 ? chooseWorkspacePath(storePath.toStdString(), fallbackDir.toStdString())
                                 : explicitPath.toStdString();
    std::vector<WorkspaceError> errors;
    const std::optional<Workspace> ws =
        QFileInfo::exists(QString::fromStdString(path)) ? loadWorkspace(path, &errors) : std::nullopt;
    return ws && ws->swap_sides;
}

void WorkspaceController::setCriteria(const GoCriteria& criteria) {
    if (!m_open || m_ws.criteria == criteria) return;
    m_ws.criteria = criteria;
    save();
    emit changed();
}

void WorkspaceController::markReported(const std::string& when) {
    if (!m_open) return;
    m_ws.last_report = when;
    save();
}

void WorkspaceController::save() {
    if (!m_open || m_readOnly || m_path.isEmpty()) return;
    if (m_shared) {  // in the background (sharedworkspace.h); results arrive as signals
        m_shared->save();
        return;
    }
    std::string error;
    if (saveWorkspace(m_path.toStdString(), m_ws, &error)) {
        m_lastError.clear();
        return;
    }
    m_lastError = QString::fromStdString(error);
    emit saveFailed(m_lastError);
}

bool WorkspaceController::openShared(const QString& storePath, const QString& uri, QString* error) {
    m_open = true;
    m_path = uri;
    std::string why;
    m_shared = SharedWorkspace::open(
        uri.toStdString(), [this] { return serializeWorkspace(m_ws); }, &why, this);
    if (!m_shared) {  // nothing to show and nothing will be written: say why
        m_readOnly = true;
        m_lastError = tr("shared workspace %1: %2").arg(uri, QString::fromStdString(why));
        if (error) *error = m_lastError;
        return false;
    }
    adoptShared(m_shared->document());
    if (m_readOnly) {
        m_shared.reset();
        if (error) *error = m_lastError;
        return false;
    }
    if (m_ws.store_path.empty()) m_ws.store_path = storePath.toStdString();  // a new shared workspace
    connect(m_shared.get(), &SharedWorkspace::adopt, this, [this](const QString& doc, bool) {
        adoptShared(doc.toStdString());
        emit remoteChanged();
    });
    connect(m_shared.get(), &SharedWorkspace::saved, this, [this] { m_lastError.clear(); });
    connect(m_shared.get(), &SharedWorkspace::conflict, this, &WorkspaceController::conflict);
    connect(m_shared.get(), &SharedWorkspace::failed, this, [this](const QString& e) {
        m_lastError = e;
        emit saveFailed(e);
    });
    return true;
}

void WorkspaceController::adoptShared(const std::string& doc) {
    if (doc.find_first_not_of(" \t\r\n{}") == std::string::npos) {  // empty: a new workspace
        m_ws = Workspace();
        return;
    }
    std::vector<WorkspaceError> errors;
    if (std::optional<Workspace> ws = parseWorkspace(doc, &errors)) {
        m_ws = std::move(*ws);
        return;
    }
    // A shared workspace this version cannot read is never written over.
    m_readOnly = true;
    m_lastError = QString::fromStdString(formatRuleErrors(m_path.toStdString(), errors));
}

bool WorkspaceController::waitForSharedSaves(int msecs) { return !m_shared || m_shared->waitForIdle(msecs); }

}  // namespace dt
