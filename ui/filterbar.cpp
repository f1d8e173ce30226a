// SPDX-License-Identifier: MIT
#include "ui/filterbar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateTimeEdit>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

#include "ui/outcomestyle.h"

namespace dt {

namespace {

QLineEdit* makeEdit(QWidget* parent, const char* name, const QString& placeholder, const QString& tip) {
    auto* e = new QLineEdit(parent);
    e->setObjectName(QLatin1String(name));
    e->setPlaceholderText(placeholder);
    e->setToolTip(tip);
    e->setAccessibleName(placeholder);
    e->setClearButtonEnabled(true);
    return e;
}

QDateTimeEdit* makeTime(QWidget* parent, const char* name) {
    auto* e = new QDateTimeEdit(parent);
    e->setObjectName(QLatin1String(name));
    e->setTimeSpec(Qt::UTC);
    e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    e->setEnabled(false);
    return e;
}

}  // namespace

FilterBar::FilterBar(QWidget* parent)
        : QWidget(parent),
          m_text(
              makeEdit(this, "filterText", tr("Search ids, endpoints, paths, signatures (Ctrl+F)"),
                       tr("Free text: matches a group by signature, endpoint or difference path, else records by id"))),
          m_endpoint(new QComboBox(this)),
          m_path(makeEdit(this, "filterPath", tr("Path contains"),
                          tr("A difference path, e.g. /items/*/price or a header name"))),
          m_kind(new QComboBox(this)), m_outcome(new QComboBox(this)),
          m_id(makeEdit(this, "filterId", tr("Correlation id"), tr("Records whose correlation id contains this text"))),
          m_status(makeEdit(this, "filterStatus", tr("Status: 500, 5xx, 200>500, !200"),
                            tr("Records by status: a code or class on either side, primary>candidate, ! negates"))),
          m_useTime(new QCheckBox(tr("&Time (UTC)"), this)), m_from(makeTime(this, "filterFrom")),
          m_to(makeTime(this, "filterTo")), m_clear(new QToolButton(this)), m_result(new QLabel(this)) {
    setObjectName(QStringLiteral("filterBar"));
    m_endpoint->setObjectName(QStringLiteral("filterEndpoint"));
    m_endpoint->setEditable(true);
    m_endpoint->setInsertPolicy(QComboBox::NoInsert);
    m_endpoint->lineEdit()->setPlaceholderText(tr("Endpoint contains"));
    m_endpoint->lineEdit()->setClearButtonEnabled(true);
    m_endpoint->setAccessibleName(tr("Endpoint"));
    m_endpoint->setMinimumContentsLength(16);
    m_endpoint->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    // Popup completion only: inline completion rewrote what was typed ("orders|rders/{uuid}").
    m_endpoint->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_endpoint->completer()->setFilterMode(Qt::MatchContains);
    m_endpoint->completer()->setCaseSensitivity(Qt::CaseInsensitive);

    m_kind->setObjectName(QStringLiteral("filterKind"));
    m_kind->setAccessibleName(tr("Difference kind"));
    m_kind->addItem(tr("Any kind"), -1);
    for (int k = 0; k < kDiffKindCount; ++k) {
        const std::string_view name = kindName(DiffKind(k));
        m_kind->addItem(QString::fromLatin1(name.data(), qsizetype(name.size())), k);
    }
    m_outcome->setObjectName(QStringLiteral("filterOutcome"));
    m_outcome->setAccessibleName(tr("Outcome"));
    m_outcome->addItem(tr("Mismatch + drift"), -1);
    m_outcome->addItem(tr("Mismatch"), int(Outcome::Mismatch));
    m_outcome->addItem(tr("Drift"), int(Outcome::Drift));

    m_useTime->setObjectName(QStringLiteral("filterUseTime"));
    m_clear->setObjectName(QStringLiteral("filterClear"));
    m_clear->setText(tr("Clear"));
    m_clear->setToolTip(tr("Clear all filters"));
    m_result->setObjectName(QStringLiteral("filterResult"));
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long result ("cause: …") never squeezes the filter fields: it is cut, the tooltip has it all.
    m_result->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(4, 2, 4, 2);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(3);
    grid->addWidget(m_text, 0, 0, 1, 2);
    grid->addWidget(m_endpoint, 0, 2);
    grid->addWidget(m_path, 0, 3);
    grid->addWidget(m_kind, 0, 4);
    grid->addWidget(m_outcome, 0, 5, 1, 2);
    grid->addWidget(m_id, 1, 0);
    grid->addWidget(m_status, 1, 1);
    auto* timeRow = new QHBoxLayout;
    timeRow->setSpacing(4);
    timeRow->addWidget(m_useTime);
    timeRow->addWidget(m_from);
    timeRow->addWidget(new QLabel(QStringLiteral("–"), this));
    timeRow->addWidget(m_to);
    timeRow->addStretch(1);
    grid->addLayout(timeRow, 1, 2, 1, 2);
    grid->addWidget(m_result, 1, 4, 1, 2);
    grid->addWidget(m_clear, 1, 6);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 2);
    grid->setColumnStretch(2, 3);
    grid->setColumnStretch(3, 3);

    setTabOrder(m_text, m_endpoint);
    setTabOrder(m_endpoint, m_path);
    setTabOrder(m_path, m_kind);
    setTabOrder(m_kind, m_outcome);
    setTabOrder(m_outcome, m_id);
    setTabOrder(m_id, m_status);
    setTabOrder(m_status, m_useTime);
    setTabOrder(m_useTime, m_from);
    setTabOrder(m_from, m_to);
    setTabOrder(m_to, m_clear);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(200);
    connect(&m_debounce, &QTimer::timeout, this, &FilterBar::emitNow);
    for (QLineEdit* e : {m_text, m_path, m_id, m_status, m_endpoint->lineEdit()}) {
        connect(e, &QLineEdit::textChanged, this, &FilterBar::schedule);
        connect(e, &QLineEdit::returnPressed, this, &FilterBar::emitNow);
    }
    connect(m_status, &QLineEdit::textChanged, this, &FilterBar::validateStatus);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &FilterBar::schedule);
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &FilterBar::schedule);
    connect(m_useTime, &QCheckBox::toggled, this, [this](bool on) {
        m_from->setEnabled(on);
        m_to->setEnabled(on);
        schedule();
    });
    connect(m_from, &QDateTimeEdit::dateTimeChanged, this, &FilterBar::schedule);
    connect(m_to, &QDateTimeEdit::dateTimeChanged, this, &FilterBar::schedule);
    connect(m_clear, &QToolButton::clicked, this, &FilterBar::clear);
}

void FilterBar::setAnalysis(const Analysis* analysis, bool keepFilter) {
    m_silent = true;
    const QString endpointText = m_endpoint->currentText();
    m_endpoint->clear();
    int64_t lo = 0, hi = 0;
    bool any = false;
    if (analysis) {
        QStringList endpoints;
        for (const std::string& e : analysis->endpoints()) endpoints << QString::fromStdString(e);
        endpoints.sort();
        m_endpoint->addItems(endpoints);
        for (const Group& g : analysis->groups()) {
            lo = any ? std::min(lo, g.first_ts) : g.first_ts;
            hi = any ? std::max(hi, g.last_ts) : g.last_ts;
            any = true;
        }
    }
    if (keepFilter) {
        m_endpoint->setEditText(endpointText);
        m_silent = false;
        return;
    }
    m_endpoint->setEditText(QString());
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(any ? lo - lo % 1000 : 0, Qt::UTC);
    const QDateTime to = QDateTime::fromMSecsSinceEpoch(any ? hi - hi % 1000 + 999 : 0, Qt::UTC);
    m_spanFrom = from;
    m_spanTo = to;
    m_silent = false;
    clear();
}

FilterSpec FilterBar::spec() const {
    FilterSpec s;
    s.text = m_text->text().trimmed().toStdString();
    s.tags = extractTagTerms(s.text);  // tenant=acme, region=eu-* in the search box
    s.endpoint = m_endpoint->currentText().trimmed().toStdString();
    s.path = m_path->text().trimmed().toStdString();
    if (const int k = m_kind->currentData().toInt(); k >= 0) s.kind = DiffKind(k);
    if (const int o = m_outcome->currentData().toInt(); o >= 0) s.outcome = Outcome(o);
    s.correlationId = m_id->text().trimmed().toStdString();
    s.status = m_status->text().trimmed().toStdString();
    if (m_useTime->isChecked()) {
        s.fromMs = m_from->dateTime().toMSecsSinceEpoch();
        // The editor shows whole seconds: "to 10:00:05" includes 10:00:05.999.
        s.toMs = m_to->dateTime().toMSecsSinceEpoch() + 999;
    }
    return s;
}

void FilterBar::clear() {
    m_silent = true;
    m_text->clear();
    m_endpoint->setEditText(QString());
    m_path->clear();
    m_kind->setCurrentIndex(0);
    m_outcome->setCurrentIndex(0);
    m_id->clear();
    m_status->clear();
    m_useTime->setChecked(false);
    if (m_spanFrom.isValid()) {  // Clear resets the time range to the store's span too
        m_from->setDateTime(m_spanFrom);
        m_to->setDateTime(m_spanTo);
    }
    m_silent = false;
    emitNow();
}

void FilterBar::focusSearch() {
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}

void FilterBar::setResultText(const QString& text) {
    m_result->setText(text);
    m_result->setToolTip(text);
}

void FilterBar::schedule() {
    if (!m_silent) m_debounce.start();
}

void FilterBar::emitNow() {
    m_debounce.stop();
    const FilterSpec s = spec();
    if (s == m_last) return;
    m_last = s;
    emit changed(s);
}

void FilterBar::validateStatus() {
    const QString t = m_status->text().trimmed();
    const bool bad = !t.isEmpty() && !StatusCriterion::parse(t.toStdString());
    QPalette pal = palette();
    if (bad) pal.setColor(QPalette::Base, outcomeTint(Outcome::Mismatch, palette()));
    m_status->setPalette(pal);
    m_status->setToolTip(bad ? tr("Not a status filter: use 500, 5xx, 200>500 or !200")
                             : tr("Records by status: a code or class on either side, primary>candidate, ! negates"));
}

}  // namespace dt
