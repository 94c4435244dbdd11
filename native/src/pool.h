/*
 * The helper threads our CPU kernels share: a call's work is cut into chunks, numbered 0..chunks-1,
 * which the calling thread and the helpers take from a shared counter until none is left.
 */
#ifndef FMNIST_POOL_H
#define FMNIST_POOL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Runs one chunk of a call; `arg` is the call's own description. */
typedef void (*pool_chunk_fn)(const void *arg, int64_t chunk);

/* Runs fn(arg, c) for every c in 0..chunks-1, on up to `threads` threads, and returns when all are
 * done. Which thread runs which chunk varies; a kernel whose chunks write apart gets the same
 * result whatever the thread count. */
void pool_run(pool_chunk_fn fn, const void *arg, int64_t chunks, int threads);

#ifdef __cplusplus
}
#endif

#endif
