#include "cpu_loop.h"

namespace mintbench {

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

}  // namespace mintbench
