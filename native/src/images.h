/*
 * A batch of images read from a data set held as bytes: TensorFlow's GatherV2 of the examples,
 * Cast to float and Div by 255 (Keras' x / 255) in one pass, each value the same to the bit (the
 * byte times 1/255 rounded to float, as TensorFlow's graph computes it).
 */
#ifndef FMNIST_IMAGES_H
#define FMNIST_IMAGES_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* out[k][p] = images[idx[k]][p] * (1/255 as a float) for k < n and p < pixels, from `count` images of `pixels`
 * bytes each. Returns -1 when every index is in [0, count), else the first k whose index is not,
 * with nothing written. */
int64_t scaled_images(const uint8_t *images, int64_t count, int64_t pixels, const int32_t *idx, int64_t n,
                      float *out);

#ifdef __cplusplus
}
#endif

#endif
