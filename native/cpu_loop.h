// CPU workload: increment a register `iterations` times.
#pragma once

#include <atomic>
#include <cstdint>

namespace mintbench {

// Returns the final counter (== iterations) so callers can check the loop ran in full.
// Defined out of line with the loop in inline assembly: no optimizer can fold or remove it.
uint64_t cpu_loop(uint64_t iterations);

// The same loop in chunks, checking `stop` before each: returns the increments done, fewer than
// `iterations` only when a stop was requested.
uint64_t cpu_loop_until_stopped(uint64_t iterations, const std::atomic<bool>& stop);

}  // namespace mintbench
