/*
 * One output of the fused block at a time: the plain definition that the CPU reference loops
 * over and that each CUDA thread runs, so the two cannot drift apart. Compiled as C by gcc and as
 * host and device code by nvcc.
 */
#ifndef FMNIST_CRP_ELEMENT_H
#define FMNIST_CRP_ELEMENT_H

#include "crp.h"

#include <math.h>

#ifdef __CUDACC__
#define CRP_HD __host__ __device__ static inline
#else
#define CRP_HD static inline
#endif

/* The pixel at (iy, ix) of image n, or 0 outside the image (the zeros of SAME padding). */
CRP_HD float crp_pixel(const crp_shape *s, const float *x, int64_t n, int64_t iy, int64_t ix) {
    return iy < 0 || iy >= s->h || ix < 0 || ix >= s->w ? 0.0f : x[(n * s->h + iy) * s->w + ix];
}

/*
 * Pooled output `out` (flat index into [N,PH,PW,C]): y = max over the 2x2 window of
 * ReLU(bias + conv), argmax as crp.h describes. k is s->k, passed apart so that a caller with a
 * constant k gets the loops unrolled. The convolution adds bias first, then the taps in row-major
 * order, skipping zero pixels (adding 0 * w changes nothing but -0), each as one fused multiply-add
 * (one rounding): the order and rounding every kernel keeps.
 */
CRP_HD void crp_forward_element(const crp_shape *s, int k, const float *x, const float *kernel,
                                const float *bias, int64_t out, float *y, int32_t *argmax) {
    int64_t c = out % s->c;
    int64_t rest = out / s->c;
    int64_t pw = rest % s->pw;
    rest /= s->pw;
    int64_t ph = rest % s->ph;
    int64_t n = rest / s->ph;
    float best = 0;
    int32_t arg = -1;
    for (int q = 0; q < 4; q++) {
        int64_t oh = 2 * ph + q / 2;
        int64_t ow = 2 * pw + q % 2;
        float z = bias[c];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                float v = crp_pixel(s, x, n, oh + i - s->pad, ow + j - s->pad);
                if (v != 0.0f) {
                    z = fmaf(v, kernel[(i * k + j) * s->c + c], z);
                }
            }
        }
        if (q == 0 || z > best) { /* ties keep the first maximum, as TensorFlow's MaxPool gradient does */
            best = z;
            arg = (int32_t) (oh * s->ow + ow);
        }
    }
    y[out] = best > 0 ? best : 0.0f;
    argmax[out] = best > 0 ? arg : -1;
}

/*
 * Adds what pooled output `out` contributes to the gradient of its channel: dy * pixel to
 * dkernel[(i * k + j) * stride] for every tap, and dy to *dbias. Nothing when ReLU stopped it.
 */
CRP_HD void crp_backward_element(const crp_shape *s, int k, const float *x, const int32_t *argmax,
                                 const float *dy, int64_t out, float *dkernel, int64_t stride, float *dbias) {
    int32_t a = argmax[out];
    if (a < 0) {
        return;
    }
    int64_t n = out / s->c / (s->ph * s->pw);
    int64_t oh = a / s->ow;
    int64_t ow = a % s->ow;
    float g = dy[out];
    *dbias += g;
    for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
            float *d = &dkernel[(i * k + j) * stride];
            *d = fmaf(crp_pixel(s, x, n, oh + i - s->pad, ow + j - s->pad), g, *d);
        }
    }
}

#endif
