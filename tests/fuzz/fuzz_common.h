#pragma once
// Shared helpers for the libFuzzer targets: a per-process scratch file (in /dev/shm when it exists,
// so the fuzz loop does not hit the disk) and a ScanVisitor that keeps what a scan reported.
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "core/store.h"

namespace dtfuzz {

// Crash on purpose (libFuzzer records the input) when an invariant of the code under test breaks.
[[noreturn]] inline void invariantFailed(const char* what, const std::string& detail = {}) {
    std::fprintf(stderr, "INVARIANT FAILED: %s %s\n", what, detail.c_str());
    std::abort();
}

inline std::string scratchPath(const char* suffix) {
    static const std::string dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    return dir + "/dt-fuzz-" + std::to_string(getpid()) + suffix;
}

// Replaces the file's content (no atomic rename: stores are opened after this returns).
inline bool writeScratch(const std::string& path, std::string_view data) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return false;
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n <= 0) { ::close(fd); return false; }
        done += size_t(n);
    }
    ::close(fd);
    return true;
}

struct Collected {
    std::vector<dt::Locator> locators;
    std::vector<std::string> ids;
    std::vector<dt::LoadProblem> problems;
};

class CollectingVisitor : public dt::ScanVisitor {
public:
    void record(unsigned, uint32_t, dt::Record& rec, const dt::Locator& loc) override {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_out.locators.push_back(loc);
        m_out.ids.push_back(rec.id);
    }
    void problem(unsigned, uint32_t, dt::LoadProblem problem) override {
        if (problem.reason.empty()) invariantFailed("load problem without a reason");
        std::lock_guard<std::mutex> lock(m_mutex);
        m_out.problems.push_back(std::move(problem));
    }
    Collected& result() { return m_out; }

private:
    std::mutex m_mutex;
    Collected m_out;
};

// Opens `path`, scans it on one thread, reads every record back by its locator and checks that
// the id read back is the id the scan saw. Returns the number of records.
inline size_t scanAndReadBack(const std::string& path) {
    std::string error;
    auto store = dt::Store::open(path, &error);
    if (!store) {
        if (error.empty()) invariantFailed("Store::open failed without an error message");
        return 0;
    }
    CollectingVisitor visitor;
    dt::ScanControl control;
    control.threads = 1;
    dt::ScanSummary summary = store->scan(visitor, control);
    auto& got = visitor.result();
    if (summary.records != got.locators.size())
        invariantFailed("ScanSummary::records differs from the records visited");
    for (size_t i = 0; i < got.locators.size(); ++i) {
        std::string readError;
        auto rec = store->read(got.locators[i], &readError);
        if (!rec) invariantFailed("a scanned record cannot be read back", readError);
        if (rec->id != got.ids[i]) invariantFailed("record read back has another id", rec->id + " vs " + got.ids[i]);
        (void)store->readRaw(got.locators[i], &readError);
    }
    return got.locators.size();
}

}  // namespace dtfuzz
