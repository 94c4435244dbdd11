/*
 * Standalone check of the fused Dense backward pass and momentum update (dense.h): on random
 * inputs, for shapes with and without every kind of remainder (examples not a multiple of 32, rows
 * not of 8, columns not of 64 or 16), the kernel must match the double-precision reference: dx, the
 * accumulator and W each within 1e-5 of the sum of their terms' magnitudes, the rounding a float
 * sum may carry (a wrong or missing term is off by about one term, 1/J to 1/N of that sum). The
 * same call on 1, 2 and 3 threads must give the same bits. The forward product (with and without
 * a bias) likewise, and the same bits as dense_product_tiles' (the wide layers' product skips the
 * zeros of x); the bias' momentum update against the reference. With --bench it times the step on the
 * models' Dense shapes. Exit code 0 when every case passes.
 */
#include "../src/dense.h"
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOLERANCE 1e-5

/* The largest error of got against want, in units of TOLERANCE * scale[i]. */
static double worst_error(const float *got, const float *want, const double *scale, size_t count) {
    double worst = 0;
    for (size_t i = 0; i < count; i++) {
        worst = fmax(worst, fabs((double) got[i] - want[i]) / (TOLERANCE * scale[i] + 1e-30));
    }
    return worst;
}

static float *copy_of(const float *v, size_t n) {
    float *c = malloc(n * sizeof(float) + 1);
    memcpy(c, v, n * sizeof(float));
    return c;
}

static int check(int64_t n, int64_t in, int64_t out) {
    size_t nx = (size_t) (n * in), nz = (size_t) (n * out), nw = (size_t) (in * out);
    float *x = malloc(nx * sizeof(float) + 1), *dz = malloc(nz * sizeof(float) + 1);
    float *w = malloc(nw * sizeof(float) + 1), *a = malloc(nw * sizeof(float) + 1);
    fill(x, nx, 1); /* a quarter zeros, as after ReLU or dropout */
    fill(dz, nz, 0);
    fill(w, nw, 0);
    fill(a, nw, 0);
    const float lr = 0.01f, momentum = 0.9f;
    /* The scale of each result: the sum of its terms' magnitudes, plus the value itself. */
    double *sx = calloc(nx + 1, sizeof(double)), *sa = calloc(nw + 1, sizeof(double)), *sw = calloc(nw + 1, sizeof(double));
    for (int64_t i = 0; i < in; i++) {
        for (int64_t b = 0; b < n; b++) {
            for (int64_t j = 0; j < out; j++) {
                sx[b * in + i] += fabs((double) dz[b * out + j] * w[i * out + j]);
            }
        }
        for (int64_t j = 0; j < out; j++) {
            double g = 0;
            for (int64_t b = 0; b < n; b++) {
                g += fabs((double) x[b * in + i] * dz[b * out + j]);
            }
            sa[i * out + j] = g + fabs(a[i * out + j]);
            sw[i * out + j] = lr * sa[i * out + j] + fabs(w[i * out + j]);
        }
    }
    float *wr = copy_of(w, nw), *ar = copy_of(a, nw), *dxr = malloc(nx * sizeof(float) + 1);
    dense_momentum_reference(n, in, out, x, dz, wr, ar, lr, momentum, dxr);

    int failed = 0;
    float *first_w = NULL, *first_a = NULL, *first_dx = NULL;
    for (int threads = 1; threads <= 3; threads++) {
        float *wk = copy_of(w, nw), *ak = copy_of(a, nw), *dx = malloc(nx * sizeof(float) + 1);
        if (dense_momentum(n, in, out, x, dz, wk, ak, lr, momentum, dx, threads) != 0) {
            printf("FAIL n=%ld in=%ld out=%ld: the kernel failed\n", (long) n, (long) in, (long) out);
            failed = 1;
        }
        if (threads == 1) {
            double ex = worst_error(dx, dxr, sx, nx), ea = worst_error(ak, ar, sa, nw), ew = worst_error(wk, wr, sw, nw);
            if (ex > 1 || ea > 1 || ew > 1) {
                printf("FAIL n=%ld in=%ld out=%ld: errors in tolerances dx %.3g, a %.3g, W %.3g\n", (long) n,
                       (long) in, (long) out, ex, ea, ew);
                failed = 1;
            }
            first_w = wk, first_a = ak, first_dx = dx;
            continue;
        }
        if (memcmp(wk, first_w, nw * sizeof(float)) != 0 || memcmp(ak, first_a, nw * sizeof(float)) != 0
                || memcmp(dx, first_dx, nx * sizeof(float)) != 0) {
            printf("FAIL n=%ld in=%ld out=%ld: %d threads differ from 1\n", (long) n, (long) in, (long) out, threads);
            failed = 1;
        }
        free(wk), free(ak), free(dx);
    }
    /* Without dx: the same update. */
    float *wk = copy_of(w, nw), *ak = copy_of(a, nw);
    dense_momentum(n, in, out, x, dz, wk, ak, lr, momentum, NULL, 2);
    if (memcmp(wk, first_w, nw * sizeof(float)) != 0 || memcmp(ak, first_a, nw * sizeof(float)) != 0) {
        printf("FAIL n=%ld in=%ld out=%ld: the update differs without dx\n", (long) n, (long) in, (long) out);
        failed = 1;
    }
    /* The forward product: within tolerance of the reference, the same bits on 1, 2 and 3 threads. */
    float *yr = malloc(nz * sizeof(float) + 1), *y1 = malloc(nz * sizeof(float) + 1), *yk = malloc(nz * sizeof(float) + 1);
    double *sy = calloc(nz + 1, sizeof(double));
    for (int64_t b = 0; b < n; b++) {
        for (int64_t j = 0; j < out; j++) {
            for (int64_t i = 0; i < in; i++) {
                sy[b * out + j] += fabs((double) x[b * in + i] * w[i * out + j]);
            }
        }
    }
    /* with a bias (the wide lanes of a second tensor: W's first row) on odd shapes, without on even */
    const float *bias = (n + in + out) % 2 == 1 ? w : NULL;
    for (int64_t b = 0; bias != NULL && b < n; b++) {
        for (int64_t j = 0; j < out; j++) {
            sy[b * out + j] += fabs(bias[j]);
        }
    }
    dense_product_reference(n, in, out, x, w, bias, yr);
    if (dense_product(n, in, out, x, w, bias, y1, 1) != 0) {
        printf("FAIL n=%ld in=%ld out=%ld: the product failed\n", (long) n, (long) in, (long) out);
        failed = 1;
    }
    double ey = worst_error(y1, yr, sy, nz);
    if (ey > 1) {
        printf("FAIL n=%ld in=%ld out=%ld: product error %.3g tolerances\n", (long) n, (long) in, (long) out, ey);
        failed = 1;
    }
    dense_product_tiles(n, in, out, x, w, bias, yk, 2);
    if (memcmp(yk, y1, nz * sizeof(float)) != 0) {
        printf("FAIL n=%ld in=%ld out=%ld: the product differs from the tiles'\n", (long) n, (long) in, (long) out);
        failed = 1;
    }
    for (int threads = 2; threads <= 3; threads++) {
        dense_product(n, in, out, x, w, bias, yk, threads);
        if (memcmp(yk, y1, nz * sizeof(float)) != 0) {
            printf("FAIL n=%ld in=%ld out=%ld: the product on %d threads differs from 1\n", (long) n, (long) in,
                   (long) out, threads);
            failed = 1;
        }
    }
    free(yr), free(y1), free(yk), free(sy);
    /* The bias update: the sum over examples and the momentum step, against double precision. */
    float *bb = copy_of(a, (size_t) out), *ba = copy_of(w, (size_t) out);
    double *sg = calloc((size_t) out + 1, sizeof(double));
    double worst = 0;
    bias_momentum(n, out, dz, bb, ba, lr, momentum);
    for (int64_t j = 0; j < out; j++) {
        double g = 0;
        for (int64_t b = 0; b < n; b++) {
            g += dz[b * out + j];
            sg[j] += fabs(dz[b * out + j]);
        }
        double av = (double) w[j] * momentum + g, bv = (double) a[j] - av * lr;
        worst = fmax(worst, fabs(ba[j] - av) / (TOLERANCE * (sg[j] + fabs(w[j])) + 1e-30));
        worst = fmax(worst, fabs(bb[j] - bv) / (TOLERANCE * (lr * (sg[j] + fabs(w[j])) + fabs(a[j])) + 1e-30));
    }
    if (worst > 1) {
        printf("FAIL n=%ld out=%ld: bias update error %.3g tolerances\n", (long) n, (long) out, worst);
        failed = 1;
    }
    free(bb), free(ba), free(sg);
    free(wk), free(ak), free(first_w), free(first_a), free(first_dx);
    free(x), free(dz), free(w), free(a), free(wr), free(ar), free(dxr), free(sx), free(sa), free(sw);
    return failed;
}

static void bench(int64_t n, int64_t in, int64_t out, int threads) {
    size_t nx = (size_t) (n * in), nz = (size_t) (n * out), nw = (size_t) (in * out);
    float *x = malloc(nx * sizeof(float)), *dz = malloc(nz * sizeof(float)), *dx = malloc(nx * sizeof(float));
    float *w = malloc(nw * sizeof(float)), *a = calloc(nw, sizeof(float));
    fill(x, nx, 1);
    fill(dz, nz, 0);
    fill(w, nw, 0);
    int reps = (int) (2e9 / (4.0 * n * in * out + 1e6)) + 3;
    dense_momentum(n, in, out, x, dz, w, a, 1e-6f, 0.9f, dx, threads);
    double t = seconds();
    for (int r = 0; r < reps; r++) {
        dense_momentum(n, in, out, x, dz, w, a, 1e-6f, 0.9f, dx, threads);
    }
    t = (seconds() - t) / reps;
    float *y = malloc(nz * sizeof(float));
    double p = seconds();
    for (int r = 0; r < reps; r++) {
        dense_product(n, in, out, x, w, NULL, y, threads);
    }
    p = (seconds() - p) / reps;
    printf("bench dense n=%ld in=%ld out=%ld threads=%d: backward + update %.3f ms (%.0f GFLOP/s), "
           "forward %.3f ms (%.0f GFLOP/s)\n", (long) n, (long) in, (long) out, threads, t * 1e3,
           4.0 * n * in * out / t / 1e9, p * 1e3, 2.0 * n * in * out / p / 1e9);
    free(y);
    free(x), free(dz), free(dx), free(w), free(a);
}

int main(int argc, char **argv) {
    harness_small = harness_flag(argc, argv, "--small");
    int64_t ns[] = {1, 5, 31, 32, 33, 70};
    int64_t ins[] = {1, 7, 8, 13, 40, 100};
    int64_t outs[] = {1, 10, 16, 17, 64, 100, 130};
    int failures = 0, cases = 0;
    for (size_t a = 0; a < sizeof(ns) / sizeof(ns[0]); a++) {
        for (size_t b = 0; b < sizeof(ins) / sizeof(ins[0]); b++) {
            for (size_t c = 0; c < sizeof(outs) / sizeof(outs[0]); c++) {
                failures += check(ns[a], ins[b], outs[c]);
                cases++;
            }
        }
    }
    failures += check(0, 20, 30); /* no examples: a = a * momentum, dx empty */
    /* Exercise 9's hidden layer (with --small, a narrower one that still takes the wide layers' path) */
    failures += harness_small ? check(32, 300, 130) : check(32, 6272, 512);
    failures += check(32, 512, 10);
    cases += 3;
    printf("dense harness: %d of %d cases passed\n", cases - failures, cases);
    if (harness_flag(argc, argv, "--bench")) {
        bench(32, 6272, 512, 1);
        bench(32, 6272, 512, 2);
        bench(32, 5408, 16, 1);
        bench(32, 5408, 16, 2);
        bench(32, 512, 10, 2);
        bench(128, 6272, 512, 2);
    }
    return failures == 0 ? 0 : 1;
}
