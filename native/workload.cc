#include "workload.h"

#include <unistd.h>

#include <memory>

#include "affinity.h"
#include "cpu_loop.h"
#include "mem_copy.h"

namespace mintbench {
namespace {

// Bytes the call will allocate: the read buffer and every offset drawn in advance, two copy buffers.
uint64_t bytes_needed(const WorkloadSpec& spec) {
  uint64_t bytes = 0;
  if (spec.reads > 0) bytes += spec.read_bytes + spec.reads * spec.repetitions * sizeof(uint64_t);
  if (spec.copies > 0) bytes += 2 * spec.copy_bytes;
  return bytes;
}

// TypeScript refuses what does not fit in available memory; this guard, against all physical
// memory, keeps direct callers from asking malloc (or the OOM killer) for the impossible.
std::string check_memory(const WorkloadSpec& spec) {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page_bytes = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_bytes <= 0) return "";
  const uint64_t physical = static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_bytes);
  const uint64_t needed = bytes_needed(spec);
  if (needed <= physical) return "";
  return "Expected buffers that fit in this machine's " + std::to_string(physical) + " bytes of memory for spec " +
         "but received one needing " + std::to_string(needed) + " bytes";
}

}  // namespace

WorkloadResult run_workload(const WorkloadSpec& spec, const std::atomic<bool>& stop, const ProgressFn& progress,
                            const GateFn& gate) {
  WorkloadResult result;
  result.timer = timer_info();

  ScopedPin pin;
  result.error = pin.pin(spec.pin_cpu);
  if (!result.error.empty()) return result;
  result.pinned_cpu = spec.pin_cpu;

  result.error = check_memory(spec);
  if (!result.error.empty()) return result;
  // Everything that allocates, opens or faults happens here, before the first timed region.
  DiskReader disk;
  if (spec.reads > 0) {
    result.error = disk.open(spec.device, spec.direct);
    if (result.error.empty()) result.error = disk.prepare(spec.read_bytes, spec.reads * spec.repetitions, spec.seed);
    if (!result.error.empty()) return result;
    result.has_target = true;
    result.target = disk.target();
  }
  CopyBuffers buffers;
  if (spec.copies > 0) {
    result.error = buffers.prepare(spec.copy_bytes);
    if (!result.error.empty()) return result;
  }
  result.repetitions.reserve(spec.repetitions);
  if (gate) gate();

  for (uint32_t rep = 0; rep < spec.repetitions; ++rep) {
    if (stop.load(std::memory_order_relaxed)) {
      result.stopped = true;
      break;
    }
    if (rep == 0) result.first_region_ns = monotonic_ns();
    Repetition sample;
    sample.cpu_start = current_cpu();
    uint64_t reads_done = 0, increments_done = 0, copies_done = 0;

    // Each part looks at `stop` now and then, so a stop ends even a long repetition within about
    // 100 ms; a part cut short returns early and the parts after it do no work.
    const uint64_t start = ticks_begin();
    if (spec.reads > 0) reads_done = disk.read(rep * spec.reads, spec.reads, stop);
    if (spec.increments > 0) increments_done = cpu_loop_until_stopped(spec.increments, stop);
    if (spec.copies > 0) copies_done = buffers.copy(spec.copies, stop);
    const uint64_t end = ticks_end(&sample.cpu_end);

    if (disk.failed()) {
      result.error = disk.read_error();
      return result;
    }
    if (reads_done != spec.reads || increments_done != spec.increments || copies_done != spec.copies) {
      if (stop.load(std::memory_order_relaxed)) {
        // Cut short by a stop: not a measurement of the asked work, so it is discarded.
        result.stopped = true;
        break;
      }
      result.error = "The workload did " + std::to_string(reads_done) + " of " + std::to_string(spec.reads) +
                     " reads, " + std::to_string(increments_done) + " of " + std::to_string(spec.increments) +
                     " increments and " + std::to_string(copies_done) + " of " + std::to_string(spec.copies) +
                     " copies";
      return result;
    }
    sample.ticks = end - start;
    if (spec.reads > 0) sample.read_fingerprint = disk.buffer_fingerprint();
    result.repetitions.push_back(sample);
    if (progress) progress(rep, sample);
  }

  if (spec.copies > 0 && !result.repetitions.empty()) result.copy_verified = buffers.destination_matches_source();
  if (spec.reads > 0) {
    result.offsets.assign(disk.offsets().begin(),
                          disk.offsets().begin() + static_cast<std::ptrdiff_t>(result.repetitions.size() * spec.reads));
  }
  return result;
}

}  // namespace mintbench
