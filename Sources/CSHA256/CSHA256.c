// SHA-256 block compression with the x86 SHA extensions. Each sha256rnds2 instruction performs
// two rounds; sha256msg1 and sha256msg2 compute the message schedule four words at a time.
#include "CSHA256.h"

// FIPS 180-4's round constants, shared with the portable rounds in Sync's SHA256.swift.
static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

const uint32_t *csha256_round_constants(void) { return round_constants; }

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int csha256_hardware_available(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int sha = (b >> 29) & 1;
    return ssse3 && sse41 && sha;
}

__attribute__((target("sha,sse4.1,ssse3")))
void csha256_compress_blocks(uint32_t state[8], const uint8_t *blocks, size_t count) {
    // The instructions keep the working variables as two vectors, lanes high to low:
    // (A, B, E, F) and (C, D, G, H).
    __m128i low = _mm_loadu_si128((const __m128i *)&state[0]);   // lanes 0..3: A B C D
    __m128i high = _mm_loadu_si128((const __m128i *)&state[4]);  // lanes 0..3: E F G H
    low = _mm_shuffle_epi32(low, 0xB1);                          // B A D C
    high = _mm_shuffle_epi32(high, 0x1B);                        // H G F E
    __m128i abef = _mm_alignr_epi8(low, high, 8);                // F E B A
    __m128i cdgh = _mm_blend_epi16(high, low, 0xF0);             // H G D C
    // Message words are big-endian: reverse the bytes of each 32-bit lane.
    const __m128i byteswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);

    for (size_t block = 0; block < count; block++, blocks += 64) {
        const __m128i savedABEF = abef, savedCDGH = cdgh;
        // The schedule, four words per vector: W[4j .. 4j+3] in schedule[j].
        __m128i schedule[16];
        for (int j = 0; j < 4; j++) {
            schedule[j] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 16 * j)), byteswap);
        }
        for (int j = 0; j < 12; j++) {
            // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], for t = 4j+16 .. 4j+19.
            __m128i partial = _mm_sha256msg1_epu32(schedule[j], schedule[j + 1]);
            partial = _mm_add_epi32(partial, _mm_alignr_epi8(schedule[j + 3], schedule[j + 2], 4));
            schedule[j + 4] = _mm_sha256msg2_epu32(partial, schedule[j + 3]);
        }
        for (int j = 0; j < 16; j++) {
            __m128i words = _mm_add_epi32(schedule[j], _mm_loadu_si128((const __m128i *)&round_constants[4 * j]));
            // Two rounds on the low two words, then two on the high two; the vectors trade roles.
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, words);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(words, 0x0E));
        }
        abef = _mm_add_epi32(abef, savedABEF);
        cdgh = _mm_add_epi32(cdgh, savedCDGH);
    }

    __m128i abefInOrder = _mm_shuffle_epi32(abef, 0x1B);        // A B E F
    __m128i ghcdInOrder = _mm_shuffle_epi32(cdgh, 0xB1);        // G H C D
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(abefInOrder, ghcdInOrder, 0xF0));  // A B C D
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(ghcdInOrder, abefInOrder, 8));     // E F G H
}

#else

int csha256_hardware_available(void) { return 0; }

void csha256_compress_blocks(uint32_t state[8], const uint8_t *blocks, size_t count) {
    (void)state; (void)blocks; (void)count;
}

#endif
