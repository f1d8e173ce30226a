// SPDX-License-Identifier: MIT
#include "ui/diffview.h"
#include "ui/qtext.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "core/present/json_indent.h"
#include "core/present/side_by_side.h"
#include "core/report/mask_view.h"
#include "core/store/record_write.h"
#include "core/util/json_message.h"
#include "ui/detailtabs.h"
#include "ui/diffcolors.h"
#include "ui/differencesmodel.h"
#include "ui/elide.h"
#include "ui/sidebysideview.h"
#include "ui/sidelabels.h"

namespace dt {

namespace {

constexpr size_t kSyncBuildBytes = 256 * 1024;  // smaller body pairs are re-laid out on the GUI thread

QString sideHeader(const QString& who, const Response& r, BodyKind kind) {
    QStringList parts{who};
    if (!r.present) {
        parts << QObject::tr("no response");
    } else {
        parts << (r.status ? QString::number(*r.status) : QObject::tr("no status"));
        if (r.error) parts << QObject::tr("error: %1").arg(qs(*r.error));
        if (r.latency_ms) parts << QObject::tr("%1 ms").arg(*r.latency_ms, 0, 'f', 1);
        const QString size = QLocale().formattedDataSize(qint64(r.body.size()), 1, QLocale::DataSizeTraditionalFormat);
        switch (kind) {
        case BodyKind::Empty: parts << QObject::tr("empty body"); break;
        case BodyKind::Json: parts << QObject::tr("JSON, %1").arg(size); break;
        case BodyKind::Text: parts << QObject::tr("text, %1").arg(size); break;
        case BodyKind::Binary: parts << QObject::tr("binary, %1").arg(size); break;
        }
    }
    return parts.join(QStringLiteral("  ·  "));
}

// Raw mode with `indentRaw`: JSON bodies indented, key order and every token as received (core/present/json_indent.h).
std::shared_ptr<const SideBySideData> buildData(const Analysis::Detail& d, bool normalized, bool indentRaw, bool mask) {
    std::vector<std::string> paths;
    bool wholeBody = false;  // a text/binary/type difference of the whole body: every row is named
    for (const auto* list : {&d.result.differences, &d.result.absorbed})
        for (const Difference& x : *list) {
            if (isBodyKind(x.kind)) paths.push_back(x.path);
            wholeBody = wholeBody || x.kind == DiffKind::TextChanged || x.kind == DiffKind::BinaryChanged;
        }
    // Tints only where the differences list has an entry (a status-only record tints no body line).
    if (!normalized && indentRaw) {
        const std::optional<std::string> primary = indentJson(d.record.primary.body);
        const std::optional<std::string> candidate = indentJson(d.record.candidate.body);
        if (primary || candidate)
            return prepareSideBySide(primary ? *primary : d.record.primary.body,
                                     candidate ? *candidate : d.record.candidate.body, false, paths, false, mask);
    }
    return prepareSideBySide(d.record.primary.body, d.record.candidate.body, normalized, paths,
                             normalized && !wholeBody, mask);
}

// The differences as listed with masking on (core maskDifference).
CompareResult maskedResult(const CompareResult& result) {
    CompareResult out = result;
    for (auto* list : {&out.differences, &out.absorbed})
        for (Difference& d : *list) d = maskDifference(d, defaultRedactor());
    return out;
}

// What the detail tabs show, masked: the request line, body and headers, every response header
// (a sensitive one whole: Redactor::header) and the secondary body. The primary and candidate
// bodies are the panes' (masked there).
Analysis::Detail maskedDetail(const Analysis::Detail& d) {
    const Redactor& r = defaultRedactor();
    Analysis::Detail m = d;
    Request& q = m.record.request;
    q.url = r.text(q.url);
    q.body = r.text(q.body);
    for (auto& [name, value] : q.headers) value = r.header(name, value);
    for (Response* side : {&m.record.primary, &m.record.candidate, &m.record.secondary})
        for (auto& [name, value] : side->headers) value = r.header(name, value);
    m.record.secondary.body = r.text(m.record.secondary.body);
    return m;
}

// Writes the RFC 6902 patch of a detail to a file atomically. Returns "" or the error.
QString writePatch(const Analysis::Detail& d, const QString& fileName) {
    std::string error;
    auto patch = jsonPatch(d.record.primary.body, d.record.candidate.body, &error);
    if (!patch) return QObject::tr("No JSON patch for this record: %1").arg(qs(error));
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) return QObject::tr("%1: %2").arg(fileName, file.errorString());
    std::string text = *patch;
    if (text.empty() || text.back() != '\n') text += '\n';
    if (file.write(text.data(), qint64(text.size())) != qint64(text.size()) || !file.commit())
        return QObject::tr("%1: %2").arg(fileName, file.errorString());
    return {};
}

// Frees what a previous record held (bodies, hundreds of thousands of rows) on a worker thread:
// destroying a 5 MB record's rows on the GUI thread takes tens of milliseconds.
struct Garbage {
    std::shared_ptr<const Analysis::Detail> detail;
    std::shared_ptr<const SideBySideData> a, b, c;
};
void disposeInBackground(Garbage garbage) {
    if (!garbage.detail && !garbage.a && !garbage.b && !garbage.c) return;
    (void)QtConcurrent::run([g = std::move(garbage)]() mutable { g = Garbage{}; });
}

}  // namespace

struct DiffView::Loaded {
    uint64_t generation = 0;
    std::shared_ptr<const Analysis::Detail> detail;
    std::shared_ptr<const SideBySideData> data;
    bool normalized = true;
    QString error;
};

DiffView::DiffView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("diffView"));

    // --- actions --------------------------------------------------------------------------------
    m_previous = new QAction(style()->standardIcon(QStyle::SP_ArrowUp), tr("Previous difference"), this);
    m_previous->setShortcuts({QKeySequence(Qt::SHIFT | Qt::Key_F7), QKeySequence(Qt::ALT | Qt::Key_Up)});
    m_next = new QAction(style()->standardIcon(QStyle::SP_ArrowDown), tr("Next difference"), this);
    m_next->setShortcuts({QKeySequence(Qt::Key_F7), QKeySequence(Qt::ALT | Qt::Key_Down)});
    m_normalizedAction = new QAction(tr("Normalized"), this);
    m_normalizedAction->setCheckable(true);
    m_normalizedAction->setChecked(true);
    m_normalizedAction->setToolTip(tr("Normalized: canonical key order, pretty-printed (r toggles)"));
    m_indentRawAction = new QAction(tr("Indent Raw JSON"), this);
    m_indentRawAction->setObjectName(QStringLiteral("indentRawAction"));
    m_indentRawAction->setCheckable(true);
    m_indentRawAction->setChecked(true);
    m_indentRawAction->setToolTip(tr("Raw mode: show JSON bodies indented, keys and values as received"));
    connect(m_indentRawAction, &QAction::toggled, this, &DiffView::setIndentRaw);
    m_wrapAction = new QAction(tr("Wrap Long Lines"), this);
    m_wrapAction->setObjectName(QStringLiteral("wrapLinesAction"));
    m_wrapAction->setCheckable(true);
    m_wrapAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
    m_wrapAction->setShortcutContext(Qt::WindowShortcut);
    m_wrapAction->setToolTip(
        tr("Continue lines wider than the panes on the next lines (Ctrl+Shift+W, w in the panes)"));
    addAction(m_wrapAction);
    connect(m_wrapAction, &QAction::toggled, this, &DiffView::setWrapLines);
    m_copyId = new QAction(tr("Copy id"), this);
    m_copyId->setToolTip(tr("Copy the correlation id"));
    m_copyJson = new QAction(tr("Copy JSON"), this);
    m_copyJson->setToolTip(tr("Copy the record as one JSON line (diff-store JSONL form)"));
    m_export = new QAction(tr("Export patch…"), this);
    m_export->setToolTip(tr("Save the candidate-vs-primary body diff as an RFC 6902 JSON Patch"));
    for (QAction* a : {m_previous, m_next}) {
        // From wherever focus is in the window: records list, groups table, panes, differences.
        a->setShortcutContext(Qt::WindowShortcut);
        a->setToolTip(
            QStringLiteral("%1 (%2)").arg(a->text(), a->shortcuts().first().toString(QKeySequence::NativeText)));
        addAction(a);
    }
    connect(m_next, &QAction::triggered, this, &DiffView::stepForward);
    connect(m_previous, &QAction::triggered, this, &DiffView::stepBackward);
    connect(m_normalizedAction, &QAction::toggled, this, &DiffView::setNormalized);
    connect(m_copyId, &QAction::triggered, this, &DiffView::copyCorrelationId);
    connect(m_copyJson, &QAction::triggered, this, &DiffView::copyRecordJson);
    connect(m_export, &QAction::triggered, this, &DiffView::exportPatchInteractive);

    // --- widgets --------------------------------------------------------------------------------
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("diffTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // a long id never widens the window
    m_toolbar = new QToolBar(this);
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolbar->setIconSize(QSize(16, 16));
    m_toolbar->addActions({m_previous, m_next});
    m_toolbar->addSeparator();
    m_toolbar->addAction(m_normalizedAction);
    m_toolbar->addSeparator();
    m_toolbar->addActions({m_copyId, m_copyJson, m_export});

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("diffNote"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setContentsMargins(4, 2, 4, 2);
    m_note->hide();

    m_sbs = new SideBySideView(this);
    m_model = new DifferencesModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("differencesTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    // The differences list lives under the panes (the panes get the whole width): path and kind
    // sized to their content, both values share the rest, elided in the middle (full text in the
    // tooltip), so nothing needs horizontal scrolling.
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(DifferencesModel::PrimaryColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(DifferencesModel::CandidateColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(DifferencesModel::RuleColumn, QHeaderView::ResizeToContents);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setColumnWidth(DifferencesModel::PathColumn, 220);
    m_table->setColumnWidth(DifferencesModel::KindColumn,
                            m_table->fontMetrics().horizontalAdvance(QStringLiteral("changed · shift +12h30m")) + 12);
    m_tabs = new DetailTabs(this);

    m_hsplit = new QSplitter(Qt::Horizontal, this);  // under the panes: differences | detail tabs
    m_hsplit->setObjectName(QStringLiteral("differencesDetailSplit"));
    m_hsplit->addWidget(m_table);
    m_hsplit->addWidget(m_tabs);
    m_hsplit->setStretchFactor(0, 3);
    m_hsplit->setStretchFactor(1, 2);
    m_vsplit = new QSplitter(Qt::Vertical, this);
    m_vsplit->setObjectName(QStringLiteral("panesSplit"));
    m_vsplit->addWidget(m_sbs);
    m_vsplit->addWidget(m_hsplit);
    m_vsplit->setStretchFactor(0, 3);
    m_vsplit->setStretchFactor(1, 1);
    m_hsplit->setSizes({600, 400});  // proportions; the splitter scales them to its real width
    m_vsplit->setSizes({640, 240});

    auto* content = new QWidget(this);
    auto* cl = new QVBoxLayout(content);
    cl->setContentsMargins(0, 0, 0, 0);
    cl->setSpacing(2);
    cl->addWidget(m_note);
    cl->addWidget(m_vsplit, 1);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("diffMessage"));
    m_messageLabel->setAlignment(Qt::AlignCenter);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setTextFormat(Qt::PlainText);
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_messageLabel);
    m_stack->addWidget(content);

    // The title on its own line: the toolbar keeps the full width and never overflows into ».
    m_title->setContentsMargins(4, 0, 0, 0);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_title);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_stack, 1);

    m_loadingTimer = new QTimer(this);
    m_loadingTimer->setSingleShot(true);
    m_loadingTimer->setInterval(150);
    connect(m_loadingTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Loading) m_stack->setCurrentIndex(0);
    });

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { onTableCurrentChanged(current.isValid() ? current.row() : -1); });
    connect(m_sbs, &SideBySideView::rowClicked, this, &DiffView::onRowClicked);
    connect(m_sbs, &SideBySideView::allowRequested, this, [this](int sbsRow, int side) {
        const std::string pointer = m_sbs->pointerAt(sbsRow, DiffPane::Side(side));
        const int listRow = pointer.empty() ? -1 : m_model->rowForPointer(pointer);
        if (listRow < 0 || m_model->isAbsorbed(listRow)) {
            emit statusMessage(tr("No remaining difference at this line to allow"));
            return;
        }
        setCurrentDifference(listRow);
        emit allowDifferenceRequested(listRow);
    });
    for (QObject* o : {static_cast<QObject*>(m_sbs->pane(DiffPane::Left)),
                       static_cast<QObject*>(m_sbs->pane(DiffPane::Right)), static_cast<QObject*>(m_table)})
        o->installEventFilter(this);

    m_model->setGreyColor(DiffColors::fromPalette(palette()).greyed);
    clear();
}

DiffView::~DiffView() = default;

// --- loading -------------------------------------------------------------------------------------

void DiffView::setAnalysis(std::shared_ptr<const Analysis> analysis) {
    m_analysis = std::move(analysis);
    const bool swapped = m_analysis && m_analysis->sidesSwapped();  // View › Swap Sides
    m_model->setSidesSwapped(swapped);
    m_tabs->setSidesSwapped(swapped);
    m_sbs->setSideNames(referenceSideLabel(swapped), comparedSideLabel(swapped));
    clear();
}

void DiffView::releaseRecord() {
    Garbage garbage{std::move(m_detail), std::move(m_normalizedData), std::move(m_rawData), m_sbs->sharedData()};
    m_detail.reset();
    m_normalizedData.reset();
    m_rawData.reset();
    m_sbs->setData(nullptr);  // the view lets go first, so the last reference dies on the worker
    m_pendingBuilds = 0;
    m_stops.clear();
    m_stop = -1;
    disposeInBackground(std::move(garbage));
}

void DiffView::clear() {
    ++m_generation;
    releaseRecord();
    m_recordIndex.reset();
    m_model->clear();
    m_tabs->clear();
    const bool swapped = m_analysis && m_analysis->sidesSwapped();
    m_sbs->setHeaders(referenceSideLabel(swapped), comparedSideLabel(swapped));
    m_note->hide();
    m_title->clear();
    setState(State::Empty, m_analysis ? tr("Select a record to see its diff.") : tr("No store is open."));
    updateActions();
}

void DiffView::showRecord(uint32_t recordIndex, bool enterAtLast) {
    m_enterAtLast = enterAtLast;
    if (!m_analysis) {
        clear();
        setState(State::Error, tr("No store is open."));
        return;
    }
    const uint64_t generation = ++m_generation;
    m_recordIndex = recordIndex;
    if (recordIndex >= m_analysis->records().size()) {
        setState(State::Error, tr("Record #%1 does not exist (the store has %2 records).")
                                   .arg(recordIndex)
                                   .arg(m_analysis->records().size()));
        m_title->setText(tr("Record #%1").arg(recordIndex));
        return;
    }
    const QString id = qs(m_analysis->id(m_analysis->records()[recordIndex]));
    m_title->setText(tr("Loading %1…").arg(elideMiddle(id, 80)));
    setState(State::Loading, tr("Loading record %1…").arg(id));

    auto analysis = m_analysis;
    const bool normalized = m_normalized, indentRaw = m_indentRaw, mask = m_mask;
    auto* watcher = new QFutureWatcher<std::shared_ptr<Loaded>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Loaded>>::finished, this, [this, watcher] {
        watcher->deleteLater();
        std::shared_ptr<Loaded> loaded = watcher->result();
        if (!loaded) return;
        // Take the payload out of the future's copy so that what is dropped is dropped off-thread.
        auto detail = std::move(loaded->detail);
        auto data = std::move(loaded->data);
        if (loaded->generation != m_generation) {  // a newer request superseded it
            disposeInBackground({std::move(detail), std::move(data), nullptr, nullptr});
            return;
        }
        if (!detail) {
            releaseRecord();
            m_model->clear();
            m_tabs->clear();
            m_title->setText(tr("Record %1").arg(m_recordIndex ? QString::number(*m_recordIndex) : QString()));
            setState(State::Error, loaded->error);
            updateActions();
            return;
        }
        showDetail(std::move(detail), std::move(data), loaded->normalized);
    });
    watcher->setFuture(QtConcurrent::run([analysis, recordIndex, generation, normalized, indentRaw, mask, id]() {
        auto loaded = std::make_shared<Loaded>();
        loaded->generation = generation;
        loaded->normalized = normalized;
        try {
            std::string error;
            std::optional<Analysis::Detail> detail = analysis->detail(recordIndex, analysis->rules(), &error);
            if (!detail) {
                loaded->error = QObject::tr("Record %1 cannot be read from the store: %2")
                                    .arg(id, error.empty() ? QObject::tr("unknown error") : qs(error));
                return loaded;
            }
            auto shared = std::make_shared<const Analysis::Detail>(std::move(*detail));
            loaded->data = buildData(*shared, normalized, indentRaw, mask);
            loaded->detail = std::move(shared);
        } catch (const std::exception& e) {
            loaded->error = QObject::tr("Record %1 cannot be shown: %2")
                                .arg(id, QString::fromStdString(plainJsonMessage(e.what())));
        }
        return loaded;
    }));
}

void DiffView::setDetail(const Analysis::Detail& detail) {
    ++m_generation;
    m_recordIndex.reset();
    auto shared = std::make_shared<const Analysis::Detail>(detail);
    auto data = buildData(*shared, m_normalized, m_indentRaw, m_mask);
    showDetail(std::move(shared), std::move(data), m_normalized);
}

void DiffView::showDetail(std::shared_ptr<const Analysis::Detail> detail, std::shared_ptr<const SideBySideData> data,
                          bool normalized) {
    releaseRecord();
    m_detail = std::move(detail);
    (normalized ? m_normalizedData : m_rawData) = data;

    m_primaryKind = data ? data->leftKind : classifyBody(m_detail->record.primary.body);
    m_candidateKind = data ? data->rightKind : classifyBody(m_detail->record.candidate.body);
    const Record& r = m_detail->record;
    m_model->setResult(m_mask ? maskedResult(m_detail->result) : m_detail->result);
    m_tabs->setDetail(m_mask ? maskedDetail(*m_detail) : *m_detail);
    const bool swapped = m_analysis && m_analysis->sidesSwapped();
    m_sbs->setHeaders(elideMiddle(sideHeader(referenceSideLabel(swapped), r.primary, m_primaryKind)),
                      elideMiddle(sideHeader(comparedSideLabel(swapped), r.candidate, m_candidateKind)));
    updateTitle();
    setState(State::Ready);
    if (normalized == m_normalized)
        applySideBySide(data);
    else
        ensureSideBySide();
    updateActions();
}

void DiffView::ensureSideBySide() {
    if (!m_detail) return;
    const bool normalized = m_normalized;
    std::shared_ptr<const SideBySideData>& cache = normalized ? m_normalizedData : m_rawData;
    if (cache) {
        applySideBySide(cache);
        return;
    }
    const Record& r = m_detail->record;
    if (r.primary.body.size() + r.candidate.body.size() <= kSyncBuildBytes) {
        cache = buildData(*m_detail, normalized, m_indentRaw, m_mask);
        applySideBySide(cache);
        return;
    }
    ++m_pendingBuilds;
    m_note->setText(normalized ? tr("Preparing the normalized view…") : tr("Preparing the raw view…"));
    m_note->show();
    const uint64_t generation = m_generation;
    auto detail = m_detail;
    struct Built {
        std::shared_ptr<const SideBySideData> data;
    };
    auto* watcher = new QFutureWatcher<std::shared_ptr<Built>>(this);
    const bool indentRaw = m_indentRaw;
    connect(watcher, &QFutureWatcher<std::shared_ptr<Built>>::finished, this,
            [this, watcher, generation, normalized, indentRaw] {
                watcher->deleteLater();
                auto data = std::move(watcher->result()->data);
                if (generation != m_generation) {
                    disposeInBackground({nullptr, std::move(data), nullptr, nullptr});
                    return;
                }
                m_pendingBuilds = std::max(0, m_pendingBuilds - 1);
                if (!normalized && indentRaw != m_indentRaw) {  // Indent Raw JSON was toggled meanwhile
                    disposeInBackground({nullptr, std::move(data), nullptr, nullptr});
                    return;
                }
                (normalized ? m_normalizedData : m_rawData) = data;
                if (normalized == m_normalized) applySideBySide(data);
            });
    watcher->setFuture(QtConcurrent::run([detail, normalized, indentRaw, mask = m_mask] {
        auto built = std::make_shared<Built>();
        built->data = buildData(*detail, normalized, indentRaw, mask);
        return built;
    }));
}

void DiffView::applySideBySide(std::shared_ptr<const SideBySideData> data) {
    const int previousRow = currentDifference();
    m_sbs->setData(data);

    QStringList notes;
    if (data) {
        const Record& r = m_detail->record;
        if (!data->sbs.note.empty()) notes << qs(data->sbs.note);
        if (data->normalized) {
            const BodyKind pk = m_primaryKind, ck = m_candidateKind;
            if (pk == BodyKind::Text && ck == BodyKind::Text)
                notes << tr("Neither body is JSON: showing a line diff of the text.");
            else if (pk == BodyKind::Text)
                notes << tr("The %1 body is not JSON: showing a line diff of the text.")
                             .arg(referenceSideWord(m_analysis && m_analysis->sidesSwapped()));
            else if (ck == BodyKind::Text)
                notes << tr("The %1 body is not JSON: showing a line diff of the text.")
                             .arg(comparedSideWord(m_analysis && m_analysis->sidesSwapped()));
        } else {
            notes << (m_indentRaw && (m_primaryKind == BodyKind::Json || m_candidateKind == BodyKind::Json)
                          ? tr("Raw bodies, JSON indented: key order and values as received (normalization off).")
                          : tr("Raw bodies as received (normalization off)."));
        }
        if (r.primary.body.empty() && r.candidate.body.empty()) notes << tr("Both bodies are empty.");
    }
    for (const std::string& w : m_detail ? m_detail->result.warnings : std::vector<std::string>{}) notes << qs(w);
    m_note->setText(notes.join(QLatin1Char('\n')));
    m_note->setVisible(!notes.isEmpty());

    rebuildStops();
    int stop = -1;
    for (int i = 0; i < int(m_stops.size()) && previousRow >= 0; ++i)
        if (m_stops[size_t(i)].listRow == previousRow) {
            stop = i;
            break;
        }
    if (stop < 0 && !m_stops.empty()) stop = m_enterAtLast ? int(m_stops.size()) - 1 : 0;
    goToStop(stop);
}

// --- navigation ----------------------------------------------------------------------------------

void DiffView::rebuildStops() {
    m_stops.clear();
    m_stop = -1;
    const SideBySideData* data = m_sbs->data();
    const int rowsInView = data ? int(data->sbs.rows.size()) : 0;
    auto hunkEnd = [data, rowsInView](int first) {
        int last = first;
        while (last + 1 < rowsInView && data->sbs.rows[size_t(last + 1)].state != RowState::Same) ++last;
        return last;
    };
    bool hunksUsed = false;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const Difference& d = m_model->difference(row);
        const bool bodyLevel =
            isBodyKind(d.kind) || d.kind == DiffKind::TextChanged || d.kind == DiffKind::BinaryChanged;
        if (data && isBodyKind(d.kind) && !d.path.empty()) {
            const auto [first, last] = rowsForPointer(*data, d.path);
            if (first >= 0) {
                m_stops.push_back({row, first, last});
                continue;
            }
        }
        // Whole-body differences and differences that cannot be located (raw mode) walk the
        // changed hunks instead; the hunks are listed once, under the first such difference.
        if (data && bodyLevel && !hunksUsed && !data->hunks.empty()) {
            hunksUsed = true;
            for (uint32_t h : data->hunks) m_stops.push_back({row, int(h), hunkEnd(int(h))});
            continue;
        }
        m_stops.push_back({row, -1, -1});
    }
}

void DiffView::goToStop(int stop) {
    if (stop < 0 || stop >= int(m_stops.size())) {
        m_stop = -1;
        m_sbs->setCurrentRange(-1, -1);
        m_syncingTable = true;
        m_table->selectionModel()->clearCurrentIndex();
        m_table->clearSelection();
        m_syncingTable = false;
        updateActions();
        return;
    }
    m_stop = stop;
    const Stop& s = m_stops[size_t(stop)];
    m_syncingTable = true;
    const QModelIndex index = m_model->index(s.listRow, 0);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    m_syncingTable = false;
    if (s.first >= 0) {
        m_sbs->setCurrentRange(s.first, s.last);
        m_sbs->scrollToRow(s.first);
    } else {
        m_sbs->setCurrentRange(-1, -1);
    }
    const Difference& d = m_model->difference(s.listRow);
    if (d.kind == DiffKind::Header)
        m_tabs->showHeader(qs(d.path));
    else if (d.kind == DiffKind::Status || d.kind == DiffKind::CandidateError)
        m_tabs->showStatus();
    updateActions();
    emit currentDifferenceChanged(s.listRow);
}

int DiffView::currentDifference() const {
    return m_stop >= 0 && m_stop < int(m_stops.size()) ? m_stops[size_t(m_stop)].listRow : -1;
}

void DiffView::setCurrentDifference(int row) {
    for (int i = 0; i < int(m_stops.size()); ++i)
        if (m_stops[size_t(i)].listRow == row) return goToStop(i);
    goToStop(-1);
}

bool DiffView::nextDifference() {
    if (m_stops.empty() || m_stop + 1 >= int(m_stops.size())) return false;
    goToStop(m_stop + 1);
    return true;
}

bool DiffView::previousDifference() {
    if (m_stops.empty()) return false;
    if (m_stop < 0) {
        goToStop(int(m_stops.size()) - 1);
        return true;
    }
    if (m_stop == 0) return false;
    goToStop(m_stop - 1);
    return true;
}

void DiffView::stepForward() {
    if (m_state == State::Loading) return;  // the record arriving decides where its walk starts
    if (!nextDifference()) emit boundaryReached(+1);
}

void DiffView::stepBackward() {
    if (m_state == State::Loading) return;
    if (m_stops.empty() || m_stop == 0 || !previousDifference()) emit boundaryReached(-1);
}

void DiffView::onTableCurrentChanged(int row) {
    if (m_syncingTable || row < 0) return;
    if (row == currentDifference()) return;
    setCurrentDifference(row);
}

void DiffView::onRowClicked(int sbsRow, int side) {
    const SideBySideData* data = m_sbs->data();
    if (!data || sbsRow < 0 || sbsRow >= int(data->sbs.rows.size())) return;
    const std::string pointer = m_sbs->pointerAt(sbsRow, DiffPane::Side(side));
    const int listRow = pointer.empty() ? -1 : m_model->rowForPointer(pointer);
    int fallback = -1;
    for (int i = 0; i < int(m_stops.size()); ++i) {
        const Stop& s = m_stops[size_t(i)];
        const bool contains = s.first >= 0 && sbsRow >= s.first && sbsRow <= s.last;
        if (contains && (listRow < 0 || s.listRow == listRow)) return goToStop(i);
        if (listRow >= 0 && s.listRow == listRow && fallback < 0) fallback = i;
    }
    if (fallback >= 0) goToStop(fallback);
}

bool DiffView::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        const auto mods = key->modifiers() & ~Qt::KeypadModifier;
        if (mods == Qt::NoModifier) {
            switch (key->key()) {
            case Qt::Key_N: stepForward(); return true;
            case Qt::Key_P: stepBackward(); return true;
            case Qt::Key_R: setNormalized(!m_normalized); return true;
            case Qt::Key_W: setWrapLines(!wrapsLines()); return true;
            default: break;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

// --- modes, state, actions -----------------------------------------------------------------------

void DiffView::setNormalized(bool normalized) {
    if (normalized == m_normalized) return;
    m_normalized = normalized;
    {
        const QSignalBlocker block(m_normalizedAction);
        m_normalizedAction->setChecked(normalized);
    }
    ensureSideBySide();
    updateTitle();
}

void DiffView::setIndentRaw(bool indent) {
    if (indent == m_indentRaw) return;
    m_indentRaw = indent;
    {
        const QSignalBlocker block(m_indentRawAction);
        m_indentRawAction->setChecked(indent);
    }
    m_rawData.reset();  // a raw build still running is of the other layout: dropped when it arrives
    if (!m_normalized) ensureSideBySide();
}

bool DiffView::wrapsLines() const { return m_sbs->wrap(); }

void DiffView::setWrapLines(bool wrap) {
    {
        const QSignalBlocker block(m_wrapAction);
        m_wrapAction->setChecked(wrap);
    }
    m_sbs->setWrap(wrap);
}

void DiffView::setMaskSecrets(bool mask) {
    if (mask == m_mask) return;
    m_mask = mask;
    emit maskSecretsChanged(mask);
    if (m_state == State::Loading && m_recordIndex) {  // the load in flight has the other masking
        showRecord(*m_recordIndex, m_enterAtLast);
        return;
    }
    if (!m_detail) return;
    // Shown again from the detail already read: list and panes rebuilt with the new masking (builds
    // in flight are of the old one and are dropped by the generation check).
    const int row = currentDifference();
    ++m_generation;
    std::shared_ptr<const Analysis::Detail> detail = m_detail;
    const bool normalized = m_normalized;
    std::shared_ptr<const SideBySideData> data;
    const Record& r = detail->record;
    if (r.primary.body.size() + r.candidate.body.size() <= kSyncBuildBytes)
        data = buildData(*detail, normalized, m_indentRaw, m_mask);
    if (data) {
        showDetail(std::move(detail), std::move(data), normalized);
        if (row >= 0) setCurrentDifference(row);
    } else {
        showDetail(std::move(detail), nullptr, !normalized);  // no layout cached: ensureSideBySide builds it
    }
}

void DiffView::setState(State state, const QString& message) {
    m_state = state;
    if (!message.isEmpty() || state != State::Ready) m_messageLabel->setText(message);
    m_loadingTimer->stop();
    if (state == State::Ready) {
        m_stack->setCurrentIndex(1);
    } else if (state == State::Loading && m_stack->currentIndex() == 1 && m_detail) {
        m_loadingTimer->start();  // keep the previous record a moment: no flicker on fast loads
    } else {
        m_stack->setCurrentIndex(0);
    }
    emit stateChanged(state);
}

QString DiffView::message() const { return m_state == State::Ready ? QString() : m_messageLabel->text(); }
QString DiffView::noteText() const { return m_note->isVisibleTo(this) ? m_note->text() : QString(); }
QString DiffView::titleText() const { return m_title->text(); }

void DiffView::updateTitle() {
    if (!m_detail) return;
    const Record& r = m_detail->record;
    QStringList parts{elideMiddle(qs(r.id), 80)};
    const std::string& endpoint = m_detail->endpoint.empty() ? r.endpoint : m_detail->endpoint;
    if (!endpoint.empty()) parts << elideMiddle(qs(endpoint));
    parts << qs(outcomeName(m_detail->outcome));
    QString diffs = tr("%n difference(s)", nullptr, int(m_detail->result.differences.size()));
    if (!m_detail->result.absorbed.empty()) diffs += tr(", %1 allowed by rules").arg(m_detail->result.absorbed.size());
    parts << diffs;
    m_title->setText(parts.join(QStringLiteral("  ·  ")));
}

void DiffView::updateActions() {
    const bool has = m_detail != nullptr;
    // Always enabled with a store open: past the ends they continue into the next/previous record.
    m_next->setEnabled(m_analysis != nullptr || has);
    m_previous->setEnabled(m_analysis != nullptr || has);
    m_copyId->setEnabled(has);
    m_copyJson->setEnabled(has);
    const bool json = has && m_primaryKind == BodyKind::Json && m_candidateKind == BodyKind::Json;
    m_export->setEnabled(json);
    m_export->setToolTip(json || !has ? tr("Save the primary-to-candidate body diff as an RFC 6902 JSON Patch")
                                      : tr("Both bodies must be JSON to export a JSON Patch"));
    m_normalizedAction->setEnabled(true);
}

QList<QAction*> DiffView::diffActions() const {
    return {m_next, m_previous, m_normalizedAction, m_indentRawAction, m_wrapAction, m_copyId, m_copyJson, m_export};
}

void DiffView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) m_model->setGreyColor(DiffColors::fromPalette(palette()).greyed);
}

// --- clipboard and export ------------------------------------------------------------------------

QString DiffView::recordJson() const {
    if (!m_detail) return {};
    return qs(recordToJson(m_detail->record));
}

std::optional<std::string> DiffView::patch(QString* error) const {
    if (!m_detail) {
        if (error) *error = tr("No record is shown.");
        return std::nullopt;
    }
    std::string e;
    auto p = jsonPatch(m_detail->record.primary.body, m_detail->record.candidate.body, &e);
    if (!p && error) *error = tr("No JSON patch for this record: %1").arg(qs(e));
    return p;
}

bool DiffView::exportPatch(const QString& fileName, QString* error) {
    if (!m_detail) {
        if (error) *error = tr("No record is shown.");
        return false;
    }
    const QString e = writePatch(*m_detail, fileName);
    if (error) *error = e;
    return e.isEmpty();
}

void DiffView::copyCorrelationId() {
    if (!m_detail) return;
    QApplication::clipboard()->setText(qs(m_detail->record.id));
    emit statusMessage(tr("Copied correlation id %1").arg(qs(m_detail->record.id)));
}

void DiffView::copyRecordJson() {
    if (!m_detail) return;
    QApplication::clipboard()->setText(recordJson());
    emit statusMessage(tr("Copied record %1 as JSON").arg(qs(m_detail->record.id)));
}

void DiffView::exportPatchInteractive() {
    if (!m_detail) return;
    QString safe = qs(m_detail->record.id);
    safe.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    const QString fileName = QFileDialog::getSaveFileName(this, tr("Export RFC 6902 patch"),
                                                          QDir::home().filePath(safe + QStringLiteral(".patch.json")),
                                                          tr("JSON Patch (*.json);;All files (*)"));
    if (fileName.isEmpty()) return;
    // Large bodies make the patch slow to compute: do it off the GUI thread.
    auto detail = m_detail;
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, fileName] {
        watcher->deleteLater();
        const QString error = watcher->result();
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Export patch"), error);
        else
            emit statusMessage(tr("Exported patch to %1").arg(QDir::toNativeSeparators(fileName)));
    });
    watcher->setFuture(QtConcurrent::run([detail, fileName] { return writePatch(*detail, fileName); }));
}

}  // namespace dt
