#include "disk_read.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "offsets.h"

namespace mintbench {
namespace {

std::string describe_type(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

}  // namespace

DiskReader::~DiskReader() {
  if (fd_ >= 0) ::close(fd_);
  std::free(buffer_);
}

std::string DiskReader::open(const std::string& path, bool direct) {
  path_ = path;
  // stat() before open(): opening a FIFO would block, and a directory is no target.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return "Expected an existing block device or regular file for device but received " + path + " (" +
           std::strerror(errno) + ")";
  }
  if (!S_ISBLK(st.st_mode) && !S_ISREG(st.st_mode)) {
    return "Expected a block device or regular file for device but received " + describe_type(st.st_mode) + ": " + path;
  }
  // Read-only, always: mintbench never opens a target for writing.
  const int flags = O_RDONLY | O_CLOEXEC | (direct ? O_DIRECT : 0);
  fd_ = ::open(path.c_str(), flags);
  if (fd_ < 0) {
    const int err = errno;
    if (err == EACCES || err == EPERM) {
      return "Cannot open " + path + " read-only: permission denied (run as root, or add your user to the group " +
             "that owns the device, usually 'disk')";
    }
    if (err == EINVAL && direct) {
      return "Cannot open " + path + " with O_DIRECT: its file system does not support it (use --buffered)";
    }
    return "Cannot open " + path + " read-only: " + std::strerror(err);
  }
  if (::fstat(fd_, &st) != 0) return "Cannot stat " + path + ": " + std::strerror(errno);

  target_.direct = direct;
  if (S_ISBLK(st.st_mode)) {
    target_.is_block_device = true;
    uint64_t size = 0;
    int logical = 0;
    unsigned int physical = 0;
    if (::ioctl(fd_, BLKGETSIZE64, &size) != 0) return "BLKGETSIZE64 failed on " + path + ": " + std::strerror(errno);
    if (::ioctl(fd_, BLKSSZGET, &logical) != 0) return "BLKSSZGET failed on " + path + ": " + std::strerror(errno);
    if (::ioctl(fd_, BLKPBSZGET, &physical) != 0) physical = static_cast<unsigned int>(logical);
    target_.size_bytes = size;
    target_.block_bytes = static_cast<uint32_t>(logical);
    target_.physical_block_bytes = physical;
  } else {
    target_.is_block_device = false;
    target_.size_bytes = static_cast<uint64_t>(st.st_size);
    target_.block_bytes = static_cast<uint32_t>(st.st_blksize);
    target_.physical_block_bytes = static_cast<uint32_t>(st.st_blksize);
  }
  if (target_.block_bytes == 0) return "Cannot find the block size of " + path;
  return "";
}

std::string DiskReader::prepare(uint64_t read_bytes, uint64_t total_reads, uint64_t seed) {
  const uint64_t block = target_.block_bytes;
  if (read_bytes == 0 || read_bytes % block != 0) {
    return "Expected a multiple of the block size (" + std::to_string(block) + " bytes) of " + path_ +
           " for sizes but received " + std::to_string(read_bytes);
  }
  if (read_bytes > target_.size_bytes) {
    return "Expected a target at least one read (" + std::to_string(read_bytes) + " bytes) long for device but " +
           "received " + path_ + " of " + std::to_string(target_.size_bytes) + " bytes";
  }
  read_bytes_ = read_bytes;
  // O_DIRECT wants the buffer aligned to the logical block size, which may exceed a page (a 16 KiB or
  // 64 KiB sector): align to whichever is larger. A file's st_blksize need not be a power of two, as
  // aligned_alloc's alignment must: such a file keeps the page.
  const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  const bool power_of_two = (block & (block - 1)) == 0;
  const uint64_t alignment = power_of_two ? std::max(page, block) : page;
  const uint64_t rounded = (read_bytes + alignment - 1) / alignment * alignment;
  buffer_ = static_cast<unsigned char*>(std::aligned_alloc(alignment, rounded));
  if (buffer_ == nullptr) return "Cannot allocate a read buffer of " + std::to_string(read_bytes) + " bytes";
  std::memset(buffer_, 0, rounded);

  const uint64_t slots = (target_.size_bytes - read_bytes) / block + 1;
  SplitMix64 generator(seed);
  offsets_.resize(total_reads);
  for (uint64_t& offset : offsets_) offset = (generator.next() % slots) * block;
  return "";
}

uint64_t DiskReader::read(uint64_t first, uint64_t count, const std::atomic<bool>& stop) {
  // One look at the stop flag per read: a load and a branch beside a system call that takes microseconds.
  uint64_t done = 0;
  for (; done < count && !stop.load(std::memory_order_relaxed); ++done) {
    const uint64_t offset = offsets_[first + done];
    if (::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) {
      failed_errno_ = errno;
      failed_result_ = -1;
      failed_offset_ = offset;
      failed_ = true;
      break;
    }
    const ssize_t got = ::read(fd_, buffer_, read_bytes_);
    if (got != static_cast<ssize_t>(read_bytes_)) {
      failed_errno_ = got < 0 ? errno : 0;
      failed_result_ = got;
      failed_offset_ = offset;
      failed_ = true;
      break;
    }
  }
  return done;
}

std::string DiskReader::read_error() const {
  const std::string where = path_ + " at offset " + std::to_string(failed_offset_);
  if (failed_result_ < 0) return "Reading " + where + " failed: " + std::strerror(failed_errno_);
  return "Short read on " + where + ": " + std::to_string(failed_result_) + " of " + std::to_string(read_bytes_) +
         " bytes";
}

uint64_t DiskReader::buffer_fingerprint() const { return fingerprint_words(buffer_, read_bytes_); }

}  // namespace mintbench
