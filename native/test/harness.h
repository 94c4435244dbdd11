/*
 * What the CPU and CUDA harnesses share: the same random cases on every machine, a clock, and
 * the comparison of a gradient against the reference's.
 */
#ifndef FMNIST_HARNESS_H
#define FMNIST_HARNESS_H

#include "../src/crp.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

static uint64_t harness_state = 88172645463325252ull;

/* --small: every kind of case, with fewer images and repeats, for a run under an emulator (qemu
 * takes minutes over what a native run does in seconds). */
static int harness_small;

/* Whether `flag` is among the arguments. */
static inline int harness_flag(int argc, char **argv, const char *flag) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], flag) == 0) {
            return 1;
        }
    }
    return 0;
}

static inline float next_float(void) { /* xorshift64 */
    harness_state ^= harness_state << 13;
    harness_state ^= harness_state >> 7;
    harness_state ^= harness_state << 17;
    return (float) ((harness_state >> 11) * (1.0 / 9007199254740992.0));
}

/* Uniform in [-1, 1); with_zeros: a quarter of them 0, as Fashion-MNIST's black pixels. */
static inline void fill(float *v, size_t n, int with_zeros) {
    for (size_t i = 0; i < n; i++) {
        float u = next_float();
        v[i] = with_zeros && u < 0.25f ? 0.0f : 2.0f * next_float() - 1.0f;
    }
}

/* A case's inputs: images with a black band on top of each (windows there tie), weights, and a
 * mostly positive bias (so black windows tie at the bias rather than all being cut by ReLU). */
static inline void fill_case(float *x, int64_t n, int64_t h, int64_t w, float *kernel, size_t nk, float *bias, int64_t c,
                      float *dy, size_t ny) {
    fill(x, (size_t) (n * h * w), 1);
    for (int64_t i = 0; i < n; i++) {
        memset(x + i * h * w, 0, (size_t) (h * w / 3) * sizeof(float));
    }
    fill(kernel, nk, 0);
    fill(bias, (size_t) c, 0);
    for (int64_t i = 0; i < c; i++) {
        bias[i] = bias[i] * 0.1f + 0.05f;
    }
    fill(dy, ny, 0);
}

/* The largest difference between a gradient and the reference's, relative to the reference's
 * largest magnitude. */
static inline double gradient_error(const float *dk, const float *dkr, size_t nk, const float *db, const float *dbr,
                             int64_t c) {
    double scale = 1e-6, worst = 0;
    for (size_t i = 0; i < nk; i++) scale = fmax(scale, fabs(dkr[i]));
    for (int64_t i = 0; i < c; i++) scale = fmax(scale, fabs(dbr[i]));
    for (size_t i = 0; i < nk; i++) worst = fmax(worst, fabs(dk[i] - dkr[i]) / scale);
    for (int64_t i = 0; i < c; i++) worst = fmax(worst, fabs(db[i] - dbr[i]) / scale);
    return worst;
}

/*
 * Runs check(n, h, w, k, c, same, variant) on every supported shape: sizes 28x28, 27x27 (pools
 * floor), 9x11 and 6x5, k 3 and 5, both paddings, 1, 7, 32 and 256 filters; 33 images at 28x28, 5
 * otherwise (3 and 2 with --small). variant alternates 0 and 1 with the filter count. Returns the failures.
 */
static inline int for_each_case(int (*check)(int64_t n, int64_t h, int64_t w, int64_t k, int64_t c, int same, int variant)) {
    int64_t sizes[][2] = {{28, 28}, {27, 27}, {9, 11}, {6, 5}};
    int64_t filters[] = {1, 7, 32, 256};
    int failures = 0;
    for (int z = 0; z < 4; z++) {
        for (int k = CRP_KERNEL_SMALL; k <= CRP_KERNEL_LARGEST; k += 2) {
            for (int same = 0; same <= 1; same++) {
                for (int f = 0; f < 4; f++) {
                    crp_shape s;
                    if (crp_shape_init(&s, 1, sizes[z][0], sizes[z][1], k, filters[f], same) != 0) {
                        continue; /* too small to pool with this kernel */
                    }
                    failures += check(z == 0 ? (harness_small ? 3 : 33) : (harness_small ? 2 : 5), sizes[z][0], sizes[z][1], k, filters[f], same, f % 2);
                }
            }
        }
    }
    return failures;
}

static inline double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#endif
