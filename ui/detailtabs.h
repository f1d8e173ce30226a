// SPDX-License-Identifier: MIT
#pragma once
// Tabs under the side-by-side view with everything about one record that is not its body diff:
// status (and errors, outcome, tags, state fingerprints, engine warnings), headers of both sides
// (ignored ones greyed, never hidden), the request (method, URL, headers, body), latency of both
// sides, and the secondary response with its noise comparison when the record has one.
#include <QStringList>
#include <QTabWidget>

#include "core/analysis/analysis.h"
#include "ui/diffcolors.h"

class QLabel;
class QPlainTextEdit;
class QTextBrowser;
class QTreeWidget;

namespace dt {

class DetailTabs : public QTabWidget {
    Q_OBJECT
public:
    enum Tab { StatusTab, HeadersTab, RequestTab, LatencyTab, SecondaryTab };
    enum class HeaderState { Same, Differs, OnlyPrimary, OnlyCandidate, IgnoredVolatile, IgnoredByRule };

    explicit DetailTabs(QWidget* parent = nullptr);

    void setDetail(const Analysis::Detail& detail);
    void clear();
    // View › Swap Sides: the record's primary is the store's candidate; labels say which is the
    // reference (call before setDetail()).
    void setSidesSwapped(bool swapped);

    // Switches to the headers tab and selects the header (lowercase name).
    void showHeader(const QString& lowercaseName);
    void showStatus();

    // State, for tests and accessibility.
    QString plainText(Tab tab) const;  // the readable text of a tab
    int headerRowCount() const;
    QString headerName(int row) const;  // lowercase
    HeaderState headerState(int row) const;
    bool headerGreyed(int row) const;
    QString headerNote(int row) const;
    QString currentHeader() const;  // lowercase name of the selected header row
    QString requestBodyText() const;

    // Text shown for a body that cannot be shown as text (binary: size + SHA-256), else "".
    static QString binarySummary(const std::string& body);

protected:
    void changeEvent(QEvent* event) override;

private:
    void fillHeaders(const Analysis::Detail& detail);
    void fillRequest(const Analysis::Detail& detail);
    void fillSecondary(const Analysis::Detail& detail);
    void recolor();

    DiffColors m_colors;
    QTextBrowser* m_status = nullptr;
    QTreeWidget* m_headers = nullptr;
    bool m_swapped = false;
    QLabel* m_requestLine = nullptr;
    QTreeWidget* m_requestHeaders = nullptr;
    QPlainTextEdit* m_requestBody = nullptr;
    QTextBrowser* m_latency = nullptr;
    QTextBrowser* m_secondary = nullptr;
    QPlainTextEdit* m_secondaryBody = nullptr;
    std::vector<HeaderState> m_headerStates;
};

}  // namespace dt
