/*
 * Standalone check of the softmax head (head.h) against a plain reference in double: for batches
 * of several shapes (one example, one class, Fashion-MNIST's 10 classes, wide rows) and logits of
 * small and large spread, every gradient element must be the reference's within the rounding of a
 * float softmax, the loss sum within the rounding of each row's float loss, the right answers
 * exact (the first largest logit, as ArgMax picks it, ties included) and the examples counted; a
 * label out of range must be reported, its position exact, with nothing written. (That the numbers
 * are SparseSoftmaxCrossEntropyWithLogits' and ArgMax's is checked in Java, against those ops.)
 * Exit code 0 when every case passes.
 */
#include "../src/head.h"
#include "harness.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The reference: the same row in double, its loss added to *loss; returns its first largest index. */
static int64_t reference_row(const float *z, int64_t c, int32_t label, double scale, double *g, double *loss,
                             double *bound) {
    int64_t first = 0;
    for (int64_t j = 1; j < c; j++) {
        if (z[j] > z[first]) {
            first = j;
        }
    }
    double max = z[first], s = 0;
    for (int64_t j = 0; j < c; j++) {
        s += exp((double) z[j] - max);
    }
    for (int64_t j = 0; j < c; j++) {
        g[j] = (exp((double) z[j] - max) / s - (j == label)) * scale;
    }
    double row = log(s) - ((double) z[label] - max);
    *loss += row;
    /* The float row: log(s) and the shifted label logit, each rounded a few times. */
    *bound += 8 * FLT_EPSILON * (fabs(log(s)) + fabs((double) z[label] - max) + 1);
    return first;
}

/* One batch of n rows of c logits spread over [-spread, spread); with ties, some rows repeat their
 * largest logit at a later class, and some of those rows are labelled with the later one. */
static int check(int64_t n, int64_t c, float spread, int ties) {
    float *z = malloc((size_t) (n * c) * sizeof(float));
    float *got = malloc((size_t) (n * c) * sizeof(float));
    double *want = malloc((size_t) c * sizeof(double));
    int32_t *labels = malloc((size_t) n * sizeof(int32_t));
    for (int64_t e = 0; e < n * c; e++) {
        z[e] = spread * (2.0f * next_float() - 1.0f);
    }
    for (int64_t k = 0; k < n; k++) {
        labels[k] = (int32_t) (next_float() * (float) c);
        if (ties && c > 2 && k % 3 == 0) {
            float *row = z + k * c;
            int64_t first = 0;
            for (int64_t j = 1; j < c; j++) {
                first = row[j] > row[first] ? j : first;
            }
            int64_t later = first + 1 + (int64_t) (next_float() * (float) (c - first - 1));
            if (later < c) {
                row[later] = row[first];
                labels[k] = (int32_t) (k % 2 == 0 ? later : first);
            }
        }
    }
    head_sums sums;
    int failed = softmax_head(n, c, z, labels, got, &sums) != -1;
    const double scale = (double) (1.0f / (float) n);
    double loss = 0, bound = 0, right = 0, worst = 0;
    for (int64_t k = 0; k < n && !failed; k++) {
        const float *row = z + k * c;
        int64_t first = reference_row(row, c, labels[k], scale, want, &loss, &bound);
        right += first == labels[k];
        for (int64_t j = 0; j < c; j++) {
            /* A float softmax's rounding: the row's sum of c terms, p - 1 keeping p's, and the
             * shifted logit's, which exp turns into a relative error of its size times epsilon. */
            double p = want[j] / scale + (j == labels[k]), shift = fabs((double) row[j] - row[first]);
            double tol = FLT_EPSILON * scale * ((double) (c + 8) * (p + (j == labels[k])) + p * shift) + 1e-30;
            double err = fabs((double) got[k * c + j] - want[j]);
            worst = err / tol > worst ? err / tol : worst;
            failed |= !(err <= tol);
        }
    }
    failed |= !(fabs(sums.loss - loss) <= bound) || sums.right != right || sums.seen != (double) n;
    printf("%s n=%ld c=%ld spread=%g%s: gradient within %.2f of its bound, loss %.9g (%.9g), %g of %g right\n",
           failed ? "FAIL" : "ok  ", (long) n, (long) c, (double) spread, ties ? " with ties" : "", worst, sums.loss, loss,
           sums.right, right);
    /* A label out of range, after good ones: reported at its position, nothing written. */
    int refused = 1;
    const int32_t bad[2] = {-1, (int32_t) c};
    for (int b = 0; b < 2; b++) {
        int32_t kept = labels[n - 1];
        labels[n - 1] = bad[b];
        memset(got, 0x7f, (size_t) (n * c) * sizeof(float));
        head_sums untouched_sums = {-7, -7, -7};
        int64_t at = softmax_head(n, c, z, labels, got, &untouched_sums);
        int untouched = untouched_sums.loss == -7 && untouched_sums.right == -7 && untouched_sums.seen == -7;
        for (int64_t e = 0; e < n * c; e++) {
            untouched &= memcmp(&got[e], &got[0], sizeof(float)) == 0;
        }
        refused &= at == n - 1 && untouched;
        labels[n - 1] = kept;
    }
    printf("%s n=%ld c=%ld: labels -1 and %ld are reported, nothing written\n", refused ? "ok  " : "FAIL", (long) n,
           (long) c, (long) c);
    free(z);
    free(got);
    free(want);
    free(labels);
    return failed || !refused;
}

int main(int argc, char **argv) {
    /* --small changes nothing: every case here takes well under a second, even under qemu. */
    harness_small = harness_flag(argc, argv, "--small");
    int failures = 0;
    /* One class: every gradient 0, every loss 0, every example right. */
    failures += check(4, 1, 1.0f, 0);
    failures += check(1, 10, 1.0f, 0);
    failures += check(32, 10, 1.0f, 0);
    failures += check(32, 10, 1.0f, 1);
    failures += check(32, 10, 30.0f, 1);  /* softmax near one-hot, exp underflowing */
    failures += check(17, 3, 5.0f, 1);    /* the last, partial batch of an epoch */
    failures += check(100, 10, 0.0f, 0);  /* all logits equal: every row ties, class 0 is chosen */
    failures += check(64, 100, 4.0f, 1);
    failures += check(5, 1000, 2.0f, 1);
    if (failures == 0) {
        printf("head harness: all cases passed\n");
    }
    return failures != 0;
}
