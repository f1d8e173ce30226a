// SPDX-License-Identifier: MIT
#pragma once
// A vector stored in fixed-size segments: appending never copies what is already there, so a
// million-record index grows without the 2x peak of std::vector reallocation, and a merge can
// free its sources while it fills this. Random access like a vector.
//
// Copies share segments (copy on write): a copy costs one pointer per segment, and a segment is
// cloned the first time a copy writes to it through a non-const accessor. So a follow refresh
// that copies a million-record index and appends to it clones only the last segment. Reading
// is never a write: const access does not clone. A reference taken through a non-const accessor
// must not be kept across a copy of the vector (it would write into the shared segment).
#include <algorithm>
#include <cstddef>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace dt {

template <typename T, size_t SegmentBits = 14>
class SegmentedVector {
public:
    static constexpr size_t kSegment = size_t(1) << SegmentBits;

    SegmentedVector() = default;
    SegmentedVector(SegmentedVector&&) noexcept = default;
    SegmentedVector& operator=(SegmentedVector&&) noexcept = default;
    // Shares every segment with `other` (see above).
    SegmentedVector(const SegmentedVector& other) = default;
    SegmentedVector& operator=(const SegmentedVector& other) = default;

    size_t size() const { return m_size; }
    size_t segmentCount() const { return m_segments.size(); }
    // Where segment k lives: equal in two vectors while they share it (for tests).
    const T* segmentData(size_t k) const { return m_segments[k].get(); }
    bool empty() const { return m_size == 0; }
    T& operator[](size_t i) { return writable(i >> SegmentBits)[i & (kSegment - 1)]; }
    const T& operator[](size_t i) const { return m_segments[i >> SegmentBits][i & (kSegment - 1)]; }
    T& at(size_t i) {
        check(i);
        return (*this)[i];
    }
    const T& at(size_t i) const {
        check(i);
        return (*this)[i];
    }
    T& back() { return (*this)[m_size - 1]; }
    void push_back(const T& v) {
        if ((m_size & (kSegment - 1)) == 0 && (m_size >> SegmentBits) == m_segments.size())
            m_segments.push_back(std::shared_ptr<T[]>(new T[kSegment]));
        (*this)[m_size++] = v;
    }
    void clear() {
        m_segments.clear();
        m_size = 0;
    }

    template <bool Const>
    class Iter {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = std::conditional_t<Const, const T*, T*>;
        using reference = std::conditional_t<Const, const T&, T&>;
        using Owner = std::conditional_t<Const, const SegmentedVector, SegmentedVector>;
        Iter() = default;
        Iter(Owner* o, size_t i) : m_o(o), m_i(i) {}
        reference operator*() const { return (*m_o)[m_i]; }
        pointer operator->() const { return &(*m_o)[m_i]; }
        reference operator[](difference_type n) const { return (*m_o)[m_i + n]; }
        Iter& operator++() {
            ++m_i;
            return *this;
        }
        Iter operator++(int) {
            Iter t = *this;
            ++m_i;
            return t;
        }
        Iter& operator--() {
            --m_i;
            return *this;
        }
        Iter operator--(int) {
            Iter t = *this;
            --m_i;
            return t;
        }
        Iter& operator+=(difference_type n) {
            m_i += n;
            return *this;
        }
        Iter& operator-=(difference_type n) {
            m_i -= n;
            return *this;
        }
        friend Iter operator+(Iter a, difference_type n) { return a += n; }
        friend Iter operator+(difference_type n, Iter a) { return a += n; }
        friend Iter operator-(Iter a, difference_type n) { return a -= n; }
        friend difference_type operator-(const Iter& a, const Iter& b) {
            return static_cast<difference_type>(a.m_i) - static_cast<difference_type>(b.m_i);
        }
        friend bool operator==(const Iter& a, const Iter& b) { return a.m_i == b.m_i; }
        friend auto operator<=>(const Iter& a, const Iter& b) { return a.m_i <=> b.m_i; }

    private:
        Owner* m_o = nullptr;
        size_t m_i = 0;
    };
    using iterator = Iter<false>;
    using const_iterator = Iter<true>;
    iterator begin() { return {this, 0}; }
    iterator end() { return {this, m_size}; }
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, m_size}; }

private:
    void check(size_t i) const {
        if (i >= m_size) throw std::out_of_range("SegmentedVector::at");
    }
    // Segment k, cloned first when another vector shares it.
    T* writable(size_t k) {
        std::shared_ptr<T[]>& seg = m_segments[k];
        if (seg.use_count() > 1) {
            std::shared_ptr<T[]> own(new T[kSegment]);
            std::copy(seg.get(), seg.get() + kSegment, own.get());
            seg = std::move(own);
        }
        return seg.get();
    }
    std::vector<std::shared_ptr<T[]>> m_segments;
    size_t m_size = 0;
};

}  // namespace dt
