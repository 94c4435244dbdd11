/*
 * The fused block's CUDA kernels (crp_cuda.cu), for the GPU kernels of our TensorFlow ops and the
 * CUDA harness. Pointers are device memory on one GPU, laid out as crp.h says.
 *
 * Each call waits for all work already queued on the GPU that holds x, runs its kernels, and
 * waits for them before it returns: see crp_cuda.cu for why. Returns 0, or -1 with a message
 * from crp_cuda_error().
 */
#ifndef FMNIST_CRP_CUDA_H
#define FMNIST_CRP_CUDA_H

#include "crp.h"

#ifdef __cplusplus
extern "C" {
#endif

int crp_forward_cuda(const crp_shape *s, const float *x, const float *kernel, const float *bias, float *y,
                     int32_t *argmax);
int crp_backward_cuda(const crp_shape *s, const float *x, const int32_t *argmax, const float *dy, float *dkernel,
                      float *dbias);

/* What the last failing call on this thread ran into. */
const char *crp_cuda_error(void);

#ifdef __cplusplus
}
#endif

#endif
