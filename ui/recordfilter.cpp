#include "ui/recordfilter.h"

#include <QStringList>

#include <algorithm>
#include <string>

namespace dt {

namespace {

char lowerAscii(char c) {
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

// One side of a status criterion: "*", "500", "5xx", "50x". Returns false when invalid.
bool parseStatusSide(QString s, int& lo, int& hi) {
    s = s.trimmed().toLower();
    if (s == QLatin1String("*") || s == QLatin1String("any")) {
        lo = hi = -1;
        return true;
    }
    if (s.size() != 3)
        return false;
    int value = 0, wild = 0;
    for (int i = 0; i < 3; ++i) {
        const QChar c = s[i];
        if (c == QLatin1Char('x')) {
            ++wild;
            value = value * 10;
        } else if (c.isDigit() && wild == 0) {
            value = value * 10 + c.digitValue();
        } else {
            return false;   // "x" only as a suffix: "5xx", "50x"
        }
    }
    if (value < 100)
        return false;
    int span = 1;
    for (int i = 0; i < wild; ++i)
        span *= 10;
    lo = value;
    hi = value + span - 1;
    return true;
}

bool inRange(int status, int lo, int hi) {
    if (lo < 0)
        return true;
    return status >= lo && status <= hi;
}

std::string lowerUtf8(const QString& s) {
    std::string out = s.trimmed().toUtf8().toStdString();
    for (char& c : out)
        c = lowerAscii(c);
    return out;
}

QString diffItem(const Analysis& analysis, const DiffKey& key) {
    const QString path = QString::fromStdString(analysis.path(key.path));
    const QString kind = QString::fromLatin1(kindName(key.kind).data(), qsizetype(kindName(key.kind).size()));
    switch (key.kind) {
    case DiffKind::Header:
        return QStringLiteral("header %1").arg(path);
    case DiffKind::Status:
        return QStringLiteral("status");
    case DiffKind::CandidateError:
        return QStringLiteral("candidate error");
    case DiffKind::TextChanged:
        return QStringLiteral("text body changed");
    case DiffKind::BinaryChanged:
        return QStringLiteral("binary body changed");
    default:
        return QStringLiteral("%1 %2").arg(path.isEmpty() ? QStringLiteral("(body)") : path, kind);
    }
}

}  // namespace

bool StatusCriterion::matches(int primary, int candidate) const {
    bool m;
    if (either)
        m = (primary >= 0 && inRange(primary, primaryLo, primaryHi)) ||
            (candidate >= 0 && inRange(candidate, primaryLo, primaryHi));
    else
        m = (primaryLo < 0 || (primary >= 0 && inRange(primary, primaryLo, primaryHi))) &&
            (candidateLo < 0 || (candidate >= 0 && inRange(candidate, candidateLo, candidateHi)));
    return negate ? !m : m;
}

std::optional<StatusCriterion> StatusCriterion::parse(const QString& input) {
    QString text = input.trimmed();
    StatusCriterion c;
    if (text.startsWith(QLatin1Char('!'))) {
        c.negate = true;
        text = text.mid(1).trimmed();
    }
    if (text.isEmpty())
        return std::nullopt;
    text.replace(QStringLiteral("->"), QStringLiteral(">"));
    text.replace(QChar(0x2192), QLatin1Char('>'));   // →
    const QStringList sides = text.split(QLatin1Char('>'));
    if (sides.size() == 1) {
        if (!parseStatusSide(sides[0], c.primaryLo, c.primaryHi) || c.primaryLo < 0)
            return std::nullopt;
        c.either = true;
        return c;
    }
    if (sides.size() != 2 || !parseStatusSide(sides[0], c.primaryLo, c.primaryHi) ||
        !parseStatusSide(sides[1], c.candidateLo, c.candidateHi))
        return std::nullopt;
    return c;
}

bool containsLower(std::string_view haystack, std::string_view needle) {
    if (needle.empty())
        return true;
    if (needle.size() > haystack.size())
        return false;
    const char first = needle[0];
    const size_t last = haystack.size() - needle.size();
    for (size_t i = 0; i <= last; ++i) {
        if (lowerAscii(haystack[i]) != first)
            continue;
        size_t j = 1;
        while (j < needle.size() && lowerAscii(haystack[i + j]) == needle[j])
            ++j;
        if (j == needle.size())
            return true;
    }
    return false;
}

QString differenceSummary(const Analysis& analysis, const Group& group, int maxItems) {
    QStringList items;
    int total = 0;
    if (group.status_pair) {
        items << QStringLiteral("status %1→%2").arg(group.status_pair->first).arg(group.status_pair->second);
        ++total;
    }
    for (const DiffKey& key : group.differences) {
        if (key.kind == DiffKind::Status && group.status_pair)
            continue;
        ++total;
        if (items.size() < maxItems)
            items << diffItem(analysis, key);
    }
    if (total == 0)
        return group.outcome == Outcome::Drift ? QStringLiteral("state drift") : QStringLiteral("(no differences)");
    QString s = items.join(QStringLiteral(" · "));
    if (total > items.size())
        s += QStringLiteral(" · +%1 more").arg(total - items.size());
    return s;
}

std::optional<FilterResult> computeFilter(const Analysis& analysis, const FilterSpec& spec,
                                          const std::atomic<bool>* stop) {
    const auto& groups = analysis.groups();
    const auto& records = analysis.records();
    FilterResult r;
    r.groupVisible.assign(groups.size(), 0);
    r.groupMatches.assign(groups.size(), 0);

    const std::string endpoint = lowerUtf8(spec.endpoint);
    const std::string path = lowerUtf8(spec.path);
    const std::string text = lowerUtf8(spec.text);
    const std::string corr = lowerUtf8(spec.correlationId);
    std::optional<StatusCriterion> status;
    const bool wantStatus = !spec.status.trimmed().isEmpty();
    if (wantStatus) {
        status = StatusCriterion::parse(spec.status);
        if (!status) {   // unparsable: nothing matches (the filter bar marks the field invalid)
            r.recordPass.assign(records.size(), 0);
            return r;
        }
    }
    const bool perRecord = spec.hasRecordCriteria() || !text.empty();
    if (perRecord)
        r.recordPass.assign(records.size(), 0);

    size_t work = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
        const Group& group = groups[g];
        if (spec.outcome && group.outcome != *spec.outcome)
            continue;
        if (spec.kind && std::none_of(group.differences.begin(), group.differences.end(),
                                      [&](const DiffKey& k) { return k.kind == *spec.kind; }))
            continue;
        const std::string_view ep = group.endpoint == kNone ? std::string_view() : std::string_view(analysis.endpoint(group.endpoint));
        if (!endpoint.empty() && !containsLower(ep, endpoint))
            continue;
        if (!path.empty() && std::none_of(group.differences.begin(), group.differences.end(), [&](const DiffKey& k) {
                return containsLower(analysis.path(k.path), path);
            }))
            continue;
        if (!perRecord) {
            r.groupVisible[g] = 1;
            r.groupMatches[g] = uint32_t(group.members.size());
            ++r.visibleGroups;
            r.matchedRecords += group.members.size();
            continue;
        }
        const bool textInGroup = text.empty() || containsLower(group.signature, text) || containsLower(ep, text) ||
                                 std::any_of(group.differences.begin(), group.differences.end(), [&](const DiffKey& k) {
                                     return containsLower(analysis.path(k.path), text);
                                 });
        uint32_t matches = 0;
        for (uint32_t m : group.members) {
            if ((++work & 0xffff) == 0 && stop && stop->load(std::memory_order_relaxed))
                return std::nullopt;
            const IndexedRecord& rec = records[m];
            if (spec.fromMs && rec.ts_ms < *spec.fromMs)
                continue;
            if (spec.toMs && rec.ts_ms > *spec.toMs)
                continue;
            if (status && !status->matches(rec.primary_status, rec.candidate_status))
                continue;
            if (!corr.empty() || !textInGroup) {
                const std::string_view id = analysis.id(rec);
                if (!corr.empty() && !containsLower(id, corr))
                    continue;
                if (!textInGroup && !containsLower(id, text))
                    continue;
            }
            r.recordPass[m] = 1;
            ++matches;
        }
        r.groupMatches[g] = matches;
        if (matches > 0) {
            r.groupVisible[g] = 1;
            ++r.visibleGroups;
            r.matchedRecords += matches;
        }
    }
    if (stop && stop->load(std::memory_order_relaxed))
        return std::nullopt;
    return r;
}

}  // namespace dt
