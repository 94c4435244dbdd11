/*
 * The fused block's CUDA kernels. Every thread computes outputs with the same per-element code as
 * the CPU reference (crp_element.h); built with -fmad=false, so the forward output is bit for bit
 * the reference's, and the gradient differs only in the order of its sums.
 *
 * Ordering against TensorFlow. TensorFlow runs GPU ops asynchronously: an op's compute function
 * queues kernels on TensorFlow's compute stream and returns before they ran. A kernel registered
 * through the C API gets no handle to that stream (TF_GetStream answers only for pluggable
 * devices), so ours cannot queue behind TensorFlow's work. Instead every call:
 *   1. waits for everything already queued on the device (cudaDeviceSynchronize). TensorFlow and
 *      the CUDA runtime share the device's primary context, so this covers the kernels that
 *      produce our inputs, and the last users of the memory TensorFlow's allocator has just handed
 *      us for the outputs (the allocator frees memory as soon as the work using it is queued on its
 *      stream, not when it has run);
 *   2. queues our kernels on this thread's own stream (cudaStreamPerThread);
 *   3. waits for them (cudaStreamSynchronize) before returning, so that whatever TensorFlow queues
 *      once the op has returned finds the outputs written.
 * The GPU is thus idle around each of our ops, two host round trips (some tens of microseconds)
 * per op: correct whatever TensorFlow runs beside it, and small next to a training step.
 */
#include "crp_cuda.h"
#include "crp_element.h"

#include <cuda_runtime.h>
#include <stdio.h>

namespace {

constexpr int kThreads = 256;

thread_local char last_error[256];

int failed(const char *what, cudaError_t e) {
    snprintf(last_error, sizeof(last_error), "%s: %s", what, cudaGetErrorString(e));
    return -1;
}

/* Makes the GPU that holds p current on this thread, and waits for the work queued on it. */
cudaError_t enter(const void *p) {
    cudaPointerAttributes a;
    cudaError_t e = cudaPointerGetAttributes(&a, p);
    if (e != cudaSuccess) {
        return e;
    }
    if (a.type != cudaMemoryTypeDevice) {
        return cudaErrorInvalidDevicePointer;
    }
    e = cudaSetDevice(a.device);
    return e != cudaSuccess ? e : cudaDeviceSynchronize();
}

/* Checks the launch, then waits for our kernels. */
cudaError_t leave() {
    cudaError_t e = cudaGetLastError();
    return e != cudaSuccess ? e : cudaStreamSynchronize(cudaStreamPerThread);
}

/* One thread per pooled output, the channel fastest: a warp reads the same pixels and adjacent weights. */
template <int K>
__global__ void forward_kernel(crp_shape s, const float *__restrict__ x, const float *__restrict__ kernel,
                               const float *__restrict__ bias, float *__restrict__ y, int32_t *__restrict__ argmax) {
    int64_t outputs = s.n * s.ph * s.pw * s.c;
    int64_t step = (int64_t) gridDim.x * blockDim.x;
    for (int64_t out = blockIdx.x * (int64_t) blockDim.x + threadIdx.x; out < outputs; out += step) {
        crp_forward_element(&s, K, x, kernel, bias, out, y, argmax);
    }
}

constexpr int kSharedBytes = 48 * 1024; /* the shared memory a block may have */

/* The gradient's threads per block: 256, or 128 for 7 x 7 kernels, whose 50 sums for 256 threads
 * would take more than kSharedBytes. */
template <int K>
__host__ __device__ constexpr int backward_threads() {
    return (K * K + 1) * kThreads * 4 <= kSharedBytes ? kThreads : kThreads / 2;
}

/*
 * One block per channel: each thread sums the taps and the bias over every
 * backward_threads<K>()-th pooled position in registers, then the block adds the threads' sums in
 * a fixed tree, so runs repeat exactly.
 */
template <int K>
__global__ void backward_kernel(crp_shape s, const float *__restrict__ x, const int32_t *__restrict__ argmax,
                                const float *__restrict__ dy, float *__restrict__ dkernel, float *__restrict__ dbias) {
    constexpr int kSums = K * K + 1; /* the taps, then the bias */
    constexpr int kBlock = backward_threads<K>();
    static_assert(kSums * kBlock * 4 <= kSharedBytes && kSums <= kBlock, "the block's sums fit");
    __shared__ float partial[kSums][kBlock];
    int64_t c = blockIdx.x;
    float acc[kSums];
#pragma unroll
    for (int t = 0; t < kSums; t++) {
        acc[t] = 0.0f;
    }
    int64_t positions = s.n * s.ph * s.pw;
    for (int64_t p = threadIdx.x; p < positions; p += kBlock) {
        crp_backward_element(&s, K, x, argmax, dy, p * s.c + c, acc, 1, &acc[K * K]);
    }
#pragma unroll
    for (int t = 0; t < kSums; t++) {
        partial[t][threadIdx.x] = acc[t];
    }
    __syncthreads();
    for (int half = kBlock / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) {
            for (int t = 0; t < kSums; t++) {
                partial[t][threadIdx.x] += partial[t][threadIdx.x + half];
            }
        }
        __syncthreads();
    }
    if (threadIdx.x < K * K) {
        dkernel[threadIdx.x * s.c + c] = partial[threadIdx.x][0];
    } else if (threadIdx.x == K * K) {
        dbias[c] = partial[K * K][0];
    }
}

}  // namespace

extern "C" int crp_forward_cuda(const crp_shape *s, const float *x, const float *kernel, const float *bias, float *y,
                                int32_t *argmax) {
    int64_t outputs = s->n * s->ph * s->pw * s->c;
    if (outputs == 0) {
        return 0; /* an empty batch: TensorFlow may hand over no memory at all */
    }
    cudaError_t e = enter(y);
    if (e != cudaSuccess) {
        return failed("FmnistConvReluPool: cannot start on the GPU", e);
    }
    int64_t blocks = (outputs + kThreads - 1) / kThreads;
    unsigned grid = (unsigned) (blocks < 65536 ? blocks : 65536); /* threads loop over the rest */
    if (s->k == CRP_KERNEL_SMALL) {
        forward_kernel<CRP_KERNEL_SMALL><<<grid, kThreads, 0, cudaStreamPerThread>>>(*s, x, kernel, bias, y, argmax);
    } else if (s->k == CRP_KERNEL_LARGE) {
        forward_kernel<CRP_KERNEL_LARGE><<<grid, kThreads, 0, cudaStreamPerThread>>>(*s, x, kernel, bias, y, argmax);
    } else {
        forward_kernel<CRP_KERNEL_LARGEST><<<grid, kThreads, 0, cudaStreamPerThread>>>(*s, x, kernel, bias, y, argmax);
    }
    e = leave();
    return e == cudaSuccess ? 0 : failed("FmnistConvReluPool: CUDA kernel failed", e);
}

extern "C" int crp_backward_cuda(const crp_shape *s, const float *x, const int32_t *argmax, const float *dy,
                                 float *dkernel, float *dbias) {
    cudaError_t e = enter(dkernel);
    if (e != cudaSuccess) {
        return failed("FmnistConvReluPoolGrad: cannot start on the GPU", e);
    }
    if (s->k == CRP_KERNEL_SMALL) {
        backward_kernel<CRP_KERNEL_SMALL><<<(unsigned) s->c, backward_threads<CRP_KERNEL_SMALL>(), 0, cudaStreamPerThread>>>(*s, x, argmax, dy,
                                                                                       dkernel, dbias);
    } else if (s->k == CRP_KERNEL_LARGE) {
        backward_kernel<CRP_KERNEL_LARGE><<<(unsigned) s->c, backward_threads<CRP_KERNEL_LARGE>(), 0, cudaStreamPerThread>>>(*s, x, argmax, dy, dkernel, dbias);
    } else {
        backward_kernel<CRP_KERNEL_LARGEST><<<(unsigned) s->c, backward_threads<CRP_KERNEL_LARGEST>(), 0, cudaStreamPerThread>>>(*s, x, argmax, dy,
                                                                                         dkernel, dbias);
    }
    e = leave();
    return e == cudaSuccess ? 0 : failed("FmnistConvReluPoolGrad: CUDA kernel failed", e);
}

extern "C" const char *crp_cuda_error(void) {
    return last_error;
}
