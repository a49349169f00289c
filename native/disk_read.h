// I/O workload: lseek() to a random block-aligned offset, then read() a fixed size, on a raw
// block device or a regular file. The target is always opened read-only.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace mintbench {

// The most one Linux read() returns (MAX_RW_COUNT, 2 GiB - 4 KiB): a larger read always comes back short.
constexpr uint64_t kMaxReadBytes = 0x7ffff000;

struct DiskTarget {
  bool is_block_device = false;
  uint64_t size_bytes = 0;            // BLKGETSIZE64 for devices, st_size for files
  uint32_t block_bytes = 0;           // alignment of offsets and sizes: BLKSSZGET, or st_blksize for files
  uint32_t physical_block_bytes = 0;  // BLKPBSZGET, or st_blksize for files
  bool direct = true;                 // O_DIRECT in effect
};

class DiskReader {
 public:
  DiskReader() = default;
  DiskReader(const DiskReader&) = delete;
  DiskReader& operator=(const DiskReader&) = delete;
  ~DiskReader();

  // Checks the path is a block device or regular file and opens it O_RDONLY (plus O_DIRECT when
  // `direct`). Returns an error message or "".
  std::string open(const std::string& path, bool direct);

  // Checks sizes against the target, allocates and touches the read buffer and draws every offset
  // for `total_reads` reads from `seed`. Returns an error message or "".
  std::string prepare(uint64_t read_bytes, uint64_t total_reads, uint64_t seed);

  // The timed part: reads number first .. first+count-1, looking at `stop` before each. Returns the
  // reads done: fewer than `count` when stopped or when a read failed or came back short (failed()).
  uint64_t read(uint64_t first, uint64_t count, const std::atomic<bool>& stop);

  bool failed() const { return failed_; }
  // Why read() failed, for a message made outside the timed region.
  std::string read_error() const;

  uint64_t buffer_fingerprint() const;
  const DiskTarget& target() const { return target_; }
  const std::vector<uint64_t>& offsets() const { return offsets_; }

 private:
  std::string path_;
  int fd_ = -1;
  DiskTarget target_;
  unsigned char* buffer_ = nullptr;
  uint64_t read_bytes_ = 0;
  std::vector<uint64_t> offsets_;
  bool failed_ = false;
  int failed_errno_ = 0;
  int64_t failed_result_ = 0;
  uint64_t failed_offset_ = 0;
};

}  // namespace mintbench
