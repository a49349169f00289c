// The plain C reference that `npm run bench` holds mintbench against: the same three workloads and
// the same fenced counter reads as native/, in one small program that never links with the addon.
//
//   reference cpu INCREMENTS REPETITIONS
//   reference mem BYTES COPIES REPETITIONS
//   reference io PATH READ_BYTES READS REPETITIONS SEED
//   reference timer
//
// Prints one JSON object: every repetition's ticks; io adds every read's offset and each
// repetition's last-read fingerprint (as the addon reports them), timer the empty region's cost and
// that of clock_gettime. Everything that allocates, opens, faults or draws offsets happens before
// the first timed region, as in native/workload.cc. Exit 2: bad arguments; exit 1: a failed run.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

// Counter reads as native/clock.h makes them.
#if defined(__x86_64__)
static int has_rdtscp;

static void detect_clock(void) {
  unsigned int eax, ebx, ecx, edx;
  has_rdtscp = __get_cpuid(0x80000001u, &eax, &ebx, &ecx, &edx) && ((edx >> 27) & 1u);
}

static inline uint64_t read_tsc_fenced(void) {
  uint32_t lo, hi;
  __asm__ __volatile__("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi) : : "memory");
  return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t ticks_begin(void) { return read_tsc_fenced(); }

static inline uint64_t ticks_end(void) {
  if (__builtin_expect(has_rdtscp, 1)) {
    uint32_t lo, hi, aux;
    __asm__ __volatile__("rdtscp\n\tlfence" : "=a"(lo), "=d"(hi), "=c"(aux) : : "memory");
    return ((uint64_t)hi << 32) | lo;
  }
  return read_tsc_fenced();
}
#elif defined(__aarch64__)
static void detect_clock(void) {}

static inline uint64_t read_cntvct(void) {
  uint64_t value;
  __asm__ __volatile__("isb\n\tmrs %0, cntvct_el0\n\tisb" : "=r"(value) : : "memory");
  return value;
}
static inline uint64_t ticks_begin(void) { return read_cntvct(); }
static inline uint64_t ticks_end(void) { return read_cntvct(); }
#else
static void detect_clock(void) {}

static inline uint64_t monotonic_raw_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
static inline uint64_t ticks_begin(void) { return monotonic_raw_ns(); }
static inline uint64_t ticks_end(void) { return monotonic_raw_ns(); }
#endif

// The documented SplitMix64 (native/offsets.h): offset = (next mod slots) * block.
static uint64_t splitmix64_next(uint64_t* state) {
  *state += 0x9e3779b97f4a7c15ull;
  uint64_t z = *state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// FNV-1a over 64-bit little-endian words, as native/offsets.h fingerprints a read.
static uint64_t fingerprint_words(const unsigned char* bytes, uint64_t length) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (uint64_t i = 0; i + 8 <= length; i += 8) {
    uint64_t word = 0;
    for (int b = 7; b >= 0; --b) word = (word << 8) | bytes[i + (uint64_t)b];
    hash = (hash ^ word) * 0x100000001b3ull;
  }
  return hash;
}

static void fail(int code, const char* message, const char* detail) {
  fprintf(stderr, "reference: %s%s%s\n", message, detail ? ": " : "", detail ? detail : "");
  exit(code);
}

static uint64_t parse_count(const char* text, const char* name) {
  char* end = NULL;
  errno = 0;
  const unsigned long long value = strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || text[0] == '-') fail(2, "expected a non-negative integer for", name);
  return (uint64_t)value;
}

static unsigned char* allocate_pages(uint64_t bytes) {
  const uint64_t page = 4096, rounded = (bytes + page - 1) / page * page;
  unsigned char* memory = aligned_alloc(page, rounded == 0 ? page : rounded);
  if (memory == NULL) fail(1, "cannot allocate", "out of memory");
  return memory;
}

static void print_ticks(const uint64_t* ticks, uint64_t repetitions) {
  printf("\"ticks\":[");
  for (uint64_t rep = 0; rep < repetitions; ++rep) printf("%s%" PRIu64, rep ? "," : "", ticks[rep]);
  printf("]");
}

// The same loop as native/cpu_loop.cc, in one piece (the addon's runs in 2^24-increment chunks).
static uint64_t cpu_loop(uint64_t iterations) {
  uint64_t counter = 0, remaining = iterations;
  if (iterations == 0) return counter;
#if defined(__x86_64__)
  __asm__ __volatile__("1:\n\tincq %0\n\tdecq %1\n\tjnz 1b" : "+r"(counter), "+r"(remaining) : : "cc");
#elif defined(__aarch64__)
  __asm__ __volatile__("1:\n\tadd %0, %0, #1\n\tsubs %1, %1, #1\n\tb.ne 1b" : "+r"(counter), "+r"(remaining) : : "cc");
#else
  for (; remaining != 0; --remaining) {
    ++counter;
    __asm__ __volatile__("" : "+r"(counter));
  }
#endif
  return counter;
}

static void run_cpu(uint64_t increments, uint64_t repetitions) {
  uint64_t* ticks = calloc(repetitions, sizeof *ticks);
  if (ticks == NULL) fail(1, "cannot allocate", "out of memory");
  for (uint64_t rep = 0; rep < repetitions; ++rep) {
    const uint64_t start = ticks_begin();
    const uint64_t counted = cpu_loop(increments);
    const uint64_t end = ticks_end();
    if (counted != increments) fail(1, "the loop did not count every increment", NULL);
    ticks[rep] = end - start;
  }
  printf("{");
  print_ticks(ticks, repetitions);
  printf("}\n");
  free(ticks);
}

// As native/mem_copy.cc: page-aligned buffers written in full before timing, a barrier after each copy.
static void run_mem(uint64_t bytes, uint64_t copies, uint64_t repetitions) {
  unsigned char* source = allocate_pages(bytes);
  unsigned char* destination = allocate_pages(bytes);
  uint64_t* ticks = calloc(repetitions, sizeof *ticks);
  if (ticks == NULL) fail(1, "cannot allocate", "out of memory");
  for (uint64_t i = 0; i < bytes; ++i) source[i] = (unsigned char)((i * 131u + 7u) | 1u);
  memset(destination, 0, bytes);
  for (uint64_t rep = 0; rep < repetitions; ++rep) {
    const uint64_t start = ticks_begin();
    for (uint64_t copy = 0; copy < copies; ++copy) {
      memcpy(destination, source, bytes);
      __asm__ __volatile__("" : : "r"(destination), "r"(source) : "memory");
    }
    const uint64_t end = ticks_end();
    ticks[rep] = end - start;
  }
  if (copies > 0 && memcmp(destination, source, bytes) != 0) fail(1, "the destination differs from the source", NULL);
  printf("{");
  print_ticks(ticks, repetitions);
  printf("}\n");
  free(ticks);
  free(source);
  free(destination);
}

// As native/disk_read.cc: O_RDONLY | O_DIRECT, block = st_blksize, every offset drawn before timing.
static void run_io(const char* path, uint64_t read_bytes, uint64_t reads, uint64_t repetitions, uint64_t seed) {
  const int fd = open(path, O_RDONLY | O_CLOEXEC | O_DIRECT);
  if (fd < 0) fail(1, "cannot open read-only with O_DIRECT", strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) fail(1, "cannot stat", strerror(errno));
  const uint64_t block = (uint64_t)st.st_blksize, size = (uint64_t)st.st_size;
  if (read_bytes == 0 || read_bytes % block != 0 || read_bytes > size)
    fail(2, "expected a read size of whole blocks within", path);
  if (reads != 0 && repetitions > UINT64_MAX / reads / sizeof(uint64_t))
    fail(2, "expected fewer reads in all for", path);
  const uint64_t total = reads * repetitions, slots = (size - read_bytes) / block + 1;
  uint64_t* offsets = calloc(total == 0 ? 1 : total, sizeof *offsets);
  uint64_t* ticks = calloc(repetitions, sizeof *ticks);
  uint64_t* fingerprints = calloc(repetitions, sizeof *fingerprints);
  if (offsets == NULL || ticks == NULL || fingerprints == NULL) fail(1, "cannot allocate", "out of memory");
  uint64_t state = seed;
  for (uint64_t k = 0; k < total; ++k) offsets[k] = (splitmix64_next(&state) % slots) * block;
  unsigned char* buffer = allocate_pages(read_bytes);
  memset(buffer, 0, read_bytes);

  for (uint64_t rep = 0; rep < repetitions; ++rep) {
    const uint64_t* mine = offsets + rep * reads;
    const uint64_t start = ticks_begin();
    for (uint64_t k = 0; k < reads; ++k) {
      if (lseek(fd, (off_t)mine[k], SEEK_SET) < 0) fail(1, "lseek failed", strerror(errno));
      if (read(fd, buffer, read_bytes) != (ssize_t)read_bytes)
        fail(1, "read failed or came back short", strerror(errno));
    }
    const uint64_t end = ticks_end();
    ticks[rep] = end - start;
    fingerprints[rep] = reads > 0 ? fingerprint_words(buffer, read_bytes) : 0;
  }
  close(fd);

  printf("{");
  print_ticks(ticks, repetitions);
  printf(",\"offsets\":[");
  for (uint64_t k = 0; k < total; ++k) printf("%s%" PRIu64, k ? "," : "", offsets[k]);
  printf("],\"readFingerprints\":[");
  for (uint64_t rep = 0; rep < repetitions; ++rep) printf("%s\"%016" PRIx64 "\"", rep ? "," : "", fingerprints[rep]);
  printf("]}\n");
  free(buffer);
  free(fingerprints);
  free(ticks);
  free(offsets);
}

static uint64_t monotonic_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

// The empty region as native/clock.cc measures it (minimum over 100,000), and what one
// clock_gettime(CLOCK_MONOTONIC) costs (the clock behind process.hrtime), averaged over a million.
static void run_timer(void) {
  enum { kOverheadSamples = 100000, kClockCalls = 1000000 };
  uint64_t best = UINT64_MAX;
  for (int i = 0; i < kOverheadSamples; ++i) {
    const uint64_t t0 = ticks_begin();
    const uint64_t t1 = ticks_end();
    if (t1 - t0 < best) best = t1 - t0;
  }
  const uint64_t first = monotonic_ns();
  uint64_t last = first;
  for (int i = 0; i < kClockCalls; ++i) last = monotonic_ns();
  printf("{\"overheadTicks\":%" PRIu64 ",\"clockGettimeNs\":%.2f}\n", best, (double)(last - first) / kClockCalls);
}

int main(int argc, char** argv) {
  detect_clock();
  const char* mode = argc > 1 ? argv[1] : "";
  if (strcmp(mode, "cpu") == 0 && argc == 4) {
    run_cpu(parse_count(argv[2], "increments"), parse_count(argv[3], "repetitions"));
  } else if (strcmp(mode, "mem") == 0 && argc == 5) {
    run_mem(parse_count(argv[2], "bytes"), parse_count(argv[3], "copies"), parse_count(argv[4], "repetitions"));
  } else if (strcmp(mode, "io") == 0 && argc == 7) {
    run_io(argv[2], parse_count(argv[3], "read bytes"), parse_count(argv[4], "reads"),
           parse_count(argv[5], "repetitions"), parse_count(argv[6], "seed"));
  } else if (strcmp(mode, "timer") == 0 && argc == 2) {
    run_timer();
  } else {
    fail(2, "usage: reference cpu INCREMENTS REPS | mem BYTES COPIES REPS | io PATH READ_BYTES READS REPS SEED | timer",
         NULL);
  }
  return 0;
}
