// SPDX-License-Identifier: MIT
#pragma once
// The template-learning corpus kept for following a store (Analysis::extended): the pre-templates
// endpoint templates are learned from (each with its index into the caller's counts) and the
// endpoint each scanned pre-template was given.
//
// Layered, so that a follow refresh does not copy it: freeze() seals what was added into a shared,
// immutable layer; a copy shares every sealed layer and adds its own on top. A store whose URLs carry
// slugs brings new pre-templates with every refresh, and a million-record store has hundreds of
// thousands of them: copying them per refresh cost tens of milliseconds. Layers are merged into one
// when more than kMaxLayers pile up (one full copy every kMaxLayers refreshes).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dt {

class TemplateCorpus {
public:
    static constexpr size_t kMaxLayers = 16;

    // Learn strings, indexed 0..learnSize()-1 in the order they were added.
    std::optional<size_t> learnIndex(std::string_view pre) const;
    size_t addLearn(const std::string& pre);  // not there yet; returns its index
    size_t learnSize() const { return m_learnSize; }
    std::vector<std::string_view> learnStrings() const;  // in index order; valid while this is unchanged

    // Scanned pre-template -> endpoint index.
    std::optional<uint32_t> endpoint(std::string_view pre) const;
    void setEndpoint(const std::string& pre, uint32_t endpoint);  // not there yet
    size_t endpointCount() const { return m_endpointCount; }
    template <typename F>  // f(std::string_view pre, uint32_t endpoint), each once, in no order
    void forEachEndpoint(F f) const {
        for (const auto& layer : m_frozen)
            for (const auto& [pre, e] : layer->endpoints) f(std::string_view(pre), e);
        for (const auto& [pre, e] : m_top.endpoints) f(std::string_view(pre), e);
    }

    // Seals what was added since the last freeze into a layer that copies share.
    void freeze();
    size_t layers() const { return m_frozen.size(); }  // sealed layers (for tests)

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    template <typename V>
    using Map = std::unordered_map<std::string, V, Hash, std::equal_to<>>;
    struct Layer {
        size_t base = 0;  // index of strings[0]
        std::vector<std::string> strings;
        Map<size_t> index;
        Map<uint32_t> endpoints;
        bool empty() const { return strings.empty() && endpoints.empty(); }
    };
    std::vector<std::shared_ptr<const Layer>> m_frozen;  // oldest first
    Layer m_top;
    size_t m_learnSize = 0, m_endpointCount = 0;
};

}  // namespace dt
