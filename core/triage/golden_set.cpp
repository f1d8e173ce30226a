// SPDX-License-Identifier: MIT
#include "core/triage/golden_set.h"

#include <algorithm>

#include "core/store/store_writer.h"

namespace dt {

std::vector<uint32_t> spreadSample(const std::vector<uint32_t>& members, size_t n) {
    if (n == 0 || members.size() <= n) return members;
    std::vector<uint32_t> out;
    out.reserve(n);
    if (n == 1) {
        out.push_back(members.front());
        return out;
    }
    const size_t last = members.size() - 1;
    for (size_t i = 0; i < n; ++i) out.push_back(members[i * last / (n - 1)]);
    return out;
}

GoldenSetResult writeGoldenSet(const Analysis& a, const GoldenSetOptions& options, const std::string& outPath) {
    GoldenSetResult res;
    std::vector<uint32_t> groups;
    if (options.signatures.empty()) {
        for (uint32_t g = 0; g < a.groups().size(); ++g) groups.push_back(g);
    } else {
        for (const auto& sig : options.signatures) {
            auto g = a.findGroup(sig);
            if (!g) {
                res.error = "no group with signature " + sig;
                return res;
            }
            groups.push_back(*g);
        }
        std::sort(groups.begin(), groups.end());
        groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    }
    // Records in store order, so the golden store reads like the original.
    std::vector<uint32_t> records;
    for (uint32_t g : groups) {
        const auto chosen = spreadSample(a.groups()[g].members, options.per_group);
        records.insert(records.end(), chosen.begin(), chosen.end());
    }
    std::sort(records.begin(), records.end());
    records.erase(std::unique(records.begin(), records.end()), records.end());

    auto writer = StoreWriter::create(outPath, &res.error);
    if (!writer) return res;
    for (uint32_t i : records) {
        const IndexedRecord& ir = a.records()[i];
        auto record = a.store().read(ir.loc, &res.error);
        if (!record) return res;  // the atomic writer removes its temp file
        if (record->endpoint.empty() && ir.endpoint != kNone) record->endpoint = a.endpoint(ir.endpoint);
        if (!writer->append(*record, &res.error)) return res;
    }
    if (!writer->commit(&res.error)) return res;
    res.ok = true;
    res.records = records.size();
    res.groups = groups.size();
    return res;
}

}  // namespace dt
