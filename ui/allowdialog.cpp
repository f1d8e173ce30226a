// SPDX-License-Identifier: MIT
#include "ui/allowdialog.h"
#include "ui/qtext.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QScreen>
#include <QShortcut>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "core/rules/rules_io.h"
#include "core/rules/rules_match.h"
#include "ui/ruleeditor.h"

namespace dt {
namespace {

QString keysText(const std::vector<SigKey>& keys) {
    QStringList out;
    for (const SigKey& k : keys) {
        const std::string_view kind = kindName(k.kind);
        QString t = qs(k.path) + QLatin1Char(' ') + QString::fromLatin1(kind.data(), qsizetype(kind.size()));
        if (!k.cls.empty()) t += QStringLiteral(" · ") + qs(k.cls);
        out << t;
    }
    return out.join(QStringLiteral(", "));
}

struct PreviewRun {
    std::shared_ptr<const Analysis> base;  // set when this run built the base analysis
    std::optional<RulesPreview> preview;
    QString error;
};

}  // namespace

AllowDialog::AllowDialog(std::shared_ptr<const Analysis> analysis, RuleConfig base, bool rebase, AllowDraft draft,
                         StateOf stateOf, QWidget* parent)
        : QDialog(parent), m_analysis(std::move(analysis)), m_base(std::move(base)), m_rebase(rebase),
          m_rules(std::move(draft.rules)), m_stateOf(std::move(stateOf)) {
    setWindowTitle(tr("Allow — %1").arg(draft.source));
    setObjectName(QStringLiteral("allowDialog"));
    if (!m_rebase) m_baseAnalysis = m_analysis;
    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(tr("<b>%1</b>").arg(draft.source.toHtmlEscaped()), this);
    heading->setWordWrap(true);
    layout->addWidget(heading);

    auto* split = new QSplitter(Qt::Horizontal, this);
    auto* left = new QWidget(split);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("Rules (checked ones are saved):"), left));
    m_list = new QListWidget(left);
    m_list->setObjectName(QStringLiteral("drafts"));
    for (const Rule& r : m_rules) {
        auto* item = new QListWidgetItem(qs(describeRule(r)), m_list);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        item->setToolTip(qs(r.title.empty() ? describeRule(r) : r.title));
    }
    leftLayout->addWidget(m_list, 1);
    m_notes = new QLabel(draft.notes.join(QLatin1Char('\n')), left);
    m_notes->setWordWrap(true);
    m_notes->setVisible(!draft.notes.isEmpty());
    leftLayout->addWidget(m_notes);
    m_editor = new RuleEditor(split);
    split->addWidget(left);
    split->addWidget(m_editor);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 3);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("previewSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_summary);
    m_warning = new QLabel(this);
    m_warning->setObjectName(QStringLiteral("bugWarning"));
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("color: #c62828; font-weight: bold"));
    m_warning->hide();
    layout->addWidget(m_warning);
    m_confirm = new QCheckBox(tr("I checked those records: the rules may &hide them"), this);
    m_confirm->setObjectName(QStringLiteral("confirmBugs"));
    m_confirm->hide();
    layout->addWidget(m_confirm);
    m_table = new QTableWidget(0, 9, this);
    m_table->setObjectName(QStringLiteral("previewTable"));
    m_table->setHorizontalHeaderLabels({tr("Effect"), tr("Signature"), tr("Endpoint"), tr("Differences"), tr("State"),
                                        tr("Before"), tr("After"), tr("Absorbed"), tr("Moved")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    layout->addWidget(m_table, 2);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Save)->setToolTip(tr("Save the checked rules (Ctrl+Return)"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (canSave()) accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* save = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(save, &QShortcut::activated, this, [this] {
        if (canSave()) accept();
    });

    m_delay = new QTimer(this);
    m_delay->setSingleShot(true);
    m_delay->setInterval(kPreviewDelayMs);
    connect(m_delay, &QTimer::timeout, this, &AllowDialog::startPreview);
    connect(m_editor, &RuleEditor::changed, this, &AllowDialog::onEdited);
    connect(m_list, &QListWidget::currentRowChanged, this, &AllowDialog::selectDraft);
    connect(m_list, &QListWidget::itemChanged, this, [this] {
        m_pending = true;
        m_delay->start();
        updateButtons();
    });
    connect(m_confirm, &QCheckBox::toggled, this, &AllowDialog::updateButtons);
    // Fits a 1280×720 screen: at most 90 % of the available area.
    QSize size(1100, 760);
    if (const QScreen* screen = parent ? parent->screen() : QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableGeometry().size() * 0.9);
    resize(size);
    if (!m_rules.empty()) m_list->setCurrentRow(0);
    m_pending = true;
    startPreview();
    m_delay->stop();  // filling the editor asked for a preview too: this one already covers it
    m_editor->setFocus();
}

AllowDialog::~AllowDialog() {
    m_jobs.stop();
    m_jobs.waitForDone();
}

void AllowDialog::selectDraft(int row) {
    m_current = -1;
    if (row < 0 || size_t(row) >= m_rules.size()) return;
    m_editor->setRule(m_rules[size_t(row)]);
    m_current = row;
}

void AllowDialog::onEdited() {
    if (m_current < 0) return;
    if (std::optional<Rule> r = m_editor->rule()) {
        m_rules[size_t(m_current)] = *r;
        if (QListWidgetItem* item = m_list->item(m_current)) item->setText(qs(describeRule(*r)));
    }
    m_pending = true;
    m_preview.reset();
    m_delay->start();
    updateButtons();
}

std::vector<Rule> AllowDialog::rules() const {
    std::vector<Rule> out;
    for (size_t i = 0; i < m_rules.size(); ++i)
        if (m_list->item(int(i))->checkState() == Qt::Checked) out.push_back(m_rules[i]);
    return out;
}

bool AllowDialog::canSave() const {
    if (m_editor->rule() == std::nullopt || rules().empty() || !m_preview || isPreviewing()) return false;
    return m_bugRecords == 0 || m_confirm->isChecked();
}

void AllowDialog::updateButtons() { m_buttons->button(QDialogButtonBox::Save)->setEnabled(canSave()); }

void AllowDialog::startPreview() {
    m_pending = false;
    RuleConfig added;
    added.rules = rules();
    if (!m_editor->rule() || added.rules.empty()) {
        m_jobs.stop();
        showPreview(std::nullopt,
                    m_editor->rule() ? tr("No rule is checked.") : tr("Fix the rule to see its preview."));
        return;
    }
    m_summary->setText(tr("Previewing…"));
    m_jobs.start(
        this,
        [analysis = m_analysis, base = m_baseAnalysis, config = m_base, added](JobContext& ctx) {
            PreviewRun run;
            std::shared_ptr<const Analysis> b = base;
            if (!b) {
                std::vector<std::string> errors;
                auto set = RuleSet::build(config, &errors);
                std::unique_ptr<Analysis> rebuilt = analysis->withRules(set, 0, ctx.stopFlag());
                if (!rebuilt) return run;
                b = std::shared_ptr<const Analysis>(std::move(rebuilt));
                run.base = b;
            }
            PreviewOptions options;
            options.cancel = ctx.stopFlag();
            std::vector<RuleError> errors;
            run.preview = previewRuleConfigs(*b, config, added, options, &errors);
            if (!run.preview) run.error = QString::fromStdString(formatRuleErrors("rules", errors));
            return run;
        },
        [this](PreviewRun run) {
            if (run.base) m_baseAnalysis = run.base;
            if (run.preview && run.preview->cancelled) return;
            showPreview(std::move(run.preview), run.error);
        });
    updateButtons();
}

void AllowDialog::showPreview(std::optional<RulesPreview> preview, const QString& error) {
    m_preview = std::move(preview);
    m_table->setRowCount(0);
    m_bugRecords = 0;
    if (!m_preview) {
        m_summary->setText(error);
        m_warning->hide();
        m_confirm->hide();
        updateButtons();
        emit previewUpdated();
        return;
    }
    const RulesPreview& p = *m_preview;
    const QLocale locale;
    QStringList bugGroups;
    const int rows = int(std::min<size_t>(p.groups.size(), kMaxPreviewRows));
    m_table->setRowCount(rows);
    for (size_t i = 0; i < p.groups.size(); ++i) {
        const PreviewGroup& g = p.groups[i];
        const QString state = g.existed && m_stateOf ? m_stateOf(g.signature) : QString();
        uint64_t moved = 0;
        for (const PreviewMove& m : g.moved_out) moved += m.count;
        if (state == QLatin1String("bug") && (g.absorbed > 0 || moved > 0)) {
            m_bugRecords += g.absorbed + moved;
            bugGroups << qs(g.signature);
        }
        if (int(i) >= rows) continue;
        const QString effect = !g.existed          ? tr("new group")
                               : g.fullyAbsorbed() ? tr("absorbed")
                               : g.absorbed > 0    ? tr("partly absorbed")
                               : moved > 0         ? tr("regrouped")
                                                   : tr("grows");
        const QStringList cells = {effect,
                                   qs(g.signature),
                                   qs(g.endpoint),
                                   keysText(g.differences),
                                   state,
                                   locale.toString(qulonglong(g.count_before)),
                                   locale.toString(qulonglong(g.count_after)),
                                   locale.toString(qulonglong(g.absorbed)),
                                   locale.toString(qulonglong(moved))};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c >= 5) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (state == QLatin1String("bug")) item->setForeground(QColor(0xc6, 0x28, 0x28));
            m_table->setItem(int(i), c, item);
        }
    }
    QString summary = tr("Absorbs %1 record(s) (%2 weighted) · empties %3 group(s) · partly absorbs or regroups %4 · "
                         "creates %5 · %6 record(s) change · match rate %7 % → %8 % · examined %9 of %10 records")
                          .arg(locale.toString(qulonglong(p.absorbed)))
                          .arg(locale.toString(p.absorbed_weighted, 'f', 1))
                          .arg(p.groupsFullyAbsorbed())
                          .arg(p.groupsCollateral())
                          .arg(p.groupsCreated())
                          .arg(locale.toString(qulonglong(p.changed)))
                          .arg(locale.toString(p.match_rate_before * 100, 'f', 3))
                          .arg(locale.toString(p.match_rate_after * 100, 'f', 3))
                          .arg(locale.toString(qulonglong(p.examined)))
                          .arg(locale.toString(qulonglong(p.records)));
    if (p.unreadable) summary += tr(" · %1 record(s) could not be re-read").arg(p.unreadable);
    if (p.groups.size() > size_t(rows)) summary += tr(" · first %1 of %2 groups listed").arg(rows).arg(p.groups.size());
    m_summary->setText(summary);
    const bool warn = m_bugRecords > 0;
    m_warning->setVisible(warn);
    m_confirm->setVisible(warn);
    if (!warn) m_confirm->setChecked(false);
    if (warn)
        m_warning->setText(tr("⚠ These rules would hide %1 record(s) of %2 group(s) marked bug: %3")
                               .arg(locale.toString(qulonglong(m_bugRecords)))
                               .arg(bugGroups.size())
                               .arg(bugGroups.join(QStringLiteral(", "))));
    updateButtons();
    emit previewUpdated();
}

}  // namespace dt
