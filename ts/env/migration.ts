// A repetition "migrated" when the CPU number read as its region opened differs from the one read
// as it closed (rdtscp's TSC_AUX on x86-64, sched_getcpu elsewhere). A move away and back within
// one repetition cannot be seen this way. Pure.

/** -1 means the CPU was not read; such a repetition is not flagged. */
export function migrated(cpuStart: number, cpuEnd: number): boolean {
  return cpuStart >= 0 && cpuEnd >= 0 && cpuStart !== cpuEnd;
}
