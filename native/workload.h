// One call of the evaluation program (thesis figure 5.2): each repetition performs, in sequence,
// `reads` random reads (L), `increments` register increments (M) and `copies` memcpy calls (N),
// and is timed as one region. CPU, memory and I/O runs are the mixes 0:M:0, 0:0:N and L:0:0.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "clock.h"
#include "disk_read.h"

namespace mintbench {

struct WorkloadSpec {
  uint32_t repetitions = 0;
  uint64_t reads = 0;  // L
  uint64_t read_bytes = 0;
  std::string device;       // block device or regular file; needed when reads > 0
  bool direct = true;       // O_DIRECT
  uint64_t seed = 1;        // offsets generator seed (see offsets.h)
  uint64_t increments = 0;  // M
  uint64_t copies = 0;      // N
  uint64_t copy_bytes = 0;
  int32_t pin_cpu = -1;  // -1: leave the thread where the scheduler puts it
};

struct Repetition {
  uint64_t ticks = 0;
  int32_t cpu_start = -1;         // CPU just before the region opened
  int32_t cpu_end = -1;           // CPU when it closed (rdtscp); differs if the thread migrated
  uint64_t read_fingerprint = 0;  // fingerprint of the last read's bytes (0 without reads)
};

struct WorkloadResult {
  std::vector<Repetition> repetitions;  // completed ones; fewer than asked if stopped
  TimerInfo timer;
  bool has_target = false;
  DiskTarget target;
  std::vector<uint64_t> offsets;  // every read's offset, repetition by repetition
  bool copy_verified = true;      // destination equals source after the copies
  bool stopped = false;           // a stop was requested before all repetitions ran
  int32_t pinned_cpu = -1;
  uint64_t first_region_ns = 0;  // CLOCK_MONOTONIC just before the first region opened; 0 if none did
  std::string error;             // non-empty: the run failed, the rest is meaningless
};

using ProgressFn = std::function<void(uint32_t index, const Repetition&)>;
// Called once, after everything is prepared and before the first region opens; it may block (binding.cc
// holds the run there until JavaScript releases it, so that several runs start together).
using GateFn = std::function<void()>;

// Runs the whole call on the calling thread. `stop` is checked before each repetition and, inside
// one, by the chunked loops of each part (before each read, every 16 MiB copied, every 2^24
// increments), so a stop ends even a long repetition quickly; a repetition cut short is discarded.
// `progress` is called after each repetition, outside its timed region, and may block (binding.cc
// waits there for the JS callback) before the next region opens. `gate`, if given, is called between
// preparation and the first region; a stop during it ends the run before any region.
WorkloadResult run_workload(const WorkloadSpec& spec, const std::atomic<bool>& stop, const ProgressFn& progress,
                            const GateFn& gate = {});

}  // namespace mintbench
