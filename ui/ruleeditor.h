// SPDX-License-Identifier: MIT
#pragma once
// Edits one allowed rule as a form: kind, scope (all endpoints, or listed templates and a method),
// the kind's parameters (the members core/rules/rules_io.h lists for the kind), reason, removal
// trigger, expiry, author, ticket, title. The form is turned back into the rules file's JSON and
// validated by the core parser, so the editor accepts exactly what a rules file accepts; errors
// are shown with the member they concern.
#include <QWidget>

#include <optional>

#include <nlohmann/json.hpp>

#include "core/rules/rules.h"

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace dt {

class RuleEditor : public QWidget {
    Q_OBJECT
public:
    explicit RuleEditor(QWidget* parent = nullptr);

    void setRule(const Rule& rule);
    // The rule as edited, validated; nullopt with the reasons in errors() when it does not validate.
    std::optional<Rule> rule() const;
    QStringList errors() const { return m_errors; }
    // Field widgets by member name ("path", "reason", "scope", "method", "kind", ...), for tests.
    QWidget* field(const QString& member) const;

signals:
    void changed();

private:
    void buildParameters();
    void onEdited();
    nlohmann::json toJson() const;

    nlohmann::json m_base;  // the rule as set: members the form does not show (id, created, sample_ids, enabled)
    QComboBox* m_kind = nullptr;
    QLineEdit* m_endpoints = nullptr;
    QComboBox* m_method = nullptr;
    QWidget* m_params = nullptr;
    QFormLayout* m_paramForm = nullptr;
    std::vector<std::pair<QString, QWidget*>> m_paramFields;
    QLineEdit* m_title = nullptr;
    QPlainTextEdit* m_reason = nullptr;
    QLineEdit* m_removeWhen = nullptr;
    QLineEdit* m_expires = nullptr;
    QLineEdit* m_author = nullptr;
    QLineEdit* m_ticket = nullptr;
    QLabel* m_errorLabel = nullptr;
    QStringList m_errors;
    mutable std::optional<Rule> m_rule;
    bool m_filling = false;
};

}  // namespace dt
