/*
 * The end of a training step for a classifier: Keras' categorical cross-entropy of each example
 * from its logits and its class number, the gradient of the batch's mean loss at the logits, and
 * the batch's sums for the running loss and accuracy, in one pass over the logits. TensorFlow's
 * graph does this in some fifteen ops (SparseSoftmaxCrossEntropyWithLogits, the mean's 1 / N, the
 * gradient's product, ArgMax, Equal, casts, sums and the running sums' AssignAdds).
 *
 * For each row: m = max of the logits, s = sum of exp(logit - m),
 *   loss  = log(s) - (logit[label] - m)
 *   dlogits[j] = (exp(logit[j] - m) / s - (j == label)) * (1 / N)
 * and the row counts as right when its first largest logit is its label's (ArgMax's choice).
 */
#ifndef FMNIST_HEAD_H
#define FMNIST_HEAD_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The batch's sums: its examples' losses, how many are right, how many there are. */
typedef struct {
    double loss, right, seen;
} head_sums;

/* For n rows of c logits and their labels: dlogits [n, c] and the sums. Returns -1 when every
 * label is in [0, c), else the first k whose label is not, with nothing written. */
int64_t softmax_head(int64_t n, int64_t c, const float *logits, const int32_t *labels, float *dlogits,
                     head_sums *sums);

#ifdef __cplusplus
}
#endif

#endif
