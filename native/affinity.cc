#include "affinity.h"

#include <cerrno>
#include <cstring>

namespace mintbench {

ScopedPin::~ScopedPin() {
  if (pinned_) sched_setaffinity(0, sizeof(saved_), &saved_);
}

std::string ScopedPin::pin(int cpu) {
  if (cpu < 0) return "";
  if (sched_getaffinity(0, sizeof(saved_), &saved_) != 0) {
    return std::string("Cannot read the CPU affinity: ") + std::strerror(errno);
  }
  if (cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &saved_)) {
    return "Expected a CPU this process may run on for cpu but received " + std::to_string(cpu);
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
