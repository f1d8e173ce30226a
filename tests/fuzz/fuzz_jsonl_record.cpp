// SPDX-License-Identifier: MIT
// libFuzzer target: the JSONL record reader.
//  1. dt::parseRecordLine on the whole input as one line (a rejected line must say why);
//  2. the input written to a scratch .jsonl file, opened with Store::open, scanned, and every record
//     read back by its locator (it must be readable and carry the same id);
//  3. the same file scanned again with tiny chunks (1..64 bytes, from the input), so that chunk
//     boundaries fall inside lines, BOMs and CRLFs: records, problems and their file line numbers
//     must not depend on the chunking.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/store/jsonl_store.h"
#include "core/store/store.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);

    std::string reason;
    auto rec = dt::parseRecordLine(input, &reason);
    if (!rec && reason.empty()) dtfuzz::invariantFailed("parseRecordLine rejected a line without a reason");

    static const std::string path = dtfuzz::scratchPath(".jsonl");
    if (!dtfuzz::writeScratch(path, input)) return 0;
    const dtfuzz::Collected whole = dtfuzz::scanAndReadBack(path);
    const uint64_t chunk = 1 + (size ? data[size - 1] % 64 : 0);
    const dtfuzz::Collected pieces = dtfuzz::scanAndReadBack(path, [&](dt::Store& store) {
        if (auto* jsonl = dynamic_cast<dt::JsonlStore*>(&store)) jsonl->setChunkBytes(chunk);
    });
    if (whole.recordLines() != pieces.recordLines())
        dtfuzz::invariantFailed("records depend on the chunk size", std::to_string(chunk));
    if (whole.problemLines() != pieces.problemLines())
        dtfuzz::invariantFailed("load problems depend on the chunk size", std::to_string(chunk));
    return 0;
}
