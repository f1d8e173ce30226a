// SPDX-License-Identifier: MIT
// The side-by-side panes: column model, row preparation over core's buildSideBySide, synchronized
// scrolling, painting of changed rows and intra-line highlights, palette-derived colours, and
// speed on multi-megabyte bodies.
#include <QElapsedTimer>
#include <QFontMetricsF>
#include <QScrollBar>
#include <QtTest>
#include <climits>
#include <nlohmann/json.hpp>

#include "core/present/side_by_side.h"
#include "ui/diffcolors.h"
#include "ui/sidebysideview.h"

using namespace dt;

namespace {

QPalette darkPalette() {
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2a, 0x2a));
    p.setColor(QPalette::Text, QColor(0xdc, 0xdc, 0xdc));
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, QColor(0xe0, 0xe0, 0xe0));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x6f, 0xb0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x7a, 0x7a, 0x7a));
    return p;
}

QPalette lightPalette() {
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0xa0, 0xa0, 0xa0));
    return p;
}

// A JSON document of `n` items; items whose index is a multiple of `every` get `suffix` in their name.
std::string itemsDoc(int n, int every, const std::string& suffix) {
    std::string s = "{\"items\":[";
    for (int i = 0; i < n; ++i) {
        if (i) s += ',';
        s += "{\"id\":" + std::to_string(i) + ",\"name\":\"item " + std::to_string(i) +
             (every > 0 && i % every == 0 ? suffix : std::string()) + "\",\"price\":" + std::to_string(i % 97) + ".5}";
    }
    return s + "]}";
}

std::string view_pointer(const SideBySideData& data, int row) {
    SideBySideView view;
    view.setData(std::shared_ptr<const SideBySideData>(&data, [](const SideBySideData*) {}));
    return view.pointerAt(row, DiffPane::Right);
}

int countColor(const QImage& image, const QColor& color) {
    const QRgb want = color.rgb();
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixel(x, y) == want) ++n;
    return n;
}

// Alignment invariants: each line of each side appears exactly once, in order; row states agree
// with which sides are present; unchanged rows show equal text.
void checkAligned(const SideBySide& sbs) {
    int64_t lastLeft = -1, lastRight = -1;
    for (const AlignedRow& row : sbs.rows) {
        if (row.left_line) {
            QCOMPARE(int64_t(*row.left_line), lastLeft + 1);
            lastLeft = *row.left_line;
        }
        if (row.right_line) {
            QCOMPARE(int64_t(*row.right_line), lastRight + 1);
            lastRight = *row.right_line;
        }
        switch (row.state) {
        case RowState::Same:
            QVERIFY(row.left_line && row.right_line);
            QCOMPARE(row.left, row.right);
            break;
        case RowState::Changed: QVERIFY(row.left_line && row.right_line); break;
        case RowState::Removed: QVERIFY(row.left_line && !row.right_line); break;
        case RowState::Added: QVERIFY(!row.left_line && row.right_line); break;
        }
    }
}

}  // namespace

class TestSideBySide : public QObject {
    Q_OBJECT
private slots:
    void columns() {
        QCOMPARE(displayColumns("abc"), 3u);
        QCOMPARE(displayColumns("a\tb"), 5u);               // tab stops of 4
        QCOMPARE(displayColumns("\xc3\xa9t\xc3\xa9"), 3u);  // "été"
        QCOMPARE(displayColumns("\xe6\x97\xa5\xe6\x9c\xac"), 2u);
        QCOMPARE(displayColumns("a\xff"
                                "b"),
                 3u);                              // invalid byte: one column
        QCOMPARE(displayColumns("\xe6\x97"), 2u);  // truncated sequence: one column per byte
        QCOMPARE(displayColumns(""), 0u);
    }

    void windows() {
        QCOMPARE(displayWindow("abcdef", 2, 3), QStringLiteral("cde"));
        QCOMPARE(displayWindow("abcdef", 10, 3), QString());
        QCOMPARE(displayWindow("\tx", 2, 4), QStringLiteral("  x"));
        QCOMPARE(displayWindow("a\x01"
                               "b",
                               0, 10),
                 QStringLiteral("a\u2401b"));
        QCOMPARE(displayWindow("a\xff", 0, 10), QStringLiteral("a\ufffd"));
        QCOMPARE(displayWindow("\xc3\xa9"
                               "ab",
                               1, 5),
                 QStringLiteral("ab"));

        std::vector<uint32_t> cols;
        displayWindow("\xc3\xa9"
                      "ab\tc",
                      0, 100, {0, 2, 3, 4, 5, 6, 99}, &cols);
        QCOMPARE(cols, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 5}));  // tab: col 3 -> 4; past the end: end column
        // Offsets past the decoded window are unknown (UINT32_MAX), never wrong.
        displayWindow(std::string(100, 'x'), 0, 10, {5, 50}, &cols);
        QCOMPARE(cols[0], 5u);
        QCOMPARE(cols[1], UINT32_MAX);
    }

    void jsonRowsAndPointers() {
        const std::string p = R"({"id":1,"name":"Alice","age":30,"tags":["a","b"]})";
        const std::string c = R"({"tags":["a","b"],"email":"a@x","name":"alice","id":1})";
        auto data = prepareSideBySide(p, c, true, {"/age", "/email", "/name", "/tags"});
        QVERIFY(data->normalized);
        QVERIFY(data->sbs.left_json && data->sbs.right_json);
        checkAligned(data->sbs);
        QVERIFY(!data->hunks.empty());
        QVERIFY(!data->rightPointers.empty());
        QCOMPARE(data->firstRow.size(), size_t(4));

        const auto [ageFirst, ageLast] = rowsForPointer(*data, "/age");
        QVERIFY(ageFirst >= 0);
        QCOMPARE(ageFirst, ageLast);
        QVERIFY(QString::fromStdString(data->sbs.rows[size_t(ageFirst)].left).contains("\"age\""));
        const auto [emailFirst, emailLast] = rowsForPointer(*data, "/email");
        QVERIFY2(emailFirst >= 0, "an extra key is found on the candidate side");
        QVERIFY(QString::fromStdString(data->sbs.rows[size_t(emailFirst)].right).contains("\"email\""));
        QCOMPARE(emailFirst, emailLast);

        const auto [nameFirst, nameLast] = rowsForPointer(*data, "/name");
        QVERIFY(nameFirst >= 0);
        QCOMPARE(nameFirst, nameLast);
        const AlignedRow& name = data->sbs.rows[size_t(nameFirst)];
        QCOMPARE(name.state, RowState::Changed);
        QCOMPARE(name.left_changes.size(), size_t(1));
        QCOMPARE(name.left.substr(name.left_changes[0].start, name.left_changes[0].length), std::string("A"));
        QCOMPARE(name.right.substr(name.right_changes[0].start, name.right_changes[0].length), std::string("a"));

        const auto [tagsFirst, tagsLast] = rowsForPointer(*data, "/tags");
        QVERIFY(tagsFirst >= 0);
        QCOMPARE(tagsLast - tagsFirst, 3);  // "tags": [, "a", "b", ]
        QCOMPARE(rowsForPointer(*data, "/nope").first, -1);
        QCOMPARE(rowsForPointer(*data, "/tags/1"), std::make_pair(tagsFirst + 2, tagsFirst + 2));  // not wanted: scan
        // The same lookups without precomputed pointers give the same rows.
        auto plain = prepareSideBySide(p, c, true);
        QVERIFY(plain->firstRow.empty());
        QCOMPARE(rowsForPointer(*plain, "/email"), std::make_pair(emailFirst, emailLast));
        QCOMPARE(rowsForPointer(*plain, "/tags"), std::make_pair(tagsFirst, tagsLast));
        QCOMPARE(view_pointer(*plain, emailFirst), std::string("/email"));
        QVERIFY(data->maxLineNumber >= 6);
    }

    void textAndBinary() {
        auto text = prepareSideBySide("one\ntwo\nthree\nfour\n", "one\n2\nthree\nfour\nfive\n", true);
        QVERIFY(!text->sbs.left_json);
        checkAligned(text->sbs);
        QVERIFY(text->rightPointers.empty());
        QCOMPARE(text->hunks.size(), size_t(2));
        QCOMPARE(text->sbs.rows[text->hunks[0]].left, std::string("two"));
        QCOMPARE(rowsForPointer(*text, "/x").first, -1);

        const std::string bin("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
        auto binary = prepareSideBySide(bin, bin + "x", true);
        QVERIFY(binary->sbs.rows.empty());
        QVERIFY(QString::fromStdString(binary->sbs.note).contains("sha256"));
        QVERIFY(binary->hunks.empty());
    }

    void colours_data() {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    void colours() {
        QFETCH(bool, dark);
        const QPalette pal = dark ? darkPalette() : lightPalette();
        const DiffColors c = DiffColors::fromPalette(pal);
        QCOMPARE(c.dark, dark);
        QCOMPARE(DiffColors::isDarkPalette(pal), dark);
        for (const QColor& bg :
             {c.removed, c.added, c.changed, c.removedInline, c.addedInline, c.changedInline, c.padding}) {
            QVERIFY2(DiffColors::contrast(bg, c.text) >= 4.5, qPrintable(bg.name()));
            QVERIFY(bg != c.base);
        }
        QVERIFY(c.removed != c.added);
        QVERIFY(c.removedInline != c.removed);
        QVERIFY(c.addedInline != c.added);
        // Inline highlights stand out more from the base than the row tint does.
        QVERIFY(DiffColors::contrast(c.removedInline, c.base) > DiffColors::contrast(c.removed, c.base));
        QVERIFY(DiffColors::contrast(c.greyed, c.base) > 1.5);
        QVERIFY(DiffColors::contrast(c.greyed, c.base) < DiffColors::contrast(c.text, c.base));
    }

    void scrollingIsShared() {
        SideBySideView view;
        view.resize(900, 420);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setData(prepareSideBySide(
            itemsDoc(400, 50, " (renamed, with a rather long suffix to force a horizontal scroll bar)"),
            itemsDoc(400, 50, ""), true));
        QVERIFY(view.rowCount() > 2000);
        QScrollBar* lv = view.pane(DiffPane::Left)->verticalScrollBar();
        QScrollBar* rv = view.pane(DiffPane::Right)->verticalScrollBar();
        QScrollBar* lh = view.pane(DiffPane::Left)->horizontalScrollBar();
        QScrollBar* rh = view.pane(DiffPane::Right)->horizontalScrollBar();
        QCOMPARE(lv->maximum(), rv->maximum());
        QVERIFY(lv->maximum() > 0);
        QVERIFY2(lh->maximum() > 0, "long lines make the panes scroll horizontally");

        lv->setValue(120);
        QCOMPARE(rv->value(), 120);
        rv->setValue(333);
        QCOMPARE(lv->value(), 333);
        QCOMPARE(view.firstVisibleRow(), 333);
        rh->setValue(40);
        QCOMPARE(lh->value(), 40);

        QWheelEvent wheel(QPointF(50, 50), view.pane(DiffPane::Left)->mapToGlobal(QPointF(50, 50)), QPoint(),
                          QPoint(0, -120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view.pane(DiffPane::Left)->viewport(), &wheel);
        QVERIFY(lv->value() > 333);
        QCOMPARE(rv->value(), lv->value());

        view.scrollToRow(1500);
        QVERIFY(view.firstVisibleRow() <= 1500);
        QVERIFY(view.firstVisibleRow() + view.visibleRowCount() > 1500);
        QCOMPARE(rv->value(), lv->value());

        view.pane(DiffPane::Right)->setFocus();
        QTest::keyClick(view.pane(DiffPane::Right), Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(lv->value(), lv->maximum());
        QTest::keyClick(view.pane(DiffPane::Right), Qt::Key_Home, Qt::ControlModifier);
        QCOMPARE(lv->value(), 0);
    }

    void paintsChangedRowsAndHighlights_data() { colours_data(); }
    void paintsChangedRowsAndHighlights() {
        QFETCH(bool, dark);
        SideBySideView view;
        view.setPalette(dark ? darkPalette() : lightPalette());
        view.resize(800, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setData(prepareSideBySide(R"({"a":1,"b":"Alice","c":true})", R"({"a":1,"b":"alice","d":false})", true));
        const DiffColors& c = view.colors();
        QCOMPARE(c.dark, dark);
        const QImage left = view.pane(DiffPane::Left)->viewport()->grab().toImage();
        const QImage right = view.pane(DiffPane::Right)->viewport()->grab().toImage();
        QVERIFY2(countColor(left, c.removed) > 100, "changed rows tinted on the primary side");
        QVERIFY2(countColor(left, c.removedInline) > 20, "intra-line highlight on the primary side");
        QVERIFY2(countColor(right, c.added) > 100, "changed rows tinted on the candidate side");
        QVERIFY2(countColor(right, c.addedInline) > 20, "intra-line highlight on the candidate side");
        QCOMPARE(countColor(left, c.added), 0);
        QVERIFY(countColor(left, c.base) > countColor(left, c.removed));  // most rows unchanged

        view.setCurrentRange(2, 2);
        QCOMPARE(view.currentFirst(), 2);
        const QImage marked = view.pane(DiffPane::Left)->viewport()->grab().toImage();
        QVERIFY(countColor(marked, c.current) > 0);
        view.setCurrentRange(99, 100);  // out of range: cleared
        QCOMPARE(view.currentFirst(), -1);
    }

    // The changed-character highlight sits exactly on the changed glyphs: its left edge is the
    // advance of the painted prefix (wide and accented characters before it), and what is painted
    // in the inline colour is exactly that rectangle.
    void highlightCoversExactlyTheChangedGlyphs_data() { colours_data(); }
    void highlightCoversExactlyTheChangedGlyphs() {
        QFETCH(bool, dark);
        SideBySideView view;
        view.setPalette(dark ? darkPalette() : lightPalette());
        view.resize(900, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setData(prepareSideBySide(R"({"b":"漢字é wide Alice x"})", R"({"b":"漢字é wide alice x"})", true));
        const SideBySideData* data = view.data();
        int row = -1;
        for (int r = 0; r < int(data->sbs.rows.size()); ++r)
            if (!data->sbs.rows[size_t(r)].left_changes.empty()) row = r;
        QVERIFY(row >= 0);
        const AlignedRow& ar = data->sbs.rows[size_t(row)];
        QCOMPARE(ar.left_changes.size(), size_t(1));
        const std::string changed = ar.left.substr(ar.left_changes[0].start, ar.left_changes[0].length);
        QCOMPARE(changed, std::string("A"));
        DiffPane* pane = view.pane(DiffPane::Left);
        const int y = (row - view.firstVisibleRow()) * pane->rowHeight();
        const QVector<QRectF> rects = pane->changeRects(row, y);
        QCOMPARE(rects.size(), 1);
        const QFontMetricsF fm(pane->font());
        const QString prefix = QString::fromUtf8(ar.left.substr(0, ar.left_changes[0].start));
        const double expectedLeft = pane->textLeft() + fm.horizontalAdvance(prefix);
        const double expectedWidth = fm.horizontalAdvance(QString::fromUtf8(changed));
        QVERIFY2(qAbs(rects[0].left() - expectedLeft) < 0.5,
                 qPrintable(QStringLiteral("left %1, prefix advance %2").arg(rects[0].left()).arg(expectedLeft)));
        QVERIFY2(qAbs(rects[0].width() - expectedWidth) < 0.5,
                 qPrintable(QStringLiteral("width %1, glyph advance %2").arg(rects[0].width()).arg(expectedWidth)));

        // The pixels: the inline colour spans exactly the rectangle (±1 px for antialiasing).
        const QImage image = pane->viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
        const QColor inlineColor = view.colors().removedInline;
        int minX = INT_MAX, maxX = -1;
        for (int yy = y; yy < y + pane->rowHeight(); ++yy)
            for (int x = 0; x < image.width(); ++x)
                if (QColor(image.pixel(x, yy)) == inlineColor) {
                    minX = std::min(minX, x);
                    maxX = std::max(maxX, x);
                }
        QVERIFY2(maxX >= 0, "the highlight is painted");
        QVERIFY2(qAbs(minX - rects[0].left()) <= 1.0,
                 qPrintable(QStringLiteral("painted from %1, rect %2").arg(minX).arg(rects[0].left())));
        QVERIFY2(qAbs(maxX + 1 - rects[0].right()) <= 1.0,
                 qPrintable(QStringLiteral("painted to %1, rect %2").arg(maxX + 1).arg(rects[0].right())));
    }

    // Wrap Long Lines: a line wider than the panes takes several visual lines on both sides (rows stay
    // aligned), nothing scrolls sideways, the change is highlighted on the visual line that holds it,
    // and the first visible row survives toggling.
    void wrapsLongLines_data() { colours_data(); }
    void wrapsLongLines() {
        QFETCH(bool, dark);
        SideBySideView view;
        view.setPalette(dark ? darkPalette() : lightPalette());
        view.resize(700, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto doc = [](const std::string& value, int z) {
            std::string s = "{";
            for (int i = 0; i < 30; ++i) s += "\"a" + std::to_string(10 + i) + "\":0,";
            s += "\"k\":\"" + value + "\"";
            for (int i = 0; i < 30; ++i) s += ",\"z" + std::to_string(10 + i) + "\":" + std::to_string(z);
            return s + "}";
        };
        const std::string oldValue(400, 'a');
        const std::string newValue = std::string(300, 'a') + "B" + std::string(99, 'a');
        view.setData(prepareSideBySide(doc(oldValue, 1), doc(newValue, 2), true));
        const SideBySideData* d = view.data();
        int longRow = -1, lastRow = view.rowCount() - 1;
        for (int r = 0; r < view.rowCount(); ++r)
            if (d->sbs.rows[size_t(r)].right.find("aaaaaaaa") != std::string::npos) longRow = r;
        QVERIFY(longRow > 0 && longRow < lastRow);
        DiffPane* right = view.pane(DiffPane::Right);
        QVERIFY(right->horizontalScrollBar()->maximum() > 0);  // not wrapped: the long line scrolls sideways
        QCOMPARE(view.lineCount(), view.rowCount());
        view.setFirstVisibleRow(longRow + 3);
        const int firstRow = view.firstVisibleRow();
        QVERIFY(firstRow > 0);

        view.setWrap(true);
        QVERIFY(view.wrap());
        QCOMPARE(view.firstVisibleRow(), firstRow);  // toggling keeps the place
        QCOMPARE(right->horizontalScrollBar()->maximum(), 0);
        const int w = view.wrapColumns();
        QVERIFY2(w >= 8 && w < 300, qPrintable(QString::number(w)));
        const int cols = int(std::max(d->leftRowColumns[size_t(longRow)], d->rightRowColumns[size_t(longRow)]));
        QVERIFY(cols > 400);
        QCOMPARE(view.rowLines(longRow), (cols + w - 1) / w);
        QCOMPARE(view.rowLines(longRow - 1), 1);
        QCOMPARE(view.lineCount(), view.rowCount() - 1 + view.rowLines(longRow));
        QCOMPARE(view.lineOfRow(longRow + 1), longRow + view.rowLines(longRow));
        for (int line = 0; line < view.lineCount(); ++line) {
            const int r = view.rowOfLine(line);
            QVERIFY(line >= view.lineOfRow(r) && line < view.lineOfRow(r) + view.rowLines(r));
        }

        // The highlight of the candidate's "B" is on the one visual line that holds its column.
        const AlignedRow& ar = d->sbs.rows[size_t(longRow)];
        QCOMPARE(ar.right_changes.size(), size_t(1));
        const uint32_t changeCol = displayColumns(std::string_view(ar.right).substr(0, ar.right_changes[0].start));
        const int changeSegment = int(changeCol) / w;
        for (int seg = 0; seg < view.rowLines(longRow); ++seg) {
            const QVector<QRectF> rects = right->changeRects(longRow, 0, seg);
            QCOMPARE(rects.size(), seg == changeSegment ? 1 : 0);
            for (const QRectF& rect : rects) {
                QVERIFY(rect.left() >= right->textLeft() - 2);
                QVERIFY(rect.right() <= right->viewport()->width());
            }
        }

        // Going to the row scrolls to that visual line, where the pixels show the highlight.
        view.setFirstVisibleRow(0);
        view.scrollToRow(longRow);
        const int line = view.lineOfRow(longRow) + changeSegment;
        const int top = right->verticalScrollBar()->value();
        QVERIFY2(line >= top && line < top + right->visibleRows(),
                 qPrintable(QStringLiteral("%1 %2").arg(line).arg(top)));
        QCOMPARE(right->rowAt((line - top) * right->rowHeight() + 1), longRow);
        const QImage image = right->viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
        const int rh = right->rowHeight();
        const QImage strip = image.copy(0, (line - top) * rh, image.width(), rh);
        QVERIFY2(countColor(strip, view.colors().addedInline) > 0, "the change is highlighted on its visual line");
        QVERIFY2(countColor(image, view.colors().added) > 100, "the whole wrapped row is tinted");

        // Unwrapping keeps the first visible row.
        view.setFirstVisibleRow(longRow);
        QCOMPARE(view.firstVisibleRow(), longRow);
        view.setWrap(false);
        QCOMPARE(view.firstVisibleRow(), longRow);
        QCOMPARE(view.lineCount(), view.rowCount());
        QVERIFY(right->horizontalScrollBar()->maximum() > 0);
    }

    void largeBodies() {
        // ~5 MB JSON bodies: building the rows is background work (timed for the report); what
        // runs on the GUI thread (setData + painting the visible rows) must stay fast.
        const std::string a = itemsDoc(110000, 997, " old");
        const std::string b = itemsDoc(110000, 991, " new");
        QVERIFY(a.size() > 5'000'000);
        QElapsedTimer t;
        t.start();
        const size_t coreRows = buildSideBySide(a, b, true).rows.size();
        const qint64 coreMs = t.elapsed();
        t.restart();
        auto data = prepareSideBySide(a, b, true, {"/items/0/name", "/items/997/name", "/items/109000/name"});
        QCOMPARE(data->firstRow.size(), size_t(3));
        const qint64 prepareMs = t.elapsed();
        QVERIFY(data->sbs.rows.size() > 400000);

        SideBySideView view;
        view.resize(1000, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        t.restart();
        view.setData(data);
        view.scrollToRow(int(data->hunks[data->hunks.size() / 2]));
        view.pane(DiffPane::Left)->viewport()->repaint();
        view.pane(DiffPane::Right)->viewport()->repaint();
        const qint64 guiMs = t.elapsed();

        // Raw mode: each body is a single ~5 MB line. Scroll to its middle and paint.
        t.restart();
        auto raw = prepareSideBySide(a, b, false);
        const qint64 rawPrepareMs = t.elapsed();
        QCOMPARE(raw->sbs.rows.size(), size_t(1));
        t.restart();
        view.setData(raw);
        view.setHorizontalOffset(view.pane(DiffPane::Left)->horizontalScrollBar()->maximum() / 2);
        view.pane(DiffPane::Left)->viewport()->repaint();
        view.pane(DiffPane::Right)->viewport()->repaint();
        const qint64 rawGuiMs = t.elapsed();
        QCOMPARE(data->sbs.rows.size(), coreRows);
        qInfo("5 MB bodies: normalized rows %zu, core buildSideBySide %lld ms, prepare (incl. core) %lld ms (worker), "
              "GUI %lld ms; raw single line prepare %lld ms, GUI %lld ms",
              data->sbs.rows.size(), coreMs, prepareMs, guiMs, rawPrepareMs, rawGuiMs);
        // Timings are reported, not asserted (a busy machine must not fail the suite): what is
        // asserted is that the view only lays out, it does not rebuild or re-measure the rows.
        QCOMPARE(view.data(), raw.get());
        QCOMPARE(raw->leftRowColumns.size(), size_t(1));

        // Wrapping the ~5 MB single line: the row is cut at kMaxRowLines visual lines, and the last
        // of them paints.
        view.setWrap(true);
        QCOMPARE(view.rowLines(0), SideBySideView::kMaxRowLines);
        view.setFirstVisibleRow(view.rowCount());
        QVERIFY(view.pane(DiffPane::Left)->verticalScrollBar()->value() > SideBySideView::kMaxRowLines / 2);
        view.pane(DiffPane::Left)->viewport()->repaint();
    }
};

QTEST_MAIN(TestSideBySide)
#include "tst_sidebyside.moc"
