// SPDX-License-Identifier: MIT
#pragma once
// The diff view of one record: a toolbar (previous/next difference, normalized/raw, copy id, copy
// record as JSON, export RFC 6902 patch), the side-by-side body view with a differences list beside
// it, and detail tabs (status, headers, request, latency, secondary) under them.
//
// showRecord() reads the record back from the store and builds the side-by-side rows on a worker
// thread (QtConcurrent); a generation token makes sure only the newest request is ever shown.
// Keys: see docs/diffview.md.
#include <QPointer>
#include <QWidget>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/analysis.h"

class QAction;
class QLabel;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTimer;
class QToolBar;

namespace dt {

class DetailTabs;
class DifferencesModel;
class SideBySideView;
struct SideBySideData;

class DiffView : public QWidget {
    Q_OBJECT
public:
    enum class State { Empty, Loading, Ready, Error };

    explicit DiffView(QWidget* parent = nullptr);
    ~DiffView() override;

    void setAnalysis(std::shared_ptr<const Analysis> analysis);
    // Loads record `recordIndex` of the analysis in the background and shows it. The first shown
    // difference is the record's first one, or its last with `enterAtLast` (walking backwards).
    void showRecord(uint32_t recordIndex, bool enterAtLast = false);
    void clear();
    // Testing hook (and for callers that already hold a Detail): shows it synchronously.
    void setDetail(const Analysis::Detail& detail);

    State state() const { return m_state; }
    QString message() const;  // the loading / error / empty text
    const Analysis::Detail* detail() const { return m_detail.get(); }
    std::optional<uint32_t> recordIndex() const { return m_recordIndex; }

    bool isNormalized() const { return m_normalized; }
    void setNormalized(bool normalized);
    // Raw mode: JSON bodies indented (default) or exactly as received (one line when minified).
    bool indentsRaw() const { return m_indentRaw; }
    void setIndentRaw(bool indent);
    // Wrap Long Lines (Diff menu, Ctrl+Shift+W, w in the panes): lines wider than the panes continue
    // on the next visual lines instead of scrolling sideways.
    bool wrapsLines() const;
    void setWrapLines(bool wrap);
    // View › Mask Secrets (default off here, always on in reports): the panes and the differences
    // list show what core masks (maskSideBySide / maskDifference); the record is shown again.
    bool masksSecrets() const { return m_mask; }
    void setMaskSecrets(bool mask);
    bool isBuilding() const { return m_pendingBuilds > 0; }  // a raw/normalized rebuild runs in the background

    // Navigation over the differences: every list row is a stop; a whole-body text difference (or a
    // difference that cannot be located in raw mode) is expanded into one stop per changed hunk.
    int currentDifference() const;  // row in the differences list, -1 = none
    void setCurrentDifference(int row);
    bool nextDifference();  // false when already at the last stop
    bool previousDifference();
    // What F7 / Alt+Down (and n) do: the next difference, or boundaryReached(+1) past the last one
    // so that the window moves on to the next record. Shift+F7 / Alt+Up / p: the same backwards.
    void stepForward();
    void stepBackward();
    int stopCount() const { return int(m_stops.size()); }
    int currentStop() const { return m_stop; }

    // Clipboard and export, also reachable from the toolbar.
    QString recordJson() const;                              // the record as one JSON line (diff-store JSONL form)
    std::optional<std::string> patch(QString* error) const;  // RFC 6902, primary -> candidate
    bool exportPatch(const QString& fileName, QString* error);

    SideBySideView* sideBySide() const { return m_sbs; }
    DifferencesModel* differencesModel() const { return m_model; }
    QTableView* differencesTable() const { return m_table; }
    DetailTabs* detailTabs() const { return m_tabs; }
    QString noteText() const;
    QString titleText() const;
    // next, previous, normalized toggle, copy id, copy JSON, export patch (for menus).
    QList<QAction*> diffActions() const;

public slots:
    void copyCorrelationId();
    void copyRecordJson();
    void exportPatchInteractive();

signals:
    void stateChanged(dt::DiffView::State state);
    void currentDifferenceChanged(int row);
    // The user asked to allow the difference at this row of the differences list (right-click on
    // a change in the side-by-side panes).
    void allowDifferenceRequested(int row);
    void statusMessage(const QString& text);
    // Stepping ran past the last (+1) or before the first (-1) difference of the shown record.
    void maskSecretsChanged(bool mask);
    void boundaryReached(int direction);  // short feedback ("Copied …", "Exported …") for a status bar

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Stop {
        int listRow = -1;
        int first = -1;  // side-by-side rows, -1 = not in the body view
        int last = -1;
    };
    struct Loaded;

    void setState(State state, const QString& message = {});
    void releaseRecord();  // drops the shown record; big payloads are freed on a worker thread
    void showDetail(std::shared_ptr<const Analysis::Detail> detail, std::shared_ptr<const SideBySideData> sbs,
                    bool normalized);
    void applySideBySide(std::shared_ptr<const SideBySideData> data);
    void ensureSideBySide();
    void rebuildStops();
    void goToStop(int stop);
    void onTableCurrentChanged(int row);
    void onRowClicked(int row, int side);
    void updateTitle();
    void updateActions();

    std::shared_ptr<const Analysis> m_analysis;
    std::shared_ptr<const Analysis::Detail> m_detail;
    std::shared_ptr<const SideBySideData> m_normalizedData;
    std::shared_ptr<const SideBySideData> m_rawData;
    std::optional<uint32_t> m_recordIndex;
    uint64_t m_generation = 0;
    bool m_normalized = true;
    bool m_indentRaw = true;
    bool m_mask = false;
    BodyKind m_primaryKind = BodyKind::Empty;  // from the worker: classifying 5 MB bodies is not free
    BodyKind m_candidateKind = BodyKind::Empty;
    int m_pendingBuilds = 0;
    bool m_syncingTable = false;
    State m_state = State::Empty;
    std::vector<Stop> m_stops;
    int m_stop = -1;
    bool m_enterAtLast = false;

    QToolBar* m_toolbar = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_note = nullptr;
    QLabel* m_messageLabel = nullptr;
    QStackedWidget* m_stack = nullptr;
    QSplitter* m_vsplit = nullptr;
    QSplitter* m_hsplit = nullptr;
    SideBySideView* m_sbs = nullptr;
    DifferencesModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    DetailTabs* m_tabs = nullptr;
    QTimer* m_loadingTimer = nullptr;
    QAction* m_next = nullptr;
    QAction* m_previous = nullptr;
    QAction* m_normalizedAction = nullptr;
    QAction* m_indentRawAction = nullptr;
    QAction* m_wrapAction = nullptr;
    QAction* m_copyId = nullptr;
    QAction* m_copyJson = nullptr;
    QAction* m_export = nullptr;
};

}  // namespace dt
