/*
 * Standalone check of the loss head (head.h) against a plain reference: for batches of several
 * shapes (one example, one class, Fashion-MNIST's 10 classes, wide rows) every gradient element must
 * be backprop times the float 1 / N, correctly rounded (the reference multiplies in double, where
 * the product is exact, and rounds once), the loss sum the double sum of the losses to double
 * rounding, the right answers exact (the first largest logit, as ArgMax picks it, ties and rows of
 * equal logits included; a label out of range is never right) and the examples counted. (That the
 * numbers are TensorFlow's Mul, ArgMax and sums is checked in Java, against those ops.)
 * Exit code 0 when every case passes.
 */
#include "../src/head.h"
#include "harness.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The reference's choice: the largest value, then the first class that has it. */
static int64_t first_largest(const float *z, int64_t c) {
    float max = z[0];
    for (int64_t j = 1; j < c; j++) {
        max = z[j] > max ? z[j] : max;
    }
    int64_t j = 0;
    while (z[j] != max) {
        j++;
    }
    return j;
}

/* One batch of n rows of c logits spread over [-spread, spread); with ties, some rows repeat their
 * largest logit at a later class, labelled with the later or the first; a few labels out of range. */
static int check(int64_t n, int64_t c, float spread, int ties) {
    size_t size = (size_t) (n * c);
    float *z = malloc(size * sizeof(float)), *backprop = malloc(size * sizeof(float));
    float *got = malloc(size * sizeof(float)), *loss = malloc((size_t) n * sizeof(float));
    int32_t *labels = malloc((size_t) n * sizeof(int32_t));
    fill(backprop, size, 0);
    for (size_t e = 0; e < size; e++) {
        z[e] = spread * (2.0f * next_float() - 1.0f);
    }
    for (int64_t k = 0; k < n; k++) {
        loss[k] = 3.0f * next_float();
        labels[k] = (int32_t) (next_float() * (float) c);
        float *row = z + k * c;
        int64_t first = first_largest(row, c);
        if (ties && first + 1 < c && k % 3 == 0) {
            int64_t later = first + 1 + (int64_t) (next_float() * (float) (c - first - 1));
            row[later] = row[first];
            labels[k] = (int32_t) (k % 2 == 0 ? later : first);
        }
        if (k % 7 == 5) {
            labels[k] = k % 2 ? -1 : (int32_t) c;
        }
    }
    head_sums sums;
    loss_head(n, c, z, labels, loss, backprop, got, &sums);
    const float scale = 1.0f / (float) n;
    int failed = 0;
    for (size_t e = 0; e < size; e++) {
        float want = (float) ((double) backprop[e] * (double) scale);
        failed |= memcmp(&got[e], &want, sizeof(float)) != 0;
    }
    double total = 0, magnitude = 0, right = 0;
    for (int64_t k = n - 1; k >= 0; k--) {
        total += loss[k];
        magnitude += fabs(loss[k]);
        right += first_largest(z + k * c, c) == labels[k];
    }
    failed |= !(fabs(sums.loss - total) <= (double) n * DBL_EPSILON * magnitude) || sums.right != right
            || sums.seen != (double) n;
    printf("%s n=%ld c=%ld spread=%g%s: gradient correctly rounded, loss %.9g (%.9g), %g of %g right\n",
           failed ? "FAIL" : "ok  ", (long) n, (long) c, (double) spread, ties ? " with ties" : "", sums.loss, total,
           sums.right, right);
    free(z);
    free(backprop);
    free(got);
    free(loss);
    free(labels);
    return failed;
}

int main(int argc, char **argv) {
    /* --small changes nothing: every case here takes well under a second, even under qemu. */
    harness_small = harness_flag(argc, argv, "--small");
    int failures = 0;
    failures += check(4, 1, 1.0f, 0);     /* one class: every label 0 is right */
    failures += check(1, 10, 1.0f, 0);
    failures += check(32, 10, 1.0f, 0);
    failures += check(32, 10, 1.0f, 1);
    failures += check(32, 10, 30.0f, 1);
    failures += check(17, 3, 5.0f, 1);    /* the last, partial batch of an epoch */
    failures += check(100, 10, 0.0f, 0);  /* all logits equal: every row ties, class 0 is chosen */
    failures += check(64, 100, 4.0f, 1);
    failures += check(5, 1000, 2.0f, 1);
    failures += check(3, 7, 1.0f, 0);     /* 1 / 3 is not exact in float */
    if (failures == 0) {
        printf("head harness: all cases passed\n");
    }
    return failures != 0;
}
