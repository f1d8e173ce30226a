// SPDX-License-Identifier: MIT
#include "ui/detailtabs.h"
#include "ui/elide.h"
#include "ui/qtext.h"
#include "ui/sidelabels.h"
#include "ui/timeformat.h"

#include "core/util/sha256.h"

#include <QCryptographicHash>
#include <QEvent>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <map>

#include "core/present/side_by_side.h"

namespace dt {

namespace {

constexpr qsizetype kMaxBodyShown = 1 << 20;  // bodies longer than this are cut in the text tabs

QString esc(std::string_view s) { return qs(s).toHtmlEscaped(); }

QString statusText(const Response& r) {
    if (!r.present) return QObject::tr("(no response)");
    QString s = r.status ? QString::number(*r.status) : QObject::tr("(no status)");
    if (r.error) s += QObject::tr(" — error: %1").arg(qs(*r.error));
    return s;
}

QString latencyText(const Response& r) {
    if (!r.present || !r.latency_ms) return QObject::tr("(not recorded)");
    return QObject::tr("%1 ms").arg(*r.latency_ms, 0, 'f', *r.latency_ms < 1 ? 2 : 1);
}

QString joinValues(const std::vector<std::string>& values) {
    QStringList out;
    for (const auto& v : values) out << qs(v);
    return out.join(QStringLiteral(", "));
}

QString flatText(const FlatObject& o) {
    QStringList parts;
    for (const auto& [k, v] : o) parts << QStringLiteral("%1=%2").arg(qs(k), qs(v));
    return parts.join(QStringLiteral(", "));
}

// Body as readable text: canonical pretty JSON when it is JSON, text as is, binary as a summary.
QString bodyText(const std::string& body) {
    switch (classifyBody(body)) {
    case BodyKind::Empty: return QObject::tr("(empty body)");
    case BodyKind::Binary: return DetailTabs::binarySummary(body);
    case BodyKind::Json:
        if (body.size() <= size_t(kMaxBodyShown)) {
            if (auto pretty = canonicalJson(body)) return qs(*pretty);
        }
        [[fallthrough]];
    case BodyKind::Text: break;
    }
    QString text = qs(std::string_view(body).substr(0, size_t(kMaxBodyShown)));
    if (body.size() > size_t(kMaxBodyShown))
        text += QObject::tr("\n… (%1 more bytes not shown)").arg(body.size() - size_t(kMaxBodyShown));
    return text;
}

QTreeWidget* makeTree(const QStringList& columns, QWidget* parent) {
    auto* tree = new QTreeWidget(parent);
    tree->setColumnCount(int(columns.size()));
    tree->setHeaderLabels(columns);
    tree->setRootIsDecorated(false);
    tree->setUniformRowHeights(true);
    tree->setAlternatingRowColors(false);
    tree->setSelectionMode(QAbstractItemView::SingleSelection);
    tree->header()->setStretchLastSection(true);
    tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    return tree;
}

QPlainTextEdit* makeBodyView(QWidget* parent) {
    auto* edit = new QPlainTextEdit(parent);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return edit;
}

QString row(const QString& name, const QString& valueHtml) {
    return QStringLiteral("<tr><td style=\"padding-right:16px\"><b>%1</b></td><td>%2</td></tr>")
        .arg(name.toHtmlEscaped(), valueHtml);
}

}  // namespace

QString DetailTabs::binarySummary(const std::string& body) {
    return QObject::tr("binary body: %1").arg(QString::fromStdString(dt::binarySummary(body)));
}

DetailTabs::DetailTabs(QWidget* parent) : QTabWidget(parent) {
    setObjectName(QStringLiteral("detailTabs"));
    setDocumentMode(true);
    m_colors = DiffColors::fromPalette(palette());

    m_status = new QTextBrowser(this);
    m_status->setOpenLinks(false);
    addTab(m_status, tr("Status"));

    m_headers = makeTree({tr("Header"), tr("Primary"), tr("Candidate"), tr("Note")}, this);
    m_headers->setObjectName(QStringLiteral("headersTable"));
    addTab(m_headers, tr("Headers"));

    auto* request = new QWidget(this);
    auto* rl = new QVBoxLayout(request);
    rl->setContentsMargins(4, 4, 4, 4);
    m_requestLine = new QLabel(request);
    m_requestLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_requestLine->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_requestLine->setWordWrap(true);
    m_requestLine->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // never widens the window
    auto* split = new QSplitter(Qt::Horizontal, request);
    m_requestHeaders = makeTree({tr("Header"), tr("Value")}, split);
    m_requestBody = makeBodyView(split);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    rl->addWidget(m_requestLine);
    rl->addWidget(split, 1);
    addTab(request, tr("Request"));

    m_latency = new QTextBrowser(this);
    addTab(m_latency, tr("Latency"));

    auto* secondary = new QSplitter(Qt::Horizontal, this);
    m_secondary = new QTextBrowser(secondary);
    m_secondaryBody = makeBodyView(secondary);
    addTab(secondary, tr("Secondary"));
    clear();
}

void DetailTabs::clear() {
    m_status->clear();
    m_headers->clear();
    m_headerStates.clear();
    m_requestLine->clear();
    m_requestLine->setProperty("fullText", QString());
    m_requestHeaders->clear();
    m_requestBody->clear();
    m_latency->clear();
    m_secondary->clear();
    m_secondaryBody->clear();
    setTabText(StatusTab, tr("Status"));
    setTabText(HeadersTab, tr("Headers"));
    setTabText(SecondaryTab, tr("Secondary"));
    setTabEnabled(SecondaryTab, false);
}

void DetailTabs::setDetail(const Analysis::Detail& detail) {
    clear();
    const Record& r = detail.record;

    // --- Status ---------------------------------------------------------------------------------
    const bool statusDiffers = r.primary.status != r.candidate.status || r.candidate.error.has_value();
    QString html = QStringLiteral("<table cellspacing=\"2\">");
    html += row(tr("Correlation id"), esc(r.id));
    html += row(tr("Time"), formatTimeText(QString::fromStdString(r.ts)).toHtmlEscaped());
    html += row(tr("Endpoint"), esc(detail.endpoint.empty() ? r.endpoint : detail.endpoint));
    html += row(tr("Outcome"), esc(outcomeName(detail.outcome)));
    html += row(tr("Request"), esc(r.request.method + " " + r.request.url));
    html += row(tr("%1 status").arg(referenceSideLabel(m_swapped)), statusText(r.primary).toHtmlEscaped());
    html += row(tr("%1 status").arg(comparedSideLabel(m_swapped)),
                (statusDiffers ? QStringLiteral("≠ ") : QString()) + statusText(r.candidate).toHtmlEscaped());
    if (r.secondary.present) html += row(tr("Secondary status"), statusText(r.secondary).toHtmlEscaped());
    if (r.weight != 1.0) html += row(tr("Weight"), QString::number(r.weight));
    if (!r.tags.empty()) html += row(tr("Tags"), flatText(r.tags).toHtmlEscaped());
    for (const auto* side : {&r.primary, &r.candidate}) {
        if (!side->has_state_before && side->state_after.empty()) continue;
        const QString who =
            tr("%1 state").arg(side == &r.primary ? referenceSideLabel(m_swapped) : comparedSideLabel(m_swapped));
        html += row(
            who,
            tr("before: %1; after: %2").arg(flatText(side->state_before), flatText(side->state_after)).toHtmlEscaped());
    }
    for (const std::string& w : detail.result.warnings) html += row(tr("Warning"), esc(w));
    html += QStringLiteral("</table>");
    m_status->setHtml(html);
    if (statusDiffers) setTabText(StatusTab, tr("Status ≠"));

    fillHeaders(detail);
    fillRequest(detail);

    // --- Latency --------------------------------------------------------------------------------
    QString lat = QStringLiteral("<table cellspacing=\"2\">");
    lat += row(referenceSideLabel(m_swapped), latencyText(r.primary).toHtmlEscaped());
    lat += row(comparedSideLabel(m_swapped), latencyText(r.candidate).toHtmlEscaped());
    if (r.primary.latency_ms && r.candidate.latency_ms) {
        const double p = *r.primary.latency_ms, c = *r.candidate.latency_ms;
        QString delta = tr("%1%2 ms").arg(c >= p ? QStringLiteral("+") : QString()).arg(c - p, 0, 'f', 1);
        if (p > 0)
            delta += tr(" (%1 takes %2× the %3's time)")
                         .arg(comparedSideWord(m_swapped))
                         .arg(c / p, 0, 'f', 2)
                         .arg(referenceSideWord(m_swapped));
        lat += row(tr("Difference"), delta.toHtmlEscaped());
    }
    if (r.secondary.present) lat += row(tr("Secondary"), latencyText(r.secondary).toHtmlEscaped());
    lat += QStringLiteral("</table>");
    m_latency->setHtml(lat);

    fillSecondary(detail);
}

void DetailTabs::fillHeaders(const Analysis::Detail& detail) {
    const Record& r = detail.record;
    struct Entry {
        QString shown;
        std::vector<std::string> primary, candidate;
        bool inPrimary = false, inCandidate = false;
    };
    std::map<std::string, Entry> entries;
    for (const auto& [name, value] : r.primary.headers) {
        Entry& e = entries[lowercase(name)];
        if (e.shown.isEmpty()) e.shown = qs(name);
        e.primary.push_back(value);
        e.inPrimary = true;
    }
    for (const auto& [name, value] : r.candidate.headers) {
        Entry& e = entries[lowercase(name)];
        if (e.shown.isEmpty()) e.shown = qs(name);
        e.candidate.push_back(value);
        e.inCandidate = true;
    }
    auto findHeaderDiff = [](const std::vector<Difference>& list, const std::string& name) -> const Difference* {
        for (const Difference& d : list)
            if (d.kind == DiffKind::Header && d.path == name) return &d;
        return nullptr;
    };

    int differing = 0;
    for (const auto& [name, e] : entries) {
        HeaderState state;
        QString note;
        const Difference* remaining = findHeaderDiff(detail.result.differences, name);
        const Difference* absorbed = findHeaderDiff(detail.result.absorbed, name);
        auto byPresence = [&e]() {
            if (!e.inCandidate) return HeaderState::OnlyPrimary;
            if (!e.inPrimary) return HeaderState::OnlyCandidate;
            return e.primary == e.candidate ? HeaderState::Same : HeaderState::Differs;
        };
        if (remaining) {
            state = byPresence();
            if (state == HeaderState::Same) state = HeaderState::Differs;
        } else if (absorbed) {
            state = HeaderState::IgnoredByRule;
            note = tr("ignored by rule %1").arg(qs(absorbed->rule_id));
        } else if (isVolatileHeader(name)) {
            state = HeaderState::IgnoredVolatile;
            note = tr("ignored (volatile)");
        } else {
            state = byPresence();
        }
        switch (state) {
        case HeaderState::Differs: note = tr("differs"); break;
        case HeaderState::OnlyPrimary: note = tr("only in %1").arg(referenceSideWord(m_swapped)); break;
        case HeaderState::OnlyCandidate: note = tr("only in %1").arg(comparedSideWord(m_swapped)); break;
        default: break;
        }
        if (state == HeaderState::Differs || state == HeaderState::OnlyPrimary || state == HeaderState::OnlyCandidate)
            ++differing;
        auto* item = new QTreeWidgetItem(m_headers);
        item->setText(0, e.shown);
        item->setData(0, Qt::UserRole, qs(name));
        item->setText(1, e.inPrimary ? joinValues(e.primary) : tr("(absent)"));
        item->setText(2, e.inCandidate ? joinValues(e.candidate) : tr("(absent)"));
        item->setText(3, note);
        for (int c = 1; c < 3; ++c) item->setToolTip(c, item->text(c));
        m_headerStates.push_back(state);
    }
    recolor();
    if (differing > 0) setTabText(HeadersTab, tr("Headers (%1)").arg(differing));
    for (int c = 0; c < 3; ++c) m_headers->resizeColumnToContents(c);
    for (int c = 0; c < 3; ++c) m_headers->setColumnWidth(c, std::min(m_headers->columnWidth(c), 320));
}

void DetailTabs::fillRequest(const Analysis::Detail& detail) {
    const Request& q = detail.record.request;
    const QString requestLine = qs(q.method + " " + q.url);
    m_requestLine->setText(elideMiddle(requestLine, 400));  // a 70 KB URL must not widen the window
    m_requestLine->setToolTip(requestLine.size() > 400 ? elideMiddle(requestLine, 2000) : QString());
    m_requestLine->setProperty("fullText", requestLine);
    for (const auto& [name, value] : q.headers) {
        auto* item = new QTreeWidgetItem(m_requestHeaders);
        item->setText(0, qs(name));
        item->setText(1, qs(value));
        item->setToolTip(1, qs(value));
    }
    m_requestHeaders->resizeColumnToContents(0);
    m_requestBody->setPlainText(bodyText(q.body));
}

void DetailTabs::setSidesSwapped(bool swapped) {
    m_swapped = swapped;
    m_headers->setHeaderLabels({tr("Header"), referenceSideLabel(swapped), comparedSideLabel(swapped), tr("Note")});
}

void DetailTabs::fillSecondary(const Analysis::Detail& detail) {
    const Response& s = detail.record.secondary;
    if (!s.present) {
        m_secondary->setPlainText(tr("This record has no secondary response (second run of the primary)."));
        return;
    }
    setTabEnabled(SecondaryTab, true);
    QString html = QStringLiteral("<table cellspacing=\"2\">");
    html += row(tr("Status"), statusText(s).toHtmlEscaped());
    html += row(tr("Latency"), latencyText(s).toHtmlEscaped());
    for (const auto& [name, value] : s.headers) html += row(qs(name), esc(value));
    html += QStringLiteral("</table>");
    if (detail.noise) {
        const auto& noise = detail.noise->differences;
        html += QStringLiteral("<p><b>%1</b></p>")
                    .arg(tr("Primary vs secondary: %n difference(s) (noise: the legacy system disagrees with itself)",
                            nullptr, int(noise.size()))
                             .toHtmlEscaped());
        if (!noise.empty()) {
            html += QStringLiteral("<ul>");
            for (const Difference& d : noise)
                html += QStringLiteral("<li><code>%1</code> %2: %3 → %4</li>")
                            .arg(esc(d.path), esc(kindName(d.kind)), esc(d.primary), esc(d.candidate));
            html += QStringLiteral("</ul>");
        }
        setTabText(SecondaryTab, tr("Secondary (%1 noise)").arg(noise.size()));
    }
    m_secondary->setHtml(html);
    m_secondaryBody->setPlainText(bodyText(s.body));
}

void DetailTabs::recolor() {
    for (int i = 0; i < m_headers->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_headers->topLevelItem(i);
        const HeaderState state = m_headerStates[size_t(i)];
        const bool grey = state == HeaderState::IgnoredVolatile || state == HeaderState::IgnoredByRule;
        QBrush bg;
        if (state == HeaderState::Differs)
            bg = m_colors.changed;
        else if (state == HeaderState::OnlyPrimary)
            bg = m_colors.removed;
        else if (state == HeaderState::OnlyCandidate)
            bg = m_colors.added;
        for (int c = 0; c < 4; ++c) {
            item->setForeground(c, grey ? QBrush(m_colors.greyed) : QBrush(m_colors.text));
            item->setBackground(c, bg);
            QFont f = item->font(c);
            f.setItalic(grey);
            item->setFont(c, f);
        }
    }
}

void DetailTabs::changeEvent(QEvent* event) {
    QTabWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_colors = DiffColors::fromPalette(palette());
        recolor();
    }
}

void DetailTabs::showHeader(const QString& lowercaseName) {
    setCurrentIndex(HeadersTab);
    for (int i = 0; i < m_headers->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_headers->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() == lowercaseName) {
            m_headers->setCurrentItem(item);
            m_headers->scrollToItem(item);
            return;
        }
    }
}

void DetailTabs::showStatus() { setCurrentIndex(StatusTab); }

QString DetailTabs::plainText(Tab tab) const {
    switch (tab) {
    case StatusTab: return m_status->toPlainText();
    case LatencyTab: return m_latency->toPlainText();
    case SecondaryTab: return m_secondary->toPlainText() + QLatin1Char('\n') + m_secondaryBody->toPlainText();
    case RequestTab: {
        QString s = m_requestLine->property("fullText").toString() + QLatin1Char('\n');
        for (int i = 0; i < m_requestHeaders->topLevelItemCount(); ++i)
            s += m_requestHeaders->topLevelItem(i)->text(0) + QStringLiteral(": ") +
                 m_requestHeaders->topLevelItem(i)->text(1) + QLatin1Char('\n');
        return s + m_requestBody->toPlainText();
    }
    case HeadersTab: {
        QString s;
        for (int i = 0; i < m_headers->topLevelItemCount(); ++i) {
            QStringList cells;
            for (int c = 0; c < 4; ++c) cells << m_headers->topLevelItem(i)->text(c);
            s += cells.join(QLatin1Char('\t')) + QLatin1Char('\n');
        }
        return s;
    }
    }
    return {};
}

int DetailTabs::headerRowCount() const { return m_headers->topLevelItemCount(); }
QString DetailTabs::headerName(int row) const { return m_headers->topLevelItem(row)->data(0, Qt::UserRole).toString(); }
DetailTabs::HeaderState DetailTabs::headerState(int row) const { return m_headerStates.at(size_t(row)); }
bool DetailTabs::headerGreyed(int row) const {
    return m_headers->topLevelItem(row)->foreground(0).color() == m_colors.greyed &&
           (headerState(row) == HeaderState::IgnoredVolatile || headerState(row) == HeaderState::IgnoredByRule);
}
QString DetailTabs::headerNote(int row) const { return m_headers->topLevelItem(row)->text(3); }
QString DetailTabs::currentHeader() const {
    const QTreeWidgetItem* item = m_headers->currentItem();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}
QString DetailTabs::requestBodyText() const { return m_requestBody->toPlainText(); }

}  // namespace dt
