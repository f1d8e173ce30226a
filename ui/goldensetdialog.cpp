// SPDX-License-Identifier: MIT
// File › Export Golden Set…: which groups, how many records each, JSONL or SQLite; written in the
// background (core writeGoldenSet, atomic).
#include "ui/goldensetdialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace dt {
namespace {

const QStringList kSqliteSuffixes = {QStringLiteral(".sqlite"), QStringLiteral(".sqlite3"), QStringLiteral(".db")};

bool hasSqliteSuffix(const QString& path) {
    for (const QString& s : kSqliteSuffixes)
        if (path.endsWith(s, Qt::CaseInsensitive)) return true;
    return false;
}

}  // namespace

GoldenSetDialog::GoldenSetDialog(std::shared_ptr<const Analysis> analysis, std::string selected,
                                 std::vector<std::string> visible, const QString& storePath, QWidget* parent)
        : QDialog(parent), m_analysis(std::move(analysis)), m_selected(std::move(selected)),
          m_visible(std::move(visible)) {
    setObjectName(QStringLiteral("goldenSetDialog"));
    setWindowTitle(tr("Export Golden Set"));
    const QLocale locale;
    const size_t all = m_analysis ? m_analysis->groups().size() : 0;

    m_selectedButton =
        new QRadioButton(m_selected.empty() ? tr("The &selected group (none)")
                                            : tr("The &selected group (%1)").arg(QString::fromStdString(m_selected)),
                         this);
    m_visibleButton = new QRadioButton(
        tr("The groups in the &table, as filtered (%1)").arg(locale.toString(qulonglong(m_visible.size()))), this);
    m_allButton = new QRadioButton(tr("&All groups (%1)").arg(locale.toString(qulonglong(all))), this);
    m_selectedButton->setEnabled(!m_selected.empty());
    m_visibleButton->setEnabled(!m_visible.empty());
    auto* scopes = new QButtonGroup(this);
    for (QRadioButton* b : {m_selectedButton, m_visibleButton, m_allButton}) scopes->addButton(b);
    (m_selected.empty() ? (m_visible.size() < all && !m_visible.empty() ? m_visibleButton : m_allButton)
                        : m_selectedButton)
        ->setChecked(true);
    auto* scopeBox = new QVBoxLayout;
    for (QRadioButton* b : {m_selectedButton, m_visibleButton, m_allButton}) scopeBox->addWidget(b);

    m_perGroup = new QSpinBox(this);
    m_perGroup->setObjectName(QStringLiteral("perGroup"));
    m_perGroup->setRange(0, 1'000'000);
    m_perGroup->setSpecialValueText(tr("all records"));
    m_perGroup->setSuffix(tr(" per group"));
    m_perGroup->setValue(0);
    m_perGroup->setToolTip(tr("At most this many records per group, spread over the group (0 = all)"));

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("goldenFormat"));
    m_format->addItem(tr("JSONL"), int(Format::Jsonl));
    m_format->addItem(tr("SQLite"), int(Format::Sqlite));

    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("goldenPath"));
    const QFileInfo store(storePath);
    if (!storePath.isEmpty() && !storePath.contains(QStringLiteral("://")))
        m_path->setText(store.absoluteDir().filePath(store.completeBaseName() + QStringLiteral("-golden.jsonl")));
    auto* browseButton = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browseButton);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("goldenStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->addRow(tr("Groups:"), scopeBox);
    form->addRow(tr("&Records:"), m_perGroup);
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("Output:"), pathRow);  // a row of widgets has no buddy: no & here

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_export = buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_export, &QPushButton::clicked, this, &GoldenSetDialog::startExport);
    connect(browseButton, &QPushButton::clicked, this, &GoldenSetDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &GoldenSetDialog::onFormatChanged);
    connect(m_path, &QLineEdit::textChanged, this, &GoldenSetDialog::updateButtons);
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
    resize(600, sizeHint().height());
    updateButtons();
}

GoldenSetDialog::~GoldenSetDialog() {
    m_jobs.stop();
    m_jobs.waitForDone();
}

void GoldenSetDialog::setScope(Scope scope) {
    (scope == Scope::Selected  ? m_selectedButton
     : scope == Scope::Visible ? m_visibleButton
                               : m_allButton)
        ->setChecked(true);
}

GoldenSetDialog::Scope GoldenSetDialog::scope() const {
    if (m_selectedButton->isChecked()) return Scope::Selected;
    return m_visibleButton->isChecked() ? Scope::Visible : Scope::All;
}

void GoldenSetDialog::setPerGroup(int n) { m_perGroup->setValue(n); }

int GoldenSetDialog::perGroup() const { return m_perGroup->value(); }

void GoldenSetDialog::setFormat(Format format) { m_format->setCurrentIndex(m_format->findData(int(format))); }

GoldenSetDialog::Format GoldenSetDialog::format() const { return Format(m_format->currentData().toInt()); }

void GoldenSetDialog::setOutputPath(const QString& path) { m_path->setText(path); }

QString GoldenSetDialog::outputPath() const {
    QString path = m_path->text().trimmed();
    if (path.isEmpty()) return path;
    const bool sqlite = format() == Format::Sqlite;
    if (sqlite == hasSqliteSuffix(path)) return path;  // the core picks the format by the suffix
    if (!sqlite) {
        path = path.left(path.lastIndexOf(QLatin1Char('.')));
        return path + QStringLiteral(".jsonl");
    }
    if (path.endsWith(QStringLiteral(".jsonl"), Qt::CaseInsensitive)) path.chop(6);
    return path + QStringLiteral(".sqlite");
}

void GoldenSetDialog::onFormatChanged() {
    if (!m_path->text().trimmed().isEmpty()) m_path->setText(outputPath());
}

std::vector<std::string> GoldenSetDialog::signatures() const {
    switch (scope()) {
    case Scope::Selected: return {m_selected};
    case Scope::Visible: return m_visible;
    case Scope::All: break;
    }
    return {};
}

void GoldenSetDialog::updateButtons() {
    m_export->setEnabled(m_analysis && !m_path->text().trimmed().isEmpty() && !m_jobs.isRunning());
}

void GoldenSetDialog::browse() {
    const QString filter = format() == Format::Sqlite ? tr("SQLite (*.sqlite *.sqlite3 *.db)") : tr("JSONL (*.jsonl)");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export golden set to"), outputPath(), filter);
    if (!path.isEmpty()) m_path->setText(path);
}

bool GoldenSetDialog::startExport() {
    const QString path = outputPath();
    if (!m_analysis || path.isEmpty()) return false;
    if (path != m_path->text().trimmed()) m_path->setText(path);
    GoldenSetOptions options;
    options.signatures = signatures();
    options.per_group = size_t(perGroup());
    if (scope() != Scope::All && options.signatures.empty()) {
        m_status->setText(tr("No group to export."));
        return false;
    }
    m_status->setText(tr("Writing the golden set…"));
    m_jobs.start(
        this,
        [analysis = m_analysis, options, out = path.toStdString()](JobContext& ctx) {
            GoldenSetResult r = writeGoldenSet(*analysis, options, out);
            if (!r.ok) ctx.fail(QString::fromStdString(r.error));
            return r;
        },
        [this, path](GoldenSetResult r) {
            const QLocale locale;
            m_status->setText(tr("%1 record(s) of %2 group(s) written to %3")
                                  .arg(locale.toString(qulonglong(r.records)), locale.toString(qulonglong(r.groups)),
                                       QDir::toNativeSeparators(path)));
            updateButtons();
            emit exported(path, r.records, r.groups);
        });
    updateButtons();
    return true;
}

}  // namespace dt
