// SPDX-License-Identifier: MIT
#include "ui/sidebysideview.h"

#include "core/compare/difference.h"
#include "core/report/mask_view.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>
#include <algorithm>
#include <climits>

namespace dt {

std::shared_ptr<const SideBySideData> prepareSideBySide(std::string_view primaryBody, std::string_view candidateBody,
                                                        bool normalized, const std::vector<std::string>& wantedPointers,
                                                        bool onlyListed, bool maskSecrets) {
    auto data = std::make_shared<SideBySideData>();
    data->normalized = normalized;
    data->sbs = buildSideBySide(primaryBody, candidateBody, normalized);
    if (onlyListed) keepListedChanges(data->sbs, wantedPointers);
    if (maskSecrets) maskSideBySide(data->sbs, defaultRedactor());
    data->leftKind = classifyBody(primaryBody);
    data->rightKind = classifyBody(candidateBody);
    const SideBySide& sbs = data->sbs;
    bool anyChanged = false;
    for (const AlignedRow& row : sbs.rows) anyChanged = anyChanged || row.state == RowState::Changed;
    if (normalized && sbs.right_json && anyChanged) {
        if (!canonicalJson(candidateBody, &data->rightPointers)) data->rightPointers.clear();
    }
    std::unordered_map<std::string, uint32_t> wanted;
    for (const std::string& p : wantedPointers)
        if (!p.empty()) wanted.emplace(p, UINT32_MAX);
    auto note = [&wanted](const std::string& pointer, uint32_t row) {
        if (wanted.empty() || pointer.empty()) return;
        auto it = wanted.find(pointer);
        if (it != wanted.end() && it->second == UINT32_MAX) it->second = row;
    };
    bool inHunk = false;
    data->leftRowColumns.assign(sbs.rows.size(), 0);
    data->rightRowColumns.assign(sbs.rows.size(), 0);
    for (uint32_t r = 0; r < sbs.rows.size(); ++r) {
        const AlignedRow& row = sbs.rows[r];
        note(row.pointer, r);
        if (row.left_line) {
            data->leftRowColumns[r] = displayColumns(row.left);
            data->leftColumns = std::max(data->leftColumns, data->leftRowColumns[r]);
            data->maxLineNumber = std::max(data->maxLineNumber, *row.left_line + 1);
        }
        if (row.right_line) {
            data->rightRowColumns[r] = displayColumns(row.right);
            data->rightColumns = std::max(data->rightColumns, data->rightRowColumns[r]);
            data->maxLineNumber = std::max(data->maxLineNumber, *row.right_line + 1);
            if (*row.right_line < data->rightPointers.size()) note(data->rightPointers[*row.right_line], r);
        }
        const bool changed = row.state != RowState::Same;
        if (changed && !inHunk) data->hunks.push_back(r);
        inHunk = changed;
    }
    for (auto& [pointer, row] : wanted)
        if (row != UINT32_MAX) data->firstRow.emplace(pointer, row);
    return data;
}

std::pair<int, int> rowsForPointer(const SideBySideData& data, std::string_view pointer) {
    const auto& rows = data.sbs.rows;
    auto shows = [&](size_t r) {
        const AlignedRow& row = rows[r];
        if (pointerAtOrBelow(row.pointer, pointer)) return true;
        return row.right_line && *row.right_line < data.rightPointers.size() &&
               pointerAtOrBelow(data.rightPointers[*row.right_line], pointer);
    };
    int first = -1;
    if (auto it = data.firstRow.find(std::string(pointer)); it != data.firstRow.end()) {
        first = int(it->second);
    } else {
        first = rowForPointer(data.sbs, pointer);  // core: rows carrying the pointer themselves
        if (!data.rightPointers.empty()) {         // plus candidate lines paired into changed rows
            const size_t end = first >= 0 ? size_t(first) : rows.size();
            for (size_t r = 0; r < end; ++r)
                if (shows(r)) {
                    first = int(r);
                    break;
                }
        }
    }
    if (first < 0) return {-1, -1};
    int last = first;
    while (size_t(last + 1) < rows.size() && shows(size_t(last + 1))) ++last;
    return {first, last};
}

// ---------------------------------------------------------------------------------------------
// Overview strip: where the changes are in the whole document, and where the viewport is.
// ---------------------------------------------------------------------------------------------
class DiffOverview : public QWidget {
public:
    explicit DiffOverview(SideBySideView* view) : QWidget(view), m_view(view) {
        setFixedWidth(12);
        setCursor(Qt::PointingHandCursor);
        setToolTip(QObject::tr("Overview of changes; click to jump"));
    }
    void invalidate() {
        m_cacheHeight = -1;
        update();
    }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        const DiffColors& c = m_view->colors();
        p.fillRect(rect(), c.gutter);
        const int rows = m_view->rowCount();
        if (rows == 0 || height() <= 4) return;
        const int h = height() - 4;
        if (m_cacheHeight != h) rebuild(h);
        for (int y = 0; y < h; ++y) {
            const uint8_t s = m_cache[size_t(y)];
            if (!s) continue;
            const QColor col = s == 1 ? c.removedInline : s == 2 ? c.addedInline : c.changedInline;
            p.fillRect(QRect(2, 2 + y, width() - 4, 1), col);
        }
        const int first = m_view->firstVisibleRow();
        const int visible = std::max(1, m_view->visibleRowCount());
        const int y0 = 2 + int(int64_t(first) * h / rows);
        const int y1 = 2 + int(int64_t(std::min(rows, first + visible)) * h / rows);
        p.setPen(c.gutterText);
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRect(0, y0, width() - 1, std::max(2, y1 - y0)));
    }
    void mousePressEvent(QMouseEvent* e) override { jump(e->position().y()); }
    void mouseMoveEvent(QMouseEvent* e) override {
        if (e->buttons() & Qt::LeftButton) jump(e->position().y());
    }
    void resizeEvent(QResizeEvent*) override { m_cacheHeight = -1; }

private:
    void jump(double y) {
        const int rows = m_view->rowCount();
        if (rows == 0 || height() <= 4) return;
        const int row = int(std::clamp((y - 2) / (height() - 4), 0.0, 1.0) * rows);
        m_view->setFirstVisibleRow(row - m_view->visibleRowCount() / 2);
    }
    // One byte per pixel: 0 nothing, 1 removed only, 2 added only, 3 changed / mixed.
    void rebuild(int h) {
        m_cacheHeight = h;
        m_cache.assign(size_t(h), 0);
        const SideBySideData* d = m_view->data();
        if (!d) return;
        const auto& rows = d->sbs.rows;
        for (size_t r = 0; r < rows.size(); ++r) {
            uint8_t s = 0;
            switch (rows[r].state) {
            case RowState::Same: continue;
            case RowState::Removed: s = 1; break;
            case RowState::Added: s = 2; break;
            case RowState::Changed: s = 3; break;
            }
            const int y0 = int(int64_t(r) * h / int64_t(rows.size()));
            const int y1 = std::max(y0 + 1, int(int64_t(r + 1) * h / int64_t(rows.size())));
            for (int y = y0; y < y1 && y < h; ++y) m_cache[size_t(y)] |= s;
        }
    }
    SideBySideView* m_view;
    std::vector<uint8_t> m_cache;
    int m_cacheHeight = -1;
};

// ---------------------------------------------------------------------------------------------
// DiffPane
// ---------------------------------------------------------------------------------------------
DiffPane::DiffPane(Side side, SideBySideView* view) : QAbstractScrollArea(view), m_side(side), m_view(view) {
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    viewport()->setAutoFillBackground(false);
    viewport()->setCursor(Qt::IBeamCursor);
    setObjectName(side == Left ? QStringLiteral("primaryPane") : QStringLiteral("candidatePane"));
    setAccessibleName(side == Left ? tr("Primary body") : tr("Candidate body"));
}

int DiffPane::rowHeight() const { return std::max(1, fontMetrics().lineSpacing() + 1); }
int DiffPane::charWidth() const { return std::max(1, fontMetrics().horizontalAdvance(QLatin1Char('M'))); }

int DiffPane::gutterWidth() const {
    const SideBySideData* d = m_view->data();
    int digits = 3;
    for (uint32_t n = d ? d->maxLineNumber : 0; n >= 1000; n /= 10) ++digits;
    return 6 + (digits + 1) * charWidth();
}

int DiffPane::visibleRows() const { return std::max(1, viewport()->height() / rowHeight()); }

int DiffPane::rowAt(int y) const {
    if (y < 0) return -1;
    const int line = verticalScrollBar()->value() + y / rowHeight();
    return line >= 0 && line < m_view->lineCount() ? m_view->rowOfLine(line) : -1;
}

void DiffPane::paintEvent(QPaintEvent* event) {
    QPainter p(viewport());
    const DiffColors& c = m_view->colors();
    const QRect area = viewport()->rect();
    const int gw = gutterWidth();
    p.fillRect(QRect(0, 0, gw, area.height()), c.gutter);
    p.fillRect(QRect(gw, 0, area.width() - gw, area.height()), c.base);
    const SideBySideData* d = m_view->data();
    if (d) {  // one visual line at a time: a row, or with wrapping one segment of a row
        const int rh = rowHeight();
        const int first = verticalScrollBar()->value();
        const int total = m_view->lineCount();
        const int y0 = event->rect().top() / rh;
        const int y1 = event->rect().bottom() / rh;
        for (int k = y0; k <= y1; ++k) {
            const int line = first + k;
            if (line < 0 || line >= total) break;
            const int row = m_view->rowOfLine(line);
            paintRow(p, row, line - m_view->lineOfRow(row), k * rh);
        }
    }
    if (hasFocus()) {  // which pane n/p/r and the arrows talk to
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(area.adjusted(1, 1, -1, -1));
    }
}

void DiffPane::focusInEvent(QFocusEvent* event) {
    QAbstractScrollArea::focusInEvent(event);
    viewport()->update();
}

void DiffPane::focusOutEvent(QFocusEvent* event) {
    QAbstractScrollArea::focusOutEvent(event);
    viewport()->update();
}

void DiffPane::columnWindow(int segment, uint32_t* firstCol, uint32_t* cols) const {
    if (m_view->wrap()) {
        *cols = uint32_t(m_view->wrapColumns());
        *firstCol = uint32_t(std::max(segment, 0)) * *cols;
        return;
    }
    const int cw = charWidth();
    *firstCol = uint32_t(horizontalScrollBar()->value() / cw);
    *cols = uint32_t((viewport()->width() - textLeft()) / cw + 2);
}

QString DiffPane::windowText(int row, int segment, std::vector<uint32_t>* changeColumns, uint32_t* firstColOut) const {
    const AlignedRow& r = m_view->data()->sbs.rows[size_t(row)];
    const bool left = m_side == Left;
    const std::string& text = left ? r.left : r.right;
    const std::vector<Range>& changes = left ? r.left_changes : r.right_changes;
    uint32_t firstCol = 0, cols = 0;
    columnWindow(segment, &firstCol, &cols);
    std::vector<uint32_t> offsets;
    offsets.reserve(changes.size() * 2);
    for (const Range& range : changes) {
        offsets.push_back(range.start);
        offsets.push_back(range.start + range.length);
    }
    if (firstColOut) *firstColOut = firstCol;
    return displayWindow(text, firstCol, cols, offsets, changeColumns);
}

QVector<QRectF> DiffPane::changeRects(int row, int y, int segment) const {
    QVector<QRectF> rects;
    const SideBySideData* d = m_view->data();
    if (!d || row < 0 || row >= int(d->sbs.rows.size())) return rects;
    const AlignedRow& r = d->sbs.rows[size_t(row)];
    const size_t changeCount = (m_side == Left ? r.left_changes : r.right_changes).size();
    if (changeCount == 0 || !(m_side == Left ? r.left_line : r.right_line)) return rects;
    std::vector<uint32_t> columns;
    uint32_t firstCol = 0;
    const QString shown = windowText(row, segment, &columns, &firstCol);
    uint32_t windowStart = 0, windowColumns = 0;
    columnWindow(segment, &windowStart, &windowColumns);
    // With wrapping, a change that starts at or after this segment's end belongs to a later segment.
    const uint32_t windowEnd = m_view->wrap() ? windowStart + windowColumns : UINT32_MAX;
    // Column -> index into `shown`: one column per code point (tabs are already spaces there).
    std::vector<int> indexOfColumn{0};
    for (int i = 0; i < shown.size(); ++i) {
        if (shown[i].isHighSurrogate() && i + 1 < shown.size()) ++i;
        indexOfColumn.push_back(i + 1);
    }
    const QFontMetricsF fm(font());
    const double width = viewport()->width();
    const double left = textLeft() - horizontalScrollBar()->value() % charWidth();
    auto xOf = [&](uint32_t col) -> double {
        if (col == UINT32_MAX) return width;  // beyond the painted window
        if (col < firstCol) return left - double(firstCol - col) * charWidth();
        const size_t k = std::min<size_t>(col - firstCol, indexOfColumn.size() - 1);
        return left + fm.horizontalAdvance(shown.left(indexOfColumn[k]));
    };
    for (size_t k = 0; k < changeCount; ++k) {
        const uint32_t startCol = columns[2 * k], endCol = columns[2 * k + 1];
        // Wholly before the window (scrolled or wrapped past it): nothing to mark on this line.
        if (startCol < firstCol && (endCol < firstCol || (endCol == firstCol && startCol != endCol))) continue;
        if (startCol != kNoColumn && startCol >= windowEnd) continue;
        const double x0 = std::max(xOf(columns[2 * k]), double(textLeft() - 2));
        double x1 = std::min(xOf(columns[2 * k + 1]), width);
        if (x1 <= x0) x1 = x0 + 2;  // an insertion point: a thin bar
        if (x0 >= width) continue;
        rects.push_back(QRectF(x0, y, x1 - x0, rowHeight()));
    }
    return rects;
}

void DiffPane::paintRow(QPainter& p, int row, int segment, int y) {
    const DiffColors& c = m_view->colors();
    const SideBySideData& d = *m_view->data();
    const AlignedRow& r = d.sbs.rows[size_t(row)];
    const bool left = m_side == Left;
    const std::optional<uint32_t>& lineNo = left ? r.left_line : r.right_line;
    const std::string& text = left ? r.left : r.right;
    const int rh = rowHeight();
    const int cw = charWidth();
    const int width = viewport()->width();
    const int gw = gutterWidth();
    const int tl = textLeft();
    const int shift = horizontalScrollBar()->value() % cw;
    const QRect textRect(gw, y, width - gw, rh);

    // Background.
    if (!lineNo) {
        p.fillRect(textRect, c.padding);
        p.fillRect(textRect, QBrush(c.paddingHatch, Qt::BDiagPattern));
    } else if (r.state != RowState::Same) {
        p.fillRect(textRect, left ? c.removed : c.added);
    }

    // Line number on a row's first visual line; a wrapped continuation gets a mark instead.
    const std::vector<uint32_t>& rowColumns = left ? d.leftRowColumns : d.rightRowColumns;
    const uint32_t lineColumns = size_t(row) < rowColumns.size() ? rowColumns[size_t(row)] : UINT32_MAX;
    uint32_t firstCol = 0, cols = 0;
    columnWindow(segment, &firstCol, &cols);
    const bool continuation = segment > 0 && firstCol < lineColumns;
    if (lineNo && (segment == 0 || continuation)) {
        p.setPen(c.gutterText);
        p.drawText(QRect(4, y, gw - 4 - cw / 2, rh), Qt::AlignRight | Qt::AlignVCenter,
                   segment == 0 ? QString::number(*lineNo + 1) : QStringLiteral("\u21aa"));
    }

    // Current difference marker (around all visual lines of the rows).
    if (m_view->m_currentFirst >= 0 && row >= m_view->m_currentFirst && row <= m_view->m_currentLast) {
        p.fillRect(QRect(0, y, 3, rh), c.current);
        p.setPen(c.current);
        if (row == m_view->m_currentFirst && segment == 0) p.drawLine(gw, y, width, y);
        if (row == m_view->m_currentLast && segment == m_view->rowLines(row) - 1)
            p.drawLine(gw, y + rh - 1, width, y + rh - 1);
    }
    if (!lineNo || (segment > 0 && !continuation)) return;  // this side's line ended on an earlier visual line

    p.save();
    p.setClipRect(QRect(tl - 2, y, width - tl + 2, rh));
    const QColor inlineColor = left ? c.removedInline : c.addedInline;
    for (const QRectF& rect : changeRects(row, y, segment)) p.fillRect(rect, inlineColor);
    const QString shown = displayWindow(text, firstCol, cols);
    p.setPen(c.text);
    p.drawText(QPointF(tl - shift, y + (rh - fontMetrics().height()) / 2.0 + fontMetrics().ascent()), shown);
    p.restore();
}

void DiffPane::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    m_view->updateScrollRanges();
}

void DiffPane::scrollContentsBy(int, int) {
    viewport()->update();
    if (m_view->m_overview) m_view->m_overview->update();
}

void DiffPane::mousePressEvent(QMouseEvent* event) {
    setFocus(Qt::MouseFocusReason);
    const int row = rowAt(int(event->position().y()));
    if (row >= 0 && event->button() == Qt::LeftButton) emit rowClicked(row, int(m_side));
    QAbstractScrollArea::mousePressEvent(event);
}

void DiffPane::contextMenuEvent(QContextMenuEvent* event) {
    const int row = rowAt(event->pos().y());
    const SideBySideData* d = m_view->data();
    if (row < 0 || !d) return;
    const AlignedRow& r = d->sbs.rows[size_t(row)];
    QMenu menu(this);
    QAction* copyLine = menu.addAction(tr("Copy line"));
    copyLine->setEnabled((m_side == Left ? r.left_line : r.right_line).has_value());
    QAction* copyPointer = menu.addAction(tr("Copy JSON pointer"));
    const std::string pointer = m_view->pointerAt(row, m_side);
    copyPointer->setEnabled(!pointer.empty());
    menu.addSeparator();
    QAction* allow = menu.addAction(tr("Allow this difference…"));
    allow->setEnabled(!pointer.empty() && r.state != RowState::Same);
    QAction* chosen = menu.exec(event->globalPos());
    if (chosen == allow)
        emit m_view->allowRequested(row, int(m_side));
    else if (chosen == copyLine)
        QApplication::clipboard()->setText(QString::fromUtf8(m_side == Left ? r.left : r.right));
    else if (chosen == copyPointer)
        QApplication::clipboard()->setText(QString::fromStdString(pointer));
}

void DiffPane::keyPressEvent(QKeyEvent* event) {
    if (event->modifiers() & Qt::ControlModifier) {
        if (event->key() == Qt::Key_Home) {
            m_view->setFirstVisibleRow(0);
            return;
        }
        if (event->key() == Qt::Key_End) {
            m_view->setFirstVisibleRow(m_view->rowCount());
            return;
        }
    }
    if (event->modifiers() == Qt::NoModifier) {
        if (event->key() == Qt::Key_Home) {
            m_view->setHorizontalOffset(0);
            return;
        }
        if (event->key() == Qt::Key_End) {
            m_view->setHorizontalOffset(INT_MAX);
            return;
        }
    }
    QAbstractScrollArea::keyPressEvent(event);
}

// ---------------------------------------------------------------------------------------------
// SideBySideView
// ---------------------------------------------------------------------------------------------
SideBySideView::SideBySideView(QWidget* parent) : QWidget(parent) {
    m_colors = DiffColors::fromPalette(palette());
    m_left = new DiffPane(DiffPane::Left, this);
    m_right = new DiffPane(DiffPane::Right, this);
    m_overview = new DiffOverview(this);
    m_leftHeader = new QLabel(tr("Primary"), this);
    m_rightHeader = new QLabel(tr("Candidate"), this);
    m_leftHeader->setObjectName(QStringLiteral("primaryHeader"));
    m_rightHeader->setObjectName(QStringLiteral("candidateHeader"));
    for (QLabel* l : {m_leftHeader, m_rightHeader}) {
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setContentsMargins(4, 2, 4, 2);
    }

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(2);
    grid->setVerticalSpacing(0);
    grid->addWidget(m_leftHeader, 0, 0);
    grid->addWidget(m_rightHeader, 0, 1);
    grid->addWidget(m_left, 1, 0);
    grid->addWidget(m_right, 1, 1);
    grid->addWidget(m_overview, 1, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(1, 1);

    // One scroll position for both panes.
    auto link = [this](QScrollBar* a, QScrollBar* b) {
        connect(a, &QScrollBar::valueChanged, this, [this, b](int v) {
            if (m_syncing) return;
            m_syncing = true;
            b->setValue(v);
            m_syncing = false;
        });
    };
    link(m_left->verticalScrollBar(), m_right->verticalScrollBar());
    link(m_right->verticalScrollBar(), m_left->verticalScrollBar());
    link(m_left->horizontalScrollBar(), m_right->horizontalScrollBar());
    link(m_right->horizontalScrollBar(), m_left->horizontalScrollBar());
    connect(m_left, &DiffPane::rowClicked, this, &SideBySideView::rowClicked);
    connect(m_right, &DiffPane::rowClicked, this, &SideBySideView::rowClicked);
}

SideBySideView::~SideBySideView() = default;

void SideBySideView::setData(std::shared_ptr<const SideBySideData> data) {
    m_data = std::move(data);
    m_currentFirst = m_currentLast = -1;
    m_lineStart.clear();  // laid out again for the new rows
    updateScrollRanges();
    for (DiffPane* pane : {m_left, m_right}) {
        pane->verticalScrollBar()->setValue(0);
        pane->horizontalScrollBar()->setValue(0);
        pane->viewport()->update();
    }
    static_cast<DiffOverview*>(m_overview)->invalidate();
}

std::string SideBySideView::pointerAt(int row, DiffPane::Side side) const {
    if (!m_data || row < 0 || row >= rowCount()) return {};
    const AlignedRow& r = m_data->sbs.rows[size_t(row)];
    if (side == DiffPane::Left) return r.left_line ? r.pointer : std::string();
    if (!r.right_line) return {};
    if (*r.right_line < m_data->rightPointers.size()) return m_data->rightPointers[*r.right_line];
    return r.left_line ? std::string() : r.pointer;  // a candidate-only row carries the candidate's pointer
}

int SideBySideView::rowCount() const { return m_data ? int(m_data->sbs.rows.size()) : 0; }

void SideBySideView::setSideNames(const QString& left, const QString& right) {
    m_left->setAccessibleName(tr("%1 body").arg(left));
    m_right->setAccessibleName(tr("%1 body").arg(right));
}

void SideBySideView::setHeaders(const QString& left, const QString& right) {
    m_leftHeader->setText(left);
    m_rightHeader->setText(right);
}

QString SideBySideView::headerText(DiffPane::Side side) const {
    return side == DiffPane::Left ? m_leftHeader->text() : m_rightHeader->text();
}

void SideBySideView::setCurrentRange(int first, int last) {
    if (first < 0 || first >= rowCount())
        first = last = -1;
    else
        last = std::clamp(last, first, rowCount() - 1);
    m_currentFirst = first;
    m_currentLast = last;
    m_left->viewport()->update();
    m_right->viewport()->update();
}

void SideBySideView::scrollToRow(int row) {
    if (!m_data || row < 0 || row >= rowCount()) return;
    // The display column of the row's first change on either side (kNoColumn: none).
    const AlignedRow& r = m_data->sbs.rows[size_t(row)];
    uint32_t col = kNoColumn;
    const int cw = m_left->charWidth();
    for (int side = 0; side < 2; ++side) {
        const auto& changes = side == 0 ? r.left_changes : r.right_changes;
        const std::string& text = side == 0 ? r.left : r.right;
        if (changes.empty()) continue;
        // Column of the first change = display width of what precedes it (walks only that prefix).
        col = std::min(col, displayColumns(std::string_view(text).substr(
                                0, std::min<size_t>(changes.front().start, text.size()))));
    }
    if (m_wrap) {  // the visual line holding the first change, about a quarter from the top
        const int segment =
            col == kNoColumn ? 0 : int(std::min<uint32_t>(col / uint32_t(m_wrapColumns), uint32_t(rowLines(row) - 1)));
        const int line = lineOfRow(row) + segment;
        QScrollBar* v = m_left->verticalScrollBar();
        const int visible = m_left->visibleRows();
        if (line < v->value() || line >= v->value() + visible - 1) v->setValue(line - visible / 4);
        return;
    }
    const int visible = visibleRowCount();
    const int first = firstVisibleRow();
    if (row < first || row >= first + visible - 1) setFirstVisibleRow(row - visible / 4);

    // Horizontally: make the first highlighted column visible, else go back to column 0.
    const int textWidth = m_left->viewport()->width() - m_left->gutterWidth() - 4;
    const int offset = horizontalOffset();
    if (col == kNoColumn) {
        setHorizontalOffset(0);
    } else {
        const int x = int(std::min<int64_t>(int64_t(col) * cw, INT_MAX));
        if (x < offset || x > offset + textWidth - 4 * cw) setHorizontalOffset(std::max(0, x - textWidth / 3));
    }
}

int SideBySideView::firstVisibleRow() const { return rowOfLine(m_left->verticalScrollBar()->value()); }

int SideBySideView::visibleRowCount() const {
    if (!m_wrap) return m_left->visibleRows();
    const int lastLine = std::min(lineCount(), m_left->verticalScrollBar()->value() + m_left->visibleRows()) - 1;
    return lastLine < 0 ? 0 : rowOfLine(lastLine) - firstVisibleRow() + 1;
}

int SideBySideView::horizontalOffset() const { return m_left->horizontalScrollBar()->value(); }
void SideBySideView::setFirstVisibleRow(int row) { m_left->verticalScrollBar()->setValue(lineOfRow(row)); }

void SideBySideView::setWrap(bool wrap) {
    if (wrap == m_wrap) return;
    const int row = firstVisibleRow();
    m_wrap = wrap;
    m_lineStart.clear();
    m_wrapColumns = 0;
    for (DiffPane* pane : {m_left, m_right}) {
        pane->horizontalScrollBar()->setValue(0);
        pane->setHorizontalScrollBarPolicy(wrap ? Qt::ScrollBarAlwaysOff : Qt::ScrollBarAlwaysOn);
    }
    updateScrollRanges();
    setFirstVisibleRow(row);
    for (DiffPane* pane : {m_left, m_right}) pane->viewport()->update();
    m_overview->update();
}

int SideBySideView::rowLines(int row) const {
    if (!m_wrap || row < 0 || size_t(row) + 1 >= m_lineStart.size()) return 1;
    return m_lineStart[size_t(row) + 1] - m_lineStart[size_t(row)];
}

int SideBySideView::lineOfRow(int row) const {
    if (!m_wrap || m_lineStart.empty()) return row;
    return m_lineStart[size_t(std::clamp(row, 0, int(m_lineStart.size()) - 1))];
}

int SideBySideView::rowOfLine(int line) const {
    if (!m_wrap || m_lineStart.size() < 2) return line;
    const auto it = std::upper_bound(m_lineStart.begin(), m_lineStart.end() - 1, line);
    return std::max(0, int(it - m_lineStart.begin()) - 1);
}

int SideBySideView::lineCount() const {
    if (m_wrap && !m_lineStart.empty()) return m_lineStart.back();
    return rowCount();
}

void SideBySideView::layoutWrappedLines(int columns) {
    m_wrapColumns = std::max(columns, 8);
    m_lineStart.clear();
    if (!m_data) return;
    const size_t n = m_data->sbs.rows.size();
    const auto columnsAt = [](const std::vector<uint32_t>& v, size_t r) -> uint64_t { return r < v.size() ? v[r] : 0; };
    m_lineStart.resize(n + 1);
    int64_t line = 0;
    const uint64_t w = uint64_t(m_wrapColumns);
    for (size_t r = 0; r < n; ++r) {
        m_lineStart[r] = int(line);
        const uint64_t cols = std::max(columnsAt(m_data->leftRowColumns, r), columnsAt(m_data->rightRowColumns, r));
        const int64_t lines = int64_t(std::clamp<uint64_t>((cols + w - 1) / w, 1, kMaxRowLines));
        line = std::min<int64_t>(line + lines, INT_MAX / 2);
    }
    m_lineStart[n] = int(line);
}
void SideBySideView::setHorizontalOffset(int px) { m_left->horizontalScrollBar()->setValue(px); }

void SideBySideView::updateScrollRanges() {
    if (!m_left || !m_right) return;
    const int rows = rowCount();
    const int cw = m_left->charWidth();
    const uint32_t columns = m_data ? std::max(m_data->leftColumns, m_data->rightColumns) : 0;
    const int64_t contentWidth = int64_t(columns + 2) * cw;
    // Both panes get the same ranges (the smaller viewport decides) so the scroll bars stay linked.
    const int visible = std::min(m_left->visibleRows(), m_right->visibleRows());
    const int textWidth = std::min(m_left->viewport()->width() - m_left->gutterWidth(),
                                   m_right->viewport()->width() - m_right->gutterWidth()) -
                          4;
    const int hMax = m_wrap ? 0 : int(std::clamp<int64_t>(contentWidth - textWidth, 0, INT_MAX / 2));
    if (m_wrap) {  // lay the rows out again when the width changed; the first visible row stays
        // From the real (fractional) advance, with a little margin, so a full visual line is never
        // clipped by the pane's edge.
        const double advance = std::max(1.0, QFontMetricsF(m_left->font()).horizontalAdvance(QLatin1Char('M')));
        const int columns = std::max(8, int((textWidth - 4) / advance));
        const bool laidOut = m_lineStart.size() == size_t(rows) + 1;
        if (!laidOut || columns != m_wrapColumns) {
            const int keep = laidOut ? firstVisibleRow() : -1;
            layoutWrappedLines(columns);
            if (keep >= 0) {
                const int line = lineOfRow(keep);
                for (DiffPane* pane : {m_left, m_right}) {
                    pane->verticalScrollBar()->setRange(0, std::max(line, pane->verticalScrollBar()->maximum()));
                    pane->verticalScrollBar()->setValue(line);
                }
            }
        }
    }
    const int lines = lineCount();
    for (DiffPane* pane : {m_left, m_right}) {
        QScrollBar* v = pane->verticalScrollBar();
        v->setRange(0, std::max(0, lines - visible));
        v->setPageStep(visible);
        v->setSingleStep(1);
        QScrollBar* h = pane->horizontalScrollBar();
        h->setRange(0, hMax);
        h->setPageStep(std::max(cw, textWidth));
        h->setSingleStep(cw * 2);
    }
}

void SideBySideView::updateColors() {
    m_colors = DiffColors::fromPalette(palette());
    m_left->viewport()->update();
    m_right->viewport()->update();
    m_overview->update();
}

void SideBySideView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) updateColors();
    if (event->type() == QEvent::FontChange) updateScrollRanges();
}

}  // namespace dt
