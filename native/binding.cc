// Node-API marshalling only: JS values in, a plain WorkloadSpec to the core, results out.
// No workload code lives here, and no workload file includes napi.h.
#include <napi.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "clock.h"
#include "cpuid.h"
#include "workload.h"

namespace {

using mintbench::Repetition;
using mintbench::TimerInfo;
using mintbench::WorkloadResult;
using mintbench::WorkloadSpec;

// One run's controls, shared by its worker and its handle: stop() ends that run only, never another
// one running in the same process; release() lets a gated run open its first region.
struct RunControl {
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable changed;  // signalled on stop and on release
  bool released = false;            // guarded by mutex

  void request_stop() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stop.store(true);
    }
    changed.notify_all();
  }
  void release() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      released = true;
    }
    changed.notify_all();
  }
  // Blocks until release() or a stop (both notify). A timed wait, looped: the untimed
  // condition_variable::wait is versioned GLIBCXX_3.4.30 by GCC 12's libstdc++, which would raise what
  // the prebuilt binaries need above GCC 11's (docs/building.md); wait_for is inline.
  void wait_for_release() {
    std::unique_lock<std::mutex> lock(mutex);
    while (!changed.wait_for(lock, std::chrono::seconds(1), [this] { return released || stop.load(); })) {
    }
  }
};
using Control = std::shared_ptr<RunControl>;

// What the worker thread tells the JS thread: the run is prepared (gated runs only), or a repetition ended.
struct WorkerEvent {
  bool prepared = false;
  Repetition repetition;
};

// How long the measuring thread waits for the JS progress callback before opening the next region.
// Generous: a callback is normally done in microseconds, but the wait must end if the JS thread never
// runs it (the environment shutting down); after one such timeout the call stops waiting.
constexpr std::chrono::seconds kProgressAckTimeout{10};
// While waiting, the stop flag is looked at this often: a stop must still end a run within ~100 ms.
constexpr std::chrono::milliseconds kStopPollInterval{10};

constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1

std::string describe(const Napi::Value& value) {
  if (value.IsUndefined()) return "undefined";
  if (value.IsNull()) return "null";
  if (value.IsNumber() || value.IsBoolean()) return value.ToString().Utf8Value();
  if (value.IsString()) return "\"" + value.As<Napi::String>().Utf8Value() + "\"";
  if (value.IsFunction()) return "a function";
  if (value.IsArray()) return "an array";
  if (value.IsBigInt()) return "a bigint";
  if (value.IsSymbol()) return "a symbol";
  return "an object";
}

[[noreturn]] void fail_type(const Napi::Env& env, const std::string& what, const char* name, const Napi::Value& got) {
  throw Napi::TypeError::New(env, "Expected " + what + " for " + name + " but received " + describe(got));
}

// An integer value in [min, max]; `fallback` when absent.
uint64_t to_integer(const Napi::Value& value, const char* name, uint64_t min, uint64_t max, uint64_t fallback) {
  const Napi::Env env = value.Env();
  if (value.IsUndefined()) return fallback;
  const std::string what = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (!value.IsNumber()) fail_type(env, what, name, value);
  const double number = value.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(number) || std::floor(number) != number || number < static_cast<double>(min) ||
      number > static_cast<double>(max) || number > kMaxSafeInteger) {
    throw Napi::RangeError::New(env, "Expected " + what + " for " + name + " but received " + describe(value));
  }
  return static_cast<uint64_t>(number);
}

// An integer option of a spec object in [min, max]; `fallback` when absent.
uint64_t get_integer(const Napi::Object& spec, const char* name, uint64_t min, uint64_t max, uint64_t fallback) {
  return to_integer(spec.Get(name), name, min, max, fallback);
}

WorkloadSpec parse_spec(const Napi::Value& argument) {
  const Napi::Env env = argument.Env();
  if (!argument.IsObject() || argument.IsArray() || argument.IsFunction()) {
    fail_type(env, "a workload object", "spec", argument);
  }
  const Napi::Object spec = argument.As<Napi::Object>();
  constexpr uint64_t kMaxCount = static_cast<uint64_t>(kMaxSafeInteger);
  WorkloadSpec parsed;
  parsed.repetitions = static_cast<uint32_t>(get_integer(spec, "repetitions", 1, 1000000, 10));
  parsed.reads = get_integer(spec, "reads", 0, kMaxCount, 0);
  parsed.increments = get_integer(spec, "increments", 0, kMaxCount, 0);
  parsed.copies = get_integer(spec, "copies", 0, kMaxCount, 0);
  parsed.read_bytes = get_integer(spec, "readBytes", 0, mintbench::kMaxReadBytes, 0);
  parsed.copy_bytes = get_integer(spec, "copyBytes", 0, 1ull << 34, 0);
  parsed.seed = get_integer(spec, "seed", 0, kMaxCount, 1);
  if (!spec.Get("cpu").IsUndefined()) parsed.pin_cpu = static_cast<int32_t>(get_integer(spec, "cpu", 0, 65535, 0));

  const Napi::Value direct = spec.Get("direct");
  if (!direct.IsUndefined()) {
    if (!direct.IsBoolean()) fail_type(env, "a boolean", "direct", direct);
    parsed.direct = direct.As<Napi::Boolean>().Value();
  }
  const Napi::Value device = spec.Get("device");
  if (!device.IsUndefined()) {
    if (!device.IsString()) fail_type(env, "a path string", "device", device);
    parsed.device = device.As<Napi::String>().Utf8Value();
  }

  if (parsed.reads > 0 && parsed.device.empty()) fail_type(env, "a path string (reads > 0)", "device", device);
  if (parsed.reads > 0 && parsed.read_bytes == 0) {
    throw Napi::RangeError::New(env, "Expected a positive byte count for readBytes (reads > 0) but received 0");
  }
  if (parsed.copies > 0 && parsed.copy_bytes == 0) {
    throw Napi::RangeError::New(env, "Expected a positive byte count for copyBytes (copies > 0) but received 0");
  }
  if (parsed.reads > 0 && parsed.reads > kMaxCount / parsed.repetitions) {
    throw Napi::RangeError::New(
        env, "Expected reads × repetitions below 2^53 for reads but received " + std::to_string(parsed.reads));
  }
  if (parsed.reads == 0 && parsed.increments == 0 && parsed.copies == 0) {
    throw Napi::RangeError::New(env,
                                "Expected at least one of reads, increments or copies above 0 for spec but "
                                "received none");
  }
  return parsed;
}

std::string hex64(uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(value));
  return text;
}

Napi::Object timer_to_js(const Napi::Env& env, const TimerInfo& timer) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("source", timer.source);
  out.Set("closing", timer.closing);
  out.Set("hz", timer.hz);
  out.Set("architecturalHz", timer.architectural_hz);
  out.Set("calibrationSeconds", timer.calibration_seconds);
  out.Set("calibrationR2", timer.calibration_r2);
  out.Set("calibrationSamples", timer.calibration_samples);
  out.Set("calibrationSamplesKept", timer.calibration_samples_kept);
  out.Set("overheadTicks", static_cast<double>(timer.overhead_ticks));
  return out;
}

Napi::Object result_to_js(const Napi::Env& env, const WorkloadResult& result) {
  const size_t count = result.repetitions.size();
  Napi::Array ticks = Napi::Array::New(env, count);
  Napi::Array cpu_start = Napi::Array::New(env, count);
  Napi::Array cpu_end = Napi::Array::New(env, count);
  Napi::Array fingerprints = Napi::Array::New(env, count);
  for (size_t i = 0; i < count; ++i) {
    const Repetition& rep = result.repetitions[i];
    const uint32_t index = static_cast<uint32_t>(i);
    ticks.Set(index, static_cast<double>(rep.ticks));
    cpu_start.Set(index, rep.cpu_start);
    cpu_end.Set(index, rep.cpu_end);
    fingerprints.Set(index, hex64(rep.read_fingerprint));
  }
  Napi::Array offsets = Napi::Array::New(env, result.offsets.size());
  for (size_t i = 0; i < result.offsets.size(); ++i) {
    offsets.Set(static_cast<uint32_t>(i), static_cast<double>(result.offsets[i]));
  }

  Napi::Object out = Napi::Object::New(env);
  out.Set("ticks", ticks);
  out.Set("cpuStart", cpu_start);
  out.Set("cpuEnd", cpu_end);
  out.Set("readFingerprints", fingerprints);
  out.Set("offsets", offsets);
  out.Set("copyVerified", result.copy_verified);
  out.Set("stopped", result.stopped);
  out.Set("pinnedCpu", result.pinned_cpu);
  if (result.first_region_ns == 0) {
    out.Set("firstRegionNs", env.Null());
  } else {
    out.Set("firstRegionNs", Napi::BigInt::New(env, result.first_region_ns));
  }
  out.Set("timer", timer_to_js(env, result.timer));
  if (result.has_target) {
    Napi::Object target = Napi::Object::New(env);
    target.Set("kind", result.target.is_block_device ? "block-device" : "file");
    target.Set("sizeBytes", static_cast<double>(result.target.size_bytes));
    target.Set("blockBytes", result.target.block_bytes);
    target.Set("physicalBlockBytes", result.target.physical_block_bytes);
    target.Set("direct", result.target.direct);
    out.Set("target", target);
  } else {
    out.Set("target", env.Null());
  }
  return out;
}

// The baton: spec in, result out; Execute() runs pure C++ on a libuv worker thread.
// With a progress callback, the worker waits after each repetition until the JS thread has run the
// callback: otherwise that JS work would run during the next timed region, and on a machine with one
// CPU (or both threads pinned to one) it would be counted in it.
// A gated run tells the JS thread when it is prepared, then waits for release() before its first region.
class RunWorker : public Napi::AsyncProgressQueueWorker<WorkerEvent> {
 public:
  RunWorker(const Napi::Env& env, WorkloadSpec spec, bool gated, const Napi::Value& on_progress)
      : Napi::AsyncProgressQueueWorker<WorkerEvent>(env, "mintbench:run"),
        spec_(std::move(spec)),
        gated_(gated),
        control_(std::make_shared<RunControl>()),
        deferred_(Napi::Promise::Deferred::New(env)),
        prepared_(Napi::Promise::Deferred::New(env)) {
    if (on_progress.IsFunction()) on_progress_ = Napi::Persistent(on_progress.As<Napi::Function>());
    has_progress_ = !on_progress_.IsEmpty();
  }

  Napi::Promise promise() const { return deferred_.Promise(); }
  Napi::Promise prepared() const { return prepared_.Promise(); }
  const Control& control() const { return control_; }

 protected:
  void Execute(const ExecutionProgress& progress) override {
    mintbench::ProgressFn report;
    if (has_progress_) {
      report = [this, &progress](uint32_t, const Repetition& rep) {
        WorkerEvent event;
        event.repetition = rep;
        progress.Send(&event, 1);
        wait_for_callback();
      };
    }
    mintbench::GateFn gate;
    if (gated_) {
      gate = [this, &progress] {
        WorkerEvent event;
        event.prepared = true;
        progress.Send(&event, 1);
        control_->wait_for_release();
      };
    }
    try {
      result_ = mintbench::run_workload(spec_, control_->stop, report, gate);
    } catch (const std::exception& error) {
      result_.error = error.what();
    }
  }

  void OnProgress(const WorkerEvent* data, size_t count) override {
    Napi::HandleScope scope(Env());
    bool repetitions = false;
    for (size_t i = 0; i < count; ++i) {
      if (data[i].prepared) {
        prepared_.Resolve(Env().Undefined());
        continue;
      }
      repetitions = true;
      if (on_progress_.IsEmpty() || !progress_error_.IsEmpty()) continue;
      // A throwing callback stops the run, and its exception becomes the run's error.
      try {
        on_progress_.Call({Napi::Number::New(Env(), static_cast<double>(data[i].repetition.ticks))});
      } catch (const Napi::Error& error) {
        progress_error_ = Napi::Persistent(static_cast<Napi::Value>(error.Value()));
        control_->request_stop();
      }
    }
    if (!repetitions) return;
    {
      std::lock_guard<std::mutex> lock(ack_mutex_);
      ++acknowledged_;
    }
    ack_.notify_one();
  }

  void OnOK() override {
    Napi::HandleScope scope(Env());
    if (!progress_error_.IsEmpty()) {
      deferred_.Reject(progress_error_.Value());
      return;
    }
    if (!result_.error.empty()) {
      deferred_.Reject(Napi::Error::New(Env(), result_.error).Value());
      return;
    }
    deferred_.Resolve(result_to_js(Env(), result_));
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  // Blocks the measuring thread until OnProgress has run for every Send so far, a stop is requested,
  // or kProgressAckTimeout passes.
  void wait_for_callback() {
    ++sent_;
    if (ack_timed_out_) return;
    const auto deadline = std::chrono::steady_clock::now() + kProgressAckTimeout;
    std::unique_lock<std::mutex> lock(ack_mutex_);
    while (acknowledged_ < sent_) {
      if (control_->stop.load(std::memory_order_relaxed)) return;
      if (std::chrono::steady_clock::now() >= deadline) {
        ack_timed_out_ = true;
        return;
      }
      ack_.wait_for(lock, kStopPollInterval);
    }
  }

  WorkloadSpec spec_;
  bool gated_;
  WorkloadResult result_;
  Control control_;
  Napi::Promise::Deferred deferred_;
  Napi::Promise::Deferred prepared_;  // resolved when a gated run is prepared; never for an ungated one
  Napi::FunctionReference on_progress_;
  Napi::Reference<Napi::Value> progress_error_;  // what the progress callback threw, if it did
  bool has_progress_ = false;                    // read on the worker thread, which must not touch on_progress_
  std::mutex ack_mutex_;
  std::condition_variable ack_;
  uint64_t sent_ = 0;           // measuring thread only
  uint64_t acknowledged_ = 0;   // guarded by ack_mutex_
  bool ack_timed_out_ = false;  // measuring thread only
};

class TimerWorker : public Napi::AsyncWorker {
 public:
  explicit TimerWorker(const Napi::Env& env)
      : Napi::AsyncWorker(env, "mintbench:timer"), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override { timer_ = mintbench::timer_info(); }
  void OnOK() override { deferred_.Resolve(timer_to_js(Env(), timer_)); }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  TimerInfo timer_;
  Napi::Promise::Deferred deferred_;
};

// The handle's stop() and release(): each sets its run's control. Safe at any time, any number of times.
Napi::Value StopRun(const Napi::CallbackInfo& info) {
  static_cast<Control*>(info.Data())->get()->request_stop();
  return info.Env().Undefined();
}
Napi::Value ReleaseRun(const Napi::CallbackInfo& info) {
  static_cast<Control*>(info.Data())->get()->release();
  return info.Env().Undefined();
}

// A handle function holding its own reference to the run's control, freed when the function is collected.
Napi::Function control_function(const Napi::Env& env, const char* name, Napi::Function::Callback callback,
                                const Control& control) {
  auto* held = new Control(control);
  Napi::Function function = Napi::Function::New(env, callback, name, held);
  function.AddFinalizer([](Napi::Env, Control* reference) { delete reference; }, held);
  return function;
}

// run(spec, onProgress?) -> {result: Promise<result>, prepared: Promise<void>, stop(): void, release(): void}
Napi::Value Run(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  WorkloadSpec spec = parse_spec(info[0]);
  const Napi::Value gated = info[0].As<Napi::Object>().Get("gated");
  if (!gated.IsUndefined() && !gated.IsBoolean()) fail_type(env, "a boolean", "gated", gated);
  const Napi::Value on_progress = info[1];
  if (!on_progress.IsUndefined() && !on_progress.IsFunction()) {
    fail_type(env, "a function", "onProgress", on_progress);
  }
  auto* worker =
      new RunWorker(env, std::move(spec), gated.IsBoolean() && gated.As<Napi::Boolean>().Value(), on_progress);
  Napi::Object handle = Napi::Object::New(env);
  handle.Set("result", worker->promise());
  handle.Set("prepared", worker->prepared());
  handle.Set("stop", control_function(env, "stop", StopRun, worker->control()));
  handle.Set("release", control_function(env, "release", ReleaseRun, worker->control()));
  worker->Queue();
  return handle;
}

// timer() -> Promise<TimerInfo>; the first call calibrates (about 150 ms, up to 1 s on a busy machine), later ones are
// cached.
Napi::Value Timer(const Napi::CallbackInfo& info) {
  auto* worker = new TimerWorker(info.Env());
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

// now() -> bigint: the counter, read as a region would open. For checking calibration, never for timing.
Napi::Value Now(const Napi::CallbackInfo& info) {
  return Napi::BigInt::New(info.Env(), static_cast<uint64_t>(mintbench::ticks_begin()));
}

// cpuid(leaf, subleaf = 0) -> {eax, ebx, ecx, edx}, or null where the CPU has no CPUID (not x86-64).
Napi::Value Cpuid(const Napi::CallbackInfo& info) {
  constexpr uint64_t kMaxRegister = 0xffffffffull;
  if (info[0].IsUndefined()) fail_type(info.Env(), "an integer from 0 to 4294967295", "leaf", info[0]);
  const auto leaf = static_cast<uint32_t>(to_integer(info[0], "leaf", 0, kMaxRegister, 0));
  const auto subleaf = static_cast<uint32_t>(to_integer(info[1], "subleaf", 0, kMaxRegister, 0));
  if (!mintbench::kCpuidAvailable) return info.Env().Null();
  const mintbench::CpuidRegisters regs = mintbench::cpuid(leaf, subleaf);
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("eax", regs.eax);
  out.Set("ebx", regs.ebx);
  out.Set("ecx", regs.ecx);
  out.Set("edx", regs.edx);
  return out;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("run", Napi::Function::New(env, Run, "run"));
  exports.Set("timer", Napi::Function::New(env, Timer, "timer"));
  exports.Set("now", Napi::Function::New(env, Now, "now"));
  exports.Set("cpuid", Napi::Function::New(env, Cpuid, "cpuid"));
  exports.Set("clockSource", mintbench::kClockSource);
  return exports;
}

}  // namespace

NODE_API_MODULE(mintbench, Init)
