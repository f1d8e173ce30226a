// SPDX-License-Identifier: MIT
#include "ui/rulescontroller.h"

#include <QDir>
#include <QFileInfo>
#include <QUndoCommand>
#include <QUndoStack>

namespace dt {
namespace {

// One edit: the whole config before and after (configs are small; this keeps undo exact).
class ConfigCommand : public QUndoCommand {
public:
    ConfigCommand(RulesController* owner, RuleConfig before, RuleConfig after, const QString& text)
            : QUndoCommand(text), m_owner(owner), m_before(std::move(before)), m_after(std::move(after)) {}
    void redo() override { m_owner->install(m_after); }
    void undo() override { m_owner->install(m_before); }

private:
    RulesController* m_owner;
    RuleConfig m_before, m_after;
};

QString errorText(const QString& file, const std::vector<RuleError>& errors) {
    return QString::fromStdString(formatRuleErrors(file.toStdString(), errors));
}

}  // namespace

RulesController::RulesController(QObject* parent) : QObject(parent), m_undo(new QUndoStack(this)) {}

int RulesController::indexOf(const std::string& id) const {
    for (size_t i = 0; i < m_config.rules.size(); ++i)
        if (m_config.rules[i].id == id) return int(i);
    return -1;
}

bool RulesController::push(RuleConfig next, const QString& text, QString* error) {
    next.notices.clear();
    const std::vector<RuleError> errors = validateRulesConfig(next);
    if (!errors.empty()) {
        if (error) *error = errorText(tr("rules"), errors);
        return false;
    }
    m_undo->push(new ConfigCommand(this, m_config, std::move(next), text));
    return true;
}

bool RulesController::addRules(const std::vector<Rule>& rules, const QString& text, QString* error) {
    if (rules.empty()) return false;
    RuleConfig next = m_config;
    for (Rule r : rules) {
        if (r.id.empty()) r.id = generateRuleId(r);
        const int existing = indexOf(r.id);
        if (existing >= 0 && !(m_config.rules[size_t(existing)] == r)) {
            if (error) *error = tr("a different rule already has the id %1").arg(QString::fromStdString(r.id));
            return false;
        }
        if (existing < 0) next.rules.push_back(std::move(r));
    }
    return push(std::move(next), text, error);
}

bool RulesController::replaceRule(int index, const Rule& rule, QString* error) {
    if (index < 0 || size_t(index) >= m_config.rules.size()) return false;
    RuleConfig next = m_config;
    next.rules[size_t(index)] = rule;
    if (next.rules[size_t(index)].id.empty()) next.rules[size_t(index)].id = generateRuleId(rule);
    return push(std::move(next), tr("Edit rule %1").arg(QString::fromStdString(rule.id)), error);
}

bool RulesController::removeRule(int index) {
    if (index < 0 || size_t(index) >= m_config.rules.size()) return false;
    RuleConfig next = m_config;
    const QString id = QString::fromStdString(next.rules[size_t(index)].id);
    next.rules.erase(next.rules.begin() + index);
    return push(std::move(next), tr("Delete rule %1").arg(id), nullptr);
}

bool RulesController::setRuleEnabled(int index, bool enabled) {
    if (index < 0 || size_t(index) >= m_config.rules.size()) return false;
    if (m_config.rules[size_t(index)].enabled == enabled) return false;
    RuleConfig next = m_config;
    next.rules[size_t(index)].enabled = enabled;
    const QString id = QString::fromStdString(next.rules[size_t(index)].id);
    return push(std::move(next), enabled ? tr("Enable rule %1").arg(id) : tr("Disable rule %1").arg(id), nullptr);
}

bool RulesController::open(const QString& path, QString* error) {
    std::vector<RuleError> errors;
    std::optional<RuleConfig> config = readRulesFile(path.toStdString(), &errors);
    if (!config) {
        if (error) *error = errorText(QDir::toNativeSeparators(path), errors);
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    emit fileChanged(m_path);
    config->notices.clear();
    m_undo->push(
        new ConfigCommand(this, m_config, std::move(*config), tr("Open rules %1").arg(QFileInfo(path).fileName())));
    return true;
}

bool RulesController::saveAs(const QString& path, QString* error) {
    std::string err;
    if (!writeRulesFile(path.toStdString(), m_config, &err)) {
        if (error) *error = QString::fromStdString(err);
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    m_undo->setClean();
    emit fileChanged(m_path);
    return true;
}

void RulesController::reset(const RuleConfig& config, const QString& path) {
    m_undo->clear();
    m_path = path;
    m_config = config;
    m_config.notices.clear();
    m_lastError.clear();
    emit fileChanged(filePath());
    emit configChanged();
}

void RulesController::install(const RuleConfig& config) {
    m_config = config;
    write();
    emit configChanged();
}

void RulesController::write() {
    const QString path = filePath();
    if (path.isEmpty()) return;
    std::string err;
    if (writeRulesFile(path.toStdString(), m_config, &err)) {
        m_lastError.clear();
        return;
    }
    m_lastError = QString::fromStdString(err);
    emit writeFailed(m_lastError);
}

}  // namespace dt
