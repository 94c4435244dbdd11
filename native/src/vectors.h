/*
 * The vector type our CPU kernels compute in (16 floats, in GCC's vector extension: one AVX-512
 * register, two AVX2 or four SSE/NEON ones) and its loads and stores of the first n lanes.
 *
 * A load or store of n lanes is a memcpy of n floats, which, n not being known when the code is
 * compiled, is a call into the C library: on Application 1's shapes those calls took about a
 * sixth of our kernels' time (perf). Every block of 16 channels or columns but a layer's last is
 * full, so the full case is one vector move here and only a partial block pays for the call.
 */
#ifndef FMNIST_VECTORS_H
#define FMNIST_VECTORS_H

#include <stdint.h>
#include <string.h>

#define LANES 16
#define INLINE static inline __attribute__((always_inline))

typedef float vf __attribute__((vector_size(64)));
typedef int32_t vi __attribute__((vector_size(64)));

/* Lanes 0..n-1 from p, zeros beyond. */
INLINE vf load_f(const float *p, int64_t n) {
    vf v = {0};
    if (n == LANES) {
        memcpy(&v, p, sizeof(v));
    } else {
        memcpy(&v, p, (size_t) n * sizeof(float));
    }
    return v;
}

/* Lanes 0..n-1 of v to p; nothing is written beyond. */
INLINE void store_f(float *p, vf v, int64_t n) {
    if (n == LANES) {
        memcpy(p, &v, sizeof(v));
    } else {
        memcpy(p, &v, (size_t) n * sizeof(float));
    }
}

/* Lanes 0..n-1 from p, `fill` beyond. */
INLINE vi load_i(const int32_t *p, int64_t n, int32_t fill) {
    vi v;
    if (n == LANES) {
        memcpy(&v, p, sizeof(v));
        return v;
    }
    for (int l = 0; l < LANES; l++) {
        v[l] = l < n ? p[l] : fill;
    }
    return v;
}

INLINE void store_i(int32_t *p, vi v, int64_t n) {
    if (n == LANES) {
        memcpy(p, &v, sizeof(v));
    } else {
        memcpy(p, &v, (size_t) n * sizeof(int32_t));
    }
}

#endif
