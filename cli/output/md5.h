// MD5 (RFC 1321), incremental. Used for pixel digests, never for security.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace bpgr::cli {

class Md5 {
public:
    Md5();
    void update(const void *data, size_t size);
    // Finishes the digest and returns it as 32 lowercase hex digits. The
    // object must not be updated afterwards.
    std::string hex_digest();

private:
    void process_block(const uint8_t *block);

    uint32_t state_[4];
    uint64_t total_bytes_ = 0;
    uint8_t pending_[64];
    size_t pending_size_ = 0;
};

}  // namespace bpgr::cli
