#include "mem_copy.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace mintbench {
namespace {

constexpr size_t kPageBytes = 4096;
// Bytes copied between two looks at the stop flag: about 1-2 ms at 10-20 GB/s, far inside the
// 100 ms a stop may take, while one look (a load and a branch) per 16 MiB is lost in the copying.
// Counted in bytes, not copies, so that small copies do not pay for a look each.
constexpr uint64_t kCopyBytesPerStopCheck = 16ull << 20;

unsigned char* allocate_pages(size_t bytes) {
  const size_t rounded = (bytes + kPageBytes - 1) / kPageBytes * kPageBytes;
  return static_cast<unsigned char*>(std::aligned_alloc(kPageBytes, rounded == 0 ? kPageBytes : rounded));
}

}  // namespace

CopyBuffers::~CopyBuffers() {
  std::free(source_);
  std::free(destination_);
}

std::string CopyBuffers::prepare(size_t bytes) {
  source_ = allocate_pages(bytes);
  destination_ = allocate_pages(bytes);
  if (source_ == nullptr || destination_ == nullptr) {
    return "Cannot allocate two buffers of " + std::to_string(bytes) + " bytes for the memory workload";
  }
  bytes_ = bytes;
  for (size_t i = 0; i < bytes; ++i) source_[i] = static_cast<unsigned char>((i * 131u + 7u) | 1u);
  std::memset(destination_, 0, bytes);
  return "";
}

uint64_t CopyBuffers::copy(uint64_t copies, const std::atomic<bool>& stop) {
  const uint64_t copies_per_check = std::max<uint64_t>(1, kCopyBytesPerStopCheck / std::max<size_t>(bytes_, 1));
  uint64_t done = 0;
  while (done < copies && !stop.load(std::memory_order_relaxed)) {
    const uint64_t until = std::min(copies, done + copies_per_check);
    for (; done < until; ++done) {
      std::memcpy(destination_, source_, bytes_);
      // The barrier says memory was read and changed: the compiler must perform every copy.
      asm volatile("" : : "r"(destination_), "r"(source_) : "memory");
    }
  }
  return done;
}

bool CopyBuffers::destination_matches_source() const {
  return bytes_ == 0 || std::memcmp(destination_, source_, bytes_) == 0;
}

}  // namespace mintbench
