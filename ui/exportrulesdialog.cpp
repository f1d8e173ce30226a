// SPDX-License-Identifier: MIT
#include "ui/exportrulesdialog.h"
#include "ui/qtext.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <string>

#include "core/util/atomic_write.h"

namespace dt {

namespace {

QColor statusColor(peer::ExportStatus s, bool exported) {
    switch (s) {
    case peer::ExportStatus::Exact: return QColor(0x2e, 0x7d, 0x32);
    case peer::ExportStatus::Narrower: return QColor(0x15, 0x65, 0xc0);
    case peer::ExportStatus::Broader: return exported ? QColor(0xe6, 0x51, 0x00) : QColor(0xc6, 0x28, 0x28);
    case peer::ExportStatus::Omitted: return QColor(0xc6, 0x28, 0x28);
    }
    return {};
}

}  // namespace

ExportRulesDialog::ExportRulesDialog(RuleConfig config, QString storePath, QWidget* parent)
        : QDialog(parent), m_config(std::move(config)), m_storePath(std::move(storePath)) {
    setObjectName(QStringLiteral("exportRulesDialog"));
    setWindowTitle(tr("Export Rules As"));
    resize(960, 640);

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(tr("Keploy (test.globalNoise YAML)"), int(peer::PeerFormat::Keploy));
    m_format->addItem(tr("diferencia (--ignoreValuesFile pointers)"), int(peer::PeerFormat::Diferencia));
    m_format->addItem(tr("jd (-opts JSON)"), int(peer::PeerFormat::Jd));
    m_endpoint = new QLineEdit(this);
    m_endpoint->setPlaceholderText(tr("every endpoint (or e.g. GET /users/{id})"));
    m_endpoint->setToolTip(tr("Export the configuration for one endpoint: rules scoped to it are then exact"));
    const bool localStore = !m_storePath.isEmpty() && !m_storePath.contains(QStringLiteral("://"));
    m_useStore = new QCheckBox(tr("Expand wildcards against the open store"), this);
    m_useStore->setObjectName(QStringLiteral("useStore"));
    m_useStore->setEnabled(localStore);
    m_useStore->setToolTip(localStore ? tr("Reads %1 (read-only) for the JSON pointers and header names it holds")
                                            .arg(QFileInfo(m_storePath).fileName())
                                      : tr("No local store is open"));
    m_allowBroader = new QCheckBox(tr("Allow broader rules (written with a WARNING naming the over-match)"), this);
    m_allowBroader->setObjectName(QStringLiteral("allowBroader"));
    auto* form = new QFormLayout;
    form->addRow(tr("&Target:"), m_format);
    form->addRow(tr("&Endpoint:"), m_endpoint);
    form->addRow(QString(), m_useStore);
    form->addRow(QString(), m_allowBroader);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("exportSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("exportNotes"));
    m_table->setHorizontalHeaderLabels({tr("Id"), tr("Rule"), tr("Status"), tr("Exported"), tr("Reasons")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(RuleId, 90);
    m_table->setColumnWidth(RuleText, 300);
    m_table->setColumnWidth(Status, 80);
    m_table->setColumnWidth(Exported, 70);
    m_preview = new QPlainTextEdit(this);
    m_preview->setObjectName(QStringLiteral("exportPreview"));
    m_preview->setReadOnly(true);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_extra = new QLabel(this);
    m_extra->setWordWrap(true);
    m_extra->setTextFormat(Qt::RichText);
    m_extra->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_preview);
    split->setSizes({300, 220});

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_save = buttons->addButton(tr("&Save…"), QDialogButtonBox::AcceptRole);
    m_save->setObjectName(QStringLiteral("exportSave"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, &ExportRulesDialog::onSaveClicked);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    layout->addWidget(m_extra);
    layout->addWidget(buttons);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportRulesDialog::refresh);
    connect(m_endpoint, &QLineEdit::editingFinished, this, &ExportRulesDialog::refresh);
    connect(m_allowBroader, &QCheckBox::toggled, this, &ExportRulesDialog::refresh);
    connect(&m_jobs, &JobTracker::failed, this, [this](quint64, const QString& error) {
        m_useStore->setChecked(false);
        refresh();
        m_summary->setText(m_summary->text() + QStringLiteral("<br>") +
                           tr("The store could not be read: %1").arg(error.toHtmlEscaped()));
    });
    connect(m_useStore, &QCheckBox::toggled, this, [this](bool on) {
        if (on && !m_shapes)
            readStoreShapes();
        else
            refresh();
    });
    refresh();
}

ExportRulesDialog::~ExportRulesDialog() {
    m_jobs.stop();
    m_jobs.waitForDone();
}

void ExportRulesDialog::setFormat(peer::PeerFormat format) {
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

peer::PeerFormat ExportRulesDialog::format() const { return peer::PeerFormat(m_format->currentData().toInt()); }

void ExportRulesDialog::setAllowBroader(bool allow) { m_allowBroader->setChecked(allow); }

void ExportRulesDialog::setUseStore(bool use) { m_useStore->setChecked(use && m_useStore->isEnabled()); }

void ExportRulesDialog::setEndpoint(const QString& endpoint) {
    m_endpoint->setText(endpoint);
    refresh();
}

QString ExportRulesDialog::defaultFileName(peer::PeerFormat format) {
    switch (format) {
    case peer::PeerFormat::Keploy: return QStringLiteral("keploy-noise.yaml");
    case peer::PeerFormat::Diferencia: return QStringLiteral("diferencia-ignore.txt");
    case peer::PeerFormat::Jd: return QStringLiteral("jd-opts.json");
    }
    return QStringLiteral("rules-export.txt");
}

void ExportRulesDialog::readStoreShapes() {
    m_summary->setText(tr("Reading %1 for its JSON pointers and header names…").arg(QFileInfo(m_storePath).fileName()));
    m_save->setEnabled(false);
    const std::string path = m_storePath.toStdString();
    m_jobs.start(
        this,
        [path](JobContext& ctx) -> std::shared_ptr<const peer::StoreShapes> {
            auto shapes = std::make_shared<peer::StoreShapes>();
            std::string error;
            if (!peer::collectStoreShapes(path, shapes.get(), &error)) ctx.fail(QString::fromStdString(error));
            return shapes;
        },
        [this](std::shared_ptr<const peer::StoreShapes> shapes) {
            m_shapes = std::move(shapes);
            refresh();
            emit shapesReady();
        });
}

void ExportRulesDialog::refresh() {
    peer::PeerExportOptions options;
    options.allow_broader = m_allowBroader->isChecked();
    options.endpoint = m_endpoint->text().trimmed().toStdString();
    options.shapes = m_useStore->isChecked() && m_shapes ? m_shapes.get() : nullptr;
    options.source = "the window's rules (File › Export Rules As…)";
    m_result = peer::exportRules(m_config, format(), options);

    m_table->setRowCount(int(m_result.notes.size()));
    for (int row = 0; row < int(m_result.notes.size()); ++row) {
        const peer::RuleExportNote& n = m_result.notes[size_t(row)];
        QStringList reasons;
        for (const std::string& r : n.reasons)
            reasons << (n.status == peer::ExportStatus::Broader && n.exported ? tr("WARNING: ") : QString()) + qs(r);
        const QString cells[ColumnCount] = {qs(n.rule_id), qs(n.rule), qs(peer::exportStatusName(n.status)),
                                            n.exported ? tr("yes") : tr("no"), reasons.join(QLatin1Char('\n'))};
        for (int c = 0; c < ColumnCount; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(c == Reasons ? cells[c] : QString());
            if (c == Status || c == Exported) item->setForeground(statusColor(n.status, n.exported));
            m_table->setItem(row, c, item);
        }
    }
    m_table->resizeRowsToContents();
    m_preview->setPlainText(qs(m_result.text));

    m_summary->setText(summary().toHtmlEscaped());
    QString extra;
    if (!m_result.headers.empty()) {
        QStringList headers;
        for (const std::string& h : m_result.headers) headers << qs(h);
        extra +=
            tr("Headers (--ignoreHeadersValues): <tt>%1</tt><br>").arg(headers.join(QLatin1Char(',')).toHtmlEscaped());
    }
    if (!m_result.usage.empty()) extra += tr("Use: <tt>%1</tt>").arg(qs(m_result.usage).toHtmlEscaped());
    m_extra->setText(extra);
    m_save->setEnabled(m_result.count(peer::ExportStatus::Exact, true) +
                           m_result.count(peer::ExportStatus::Narrower, true) +
                           m_result.count(peer::ExportStatus::Broader, true) >
                       0);
}

QString ExportRulesDialog::summary() const {
    if (m_config.rules.empty()) return tr("There are no rules to export yet.");
    size_t exported = 0;
    for (const auto& n : m_result.notes) exported += n.exported;
    const size_t broaderHeld =
        m_result.count(peer::ExportStatus::Broader, false) - m_result.count(peer::ExportStatus::Broader, true);
    QString text = tr("%1: %2 of %3 rules exported (%4 exact, %5 narrower, %6 broader with warnings), %7 not exported")
                       .arg(qs(peer::peerFormatName(format())))
                       .arg(exported)
                       .arg(m_result.notes.size())
                       .arg(m_result.count(peer::ExportStatus::Exact, true))
                       .arg(m_result.count(peer::ExportStatus::Narrower, true))
                       .arg(m_result.count(peer::ExportStatus::Broader, true))
                       .arg(m_result.notes.size() - exported);
    if (broaderHeld > 0)
        text += tr(". %1 broader rule(s) held back: tick \"Allow broader rules\" to write them").arg(broaderHeld);
    return text;
}

bool ExportRulesDialog::writeTo(const QString& path, QString* error) {
    size_t written = 0;
    for (const auto& n : m_result.notes) written += n.exported;
    if (written == 0) {
        if (error) *error = tr("No rule would be exported");
        return false;
    }
    std::string why;
    if (!writeFileAtomically(path.toStdString(), m_result.text, &why)) {
        if (error) *error = QString::fromStdString(why);
        return false;
    }
    m_headersFile.clear();
    if (format() == peer::PeerFormat::Diferencia && !m_result.headers.empty()) {
        std::string list;
        for (const std::string& h : m_result.headers) list += h + '\n';
        const QString headers = headersPathFor(path);
        if (!writeFileAtomically(headers.toStdString(), list, &why)) {
            if (error) *error = QString::fromStdString(why);
            return false;
        }
        m_headersFile = headers;
    }
    emit exported(path);
    return true;
}

void ExportRulesDialog::onSaveClicked() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export rules as"), defaultFileName(format()), tr("All files (*)"));
    if (path.isEmpty()) return;
    QString error;
    if (!writeTo(path, &error)) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    QString written = tr("Written to %1").arg(path.toHtmlEscaped());
    if (!m_headersFile.isEmpty())
        written +=
            QStringLiteral("<br>") +
            tr("Header list (--ignoreHeadersValues, one per line) written to %1").arg(m_headersFile.toHtmlEscaped());
    m_summary->setText(m_summary->text() + QStringLiteral("<br>") + written);
}

}  // namespace dt
