/*
 * A batch of scaled images (see images.h). TensorFlow's graph divides by the constant 255 as a
 * multiplication by its float reciprocal (1/255 rounded to float), which is not always the
 * correctly rounded quotient (3 / 255: 0.011764707, not 0.011764706): so does this loop, and the
 * two agree bit for bit (NativeOpsTest, every byte). GCC vectorises it, and TensorFlow's Gather,
 * Cast and Div, three ops and two passes over the batch, become one.
 */
#include "images.h"

int64_t scaled_images(const uint8_t *images, int64_t count, int64_t pixels, const int32_t *idx, int64_t n,
                      float *out) {
    for (int64_t k = 0; k < n; k++) {
        if (idx[k] < 0 || idx[k] >= count) {
            return k;
        }
    }
    const float scale = 1.0f / 255.0f;
    for (int64_t k = 0; k < n; k++) {
        const uint8_t *src = images + (int64_t) idx[k] * pixels;
        float *dst = out + k * pixels;
        for (int64_t p = 0; p < pixels; p++) {
            dst[p] = (float) src[p] * scale;
        }
    }
    return -1;
}
