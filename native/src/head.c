/*
 * The loss, its gradient and the metrics' sums of a batch (see head.h). Each row is done as
 * TensorFlow's SparseSoftmaxCrossEntropyWithLogits does it (shift by the row's maximum, exp, sum,
 * log), in float, with the C library's expf and logf where TensorFlow uses Eigen's own: the two
 * agree to a unit or so in the last place, not bit for bit. The losses are summed in double.
 */
#include "head.h"

#include <math.h>

int64_t softmax_head(int64_t n, int64_t c, const float *logits, const int32_t *labels, float *dlogits,
                     head_sums *sums) {
    for (int64_t k = 0; k < n; k++) {
        if (labels[k] < 0 || labels[k] >= c) {
            return k;
        }
    }
    /* The mean's gradient 1 / N, as a float, as TensorFlow's graph computes it. */
    const float scale = 1.0f / (float) n;
    double loss = 0, right = 0;
    for (int64_t k = 0; k < n; k++) {
        const float *z = logits + k * c;
        float *g = dlogits + k * c;
        int32_t label = labels[k];
        int64_t first = 0;
        for (int64_t j = 1; j < c; j++) {
            if (z[j] > z[first]) {
                first = j;
            }
        }
        float max = z[first], s = 0;
        for (int64_t j = 0; j < c; j++) {
            g[j] = expf(z[j] - max);
            s += g[j];
        }
        for (int64_t j = 0; j < c; j++) {
            g[j] = (g[j] / s - (j == label ? 1.0f : 0.0f)) * scale;
        }
        loss += (double) (logf(s) - (z[label] - max));
        right += first == label;
    }
    sums->loss = loss;
    sums->right = right;
    sums->seen = (double) n;
    return -1;
}
