// libFuzzer target: the JSONL record reader.
//  1. dt::parseRecordLine on the whole input as one line (a rejected line must say why);
//  2. the input written to a scratch .jsonl file, opened with Store::open, scanned, and every record
//     read back by its locator (it must be readable and carry the same id).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/store.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);

    std::string reason;
    auto rec = dt::parseRecordLine(input, &reason);
    if (!rec && reason.empty()) dtfuzz::invariantFailed("parseRecordLine rejected a line without a reason");

    static const std::string path = dtfuzz::scratchPath(".jsonl");
    if (dtfuzz::writeScratch(path, input)) dtfuzz::scanAndReadBack(path);
    return 0;
}
