// Memory workload: memcpy of `bytes` between two aligned, pre-faulted buffers, `copies` times.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace mintbench {

class CopyBuffers {
 public:
  CopyBuffers() = default;
  CopyBuffers(const CopyBuffers&) = delete;
  CopyBuffers& operator=(const CopyBuffers&) = delete;
  ~CopyBuffers();

  // Allocates both buffers page-aligned and writes every byte (source: a pattern, destination:
  // zeros) so that no page fault happens while timing. Returns an error message or "".
  std::string prepare(size_t bytes);

  // The timed part: `copies` memcpy calls, each followed by a compiler barrier. Looks at `stop`
  // every few megabytes copied; returns the copies done, fewer than `copies` only when stopped.
  uint64_t copy(uint64_t copies, const std::atomic<bool>& stop);

  // True when the destination now equals the source (it started as zeros, the source does not).
  bool destination_matches_source() const;

 private:
  unsigned char* source_ = nullptr;
  unsigned char* destination_ = nullptr;
  size_t bytes_ = 0;
};

}  // namespace mintbench
