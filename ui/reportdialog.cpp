// SPDX-License-Identifier: MIT
// File › Export Report…: the options form and the background build + atomic write.
#include "ui/reportdialog.h"
#include "ui/qtext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/report/redact.h"
#include "core/report/report.h"
#include "core/util/atomic_write.h"

namespace dt {
namespace {

struct Written {
    bool ok = false;
    QString error;
    QString generated;
    int groups = 0;
    int causes = 0;
};

}  // namespace

ReportDialog::ReportDialog(std::shared_ptr<const Analysis> analysis, std::optional<Workspace> workspace,
                           RuleConfig rules, const QString& storePath, QWidget* parent)
        : QDialog(parent), m_analysis(std::move(analysis)), m_workspace(std::move(workspace)),
          m_rules(std::move(rules)) {
    setObjectName(QStringLiteral("reportDialog"));
    setWindowTitle(tr("Export Report"));

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("reportFormat"));
    m_format->addItem(tr("HTML (one self-contained file)"), int(Format::Html));
    m_format->addItem(tr("Markdown"), int(Format::Markdown));

    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("reportPath"));
    const QFileInfo store(storePath);
    if (!storePath.isEmpty() && !storePath.contains(QStringLiteral("://")))
        m_path->setText(store.absoluteDir().filePath(store.completeBaseName() + QStringLiteral("-report.html")));
    auto* browseButton = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browseButton);

    m_mask = new QCheckBox(tr("Mask secrets (Authorization, cookies, tokens, API keys, e-mail addresses)"), this);
    m_mask->setObjectName(QStringLiteral("maskSecrets"));
    m_mask->setChecked(true);
    m_patterns = new QPlainTextEdit(this);
    m_patterns->setObjectName(QStringLiteral("maskPatterns"));
    m_patterns->setPlaceholderText(tr("Extra patterns to mask, RE2, one per line; the first group is masked when "
                                      "there is one, e.g. acct=([0-9]+)"));
    m_patterns->setTabChangesFocus(true);
    m_patterns->setFixedHeight(m_patterns->fontMetrics().lineSpacing() * 5);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("reportStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("Output:"), pathRow);  // a row of widgets has no buddy: no & here
    form->addRow(QString(), m_mask);
    form->addRow(tr("Extra &patterns:"), m_patterns);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_export = buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_export, &QPushButton::clicked, this, &ReportDialog::startExport);
    connect(browseButton, &QPushButton::clicked, this, &ReportDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ReportDialog::onFormatChanged);
    connect(m_path, &QLineEdit::textChanged, this, &ReportDialog::updateButtons);
    connect(m_mask, &QCheckBox::toggled, this, &ReportDialog::validatePatterns);
    connect(m_patterns, &QPlainTextEdit::textChanged, this, &ReportDialog::validatePatterns);
    connect(&m_jobs, &JobTracker::failed, this, [this](quint64, const QString& error) {
        m_status->setText(tr("Not exported: %1").arg(error));
        updateButtons();
        emit failed(error);
    });

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(640, sizeHint().height());
    updateButtons();
}

ReportDialog::~ReportDialog() {
    m_jobs.stop();
    m_jobs.waitForDone();
}

QString ReportDialog::suffixFor(Format format) {
    return format == Format::Html ? QStringLiteral("html") : QStringLiteral("md");
}

void ReportDialog::setFormat(Format format) { m_format->setCurrentIndex(m_format->findData(int(format))); }

ReportDialog::Format ReportDialog::format() const { return Format(m_format->currentData().toInt()); }

void ReportDialog::setOutputPath(const QString& path) { m_path->setText(path); }

QString ReportDialog::outputPath() const { return m_path->text().trimmed(); }

void ReportDialog::setMaskSecrets(bool mask) { m_mask->setChecked(mask); }

bool ReportDialog::masksSecrets() const { return m_mask->isChecked(); }

void ReportDialog::setExtraPatterns(const QString& text) { m_patterns->setPlainText(text); }

std::vector<std::string> ReportDialog::extraPatterns() const {
    std::vector<std::string> out;
    for (const QString& line : m_patterns->toPlainText().split(QLatin1Char('\n')))
        if (!line.trimmed().isEmpty()) out.push_back(line.toStdString());
    return out;
}

void ReportDialog::onFormatChanged() {
    // The output follows the format when it carries the other format's suffix.
    const QString path = outputPath();
    const QString other = suffixFor(format() == Format::Html ? Format::Markdown : Format::Html);
    if (path.endsWith(QLatin1Char('.') + other))
        m_path->setText(path.left(path.size() - other.size()) + suffixFor(format()));
}

void ReportDialog::validatePatterns() {
    m_patternError.clear();
    const std::vector<std::string> patterns = extraPatterns();
    m_patterns->setEnabled(m_mask->isChecked());
    if (m_mask->isChecked() && !patterns.empty()) {
        std::string error;
        if (!Redactor::create(patterns, &error)) m_patternError = qs(error);
    }
    m_status->setText(m_patternError.isEmpty() ? QString() : tr("Pattern error: %1").arg(m_patternError));
    updateButtons();
}

void ReportDialog::updateButtons() {
    m_export->setEnabled(m_analysis && !outputPath().isEmpty() && m_patternError.isEmpty() && !m_jobs.isRunning());
}

void ReportDialog::browse() {
    const QString filter = format() == Format::Html ? tr("HTML (*.html *.htm)") : tr("Markdown (*.md)");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export report to"), outputPath(), filter);
    if (!path.isEmpty()) m_path->setText(path);
}

bool ReportDialog::startExport() {
    validatePatterns();
    const QString path = outputPath();
    if (!m_analysis || path.isEmpty() || !m_patternError.isEmpty()) return false;
    ReportOptions options;
    options.mask = masksSecrets();
    if (options.mask) options.mask_patterns = extraPatterns();
    const bool html = format() == Format::Html;
    m_status->setText(tr("Writing the report…"));
    m_jobs.start(
        this,
        [analysis = m_analysis, ws = m_workspace, rules = m_rules, options, html,
         out = path.toStdString()](JobContext& ctx) {
            Written w;
            std::string error;
            std::optional<MeetingReport> rep = buildReport(*analysis, ws ? &*ws : nullptr, &rules, options, &error);
            if (!rep) {
                ctx.fail(qs(error));
                return w;
            }
            if (ctx.stopRequested()) return w;
            const std::string text = html ? renderReportHtml(*rep) : renderReportMarkdown(*rep);
            if (!writeFileAtomically(out, text, &error)) {
                ctx.fail(qs(error));
                return w;
            }
            w.ok = true;
            w.generated = qs(rep->generated);
            w.groups = int(rep->groups.size() + rep->more_groups);
            w.causes = int(rep->causes.size() + rep->more_causes);
            return w;
        },
        [this, path](Written w) {
            m_status->setText(tr("Written to %1").arg(QDir::toNativeSeparators(path)));
            updateButtons();
            emit exported(path, w.generated, w.groups, w.causes);
        });
    updateButtons();
    return true;
}

}  // namespace dt
