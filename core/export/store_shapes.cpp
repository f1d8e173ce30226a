// SPDX-License-Identifier: MIT
#include "core/export/store_shapes.h"

#include <algorithm>
#include <mutex>
#include <set>

#include "core/compare/json_tree.h"
#include "core/store/store.h"
#include "core/util/text.h"

namespace dt::peer {

namespace {

class ShapeVisitor : public ScanVisitor {
public:
    ShapeVisitor(size_t maxNodes) : m_max(maxNodes) {}
    void record(unsigned, uint32_t, Record& rec, const Locator&) override {
        std::lock_guard lock(m_mutex);
        ++m_records;
        for (const Response* r : {&rec.primary, &rec.candidate, &rec.secondary}) {
            if (!r->present) continue;
            for (const auto& [name, value] : r->headers) m_headers.insert(lowercase(name));
            if (r->body.empty()) continue;
            auto tree = parseJsonTree(r->body);
            if (!tree) continue;
            std::string pointer;
            std::vector<bool> index;
            walk(*tree, pointer, index);
        }
    }
    void problem(unsigned, uint32_t, LoadProblem) override {}

    void finish(StoreShapes* out) {
        out->nodes.assign(m_nodes.begin(), m_nodes.end());
        out->headers.assign(m_headers.begin(), m_headers.end());
        out->records = m_records;
        out->capped = m_capped;
    }

private:
    void walk(const JsonNode& n, std::string& pointer, std::vector<bool>& index) {
        if (m_nodes.size() >= m_max) {
            m_capped = m_capped || !m_nodes.count(StoreShapes::Node{pointer, index});
        } else {
            m_nodes.insert(StoreShapes::Node{pointer, index});
        }
        const size_t len = pointer.size();
        if (n.type == JsonNode::Type::Array) {
            for (size_t i = 0; i < n.kids.size(); ++i) {
                pointer += "/" + std::to_string(i);
                index.push_back(true);
                walk(n.kids[i], pointer, index);
                index.pop_back();
                pointer.resize(len);
            }
        } else if (n.type == JsonNode::Type::Object) {
            for (size_t i = 0; i < n.kids.size(); ++i) {
                pointer += "/" + escapePointerToken(n.keys[i]);
                index.push_back(false);
                walk(n.kids[i], pointer, index);
                index.pop_back();
                pointer.resize(len);
            }
        }
    }
    std::mutex m_mutex;
    size_t m_max;
    std::set<StoreShapes::Node> m_nodes;
    std::set<std::string> m_headers;
    uint64_t m_records = 0;
    bool m_capped = false;
};

}  // namespace

bool collectStoreShapes(const std::string& path, StoreShapes* out, std::string* error, size_t maxNodes) {
    auto store = Store::open(path, error);
    if (!store) return false;
    ShapeVisitor visitor(maxNodes);
    ScanControl control;
    control.threads = 1;
    const ScanSummary s = store->scan(visitor, control);
    if (!s.fatal.empty()) {
        if (error) *error = path + ": " + s.fatal;
        return false;
    }
    visitor.finish(out);
    return true;
}

std::vector<std::string> pointerSegments(const std::string& pointer) {
    std::vector<std::string> segs;
    if (pointer.empty()) return segs;
    size_t pos = 1;
    for (;;) {
        const size_t slash = pointer.find('/', pos);
        segs.push_back(unescapePointerToken(
            std::string_view(pointer).substr(pos, slash == std::string::npos ? std::string::npos : slash - pos)));
        if (slash == std::string::npos) break;
        pos = slash + 1;
    }
    return segs;
}

}  // namespace dt::peer
