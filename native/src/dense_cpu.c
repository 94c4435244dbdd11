/*
 * CPU kernel of the Dense layer's fused backward pass and momentum update (see dense.h).
 *
 * W is taken in blocks of 16 rows (8 for layers of over 64 units), which stay in the first-level
 * cache while both halves of the step use them:
 *  - dx: dx[b][i] = sum_j dz[b][j] W[i][j], its sums in plain j order with no horizontal
 *    additions. For layers of over 64 units, for 16 examples b at once, one W element broadcast
 *    against a vector of dz^T (transposed once per call). For layers of up to 64 units, the block
 *    of W is transposed in registers, and each example's 16 sums are one vector, one dz element
 *    broadcast against a column of the block, stored at once (stored one by one, Application 1's
 *    16-unit layer's dx took 0.15 ms, twice the rest of the step; its 16 sums of 16 examples
 *    transposed before the store, 0.08 ms; the block transposed instead, 0.05 ms);
 *  - update: g[i][j..j+15] = sum_b x[b][i] dz[b][j..j+15], for 4 rows and 64 columns at a time in
 *    registers, then a and W of those columns are updated and stored.
 * Threads take chunks of rows (pool.h), so every element is computed in the same order whatever
 * the thread count. GCC builds the loops for AVX-512, AVX2 with FMA, and plain x86-64, and picks
 * the best the CPU has when the library loads; fused multiply-adds are allowed here.
 *
 * The forward product of the same layers (dense_product) is here too, for the narrow layers whose
 * MatMul TensorFlow runs on one core.
 */
#include "dense.h"
#include "pool.h"
#include "vectors.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(CRP_NO_CLONES)
#define DENSE_VECTOR __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define DENSE_VECTOR
#endif

#define ROWS 16         /* rows of W per block */
/* dx by blocks of W transposed in registers (dx_block) up to this many columns; wider, by dx_rows
 * (8 rows, 2 x 16 examples at a time), which measured 10% faster on Exercise 9's 512 columns. The
 * forward product goes from its tiles to its sparse path (sparse_product) beyond the same width. */
#define TILE_MAX_OUT 64
#define MAX_CHUNKS 16

typedef struct {
    int64_t n, in, out;
    int64_t padded;     /* n rounded up to a multiple of 2 * LANES: the length of dzt's rows */
    const float *x, *dz;
    const float *dzt;   /* dz^T [out][padded], zeros beyond n, for dx_rows (layers of over 64 units) */
    float *w, *a, *dx;
    float lr, momentum;
    int64_t chunk_rows;
} dense_task;

/* Brings in, from memory, columns j..j+15 of a block's R accumulator rows (the update's next) and
 * of the next block's R rows of W, while this block computes its dx. */
INLINE void prefetch_rows(const dense_task *t, int64_t i, int64_t j, const int R) {
    const int64_t J = t->out;
    for (int r = 0; r < R; r++) {
        __builtin_prefetch(t->a + (i + r) * J + j, 1);
        __builtin_prefetch(t->w + (i + R + r) * J + j, 0);
    }
}

/* dx[b][i..i+R-1] for every b, from rows i..i+R-1 of W before their update. */
INLINE void dx_rows(const dense_task *t, int64_t i, const int R) {
    const int64_t J = t->out, P = t->padded;
    const float *w = t->w + i * J;
    for (int64_t b0 = 0; b0 < t->n; b0 += 2 * LANES) {
        vf lo[ROWS / 2], hi[ROWS / 2];
        for (int r = 0; r < R; r++) {
            lo[r] = (vf) {0};
            hi[r] = (vf) {0};
        }
        const float *d = t->dzt + b0;
        for (int64_t j = 0; j < J; j++, d += P) {
            if (b0 == 0 && j % LANES == 0) {
                prefetch_rows(t, i, j, R);
            }
            vf d0 = *(const vf *) d;
            vf d1 = *(const vf *) (d + LANES);
            for (int r = 0; r < R; r++) {
                float wv = w[r * J + j];
                lo[r] += wv * d0;
                hi[r] += wv * d1;
            }
        }
        for (int r = 0; r < R; r++) {
            for (int l = 0; l < 2 * LANES && b0 + l < t->n; l++) {
                t->dx[(b0 + l) * t->in + i + r] = l < LANES ? lo[r][l] : hi[r][l - LANES];
            }
        }
    }
}

/* The 16 x 16 matrix v transposed in place: four rounds of two-vector shuffles, each swapping the
 * off-diagonal blocks of every 2s x 2s block. Clang has no shuffle with a variable mask (macOS):
 * there the elements are swapped one by one. */
#ifdef __clang__
INLINE void transpose16(vf *v) {
    for (int r = 0; r < LANES; r++) {
        for (int l = r + 1; l < LANES; l++) {
            float e = v[r][l];
            v[r][l] = v[l][r];
            v[l][r] = e;
        }
    }
}
#else
INLINE void transpose16(vf *v) {
    static const vi lo[4] = {{0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30},
                             {0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29},
                             {0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27},
                             {0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23}};
    static const vi hi[4] = {{1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31},
                             {2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31},
                             {4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31},
                             {8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31}};
    for (int k = 0; k < 4; k++) {
        const int s = 1 << k;
        for (int r = 0; r < LANES; r++) {
            if ((r & s) == 0) {
                vf a = v[r], b = v[r + s];
                v[r] = __builtin_shuffle(a, b, lo[k]);
                v[r + s] = __builtin_shuffle(a, b, hi[k]);
            }
        }
    }
}
#endif

/* dx[b][i..i+R-1] for every b, from rows i..i+R-1 of W before their update (R <= 16), for layers
 * of up to 64 units: W's block is transposed once (wt[j] holds W[i..i+15][j]), and each example's
 * R sums are then one vector, summed over j in order and stored at once, 4 examples at a time. */
INLINE void dx_block(const dense_task *t, int64_t i, int64_t R) {
    const int64_t I = t->in, J = t->out;
    vf wt[TILE_MAX_OUT];
    for (int64_t j0 = 0; j0 < J; j0 += LANES) {
        int64_t lanes = J - j0 < LANES ? J - j0 : LANES;
        vf v[LANES];
        for (int r = 0; r < LANES; r++) {
            v[r] = r < R ? load_f(t->w + (i + r) * J + j0, lanes) : (vf) {0};
        }
        if (R == ROWS) {
            prefetch_rows(t, i, j0, ROWS);
        }
        transpose16(v);
        for (int64_t l = 0; l < lanes; l++) {
            wt[j0 + l] = v[l];
        }
    }
    float *dx = t->dx + i;
    int64_t b = 0;
    for (; b + 4 <= t->n; b += 4) {
        const float *d = t->dz + b * J;
        vf s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
        for (int64_t j = 0; j < J; j++) {
            s0 += wt[j] * d[j];
            s1 += wt[j] * d[J + j];
            s2 += wt[j] * d[2 * J + j];
            s3 += wt[j] * d[3 * J + j];
        }
        store_f(dx + b * I, s0, R);
        store_f(dx + (b + 1) * I, s1, R);
        store_f(dx + (b + 2) * I, s2, R);
        store_f(dx + (b + 3) * I, s3, R);
    }
    for (; b < t->n; b++) {
        const float *d = t->dz + b * J;
        vf s0 = {0};
        for (int64_t j = 0; j < J; j++) {
            s0 += wt[j] * d[j];
        }
        store_f(dx + b * I, s0, R);
    }
}

/* g, a and W of rows i..i+R-1, columns j..j+G*16-1 (the last vector holding `last` lanes). */
INLINE void update_columns(const dense_task *t, int64_t i, int64_t j, const int R, const int G, int64_t last) {
    const int64_t I = t->in, J = t->out;
    vf g[4][4];
    for (int r = 0; r < R; r++) {
        for (int v = 0; v < G; v++) {
            g[r][v] = (vf) {0};
        }
    }
    for (int64_t b = 0; b < t->n; b++) {
        vf d[4];
        for (int v = 0; v < G; v++) {
            d[v] = load_f(t->dz + b * J + j + v * LANES, v == G - 1 ? last : LANES);
        }
        for (int r = 0; r < R; r++) {
            float xv = t->x[b * I + i + r];
            for (int v = 0; v < G; v++) {
                g[r][v] += xv * d[v];
            }
        }
    }
    for (int r = 0; r < R; r++) {
        for (int v = 0; v < G; v++) {
            int64_t at = (i + r) * J + j + v * LANES, lanes = v == G - 1 ? last : LANES;
            vf av = load_f(t->a + at, lanes) * t->momentum + g[r][v];
            vf wv = load_f(t->w + at, lanes) - av * t->lr;
            store_f(t->a + at, av, lanes);
            store_f(t->w + at, wv, lanes);
        }
    }
}

INLINE void update_rows(const dense_task *t, int64_t i, const int R) {
    const int64_t J = t->out;
    int64_t j = 0;
    for (; j + 4 * LANES <= J; j += 4 * LANES) {
        update_columns(t, i, j, R, 4, LANES);
    }
    for (; j + LANES <= J; j += LANES) {
        update_columns(t, i, j, R, 1, LANES);
    }
    if (j < J) {
        update_columns(t, i, j, R, 1, J - j);
    }
}

DENSE_VECTOR
static void dense_rows(const dense_task *t, int64_t i0, int64_t i1) {
    int64_t i = i0;
    if (t->out <= TILE_MAX_OUT) {
        for (; i < i1; i += ROWS) {
            int64_t rows = i1 - i < ROWS ? i1 - i : ROWS;
            if (t->dx != NULL) {
                dx_block(t, i, rows);
            }
            if (rows == ROWS) {
                update_rows(t, i, 4);
                update_rows(t, i + 4, 4);
                update_rows(t, i + 8, 4);
                update_rows(t, i + 12, 4);
            } else {
                for (int64_t r = 0; r < rows; r++) {
                    update_rows(t, i + r, 1);
                }
            }
        }
        return;
    }
    /* Wider layers go 8 rows at a time, so that a block's rows of W and of the accumulator stay in
     * the first-level cache between dx and the update. */
    for (; i + ROWS / 2 <= i1; i += ROWS / 2) {
        if (t->dx != NULL) {
            dx_rows(t, i, ROWS / 2);
        }
        update_rows(t, i, 4);
        update_rows(t, i + 4, 4);
    }
    for (; i < i1; i++) {
        if (t->dx != NULL) {
            dx_rows(t, i, 1);
        }
        update_rows(t, i, 1);
    }
}

static void dense_chunk(const void *arg, int64_t c) {
    const dense_task *t = arg;
    int64_t i0 = c * t->chunk_rows;
    int64_t i1 = i0 + t->chunk_rows < t->in ? i0 + t->chunk_rows : t->in;
    dense_rows(t, i0, i1);
}

int dense_momentum(int64_t n, int64_t in, int64_t out, const float *x, const float *dz, float *w, float *a,
                   float lr, float momentum, float *dx, int threads) {
    dense_task t = {.n = n, .in = in, .out = out, .x = x, .dz = dz, .w = w, .a = a, .dx = dx, .lr = lr,
                    .momentum = momentum};
    t.padded = (n + 2 * LANES - 1) / (2 * LANES) * (2 * LANES);
    float *dzt = NULL;
    if (dx != NULL && n > 0 && out > TILE_MAX_OUT) {
        dzt = aligned_alloc(64, (size_t) (out * t.padded) * sizeof(float) + 64);
        if (dzt == NULL) {
            return -1;
        }
        for (int64_t j = 0; j < out; j++) {
            for (int64_t b = 0; b < t.padded; b++) {
                dzt[j * t.padded + b] = b < n ? dz[b * out + j] : 0.0f;
            }
        }
        t.dzt = dzt;
    }
    /* Chunks of whole row blocks (dense_rows), at most MAX_CHUNKS, depending on the shape alone. */
    int64_t block = out <= TILE_MAX_OUT ? ROWS : ROWS / 2;
    int64_t blocks = (in + block - 1) / block;
    t.chunk_rows = (blocks + MAX_CHUNKS - 1) / MAX_CHUNKS * block;
    int64_t chunks = t.chunk_rows == 0 ? 0 : (in + t.chunk_rows - 1) / t.chunk_rows;
    pool_run(dense_chunk, &t, chunks, threads);
    free(dzt);
    return 0;
}

/*
 * The forward product. A tile is up to 16 examples by 16 columns: its 16 sums stay in registers
 * while i runs over the whole of x's rows, each step one vector of W's row against 16 broadcast
 * elements of x. Tiles are numbered with the examples inner, so that a chunk's tiles share W's
 * columns; a chunk is a run of tiles, depending on the shape alone.
 */
typedef struct {
    int64_t n, in, out, btiles, chunk_tiles, tiles;
    const float *x, *w, *bias;
    float *y;
} product_task;

INLINE void product_tile(const product_task *t, int64_t b0, int64_t j, const int B, int64_t lanes) {
    const int64_t I = t->in, J = t->out;
    vf acc[LANES];
    vf start = t->bias == NULL ? (vf) {0} : load_f(t->bias + j, lanes);
    for (int r = 0; r < B; r++) {
        acc[r] = start;
    }
    const float *x = t->x + b0 * I, *w = t->w + j;
    if (lanes == LANES) {
        for (int64_t i = 0; i < I; i++, w += J) {
            vf wv;
            memcpy(&wv, w, sizeof(vf));
            for (int r = 0; r < B; r++) {
                acc[r] += x[r * I + i] * wv;
            }
        }
    } else {
        for (int64_t i = 0; i < I; i++, w += J) {
            vf wv = load_f(w, lanes);
            for (int r = 0; r < B; r++) {
                acc[r] += x[r * I + i] * wv;
            }
        }
    }
    for (int r = 0; r < B; r++) {
        store_f(t->y + (b0 + r) * J + j, acc[r], lanes);
    }
}

DENSE_VECTOR
static void product_tiles(const product_task *t, int64_t k0, int64_t k1) {
    for (int64_t k = k0; k < k1; k++) {
        int64_t b0 = k % t->btiles * LANES, j = k / t->btiles * LANES;
        int64_t lanes = t->out - j < LANES ? t->out - j : LANES;
        if (b0 + LANES <= t->n) {
            product_tile(t, b0, j, LANES, lanes);
        } else {
            for (int64_t b = b0; b < t->n; b++) {
                product_tile(t, b, j, 1, lanes);
            }
        }
    }
}

static void product_chunk(const void *arg, int64_t c) {
    const product_task *t = arg;
    int64_t k0 = c * t->chunk_tiles;
    product_tiles(t, k0, k0 + t->chunk_tiles < t->tiles ? k0 + t->chunk_tiles : t->tiles);
}

/*
 * The forward product of the wide layers (over TILE_MAX_OUT units), whose input is mostly a ReLU's
 * or dropout's output: about half of it 0 in the lab's models (49% in Exercise 9's, 33% in
 * Exercise 7's), in runs shared by neighbouring examples. Examples go in pairs, and each pair's
 * rows are listed first, block by block of SPARSE_ROWS rows (their offsets in the block), where
 * either example's x is not 0; the sums run over those rows alone, so that each row of W read
 * serves both examples. A sum takes the same terms in the same order as product_tile's, less
 * terms with x = 0, which leave it as it was: the result is the tiles' bit for bit. A chunk is a
 * block of SPARSE_COLUMNS columns, whose sums for a pair stay in registers while a block of W's
 * rows (SPARSE_ROWS x SPARSE_COLUMNS floats, 64 KB, in the second-level cache) serves every pair.
 */
#define SPARSE_ROWS 128
#define SPARSE_VECTORS 8
#define SPARSE_COLUMNS (SPARSE_VECTORS * LANES)
#define LIST_PAIRS 4 /* pairs per chunk of the listing */

typedef struct {
    int64_t n, in, out, pairs, blocks;
    const float *x, *w, *bias;
    float *y;
    uint8_t *offsets;   /* [pairs][in]: each pair's rows where x is not 0, as offsets in their blocks */
    int64_t *starts;    /* [pairs][blocks + 1]: where each block's offsets begin in the pair's */
} sparse_task;

/* How many rows block `block` has: SPARSE_ROWS, fewer in the last. */
INLINE int64_t block_rows(const sparse_task *t, int64_t block) {
    int64_t left = t->in - block * SPARSE_ROWS;
    return left < SPARSE_ROWS ? left : SPARSE_ROWS;
}

static void sparse_list(const void *arg, int64_t c) {
    const sparse_task *t = arg;
    const int64_t I = t->in;
    for (int64_t p = c * LIST_PAIRS; p < t->pairs && p < (c + 1) * LIST_PAIRS; p++) {
        const float *x0 = t->x + 2 * p * I, *x1 = 2 * p + 1 < t->n ? x0 + I : x0;
        uint8_t *offsets = t->offsets + p * I;
        int64_t *starts = t->starts + p * (t->blocks + 1), k = 0;
        for (int64_t block = 0; block < t->blocks; block++) {
            starts[block] = k;
            int64_t i0 = block * SPARSE_ROWS, rows = block_rows(t, block);
            for (int64_t r = 0; r < rows; r++) {
                offsets[k] = (uint8_t) r;
                k += (x0[i0 + r] != 0.0f) | (x1[i0 + r] != 0.0f);
            }
        }
        starts[t->blocks] = k;
    }
}

/* Columns j..j+V*16-1 (the last vector holding `last` lanes) of examples b..b+E-1 (pair p), over
 * one block of rows: the sums start from the bias (first block) or where the block before left
 * them. */
INLINE void sparse_pair(const sparse_task *t, int64_t p, int64_t block, int64_t j, const int E, const int V,
                        int64_t last) {
    const int64_t I = t->in, J = t->out, b = 2 * p;
    vf acc[2][SPARSE_VECTORS];
    for (int e = 0; e < E; e++) {
        for (int v = 0; v < V; v++) {
            int64_t lanes = v == V - 1 ? last : LANES;
            acc[e][v] = block > 0 ? load_f(t->y + (b + e) * J + j + v * LANES, lanes)
                        : t->bias != NULL ? load_f(t->bias + j + v * LANES, lanes) : (vf) {0};
        }
    }
    const float *x = t->x + b * I + block * SPARSE_ROWS, *w = t->w + block * SPARSE_ROWS * J + j;
    const uint8_t *offsets = t->offsets + p * I;
    const int64_t *starts = t->starts + p * (t->blocks + 1);
    /* The first pair takes every row of the block, in order, so that W's rows come from memory in
     * a stream the prefetcher follows (Exercise 10's 25 MB kernel is not in the cache): 10% faster
     * there than skipping. */
    for (int64_t k = p == 0 ? 0 : starts[block], end = p == 0 ? block_rows(t, block) : starts[block + 1]; k < end;
         k++) {
        int64_t r = p == 0 ? k : offsets[k];
        float x0 = x[r], x1 = E == 2 ? x[I + r] : 0.0f;
        for (int v = 0; v < V; v++) {
            vf wv = load_f(w + r * J + v * LANES, v == V - 1 ? last : LANES);
            acc[0][v] += x0 * wv;
            if (E == 2) {
                acc[1][v] += x1 * wv;
            }
        }
    }
    for (int e = 0; e < E; e++) {
        for (int v = 0; v < V; v++) {
            store_f(t->y + (b + e) * J + j + v * LANES, acc[e][v], v == V - 1 ? last : LANES);
        }
    }
}

INLINE void sparse_block(const sparse_task *t, int64_t block, int64_t j, const int V, int64_t last) {
    int64_t p = 0;
    for (; 2 * p + 1 < t->n; p++) {
        sparse_pair(t, p, block, j, 2, V, last);
    }
    if (2 * p < t->n) {
        sparse_pair(t, p, block, j, 1, V, last);
    }
}

DENSE_VECTOR
static void sparse_columns(const sparse_task *t, int64_t j0, int64_t j1) {
    for (int64_t block = 0; block < t->blocks; block++) {
        int64_t j = j0;
        for (; j + SPARSE_COLUMNS <= j1; j += SPARSE_COLUMNS) {
            sparse_block(t, block, j, SPARSE_VECTORS, LANES);
        }
        for (; j + LANES <= j1; j += LANES) {
            sparse_block(t, block, j, 1, LANES);
        }
        if (j < j1) {
            sparse_block(t, block, j, 1, j1 - j);
        }
    }
}

static void sparse_chunk(const void *arg, int64_t c) {
    const sparse_task *t = arg;
    int64_t j0 = c * SPARSE_COLUMNS;
    sparse_columns(t, j0, j0 + SPARSE_COLUMNS < t->out ? j0 + SPARSE_COLUMNS : t->out);
}

/* The wide layers' product; -1 when memory ran out. */
static int sparse_product(int64_t n, int64_t in, int64_t out, const float *x, const float *w, const float *bias,
                          float *y, int threads) {
    sparse_task t = {.n = n, .in = in, .out = out, .x = x, .w = w, .bias = bias, .y = y};
    t.blocks = (in + SPARSE_ROWS - 1) / SPARSE_ROWS;
    if (t.blocks == 0) { /* no inputs: every sum is its start */
        for (int64_t b = 0; b < n; b++) {
            for (int64_t j = 0; j < out; j++) {
                y[b * out + j] = bias != NULL ? bias[j] : 0.0f;
            }
        }
        return 0;
    }
    t.pairs = (n + 1) / 2;
    t.offsets = malloc((size_t) (t.pairs * in) + 1);
    t.starts = malloc((size_t) (t.pairs * (t.blocks + 1)) * sizeof(int64_t) + 1);
    if (t.offsets == NULL || t.starts == NULL) {
        free(t.offsets);
        free(t.starts);
        return -1;
    }
    pool_run(sparse_list, &t, (t.pairs + LIST_PAIRS - 1) / LIST_PAIRS, threads);
    pool_run(sparse_chunk, &t, (out + SPARSE_COLUMNS - 1) / SPARSE_COLUMNS, threads);
    free(t.offsets);
    free(t.starts);
    return 0;
}

int dense_product(int64_t n, int64_t in, int64_t out, const float *x, const float *w, const float *bias, float *y,
                  int threads) {
    if (out > TILE_MAX_OUT) {
        return sparse_product(n, in, out, x, w, bias, y, threads);
    }
    dense_product_tiles(n, in, out, x, w, bias, y, threads);
    return 0;
}

void dense_product_tiles(int64_t n, int64_t in, int64_t out, const float *x, const float *w, const float *bias,
                         float *y, int threads) {
    product_task t = {.n = n, .in = in, .out = out, .x = x, .w = w, .bias = bias, .y = y};
    t.btiles = (n + LANES - 1) / LANES;
    t.tiles = t.btiles * ((out + LANES - 1) / LANES);
    t.chunk_tiles = (t.tiles + MAX_CHUNKS - 1) / MAX_CHUNKS;
    int64_t chunks = t.tiles == 0 ? 0 : (t.tiles + t.chunk_tiles - 1) / t.chunk_tiles;
    pool_run(product_chunk, &t, chunks, threads);
}

DENSE_VECTOR
void bias_momentum(int64_t n, int64_t out, const float *dz, float *b, float *a, float lr, float momentum) {
    for (int64_t j = 0; j < out; j += LANES) {
        int64_t lanes = out - j < LANES ? out - j : LANES;
        vf g = {0};
        for (int64_t e = 0; e < n; e++) {
            g += load_f(dz + e * out + j, lanes);
        }
        vf av = load_f(a + j, lanes) * momentum + g;
        store_f(a + j, av, lanes);
        store_f(b + j, load_f(b + j, lanes) - av * lr, lanes);
    }
}

void dense_product_reference(int64_t n, int64_t in, int64_t out, const float *x, const float *w, const float *bias,
                             float *y) {
    for (int64_t b = 0; b < n; b++) {
        for (int64_t j = 0; j < out; j++) {
            double s = bias == NULL ? 0 : bias[j];
            for (int64_t i = 0; i < in; i++) {
                s += (double) x[b * in + i] * w[i * out + j];
            }
            y[b * out + j] = (float) s;
        }
    }
}

void dense_momentum_reference(int64_t n, int64_t in, int64_t out, const float *x, const float *dz, float *w,
                              float *a, float lr, float momentum, float *dx) {
    for (int64_t i = 0; i < in; i++) {
        for (int64_t b = 0; dx != NULL && b < n; b++) {
            double s = 0;
            for (int64_t j = 0; j < out; j++) {
                s += (double) dz[b * out + j] * w[i * out + j];
            }
            dx[b * in + i] = (float) s;
        }
        for (int64_t j = 0; j < out; j++) {
            double g = 0;
            for (int64_t b = 0; b < n; b++) {
                g += (double) x[b * in + i] * dz[b * out + j];
            }
            float av = a[i * out + j] * momentum + (float) g;
            a[i * out + j] = av;
            w[i * out + j] -= av * lr;
        }
    }
}
