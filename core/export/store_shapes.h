// SPDX-License-Identifier: MIT
#pragma once
// What a diff store's bodies and headers look like, for exporting rules to comparators that have no
// wildcards: every distinct JSON node pointer seen in a body (with which of its segments are array
// indices) and every response header name. A rule's "/items/*/price" is expanded to the concrete
// "/items/0/price", "/items/1/price", ... that the store holds.
#include <cstdint>
#include <string>
#include <vector>

namespace dt::peer {

struct StoreShapes {
    struct Node {
        std::string pointer;      // RFC 6901, "" = the root
        std::vector<bool> index;  // per segment: true when it is an array index
        bool operator<(const Node& o) const { return pointer < o.pointer; }
    };
    std::vector<Node> nodes;           // sorted by pointer, unique
    std::vector<std::string> headers;  // response header names, lowercase, sorted, unique
    uint64_t records = 0;
    bool capped = false;  // more distinct pointers than the limit: the rest were not kept
};

// Reads every record of a store (read-only) and collects the shapes of primary, candidate and
// secondary response bodies that are JSON. False + *error when the store cannot be read.
bool collectStoreShapes(const std::string& store, StoreShapes* out, std::string* error, size_t maxNodes = 500000);

// The segments of an RFC 6901 pointer, unescaped ("" -> none; "/a~1b/0" -> {"a/b", "0"}).
std::vector<std::string> pointerSegments(const std::string& pointer);

}  // namespace dt::peer
