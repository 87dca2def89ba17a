#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256's 64 round constants (FIPS 180-4), for both the hardware and the portable rounds.
const uint32_t *csha256_round_constants(void);

/// 1 when this CPU has the SHA extensions (SHA-NI) and the SSE levels the block function uses;
/// 0 otherwise, and always on other architectures than x86-64.
int csha256_hardware_available(void);

/// Runs SHA-256's compression function over `count` consecutive 64-byte blocks at `blocks`,
/// updating `state` (the eight working words, in FIPS 180-4 order) in place. Only call it
/// when csha256_hardware_available() returned 1.
void csha256_compress_blocks(uint32_t state[8], const uint8_t *blocks, size_t count);

#endif
