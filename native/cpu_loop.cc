#include "cpu_loop.h"

#include <algorithm>

namespace mintbench {
namespace {

// Increments between two looks at the stop flag: 2^24 take about 5 ms at one increment per cycle
// at 3 GHz, far inside the 100 ms a stop may take, while one look (a call, a load
// and a branch) per 16.7 million increments adds under a millionth to the timed work.
constexpr uint64_t kIncrementsPerStopCheck = 1ull << 24;

}  // namespace

uint64_t cpu_loop(uint64_t iterations) {
  uint64_t counter = 0;
  if (iterations == 0) return counter;
  uint64_t remaining = iterations;
#if defined(__x86_64__)
  asm volatile(
      "1:\n\t"
      "incq %0\n\t"
      "decq %1\n\t"
      "jnz 1b"
      : "+r"(counter), "+r"(remaining)
      :
      : "cc");
#elif defined(__aarch64__)
  asm volatile(
      "1:\n\t"
      "add %0, %0, #1\n\t"
      "subs %1, %1, #1\n\t"
      "b.ne 1b"
      : "+r"(counter), "+r"(remaining)
      :
      : "cc");
#else
  // The empty asm claims to read and change `counter`, so each increment must happen in a register.
  for (; remaining != 0; --remaining) {
    ++counter;
    asm volatile("" : "+r"(counter));
  }
#endif
  return counter;
}

uint64_t cpu_loop_until_stopped(uint64_t iterations, const std::atomic<bool>& stop) {
  uint64_t counted = 0;
  while (counted < iterations && !stop.load(std::memory_order_relaxed)) {
    counted += cpu_loop(std::min(iterations - counted, kIncrementsPerStopCheck));
  }
  return counted;
}

}  // namespace mintbench
