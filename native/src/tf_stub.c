/*
 * Link-time stand-in for libtensorflow_framework.so.2: the functions of tf_kernel_api.h with empty
 * bodies, built as a library with that soname. Linking our ops against it records the dependency
 * and checks that every symbol we use is declared; at run time the real library, which TensorFlow
 * Java has already loaded, provides them. Never loaded itself.
 */
#include "tf_kernel_api.h"

TF_Status *TF_NewStatus(void) { return 0; }
void TF_DeleteStatus(TF_Status *status) { (void) status; }
TF_Code TF_GetCode(const TF_Status *status) { (void) status; return TF_OK; }
const char *TF_Message(const TF_Status *status) { (void) status; return ""; }
void TF_SetStatus(TF_Status *status, TF_Code code, const char *msg) { (void) status; (void) code; (void) msg; }
TF_OpDefinitionBuilder *TF_NewOpDefinitionBuilder(const char *op_name) { (void) op_name; return 0; }
void TF_OpDefinitionBuilderAddInput(TF_OpDefinitionBuilder *b, const char *s) { (void) b; (void) s; }
void TF_OpDefinitionBuilderAddOutput(TF_OpDefinitionBuilder *b, const char *s) { (void) b; (void) s; }
void TF_OpDefinitionBuilderAddAttr(TF_OpDefinitionBuilder *b, const char *s) { (void) b; (void) s; }
void TF_OpDefinitionBuilderSetShapeInferenceFunction(
        TF_OpDefinitionBuilder *b, void (*f)(TF_ShapeInferenceContext *ctx, TF_Status *status)) {
    (void) b; (void) f;
}
void TF_ShapeInferenceContextSetUnknownShape(TF_ShapeInferenceContext *ctx, TF_Status *status) {
    (void) ctx; (void) status;
}
void TF_OpDefinitionBuilderSetIsStateful(TF_OpDefinitionBuilder *b, bool s) { (void) b; (void) s; }
void TF_RegisterOpDefinition(TF_OpDefinitionBuilder *b, TF_Status *status) { (void) b; (void) status; }
TF_KernelBuilder *TF_NewKernelBuilder(const char *op_name, const char *device_name,
                                      void *(*create_func)(TF_OpKernelConstruction *),
                                      void (*compute_func)(void *, TF_OpKernelContext *),
                                      void (*delete_func)(void *)) {
    (void) op_name; (void) device_name; (void) create_func; (void) compute_func; (void) delete_func;
    return 0;
}
void TF_RegisterKernelBuilder(const char *name, TF_KernelBuilder *b, TF_Status *status) {
    (void) name; (void) b; (void) status;
}
void TF_OpKernelConstruction_GetAttrString(TF_OpKernelConstruction *ctx, const char *attr_name, char *value,
                                           size_t max_length, TF_Status *status) {
    (void) ctx; (void) attr_name; (void) value; (void) max_length; (void) status;
}
void TF_OpKernelConstruction_GetAttrInt64(TF_OpKernelConstruction *ctx, const char *attr_name, int64_t *value,
                                          TF_Status *status) {
    (void) ctx; (void) attr_name; (void) value; (void) status;
}
void TF_OpKernelConstruction_Failure(TF_OpKernelConstruction *ctx, TF_Status *status) { (void) ctx; (void) status; }
void TF_GetInput(TF_OpKernelContext *ctx, int i, TF_Tensor **tensor, TF_Status *status) {
    (void) ctx; (void) i; (void) tensor; (void) status;
}
TF_Tensor *TF_AllocateOutput(TF_OpKernelContext *ctx, int index, TF_DataType dtype, const int64_t *dims,
                             int num_dims, size_t len, TF_Status *status) {
    (void) ctx; (void) index; (void) dtype; (void) dims; (void) num_dims; (void) len; (void) status;
    return 0;
}
void TF_OpKernelContext_Failure(TF_OpKernelContext *ctx, TF_Status *status) { (void) ctx; (void) status; }
void TF_OpKernelConstruction_GetAttrFloat(TF_OpKernelConstruction *ctx, const char *attr_name, float *val,
                                          TF_Status *status) {
    (void) ctx; (void) attr_name; (void) val; (void) status;
}
void TF_GetInputTensorFromVariable(TF_OpKernelContext *ctx, int input, bool lock_held, bool isVariantType,
                                   bool sparse,
                                   void (*copyFunc)(TF_OpKernelContext *ctx, TF_Tensor *source, TF_Tensor *dest),
                                   TF_Tensor **out, TF_Status *status) {
    (void) ctx; (void) input; (void) lock_held; (void) isVariantType; (void) sparse; (void) copyFunc;
    (void) out; (void) status;
}
int TF_NumDims(const TF_Tensor *tensor) { (void) tensor; return 0; }
int64_t TF_Dim(const TF_Tensor *tensor, int dim_index) { (void) tensor; (void) dim_index; return 0; }
void *TF_TensorData(const TF_Tensor *tensor) { (void) tensor; return 0; }
void TF_DeleteTensor(TF_Tensor *tensor) { (void) tensor; }
