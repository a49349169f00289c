// Raw CPUID, for describing the machine and, once at load, for deciding how timed regions close
// (clock.cc checks RDTSCP); never executed inside a timed region.
// Elsewhere than x86-64 there is no CPUID: kCpuidAvailable is false and cpuid() returns zeros.
#pragma once

#include <cstdint>

namespace mintbench {

struct CpuidRegisters {
  uint32_t eax = 0;
  uint32_t ebx = 0;
  uint32_t ecx = 0;
  uint32_t edx = 0;
};

#if defined(__x86_64__)
constexpr bool kCpuidAvailable = true;
#else
constexpr bool kCpuidAvailable = false;
#endif

// Executes CPUID with EAX = leaf and ECX = subleaf, whatever the maximum leaf: callers check the
// maximum themselves (leaves 0, 0x40000000 and 0x80000000 report it), as a hypervisor's leaves
// lie outside both the basic and the extended ranges.
CpuidRegisters cpuid(uint32_t leaf, uint32_t subleaf);

}  // namespace mintbench
