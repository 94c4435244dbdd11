/*
 * CPU kernel of dropout (see dropout.h): the keep mask from Philox-4x32-10, 16 counters at a time
 * in vector registers, each 32 x 32 -> 64-bit product taken as two halves of 64-bit lanes, applied
 * to x as it is drawn. TensorFlow computes one counter at a time; the numbers are the same.
 * Threads take chunks of counters.
 */
#include "dropout.h"
#include "pool.h"

#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(CRP_NO_CLONES)
#define DROPOUT_VECTOR __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define DROPOUT_VECTOR
#endif

#define INLINE static inline __attribute__((always_inline))
#define LANES 16
#define MAX_CHUNKS 16

/* Philox-4x32-10's constants: the two multipliers and the key's increments per round. */
#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u
/* The fixed key TensorFlow scrambles the seed pair with. */
#define SEED_KEY0 0x3ec8f720u
#define SEED_KEY1 0x02461e29u

typedef uint32_t vu __attribute__((vector_size(64)));
typedef uint64_t vq __attribute__((vector_size(64)));
typedef float vf __attribute__((vector_size(64)));

/* Philox-4x32-10 of counter c under key (k0, k1), in place. */
static void philox(uint32_t c[4], uint32_t k0, uint32_t k1) {
    for (int round = 0; round < 10; round++) {
        uint64_t p0 = (uint64_t) PHILOX_M0 * c[0];
        uint64_t p1 = (uint64_t) PHILOX_M1 * c[2];
        uint32_t n0 = (uint32_t) (p1 >> 32) ^ c[1] ^ k0;
        uint32_t n2 = (uint32_t) (p0 >> 32) ^ c[3] ^ k1;
        c[0] = n0;
        c[1] = (uint32_t) p1;
        c[2] = n2;
        c[3] = (uint32_t) p0;
        k0 += PHILOX_W0;
        k1 += PHILOX_W1;
    }
}

/* TensorFlow's key and counter for a seed pair: the counter's low 64 bits start at 0. */
typedef struct {
    uint32_t k0, k1, c2, c3;
} philox_start;

static philox_start start_of(int64_t seed0, int64_t seed1) {
    uint64_t s0 = (uint64_t) seed0, s1 = (uint64_t) seed1;
    uint32_t c[4] = {(uint32_t) s0, (uint32_t) (s0 >> 32), (uint32_t) s1, (uint32_t) (s1 >> 32)};
    philox(c, SEED_KEY0, SEED_KEY1);
    return (philox_start) {c[0], c[1], c[2], c[3]};
}

static float to_uniform(uint32_t x) {
    uint32_t bits = (127u << 23) | (x & 0x7fffffu);
    float f;
    memcpy(&f, &bits, sizeof(f));
    return f - 1.0f;
}

void dropout_uniform_reference(int64_t n, int64_t seed0, int64_t seed1, float *u) {
    philox_start s = start_of(seed0, seed1);
    for (int64_t g = 0; 4 * g < n; g++) {
        uint32_t c[4] = {(uint32_t) g, (uint32_t) ((uint64_t) g >> 32), s.c2, s.c3};
        philox(c, s.k0, s.k1);
        for (int w = 0; w < 4 && 4 * g + w < n; w++) {
            u[4 * g + w] = to_uniform(c[w]);
        }
    }
}

/* hi and lo halves of a[l] * m, for every lane l. */
INLINE void multiply(vu a, uint32_t m, vu *hi, vu *lo) {
    vq q = (vq) a;
    vq even = (q & 0xffffffffull) * (uint64_t) m;
    vq odd = (q >> 32) * (uint64_t) m;
    *lo = (vu) ((even & 0xffffffffull) | (odd << 32));
    *hi = (vu) ((even >> 32) | (odd & 0xffffffff00000000ull));
}

typedef struct {
    int64_t n;
    philox_start s;
    float rate, scale;
    const float *x;       /* NULL: y is the mask */
    float *y;
    int64_t chunk_blocks; /* blocks of LANES counters per chunk */
} dropout_task;

DROPOUT_VECTOR
static void mask_blocks(const dropout_task *t, int64_t b0, int64_t b1) {
    const vu lane = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    for (int64_t b = b0; b < b1; b++) {
        uint64_t g0 = (uint64_t) b * LANES; /* blocks never straddle 2^32 counters */
        vu c0 = lane + (uint32_t) g0, c1 = (vu) {0} + (uint32_t) (g0 >> 32);
        vu c2 = (vu) {0} + t->s.c2, c3 = (vu) {0} + t->s.c3;
        uint32_t k0 = t->s.k0, k1 = t->s.k1;
        for (int round = 0; round < 10; round++) {
            vu hi0, lo0, hi1, lo1;
            multiply(c0, PHILOX_M0, &hi0, &lo0);
            multiply(c2, PHILOX_M1, &hi1, &lo1);
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        vu words[4] = {c0, c1, c2, c3};
        float out[4][LANES];
        for (int w = 0; w < 4; w++) {
            vf u = (vf) ((words[w] & 0x7fffffu) | (127u << 23)) - 1.0f;
            vf keep = (vf) ((vu) (u >= t->rate) & (vu) ((vf) {0} + t->scale));
            memcpy(out[w], &keep, sizeof(keep));
        }
        /* Element first + 4l + w is word w of counter l; x times the mask, as the stock Mul does. */
        float m[4 * LANES];
        for (int l = 0; l < LANES; l++) {
            for (int w = 0; w < 4; w++) {
                m[4 * l + w] = out[w][l];
            }
        }
        int64_t first = (int64_t) g0 * 4;
        int64_t count = first + 4 * LANES <= t->n ? 4 * LANES : t->n - first;
        if (count == 4 * LANES) {
            for (int q = 0; q < 4; q++) {
                vf v;
                memcpy(&v, m + q * LANES, sizeof(v));
                if (t->x != NULL) {
                    vf xv;
                    memcpy(&xv, t->x + first + q * LANES, sizeof(xv));
                    v = xv * v;
                }
                memcpy(t->y + first + q * LANES, &v, sizeof(v));
            }
        } else {
            for (int64_t k = 0; k < count; k++) {
                t->y[first + k] = t->x != NULL ? t->x[first + k] * m[k] : m[k];
            }
        }
    }
}

static void mask_chunk(const void *arg, int64_t c) {
    const dropout_task *t = arg;
    int64_t blocks = (t->n + 4 * LANES - 1) / (4 * LANES);
    int64_t b0 = c * t->chunk_blocks;
    mask_blocks(t, b0, b0 + t->chunk_blocks < blocks ? b0 + t->chunk_blocks : blocks);
}

void dropout(int64_t n, int64_t seed0, int64_t seed1, float rate, float scale, const float *x, float *y,
             int threads) {
    dropout_task t = {.n = n, .s = start_of(seed0, seed1), .rate = rate, .scale = scale, .x = x, .y = y};
    int64_t blocks = (n + 4 * LANES - 1) / (4 * LANES);
    t.chunk_blocks = (blocks + MAX_CHUNKS - 1) / MAX_CHUNKS;
    if (t.chunk_blocks < 64) {
        t.chunk_blocks = 64; /* 4,096 elements at least: fewer are not worth a thread */
    }
    pool_run(mask_chunk, &t, (blocks + t.chunk_blocks - 1) / t.chunk_blocks, threads);
}
