/*
 * Standalone check of dropout (dropout.h): the vectorised, threaded kernel must give, bit for bit,
 * the mask (scale where the one-counter-at-a-time reference's uniform number is >= rate, 0
 * elsewhere) and x times it, for sizes with every remainder, several seeds (negative ones too) and
 * rates; on 1, 2 and 3 threads. (That the reference draws TensorFlow's numbers is checked in Java, against
 * StatelessRandomUniform itself.) With --bench it times Exercise 9's dropout layer.
 * Exit code 0 when every case passes.
 */
#include "../src/dropout.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check(int64_t n, int64_t seed0, int64_t seed1, float rate) {
    float scale = (float) (1.0 / (1.0 - rate));
    float *u = malloc((size_t) n * sizeof(float) + 4), *want = malloc((size_t) n * sizeof(float) + 4);
    float *got = malloc((size_t) n * sizeof(float) + 4), *x = malloc((size_t) n * sizeof(float) + 4);
    float *want_y = malloc((size_t) n * sizeof(float) + 4);
    fill(x, (size_t) n, 1);
    dropout_uniform_reference(n, seed0, seed1, u);
    int64_t kept = 0;
    for (int64_t i = 0; i < n; i++) {
        want[i] = u[i] >= rate ? scale : 0.0f;
        want_y[i] = x[i] * want[i];
        kept += u[i] >= rate;
    }
    /* The mask alone (no input), then x times it. */
    const float *inputs[2] = {NULL, x}, *expected[2] = {want, want_y};
    const char *what[2] = {"the mask", "x times the mask"};
    int failed = 0;
    for (int threads = 1; threads <= 3; threads++) {
        for (int k = 0; k < 2; k++) {
            memset(got, 0xff, (size_t) n * sizeof(float));
            dropout(n, seed0, seed1, rate, scale, inputs[k], got, threads);
            if (memcmp(got, expected[k], (size_t) n * sizeof(float)) != 0) {
                printf("FAIL n=%ld seed=(%ld, %ld) rate=%g threads=%d: %s differs from the reference\n", (long) n,
                       (long) seed0, (long) seed1, rate, threads, what[k]);
                failed = 1;
            }
        }
    }
    /* The reference's numbers are uniform in [0, 1): about 1 - rate of them kept. */
    if (n >= 10000 && (kept < (1 - rate) * n * 0.97 || kept > (1 - rate) * n * 1.03)) {
        printf("FAIL n=%ld rate=%g: %ld kept\n", (long) n, rate, (long) kept);
        failed = 1;
    }
    free(u), free(want), free(got), free(x), free(want_y);
    return failed;
}

int main(int argc, char **argv) {
    harness_small = harness_flag(argc, argv, "--small");
    int64_t sizes[] = {1, 3, 4, 5, 63, 64, 65, 1000, 4097, 200704};
    int64_t seeds[][2] = {{2, 1}, {2, 1876}, {-7, 123456789012345LL}, {0, 0}};
    float rates[] = {0.2f, 0.5f, 0.15f};
    int failures = 0, cases = 0;
    for (size_t a = 0; a < sizeof(sizes) / sizeof(sizes[0]); a++) {
        for (size_t b = 0; b < sizeof(seeds) / sizeof(seeds[0]); b++) {
            failures += check(sizes[a], seeds[b][0], seeds[b][1], rates[(a + b) % 3]);
            cases++;
        }
    }
    printf("dropout harness: %d of %d cases passed\n", cases - failures, cases);
    if (harness_flag(argc, argv, "--bench")) {
        int64_t n = 32 * 14 * 14 * 32;
        float *x = malloc((size_t) n * sizeof(float)), *y = malloc((size_t) n * sizeof(float));
        fill(x, (size_t) n, 1);
        for (int threads = 1; threads <= 2; threads++) {
            dropout(n, 2, 1, 0.2f, 1.25f, x, y, threads);
            double t = seconds();
            for (int r = 0; r < 200; r++) {
                dropout(n, 2, r, 0.2f, 1.25f, x, y, threads);
            }
            printf("bench dropout n=%ld threads=%d: %.3f ms\n", (long) n, threads, (seconds() - t) / 200 * 1e3);
        }
        free(x), free(y);
    }
    return failures == 0 ? 0 : 1;
}
