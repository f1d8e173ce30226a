// SPDX-License-Identifier: MIT
// Store::open: format detection by content (never by extension), and parseRecordLine.
#include "core/store/store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

#include "core/store/jsonl_store.h"
#include "core/store/record_parse.h"
#include "core/store/sqlite_store.h"

namespace dt {
namespace {

constexpr size_t kSniffBytes = 4096;

struct Magic {
    std::string_view bytes;
    const char* what;
};

// Formats a diff store is commonly confused with. Checked at offset 0.
constexpr Magic kMagics[] = {
    {"\x89PNG\r\n\x1a\n", "a PNG image"},
    {"\x1f\x8b", "gzip-compressed (decompress it first, e.g. with gunzip)"},
    {"\x28\xb5\x2f\xfd", "zstd-compressed (decompress it first, e.g. with unzstd)"},
    {"BZh", "bzip2-compressed (decompress it first, e.g. with bunzip2)"},
    {std::string_view("\xfd"
                      "7zXZ\0",
                      6),
     "xz-compressed (decompress it first, e.g. with unxz)"},
    {"PK\x03\x04", "a zip archive (extract it first)"},
    {"%PDF-", "a PDF document"},
    {"\x7f"
     "ELF",
     "an executable (ELF)"},
    {"\xff\xd8\xff", "a JPEG image"},
    {"GIF8", "a GIF image"},
};

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Some line of the head (complete, or the first one cut by the 4 KiB limit) looks like a JSON
// record: first non-blank byte '{' and no NUL byte.
bool hasJsonLine(std::string_view head) {
    size_t pos = 0;
    while (pos < head.size()) {
        size_t eol = head.find('\n', pos);
        if (eol == std::string_view::npos) eol = head.size();
        const std::string_view line = head.substr(pos, eol - pos);
        const size_t first = line.find_first_not_of(" \t\r");
        if (first != std::string_view::npos && line[first] == '{' && line.find('\0') == std::string_view::npos)
            return true;
        pos = eol + 1;
    }
    return false;
}

// Text with a NUL in every other byte: UTF-16 without a byte order mark.
bool looksUtf16(std::string_view head) {
    if (head.size() < 4) return false;
    size_t evenNul = 0, oddNul = 0;
    for (size_t i = 0; i + 1 < head.size(); i += 2) {
        evenNul += head[i] == '\0';
        oddNul += head[i + 1] == '\0';
    }
    const size_t pairs = head.size() / 2;
    return (oddNul * 10 >= pairs * 9 && evenNul * 10 < pairs) || (evenNul * 10 >= pairs * 9 && oddNul * 10 < pairs);
}

}  // namespace

std::string_view formatName(StoreFormat f) {
    switch (f) {
    case StoreFormat::Jsonl: return "jsonl";
    case StoreFormat::Sqlite: return "sqlite";
    case StoreFormat::Postgres: return "postgresql";
    }
    return "unknown";
}

namespace {

std::mutex& schemeMutex() {
    static std::mutex m;
    return m;
}
std::vector<std::pair<std::string, StoreOpener>>& schemes() {
    static std::vector<std::pair<std::string, StoreOpener>> s;
    return s;
}

}  // namespace

void registerStoreScheme(const std::string& prefix, StoreOpener opener) {
    std::lock_guard lock(schemeMutex());
    for (auto& [p, o] : schemes())
        if (p == prefix) {
            o = opener;
            return;
        }
    schemes().emplace_back(prefix, opener);
}

std::unique_ptr<Store> Store::open(const std::string& path, std::string* error) {
    {
        StoreOpener opener = nullptr;
        {
            std::lock_guard lock(schemeMutex());
            for (const auto& [prefix, o] : schemes())
                if (path.rfind(prefix, 0) == 0) opener = o;
        }
        if (opener) return opener(path, error);
        if (path.rfind("postgresql://", 0) == 0 || path.rfind("postgres://", 0) == 0) {
            if (error) *error = path + ": this program was built without PostgreSQL stores";
            return nullptr;
        }
    }
    const auto failWith = [&](const std::string& why) -> std::unique_ptr<Store> {
        if (error) *error = path + ": " + why;
        return nullptr;
    };
    if (path.empty()) {
        if (error) *error = "(empty path): no file given";
        return nullptr;
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return failWith("no such file");
        return failWith(std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) return failWith("is a directory, not a diff store file");
    if (!S_ISREG(st.st_mode)) return failWith("not a regular file");

    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == EACCES || errno == EPERM) return failWith("permission denied (cannot read the file)");
        return failWith(std::strerror(errno));
    }
    char buf[kSniffBytes];
    ssize_t got = 0;
    for (;;) {
        got = ::pread(fd, buf, sizeof buf, 0);
        if (got >= 0 || errno != EINTR) break;
    }
    if (got < 0) {
        const std::string why = std::strerror(errno);
        ::close(fd);
        return failWith("cannot read: " + why);
    }
    const std::string_view head(buf, static_cast<size_t>(got));

    if (startsWith(head, std::string_view("SQLite format 3\0", 16))) {
        ::close(fd);
        return SqliteStore::open(path, error);
    }
    const auto refuse = [&](const std::string& why) {
        ::close(fd);
        return failWith(why);
    };
    if (startsWith(head, std::string_view("\xff\xfe\0\0", 4)) || startsWith(head, std::string_view("\0\0\xfe\xff", 4)))
        return refuse("UTF-32 encoded; convert to UTF-8");
    if (startsWith(head, "\xff\xfe") || startsWith(head, "\xfe\xff")) return refuse("UTF-16 encoded; convert to UTF-8");
    uint64_t dataStart = 0;
    if (startsWith(head, "\xef\xbb\xbf")) dataStart = 3;  // UTF-8 byte order mark: skipped
    for (const Magic& m : kMagics)
        if (startsWith(head, m.bytes)) return refuse("not a diff store: the file is " + std::string(m.what));
    if (head.find('\0') != std::string_view::npos) {
        if (looksUtf16(head)) return refuse("UTF-16 encoded (no byte order mark); convert to UTF-8");
        if (!hasJsonLine(head.substr(dataStart)))
            return refuse("not a diff store: binary data (NUL bytes), neither JSONL nor SQLite");
    }
    if (startsWith(head, "SQLite format")) return refuse("damaged SQLite header; not a readable database");
    return std::make_unique<JsonlStore>(path, fd, dataStart, static_cast<uint64_t>(st.st_size));
}

std::optional<Record> parseRecordLine(std::string_view line, std::string* reason) {
    std::string padded;
    padded.reserve(line.size() + simdjson::SIMDJSON_PADDING);
    padded.assign(line.data(), line.size());
    detail::LineParser parser;
    Record rec;
    std::string why, id;
    const auto res = parser.parse(padded.data(), padded.size(), rec, why, id);
    if (res == detail::LineParser::Result::Ok) return rec;
    if (reason) *reason = res == detail::LineParser::Result::Blank ? std::string("blank line") : why;
    return std::nullopt;
}

}  // namespace dt
