// SPDX-License-Identifier: MIT
// libFuzzer target: the SQLite reader on mutated database files. The input bytes are written as a
// database file (the seed corpus holds small valid stores with 512-byte pages, which libFuzzer
// mutates), then Store::open + scan + read back every record. Wrong schemas, corrupt pages and
// garbage must end in an error message, never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/store/store.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string path = dtfuzz::scratchPath(".sqlite");
    // A previous iteration's hot journal or WAL must not leak into this one.
    ::unlink((path + "-journal").c_str());
    ::unlink((path + "-wal").c_str());
    ::unlink((path + "-shm").c_str());
    if (!dtfuzz::writeScratch(path, std::string_view(reinterpret_cast<const char*>(data), size))) return 0;
    dtfuzz::scanAndReadBack(path);
    return 0;
}
