/*
 * Standalone check of the scaled image batch (images.h): every pixel of every gathered image must
 * be its byte times the float nearest 1/255, correctly rounded (the reference multiplies in
 * double, where the product is exact, and rounds once), for batches of several sizes, repeated and unordered indices and images of several
 * sizes; an index out of range must be reported, its position exact, with nothing written. (That
 * the result is TensorFlow's Gather, Cast and Div bit for bit is checked in Java, against those ops.)
 * Exit code 0 when every case passes.
 */
#include "../src/images.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check(int64_t count, int64_t pixels, int64_t n) {
    uint8_t *images = malloc((size_t) (count * pixels));
    int32_t *idx = malloc((size_t) (n + 1) * sizeof(int32_t));
    float *got = malloc((size_t) (n * pixels + 1) * sizeof(float));
    for (int64_t e = 0; e < count * pixels; e++) {
        images[e] = (uint8_t) (next_float() * 256.0f);
    }
    for (int64_t k = 0; k < n; k++) {
        idx[k] = (int32_t) (next_float() * (float) count);
    }
    if (n > 2) {
        idx[1] = idx[0]; /* a repeated example */
    }
    int failed = scaled_images(images, count, pixels, idx, n, got) != -1;
    for (int64_t k = 0; k < n && !failed; k++) {
        for (int64_t p = 0; p < pixels; p++) {
            float want = (float) ((double) images[idx[k] * pixels + p] * (double) (1.0f / 255.0f));
            if (memcmp(&got[k * pixels + p], &want, sizeof(float)) != 0) {
                failed = 1;
                break;
            }
        }
    }
    printf("%s count=%ld pixels=%ld n=%ld: every pixel is its byte * 1/255\n", failed ? "FAIL" : "ok  ", (long) count,
           (long) pixels, (long) n);
    /* An index out of range, after a good one: reported at its position, nothing written. */
    int refused = 1;
    if (n > 1) {
        const int32_t bad[2] = {-1, (int32_t) count};
        for (int b = 0; b < 2; b++) {
            idx[n - 1] = bad[b];
            memset(got, 0x7f, (size_t) (n * pixels) * sizeof(float));
            int64_t at = scaled_images(images, count, pixels, idx, n, got);
            int untouched = 1;
            for (int64_t e = 0; e < n * pixels; e++) {
                untouched &= got[e] == got[0];
            }
            refused &= at == n - 1 && untouched;
        }
        printf("%s count=%ld pixels=%ld n=%ld: indices -1 and %ld are reported, nothing written\n",
               refused ? "ok  " : "FAIL", (long) count, (long) pixels, (long) n, (long) count);
    }
    free(images);
    free(idx);
    free(got);
    return failed || !refused;
}

int main(int argc, char **argv) {
    harness_small = harness_flag(argc, argv, "--small");
    /* All 256 bytes, then data sets of several sizes: Fashion-MNIST's 28 x 28, and odd sizes. */
    int failures = 0;
    uint8_t all[256];
    int32_t one = 0;
    float got[256];
    for (int v = 0; v < 256; v++) {
        all[v] = (uint8_t) v;
    }
    scaled_images(all, 1, 256, &one, 1, got);
    int bytes_ok = 1;
    for (int v = 0; v < 256; v++) {
        float want = (float) ((double) v * (double) (1.0f / 255.0f));
        bytes_ok &= memcmp(&got[v], &want, sizeof(float)) == 0;
    }
    printf("%s every byte 0..255 times 1/255 is correctly rounded\n", bytes_ok ? "ok  " : "FAIL");
    failures += !bytes_ok;
    const int64_t shapes[][3] = {{1, 784, 1}, {100, 784, 32}, {100, 784, 33}, {7, 1, 5}, {50, 17, 500},
                                 {3, 33, 2}, {20, 784, 0}, {1000, 784, 500}};
    int cases = (int) (sizeof(shapes) / sizeof(shapes[0])) - (harness_small ? 1 : 0);
    for (int c = 0; c < cases; c++) {
        failures += check(shapes[c][0], shapes[c][1], shapes[c][2]);
    }
    printf("images harness: %s\n", failures == 0 ? "all cases passed" : "FAILED");
    return failures != 0;
}
