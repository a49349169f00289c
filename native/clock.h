// Serialized reads of the CPU's cycle counter: the only clock used inside a timed region.
//
// x86-64: `lfence; rdtsc; lfence` opens a region (earlier instructions retire before the read, later
// ones start after it); `rdtscp; lfence` closes it and also yields the CPU number from IA32_TSC_AUX.
// CPUs without RDTSCP (QEMU's default qemu64 model hides it: the instruction would raise #UD, SIGILL)
// close with `lfence; rdtsc; lfence` and take the CPU number from sched_getcpu() after the read.
// aarch64: the generic timer's virtual count CNTVCT_EL0, fenced by `isb`.
// Elsewhere: clock_gettime(CLOCK_MONOTONIC_RAW), in nanoseconds.
#pragma once

#include <sched.h>

#include <cstdint>
#include <ctime>

namespace mintbench {

#if defined(__x86_64__)
constexpr const char* kClockSource = "tsc";

// CPUID.80000001H:EDX[27], decided once when the library loads (see clock.cc);
// MINTBENCH_NO_RDTSCP=1 in the environment forces false, to test the other path on any CPU.
extern const bool kHasRdtscp;

inline uint64_t read_tsc_fenced() {
  uint32_t lo, hi;
  asm volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi) : : "memory");
  return (static_cast<uint64_t>(hi) << 32) | lo;
}

inline uint64_t ticks_begin() { return read_tsc_fenced(); }

// `cpu` receives the CPU the thread ran on when the region closed (Linux keeps it in TSC_AUX[11:0]).
// The branch on a flag that never changes is predicted after the first region; it stays in the timed
// path, and clock.cc measures the empty-region overhead through this same function, so that overhead
// includes it.
inline uint64_t ticks_end(int32_t* cpu) {
  if (__builtin_expect(kHasRdtscp, 1)) {
    uint32_t lo, hi, aux;
    asm volatile("rdtscp\n\tlfence" : "=a"(lo), "=d"(hi), "=c"(aux) : : "memory");
    *cpu = static_cast<int32_t>(aux & 0xfff);
    return (static_cast<uint64_t>(hi) << 32) | lo;
  }
  const uint64_t value = read_tsc_fenced();
  *cpu = static_cast<int32_t>(sched_getcpu());  // after the read: outside the region
  return value;
}

inline int32_t current_cpu() {
  if (!kHasRdtscp) return static_cast<int32_t>(sched_getcpu());
  int32_t cpu;
  ticks_end(&cpu);
  return cpu;
}

#elif defined(__aarch64__)
constexpr const char* kClockSource = "cntvct_el0";

inline uint64_t read_cntvct() {
  uint64_t value;
  asm volatile("isb\n\tmrs %0, cntvct_el0\n\tisb" : "=r"(value) : : "memory");
  return value;
}
inline uint64_t ticks_begin() { return read_cntvct(); }
inline int32_t current_cpu() { return static_cast<int32_t>(sched_getcpu()); }
inline uint64_t ticks_end(int32_t* cpu) {
  const uint64_t value = read_cntvct();
  *cpu = current_cpu();  // after the read: outside the region
  return value;
}

#else
constexpr const char* kClockSource = "clock_monotonic_raw";

inline uint64_t read_monotonic_raw_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}
inline uint64_t ticks_begin() { return read_monotonic_raw_ns(); }
inline int32_t current_cpu() { return static_cast<int32_t>(sched_getcpu()); }
inline uint64_t ticks_end(int32_t* cpu) {
  const uint64_t value = read_monotonic_raw_ns();
  *cpu = current_cpu();
  return value;
}
#endif

// How a timed region closes, as instructions: differs between x86-64 CPUs with and without RDTSCP.
const char* closing_sequence();

// What converts ticks into seconds, and what an empty region costs.
struct TimerInfo {
  const char* source = kClockSource;
  const char* closing = closing_sequence();  // the instructions that close a region
  double hz = 0;                             // calibrated ticks per second
  double architectural_hz = 0;               // what the hardware states (CNTFRQ_EL0 on aarch64), 0 if unknown
  double calibration_seconds = 0;            // length of the calibration fit
  double calibration_r2 = 0;                 // goodness of that fit
  uint32_t calibration_samples = 0;          // (clock, counter) samples taken
  uint32_t calibration_samples_kept = 0;     // those not interrupted, which the fit uses
  uint64_t overhead_ticks = 0;               // minimum over many empty regions
};

// Calibrated once per process (about 150 ms), then cached. Thread-safe.
const TimerInfo& timer_info();

// CLOCK_MONOTONIC in nanoseconds: the clock Node's process.hrtime() reads and every process on one
// machine shares. For telling when a run started against other runs, never inside a timed region.
uint64_t monotonic_ns();

}  // namespace mintbench
