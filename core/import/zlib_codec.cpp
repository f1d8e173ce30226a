// SPDX-License-Identifier: MIT
#include "core/import/zlib_codec.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace dt::import {

bool inflateData(std::string_view in, Deflate format, std::string& out, std::string* error, uint64_t limit) {
    z_stream zs{};
    int windowBits = 15;
    switch (format) {
    case Deflate::Gzip: windowBits = 15 + 16; break;
    case Deflate::Zlib: windowBits = 15; break;
    case Deflate::Raw: windowBits = -15; break;
    case Deflate::Auto: {
        // gzip magic, or a valid zlib header (CMF/FLG check), else raw deflate (what some servers
        // send as "deflate").
        const auto b0 = in.size() > 0 ? static_cast<unsigned char>(in[0]) : 0u;
        const auto b1 = in.size() > 1 ? static_cast<unsigned char>(in[1]) : 0u;
        if (b0 == 0x1f && b1 == 0x8b)
            windowBits = 15 + 16;
        else if ((b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0)
            windowBits = 15;
        else
            windowBits = -15;
        break;
    }
    }
    if (inflateInit2(&zs, windowBits) != Z_OK) {
        if (error) *error = "zlib: cannot initialize";
        return false;
    }
    std::string result;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    char chunk[16384];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(chunk);
        zs.avail_out = sizeof chunk;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            if (error) {
                if (rc == Z_BUF_ERROR)
                    *error = "unexpected end of compressed data";
                else
                    *error = zs.msg ? zs.msg : "corrupt compressed data";
            }
            inflateEnd(&zs);
            return false;
        }
        result.append(chunk, sizeof chunk - zs.avail_out);
        if (result.size() > limit) {
            if (error) *error = "decompressed size exceeds " + std::to_string(limit) + " bytes";
            inflateEnd(&zs);
            return false;
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            if (error) *error = "unexpected end of compressed data";
            inflateEnd(&zs);
            return false;
        }
    }
    inflateEnd(&zs);
    out = std::move(result);
    return true;
}

CompressedFile::~CompressedFile() {
    if (m_file) gzclose(static_cast<gzFile>(m_file));
}

bool CompressedFile::open(const std::string& path, std::string* error) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) {
        if (error) *error = path + ": cannot open: " + std::strerror(errno ? errno : ENOENT);
        return false;
    }
    gzbuffer(f, 1 << 17);
    m_file = f;
    // gzdirect() is only reliable after the first read; peek one byte to learn it.
    const int c = gzgetc(f);
    if (c >= 0) gzungetc(c, f);
    m_compressed = gzdirect(f) == 0;
    return true;
}

uint64_t CompressedFile::rawOffset() const {
    if (!m_file) return 0;
    const auto off = gzoffset(static_cast<gzFile>(m_file));
    return off < 0 ? 0 : static_cast<uint64_t>(off);
}

long CompressedFile::read(std::string& buf, size_t max, std::string* error) {
    if (!m_file) return 0;
    const size_t old = buf.size();
    buf.resize(old + max);
    const int n = gzread(static_cast<gzFile>(m_file), buf.data() + old, static_cast<unsigned>(max));
    if (n < 0) {
        buf.resize(old);
        int code = 0;
        const char* msg = gzerror(static_cast<gzFile>(m_file), &code);
        if (error) *error = msg ? msg : "read error";
        return -1;
    }
    buf.resize(old + static_cast<size_t>(n));
    if (n == 0) {
        // A gzip stream cut short reads as end of file; zlib records it as Z_BUF_ERROR.
        int code = 0;
        const char* msg = gzerror(static_cast<gzFile>(m_file), &code);
        if (code == Z_BUF_ERROR) {
            if (error) *error = std::string("compressed file ends early (") + (msg ? msg : "truncated") + ")";
            return -1;
        }
    }
    return n;
}

}  // namespace dt::import
