/*
 * Dropout, with its keep mask drawn exactly as TensorFlow's StatelessRandomUniform draws its
 * numbers, so that a step with our op drops the same units as the stock graph
 *
 *   y = x * (Cast(StatelessRandomUniform(shape(x), seed) >= rate) * scale)
 *
 * does: mask element i is scale where the uniform number u_i >= rate, else 0. TensorFlow turns the
 * seed pair into a Philox-4x32-10 key and counter (one Philox call on the seed, with a fixed key),
 * and element i is word i % 4 of the Philox output for the counter advanced by i / 4, its low 23
 * bits read as the float 1.m minus 1.
 */
#ifndef FMNIST_DROPOUT_H
#define FMNIST_DROPOUT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* y[i] = x[i] * mask[i] for i < n, on up to `threads` threads; with x NULL, y is the mask itself.
 * The same call on dy gives dropout's gradient. */
void dropout(int64_t n, int64_t seed0, int64_t seed1, float rate, float scale, const float *x, float *y,
             int threads);

/* The uniform numbers themselves, one Philox call at a time: the tests' reference. */
void dropout_uniform_reference(int64_t n, int64_t seed0, int64_t seed1, float *u);

#ifdef __cplusplus
}
#endif

#endif
