// Pins the calling thread to one CPU and restores its previous CPU mask when it goes out of scope.
#pragma once

#include <sched.h>

#include <string>

namespace mintbench {

class ScopedPin {
 public:
  ScopedPin() = default;
  ScopedPin(const ScopedPin&) = delete;
  ScopedPin& operator=(const ScopedPin&) = delete;
  ~ScopedPin();

  // Returns an error message or "". A negative cpu means: do not pin.
  std::string pin(int cpu);

 private:
  cpu_set_t saved_{};
  bool pinned_ = false;
};

}  // namespace mintbench
