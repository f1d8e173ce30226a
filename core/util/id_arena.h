// SPDX-License-Identifier: MIT
#pragma once
// Record ids, NUL-terminated, in blocks, addressed by a 32-bit offset: what a million-record index
// keeps of each record's id. An id never straddles two blocks (a block ends early instead; an id
// longer than a block gets a block of its own).
//
// Copies share blocks (copy on write, like SegmentedVector): appending to a copy clones only its
// last block when another copy still holds it, so a follow refresh that copies an analysis and
// appends a thousand ids does not copy the megabytes of ids already there.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace dt {

class IdArena {
public:
    static constexpr size_t kBlock = size_t(1) << 20;

    // Appends `id` (without its NUL: ids hold none) and returns its offset.
    uint32_t append(std::string_view id) {
        const size_t need = id.size() + 1;
        if (m_blocks.empty() || m_blocks.back().data->size() + need > m_blocks.back().data->capacity()) {
            if (m_end + need > uint64_t(UINT32_MAX)) throw std::length_error("IdArena: more than 4 GB of ids");
            Block b;
            b.start = m_end;
            b.data = std::make_shared<std::vector<char>>();
            b.data->reserve(std::max(kBlock, need));
            m_blocks.push_back(std::move(b));
        } else if (m_blocks.back().data.use_count() > 1) {  // shared with a copy: clone it first
            auto own = std::make_shared<std::vector<char>>();
            own->reserve(m_blocks.back().data->capacity());
            own->assign(m_blocks.back().data->begin(), m_blocks.back().data->end());
            m_blocks.back().data = std::move(own);
        }
        std::vector<char>& d = *m_blocks.back().data;
        const auto offset = static_cast<uint32_t>(m_blocks.back().start + d.size());
        d.insert(d.end(), id.begin(), id.end());
        d.push_back('\0');
        m_end = m_blocks.back().start + d.size();
        return offset;
    }

    // The id at `offset` (as returned by append()).
    std::string_view at(uint32_t offset) const {
        auto it = std::upper_bound(m_blocks.begin(), m_blocks.end(), uint64_t(offset),
                                   [](uint64_t o, const Block& b) { return o < b.start; });
        const Block& b = *(it - 1);
        return std::string_view(b.data->data() + (offset - b.start));
    }

    uint64_t bytes() const { return m_end; }  // offsets used so far (ids, NULs, ends of blocks)
    size_t blocks() const { return m_blocks.size(); }
    // Where block k lives: equal in two arenas while they share it (for tests).
    const char* blockData(size_t k) const { return m_blocks[k].data->data(); }

private:
    struct Block {
        uint64_t start = 0;
        std::shared_ptr<std::vector<char>> data;  // capacity = the block's size; never reallocated
    };
    std::vector<Block> m_blocks;
    uint64_t m_end = 0;
};

}  // namespace dt
