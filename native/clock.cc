#include "clock.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <vector>

#include "cpuid.h"

namespace mintbench {
namespace {

// Calibration spans this long at first: the issue asks for a fit over at least 100 ms.
constexpr uint64_t kCalibrationNs = 150'000'000;
// The fit must span at least this long. On a busy machine the samples at either end may all have
// been interrupted (the thread off its CPU for tens of milliseconds); then sampling goes on in steps
// of kMoreNs, up to kMaxCalibrationNs, until the samples kept span it.
constexpr uint64_t kMinFitNs = 100'000'000;
constexpr uint64_t kMoreNs = 10'000'000;
constexpr uint64_t kMaxCalibrationNs = 1'000'000'000;
// One (clock, ticks) sample at most this often: up to 600 points, so dropping preempted ones leaves plenty.
constexpr uint64_t kSampleEveryNs = 250'000;
// A sample whose bracket (counter reads around the clock read) is wider than this many times the
// narrowest one was interrupted between the reads; its midpoint may be far from the clock read.
constexpr uint64_t kMaxBracketOverNarrowest = 2;
// Empty regions measured to find the timer's own cost.
constexpr int kOverheadSamples = 100'000;

uint64_t monotonic_raw_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

struct Fit {
  double slope = 0;
  double r2 = 0;
};

// Ordinary least squares of ticks against nanoseconds, on values relative to the first sample.
Fit fit_line(const std::vector<double>& ns, const std::vector<double>& ticks) {
  const double n = static_cast<double>(ns.size());
  double mean_x = 0, mean_y = 0;
  for (size_t i = 0; i < ns.size(); ++i) {
    mean_x += ns[i];
    mean_y += ticks[i];
  }
  mean_x /= n;
  mean_y /= n;
  double sxx = 0, sxy = 0, syy = 0;
  for (size_t i = 0; i < ns.size(); ++i) {
    const double dx = ns[i] - mean_x, dy = ticks[i] - mean_y;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  Fit fit;
  fit.slope = sxy / sxx;
  // Rounding can push a perfect fit a hair above 1.
  fit.r2 = syy > 0 ? std::min(1.0, (sxy * sxy) / (sxx * syy)) : 1.0;
  return fit;
}

struct Samples {
  std::vector<double> ns, ticks;
};

// The samples whose bracket is at most kMaxBracketOverNarrowest times the narrowest: those not
// interrupted between their reads. All of them if fewer than two are left (a line needs two points;
// that cannot happen unless nearly every sample was hit).
Samples not_interrupted(const Samples& all, const std::vector<uint64_t>& brackets) {
  const uint64_t narrowest = *std::min_element(brackets.begin(), brackets.end());
  Samples kept;
  for (size_t i = 0; i < brackets.size(); ++i) {
    if (brackets[i] > kMaxBracketOverNarrowest * std::max<uint64_t>(narrowest, 1)) continue;
    kept.ns.push_back(all.ns[i]);
    kept.ticks.push_back(all.ticks[i]);
  }
  return kept.ns.size() < 2 ? all : kept;
}

TimerInfo calibrate() {
  TimerInfo info;
  Samples all;
  std::vector<uint64_t> brackets;
  all.ns.reserve(kCalibrationNs / kSampleEveryNs + 16);
  all.ticks.reserve(all.ns.capacity());
  brackets.reserve(all.ns.capacity());

  const uint64_t start_ns = monotonic_raw_ns();
  const uint64_t start_ticks = ticks_begin();
  uint64_t next_ns = start_ns;
  uint64_t until_ns = kCalibrationNs;
  Samples kept;
  for (;;) {
    // Bracket the clock read with two counter reads; a wide bracket means we were interrupted
    // (such samples are left out of the fit).
    const uint64_t before = ticks_begin();
    const uint64_t now = monotonic_raw_ns();
    const uint64_t after = ticks_begin();
    if (now < next_ns) continue;
    next_ns = now + kSampleEveryNs;
    all.ns.push_back(static_cast<double>(now - start_ns));
    all.ticks.push_back(static_cast<double>(before - start_ticks) + static_cast<double>(after - before) / 2);
    brackets.push_back(after - before);
    if (now - start_ns < until_ns) continue;
    kept = not_interrupted(all, brackets);
    if (kept.ns.back() - kept.ns.front() >= static_cast<double>(kMinFitNs) || until_ns >= kMaxCalibrationNs) break;
    until_ns += kMoreNs;
  }
  info.calibration_samples = static_cast<uint32_t>(all.ns.size());
  info.calibration_samples_kept = static_cast<uint32_t>(kept.ns.size());
  const Fit fit = fit_line(kept.ns, kept.ticks);
  info.hz = fit.slope * 1e9;
  info.calibration_r2 = fit.r2;
  info.calibration_seconds = (kept.ns.back() - kept.ns.front()) / 1e9;

#if defined(__aarch64__)
  uint64_t cntfrq = 0;
  asm volatile("mrs %0, cntfrq_el0" : "=r"(cntfrq));
  info.architectural_hz = static_cast<double>(cntfrq);
#elif !defined(__x86_64__)
  info.architectural_hz = 1e9;
#endif

  uint64_t best = std::numeric_limits<uint64_t>::max();
  int32_t cpu = 0;
  for (int i = 0; i < kOverheadSamples; ++i) {
    const uint64_t t0 = ticks_begin();
    const uint64_t t1 = ticks_end(&cpu);
    best = std::min(best, t1 - t0);
  }
  info.overhead_ticks = best;
  return info;
}

}  // namespace

#if defined(__x86_64__)
namespace {
bool detect_rdtscp() {
  const char* forced = std::getenv("MINTBENCH_NO_RDTSCP");
  if (forced != nullptr && std::strcmp(forced, "1") == 0) return false;
  // Leaf 0x80000001 exists only if the extended range reaches it.
  if (cpuid(0x80000000u, 0).eax < 0x80000001u) return false;
  return (cpuid(0x80000001u, 0).edx >> 27) & 1u;
}
}  // namespace

// Initialized when the library loads, before any exported function can run a region.
extern const bool kHasRdtscp = detect_rdtscp();

const char* closing_sequence() { return kHasRdtscp ? "rdtscp; lfence" : "lfence; rdtsc; lfence"; }
#elif defined(__aarch64__)
const char* closing_sequence() { return "isb; mrs cntvct_el0; isb"; }
#else
const char* closing_sequence() { return "clock_gettime(CLOCK_MONOTONIC_RAW)"; }
#endif

const TimerInfo& timer_info() {
  static std::once_flag once;
  static TimerInfo info;
  std::call_once(once, [] { info = calibrate(); });
  return info;
}

uint64_t monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace mintbench
