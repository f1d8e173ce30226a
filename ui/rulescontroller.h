// SPDX-License-Identifier: MIT
#pragma once
// The window's allowed rules: the config being edited, its file, and undo/redo.
//
// Every edit (add, edit, delete, enable/disable, open) is one undoable step on a QUndoStack
// (Ctrl+Z / Ctrl+Shift+Z) and is written at once, atomically, to the rules file (or, before the
// user chose one, to the default path the window sets), so a kill -9 loses at most the edit in
// progress. Applying the rules to the analysis is the window's job (configChanged()).
#include <QObject>
#include <QString>

#include "core/rules/rules.h"
#include "core/rules/rules_io.h"

class QUndoStack;

namespace dt {

class RulesController : public QObject {
    Q_OBJECT
public:
    explicit RulesController(QObject* parent = nullptr);

    const RuleConfig& config() const { return m_config; }
    QUndoStack* undoStack() const { return m_undo; }
    // The file edits are written to: the opened / saved-as file, else the default path.
    QString filePath() const { return m_path.isEmpty() ? m_defaultPath : m_path; }
    bool hasOwnFile() const { return !m_path.isEmpty(); }
    // Where rules go before the user picked a file (set by the window from the workspace).
    void setDefaultPath(const QString& path) { m_defaultPath = path; }
    // The last write error ("" after a successful write).
    QString lastError() const { return m_lastError; }

    // Undoable edits. Return false (nothing changed) for an index out of range or a rule that does
    // not validate (*error says why).
    bool addRules(const std::vector<Rule>& rules, const QString& text, QString* error = nullptr);
    bool replaceRule(int index, const Rule& rule, QString* error = nullptr);
    bool removeRule(int index);
    bool setRuleEnabled(int index, bool enabled);
    int indexOf(const std::string& id) const;

    // Opens a rules file: on any error nothing is applied and *error lists FILE:LINE: POINTER: reason.
    // Undoable (undo returns to the rules before).
    bool open(const QString& path, QString* error);
    // Writes the rules to `path` and makes it the rules file.
    bool saveAs(const QString& path, QString* error);
    // Starts over with no rules and no file (a new store without a workspace rules file). Not undoable.
    void reset(const RuleConfig& config = {}, const QString& path = QString());

    // Used by the undo commands: installs a config, writes it, emits configChanged().
    void install(const RuleConfig& config);

signals:
    void configChanged();
    void fileChanged(const QString& path);
    void writeFailed(const QString& error);

private:
    bool push(RuleConfig next, const QString& text, QString* error);
    void write();

    RuleConfig m_config;
    QString m_path, m_defaultPath, m_lastError;
    QUndoStack* m_undo = nullptr;
};

}  // namespace dt
