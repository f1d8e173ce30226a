// canonicalJson() (declared in core/side_by_side.h): pretty JSON with sorted keys, 2-space indent,
// numbers as written in the source, strings re-escaped, and the JSON Pointer of every output line.
//
// Parsing uses nlohmann's SAX interface (iterative, so deep input cannot overflow the stack) into
// a light tree that keeps the source text of numbers. Duplicate keys: the last occurrence wins (as
// in the diff engine). Input nested deeper than kMaxDepth levels is rejected (nullopt).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <numeric>

#include "core/difference.h"
#include "core/side_by_side.h"
#include "core/text_compare.h"

namespace dt {

namespace {

constexpr size_t kMaxDepth = 1000;

struct Node {
    enum class Type : uint8_t { Scalar, String, Array, Object };
    Type type = Type::Scalar;
    std::string text;               // scalar source text (number, true, false, null) or decoded string
    std::vector<Node> kids;
    std::vector<std::string> keys;  // objects: parallel to kids
};

class TreeBuilder {
public:
    using json = nlohmann::json;
    Node root;
    bool haveRoot = false;

    bool null() { return add(scalar("null")); }
    bool boolean(bool v) { return add(scalar(v ? "true" : "false")); }
    bool number_integer(json::number_integer_t v) { return add(scalar(std::to_string(v))); }
    bool number_unsigned(json::number_unsigned_t v) { return add(scalar(std::to_string(v))); }
    bool number_float(json::number_float_t, const json::string_t& s) { return add(scalar(s)); }
    bool string(json::string_t& s) {
        Node n;
        n.type = Node::Type::String;
        n.text = std::move(s);
        return add(std::move(n));
    }
    bool binary(json::binary_t&) { return false; }
    bool start_object(size_t) { return open(Node::Type::Object); }
    bool key(json::string_t& k) {
        m_key = std::move(k);
        return true;
    }
    bool end_object() {
        m_stack.pop_back();
        return true;
    }
    bool start_array(size_t) { return open(Node::Type::Array); }
    bool end_array() {
        m_stack.pop_back();
        return true;
    }
    bool parse_error(size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

private:
    static Node scalar(std::string text) {
        Node n;
        n.text = std::move(text);
        return n;
    }
    Node* addNode(Node&& n) {
        if (m_stack.empty()) {
            root = std::move(n);
            haveRoot = true;
            return &root;
        }
        // Pointers on the stack stay valid: a container only grows while it is the innermost one.
        Node* top = m_stack.back();
        if (top->type == Node::Type::Object) top->keys.push_back(std::move(m_key));
        top->kids.push_back(std::move(n));
        return &top->kids.back();
    }
    bool add(Node&& n) {
        addNode(std::move(n));
        return true;
    }
    bool open(Node::Type t) {
        if (m_stack.size() >= kMaxDepth) return false;
        Node n;
        n.type = t;
        m_stack.push_back(addNode(std::move(n)));
        return true;
    }

    std::vector<Node*> m_stack;
    std::string m_key;
};

class Printer {
public:
    Printer(std::string& out, std::vector<std::string>* pointers) : m_out(out), m_pointers(pointers) {}

    void print(const Node& root) {
        value(root, 0);
        if (m_pointers) m_pointers->push_back(m_pointer);  // the last line has no newline
    }

private:
    void endLine() {
        m_out += '\n';
        if (m_pointers) m_pointers->push_back(m_pointer);
    }
    void indent(size_t depth) { m_out.append(2 * depth, ' '); }

    void value(const Node& n, size_t depth) {
        switch (n.type) {
            case Node::Type::Scalar: m_out += n.text; return;
            case Node::Type::String: appendJsonString(m_out, n.text); return;
            case Node::Type::Array: {
                if (n.kids.empty()) {
                    m_out += "[]";
                    return;
                }
                m_out += '[';
                endLine();
                const size_t mark = m_pointer.size();
                for (size_t i = 0; i < n.kids.size(); ++i) {
                    m_pointer += '/';
                    m_pointer += std::to_string(i);
                    indent(depth + 1);
                    value(n.kids[i], depth + 1);
                    if (i + 1 < n.kids.size()) m_out += ',';
                    endLine();
                    m_pointer.resize(mark);
                }
                indent(depth);
                m_out += ']';
                return;
            }
            case Node::Type::Object: {
                // Sorted keys; with duplicates the last occurrence wins.
                std::vector<size_t> order(n.kids.size());
                std::iota(order.begin(), order.end(), size_t(0));
                std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return n.keys[a] < n.keys[b]; });
                std::vector<size_t> members;
                for (size_t k = 0; k < order.size(); ++k) {
                    if (k + 1 < order.size() && n.keys[order[k + 1]] == n.keys[order[k]]) continue;
                    members.push_back(order[k]);
                }
                if (members.empty()) {
                    m_out += "{}";
                    return;
                }
                m_out += '{';
                endLine();
                const size_t mark = m_pointer.size();
                for (size_t k = 0; k < members.size(); ++k) {
                    const size_t i = members[k];
                    m_pointer += '/';
                    m_pointer += escapePointerToken(n.keys[i]);
                    indent(depth + 1);
                    appendJsonString(m_out, n.keys[i]);
                    m_out += ": ";
                    value(n.kids[i], depth + 1);
                    if (k + 1 < members.size()) m_out += ',';
                    endLine();
                    m_pointer.resize(mark);
                }
                indent(depth);
                m_out += '}';
                return;
            }
        }
    }

    std::string& m_out;
    std::vector<std::string>* m_pointers;
    std::string m_pointer;
};

}  // namespace

std::optional<std::string> canonicalJson(std::string_view body, std::vector<std::string>* pointers) {
    body = stripUtf8Bom(body);
    TreeBuilder builder;
    bool ok = false;
    try {
        ok = nlohmann::json::sax_parse(body.begin(), body.end(), &builder, nlohmann::json::input_format_t::json, true);
    } catch (const std::exception&) {
        ok = false;
    }
    if (!ok || !builder.haveRoot) return std::nullopt;
    std::string out;
    out.reserve(body.size() + body.size() / 2);
    if (pointers) pointers->clear();
    Printer(out, pointers).print(builder.root);
    return out;
}

}  // namespace dt
