// SPDX-License-Identifier: MIT
#include "core/util/atomic_write.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

namespace dt {

namespace {

AtomicWriteStepHook g_stepHook = nullptr;
void step(int n) {
    if (g_stepHook) g_stepHook(n);
}

bool fail(std::string* error, const std::string& path, const std::string& what, int err) {
    if (error) {
        *error = path + ": " + what;
        if (err != 0) *error += std::string(": ") + std::strerror(err);
    }
    return false;
}

// Follows symlinks so that the link itself survives and its target gets the new content.
std::string resolveTarget(const std::string& path) {
    std::string current = path;
    for (int hops = 0; hops < 40; ++hops) {
        struct stat st {};
        if (::lstat(current.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return current;
        std::vector<char> buf(static_cast<size_t>(st.st_size > 0 ? st.st_size : PATH_MAX) + 1);
        ssize_t n = ::readlink(current.c_str(), buf.data(), buf.size() - 1);
        if (n < 0) return current;
        std::string link(buf.data(), static_cast<size_t>(n));
        if (!link.empty() && link[0] == '/') {
            current = link;
        } else {
            auto slash = current.rfind('/');
            current = (slash == std::string::npos ? std::string() : current.substr(0, slash + 1)) + link;
        }
    }
    return current;
}

void splitPath(const std::string& path, std::string* dir, std::string* base) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) {
        *dir = ".";
        *base = path;
    } else {
        *dir = slash == 0 ? std::string("/") : path.substr(0, slash);
        *base = path.substr(slash + 1);
    }
}

bool writeAll(int fd, std::string_view data) {
    const char* p = data.data();
    size_t left = data.size();
    while (left > 0) {
        size_t chunk = left < (size_t(1) << 30) ? left : (size_t(1) << 30);
        ssize_t n = ::write(fd, p, chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (n == 0) {
            errno = EIO;
            return false;
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
    return true;
}

int fsyncRetry(int fd) {
    int rc;
    do {
        rc = ::fsync(fd);
    } while (rc != 0 && errno == EINTR);
    return rc;
}

}  // namespace

unsigned fileModeFor(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 07777;
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}

bool writeFileAtomically(const std::string& path, std::string_view data, std::string* error) {
    if (path.empty()) return fail(error, path, "empty file name", 0);
    const std::string target = resolveTarget(path);
    std::string dir, base;
    splitPath(target, &dir, &base);
    if (base.empty()) return fail(error, path, "not a file name", 0);

    struct stat old {};
    const bool exists = ::stat(target.c_str(), &old) == 0;
    if (exists && S_ISDIR(old.st_mode)) return fail(error, path, "is a directory", 0);

    std::string tmpl = (dir == "/" ? std::string("/") : dir + "/") + "." + base + ".tmp-XXXXXX";
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    int fd = ::mkstemp(name.data());
    if (fd < 0) return fail(error, path, "cannot create temporary file in " + dir, errno);
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    const std::string tmp(name.data());
    step(1);

    auto abandon = [&](const std::string& what) {
        int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        return fail(error, path, what, err);
    };

    const size_t half = data.size() / 2;
    if (!writeAll(fd, data.substr(0, half))) return abandon("write failed");
    step(2);
    if (!writeAll(fd, data.substr(half))) return abandon("write failed");
    step(3);

    const mode_t mode = exists ? (old.st_mode & 07777) : mode_t(fileModeFor(target));
    if (::fchmod(fd, mode) != 0) return abandon("cannot set permissions");
    if (exists && (old.st_uid != ::geteuid() || old.st_gid != ::getegid())) {
        // Best effort: keep ownership when we are allowed to (root, or our own group).
        if (::fchown(fd, old.st_uid, old.st_gid) != 0) { /* not fatal */
        }
    }
    if (fsyncRetry(fd) != 0) return abandon("fsync failed");
    step(4);
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        return fail(error, path, "close failed", err);
    }
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        return fail(error, path, "cannot replace file", err);
    }
    step(5);
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        // The new content is in place; a failing directory fsync only weakens durability of the
        // rename, so it does not turn the (visible, complete) write into a failure.
        fsyncRetry(dfd);
        ::close(dfd);
    }
    step(6);
    return true;
}

void setAtomicWriteStepHook(AtomicWriteStepHook hook) { g_stepHook = hook; }

}  // namespace dt
