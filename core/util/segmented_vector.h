// SPDX-License-Identifier: MIT
#pragma once
// A vector stored in fixed-size segments: appending never copies what is already there, so a
// million-record index grows without the 2x peak of std::vector reallocation, and a merge can
// free its sources while it fills this. Random access like a vector.
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
    // A deep copy, segment by segment (no 2x peak beyond the copy itself).
    SegmentedVector(const SegmentedVector& other) : m_size(other.m_size) {
        m_segments.reserve(other.m_segments.size());
        for (const auto& seg : other.m_segments) {
            m_segments.push_back(std::make_unique<T[]>(kSegment));
            std::copy(seg.get(), seg.get() + kSegment, m_segments.back().get());
        }
    }
    SegmentedVector& operator=(const SegmentedVector& other) {
        if (this != &other) *this = SegmentedVector(other);
        return *this;
    }

    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    T& operator[](size_t i) { return m_segments[i >> SegmentBits][i & (kSegment - 1)]; }
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
            m_segments.push_back(std::make_unique<T[]>(kSegment));
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
    std::vector<std::unique_ptr<T[]>> m_segments;
    size_t m_size = 0;
};

}  // namespace dt
