// SPDX-License-Identifier: MIT
#pragma once
// Runs work(0..n-1) on n threads (the calling thread is worker 0) and waits for all of them.
// The one thread-pool idiom of the core: store scans and rule re-evaluation use it.
#include <thread>
#include <vector>

namespace dt {

// The one thread-count rule: the requested count, or all cores when 0 (at least 1).
inline unsigned threadCount(unsigned requested) {
    const unsigned n = requested ? requested : std::thread::hardware_concurrency();
    return n ? n : 1;
}

// Threads for a scan of `chunks` chunks: threadCount(requested), never more than chunks.
inline unsigned workerCount(unsigned requested, unsigned long long chunks) {
    unsigned n = threadCount(requested);
    if (chunks < n) n = chunks ? static_cast<unsigned>(chunks) : 1;
    return n;
}

template <typename Work>
void runWorkers(unsigned n, Work&& work) {
    std::vector<std::thread> pool;
    pool.reserve(n > 1 ? n - 1 : 0);
    for (unsigned i = 1; i < n; ++i) pool.emplace_back([&work, i] { work(i); });
    work(0u);
    for (auto& t : pool) t.join();
}

}  // namespace dt
