// SPDX-License-Identifier: MIT
#include "ui/outcomebrowser.h"

#include <QAction>
#include <QActionGroup>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QTableView>

#include "ui/loadjob.h"
#include "ui/mainwindow.h"
#include "ui/recordsmodel.h"

namespace dt {

namespace {

// Menu order: what a user browses most after the mismatch groups.
constexpr Outcome kMenuOrder[] = {Outcome::Mismatch, Outcome::Noise, Outcome::Allowed,
                                  Outcome::Drift,    Outcome::Match, Outcome::Invalid};

QString outcomeText(Outcome o) {
    const std::string_view name = outcomeName(o);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

}  // namespace

OutcomeBrowser::OutcomeBrowser(MainWindow* window) : QObject(window), m_window(window) {
    setObjectName(QStringLiteral("outcomeBrowser"));
    m_menu = new QMenu(tr("&Outcome"), window);
    m_menu->setObjectName(QStringLiteral("outcomeMenu"));
    m_group = new QActionGroup(this);
    m_group->setExclusive(true);
    m_groupsAction = m_menu->addAction(tr("&Groups (mismatch and drift)"));
    m_groupsAction->setCheckable(true);
    m_groupsAction->setChecked(true);
    m_group->addAction(m_groupsAction);
    connect(m_groupsAction, &QAction::triggered, this, &OutcomeBrowser::showGroups);
    m_menu->addSeparator();
    m_actions.resize(kOutcomeCount, nullptr);
    for (Outcome o : kMenuOrder) {
        QAction* a = m_menu->addAction(tr("All %1 records").arg(outcomeText(o)));
        a->setObjectName(QStringLiteral("outcome_%1").arg(outcomeText(o)));
        a->setCheckable(true);
        m_group->addAction(a);
        m_actions[size_t(o)] = a;
        connect(a, &QAction::triggered, this, [this, o] { showOutcome(o); });
    }
    m_menu->setEnabled(false);

    // Choosing a group ends the outcome list (not the window selecting one while a store arrives).
    connect(window->groupsView()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!m_applying && current.isValid() && m_outcome) setMode(std::nullopt);
            });
    // Connected before the window's own handler (this runs first): a reload (F5, Follow) keeps the list.
    connect(window->loadJob(), &LoadJob::loaded, this, [this] { m_applying = true; });
    connect(window, &MainWindow::storeLoaded, this, [this] {
        m_applying = false;
        m_menu->setEnabled(true);
        if (m_outcome) showOutcome(*m_outcome);
    });
}

QAction* OutcomeBrowser::action(std::optional<Outcome> outcome) const {
    return outcome ? m_actions[size_t(*outcome)] : m_groupsAction;
}

std::vector<uint32_t> OutcomeBrowser::recordsOf(const Analysis& analysis, Outcome outcome) {
    std::vector<uint32_t> out;
    const RecordTable& records = analysis.records();
    for (size_t i = 0; i < records.size(); ++i)
        if (records[i].outcome == outcome) out.push_back(uint32_t(i));
    return out;
}

bool OutcomeBrowser::showOutcome(Outcome outcome) {
    const std::shared_ptr<const Analysis> analysis = m_window->analysis();
    if (!analysis) return false;
    std::vector<uint32_t> records = recordsOf(*analysis, outcome);
    const size_t count = records.size();
    m_applying = true;
    QTableView* groups = m_window->groupsView();
    groups->selectionModel()->clearCurrentIndex();  // no group is current: the records are no group's
    groups->clearSelection();
    m_window->recordsModel()->setRecords(std::move(records));
    m_applying = false;
    setMode(outcome);
    updateLabel(count);
    QTableView* view = m_window->recordsView();
    if (m_window->recordsModel()->rowCount() > 0) {
        view->setCurrentIndex(m_window->recordsModel()->index(0, 0));
        view->scrollToTop();
    }
    return true;
}

void OutcomeBrowser::showGroups() {
    setMode(std::nullopt);
    if (!m_window->selectGroupRow(0)) m_window->recordsModel()->setGroup(-1);
}

void OutcomeBrowser::setMode(std::optional<Outcome> outcome) {
    const bool changed = outcome != m_outcome;
    m_outcome = outcome;
    action(outcome)->setChecked(true);
    if (changed) emit outcomeChanged(outcome);
}

void OutcomeBrowser::updateLabel(size_t count) {
    auto* label = m_window->findChild<QLabel*>(QStringLiteral("recordsLabel"));
    if (!label || !m_outcome) return;
    label->setText(tr("<b>%1</b> %2 record(s) · View › Outcome (choose a group to go back)")
                       .arg(QLocale().toString(qulonglong(count)), outcomeText(*m_outcome)));
}

}  // namespace dt
