#include "workload.h"

#include <memory>

#include "affinity.h"
#include "cpu_loop.h"
#include "mem_copy.h"

namespace mintbench {

WorkloadResult run_workload(const WorkloadSpec& spec, const std::atomic<bool>& stop, const ProgressFn& progress) {
  WorkloadResult result;
  result.timer = timer_info();

  ScopedPin pin;
  result.error = pin.pin(spec.pin_cpu);
  if (!result.error.empty()) return result;
  result.pinned_cpu = spec.pin_cpu;

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

  for (uint32_t rep = 0; rep < spec.repetitions; ++rep) {
    if (stop.load(std::memory_order_relaxed)) {
      result.stopped = true;
      break;
    }
    Repetition sample;
    sample.cpu_start = current_cpu();
    bool read_ok = true;
    uint64_t counted = 0;

    const uint64_t start = ticks_begin();
    if (spec.reads > 0) read_ok = disk.read(rep * spec.reads, spec.reads);
    if (spec.increments > 0) counted = cpu_loop(spec.increments);
    if (spec.copies > 0) buffers.copy(spec.copies);
    const uint64_t end = ticks_end(&sample.cpu_end);

    if (!read_ok) {
      result.error = disk.read_error();
      return result;
    }
    if (counted != spec.increments) {
      result.error = "The CPU loop counted " + std::to_string(counted) + " of " + std::to_string(spec.increments) +
                     " increments";
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
