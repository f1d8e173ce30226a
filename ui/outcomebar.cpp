// SPDX-License-Identifier: MIT
#include "ui/outcomebar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

#include "ui/outcomestyle.h"

namespace dt {

namespace {

QLabel* makeLabel(QWidget* parent, const QString& name) {
    auto* l = new QLabel(parent);
    l->setObjectName(name);
    l->setTextFormat(Qt::RichText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

}  // namespace

OutcomeBar::OutcomeBar(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("outcomeBar"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->setSpacing(14);
    m_records = makeLabel(this, QStringLiteral("outcomeRecords"));
    layout->addWidget(m_records);
    for (int o = 0; o < kOutcomeCount; ++o) {
        const std::string_view name = outcomeName(Outcome(o));
        m_outcomes[size_t(o)] =
            makeLabel(this, QStringLiteral("outcome_") + QString::fromLatin1(name.data(), qsizetype(name.size())));
        layout->addWidget(m_outcomes[size_t(o)]);
    }
    layout->addStretch(1);
    m_rate = makeLabel(this, QStringLiteral("outcomeRate"));
    m_rate->setToolTip(tr("Weighted match rate over comparable records: (match + noise + allowed) / "
                          "(all but drift and invalid)"));
    layout->addWidget(m_rate);
    refresh();
}

void OutcomeBar::setAnalysis(const Analysis* analysis) {
    m_has = analysis != nullptr;
    if (analysis) {
        m_counts = analysis->outcomeCounts();
        m_weights = analysis->outcomeWeights();
        // Every record has one outcome: the sum is the record count, also for an index summary
        // (core/pg/pg_open.h) whose records are not read yet.
        m_total = 0;
        for (const uint64_t n : m_counts) m_total += n;
        m_matchRate = analysis->matchRate();
    }
    refresh();
}

QString OutcomeBar::text(const QString& key) const {
    if (key == QLatin1String("records")) return m_records->text();
    if (key == QLatin1String("rate")) return m_rate->text();
    for (int o = 0; o < kOutcomeCount; ++o)
        if (key == QLatin1String(outcomeName(Outcome(o)).data(), qsizetype(outcomeName(Outcome(o)).size())))
            return m_outcomes[size_t(o)]->text();
    return {};
}

void OutcomeBar::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) refresh();
}

void OutcomeBar::refresh() {
    const QLocale locale;
    const QString dash = QStringLiteral("–");
    m_records->setText(tr("Records <b>%1</b>").arg(m_has ? locale.toString(qulonglong(m_total)) : dash));
    for (int o = 0; o < kOutcomeCount; ++o) {
        const Outcome outcome = Outcome(o);
        const QColor c = outcomeColor(outcome, palette());
        QString value = dash;
        if (m_has) {
            value = locale.toString(qulonglong(m_counts[size_t(o)]));
            if (m_total > 0 && m_counts[size_t(o)] > 0)
                value += QStringLiteral(" <small>(%1 %)</small>")
                             .arg(locale.toString(100.0 * double(m_counts[size_t(o)]) / double(m_total), 'f', 1));
        }
        m_outcomes[size_t(o)]->setText(QStringLiteral("<span style=\"color:%1\">&#9679;</span> %2 <b>%3</b>")
                                           .arg(c.name(), outcomeLabel(outcome), value));
        m_outcomes[size_t(o)]->setToolTip(m_has ? tr("%1: %2 records, weighted %3")
                                                      .arg(outcomeLabel(outcome),
                                                           locale.toString(qulonglong(m_counts[size_t(o)])),
                                                           locale.toString(m_weights[size_t(o)], 'f', 0))
                                                : QString());
    }
    m_rate->setText(tr("Match rate (weighted) <b>%1</b>")
                        .arg(m_has ? locale.toString(m_matchRate * 100.0, 'f', 2) + QStringLiteral(" %") : dash));
}

}  // namespace dt
