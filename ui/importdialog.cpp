// SPDX-License-Identifier: MIT
#include "ui/importdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMetaObject>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "core/import/envoy_tap.h"
#include "core/import/goreplay.h"
#include "core/import/har.h"
#include "core/import/import_report.h"
#include "core/store/store_writer.h"

namespace dt {

namespace {
constexpr int kMaxShownProblems = 1000;
}

ImportDialog::ImportDialog(QWidget* parent) : QDialog(parent), m_alive(std::make_shared<std::atomic<bool>>(true)) {
    setWindowTitle(tr("Import Captures"));
    m_format = new QComboBox(this);
    m_format->addItem(tr("GoReplay capture files (.gor, .gor.gz)"));
    m_format->addItem(tr("Envoy tap directories (primary, shadow)"));
    m_format->addItem(tr("HAR 1.2 files (primary, candidate)"));
    m_primary = new QLineEdit(this);
    m_candidate = new QLineEdit(this);
    m_header = new QLineEdit(QStringLiteral("x-request-id"), this);
    m_output = new QLineEdit(this);
    m_primaryLabel = new QLabel(this);
    m_candidateLabel = new QLabel(this);
    auto row = [this](QLineEdit* edit, bool save) {
        auto* w = new QWidget(this);
        auto* h = new QHBoxLayout(w);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(edit, 1);
        auto* b = new QPushButton(tr("Browse…"), w);
        connect(b, &QPushButton::clicked, this, [this, edit, save] {
            const bool dir = format() == Format::Envoy && edit != m_output;
            browse(edit, dir, save);
        });
        h->addWidget(b);
        return w;
    };
    auto* form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(m_primaryLabel, row(m_primary, false));
    form->addRow(m_candidateLabel, row(m_candidate, false));
    form->addRow(tr("Correlation &header:"), m_header);
    form->addRow(tr("&Store to write:"), row(m_output, true));
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_problemView = new QPlainTextEdit(this);
    m_problemView->setReadOnly(true);
    m_problemView->setPlaceholderText(tr("Inputs that cannot be parsed or paired are listed here (file, line or "
                                         "entry, reason); the import goes on without them."));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_start = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    connect(m_start, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_summary);
    layout->addWidget(m_problemView, 1);
    layout->addWidget(buttons);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ImportDialog::updateForm);
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &ImportDialog::onDone);
    updateForm();
    resize(640, 480);
}

ImportDialog::~ImportDialog() {
    m_alive->store(false);
    m_watcher.waitForFinished();
}

ImportDialog::Format ImportDialog::format() const { return static_cast<Format>(m_format->currentIndex()); }

void ImportDialog::setFormat(Format f) { m_format->setCurrentIndex(static_cast<int>(f)); }
void ImportDialog::setInputs(const QString& primary, const QString& candidate) {
    m_primary->setText(primary);
    m_candidate->setText(candidate);
}
void ImportDialog::setOutput(const QString& path) { m_output->setText(path); }
void ImportDialog::setCorrelationHeader(const QString& header) { m_header->setText(header); }
bool ImportDialog::running() const { return m_watcher.isRunning(); }
QString ImportDialog::summary() const { return m_summary->text(); }
QStringList ImportDialog::problems() const { return m_problems; }

void ImportDialog::updateForm() {
    const Format f = format();
    m_primaryLabel->setText(f == Format::GoReplay ? tr("&Capture files (;-separated):")
                            : f == Format::Envoy  ? tr("&Primary tap directory:")
                                                  : tr("&Primary HAR:"));
    m_candidateLabel->setText(f == Format::Envoy ? tr("S&hadow tap directory:") : tr("Ca&ndidate HAR:"));
    m_candidateLabel->setVisible(f != Format::GoReplay);
    m_candidate->parentWidget()->setVisible(f != Format::GoReplay);
    m_header->setEnabled(f != Format::GoReplay);
}

void ImportDialog::browse(QLineEdit* edit, bool directory, bool save) {
    QString path;
    if (save) {
        path = QFileDialog::getSaveFileName(this, tr("Store to write"), edit->text(),
                                            tr("Diff stores (*.sqlite *.db *.jsonl);;All files (*)"));
    } else if (directory) {
        path = QFileDialog::getExistingDirectory(this, tr("Tap directory"), edit->text());
    } else if (format() == Format::GoReplay) {
        path = QFileDialog::getOpenFileNames(this, tr("GoReplay capture files"), QString(),
                                             tr("GoReplay captures (*.gor *.gz);;All files (*)"))
                   .join(QLatin1Char(';'));
    } else {
        path = QFileDialog::getOpenFileName(this, tr("HAR file"), edit->text(),
                                            tr("HAR files (*.har *.json);;All files (*)"));
    }
    if (!path.isEmpty()) edit->setText(path);
}

void ImportDialog::startImport() {
    if (running()) return;
    const Format f = format();
    const QString out = m_output->text().trimmed();
    QStringList inputs;
    if (f == Format::GoReplay) {
        for (const QString& p : m_primary->text().split(QLatin1Char(';'), Qt::SkipEmptyParts)) inputs << p.trimmed();
    } else {
        inputs << m_primary->text().trimmed() << m_candidate->text().trimmed();
    }
    if (out.isEmpty() || inputs.isEmpty() || inputs.contains(QString())) {
        m_summary->setText(tr("Choose the inputs and the store to write."));
        emit finished(false);
        return;
    }
    m_problems.clear();
    m_problemView->clear();
    m_progress->setValue(0);
    m_summary->setText(tr("Importing…"));
    m_start->setEnabled(false);
    m_outPath = out;
    std::vector<std::string> files;
    for (const QString& p : inputs) files.push_back(p.toStdString());
    const std::string header = m_header->text().trimmed().toStdString();
    QPointer<ImportDialog> self(this);
    auto alive = m_alive;
    m_watcher.setFuture(QtConcurrent::run([f, files, header, outPath = out.toStdString(), self, alive]() -> Result {
        import::ImportOptions opt;
        if (!header.empty()) opt.correlation_header = header;
        opt.onProblem = [self, alive](const import::ImportProblem& p) {
            if (!alive->load()) return;
            const QString line = QString::fromStdString(p.format());
            QMetaObject::invokeMethod(
                self,
                [self, line] {  // queued: the GUI thread owns the widgets
                    if (!self || self->m_problems.size() >= kMaxShownProblems) return;
                    self->m_problems << line;
                    self->m_problemView->appendPlainText(line);
                },
                Qt::QueuedConnection);
        };
        opt.progress = [self, alive](uint64_t done, uint64_t total) {
            if (!alive->load() || total == 0) return;
            const int permille = static_cast<int>(std::min<uint64_t>(1000, done * 1000 / total));
            QMetaObject::invokeMethod(
                self,
                [self, permille] {
                    if (self) self->m_progress->setValue(permille);
                },
                Qt::QueuedConnection);
        };
        std::string error;
        auto writer = StoreWriter::create(outPath, &error);
        if (!writer) return {false, QString::fromStdString(error)};
        import::ImportReport report(opt, [&](const Record& r, std::string* e) { return writer->append(r, e); });
        bool ok = false;
        if (f == Format::GoReplay) ok = import::importGoReplayFiles(files, report, &error);
        else if (f == Format::Envoy) ok = import::importEnvoyTap(files[0], files[1], report, &error);
        else ok = import::importHar(files[0], files[1], report, &error);
        if (!alive->load()) return {false, QStringLiteral("cancelled")};   // no commit: nothing is written
        if (!ok || !writer->commit(&error)) return {false, QString::fromStdString(error)};
        const auto& t = report.totals();
        QString msg = tr("%1 records written from %2 inputs (%3 used, %4 reported and dropped, %5 warnings)")
                          .arg(t.records)
                          .arg(t.inputs)
                          .arg(t.used)
                          .arg(t.dropped)
                          .arg(t.warnings);
        if (t.not_replayed) msg += tr(", %1 not replayed").arg(t.not_replayed);
        if (t.truncated) msg += tr(", %1 truncated (not comparable)").arg(t.truncated);
        if (t.without_body) msg += tr(", %1 without a body").arg(t.without_body);
        return {true, msg};
}));
}

void ImportDialog::onDone() {
    const Result r = m_watcher.result();
    m_start->setEnabled(true);
    m_progress->setValue(r.ok ? 1000 : m_progress->value());
    m_summary->setText(r.ok ? r.message : tr("Import failed: %1").arg(r.message));
    if (r.ok) emit imported(m_outPath);
    emit finished(r.ok);
}

}  // namespace dt
