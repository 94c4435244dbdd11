/*
 * The end of a training step for a classifier, after TensorFlow's SparseSoftmaxCrossEntropyWithLogits
 * has given each example's loss and its gradient at the logits (backprop): the gradient of the
 * batch's mean loss, backprop * (1 / N) with 1 / N a float as TensorFlow's graph computes it, and
 * the batch's sums for the running loss and accuracy, in one pass. TensorFlow's graph does this in
 * some fifteen ops (the mean's Size, Cast, Div and Mul; ArgMax, Equal, casts, sums and the running
 * sums' AssignAdds).
 *
 * A row counts as right when its first largest logit is its label's (ArgMax's choice); the losses
 * are summed in double.
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

/* For n rows of c logits, their labels, losses [n] and backprop [n, c]: dlogits [n, c] and the sums. */
void loss_head(int64_t n, int64_t c, const float *logits, const int32_t *labels, const float *loss,
               const float *backprop, float *dlogits, head_sums *sums);

#ifdef __cplusplus
}
#endif

#endif
