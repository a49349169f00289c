#include "mem_copy.h"

#include <cstdlib>
#include <cstring>

namespace mintbench {
namespace {

constexpr size_t kPageBytes = 4096;

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

void CopyBuffers::copy(uint64_t copies) {
  for (uint64_t i = 0; i < copies; ++i) {
    std::memcpy(destination_, source_, bytes_);
    // The barrier says memory was read and changed: the compiler must perform every copy.
    asm volatile("" : : "r"(destination_), "r"(source_) : "memory");
  }
}

bool CopyBuffers::destination_matches_source() const {
  return bytes_ == 0 || std::memcmp(destination_, source_, bytes_) == 0;
}

}  // namespace mintbench
