// SPDX-License-Identifier: MIT
// canonicalJson() and jsonPatch() (declared in core/side_by_side.h), on the number-preserving JSON
// tree of json_tree.h: numbers are shown and patched exactly as written (400-digit integers,
// 1e400), duplicate keys resolve to the last occurrence, nesting is limited to kMaxTreeDepth.
#include "core/compare/difference.h"
#include "core/compare/json_tree.h"
#include "core/compare/text_compare.h"
#include "core/present/side_by_side.h"

namespace dt {

namespace {

struct PatchOp {
    const char* op;
    std::string path;
    const JsonNode* value;  // null for "remove"
};

// Same algorithm as nlohmann::json::diff: replace on type change, recurse into common array
// elements then remove (from the end) / append ("-"), recurse into common object keys then
// remove missing / add new keys.
void diffTrees(const JsonNode& a, const JsonNode& b, std::string& path, std::vector<PatchOp>& ops) {
    if (jsonTreesEqual(a, b)) return;
    if (a.type != b.type) {
        ops.push_back({"replace", path, &b});
        return;
    }
    const size_t mark = path.size();
    if (a.type == JsonNode::Type::Array) {
        size_t i = 0;
        for (; i < a.kids.size() && i < b.kids.size(); ++i) {
            path += '/';
            path += std::to_string(i);
            diffTrees(a.kids[i], b.kids[i], path, ops);
            path.resize(mark);
        }
        for (size_t k = a.kids.size(); k > i; --k)
            ops.push_back({"remove", path + "/" + std::to_string(k - 1), nullptr});
        for (; i < b.kids.size(); ++i) ops.push_back({"add", path + "/-", &b.kids[i]});
        return;
    }
    if (a.type == JsonNode::Type::Object) {
        const std::vector<size_t> ma = sortedMembers(a), mb = sortedMembers(b);
        size_t i = 0, j = 0;
        std::vector<size_t> added;
        while (i < ma.size() || j < mb.size()) {
            int order;
            if (i >= ma.size())
                order = 1;
            else if (j >= mb.size())
                order = -1;
            else
                order = a.keys[ma[i]].compare(b.keys[mb[j]]);
            if (order < 0) {
                ops.push_back({"remove", path + "/" + escapePointerToken(a.keys[ma[i++]]), nullptr});
            } else if (order > 0) {
                added.push_back(mb[j++]);
            } else {
                path += '/';
                path += escapePointerToken(a.keys[ma[i]]);
                diffTrees(a.kids[ma[i]], b.kids[mb[j]], path, ops);
                path.resize(mark);
                ++i;
                ++j;
            }
        }
        for (size_t k : added) ops.push_back({"add", path + "/" + escapePointerToken(b.keys[k]), &b.kids[k]});
        return;
    }
    ops.push_back({"replace", path, &b});
}

}  // namespace

std::optional<std::string> canonicalJson(std::string_view body, std::vector<std::string>* pointers) {
    auto tree = parseJsonTree(body);
    if (!tree) return std::nullopt;
    std::string out;
    out.reserve(body.size() + body.size() / 2);
    if (pointers) pointers->clear();
    printJsonTree(*tree, 0, out, pointers);
    return out;
}

std::optional<std::string> jsonPatch(std::string_view a, std::string_view b, std::string* error) {
    std::string why;
    auto ta = parseJsonTree(a, &why);
    if (!ta) {
        if (error) *error = "first document is not JSON: " + why;
        return std::nullopt;
    }
    auto tb = parseJsonTree(b, &why);
    if (!tb) {
        if (error) *error = "second document is not JSON: " + why;
        return std::nullopt;
    }
    std::vector<PatchOp> ops;
    std::string path;
    diffTrees(*ta, *tb, path, ops);
    if (ops.empty()) return std::string("[]");
    // Pretty, in the layout of nlohmann's dump(2) (keys "op", "path", "value" are already sorted).
    std::string out = "[\n";
    for (size_t k = 0; k < ops.size(); ++k) {
        out += "  {\n    \"op\": ";
        appendJsonString(out, ops[k].op);
        out += ",\n    \"path\": ";
        appendJsonString(out, ops[k].path);
        if (ops[k].value) {
            out += ",\n    \"value\": ";
            printJsonTree(*ops[k].value, 2, out);
        }
        out += k + 1 < ops.size() ? "\n  },\n" : "\n  }\n";
    }
    out += "]";
    return out;
}

}  // namespace dt
