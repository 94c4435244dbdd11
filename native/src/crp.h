/*
 * The fused block Conv2D (one input channel, k x k, stride 1) + bias + ReLU + MaxPooling2D (2x2,
 * stride 2, floor): shapes and the CPU kernels, in plain C so that the TensorFlow op, the CUDA
 * kernels and the test harness share them.
 *
 * Layouts are TensorFlow's: x [N,H,W,1], kernel [k,k,1,C], bias [C], y and argmax [N,PH,PW,C].
 * argmax holds, for every pooled output that ReLU lets through (y > 0), the position oh * OW + ow
 * of the window's maximum in the convolution's output, and -1 where y is 0: exactly what the
 * gradient needs. Ties go to the first maximum in row-major window order, as TensorFlow's MaxPool
 * gradient routes them.
 */
#ifndef FMNIST_CRP_H
#define FMNIST_CRP_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The blocks the kernels take, each limit defined here once (and once in Java, NativeOps, which a
 * test checks against these lines): kernels CRP_KERNEL_SMALL, CRP_KERNEL_LARGE or
 * CRP_KERNEL_LARGEST on a side (the lab's 3, and our kernel-size table's 5 and 7), 1 to
 * CRP_MAX_FILTERS filters, and images whose padded side plus 2, squared, is at most
 * CRP_MAX_PADDED_PIXELS (the per-thread buffer an image is copied into). */
#define CRP_KERNEL_SMALL 3
#define CRP_KERNEL_LARGE 5
#define CRP_KERNEL_LARGEST 7
#define CRP_MAX_FILTERS 256
#define CRP_MAX_PADDED_PIXELS 65536

typedef struct {
    int64_t n, h, w;   /* images and their side */
    int64_t k, c;      /* kernel side and filters */
    int64_t pad;       /* rows/columns of zeros before the image (same padding), else 0 */
    int64_t oh, ow;    /* convolution output */
    int64_t ph, pw;    /* pooled output */
} crp_shape;

/* Fills s; returns 0 when the block is supported (k CRP_KERNEL_SMALL, _LARGE or _LARGEST,
 * 1 <= c <= CRP_MAX_FILTERS, a map of at least 2x2 to pool), else a negative code. same: 1 for SAME
 * padding, 0 for VALID. */
int crp_shape_init(crp_shape *s, int64_t n, int64_t h, int64_t w, int64_t k, int64_t c, int same);

/* Forward: y = MaxPool(ReLU(Conv2D(x, kernel) + bias)), and argmax as above. threads >= 1.
 * Returns 0, or -1 when memory ran out or the image is too large (over CRP_MAX_PADDED_PIXELS). */
int crp_forward(const crp_shape *s, const float *x, const float *kernel, const float *bias,
                 float *y, int32_t *argmax, int threads);

/* Gradient of sum(dy * y) for the kernel [k,k,1,C] and the bias [C]. threads >= 1. Returns as
 * crp_forward does. */
int crp_backward(const crp_shape *s, const float *x, const int32_t *argmax, const float *dy,
                  float *dkernel, float *dbias, int threads);

/* The same two, one output at a time, with no vectorisation or threads: the reference the tests
 * compare against. Every multiply-add is fused (fmaf), as in the vector kernels on CPUs with FMA. */
void crp_forward_reference(const crp_shape *s, const float *x, const float *kernel, const float *bias,
                           float *y, int32_t *argmax);
void crp_backward_reference(const crp_shape *s, const float *x, const int32_t *argmax, const float *dy,
                            float *dkernel, float *dbias);

/* 1 when crp_forward runs its fused multiply-adds as FMA instructions, so that its output is the
 * reference's bit for bit; 0 on CPUs without FMA, where it rounds each product apart (within a few
 * units in the last place of the reference). */
int crp_fused(void);

#ifdef __cplusplus
}
#endif

#endif
