// SPDX-License-Identifier: MIT
#pragma once
// Two synchronized, custom-painted panes over one dt::SideBySide row list (primary left, candidate
// right), KDiff3 style: aligned rows, padding where a side has no line, changed rows tinted,
// intra-line changes highlighted, line numbers, one shared vertical and horizontal scroll position,
// and an overview strip of where the changes are. Only visible rows are painted and only the
// visible columns of a line are decoded, so 100k-row bodies and multi-megabyte single lines stay fast.
#include <QAbstractScrollArea>
#include <QRectF>
#include <QVector>
#include <QWidget>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/compare/compare.h"
#include "core/present/side_by_side.h"
#include "ui/diffcolors.h"
#include "ui/displaycolumns.h"

class QLabel;

namespace dt {

// A SideBySide plus what the view needs to lay it out, computed once (off the GUI thread).
struct SideBySideData {
    SideBySide sbs;
    bool normalized = true;
    BodyKind leftKind = BodyKind::Empty;  // classifyBody() of each body, computed once here
    BodyKind rightKind = BodyKind::Empty;
    uint32_t leftColumns = 0;  // widest line on each side, in display columns
    uint32_t rightColumns = 0;
    uint32_t maxLineNumber = 0;  // highest 1-based line number on either side
    // Display columns of every row's line on each side (0 where the side has no line): what
    // wrapping long lines needs, measured once here instead of on every resize.
    std::vector<uint32_t> leftRowColumns, rightRowColumns;
    std::vector<uint32_t> hunks;  // first row of every run of rows that are not Same
    // JSON Pointer of every candidate line (normalized JSON only; empty otherwise). A row carries the
    // pointer of its primary line (or of its candidate line when it has no primary line), so a
    // changed row pairing two different keys needs this to find the candidate's key.
    std::vector<std::string> rightPointers;
    std::unordered_map<std::string, uint32_t> firstRow;  // wanted pointer -> first row showing it exactly
};
// Builds the rows (core buildSideBySide) and the lookup tables for `wantedPointers` (the paths of the
// record's differences). With `onlyListed`, rows no wanted pointer names are not tinted (core
// keepListedChanges): the caller passes every body difference of the record. Any thread.
std::shared_ptr<const SideBySideData> prepareSideBySide(std::string_view primaryBody, std::string_view candidateBody,
                                                        bool normalized,
                                                        const std::vector<std::string>& wantedPointers = {},
                                                        bool onlyListed = false, bool maskSecrets = false);
// (maskSecrets: every line masked by core maskSideBySide before the tables are built; View › Mask Secrets.)
// Rows [first, last] showing `pointer` or something below it on either side; {-1, -1} when none.
std::pair<int, int> rowsForPointer(const SideBySideData& data, std::string_view pointer);

class SideBySideView;

// One side. Paints the rows of the shared list; scrolling is driven by SideBySideView.
class DiffPane : public QAbstractScrollArea {
    Q_OBJECT
public:
    enum Side { Left, Right };
    DiffPane(Side side, SideBySideView* view);
    Side side() const { return m_side; }
    int rowHeight() const;
    int charWidth() const;
    int gutterWidth() const;
    int visibleRows() const;  // visual lines that fit entirely (= rows when lines are not wrapped)
    int rowAt(int y) const;   // row under a viewport y, -1 when none
    // The intra-line highlight rectangles of `row` in viewport coordinates (row painted at y),
    // placed from the font metrics of the painted text (prefix advance), so they sit exactly on the
    // changed glyphs whatever their widths (tabs, wide and combining characters). With wrapped
    // lines, `segment` is which visual line of the row is painted at y.
    QVector<QRectF> changeRects(int row, int y, int segment = 0) const;
    // Where the text of a row starts (viewport x, before horizontal scrolling).
    int textLeft() const { return gutterWidth() + 4; }

signals:
    void rowClicked(int row, int side);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    void paintRow(QPainter& p, int row, int segment, int y);
    // The columns of a row painted on one visual line: the horizontally scrolled window, or with
    // wrapped lines the segment's slice of the line.
    void columnWindow(int segment, uint32_t* firstCol, uint32_t* cols) const;
    // The painted text of a row's window, and the window's first column.
    QString windowText(int row, int segment, std::vector<uint32_t>* changeColumns, uint32_t* firstCol) const;
    Side m_side;
    SideBySideView* m_view;
};

class SideBySideView : public QWidget {
    Q_OBJECT
public:
    explicit SideBySideView(QWidget* parent = nullptr);
    ~SideBySideView() override;

    void setData(std::shared_ptr<const SideBySideData> data);
    const SideBySideData* data() const { return m_data.get(); }
    std::shared_ptr<const SideBySideData> sharedData() const { return m_data; }
    int rowCount() const;
    void setHeaders(const QString& left, const QString& right);
    // The sides' names for accessibility ("Primary body"; "Candidate (reference) body" when swapped).
    void setSideNames(const QString& left, const QString& right);
    QString headerText(DiffPane::Side side) const;

    // Marks the rows [first, last] as the current difference (-1 = none).
    void setCurrentRange(int first, int last);
    int currentFirst() const { return m_currentFirst; }
    int currentLast() const { return m_currentLast; }

    // Scrolls both panes so that `row` is visible, about a quarter from the top, and the first
    // highlighted column of the row (if any) is horizontally visible.
    void scrollToRow(int row);
    int firstVisibleRow() const;
    int visibleRowCount() const;  // rows at least partly visible
    int horizontalOffset() const;
    void setFirstVisibleRow(int row);
    void setHorizontalOffset(int px);

    // Wrap Long Lines: a line wider than the pane continues on the next visual lines (the row grows,
    // both sides stay aligned, no horizontal scrolling). The vertical scroll position then counts
    // visual lines; the first visible row is kept when toggling.
    void setWrap(bool wrap);
    bool wrap() const { return m_wrap; }
    int wrapColumns() const { return m_wrapColumns; }  // columns per visual line while wrapping
    int rowLines(int row) const;                       // visual lines of a row (1 unless wrapping)
    int lineOfRow(int row) const;                      // first visual line of a row
    int rowOfLine(int line) const;                     // the row a visual line belongs to
    int lineCount() const;                             // visual lines of the whole document
    // A wrapped row is cut after this many visual lines (a multi-megabyte minified line would
    // otherwise make one row thousands of screens tall): turn wrapping off to scroll through the rest.
    static constexpr int kMaxRowLines = 2000;

    DiffPane* pane(DiffPane::Side side) const { return side == DiffPane::Left ? m_left : m_right; }
    const DiffColors& colors() const { return m_colors; }

    // JSON Pointer shown on one side of a row ("" when unknown).
    std::string pointerAt(int row, DiffPane::Side side) const;

signals:
    void rowClicked(int row, int side);      // side: DiffPane::Side
    void allowRequested(int row, int side);  // "Allow this difference…" from a pane's context menu

protected:
    void changeEvent(QEvent* event) override;

private:
    friend class DiffPane;
    friend class DiffOverview;
    void updateScrollRanges();
    void updateColors();
    void layoutWrappedLines(int columns);  // m_lineStart for `columns` per visual line

    std::shared_ptr<const SideBySideData> m_data;
    DiffColors m_colors;
    DiffPane* m_left = nullptr;
    DiffPane* m_right = nullptr;
    QWidget* m_overview = nullptr;
    QLabel* m_leftHeader = nullptr;
    QLabel* m_rightHeader = nullptr;
    int m_currentFirst = -1;
    int m_currentLast = -1;
    bool m_syncing = false;
    bool m_wrap = false;
    int m_wrapColumns = 0;
    std::vector<int> m_lineStart;  // wrapping: first visual line of every row, plus the total at the end
};

}  // namespace dt
