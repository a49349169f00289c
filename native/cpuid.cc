#include "cpuid.h"

namespace mintbench {

CpuidRegisters cpuid(uint32_t leaf, uint32_t subleaf) {
  CpuidRegisters out;
#if defined(__x86_64__)
  // Inline asm rather than GCC's <cpuid.h>: its __get_cpuid_count refuses hypervisor leaves
  // (0x4000xxxx), and that header's name would clash with this file's.
  asm volatile("cpuid" : "=a"(out.eax), "=b"(out.ebx), "=c"(out.ecx), "=d"(out.edx) : "a"(leaf), "c"(subleaf));
#else
  (void)leaf;
  (void)subleaf;
#endif
  return out;
}

}  // namespace mintbench
