// CPU workload: increment a register `iterations` times.
#pragma once

#include <cstdint>

namespace mintbench {

// Returns the final counter (== iterations) so callers can check the loop ran in full.
// Defined out of line with the loop in inline assembly: no optimizer can fold or remove it.
uint64_t cpu_loop(uint64_t iterations);

}  // namespace mintbench
