/*
 * The mean loss' gradient and the metrics' sums of a batch (see head.h). The gradient is
 * TensorFlow's product bit for bit: one float multiply by the same float 1 / N. The labels are only
 * compared, never used as indices: SparseSoftmaxCrossEntropyWithLogits, which runs before, refuses
 * a label out of range.
 */
#include "head.h"

void loss_head(int64_t n, int64_t c, const float *logits, const int32_t *labels, const float *loss,
               const float *backprop, float *dlogits, head_sums *sums) {
    const float scale = 1.0f / (float) n;
    for (int64_t e = 0; e < n * c; e++) {
        dlogits[e] = backprop[e] * scale;
    }
    double total = 0, right = 0;
    for (int64_t k = 0; k < n; k++) {
        const float *z = logits + k * c;
        int64_t first = 0;
        for (int64_t j = 1; j < c; j++) {
            if (z[j] > z[first]) {
                first = j;
            }
        }
        total += (double) loss[k];
        right += first == labels[k];
    }
    sums->loss = total;
    sums->right = right;
    sums->seen = (double) n;
}
