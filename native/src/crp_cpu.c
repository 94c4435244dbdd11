/*
 * CPU kernels of the fused Conv2D + bias + ReLU + MaxPooling2D block (see crp.h).
 *
 * Each pooled output needs the convolution at the 4 positions of its window. The kernels take 16
 * filters at a time: the k*k weights of those filters stay in vector registers while the 4
 * convolutions of every window are accumulated, and the window's maximum, its position and the
 * ReLU are settled in registers too, so the convolution's full output is never written. The
 * gradient runs the same loops, routing each pooled gradient to its arg-max position. On x86-64
 * GCC builds the loops for AVX-512, AVX2 and plain x86-64 (target_clones) and picks the best the
 * CPU has when the library loads; on 64-bit Arm the same vector code becomes NEON. Images are shared out between threads in chunks (see run_task).
 *
 * Built with -ffp-contract=fast: each `a += x * w` of the kernels becomes one fused multiply-add
 * in the AVX-512 and AVX2 variants (x86-64-v4 and v3 have FMA), which is what the reference computes
 * (fmaf, crp_element.h), so the harness can ask for bit-identical results; one instruction where
 * a multiply and an add took two, and one rounding. The plain x86-64 variant has no FMA and rounds
 * each product apart (crp_fused() says which).
 */
#include "crp.h"
#include "crp_element.h"
#include "pool.h"
#include "vectors.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(CRP_NO_CLONES)
#define CRP_VECTOR __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define CRP_VECTOR
#endif

int crp_fused(void) {
#if defined(__aarch64__)
    return 1; /* every 64-bit Arm core has fused multiply-adds (fmla), and -ffp-contract=fast uses them */
#elif defined(CRP_NO_CLONES) || !defined(__x86_64__)
#ifdef __FMA__
    return 1;
#else
    return 0;
#endif
#else
    __builtin_cpu_init();
    return __builtin_cpu_supports("x86-64-v3"); /* the variant the library picks then has FMA */
#endif
}

int crp_shape_init(crp_shape *s, int64_t n, int64_t h, int64_t w, int64_t k, int64_t c, int same) {
    if (k != CRP_KERNEL_SMALL && k != CRP_KERNEL_LARGE && k != CRP_KERNEL_LARGEST) {
        return -1;
    }
    if (c < 1 || c > CRP_MAX_FILTERS) {
        return -2;
    }
    s->n = n;
    s->h = h;
    s->w = w;
    s->k = k;
    s->c = c;
    s->pad = same ? (k - 1) / 2 : 0;
    s->oh = same ? h : h - k + 1;
    s->ow = same ? w : w - k + 1;
    s->ph = s->oh / 2;
    s->pw = s->ow / 2;
    if (n < 0 || s->ph < 1 || s->pw < 1) {
        return -3;
    }
    return 0;
}

/*
 * 16 channels at a time (vectors.h). Channels beyond C in the last block are computed on zero
 * weights and dropped.
 */
static inline __attribute__((always_inline)) vf select_f(vi mask, vf a, vf b) {
    return (vf) ((mask & (vi) a) | (~mask & (vi) b));
}

static inline __attribute__((always_inline)) vi select_i(vi mask, vi a, vi b) {
    return (mask & a) | (~mask & b);
}

/* The image with `pad` zeros before and enough after that every window of every pooled output
 * reads inside the buffer: row r, column c of the image is buf[(r + pad) * stride + c + pad]. */
static int64_t pad_image(const crp_shape *s, const float *img, float *buf) {
    int64_t stride = s->w + 2 * s->pad + 2;
    int64_t rows = s->h + 2 * s->pad + 2;
    memset(buf, 0, (size_t) (stride * rows) * sizeof(float));
    for (int64_t r = 0; r < s->h; r++) {
        memcpy(buf + (r + s->pad) * stride + s->pad, img + r * s->w, (size_t) s->w * sizeof(float));
    }
    return stride;
}

/* The largest padded image is CRP_MAX_PADDED_PIXELS (crp.h): 28x28 is what the models use, but any
 * size up to that works. */

static inline __attribute__((always_inline)) void forward_block(
        const crp_shape *s, const float *buf, int64_t stride, const vf *kv, vf bv, int64_t n, int64_t cb,
        float *y, int32_t *argmax, const int K) {
    const int64_t C = s->c;
    const int64_t lanes = C - cb < LANES ? C - cb : LANES;
    for (int64_t ph = 0; ph < s->ph; ph++) {
        for (int64_t pw = 0; pw < s->pw; pw++) {
            const float *base = buf + 2 * ph * stride + 2 * pw;
            vf a0 = bv, a1 = bv, a2 = bv, a3 = bv;
            for (int i = 0; i < K; i++) {
                const float *r0 = base + i * stride;
                const float *r1 = r0 + stride;
                for (int j = 0; j < K; j++) {
                    vf k = kv[i * K + j];
                    a0 += r0[j] * k;
                    a1 += r0[j + 1] * k;
                    a2 += r1[j] * k;
                    a3 += r1[j + 1] * k;
                }
            }
            int32_t p0 = (int32_t) (2 * ph * s->ow + 2 * pw);
            int32_t p2 = p0 + (int32_t) s->ow;
            /* strictly greater: the first maximum in row-major window order wins a tie */
            vf best = a0;
            vi arg = (vi) {0} + p0;
            vi m = a1 > best;
            best = select_f(m, a1, best);
            arg = select_i(m, (vi) {0} + (p0 + 1), arg);
            m = a2 > best;
            best = select_f(m, a2, best);
            arg = select_i(m, (vi) {0} + p2, arg);
            m = a3 > best;
            best = select_f(m, a3, best);
            arg = select_i(m, (vi) {0} + (p2 + 1), arg);
            vi on = best > 0.0f;
            vf out_y = select_f(on, best, (vf) {0});
            vi out_a = select_i(on, arg, (vi) {0} - 1);
            int64_t out = ((n * s->ph + ph) * s->pw + pw) * C + cb;
            store_f(y + out, out_y, lanes);
            store_i(argmax + out, out_a, lanes);
        }
    }
}

static inline __attribute__((always_inline)) void backward_block(
        const crp_shape *s, const float *buf, int64_t stride, const int32_t *argmax, const float *dy, int64_t n,
        int64_t cb, vf *dk, vf *db, const int K) {
    const int64_t C = s->c;
    const int64_t lanes = C - cb < LANES ? C - cb : LANES;
    /* Local sums, which the compiler keeps in registers across the whole image (up to 5 x 5 taps;
     * 7 x 7's 49 do not all fit, and some live in the first-level cache). */
    vf sk[CRP_KERNEL_LARGEST * CRP_KERNEL_LARGEST];
    vf sb = *db;
    for (int t = 0; t < K * K; t++) {
        sk[t] = dk[t];
    }
    for (int64_t ph = 0; ph < s->ph; ph++) {
        for (int64_t pw = 0; pw < s->pw; pw++) {
            int64_t out = ((n * s->ph + ph) * s->pw + pw) * C + cb;
            vf g = load_f(dy + out, lanes);
            vi a = load_i(argmax + out, lanes, -2);
            int32_t p0 = (int32_t) (2 * ph * s->ow + 2 * pw);
            for (int q = 0; q < 4; q++) {
                int32_t pos = p0 + (q >> 1) * (int32_t) s->ow + (q & 1);
                vi hit = a == pos;
                vf gq = (vf) (hit & (vi) g);
                sb += gq;
                const float *base = buf + (2 * ph + (q >> 1)) * stride + 2 * pw + (q & 1);
                for (int i = 0; i < K; i++) {
                    for (int j = 0; j < K; j++) {
                        sk[i * K + j] += base[i * stride + j] * gq;
                    }
                }
            }
        }
    }
    for (int t = 0; t < K * K; t++) {
        dk[t] = sk[t];
    }
    *db = sb;
}

/* The kernel and bias regrouped in blocks of 16 channels, zeros beyond C: blocks * (k*k + 1) vectors. */
static vf *blocked_weights(const crp_shape *s, const float *kernel, const float *bias) {
    int64_t blocks = (s->c + LANES - 1) / LANES;
    int64_t taps = s->k * s->k;
    vf *w = aligned_alloc(64, (size_t) (blocks * (taps + 1)) * sizeof(vf));
    if (w == NULL) {
        return NULL;
    }
    for (int64_t b = 0; b < blocks; b++) {
        int64_t lanes = s->c - b * LANES < LANES ? s->c - b * LANES : LANES;
        for (int64_t t = 0; t < taps; t++) {
            w[b * (taps + 1) + t] = load_f(kernel + t * s->c + b * LANES, lanes);
        }
        w[b * (taps + 1) + taps] = bias == NULL ? (vf) {0} : load_f(bias + b * LANES, lanes);
    }
    return w;
}

CRP_VECTOR
static void forward_images(const crp_shape *s, const vf *w, float *y, int32_t *argmax, const float *x,
                           int64_t n0, int64_t n1) {
    static __thread float buf[CRP_MAX_PADDED_PIXELS];
    int64_t taps = s->k * s->k;
    for (int64_t n = n0; n < n1; n++) {
        int64_t stride = pad_image(s, x + n * s->h * s->w, buf);
        for (int64_t cb = 0, b = 0; cb < s->c; cb += LANES, b++) {
            const vf *kv = w + b * (taps + 1);
            if (s->k == CRP_KERNEL_SMALL) {
                forward_block(s, buf, stride, kv, kv[taps], n, cb, y, argmax, CRP_KERNEL_SMALL);
            } else if (s->k == CRP_KERNEL_LARGE) {
                forward_block(s, buf, stride, kv, kv[taps], n, cb, y, argmax, CRP_KERNEL_LARGE);
            } else {
                forward_block(s, buf, stride, kv, kv[taps], n, cb, y, argmax, CRP_KERNEL_LARGEST);
            }
        }
    }
}

CRP_VECTOR
static void backward_images(const crp_shape *s, vf *acc, const int32_t *argmax, const float *dy, const float *x,
                            int64_t n0, int64_t n1) {
    static __thread float buf[CRP_MAX_PADDED_PIXELS];
    int64_t taps = s->k * s->k;
    for (int64_t n = n0; n < n1; n++) {
        int64_t stride = pad_image(s, x + n * s->h * s->w, buf);
        for (int64_t cb = 0, b = 0; cb < s->c; cb += LANES, b++) {
            vf *dk = acc + b * (taps + 1);
            if (s->k == CRP_KERNEL_SMALL) {
                backward_block(s, buf, stride, argmax, dy, n, cb, dk, dk + taps, CRP_KERNEL_SMALL);
            } else if (s->k == CRP_KERNEL_LARGE) {
                backward_block(s, buf, stride, argmax, dy, n, cb, dk, dk + taps, CRP_KERNEL_LARGE);
            } else {
                backward_block(s, buf, stride, argmax, dy, n, cb, dk, dk + taps, CRP_KERNEL_LARGEST);
            }
        }
    }
}

/*
 * Threads. A call's images are cut into chunks that depend on N alone and shared out by the pool
 * (pool.h). The gradient sums each chunk apart and adds the chunks' sums in chunk order, so
 * results repeat exactly, whatever the thread count and whichever thread took which chunk.
 */
#define CRP_MAX_CHUNKS 16

typedef struct {
    const crp_shape *s;
    const float *x, *dy;
    const vf *w;                 /* forward: the blocked weights */
    float *y;
    int32_t *argmax;
    const int32_t *argmax_in;    /* gradient */
    vf *acc;                     /* gradient: chunk c sums into acc + c * per_chunk */
    int64_t per_chunk;
    int64_t chunk_images, chunks;
    int backward;
} crp_task;

static void run_chunk(const void *arg, int64_t c) {
    const crp_task *t = arg;
    int64_t n0 = c * t->chunk_images;
    int64_t n1 = n0 + t->chunk_images < t->s->n ? n0 + t->chunk_images : t->s->n;
    if (t->backward) {
        backward_images(t->s, t->acc + c * t->per_chunk, t->argmax_in, t->dy, t->x, n0, n1);
    } else {
        forward_images(t->s, t->w, t->y, t->argmax, t->x, n0, n1);
    }
}

/* Chunks for n images: at most CRP_MAX_CHUNKS, of the same size but the last. */
static void cut(crp_task *t, int64_t n) {
    t->chunk_images = n <= CRP_MAX_CHUNKS ? 1 : (n + CRP_MAX_CHUNKS - 1) / CRP_MAX_CHUNKS;
    t->chunks = n == 0 ? 0 : (n + t->chunk_images - 1) / t->chunk_images;
}

static int fits(const crp_shape *s) {
    return (s->w + 2 * s->pad + 2) * (s->h + 2 * s->pad + 2) <= CRP_MAX_PADDED_PIXELS;
}

int crp_forward(const crp_shape *s, const float *x, const float *kernel, const float *bias,
                float *y, int32_t *argmax, int threads) {
    vf *w = fits(s) ? blocked_weights(s, kernel, bias) : NULL;
    if (w == NULL) {
        return -1;
    }
    crp_task t = {.s = s, .x = x, .w = w, .y = y, .argmax = argmax};
    cut(&t, s->n);
    pool_run(run_chunk, &t, t.chunks, threads);
    free(w);
    return 0;
}

int crp_backward(const crp_shape *s, const float *x, const int32_t *argmax, const float *dy,
                 float *dkernel, float *dbias, int threads) {
    int64_t taps = s->k * s->k;
    int64_t blocks = (s->c + LANES - 1) / LANES;
    crp_task t = {.s = s, .x = x, .dy = dy, .argmax_in = argmax, .per_chunk = blocks * (taps + 1), .backward = 1};
    cut(&t, s->n);
    int64_t sums = (t.chunks > 0 ? t.chunks : 1) * t.per_chunk;
    t.acc = fits(s) ? aligned_alloc(64, (size_t) sums * sizeof(vf)) : NULL;
    if (t.acc == NULL) {
        return -1;
    }
    memset(t.acc, 0, (size_t) sums * sizeof(vf));
    pool_run(run_chunk, &t, t.chunks, threads);
    vf *acc = t.acc;
    for (int64_t c = 1; c < t.chunks; c++) {
        for (int64_t e = 0; e < t.per_chunk; e++) {
            acc[e] += acc[c * t.per_chunk + e];
        }
    }
    for (int64_t b = 0; b < blocks; b++) {
        int64_t lanes = s->c - b * LANES < LANES ? s->c - b * LANES : LANES;
        for (int64_t tap = 0; tap < taps; tap++) {
            memcpy(dkernel + tap * s->c + b * LANES, &acc[b * (taps + 1) + tap], (size_t) lanes * sizeof(float));
        }
        memcpy(dbias + b * LANES, &acc[b * (taps + 1) + taps], (size_t) lanes * sizeof(float));
    }
    free(acc);
    return 0;
}

void crp_forward_reference(const crp_shape *s, const float *x, const float *kernel, const float *bias,
                           float *y, int32_t *argmax) {
    int64_t outputs = s->n * s->ph * s->pw * s->c;
    for (int64_t out = 0; out < outputs; out++) {
        crp_forward_element(s, (int) s->k, x, kernel, bias, out, y, argmax);
    }
}

void crp_backward_reference(const crp_shape *s, const float *x, const int32_t *argmax, const float *dy,
                            float *dkernel, float *dbias) {
    memset(dkernel, 0, (size_t) (s->k * s->k * s->c) * sizeof(float));
    memset(dbias, 0, (size_t) s->c * sizeof(float));
    int64_t outputs = s->n * s->ph * s->pw * s->c;
    for (int64_t out = 0; out < outputs; out++) {
        int64_t c = out % s->c;
        crp_backward_element(s, (int) s->k, x, argmax, dy, out, dkernel + c, s->c, dbias + c);
    }
}
