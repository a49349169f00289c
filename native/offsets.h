// The seeded generator behind random read offsets. ts/measure/offsets.ts mirrors it exactly.
//
// SplitMix64 (Steele, Lea, Flood 2014): state += 0x9e3779b97f4a7c15, then two xor-shift-multiply
// rounds. Read k (counting from 0 across all repetitions of one call) starts at
//   offset_k = (splitmix64_k(seed) mod slots) * block_bytes,   slots = (target_bytes - read_bytes) / block_bytes + 1
// so every read lies wholly inside the target and starts on a block boundary. The modulo bias is
// below slots / 2^64, far under anything measurable.
#pragma once

#include <cstdint>

namespace mintbench {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ull;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

// FNV-1a over 64-bit little-endian words: a cheap fingerprint of a buffer, mirrored in TypeScript.
inline uint64_t fingerprint_words(const unsigned char* bytes, uint64_t length) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (uint64_t i = 0; i + 8 <= length; i += 8) {
    uint64_t word = 0;
    for (int b = 7; b >= 0; --b) word = (word << 8) | bytes[i + static_cast<uint64_t>(b)];
    hash = (hash ^ word) * 0x100000001b3ull;
  }
  return hash;
}

}  // namespace mintbench
