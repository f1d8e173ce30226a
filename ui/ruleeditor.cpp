// SPDX-License-Identifier: MIT
#include "ui/ruleeditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include "core/rules/rules_io.h"

namespace dt {
namespace {

using Json = nlohmann::json;

bool isBoolMember(const std::string& m) {
    return m == "presence_only" || m == "trim" || m == "case_fold" || m == "collapse_whitespace";
}
bool isNumberMember(const std::string& m) {
    return m == "absolute" || m == "relative" || m == "primary" || m == "candidate" || m == "top_k" ||
           m == "min_overlap" || m == "min_kendall_tau" || m == "min_rbo";
}

QString hint(const std::string& m) {
    if (m == "path") return QObject::tr("JSON Pointer pattern: /items/*/price, /**/*_at");
    if (m == "header") return QObject::tr("lowercase header name, may contain *");
    if (m == "pattern") return QObject::tr("RE2 regular expression");
    if (m == "replacement") return QObject::tr("RE2 rewrite (\\1 …)");
    if (m == "from" || m == "to") return QObject::tr("origin, e.g. https://api.example.com");
    if (m == "key") return QObject::tr("member that identifies elements (empty = multiset)");
    return {};
}

Json ruleJson(const Rule& rule) {
    RuleConfig c;
    c.rules.push_back(rule);
    Json j = Json::parse(serializeRulesConfig(c));
    return j["rules"][0];
}

}  // namespace

RuleEditor::RuleEditor(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("kind"));
    for (int k = 0; k < kRuleKindCount; ++k) {
        const std::string_view n = ruleKindName(static_cast<RuleKind>(k));
        m_kind->addItem(QString::fromLatin1(n.data(), qsizetype(n.size())));
    }
    form->addRow(tr("&Kind:"), m_kind);
    m_endpoints = new QLineEdit(this);
    m_endpoints->setObjectName(QStringLiteral("scope"));
    m_endpoints->setPlaceholderText(tr("* = all endpoints; or templates: /users/*, /orders/**"));
    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("method"));
    m_method->addItems({tr("any method"), QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                        QStringLiteral("OPTIONS")});
    auto* scopeBox = new QWidget(this);
    auto* scopeRow = new QHBoxLayout(scopeBox);
    scopeRow->setContentsMargins(0, 0, 0, 0);
    scopeRow->addWidget(m_endpoints, 1);
    scopeRow->addWidget(m_method);
    auto* scopeLabel = new QLabel(tr("&Scope:"), this);
    scopeLabel->setBuddy(m_endpoints);
    form->addRow(scopeLabel, scopeBox);
    m_params = new QWidget(this);
    m_paramForm = new QFormLayout(m_params);
    m_paramForm->setContentsMargins(0, 0, 0, 0);
    form->addRow(m_params);
    m_reason = new QPlainTextEdit(this);
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setTabChangesFocus(true);
    m_reason->setFixedHeight(m_reason->fontMetrics().lineSpacing() * 3 + 12);
    m_reason->setPlaceholderText(tr("Why this difference is acceptable (required)"));
    form->addRow(tr("&Reason:"), m_reason);
    m_removeWhen = new QLineEdit(this);
    m_removeWhen->setObjectName(QStringLiteral("remove_when"));
    m_removeWhen->setPlaceholderText(tr("When the rule can go, e.g. \"when PAY-123 ships\""));
    form->addRow(tr("Remove &when:"), m_removeWhen);
    m_expires = new QLineEdit(this);
    m_expires->setObjectName(QStringLiteral("expires"));
    m_expires->setPlaceholderText(tr("YYYY-MM-DD (optional)"));
    form->addRow(tr("E&xpires:"), m_expires);
    m_author = new QLineEdit(this);
    m_author->setObjectName(QStringLiteral("author"));
    form->addRow(tr("&Author:"), m_author);
    m_ticket = new QLineEdit(this);
    m_ticket->setObjectName(QStringLiteral("ticket"));
    form->addRow(tr("&Ticket:"), m_ticket);
    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("title"));
    form->addRow(tr("T&itle:"), m_title);
    layout->addLayout(form);
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("ruleErrors"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #c62828"));
    layout->addWidget(m_errorLabel);
    layout->addStretch(1);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        if (m_filling) return;
        buildParameters();
        onEdited();
    });
    for (QLineEdit* e : {m_endpoints, m_removeWhen, m_expires, m_author, m_ticket, m_title})
        connect(e, &QLineEdit::textChanged, this, &RuleEditor::onEdited);
    connect(m_method, &QComboBox::currentIndexChanged, this, &RuleEditor::onEdited);
    connect(m_reason, &QPlainTextEdit::textChanged, this, &RuleEditor::onEdited);
}

QWidget* RuleEditor::field(const QString& member) const {
    if (member == QLatin1String("kind")) return m_kind;
    if (member == QLatin1String("scope")) return m_endpoints;
    if (member == QLatin1String("method")) return m_method;
    for (const auto& [name, w] : m_paramFields)
        if (name == member) return w;
    return findChild<QWidget*>(member);
}

void RuleEditor::setRule(const Rule& rule) {
    m_filling = true;
    m_base = ruleJson(rule);
    m_kind->setCurrentIndex(int(rule.kind));
    QStringList endpoints;
    for (const auto& e : rule.scope.endpoints) endpoints << QString::fromStdString(e);
    m_endpoints->setText(endpoints.isEmpty() ? QStringLiteral("*") : endpoints.join(QStringLiteral(", ")));
    const int method = rule.scope.method.empty() ? 0 : m_method->findText(QString::fromStdString(rule.scope.method));
    m_method->setCurrentIndex(std::max(0, method));
    m_reason->setPlainText(QString::fromStdString(rule.reason));
    m_removeWhen->setText(QString::fromStdString(rule.remove_when));
    m_expires->setText(QString::fromStdString(rule.expires));
    m_author->setText(QString::fromStdString(rule.author));
    m_ticket->setText(QString::fromStdString(rule.ticket));
    m_title->setText(QString::fromStdString(rule.title));
    buildParameters();
    m_filling = false;
    onEdited();
}

void RuleEditor::buildParameters() {
    const bool filling = m_filling;
    m_filling = true;
    while (m_paramForm->rowCount() > 0) m_paramForm->removeRow(0);
    m_paramFields.clear();
    const auto kind = static_cast<RuleKind>(std::max(0, m_kind->currentIndex()));
    for (const std::string& m : kindRuleMembers(kind)) {
        const QString name = QString::fromStdString(m);
        const Json* v = m_base.contains(m) ? &m_base[m] : nullptr;
        QWidget* w = nullptr;
        if (isBoolMember(m)) {
            auto* box = new QCheckBox(m_params);
            box->setChecked(v && v->is_boolean() && v->get<bool>());
            connect(box, &QCheckBox::toggled, this, &RuleEditor::onEdited);
            w = box;
        } else {
            auto* edit = new QLineEdit(m_params);
            if (v)
                edit->setText(v->is_string() ? QString::fromStdString(v->get<std::string>())
                                             : QString::fromStdString(v->dump()));
            edit->setPlaceholderText(hint(m));
            connect(edit, &QLineEdit::textChanged, this, &RuleEditor::onEdited);
            w = edit;
        }
        w->setObjectName(name);
        m_paramForm->addRow(name + QLatin1Char(':'), w);
        m_paramFields.emplace_back(name, w);
    }
    m_filling = filling;
}

Json RuleEditor::toJson() const {
    Json j = Json::object();
    for (const char* keep : {"id", "created", "sample_ids", "enabled"})
        if (m_base.contains(keep)) j[keep] = m_base[keep];
    j["kind"] = m_kind->currentText().toStdString();
    const QString endpoints = m_endpoints->text().trimmed();
    const QString method = m_method->currentIndex() > 0 ? m_method->currentText() : QString();
    if ((endpoints.isEmpty() || endpoints == QLatin1String("*")) && method.isEmpty()) {
        j["scope"] = "*";
    } else {
        Json scope = Json::object();
        Json list = Json::array();
        for (const QString& e : endpoints.split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (e.trimmed() != QLatin1String("*")) list.push_back(e.trimmed().toStdString());
        if (!list.empty()) scope["endpoints"] = list;
        if (!method.isEmpty()) scope["method"] = method.toStdString();
        j["scope"] = scope;
    }
    for (const auto& [name, w] : m_paramFields) {
        const std::string m = name.toStdString();
        if (auto* box = qobject_cast<QCheckBox*>(w)) {
            if (box->isChecked()) j[m] = true;
            continue;
        }
        const QString text = static_cast<QLineEdit*>(w)->text().trimmed();
        if (text.isEmpty()) continue;
        if (isNumberMember(m)) {
            bool ok = false;
            const double d = text.toDouble(&ok);
            if (!ok)
                j[m] = text.toStdString();  // the parser says "must be a number"
            else if (d == double(int64_t(d)))
                j[m] = int64_t(d);
            else
                j[m] = d;
        } else {
            j[m] = static_cast<QLineEdit*>(w)->text().toStdString();
        }
    }
    auto put = [&j](const char* key, const QString& v) {
        if (!v.trimmed().isEmpty()) j[key] = v.toStdString();
    };
    put("reason", m_reason->toPlainText());
    put("remove_when", m_removeWhen->text());
    put("expires", m_expires->text().trimmed());
    put("author", m_author->text());
    put("ticket", m_ticket->text());
    put("title", m_title->text());
    return j;
}

void RuleEditor::onEdited() {
    if (m_filling) return;
    Json doc = {{"version", kRulesFormatVersion}, {"rules", Json::array({toJson()})}};
    std::vector<RuleError> errors;
    std::optional<RuleConfig> config = parseRulesConfig(doc.dump(), &errors);
    m_errors.clear();
    m_rule.reset();
    if (config && config->rules.size() == 1) {
        m_rule = config->rules.front();
    } else {
        for (const RuleError& e : errors) {
            std::string where = e.pointer.rfind("/rules/0", 0) == 0 ? e.pointer.substr(8) : e.pointer;
            if (!where.empty() && where[0] == '/') where.erase(0, 1);
            m_errors << (where.empty() ? QString::fromStdString(e.reason)
                                       : QStringLiteral("%1: %2").arg(QString::fromStdString(where),
                                                                      QString::fromStdString(e.reason)));
        }
        if (m_errors.isEmpty()) m_errors << tr("the rule is not valid");
    }
    m_errorLabel->setText(m_errors.join(QLatin1Char('\n')));
    m_errorLabel->setVisible(!m_errors.isEmpty());
    emit changed();
}

std::optional<Rule> RuleEditor::rule() const { return m_rule; }

}  // namespace dt
