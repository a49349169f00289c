#include "affinity.h"

#include <cerrno>
#include <cstring>

namespace mintbench {
namespace {

// "0-3,6" for the CPUs set in `mask`.
std::string describe_cpus(const cpu_set_t& mask) {
  std::string text;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &mask)) continue;
    int last = cpu;
    while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, &mask)) ++last;
    if (!text.empty()) text += ",";
    text += last == cpu ? std::to_string(cpu) : std::to_string(cpu) + "-" + std::to_string(last);
    cpu = last;
  }
  return text;
}

}  // namespace

ScopedPin::~ScopedPin() {
  if (pinned_) sched_setaffinity(0, sizeof(saved_), &saved_);
}

std::string ScopedPin::pin(int cpu) {
  if (cpu < 0) return "";
  if (sched_getaffinity(0, sizeof(saved_), &saved_) != 0) {
    return std::string("Cannot read the CPU affinity: ") + std::strerror(errno);
  }
  if (cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &saved_)) {
    return "Expected a CPU this process may run on (" + describe_cpus(saved_) + ") for cpu but received " +
           std::to_string(cpu);
  }
  cpu_set_t only{};
  CPU_ZERO(&only);
  CPU_SET(cpu, &only);
  // Thread-directed on Linux: pid 0 is the calling thread, here a libuv worker.
  if (sched_setaffinity(0, sizeof(only), &only) != 0) {
    return "Cannot pin to CPU " + std::to_string(cpu) + ": " + std::strerror(errno);
  }
  pinned_ = true;
  return "";
}

}  // namespace mintbench
