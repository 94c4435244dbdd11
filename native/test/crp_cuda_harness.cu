/*
 * Standalone check of the fused block's CUDA kernels against the CPU reference, on the same
 * random cases as the CPU harness: the forward output and arg-max bit for bit, the gradients
 * within 1e-5 of their largest magnitude, and a second run of the gradient bit for bit the first
 * (its sums are added in a fixed order, so runs repeat exactly). With --bench it also times them, one call as our ops
 * make it (waits included), on the default model's shapes and larger batches, beside the CPU
 * kernels on this machine's cores. Exit code 0 when every case passes; with no CUDA device it
 * prints "skipped: no GPU" and exits 0, having checked nothing.
 */
#include "../src/crp_cuda.h"
#include "harness.h"

#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK_CUDA(call)                                                                     \
    do {                                                                                     \
        cudaError_t e_ = (call);                                                             \
        if (e_ != cudaSuccess) {                                                             \
            printf("FAIL %s: %s\n", #call, cudaGetErrorString(e_));                          \
            exit(1);                                                                         \
        }                                                                                    \
    } while (0)

/* A case's buffers, on the host and copied to the device. */
struct Case {
    crp_shape s;
    size_t nx, nk, ny;
    float *x, *kernel, *bias, *dy;
    float *dx, *dkernel, *dbias, *ddy, *dy_out, *ddk, *ddb;
    int32_t *dam;

    Case(int64_t n, int64_t h, int64_t w, int64_t k, int64_t c, int same) {
        crp_shape_init(&s, n, h, w, k, c, same);
        nx = (size_t) (n * h * w);
        nk = (size_t) (k * k * c);
        ny = (size_t) (n * s.ph * s.pw * c);
        x = (float *) malloc(nx * 4);
        kernel = (float *) malloc(nk * 4);
        bias = (float *) malloc(c * 4);
        dy = (float *) malloc(ny * 4);
        fill_case(x, n, h, w, kernel, nk, bias, c, dy, ny);
        CHECK_CUDA(cudaMalloc(&dx, nx * 4));
        CHECK_CUDA(cudaMalloc(&dkernel, nk * 4));
        CHECK_CUDA(cudaMalloc(&dbias, c * 4));
        CHECK_CUDA(cudaMalloc(&ddy, ny * 4));
        CHECK_CUDA(cudaMalloc(&dy_out, ny * 4));
        CHECK_CUDA(cudaMalloc(&dam, ny * 4));
        CHECK_CUDA(cudaMalloc(&ddk, nk * 4));
        CHECK_CUDA(cudaMalloc(&ddb, c * 4));
        CHECK_CUDA(cudaMemcpy(dx, x, nx * 4, cudaMemcpyHostToDevice));
        CHECK_CUDA(cudaMemcpy(dkernel, kernel, nk * 4, cudaMemcpyHostToDevice));
        CHECK_CUDA(cudaMemcpy(dbias, bias, c * 4, cudaMemcpyHostToDevice));
        CHECK_CUDA(cudaMemcpy(ddy, dy, ny * 4, cudaMemcpyHostToDevice));
    }

    ~Case() {
        free(x); free(kernel); free(bias); free(dy);
        cudaFree(dx); cudaFree(dkernel); cudaFree(dbias); cudaFree(ddy); cudaFree(dy_out); cudaFree(dam);
        cudaFree(ddk); cudaFree(ddb);
    }

    int forward() { return crp_forward_cuda(&s, dx, dkernel, dbias, dy_out, dam); }
    int backward() { return crp_backward_cuda(&s, dx, dam, ddy, ddk, ddb); }
};

static int check(int64_t n, int64_t h, int64_t w, int64_t k, int64_t c, int same, int variant) {
    (void) variant;
    Case t(n, h, w, k, c, same);
    float *y = (float *) malloc(t.ny * 4), *yr = (float *) malloc(t.ny * 4);
    int32_t *am = (int32_t *) malloc(t.ny * 4), *amr = (int32_t *) malloc(t.ny * 4);
    float *dk = (float *) malloc(t.nk * 4), *dkr = (float *) malloc(t.nk * 4);
    float *db = (float *) malloc(c * 4), *dbr = (float *) malloc(c * 4);
    float *dk2 = (float *) malloc(t.nk * 4), *db2 = (float *) malloc(c * 4);
    int failed = t.forward() != 0;
    failed |= t.backward() != 0;
    if (failed) {
        printf("FAIL %s\n", crp_cuda_error());
    }
    CHECK_CUDA(cudaMemcpy(y, t.dy_out, t.ny * 4, cudaMemcpyDeviceToHost));
    CHECK_CUDA(cudaMemcpy(am, t.dam, t.ny * 4, cudaMemcpyDeviceToHost));
    CHECK_CUDA(cudaMemcpy(dk, t.ddk, t.nk * 4, cudaMemcpyDeviceToHost));
    CHECK_CUDA(cudaMemcpy(db, t.ddb, c * 4, cudaMemcpyDeviceToHost));
    failed |= t.backward() != 0;
    CHECK_CUDA(cudaMemcpy(dk2, t.ddk, t.nk * 4, cudaMemcpyDeviceToHost));
    CHECK_CUDA(cudaMemcpy(db2, t.ddb, c * 4, cudaMemcpyDeviceToHost));
    int repeats = memcmp(dk, dk2, t.nk * 4) == 0 && memcmp(db, db2, c * 4) == 0;
    crp_forward_reference(&t.s, t.x, t.kernel, t.bias, yr, amr);
    crp_backward_reference(&t.s, t.x, amr, t.dy, dkr, dbr);
    int identical = memcmp(y, yr, t.ny * 4) == 0 && memcmp(am, amr, t.ny * 4) == 0;
    double worst = gradient_error(dk, dkr, t.nk, db, dbr, c);
    int bad = failed || !identical || worst > 1e-5 || !repeats;
    printf("%s n=%ld %ldx%ld k=%ld c=%ld %s: forward %s, gradient error %.2e, %s\n", bad ? "FAIL" : "ok  ",
           (long) n, (long) h, (long) w, (long) k, (long) c, same ? "same " : "valid",
           identical ? "identical" : "DIFFERS", worst, repeats ? "repeats exactly" : "DIFFERS FROM RUN TO RUN");
    free(y); free(yr); free(am); free(amr); free(dk); free(dkr); free(db); free(dbr); free(dk2); free(db2);
    return bad;
}

/* Milliseconds per call of f over reps calls, after one untimed call. */
template <typename F>
static double time_calls(F f, int reps) {
    f();
    double t0 = seconds();
    for (int r = 0; r < reps; r++) {
        f();
    }
    return (seconds() - t0) * 1e3 / reps;
}

static void bench(int64_t n, int64_t k, int64_t c, int same) {
    Case t(n, 28, 28, k, c, same);
    int reps = n > 1000 ? 50 : 500;
    double fwd = time_calls([&] { t.forward(); }, reps);
    double bwd = time_calls([&] { t.backward(); }, reps);
    int threads = (int) sysconf(_SC_NPROCESSORS_ONLN);
    float *y = (float *) malloc(t.ny * 4), *dk = (float *) malloc(t.nk * 4), *db = (float *) malloc(c * 4);
    int32_t *am = (int32_t *) malloc(t.ny * 4);
    double cpu_fwd = time_calls([&] { crp_forward(&t.s, t.x, t.kernel, t.bias, y, am, threads); }, reps);
    double cpu_bwd = time_calls([&] { crp_backward(&t.s, t.x, am, t.dy, dk, db, threads); }, reps);
    printf("bench n=%ld k=%ld c=%ld %s: GPU forward %.3f ms, gradient %.3f ms; CPU (%d threads) forward %.3f ms,"
           " gradient %.3f ms\n", (long) n, (long) k, (long) c, same ? "same " : "valid", fwd, bwd, threads, cpu_fwd,
           cpu_bwd);
    free(y); free(dk); free(db); free(am);
}

int main(int argc, char **argv) {
    int devices = 0;
    cudaError_t e = cudaGetDeviceCount(&devices);
    if (e != cudaSuccess || devices == 0) {
        printf("CUDA harness: skipped: no GPU (%s); the CUDA kernels were built, not run\n",
               e != cudaSuccess ? cudaGetErrorString(e) : "none found");
        return 0;
    }
    cudaDeviceProp p;
    CHECK_CUDA(cudaGetDeviceProperties(&p, 0));
    printf("device 0: %s, compute capability %d.%d\n", p.name, p.major, p.minor);
    int failures = for_each_case(check);
    {
        Case empty(0, 28, 28, 3, 32, 0); /* an empty batch: no output, a zero gradient */
        float db[32];
        int ok = empty.forward() == 0 && empty.backward() == 0
                && cudaMemcpy(db, empty.ddb, sizeof(db), cudaMemcpyDeviceToHost) == cudaSuccess;
        for (int i = 0; i < 32; i++) {
            ok &= db[i] == 0.0f;
        }
        printf("%s an empty batch gives a zero gradient\n", ok ? "ok  " : "FAIL");
        failures += !ok;
    }
    if (argc > 1 && strcmp(argv[1], "--bench") == 0) {
        bench(32, 3, 32, 0);
        bench(32, 3, 32, 1);
        bench(128, 3, 64, 1);
        bench(2048, 3, 32, 0);
        bench(2048, 5, 256, 1);
    }
    printf("%s\n", failures == 0 ? "all cases passed" : "FAILED");
    return failures != 0;
}
