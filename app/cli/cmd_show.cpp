// SPDX-License-Identifier: MIT
// difftriage-cli show / diff
#include <fstream>
#include <iomanip>
#include <sstream>

#include "app/cli/common.h"
#include "core/present/side_by_side.h"

namespace dt::cli {

namespace {

// Cuts or pads a UTF-8 line to `width` display columns (approximated by code points).
std::string fit(std::string_view s, size_t width) {
    std::string out;
    size_t cols = 0, i = 0;
    while (i < s.size() && cols < width) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        if (c == '\t') {
            out += ' ';
        } else if (c < 0x20) {
            out += '?';
        } else {
            out.append(s.substr(i, len));
        }
        i += len;
        ++cols;
    }
    if (i < s.size() && !out.empty()) {
        // mark truncation
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
        if (!out.empty()) out.pop_back();
        out += "…";
    }
    out.append(width > cols ? width - cols : 0, ' ');
    return out;
}

void printSideBySide(const SideBySide& sbs, std::ostream& out, size_t width) {
    if (!sbs.note.empty()) out << sbs.note << "\n";
    const size_t col = (width - 7) / 2;
    for (const AlignedRow& r : sbs.rows) {
        char mark = ' ';
        switch (r.state) {
        case RowState::Same: mark = ' '; break;
        case RowState::Changed: mark = '~'; break;
        case RowState::Removed: mark = '-'; break;
        case RowState::Added: mark = '+'; break;
        }
        out << mark << ' ' << fit(r.left_line ? r.left : "", col) << " | " << fit(r.right_line ? r.right : "", col)
            << "\n";
    }
}

bool readFile(const std::string& path, std::string* data, std::ostream& err) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        err << "difftriage-cli: " << path << ": cannot open file\n";
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    *data = ss.str();
    return true;
}

}  // namespace

int cmdShow(const Args& argsIn, std::ostream& out, std::ostream& err) {
    Args args = argsIn;
    std::string rulesPath, widthText;
    bool missing = false;
    takeOption(args, "--rules", &rulesPath, &missing);
    takeOption(args, "--width", &widthText, &missing);
    const bool raw = takeFlag(args, "--raw");
    const bool json = takeFlag(args, "--json");
    const bool swapSides = takeSwapSides(args);
    if (missing || !rejectUnknownOptions(args, "show", err) || args.size() != 2) {
        err << "usage: difftriage-cli show STORE ID [--rules FILE] [--raw] [--width N] [--json]\n";
        return 2;
    }
    std::shared_ptr<const RuleProvider> rules;
    if (!rulesPath.empty() && !(rules = loadRules(rulesPath, err))) return 2;
    auto a = loadStore(args[0], rules, err, swapSides);
    if (!a) return 2;
    auto index = a->findRecord(args[1]);
    if (!index) {
        err << "difftriage-cli: " << args[0] << ": no record with id '" << args[1] << "'\n";
        return 2;
    }
    std::string error;
    auto d = a->detail(*index, a->rules(), &error);
    if (!d) {
        err << "difftriage-cli: " << args[0] << ": " << error << "\n";
        return 2;
    }
    const IndexedRecord& r = a->records()[*index];
    const auto sig = recordSignature(*a, *index);
    if (json) {
        nlohmann::json j;
        j["id"] = d->record.id;
        j["endpoint"] = d->endpoint;
        j["outcome"] = std::string(outcomeName(d->outcome));
        j["signature"] = sig ? nlohmann::json(*sig) : nlohmann::json(nullptr);
        j["signature_version"] = Analysis::kSignatureVersion;
        if (a->sidesSwapped()) j["sides_swapped"] = true;  // "primary" below is the store's candidate
        auto diffs = nlohmann::json::array();
        for (const auto* list : {&d->result.differences, &d->result.absorbed})
            for (const Difference& df : *list) {
                nlohmann::json dj{
                    {"path", df.path},       {"generalized", df.generalized}, {"kind", std::string(kindName(df.kind))},
                    {"primary", df.primary}, {"candidate", df.candidate},     {"class", classText(df)}};
                if (!df.rule_id.empty()) dj["rule_id"] = df.rule_id;
                diffs.push_back(std::move(dj));
            }
        j["differences"] = std::move(diffs);
        out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return 0;
    }
    out << "id:        " << d->record.id << "\n";
    out << "time:      " << d->record.ts << "\n";
    out << "request:   " << d->record.request.method << " " << d->record.request.url << "\n";
    out << "endpoint:  " << d->endpoint << "\n";
    out << "outcome:   " << outcomeName(d->outcome) << "\n";
    out << "signature: " << (sig ? *sig + " (v" + std::to_string(Analysis::kSignatureVersion) + ")" : std::string("-"))
        << "\n";
    auto status = [](const Response& resp) {
        return resp.status ? std::to_string(*resp.status) : resp.error ? "error: " + *resp.error : std::string("-");
    };
    if (a->sidesSwapped()) out << "sides:     swapped (the candidate is the reference, shown as primary)\n";
    out << "status:    " << status(d->record.primary) << " -> " << status(d->record.candidate) << "\n";
    if (r.primary_latency >= 0 || r.candidate_latency >= 0)
        out << "latency:   " << r.primary_latency << " ms -> " << r.candidate_latency << " ms\n";
    out << "\ndifferences (" << d->result.differences.size() << "):\n";
    for (const Difference& df : d->result.differences)
        out << "  " << std::left << std::setw(16) << kindName(df.kind) << " " << (df.path.empty() ? "(root)" : df.path)
            << "  " << df.primary << " -> " << df.candidate
            << (df.cls == ValueClass::None ? std::string() : "  [" + classText(df) + "]") << "\n";
    if (!d->result.absorbed.empty()) {
        out << "absorbed by rules (" << d->result.absorbed.size() << "):\n";
        for (const Difference& df : d->result.absorbed)
            out << "  " << std::left << std::setw(16) << kindName(df.kind) << " " << df.path << "  [" << df.rule_id
                << "]\n";
    }
    size_t width = 160;
    if (!widthText.empty()) width = std::max<size_t>(40, std::strtoul(widthText.c_str(), nullptr, 10));
    out << "\n"
        << (raw ? "raw" : "normalized")
        << (a->sidesSwapped() ? " bodies (candidate, the reference | primary):\n" : " bodies (primary | candidate):\n");
    printSideBySide(buildSideBySide(d->record.primary.body, d->record.candidate.body, !raw), out, width);
    return 0;
}

int cmdDiff(const Args& argsIn, std::ostream& out, std::ostream& err) {
    Args args = argsIn;
    std::string format = "text";
    bool missing = false;
    takeOption(args, "--format", &format, &missing);
    if (missing || !rejectUnknownOptions(args, "diff", err) || args.size() != 2 ||
        (format != "text" && format != "json-patch")) {
        err << "usage: difftriage-cli diff A B [--format json-patch|text]\n";
        return 2;
    }
    std::string a, b;
    if (!readFile(args[0], &a, err) || !readFile(args[1], &b, err)) return 2;
    if (format == "text") {
        out << textDiff(a, b);
        return 0;
    }
    for (int i = 0; i < 2; ++i) {
        std::string why;
        if (!jsonPatch(i == 0 ? a : b, i == 0 ? a : b, &why)) {
            err << "difftriage-cli: " << args[i] << ": not a JSON document" << (why.empty() ? "" : ": " + why) << "\n";
            return 2;
        }
    }
    std::string error;
    auto patch = jsonPatch(a, b, &error);
    if (!patch) {
        err << "difftriage-cli: " << error << "\n";
        return 2;
    }
    out << *patch;
    if (patch->empty() || patch->back() != '\n') out << "\n";
    return 0;
}

}  // namespace dt::cli
