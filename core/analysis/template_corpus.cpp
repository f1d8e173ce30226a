// SPDX-License-Identifier: MIT
// The layered template-learning corpus (template_corpus.h).
#include "core/analysis/template_corpus.h"

#include <utility>

namespace dt {

std::optional<size_t> TemplateCorpus::learnIndex(std::string_view pre) const {
    if (auto it = m_top.index.find(pre); it != m_top.index.end()) return it->second;
    for (auto l = m_frozen.rbegin(); l != m_frozen.rend(); ++l)
        if (auto it = (*l)->index.find(pre); it != (*l)->index.end()) return it->second;
    return std::nullopt;
}

size_t TemplateCorpus::addLearn(const std::string& pre) {
    if (m_top.strings.empty()) m_top.base = m_learnSize;
    const size_t i = m_learnSize++;
    m_top.strings.push_back(pre);
    m_top.index.emplace(pre, i);
    return i;
}

std::vector<std::string_view> TemplateCorpus::learnStrings() const {
    std::vector<std::string_view> out(m_learnSize);
    auto put = [&out](const Layer& l) {
        for (size_t k = 0; k < l.strings.size(); ++k) out[l.base + k] = l.strings[k];
    };
    for (const auto& l : m_frozen) put(*l);
    put(m_top);
    return out;
}

std::optional<uint32_t> TemplateCorpus::endpoint(std::string_view pre) const {
    if (auto it = m_top.endpoints.find(pre); it != m_top.endpoints.end()) return it->second;
    for (auto l = m_frozen.rbegin(); l != m_frozen.rend(); ++l)
        if (auto it = (*l)->endpoints.find(pre); it != (*l)->endpoints.end()) return it->second;
    return std::nullopt;
}

void TemplateCorpus::setEndpoint(const std::string& pre, uint32_t endpoint) {
    if (m_top.endpoints.emplace(pre, endpoint).second) ++m_endpointCount;
}

void TemplateCorpus::freeze() {
    if (!m_top.empty()) {
        m_frozen.push_back(std::make_shared<const Layer>(std::move(m_top)));
        m_top = Layer();
    }
    if (m_frozen.size() <= kMaxLayers) return;
    // Merge every layer into one. Learn strings keep their indices: layers hold consecutive ranges.
    auto merged = std::make_shared<Layer>();
    for (const auto& l : m_frozen) {
        if (!l->strings.empty() && merged->strings.empty()) merged->base = l->base;
        for (size_t k = 0; k < l->strings.size(); ++k) {
            merged->strings.push_back(l->strings[k]);
            merged->index.emplace(l->strings[k], l->base + k);
        }
        merged->endpoints.insert(l->endpoints.begin(), l->endpoints.end());
    }
    m_frozen.assign(1, std::move(merged));
}

}  // namespace dt
