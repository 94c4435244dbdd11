/*
 * The backward pass of a Dense layer's product z = x W, fused with the SGD-with-momentum update of
 * W that TensorFlow's ApplyMomentum makes, in one pass over W:
 *
 *   dx = dz W^T            with W as it was before the update (skipped when dx is NULL)
 *   g  = x^T dz            the kernel's gradient, never stored
 *   a  = a * momentum + g  the momentum accumulator
 *   W  = W - a * lr
 *
 * x [N,I], dz [N,J], W and a [I,J], dx [N,I], row-major as TensorFlow lays them out. Unfused, the
 * same step reads W twice (the forward product's gradient dx and ApplyMomentum), writes g and
 * reads it back: for a 6272 x 512 kernel, 13 MB each time.
 */
#ifndef FMNIST_DENSE_H
#define FMNIST_DENSE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The fused step on up to `threads` threads. Each element of dx, a and W is computed in the same
 * order whatever the thread count. Returns 0, or -1 when memory ran out. */
int dense_momentum(int64_t n, int64_t in, int64_t out, const float *x, const float *dz, float *w, float *a,
                   float lr, float momentum, float *dx, int threads);

/* The forward product y [N,J] = x [N,I] w [I,J], plus bias [J] when it is not NULL (each sum
 * starts from it), on up to `threads` threads, for the layers whose backward pass is
 * dense_momentum: dense_product_tiles' sums bit for bit, and for layers of over 64 units taken
 * over x's nonzero elements alone (a ReLU's output is about half zeros). Returns 0, or -1 when
 * memory ran out. */
int dense_product(int64_t n, int64_t in, int64_t out, const float *x, const float *w, const float *bias, float *y,
                  int threads);

/* The same product by tiles of 16 examples x 16 columns, each summed over i in order (fused
 * multiply-adds where the CPU has them), so every element is computed in the same order whatever
 * the thread count. */
void dense_product_tiles(int64_t n, int64_t in, int64_t out, const float *x, const float *w, const float *bias,
                         float *y, int threads);

/* The product in double precision: what the tests compare with. */
void dense_product_reference(int64_t n, int64_t in, int64_t out, const float *x, const float *w, const float *bias,
                             float *y);

/* The bias' gradient g = sum over the examples of dz [N,J], summed in example order, and
 * TensorFlow's momentum update of the bias b and its accumulator a [J] with it, in place. */
void bias_momentum(int64_t n, int64_t out, const float *dz, float *b, float *a, float lr, float momentum);

/* The same step one element at a time, its sums in double precision: what the tests compare with. */
void dense_momentum_reference(int64_t n, int64_t in, int64_t out, const float *x, const float *dz, float *w,
                              float *a, float lr, float momentum, float *dx);

#ifdef __cplusplus
}
#endif

#endif
