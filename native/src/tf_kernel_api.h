/*
 * The few functions of TensorFlow's C API that our ops use, declared here because TensorFlow Java
 * ships no TensorFlow headers. They are exported by libtensorflow_framework.so.2 (TensorFlow
 * 2.18, bundled by TensorFlow Java 1.1.0), and their declarations follow tensorflow/c/kernels.h,
 * tensorflow/c/kernels_experimental.h, tensorflow/c/ops.h, tensorflow/c/tf_tensor.h and
 * tensorflow/c/tf_status.h.
 */
#ifndef FMNIST_TF_KERNEL_API_H
#define FMNIST_TF_KERNEL_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct TF_Status TF_Status;
typedef struct TF_Tensor TF_Tensor;
typedef struct TF_OpDefinitionBuilder TF_OpDefinitionBuilder;
typedef struct TF_KernelBuilder TF_KernelBuilder;
typedef struct TF_OpKernelConstruction TF_OpKernelConstruction;
typedef struct TF_OpKernelContext TF_OpKernelContext;
typedef struct TF_ShapeInferenceContext TF_ShapeInferenceContext;

typedef enum { TF_FLOAT = 1, TF_INT32 = 3, TF_UINT8 = 4, TF_INT64 = 9 } TF_DataType;
typedef enum { TF_OK = 0, TF_INVALID_ARGUMENT = 3, TF_INTERNAL = 13 } TF_Code;

TF_Status *TF_NewStatus(void);
void TF_DeleteStatus(TF_Status *status);
TF_Code TF_GetCode(const TF_Status *status);
const char *TF_Message(const TF_Status *status);
void TF_SetStatus(TF_Status *status, TF_Code code, const char *msg);

TF_OpDefinitionBuilder *TF_NewOpDefinitionBuilder(const char *op_name);
void TF_OpDefinitionBuilderAddInput(TF_OpDefinitionBuilder *builder, const char *input_spec);
void TF_OpDefinitionBuilderAddOutput(TF_OpDefinitionBuilder *builder, const char *output_spec);
void TF_OpDefinitionBuilderAddAttr(TF_OpDefinitionBuilder *builder, const char *attr_spec);
void TF_OpDefinitionBuilderSetShapeInferenceFunction(
        TF_OpDefinitionBuilder *builder, void (*shape_inference_func)(TF_ShapeInferenceContext *ctx, TF_Status *status));
void TF_ShapeInferenceContextSetUnknownShape(TF_ShapeInferenceContext *ctx, TF_Status *status);
void TF_OpDefinitionBuilderSetIsStateful(TF_OpDefinitionBuilder *builder, bool is_stateful);
void TF_RegisterOpDefinition(TF_OpDefinitionBuilder *builder, TF_Status *status);

TF_KernelBuilder *TF_NewKernelBuilder(const char *op_name, const char *device_name,
                                      void *(*create_func)(TF_OpKernelConstruction *),
                                      void (*compute_func)(void *, TF_OpKernelContext *),
                                      void (*delete_func)(void *));
void TF_RegisterKernelBuilder(const char *kernel_name, TF_KernelBuilder *builder, TF_Status *status);

void TF_OpKernelConstruction_GetAttrString(TF_OpKernelConstruction *ctx, const char *attr_name, char *value,
                                           size_t max_length, TF_Status *status);
void TF_OpKernelConstruction_GetAttrInt64(TF_OpKernelConstruction *ctx, const char *attr_name, int64_t *value,
                                          TF_Status *status);
void TF_OpKernelConstruction_GetAttrFloat(TF_OpKernelConstruction *ctx, const char *attr_name, float *val,
                                          TF_Status *status);
void TF_OpKernelConstruction_Failure(TF_OpKernelConstruction *ctx, TF_Status *status);

void TF_GetInput(TF_OpKernelContext *ctx, int i, TF_Tensor **tensor, TF_Status *status);
TF_Tensor *TF_AllocateOutput(TF_OpKernelContext *ctx, int index, TF_DataType dtype, const int64_t *dims,
                             int num_dims, size_t len, TF_Status *status);
void TF_OpKernelContext_Failure(TF_OpKernelContext *ctx, TF_Status *status);
/* The tensor a variable input (a Ref input, or a resource) holds, sharing its memory: writing into
 * it updates the variable. copyFunc serves only resource variables that must be copied first. */
void TF_GetInputTensorFromVariable(TF_OpKernelContext *ctx, int input, bool lock_held, bool isVariantType,
                                   bool sparse,
                                   void (*copyFunc)(TF_OpKernelContext *ctx, TF_Tensor *source, TF_Tensor *dest),
                                   TF_Tensor **out, TF_Status *status);

int TF_NumDims(const TF_Tensor *tensor);
int64_t TF_Dim(const TF_Tensor *tensor, int dim_index);
void *TF_TensorData(const TF_Tensor *tensor);
void TF_DeleteTensor(TF_Tensor *tensor);

#ifdef __cplusplus
}
#endif

#endif
