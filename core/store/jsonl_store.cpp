// SPDX-License-Identifier: MIT
// JSONL reader: parallel chunked scan with pread() into padded buffers, simdjson DOM per worker.
#include "core/store/jsonl_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "core/store/record_parse.h"
#include "core/store/scan_run.h"

namespace dt {
namespace {

constexpr size_t kPad = simdjson::SIMDJSON_PADDING;
constexpr uint64_t kLookahead = uint64_t(64) << 10;  // read past the chunk end to finish its last line
constexpr size_t kRawMax = size_t(64) << 10;         // LoadProblem::raw keeps this much
constexpr unsigned kFlushEveryLines = 64;

uint64_t chunkBytesFor(uint64_t configured, uint64_t bytes) {
    return std::max<uint64_t>(configured, bytes / (uint64_t(1) << 31) + 1);  // chunk numbers fit 32 bits
}

// Reads exactly n bytes at off unless EOF comes first; returns bytes read, -1 on error (errno set).
ssize_t preadFull(int fd, char* dst, size_t n, uint64_t off) {
    size_t got = 0;
    while (got < n) {
        const ssize_t r = ::pread(fd, dst + got, n - got, static_cast<off_t>(off + got));
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (r == 0) break;
        got += static_cast<size_t>(r);
    }
    return static_cast<ssize_t>(got);
}

// A worker's window onto the file: bytes [off, off + size) with kPad readable bytes after them.
struct Window {
    std::unique_ptr<char[]> data;
    size_t cap = 0;  // usable bytes (allocation is cap + kPad)
    size_t size = 0;
    uint64_t off = 0;

    void reserve(size_t n) {
        if (n <= cap) return;
        const size_t newCap = std::max(n, cap + cap / 2);
        std::unique_ptr<char[]> fresh(new char[newCap + kPad]);
        if (size) std::memcpy(fresh.get(), data.get(), size);
        std::memset(fresh.get() + newCap, ' ', kPad);
        data = std::move(fresh);
        cap = newCap;
    }
    // Appends up to n bytes read at off + size. Returns bytes read or -1.
    ssize_t append(int fd, size_t n) {
        reserve(size + n);
        const ssize_t r = preadFull(fd, data.get() + size, n, off + size);
        if (r > 0) size += static_cast<size_t>(r);
        return r;
    }
    void discardBefore(size_t pos) {
        if (pos == 0) return;
        std::memmove(data.get(), data.get() + pos, size - pos);
        size -= pos;
        off += pos;
    }
};

uint64_t envChunkBytes() {
    if (const char* v = std::getenv("DIFFTRIAGE_JSONL_CHUNK_BYTES")) {
        char* end = nullptr;
        const unsigned long long n = std::strtoull(v, &end, 10);
        if (end != v && n > 0) return n;
    }
    return JsonlStore::kDefaultChunkBytes;
}

}  // namespace

JsonlStore::JsonlStore(std::string path, int fd, uint64_t dataStart, uint64_t size)
        : m_path(std::move(path)), m_fd(fd), m_dataStart(dataStart), m_size(size), m_chunkBytes(envChunkBytes()) {}

JsonlStore::~JsonlStore() {
    if (m_fd >= 0) ::close(m_fd);
}

class JsonlStore::Scanner {
public:
    // `base`: where the data starts (after a byte order mark) or, resuming, a line start after it.
    Scanner(const JsonlStore& store, ScanVisitor& visitor, const ScanControl& control, uint64_t snapshot, uint64_t base)
            : m_store(store), m_snapshot(snapshot), m_base(base),
              m_chunkBytes(chunkBytesFor(store.m_chunkBytes, dataBytes(base, snapshot))),
              m_run(visitor, control, (dataBytes(base, snapshot) + m_chunkBytes - 1) / m_chunkBytes, snapshot,
                    std::min(base, snapshot)) {}

    ScanSummary run() {
        m_run.run([this](unsigned i) { work(i); });
        ScanSummary s = m_run.summary(m_run.chunks(), m_snapshot);
        const uint64_t tail = m_tailStart.load();
        s.partialTail = tail != UINT64_MAX;
        s.end = s.partialTail ? tail : std::max(m_base, m_snapshot);
        return s;
    }

private:
    struct Worker {
        unsigned index = 0;
        Window win;
        detail::LineParser parser;
        Record rec;
        std::string reason, id;
        uint64_t pendingRecords = 0;
        uint64_t reportedBytes = 0;  // of the current chunk
    };

    static uint64_t dataBytes(uint64_t base, uint64_t snapshot) { return snapshot > base ? snapshot - base : 0; }

    void work(unsigned index) {
        Worker w;
        w.index = index;
        uint64_t chunk = 0;
        while (m_run.claim(chunk))
            if (!processChunk(w, static_cast<uint32_t>(chunk))) break;
    }

    bool readFailed(ssize_t r, uint64_t at) {
        if (r >= 0) return false;
        m_run.setFatal(m_store.m_path + ": read error at byte " + std::to_string(at) + ": " + std::strerror(errno));
        return true;
    }

    void flush(Worker& w, uint64_t chunkPos) {
        uint64_t bytes = 0;
        if (chunkPos > w.reportedBytes) {
            bytes = chunkPos - w.reportedBytes;
            w.reportedBytes = chunkPos;
        }
        m_run.addProgress(bytes, w.pendingRecords);
        w.pendingRecords = 0;
    }

    std::string shrankMessage() const {
        return m_store.m_path + ": the file shrank while it was read (it had " + std::to_string(m_snapshot) +
               " bytes when the scan started); the result would not be the store, load it again";
    }

    void report(Worker& w, uint32_t chunk, uint64_t line, std::string_view raw, std::string reason, std::string id,
                uint64_t rows = 1) {
        LoadProblem p;
        p.line = line;
        p.rows = rows;
        p.id = std::move(id);
        p.reason = std::move(reason);
        p.raw.assign(raw.data(), std::min(raw.size(), kRawMax));
        m_run.problem(w.index, chunk, std::move(p));
    }

    // Returns false when the scan must stop (cancel / fatal).
    bool processChunk(Worker& w, uint32_t chunk) {
        const int fd = m_store.m_fd;
        const uint64_t start = m_base + uint64_t(chunk) * m_chunkBytes;
        const uint64_t end = std::min(start + m_chunkBytes, m_snapshot);
        const uint64_t readFrom = chunk == 0 ? start : start - 1;
        w.reportedBytes = 0;
        w.win.size = 0;
        w.win.off = readFrom;
        const uint64_t want = std::min(m_snapshot, end + kLookahead) - readFrom;
        const ssize_t r = w.win.append(fd, want);
        if (readFailed(r, readFrom)) return false;
        if (static_cast<uint64_t>(r) < end - readFrom) {
            m_run.setFatal(shrankMessage());
            return false;
        }

        size_t pos = 0;
        if (chunk != 0) {
            // A line starts inside the chunk right after a '\n' at [start-1, end-1].
            const void* nl = std::memchr(w.win.data.get(), '\n', end - readFrom);
            if (!nl) {
                flush(w, end - start);
                m_run.chunkDone(chunk, 0);
                return true;
            }
            pos = static_cast<const char*>(nl) - w.win.data.get() + 1;
        }

        uint64_t lines = 0;
        unsigned sinceFlush = 0;
        while (w.win.off + pos < end) {
            if (m_run.cancelled()) return false;
            // Find the end of the line starting at pos, reading more when needed.
            size_t scanFrom = pos, eol = 0;
            bool newline = false, tooLong = false;
            for (;;) {
                const void* nl = std::memchr(w.win.data.get() + scanFrom, '\n', w.win.size - scanFrom);
                if (nl) {
                    eol = static_cast<const char*>(nl) - w.win.data.get();
                    newline = true;
                    break;
                }
                const uint64_t have = w.win.off + w.win.size;
                if (have >= m_snapshot) {
                    eol = w.win.size;
                    break;
                }
                if (w.win.size - pos > kMaxLineBytes) {
                    tooLong = true;
                    break;
                }
                w.win.discardBefore(pos);
                scanFrom = w.win.size;
                pos = 0;
                const size_t more = static_cast<size_t>(
                    std::min<uint64_t>(m_snapshot - have, std::max<size_t>(w.win.size, size_t(1) << 20)));
                const ssize_t got = w.win.append(fd, more);
                if (readFailed(got, have)) return false;
                if (got == 0) {  // the file shrank under the reader: what was read may not be the store
                    m_run.setFatal(shrankMessage());
                    return false;
                }
            }
            ++lines;
            const char* line = w.win.data.get() + pos;
            if (tooLong) {
                report(w, chunk, lines, std::string_view(line, w.win.size - pos),
                       "line longer than " + std::to_string(kMaxLineBytes >> 20) + " MiB",
                       detail::sniffId(std::string_view(line, w.win.size - pos)));
                if (!skipLine(w, pos)) return false;
                continue;
            }
            const size_t len = eol - pos;
            if (!newline) m_tailStart.store(w.win.off + pos);  // only the last line of the file lacks one
            const Locator loc{w.win.off + pos, static_cast<uint32_t>(len), static_cast<uint32_t>(lines)};
            const auto res = w.parser.parse(line, len, w.rec, w.reason, w.id);
            if (res == detail::LineParser::Result::Ok) {
                ++w.pendingRecords;
                m_run.record(w.index, chunk, w.rec, loc);
            } else if (res != detail::LineParser::Result::Blank) {
                std::string reason = std::move(w.reason);
                uint64_t rows = 1;
                if (!newline && res == detail::LineParser::Result::BadJson) {
                    if (std::memchr(line, '\r', len)) {
                        reason = "the file separates records with carriage returns (CR) only; JSONL needs a "
                                 "newline (LF) after every record";
                    } else {
                        // A writer appending to the store has not finished this line yet: not an
                        // invalid record (rows = 0); it is read on the next load once complete.
                        reason = "incomplete last line, still being written? (" + std::to_string(len) +
                                 " bytes without a newline at the end of the file)";
                        rows = 0;
                    }
                }
                report(w, chunk, lines, std::string_view(line, len), std::move(reason), std::move(w.id), rows);
                w.reason.clear();
                w.id.clear();
            }
            pos = eol + 1;
            if (++sinceFlush >= kFlushEveryLines || len >= (size_t(1) << 20)) {
                sinceFlush = 0;
                flush(w, std::min(w.win.off + pos, end) - start);
            }
        }
        flush(w, end - start);
        m_run.chunkDone(chunk, lines);
        // Do not keep a buffer grown for a giant line.
        if (w.win.cap > 4 * (m_chunkBytes + kLookahead)) w.win = Window{};
        return true;
    }

    // Skips the rest of an over-long line that starts at pos; leaves pos after its newline.
    bool skipLine(Worker& w, size_t& pos) {
        for (;;) {
            w.win.off += w.win.size;
            w.win.size = 0;
            pos = 0;
            if (w.win.off >= m_snapshot) return true;
            const size_t n = static_cast<size_t>(std::min<uint64_t>(m_snapshot - w.win.off, m_chunkBytes));
            const ssize_t got = w.win.append(m_store.m_fd, std::max<size_t>(n, 1));
            if (readFailed(got, w.win.off)) return false;
            if (got == 0) return true;
            if (const void* nl = std::memchr(w.win.data.get(), '\n', w.win.size)) {
                pos = static_cast<const char*>(nl) - w.win.data.get() + 1;
                return true;
            }
        }
    }

    const JsonlStore& m_store;
    const uint64_t m_snapshot;
    const uint64_t m_base;
    const uint64_t m_chunkBytes;
    std::atomic<uint64_t> m_tailStart{UINT64_MAX};  // the start of a last line without a newline
    ScanRun m_run;
};

ScanSummary JsonlStore::scan(ScanVisitor& visitor, const ScanControl& control) {
    struct stat st {};
    if (::fstat(m_fd, &st) != 0) {
        ScanSummary s;
        s.fatal = m_path + ": " + std::strerror(errno);
        return s;
    }
    const uint64_t snapshot = static_cast<uint64_t>(st.st_size);
    m_size.store(snapshot, std::memory_order_relaxed);
    const uint64_t base = std::max(m_dataStart, control.from);
    if (control.from > m_dataStart) {
        // Resuming after a line: the store must still hold it (not truncated, still a newline there).
        char before = 0;
        if (snapshot < control.from || preadFull(m_fd, &before, 1, control.from - 1) != 1 || before != '\n') {
            ScanSummary s;
            s.fatal = m_path + ": the file shrank or was rewritten below byte " + std::to_string(control.from) +
                      " (where the previous read ended); load it again";
            return s;
        }
    }
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    Scanner scanner(*this, visitor, control, snapshot, base);
    ScanSummary summary = scanner.run();
    // A store that changed under the reader (shrank, or was rewritten in place) is not what was read.
    struct stat after {};
    if (summary.fatal.empty() && !summary.cancelled && ::fstat(m_fd, &after) == 0) {
        if (static_cast<uint64_t>(after.st_size) < snapshot)
            summary.fatal = m_path + ": the file shrank while it was read (from " + std::to_string(snapshot) + " to " +
                            std::to_string(after.st_size) + " bytes); the result would not be the store, load it again";
        else if (static_cast<uint64_t>(after.st_size) == snapshot &&
                 (after.st_mtim.tv_sec != st.st_mtim.tv_sec || after.st_mtim.tv_nsec != st.st_mtim.tv_nsec))
            summary.fatal = m_path + ": the file was rewritten while it was read; the result would not be the store, "
                                     "load it again";
    }
#ifdef POSIX_FADV_NORMAL
    ::posix_fadvise(m_fd, 0, 0, POSIX_FADV_NORMAL);
#endif
    return summary;
}

bool JsonlStore::resumable() const {
    struct stat open {
    }, now{};
    return ::fstat(m_fd, &open) == 0 && ::stat(m_path.c_str(), &now) == 0 && open.st_dev == now.st_dev &&
           open.st_ino == now.st_ino;
}

std::optional<std::string> JsonlStore::readRaw(const Locator& loc, std::string* error) const {
    const auto failWith = [&](const std::string& why) -> std::optional<std::string> {
        if (error) *error = m_path + ": " + why;
        return std::nullopt;
    };
    if (loc.length > kMaxLineBytes) return failWith("line at byte " + std::to_string(loc.offset) + " is too long");
    std::string buf;
    buf.reserve(loc.length + kPad);
    buf.resize(loc.length);
    const ssize_t r = preadFull(m_fd, buf.data(), loc.length, loc.offset);
    if (r < 0) return failWith(std::string("read error: ") + std::strerror(errno));
    if (static_cast<size_t>(r) != loc.length)
        return failWith("the line at byte " + std::to_string(loc.offset) + " is no longer there (file changed?)");
    return buf;
}

std::optional<Record> JsonlStore::read(const Locator& loc, std::string* error) const {
    std::optional<std::string> raw = readRaw(loc, error);
    if (!raw) return std::nullopt;
    raw->reserve(raw->size() + kPad);        // parse() needs kPad readable bytes after the line
    thread_local detail::LineParser parser;  // one per thread: read() is called concurrently
    Record rec;
    std::string reason, id;
    const auto res = parser.parse(raw->data(), raw->size(), rec, reason, id);
    if (res == detail::LineParser::Result::Ok) return rec;
    if (error) {
        if (res == detail::LineParser::Result::Blank) reason = "blank line";
        *error = m_path + ": record at byte " + std::to_string(loc.offset) + ": " + reason;
    }
    return std::nullopt;
}

}  // namespace dt
