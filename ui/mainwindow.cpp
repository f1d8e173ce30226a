// SPDX-License-Identifier: MIT
#include "ui/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include "ui/causesmodel.h"
#include "ui/dashboard.h"
#include "ui/filterbar.h"
#include "ui/groupsmodel.h"
#include "ui/groupsproxy.h"
#include "ui/loadjob.h"
#include "ui/loadstatus.h"
#include "ui/outcomebar.h"
#include "ui/problemspanel.h"
#include "ui/recentfiles.h"
#include "ui/recordsmodel.h"
#include "ui/rulesmodel.h"
#include "ui/splitmodel.h"
#include "ui/triageviews.h"
#include "ui/workspacecontroller.h"

#include "ui/diffview.h"

static void initResources() {
    Q_INIT_RESOURCE(difftriage);  // resources/difftriage.qrc is compiled into difftriage_ui
}

namespace dt {

MainWindow::MainWindow(QWidget* parent)
        : QMainWindow(parent), m_load(new LoadJob(this)), m_recent(new RecentFiles(this)) {
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    QIcon icon;
    for (const char* size : {"32", "64", "256"})
        icon.addFile(QStringLiteral(":/icons/difftriage-%1.png").arg(QLatin1String(size)));
    setWindowIcon(icon);
    setAcceptDrops(true);
    createWidgets();
    createActions();
    setupFollowAndExport();
    setupReport();
    setupKeyboard();
    setupSidesAndSplit();  // after the keyboard loop: the split breakdown sits between groups and records
    restoreSettings();
    updateTitle();

    connect(m_load, &LoadJob::started, this, &MainWindow::onLoadStarted);
    connect(m_load, &LoadJob::progress, this, &MainWindow::onLoadProgress);
    connect(m_load, &LoadJob::loaded, this, &MainWindow::onLoaded);
    connect(m_load, &LoadJob::failed, this, &MainWindow::onLoadFailed);
    connect(m_load, &LoadJob::cancelled, this, &MainWindow::onLoadCancelled);
    connect(m_load, &LoadJob::runningChanged, this, &MainWindow::onLoadRunning);
    connect(m_filterBar, &FilterBar::changed, this, &MainWindow::runFilter);
    connect(m_recent, &RecentFiles::openRequested, this, &MainWindow::openStore);
    setupIndexOpen();  // after onLoaded: its slots see what onLoaded installed
}

MainWindow::~MainWindow() {
    saveSettings();
    m_workspace->close();  // a shared workspace sends the edits still on their way first
}

void MainWindow::createWidgets() {
    m_filterBar = new FilterBar(this);
    m_outcomeBar = new OutcomeBar(this);

    m_groupsModel = new GroupsModel(this);
    m_groupsProxy = new GroupsProxy(this);
    m_groupsProxy->setGroupsModel(m_groupsModel);
    m_groupsView = new QTableView(this);
    m_groupsView->setObjectName(QStringLiteral("groupsView"));
    m_groupsView->setModel(m_groupsProxy);
    setupTriageTable(m_groupsView);
    addColumnsMenu(m_groupsView);
    const int widths[GroupsModel::ColumnCount] = {80, 80, 200, 420, 90, 80, 70, 140, 140, 110};
    for (int c = 0; c < GroupsModel::ColumnCount; ++c) m_groupsView->setColumnWidth(c, widths[c]);
    m_groupsView->horizontalHeader()->setSortIndicator(GroupsModel::Count, Qt::DescendingOrder);
    m_groupsView->setSortingEnabled(true);
    addCopyAction(m_groupsView, tr("Copy signature"),
                  [this] { return m_groupsView->currentIndex().data(GroupsModel::SignatureRole).toString(); });

    m_recordsModel = new RecordsModel(this);
    m_recordsView = new QTableView(this);
    m_recordsView->setObjectName(QStringLiteral("recordsView"));
    m_recordsView->setModel(m_recordsModel);
    setupTriageTable(m_recordsView);
    addColumnsMenu(m_recordsView);
    m_recordsView->horizontalHeader()->setSortIndicatorShown(true);
    m_recordsView->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);  // the group's order until clicked
    m_recordsView->setSortingEnabled(true);
    const int recordWidths[RecordsModel::ColumnCount] = {130, 80, 110, 150, 220};
    for (int c = 0; c < RecordsModel::ColumnCount; ++c) m_recordsView->setColumnWidth(c, recordWidths[c]);
    addCopyAction(m_recordsView, tr("Copy correlation id"),
                  [this] { return m_recordsModel->correlationId(m_recordsView->currentIndex().row()); });
    m_recordsLabel = new QLabel(this);
    m_recordsLabel->setObjectName(QStringLiteral("recordsLabel"));

    m_diff = new DiffView(this);
    m_diffPane = m_diff;
    connect(m_diff, &DiffView::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 4000); });

    auto* recordsPane = new QWidget(this);
    auto* recordsLayout = new QVBoxLayout(recordsPane);
    recordsLayout->setContentsMargins(0, 0, 0, 0);
    recordsLayout->setSpacing(2);
    recordsLayout->addWidget(m_recordsLabel);
    recordsLayout->addWidget(m_recordsView, 1);

    m_hsplit = new QSplitter(Qt::Horizontal, this);
    m_hsplit->setObjectName(QStringLiteral("recordsDiffSplit"));
    m_hsplit->addWidget(recordsPane);
    m_hsplit->addWidget(m_diffPane);
    m_hsplit->setStretchFactor(0, 1);
    m_hsplit->setStretchFactor(1, 3);
    m_hsplit->setSizes({380, 1220});  // the diff panes get the width (≥ 70 columns each at 1600)
    m_vsplit = new QSplitter(Qt::Vertical, this);
    m_vsplit->setObjectName(QStringLiteral("groupsSplit"));
    // Groups | Causes above the records: selecting a cause filters groups and records to it.
    m_causesModel = new CausesModel(this);
    m_causesView = new QTableView(this);
    m_causesView->setObjectName(QStringLiteral("causesView"));
    m_causesView->setModel(m_causesModel);
    setupTriageTable(m_causesView);
    addColumnsMenu(m_causesView);
    m_causesView->setColumnWidth(CausesModel::Title, 460);
    m_upperTabs = new QTabWidget(this);
    m_upperTabs->setObjectName(QStringLiteral("upperTabs"));
    m_upperTabs->setDocumentMode(true);
    m_upperTabs->addTab(m_groupsView, tr("&Groups"));
    m_upperTabs->addTab(m_causesView, tr("Ca&uses"));
    m_upperTabs->setTabToolTip(
        1, tr("One row per decision: a difference pattern counted over the whole store (docs: README, Causes)"));
    connect(m_causesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid()) selectCauseRow(current.row());
            });
    createRules();  // the Rules tab (mainwindow_rules.cpp)
    m_vsplit->addWidget(m_upperTabs);
    m_vsplit->addWidget(m_hsplit);
    m_vsplit->setStretchFactor(0, 2);
    m_vsplit->setStretchFactor(1, 5);
    m_vsplit->setSizes({260, 640});

    auto* triage = new QWidget(this);
    auto* layout = new QVBoxLayout(triage);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_outcomeBar);
    // Triage | Dashboard (ui/dashboard.h): clicking a dashboard bar or bucket filters the groups.
    m_mainTabs = new QTabWidget(this);
    m_mainTabs->setObjectName(QStringLiteral("mainTabs"));
    m_mainTabs->setDocumentMode(true);
    m_mainTabs->addTab(m_vsplit, tr("Triage"));
    m_dashboard = new DashboardView(this);
    m_mainTabs->addTab(m_dashboard, tr("Dashboard"));
    connect(m_dashboard, &DashboardView::filterRequested, this, [this](const DashboardFilter& f) {
        applyDashboardFilter(m_filterBar, f);
        m_mainTabs->setCurrentIndex(0);
    });
    layout->addWidget(m_mainTabs, 1);

    m_welcome = new QLabel(this);
    m_welcome->setObjectName(QStringLiteral("welcome"));
    m_welcome->setAlignment(Qt::AlignCenter);
    m_welcome->setWordWrap(true);
    m_welcome->setText(welcomeText());
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_welcome);
    m_stack->addWidget(triage);
    // The filter bar sits above the stack: usable while the first load runs (type ahead; what
    // was typed is applied when the groups arrive).
    auto* central = new QWidget(this);
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(2);
    centralLayout->addWidget(m_filterBar);
    centralLayout->addWidget(m_stack, 1);
    setCentralWidget(central);

    m_problems = new ProblemsPanel(this);
    m_problemsDock = new QDockWidget(tr("Load problems"), this);
    m_problemsDock->setObjectName(QStringLiteral("problemsDock"));
    m_problemsDock->setWidget(m_problems);
    addDockWidget(Qt::BottomDockWidgetArea, m_problemsDock);
    m_problemsDock->hide();

    m_loadStatus = new LoadStatus(this);
    m_problemsButton = new QToolButton(this);
    m_problemsButton->setObjectName(QStringLiteral("problemsButton"));
    m_problemsButton->setAutoRaise(true);
    m_problemsButton->hide();
    m_storeLabel = new QLabel(this);
    m_storeLabel->setObjectName(QStringLiteral("storeLabel"));
    statusBar()->addPermanentWidget(m_loadStatus);
    statusBar()->addPermanentWidget(m_problemsButton);
    statusBar()->addPermanentWidget(m_storeLabel);
    connect(m_loadStatus, &LoadStatus::cancelRequested, this, &MainWindow::cancelLoad);
    connect(m_problemsButton, &QToolButton::clicked, this, [this] {
        m_problemsDock->show();
        m_problemsDock->raise();
        m_problems->view()->setFocus(Qt::ShortcutFocusReason);
    });

    connect(m_groupsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onGroupRowChanged);
    connect(m_recordsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onRecordRowChanged);
    connect(m_groupsView, &QTableView::activated, this, [this] { m_recordsView->setFocus(Qt::ShortcutFocusReason); });
    connect(m_recordsView, &QTableView::activated, this, [this] { m_diffPane->setFocus(Qt::ShortcutFocusReason); });
}

QString MainWindow::welcomeText() const {
    return tr("<h2>difftriage</h2><p>Open a diff store (JSONL or SQLite) with <b>Ctrl+O</b>, "
              "from <b>File › Open Recent</b>, or drop it on this window.</p>"
              "<p>Press <b>F1</b> for the keyboard shortcuts.</p>");
}

void MainWindow::restoreSettings() {
    QSettings s;
    if (!restoreGeometry(s.value(QStringLiteral("main/geometry")).toByteArray())) {
        // First run: 80 % of the screen, at least 1280×720 where the screen allows, centred.
        if (const QScreen* screen = QGuiApplication::primaryScreen()) {
            const QRect avail = screen->availableGeometry();
            const QSize size(std::min(avail.width(), std::max(1280, avail.width() * 4 / 5)),
                             std::min(avail.height(), std::max(720, avail.height() * 4 / 5)));
            resize(size);
            move(avail.center() - QPoint(size.width() / 2, size.height() / 2));
        }
    }
    restoreState(s.value(QStringLiteral("main/state")).toByteArray());
    m_vsplit->restoreState(s.value(QStringLiteral("main/groupsSplit")).toByteArray());
    m_hsplit->restoreState(s.value(QStringLiteral("main/recordsDiffSplit")).toByteArray());
    QHeaderView* header = m_groupsView->horizontalHeader();
    if (header->restoreState(s.value(QStringLiteral("groups/header")).toByteArray()))
        m_groupsView->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
    m_recordsView->horizontalHeader()->restoreState(s.value(QStringLiteral("records/header")).toByteArray());
    if (m_diff) m_diff->setWrapLines(s.value(QStringLiteral("diff/wrap"), false).toBool());
}

void MainWindow::saveSettings() const {
    QSettings s;
    s.setValue(QStringLiteral("main/geometry"), saveGeometry());
    s.setValue(QStringLiteral("main/state"), saveState());
    s.setValue(QStringLiteral("main/groupsSplit"), m_vsplit->saveState());
    s.setValue(QStringLiteral("main/recordsDiffSplit"), m_hsplit->saveState());
    s.setValue(QStringLiteral("groups/header"), m_groupsView->horizontalHeader()->saveState());
    s.setValue(QStringLiteral("records/header"), m_recordsView->horizontalHeader()->saveState());
    if (m_diff) s.setValue(QStringLiteral("diff/wrap"), m_diff->wrapsLines());
}

void MainWindow::setThreads(unsigned threads) { m_load->setThreads(threads); }

void MainWindow::openStore(const QString& path) {
    if (path.isEmpty()) return;
    // A database URI (postgresql://...) is opened as given; a file path is made absolute.
    const bool uri = path.contains(QStringLiteral("://"));
    const QString target = uri ? path : QFileInfo(path).absoluteFilePath();
    // Swap Sides: the store on screen keeps the View menu's choice; another store gets its workspace's.
    bool swap = m_swapAction->isChecked();
    if (target != m_path) {
        QString fallback, explicitPath;
        workspaceLocation(target, &fallback, &explicitPath);
        swap = !uri && WorkspaceController::storedSwapSides(target, fallback, explicitPath);
    }
    m_load->setSwapSides(swap);
    m_load->open(target);
}

void MainWindow::reload() {
    if (!m_path.isEmpty()) openStore(m_path);
}

void MainWindow::cancelLoad() { m_load->cancel(); }

bool MainWindow::isLoading() const { return m_load->isRunning(); }

void MainWindow::onOpenTriggered() {
    const QString dir = m_path.isEmpty() ? QString() : QFileInfo(m_path).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open diff store"), dir,
        tr("Diff stores (*.jsonl *.ndjson *.json *.sqlite *.sqlite3 *.db);;All files (*)"));
    openStore(path);
}

void MainWindow::onLoadStarted(const QString& path) {
    m_loadStatus->begin(path);
    if (!m_analysis)  // the first load: the centre shows its progress
        m_welcome->setText(tr("<h3>Loading %1…</h3>").arg(QFileInfo(path).fileName().toHtmlEscaped()));
    statusBar()->showMessage(tr("Loading %1…").arg(QFileInfo(path).fileName()));
}

void MainWindow::onLoadProgress(const LoadProgress& progress) {
    m_loadStatus->update(progress);
    if (!m_analysis)
        m_welcome->setText(tr("<h3>Loading %1…</h3><p>%2</p><p>Esc cancels. The filter above can be typed into "
                              "now; it applies when the groups arrive.</p>")
                               .arg(QFileInfo(progress.path).fileName().toHtmlEscaped(),
                                    LoadStatus::formatProgress(progress).toHtmlEscaped()));
}

void MainWindow::onLoadRunning(bool running) {
    m_cancelAction->setEnabled(running);
    if (!running) m_loadStatus->end();
}

void MainWindow::installAnalysis(const QString& path, std::shared_ptr<const Analysis> analysis) {
    // A reload of the same store keeps the filter and, when they still exist, the group and record.
    const bool reload = m_analysis && path == m_path;
    const bool typedAhead = !m_analysis && !m_filterBar->spec().isEmpty();  // typed during the first load
    std::string keepSignature, keepRecord;
    if (reload) {
        if (const int g = currentGroup(); g >= 0) keepSignature = m_analysis->groups()[size_t(g)].signature;
        if (const uint32_t r = currentRecord(); r != kNone)
            keepRecord = std::string(m_analysis->id(m_analysis->records()[r]));
    }
    std::shared_ptr<const Analysis> old = std::move(m_analysis);
    m_analysis = std::move(analysis);
    m_path = path;
    m_filter.reset();
    m_filterJobs.stop();

    m_syncing = true;
    m_groupsModel->setAnalysis(m_analysis);
    m_recordsModel->setAnalysis(m_analysis);
    m_diff->setAnalysis(m_analysis);
    m_problems->setAnalysis(m_analysis);
    m_outcomeBar->setAnalysis(m_analysis.get());
    m_dashboard->setAnalysis(m_analysis);
    m_causesModel->setAnalysis(m_analysis);
    m_filterBar->setAnalysis(m_analysis.get(), reload || typedAhead);
    m_filterBar->setResultText(QString());
    m_syncing = false;
    disposeInBackground(std::move(old));

    m_rulesModel->setAnalysis(m_analysis);
    m_stack->setCurrentIndex(1);
    m_reloadAction->setEnabled(true);

    const QLocale locale;
    const size_t problems = m_analysis->problems().size();
    m_problemsButton->setVisible(problems > 0);
    m_problemsButton->setText(tr("⚠ %1 bad record(s)").arg(locale.toString(qulonglong(problems))));
    m_problemsButton->setToolTip(tr("Show the load problems (Ctrl+4)"));
    const std::string_view format = formatName(m_analysis->store().format());
    m_storeLabel->setText(tr("%1 · %2 · %3 records · %4 groups")
                              .arg(QFileInfo(path).fileName(),
                                   QString::fromLatin1(format.data(), qsizetype(format.size())),
                                   locale.toString(qulonglong(m_analysis->records().size())),
                                   locale.toString(qulonglong(m_analysis->groups().size()))));
    m_storeLabel->setToolTip(QDir::toNativeSeparators(path));
    updateTitle();
    const std::optional<uint32_t> group = keepSignature.empty() ? std::nullopt : m_analysis->findGroup(keepSignature);
    if (!(group && selectGroupRow(m_groupsProxy->rowOfGroup(*group))) && !selectGroupRow(0)) showGroup(-1);
    if (group && !keepRecord.empty() && currentGroup() == int(*group)) {
        for (uint32_t r : m_analysis->groups()[*group].members) {  // the group, not all records
            if (m_analysis->id(m_analysis->records()[r]) == keepRecord) {
                selectRecordRow(m_recordsModel->rowOfRecord(r));
                break;
            }
        }
    }
    if ((reload || typedAhead) && !m_filterBar->spec().isEmpty()) runFilter(m_filterBar->spec());
}

void MainWindow::onLoaded(const QString& path, std::shared_ptr<const Analysis> analysis, double seconds) {
    m_applyJobs.stop();
    installAnalysis(path, std::move(analysis));
    m_recent->add(path);
    statusBar()->showMessage(tr("Loaded in %1 s").arg(QLocale().toString(seconds, 'f', 2)), 5000);
    // Rules edited while the store loaded: apply them now.
    openWorkspaceFor(path);  // states, notes, the rules file (mainwindow_workspace.cpp)
    if (m_analysis->rules() != static_cast<const RuleProvider*>(m_ruleSet.get())) onRulesChanged();
    emit storeLoaded(path);
}

void MainWindow::onLoadFailed(const QString& path, const QString& error) {
    if (!m_analysis) m_welcome->setText(welcomeText());
    statusBar()->showMessage(tr("Cannot open %1").arg(QFileInfo(path).fileName()), 8000);
    if (!path.contains(QStringLiteral("://")) && !QFileInfo::exists(path)) m_recent->remove(path);
    if (m_interactive) {
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open store"),
                                    tr("The store could not be opened:\n%1").arg(QDir::toNativeSeparators(path)),
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("openErrorBox"));
        box->setInformativeText(error);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();  // window-modal but does not block the event loop
    }
    emit storeFailed(path, error);
}

void MainWindow::onLoadCancelled(const QString& path) {
    if (!m_analysis) m_welcome->setText(welcomeText());
    statusBar()->showMessage(tr("Loading %1 cancelled").arg(QFileInfo(path).fileName()), 5000);
}

void MainWindow::runFilter(const FilterSpec& spec) {
    if (!m_analysis) return;
    m_filterJobs.stop();
    if (spec.isEmpty()) {
        applyFilter(nullptr);
        return;
    }
    // The filter touches every member record once (cache misses: ~0.4 µs each): small stores are
    // filtered right here, big ones in the background so typing never freezes the window.
    uint64_t members = 0;
    for (const Group& g : m_analysis->groups()) members += g.members.size();
    if (members <= kSyncFilterRecords) {
        if (std::optional<FilterResult> r = computeFilter(*m_analysis, spec))
            applyFilter(std::make_shared<const FilterResult>(std::move(*r)));
        return;
    }
    std::shared_ptr<const Analysis> analysis = m_analysis;
    m_filterBar->setResultText(tr("filtering…"));
    m_filterJobs.start(
        this,
        [analysis, spec](JobContext& ctx) -> std::shared_ptr<const FilterResult> {
            std::optional<FilterResult> r = computeFilter(*analysis, spec, ctx.stopFlag());
            if (!r) return {};
            return std::make_shared<const FilterResult>(std::move(*r));
        },
        [this, analysis](std::shared_ptr<const FilterResult> result) {
            if (analysis == m_analysis && result) applyFilter(std::move(result));
        });
}

void MainWindow::applyFilter(std::shared_ptr<const FilterResult> filter) {
    const int group = currentGroup();
    m_filter = std::move(filter);
    m_syncing = true;
    m_groupsModel->setFilter(m_filter);
    m_groupsProxy->refilter();
    m_syncing = false;
    const QLocale locale;
    if (m_filter)
        m_filterBar->setResultText(tr("%1 of %2 groups · %3 records")
                                       .arg(locale.toString(qulonglong(m_filter->visibleGroups)),
                                            locale.toString(qulonglong(m_analysis->groups().size())),
                                            locale.toString(qulonglong(m_filter->matchedRecords))));
    else
        m_filterBar->setResultText(QString());
    // A correlation id that is in no group (a match, noise or allowed record) is still shown, with
    // its outcome, instead of "0 of N groups".
    if (m_filter && m_filter->visibleGroups == 0) {
        const std::string id = m_filterBar->spec().correlationId;
        if (const std::optional<uint32_t> r = id.empty() ? std::nullopt : m_analysis->findRecord(id)) {
            showUngroupedRecord(*r);
            emit filterApplied();
            return;
        }
    }
    const int row = group >= 0 ? m_groupsProxy->rowOfGroup(uint32_t(group)) : -1;
    if (row >= 0) {
        m_syncing = true;
        m_groupsView->setCurrentIndex(m_groupsProxy->index(row, 0));
        m_syncing = false;
        showGroup(group);  // same group, new record filter
    } else if (!selectGroupRow(0)) {
        showGroup(-1);
    }
    emit filterApplied();
}

bool MainWindow::selectGroupRow(int row) {
    if (row < 0 || row >= m_groupsProxy->rowCount()) return false;
    const QModelIndex index = m_groupsProxy->index(row, 0);
    if (m_groupsView->currentIndex().row() == row && m_groupsView->currentIndex().isValid())
        showGroup(m_groupsProxy->groupAt(row));  // already current: refresh
    else
        m_groupsView->setCurrentIndex(index);
    m_groupsView->scrollTo(index);
    return true;
}

bool MainWindow::selectRecordRow(int row) {
    if (row < 0 || row >= m_recordsModel->rowCount()) return false;
    const QModelIndex index = m_recordsModel->index(row, 0);
    m_recordsView->setCurrentIndex(index);
    m_recordsView->scrollTo(index);
    return true;
}

bool MainWindow::selectRecordById(const QString& id) {
    if (!m_analysis) return false;
    const std::optional<uint32_t> r = m_analysis->findRecord(id.toStdString());
    if (!r) return false;
    if (m_analysis->records()[*r].group == kNone) {  // a match, noise or allowed record: shown alone
        showUngroupedRecord(*r);
        return true;
    }
    const int groupRow = m_groupsProxy->rowOfGroup(m_analysis->records()[*r].group);
    if (groupRow < 0 || !selectGroupRow(groupRow)) return false;
    return selectRecordRow(m_recordsModel->rowOfRecord(*r));
}

int MainWindow::currentGroup() const { return m_recordsModel->group(); }

uint32_t MainWindow::currentRecord() const { return m_recordsModel->recordAt(m_recordsView->currentIndex().row()); }

void MainWindow::onGroupRowChanged() {
    if (m_syncing) return;
    showGroup(m_groupsProxy->groupAt(m_groupsView->currentIndex().row()));
}

void MainWindow::showGroup(int group) {
    m_recordsModel->setGroup(group, m_filter);
    updateSplitPanel(group);  // a split group shows its breakdown; "All values" first
    updateRecordsLabel();
    selectFirstRecord();
}

void MainWindow::selectFirstRecord() {
    if (m_recordsModel->rowCount() > 0) {
        m_recordsView->setCurrentIndex(m_recordsModel->index(0, 0));
        m_recordsView->scrollToTop();
    } else {
        onRecordRowChanged();  // no record: the diff view is cleared
    }
}

void MainWindow::onRecordRowChanged() {
    const uint32_t record = currentRecord();
    if (record == kNone)
        m_diff->clear();
    else
        m_diff->showRecord(record, m_enterAtLast);
    if (record != kNone) emit recordShown(record);
}

bool MainWindow::selectCauseRow(int row) {
    if (!m_analysis) return false;
    std::shared_ptr<const FilterResult> filter = m_causesModel->causeFilter(row);
    if (!filter) return false;
    m_filterJobs.stop();
    applyFilter(std::move(filter));
    const QModelIndex title = m_causesModel->index(row, CausesModel::Title);
    m_filterBar->setResultText(tr("cause: %1 · %2 group(s) · %3 record(s)")
                                   .arg(title.data().toString())
                                   .arg(m_filter ? m_filter->visibleGroups : 0)
                                   .arg(m_filter ? m_filter->matchedRecords : 0));
    if (m_causesView->currentIndex().row() != row) m_causesView->setCurrentIndex(m_causesModel->index(row, 0));
    return true;
}

void MainWindow::showUngroupedRecord(uint32_t record) {
    const IndexedRecord& rec = m_analysis->records()[record];
    if (rec.group != kNone) return;
    m_groupsView->clearSelection();
    m_recordsModel->setGroup(-1, m_filter);
    const QString id = QString::fromUtf8(m_analysis->id(rec));
    const QString outcome = QString::fromLatin1(outcomeName(rec.outcome).data());
    m_recordsLabel->setText(tr("<b>%1</b> is a <b>%2</b> record (in no group)").arg(id.toHtmlEscaped(), outcome));
    m_filterBar->setResultText(tr("%1: %2, in no group").arg(id, outcome));
    m_diff->showRecord(record);
    emit recordShown(record);
}

void MainWindow::updateRecordsLabel() {
    const int group = m_recordsModel->group();
    if (!m_analysis || group < 0) {
        m_recordsLabel->setText(m_analysis ? tr("No group selected") : QString());
        return;
    }
    const Group& g = m_analysis->groups()[size_t(group)];
    const QLocale locale;
    if (m_indexSummary) {  // opened from an index: the records are still being read
        m_recordsLabel->setText(tr("<b>%1</b> records of group <tt>%2</tt> · reading the records from the index…")
                                    .arg(locale.toString(qulonglong(g.count)), QString::fromStdString(g.signature)));
        return;
    }
    const int rows = m_recordsModel->totalRows();
    QString text =
        (rows == 1 ? tr("<b>%1</b> record of group <tt>%2</tt>") : tr("<b>%1</b> records of group <tt>%2</tt>"))
            .arg(locale.toString(rows), QString::fromStdString(g.signature));
    if (m_recordsModel->isPart()) {  // one value of a split
        const QModelIndex value = m_splitModel->index(m_splitView->currentIndex().row(), SplitModel::Value);
        text += tr(" with %1 = <b>%2</b> (of %3)")
                    .arg(m_splitModel->field().toHtmlEscaped(), value.data().toString().toHtmlEscaped(),
                         locale.toString(qulonglong(g.members.size())));
    } else if (size_t(m_recordsModel->totalRows()) < g.members.size())
        text += tr(" matching the filter (of %1)").arg(locale.toString(qulonglong(g.members.size())));
    m_recordsLabel->setText(text);
}

void MainWindow::updateTitle() {
    setWindowTitle(m_path.isEmpty() ? QStringLiteral("difftriage")
                                    : QStringLiteral("%1 — difftriage").arg(QFileInfo(m_path).fileName()));
    setWindowFilePath(m_path);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_load->cancel();
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile()) return;
    event->acceptProposedAction();
    openStore(urls.first().toLocalFile());
}

}  // namespace dt
