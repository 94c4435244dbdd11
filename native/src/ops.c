/*
 * Registers our ops with TensorFlow when the library is loaded (TensorFlow.loadLibrary):
 *
 *   FmnistConvReluPool(x [N,H,W,1], kernel [k,k,1,C], bias [C]; padding) -> y, argmax [N,PH,PW,C]
 *   FmnistConvReluPoolGrad(x, kernel, argmax, dy; padding) -> dkernel [k,k,1,C], dbias [C]
 *   FmnistDenseMomentum(x [N,I], dz [N,J], lr [], momentum [], var: Ref [I,J], accum: Ref [I,J]) -> dx [N,I]
 *   FmnistDenseProduct(x [N,I], w [I,J], bias [J]) -> y [N,J]
 *   FmnistBiasMomentum(dz [N,J], lr [], momentum [], bias: Ref [J], accum: Ref [J])
 *   FmnistDropout(x, seed int64 [2]; rate, scale) -> y, shaped as x
 *   FmnistScaledImages(images uint8 [M,H,W,C], indices int32 [N]) -> y [N,H,W,C]
 *
 * The conv gradient op reads nothing of the kernel but its shape (k and C). Both conv ops have CPU
 * kernels, and GPU kernels when built with CUDA (-DCRP_CUDA, linked with crp_cuda.cu).
 * FmnistDenseMomentum (dense.h) is a training step's backward pass through a Dense layer's product
 * z = x var together with ApplyMomentum(var, accum, lr, x^T dz, momentum), which it makes in place
 * on the two variables, as ApplyMomentum does; CPU only. FmnistDenseProduct is the same layer's
 * forward product x w + bias on every core (TensorFlow's MatMul uses one for a batch of 32), over
 * the nonzero inputs alone for wide layers, in training and in inference; it has
 * no gradient of its own, since backpropagation is cut there for FmnistDenseMomentum, and
 * FmnistBiasMomentum is the bias' BiasAddGrad and ApplyMomentum; CPU only.
 * FmnistDropout (dropout.h) is x * (Cast(StatelessRandomUniform(shape(x), seed) >= rate) * scale)
 * in one op, with the same numbers; its gradient is the same op on dy (wired in Java); CPU only.
 * FmnistScaledImages (images.h) is Cast(GatherV2(images, indices), float) / 255, a training or
 * evaluation batch read from a data set held as bytes, in one pass with the same numbers; an
 * index out of range is refused as GatherV2 refuses it; CPU only.
 *
 * The conv gradient op is wired to the forward op in Java (TensorFlow.registerCustomGradient).
 * Shapes the kernels do not support are refused with INVALID_ARGUMENT; the Java side uses the ops
 * only for shapes they support and builds stock ops otherwise.
 */
#define _GNU_SOURCE
#include "crp.h"
#include "dense.h"
#include "dropout.h"
#include "images.h"
#include "tf_kernel_api.h"
#ifdef CRP_CUDA
#include "crp_cuda.h"
#endif

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    int same;
} crp_attrs;

/* CPUs this process may use, counted once when the library loads, not on every step. */
static int cpus = 1;

static int usable_cpus(void) {
#ifdef __linux__
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        int n = CPU_COUNT(&set);
        return n < 1 ? 1 : n;
    }
    return 1;
#else
    /* No affinity masks on macOS: the cores online. */
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (int) n;
#endif
}

static int read_padding(TF_OpKernelConstruction *ctx, TF_Status *status) {
    char padding[16] = {0};
    TF_OpKernelConstruction_GetAttrString(ctx, "padding", padding, sizeof(padding) - 1, status);
    if (TF_GetCode(status) != TF_OK) {
        return -1;
    }
    return strncmp(padding, "SAME", 4) == 0;
}

/* The conv ops' kernels read only the padding attribute. */
static void *create_kernel(TF_OpKernelConstruction *ctx) {
    TF_Status *status = TF_NewStatus();
    crp_attrs *a = calloc(1, sizeof(crp_attrs));
    a->same = read_padding(ctx, status);
    if (TF_GetCode(status) != TF_OK) {
        TF_OpKernelConstruction_Failure(ctx, status);
    }
    TF_DeleteStatus(status);
    return a;
}

static void delete_attrs(void *a) {
    free(a);
}

static void fail(TF_OpKernelContext *ctx, TF_Status *status, TF_Code code, const char *message) {
    TF_SetStatus(status, code, message);
    TF_OpKernelContext_Failure(ctx, status);
}

/* Inputs 0..n-1 into in[]; on failure reports it to TensorFlow and returns 0. */
static int get_inputs(TF_OpKernelContext *ctx, TF_Tensor **in, int n, TF_Status *status) {
    for (int i = 0; i < n && TF_GetCode(status) == TF_OK; i++) {
        TF_GetInput(ctx, i, &in[i], status);
    }
    if (TF_GetCode(status) != TF_OK) {
        TF_OpKernelContext_Failure(ctx, status);
        return 0;
    }
    return 1;
}

/* Output `index` of float or int32 elements; on failure reports it to TensorFlow and returns 0. */
static int allocate(TF_OpKernelContext *ctx, int index, TF_DataType type, const int64_t *dims, int rank,
                    TF_Tensor **out, TF_Status *status) {
    size_t count = 1;
    for (int d = 0; d < rank; d++) {
        count *= (size_t) dims[d];
    }
    *out = TF_AllocateOutput(ctx, index, type, dims, rank, count * 4, status); /* float and int32: 4 bytes */
    if (TF_GetCode(status) != TF_OK) {
        TF_OpKernelContext_Failure(ctx, status);
        return 0;
    }
    return 1;
}

static void release(TF_Tensor **tensors, int n, TF_Status *status) {
    for (int i = 0; i < n; i++) {
        if (tensors[i] != NULL) {
            TF_DeleteTensor(tensors[i]);
        }
    }
    TF_DeleteStatus(status);
}

static int is_images(const TF_Tensor *x) {
    return TF_NumDims(x) == 4 && TF_Dim(x, 3) == 1;
}

/*
 * The device's half of each op: runs the kernels on the op's tensors, already checked, and returns
 * NULL or what went wrong. The CPU's, and the GPU's when the library is built with CUDA.
 */
typedef const char *(*forward_fn)(const crp_shape *s, const float *x, const float *kernel, const float *bias,
                                  float *y, int32_t *argmax);
typedef const char *(*backward_fn)(const crp_shape *s, const float *x, const int32_t *argmax, const float *dy,
                                   float *dkernel, float *dbias);

#define STRINGIFY(x) #x
#define TEXT(x) STRINGIFY(x)
/* The limits of crp.h, as the refusals word them. */
#define CRP_TOO_LARGE "out of memory, or images over " TEXT(CRP_MAX_PADDED_PIXELS) " padded pixels"
#define CRP_TAKES "kernel [k,k,1,C] with k " TEXT(CRP_KERNEL_SMALL) ", " TEXT(CRP_KERNEL_LARGE) " or " \
        TEXT(CRP_KERNEL_LARGEST) \
        " and C up to " TEXT(CRP_MAX_FILTERS)

static const char *forward_cpu(const crp_shape *s, const float *x, const float *kernel, const float *bias,
                               float *y, int32_t *argmax) {
    return crp_forward(s, x, kernel, bias, y, argmax, cpus) == 0 ? NULL : "FmnistConvReluPool: " CRP_TOO_LARGE;
}

static const char *backward_cpu(const crp_shape *s, const float *x, const int32_t *argmax, const float *dy,
                                float *dkernel, float *dbias) {
    return crp_backward(s, x, argmax, dy, dkernel, dbias, cpus) == 0 ? NULL : "FmnistConvReluPoolGrad: " CRP_TOO_LARGE;
}

static void compute_forward(void *attrs, TF_OpKernelContext *ctx, forward_fn run) {
    crp_attrs *a = attrs;
    TF_Status *status = TF_NewStatus();
    TF_Tensor *t[5] = {NULL}; /* x, kernel, bias; y, argmax */
    TF_Tensor *x = NULL, *kernel = NULL, *bias = NULL;
    crp_shape s;
    if (!get_inputs(ctx, t, 3, status)) {
        goto done;
    }
    x = t[0], kernel = t[1], bias = t[2];
    if (!is_images(x) || TF_NumDims(kernel) != 4 || TF_Dim(kernel, 0) != TF_Dim(kernel, 1)
            || TF_Dim(kernel, 2) != 1 || TF_NumDims(bias) != 1 || TF_Dim(bias, 0) != TF_Dim(kernel, 3)
            || crp_shape_init(&s, TF_Dim(x, 0), TF_Dim(x, 1), TF_Dim(x, 2), TF_Dim(kernel, 0), TF_Dim(kernel, 3),
                              a->same) != 0) {
        fail(ctx, status, TF_INVALID_ARGUMENT,
             "FmnistConvReluPool takes x [N,H,W,1], " CRP_TAKES ", bias [C]");
        goto done;
    }
    int64_t dims[4] = {s.n, s.ph, s.pw, s.c};
    if (!allocate(ctx, 0, TF_FLOAT, dims, 4, &t[3], status) || !allocate(ctx, 1, TF_INT32, dims, 4, &t[4], status)) {
        goto done;
    }
    const char *error = run(&s, TF_TensorData(x), TF_TensorData(kernel), TF_TensorData(bias), TF_TensorData(t[3]),
                            TF_TensorData(t[4]));
    if (error != NULL) {
        fail(ctx, status, TF_INTERNAL, error);
    }
done:
    release(t, 5, status);
}

static void compute_backward(void *attrs, TF_OpKernelContext *ctx, backward_fn run) {
    crp_attrs *a = attrs;
    TF_Status *status = TF_NewStatus();
    TF_Tensor *t[6] = {NULL}; /* x, kernel, argmax, dy; dkernel, dbias */
    TF_Tensor *x = NULL, *kernel = NULL, *argmax = NULL, *dy = NULL;
    crp_shape s;
    if (!get_inputs(ctx, t, 4, status)) {
        goto done;
    }
    x = t[0], kernel = t[1], argmax = t[2], dy = t[3];
    if (!is_images(x) || TF_NumDims(dy) != 4 || TF_NumDims(kernel) != 4 || TF_Dim(kernel, 3) != TF_Dim(dy, 3)
            || crp_shape_init(&s, TF_Dim(x, 0), TF_Dim(x, 1), TF_Dim(x, 2), TF_Dim(kernel, 0), TF_Dim(dy, 3),
                              a->same) != 0
            || TF_Dim(dy, 0) != s.n || TF_Dim(dy, 1) != s.ph || TF_Dim(dy, 2) != s.pw || TF_NumDims(argmax) != 4
            || TF_Dim(argmax, 0) != s.n || TF_Dim(argmax, 1) != s.ph || TF_Dim(argmax, 2) != s.pw
            || TF_Dim(argmax, 3) != s.c) {
        fail(ctx, status, TF_INVALID_ARGUMENT,
             "FmnistConvReluPoolGrad takes the forward op's x and kernel, and argmax and dy shaped as its output");
        goto done;
    }
    int64_t kdims[4] = {s.k, s.k, 1, s.c};
    int64_t bdims[1] = {s.c};
    if (!allocate(ctx, 0, TF_FLOAT, kdims, 4, &t[4], status) || !allocate(ctx, 1, TF_FLOAT, bdims, 1, &t[5], status)) {
        goto done;
    }
    const char *error = run(&s, TF_TensorData(x), TF_TensorData(argmax), TF_TensorData(dy), TF_TensorData(t[4]),
                            TF_TensorData(t[5]));
    if (error != NULL) {
        fail(ctx, status, TF_INTERNAL, error);
    }
done:
    release(t, 6, status);
}

static void compute_forward_cpu(void *attrs, TF_OpKernelContext *ctx) {
    compute_forward(attrs, ctx, forward_cpu);
}

static void compute_backward_cpu(void *attrs, TF_OpKernelContext *ctx) {
    compute_backward(attrs, ctx, backward_cpu);
}

#ifdef CRP_CUDA
/*
 * The GPU kernels take and give device memory (TensorFlow's default for a GPU kernel's tensors);
 * how they order their work against TensorFlow's stream is explained in crp_cuda.cu.
 */
static const char *forward_gpu(const crp_shape *s, const float *x, const float *kernel, const float *bias,
                               float *y, int32_t *argmax) {
    return crp_forward_cuda(s, x, kernel, bias, y, argmax) == 0 ? NULL : crp_cuda_error();
}

static const char *backward_gpu(const crp_shape *s, const float *x, const int32_t *argmax, const float *dy,
                                float *dkernel, float *dbias) {
    return crp_backward_cuda(s, x, argmax, dy, dkernel, dbias) == 0 ? NULL : crp_cuda_error();
}

static void compute_forward_gpu(void *attrs, TF_OpKernelContext *ctx) {
    compute_forward(attrs, ctx, forward_gpu);
}

static void compute_backward_gpu(void *attrs, TF_OpKernelContext *ctx) {
    compute_backward(attrs, ctx, backward_gpu);
}
#endif

/* Ref inputs first..last-1 (variables) into in[], sharing their memory, without their locks; on
 * failure reports it to TensorFlow and returns 0. */
static int get_variables(TF_OpKernelContext *ctx, TF_Tensor **in, int first, int last, TF_Status *status) {
    for (int i = first; i < last; i++) {
        TF_GetInputTensorFromVariable(ctx, i, false, false, false, NULL, &in[i], status);
        if (TF_GetCode(status) != TF_OK) {
            TF_OpKernelContext_Failure(ctx, status);
            return 0;
        }
    }
    return 1;
}

/*
 * FmnistDenseMomentum. The variables are reached as ApplyMomentum reaches them (the tensor a Ref
 * input holds, sharing its memory) and updated in place, without the variables' locks, as
 * ApplyMomentum does with use_locking false: the training step runs one update per variable.
 */
static void compute_dense_momentum(void *unused, TF_OpKernelContext *ctx) {
    (void) unused;
    TF_Status *status = TF_NewStatus();
    TF_Tensor *t[7] = {NULL}; /* x, dz, lr, momentum, var, accum; dx */
    if (!get_inputs(ctx, t, 4, status)) {
        goto done;
    }
    if (!get_variables(ctx, t, 4, 6, status)) {
        goto done;
    }
    TF_Tensor *x = t[0], *dz = t[1], *lr = t[2], *momentum = t[3], *var = t[4], *accum = t[5];
    if (TF_NumDims(x) != 2 || TF_NumDims(dz) != 2 || TF_Dim(dz, 0) != TF_Dim(x, 0) || TF_NumDims(var) != 2
            || TF_Dim(var, 0) != TF_Dim(x, 1) || TF_Dim(var, 1) != TF_Dim(dz, 1) || TF_NumDims(accum) != 2
            || TF_Dim(accum, 0) != TF_Dim(var, 0) || TF_Dim(accum, 1) != TF_Dim(var, 1) || TF_NumDims(lr) != 0
            || TF_NumDims(momentum) != 0) {
        fail(ctx, status, TF_INVALID_ARGUMENT,
             "FmnistDenseMomentum takes x [N,I], dz [N,J], scalar lr and momentum, var and accum [I,J]");
        goto done;
    }
    int64_t n = TF_Dim(x, 0), in = TF_Dim(x, 1), out = TF_Dim(dz, 1);
    int64_t dims[2] = {n, in};
    if (!allocate(ctx, 0, TF_FLOAT, dims, 2, &t[6], status)) {
        goto done;
    }
    if (dense_momentum(n, in, out, TF_TensorData(x), TF_TensorData(dz), TF_TensorData(var), TF_TensorData(accum),
                       *(const float *) TF_TensorData(lr), *(const float *) TF_TensorData(momentum),
                       TF_TensorData(t[6]), cpus) != 0) {
        fail(ctx, status, TF_INTERNAL, "FmnistDenseMomentum: out of memory");
    }
done:
    release(t, 7, status);
}

/* FmnistDenseProduct: the forward product of a layer whose backward pass is FmnistDenseMomentum,
 * with its bias. */
static void compute_dense_product(void *unused, TF_OpKernelContext *ctx) {
    (void) unused;
    TF_Status *status = TF_NewStatus();
    TF_Tensor *t[4] = {NULL}; /* x, w, bias; y */
    if (!get_inputs(ctx, t, 3, status)) {
        goto done;
    }
    TF_Tensor *x = t[0], *w = t[1], *bias = t[2];
    if (TF_NumDims(x) != 2 || TF_NumDims(w) != 2 || TF_Dim(w, 0) != TF_Dim(x, 1) || TF_NumDims(bias) != 1
            || TF_Dim(bias, 0) != TF_Dim(w, 1)) {
        fail(ctx, status, TF_INVALID_ARGUMENT, "FmnistDenseProduct takes x [N,I], w [I,J] and bias [J]");
        goto done;
    }
    int64_t dims[2] = {TF_Dim(x, 0), TF_Dim(w, 1)};
    if (allocate(ctx, 0, TF_FLOAT, dims, 2, &t[3], status)
            && dense_product(dims[0], TF_Dim(x, 1), dims[1], TF_TensorData(x), TF_TensorData(w),
                             TF_TensorData(bias), TF_TensorData(t[3]), cpus) != 0) {
        fail(ctx, status, TF_INTERNAL, "FmnistDenseProduct: out of memory");
    }
done:
    release(t, 4, status);
}

/* FmnistBiasMomentum: a Dense layer's bias gradient (BiasAddGrad) and its ApplyMomentum, in place
 * on the two variables as FmnistDenseMomentum updates the kernel. */
static void compute_bias_momentum(void *unused, TF_OpKernelContext *ctx) {
    (void) unused;
    TF_Status *status = TF_NewStatus();
    TF_Tensor *t[5] = {NULL}; /* dz, lr, momentum, bias, accum */
    if (!get_inputs(ctx, t, 3, status)) {
        goto done;
    }
    if (!get_variables(ctx, t, 3, 5, status)) {
        goto done;
    }
    TF_Tensor *dz = t[0], *lr = t[1], *momentum = t[2], *bias = t[3], *accum = t[4];
    if (TF_NumDims(dz) != 2 || TF_NumDims(lr) != 0 || TF_NumDims(momentum) != 0 || TF_NumDims(bias) != 1
            || TF_Dim(bias, 0) != TF_Dim(dz, 1) || TF_NumDims(accum) != 1 || TF_Dim(accum, 0) != TF_Dim(bias, 0)) {
        fail(ctx, status, TF_INVALID_ARGUMENT,
             "FmnistBiasMomentum takes dz [N,J], scalar lr and momentum, bias and accum [J]");
        goto done;
    }
    bias_momentum(TF_Dim(dz, 0), TF_Dim(dz, 1), TF_TensorData(dz), TF_TensorData(bias), TF_TensorData(accum),
                  *(const float *) TF_TensorData(lr), *(const float *) TF_TensorData(momentum));
done:
    release(t, 5, status);
}

typedef struct {
    float rate, scale;
} dropout_attrs;

static void *create_dropout(TF_OpKernelConstruction *ctx) {
    TF_Status *status = TF_NewStatus();
    dropout_attrs *a = calloc(1, sizeof(dropout_attrs));
    TF_OpKernelConstruction_GetAttrFloat(ctx, "rate", &a->rate, status);
    if (TF_GetCode(status) == TF_OK) {
        TF_OpKernelConstruction_GetAttrFloat(ctx, "scale", &a->scale, status);
    }
    if (TF_GetCode(status) != TF_OK) {
        TF_OpKernelConstruction_Failure(ctx, status);
    }
    TF_DeleteStatus(status);
    return a;
}

/* The largest rank of the tensors our elementwise ops take (dropout, the scaled images). */
#define MAX_RANK 8

static void compute_dropout(void *attrs, TF_OpKernelContext *ctx) {
    dropout_attrs *a = attrs;
    TF_Status *status = TF_NewStatus();
    TF_Tensor *t[3] = {NULL}; /* x, seed; y */
    if (!get_inputs(ctx, t, 2, status)) {
        goto done;
    }
    int rank = TF_NumDims(t[0]);
    if (rank > MAX_RANK || TF_NumDims(t[1]) != 1 || TF_Dim(t[1], 0) != 2) {
        fail(ctx, status, TF_INVALID_ARGUMENT, "FmnistDropout takes x of rank up to 8 and a seed pair");
        goto done;
    }
    int64_t dims[MAX_RANK], n = 1;
    for (int d = 0; d < rank; d++) {
        dims[d] = TF_Dim(t[0], d);
        n *= dims[d];
    }
    if (!allocate(ctx, 0, TF_FLOAT, dims, rank, &t[2], status)) {
        goto done;
    }
    const int64_t *seed = TF_TensorData(t[1]);
    dropout(n, seed[0], seed[1], a->rate, a->scale, TF_TensorData(t[0]), TF_TensorData(t[2]), cpus);
done:
    release(t, 3, status);
}

/* FmnistScaledImages: a batch of the data set's images, as floats in [0, 1]. */
static void compute_scaled_images(void *unused, TF_OpKernelContext *ctx) {
    (void) unused;
    TF_Status *status = TF_NewStatus();
    TF_Tensor *t[3] = {NULL}; /* images, indices; y */
    if (!get_inputs(ctx, t, 2, status)) {
        goto done;
    }
    int rank = TF_NumDims(t[0]);
    if (rank < 1 || rank > MAX_RANK || TF_NumDims(t[1]) != 1) {
        fail(ctx, status, TF_INVALID_ARGUMENT, "FmnistScaledImages takes images [M,...] of rank up to 8 and indices [N]");
        goto done;
    }
    int64_t dims[MAX_RANK], pixels = 1;
    dims[0] = TF_Dim(t[1], 0);
    for (int d = 1; d < rank; d++) {
        dims[d] = TF_Dim(t[0], d);
        pixels *= dims[d];
    }
    if (!allocate(ctx, 0, TF_FLOAT, dims, rank, &t[2], status)) {
        goto done;
    }
    const int32_t *idx = TF_TensorData(t[1]);
    int64_t bad = scaled_images(TF_TensorData(t[0]), TF_Dim(t[0], 0), pixels, idx, dims[0], TF_TensorData(t[2]));
    if (bad >= 0) {
        char message[128];
        snprintf(message, sizeof(message), "FmnistScaledImages: indices[%lld] = %d is not in [0, %lld)",
                 (long long) bad, idx[bad], (long long) TF_Dim(t[0], 0));
        fail(ctx, status, TF_INVALID_ARGUMENT, message);
    }
done:
    release(t, 3, status);
}

static void *no_attributes(TF_OpKernelConstruction *ctx) {
    (void) ctx;
    return NULL;
}

static void nothing_to_delete(void *unused) {
    (void) unused;
}

static void report(const char *what, TF_Status *status) {
    if (TF_GetCode(status) != TF_OK) {
        fprintf(stderr, "fmnist_ops: cannot register %s: %s\n", what, TF_Message(status));
    }
}

/* Registers `op`'s kernel for `device` (CPU or GPU); the conv ops' kernels read the padding attribute. */
static void register_kernel(const char *op, const char *device, void (*compute)(void *, TF_OpKernelContext *),
                            TF_Status *status) {
    char name[64], what[96];
    snprintf(name, sizeof(name), "%s%s", op, device);
    int padded = strncmp(op, "FmnistConvReluPool", 18) == 0, dropout = strcmp(op, "FmnistDropout") == 0;
    void *(*create)(TF_OpKernelConstruction *) = padded ? create_kernel : dropout ? create_dropout : no_attributes;
    TF_RegisterKernelBuilder(name, TF_NewKernelBuilder(op, device, create, compute,
                                                       padded || dropout ? delete_attrs : nothing_to_delete), status);
    snprintf(what, sizeof(what), "the %s kernel of %s", device, op);
    report(what, status);
}

/* Output shapes are left to run time: a shape function cannot read the padding attribute through
 * the C API, and nothing downstream needs them statically. */
static void unknown_shapes(TF_ShapeInferenceContext *ctx, TF_Status *status) {
    TF_ShapeInferenceContextSetUnknownShape(ctx, status);
}

__attribute__((constructor)) static void register_ops(void) {
    cpus = usable_cpus();
    TF_Status *status = TF_NewStatus();

    TF_OpDefinitionBuilder *f = TF_NewOpDefinitionBuilder("FmnistConvReluPool");
    TF_OpDefinitionBuilderAddInput(f, "x: float");
    TF_OpDefinitionBuilderAddInput(f, "kernel: float");
    TF_OpDefinitionBuilderAddInput(f, "bias: float");
    TF_OpDefinitionBuilderAddOutput(f, "y: float");
    TF_OpDefinitionBuilderAddOutput(f, "argmax: int32");
    TF_OpDefinitionBuilderAddAttr(f, "padding: {'SAME', 'VALID'}");
    TF_OpDefinitionBuilderSetShapeInferenceFunction(f, unknown_shapes);
    TF_RegisterOpDefinition(f, status);
    report("FmnistConvReluPool", status);

    TF_OpDefinitionBuilder *g = TF_NewOpDefinitionBuilder("FmnistConvReluPoolGrad");
    TF_OpDefinitionBuilderAddInput(g, "x: float");
    TF_OpDefinitionBuilderAddInput(g, "kernel: float");
    TF_OpDefinitionBuilderAddInput(g, "argmax: int32");
    TF_OpDefinitionBuilderAddInput(g, "dy: float");
    TF_OpDefinitionBuilderAddOutput(g, "dkernel: float");
    TF_OpDefinitionBuilderAddOutput(g, "dbias: float");
    TF_OpDefinitionBuilderAddAttr(g, "padding: {'SAME', 'VALID'}");
    TF_OpDefinitionBuilderSetShapeInferenceFunction(g, unknown_shapes);
    TF_RegisterOpDefinition(g, status);
    report("FmnistConvReluPoolGrad", status);

    TF_OpDefinitionBuilder *d = TF_NewOpDefinitionBuilder("FmnistDenseMomentum");
    TF_OpDefinitionBuilderAddInput(d, "x: float");
    TF_OpDefinitionBuilderAddInput(d, "dz: float");
    TF_OpDefinitionBuilderAddInput(d, "lr: float");
    TF_OpDefinitionBuilderAddInput(d, "momentum: float");
    TF_OpDefinitionBuilderAddInput(d, "var: Ref(float)");
    TF_OpDefinitionBuilderAddInput(d, "accum: Ref(float)");
    TF_OpDefinitionBuilderAddOutput(d, "dx: float");
    TF_OpDefinitionBuilderSetIsStateful(d, true);
    TF_OpDefinitionBuilderSetShapeInferenceFunction(d, unknown_shapes);
    TF_RegisterOpDefinition(d, status);
    report("FmnistDenseMomentum", status);

    TF_OpDefinitionBuilder *p = TF_NewOpDefinitionBuilder("FmnistDenseProduct");
    TF_OpDefinitionBuilderAddInput(p, "x: float");
    TF_OpDefinitionBuilderAddInput(p, "w: float");
    TF_OpDefinitionBuilderAddInput(p, "bias: float");
    TF_OpDefinitionBuilderAddOutput(p, "y: float");
    TF_OpDefinitionBuilderSetShapeInferenceFunction(p, unknown_shapes);
    TF_RegisterOpDefinition(p, status);
    report("FmnistDenseProduct", status);

    TF_OpDefinitionBuilder *bm = TF_NewOpDefinitionBuilder("FmnistBiasMomentum");
    TF_OpDefinitionBuilderAddInput(bm, "dz: float");
    TF_OpDefinitionBuilderAddInput(bm, "lr: float");
    TF_OpDefinitionBuilderAddInput(bm, "momentum: float");
    TF_OpDefinitionBuilderAddInput(bm, "bias: Ref(float)");
    TF_OpDefinitionBuilderAddInput(bm, "accum: Ref(float)");
    TF_OpDefinitionBuilderSetIsStateful(bm, true);
    TF_OpDefinitionBuilderSetShapeInferenceFunction(bm, unknown_shapes);
    TF_RegisterOpDefinition(bm, status);
    report("FmnistBiasMomentum", status);

    TF_OpDefinitionBuilder *m = TF_NewOpDefinitionBuilder("FmnistDropout");
    TF_OpDefinitionBuilderAddInput(m, "x: float");
    TF_OpDefinitionBuilderAddInput(m, "seed: int64");
    TF_OpDefinitionBuilderAddOutput(m, "y: float");
    TF_OpDefinitionBuilderAddAttr(m, "rate: float");
    TF_OpDefinitionBuilderAddAttr(m, "scale: float");
    TF_OpDefinitionBuilderSetShapeInferenceFunction(m, unknown_shapes);
    TF_RegisterOpDefinition(m, status);
    report("FmnistDropout", status);

    TF_OpDefinitionBuilder *im = TF_NewOpDefinitionBuilder("FmnistScaledImages");
    TF_OpDefinitionBuilderAddInput(im, "images: uint8");
    TF_OpDefinitionBuilderAddInput(im, "indices: int32");
    TF_OpDefinitionBuilderAddOutput(im, "y: float");
    TF_OpDefinitionBuilderSetShapeInferenceFunction(im, unknown_shapes);
    TF_RegisterOpDefinition(im, status);
    report("FmnistScaledImages", status);

    register_kernel("FmnistConvReluPool", "CPU", compute_forward_cpu, status);
    register_kernel("FmnistScaledImages", "CPU", compute_scaled_images, status);
    register_kernel("FmnistDropout", "CPU", compute_dropout, status);
    register_kernel("FmnistDenseMomentum", "CPU", compute_dense_momentum, status);
    register_kernel("FmnistDenseProduct", "CPU", compute_dense_product, status);
    register_kernel("FmnistBiasMomentum", "CPU", compute_bias_momentum, status);
    register_kernel("FmnistConvReluPoolGrad", "CPU", compute_backward_cpu, status);
#ifdef CRP_CUDA
    register_kernel("FmnistConvReluPool", "GPU", compute_forward_gpu, status);
    register_kernel("FmnistConvReluPoolGrad", "GPU", compute_backward_gpu, status);
#endif
    TF_DeleteStatus(status);
}
