/*
 * Standalone check of the fused block's CPU kernels: on random inputs (a quarter of the pixels
 * black, as in Fashion-MNIST, so windows hold ties) the vectorised, threaded kernels must equal
 * the one-output-at-a-time reference: the forward output and arg-max bit for bit (within 1e-5 on a
 * CPU without FMA, see crp_fused), the gradients
 * within 1e-5 of their largest magnitude; and on 1, 2, 3 and 16 threads the same bits, forward and
 * gradient. With --bench it also times both kernels on the default model's shapes; --small
 * (for emulators) takes fewer images and threads. Exit code 0 when every case passes.
 */
#include "harness.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* variant 1 runs on 2 threads: 28x28 cases with 256 filters are large enough to be split. */
static int check(int64_t n, int64_t h, int64_t w, int64_t k, int64_t c, int same, int variant) {
    int threads = variant + 1;
    crp_shape s;
    if (crp_shape_init(&s, n, h, w, k, c, same) != 0) {
        printf("FAIL shape refused: n=%ld h=%ld w=%ld k=%ld c=%ld\n", (long) n, (long) h, (long) w, (long) k, (long) c);
        return 1;
    }
    size_t nx = (size_t) (n * h * w), nk = (size_t) (k * k * c), ny = (size_t) (n * s.ph * s.pw * c);
    float *x = malloc(nx * sizeof(float)), *kernel = malloc(nk * sizeof(float)), *bias = malloc(c * sizeof(float));
    float *y = malloc(ny * sizeof(float)), *yr = malloc(ny * sizeof(float)), *dy = malloc(ny * sizeof(float));
    int32_t *am = malloc(ny * sizeof(int32_t)), *amr = malloc(ny * sizeof(int32_t));
    float *dk = malloc(nk * sizeof(float)), *dkr = malloc(nk * sizeof(float));
    float *db = malloc(c * sizeof(float)), *dbr = malloc(c * sizeof(float));
    fill_case(x, n, h, w, kernel, nk, bias, c, dy, ny);
    int failed = crp_forward(&s, x, kernel, bias, y, am, threads) != 0;
    crp_forward_reference(&s, x, kernel, bias, yr, amr);
    /* With FMA the kernels round as the reference does; without, each product is rounded apart
       and the forward output may differ by a few units in the last place (and a near tie may then
       pick the other position). */
    int identical = memcmp(y, yr, ny * sizeof(float)) == 0 && memcmp(am, amr, ny * sizeof(int32_t)) == 0;
    double forward_worst = 0;
    for (size_t i = 0; i < ny; i++) {
        double e = fabs((double) y[i] - yr[i]) / (fabs((double) yr[i]) > 1 ? fabs((double) yr[i]) : 1);
        forward_worst = e > forward_worst ? e : forward_worst;
    }
    int bad = crp_fused() ? !identical : forward_worst > 1e-5;
    size_t ties = 0;
    for (size_t i = 0; i < ny; i++) {
        ties += amr[i] >= 0 && yr[i] == bias[i % c];
    }
    failed |= crp_backward(&s, x, amr, dy, dk, db, threads) != 0;
    crp_backward_reference(&s, x, amr, dy, dkr, dbr);
    double worst = gradient_error(dk, dkr, nk, db, dbr, c);
    /* The same bits whatever the number of threads: the gradient sums each chunk of images apart
       and adds the chunks in order, and the chunks depend on n alone. */
    static const int thread_counts[] = {1, 2, 3, 16};
    size_t counts = harness_small ? 3 : sizeof(thread_counts) / sizeof(thread_counts[0]);
    float *dk2 = malloc(nk * sizeof(float)), *db2 = malloc(c * sizeof(float)), *y2 = malloc(ny * sizeof(float));
    int32_t *am2 = malloc(ny * sizeof(int32_t));
    int same_bits = 1;
    for (size_t i = 0; i < counts; i++) {
        failed |= crp_forward(&s, x, kernel, bias, y2, am2, thread_counts[i]) != 0;
        failed |= crp_backward(&s, x, amr, dy, dk2, db2, thread_counts[i]) != 0;
        same_bits &= memcmp(y, y2, ny * sizeof(float)) == 0 && memcmp(am, am2, ny * sizeof(int32_t)) == 0
                && memcmp(dk, dk2, nk * sizeof(float)) == 0 && memcmp(db, db2, c * sizeof(float)) == 0;
    }
    bad |= worst > 1e-5 || failed || !same_bits;
    printf("%s n=%ld %ldx%ld k=%ld c=%ld %s threads=%d: forward %s (%zu tied windows), gradient error %.2e, %s\n",
           bad ? "FAIL" : "ok  ", (long) n, (long) h, (long) w, (long) k, (long) c, same ? "same " : "valid",
           threads, identical ? "identical" : crp_fused() ? "DIFFERS" : "within 1e-5 (no FMA)", ties, worst,
           same_bits ? (harness_small ? "same bits on 1, 2, 3 threads" : "same bits on 1, 2, 3, 16 threads") : "BITS DIFFER WITH THE THREAD COUNT");
    free(x); free(kernel); free(bias); free(y); free(yr); free(dy); free(am); free(amr);
    free(dk); free(dkr); free(db); free(dbr); free(dk2); free(db2); free(y2); free(am2);
    return bad;
}

/* Two threads calling the kernels at once (TensorFlow may run two of our ops side by side): each
 * call must still give what it gives alone. */
typedef struct {
    crp_shape s;
    float *x, *kernel, *bias, *dy, *y, *dk, *db;
    int32_t *am;
    int bad;
} concurrent_case;

static void *concurrent_calls(void *p) {
    concurrent_case *t = p;
    size_t ny = (size_t) (t->s.n * t->s.ph * t->s.pw * t->s.c), nk = (size_t) (t->s.k * t->s.k * t->s.c);
    float *y = malloc(ny * 4), *dk = malloc(nk * 4), *db = malloc(t->s.c * 4);
    int32_t *am = malloc(ny * 4);
    for (int r = 0; r < (harness_small ? 5 : 200); r++) {
        crp_forward(&t->s, t->x, t->kernel, t->bias, y, am, 2);
        crp_backward(&t->s, t->x, am, t->dy, dk, db, 2);
        t->bad |= memcmp(y, t->y, ny * 4) != 0 || memcmp(am, t->am, ny * 4) != 0 || memcmp(dk, t->dk, nk * 4) != 0
                || memcmp(db, t->db, t->s.c * 4) != 0;
    }
    free(y); free(dk); free(db); free(am);
    return NULL;
}

static int check_concurrent(void) {
    concurrent_case cases[2];
    for (int i = 0; i < 2; i++) {
        concurrent_case *t = &cases[i];
        crp_shape_init(&t->s, 32 + 9 * i, 28, 28, 3 + 2 * i, 32, i);
        size_t nx = (size_t) (t->s.n * 784), nk = (size_t) (t->s.k * t->s.k * 32);
        size_t ny = (size_t) (t->s.n * t->s.ph * t->s.pw * 32);
        t->x = malloc(nx * 4); t->kernel = malloc(nk * 4); t->bias = malloc(32 * 4); t->dy = malloc(ny * 4);
        t->y = malloc(ny * 4); t->am = malloc(ny * 4); t->dk = malloc(nk * 4); t->db = malloc(32 * 4);
        fill_case(t->x, t->s.n, 28, 28, t->kernel, nk, t->bias, 32, t->dy, ny);
        crp_forward(&t->s, t->x, t->kernel, t->bias, t->y, t->am, 2); /* alone: what every call must give */
        crp_backward(&t->s, t->x, t->am, t->dy, t->dk, t->db, 2);
        t->bad = 0;
    }
    pthread_t other;
    pthread_create(&other, NULL, concurrent_calls, &cases[1]);
    concurrent_calls(&cases[0]);
    pthread_join(other, NULL);
    int bad = cases[0].bad || cases[1].bad;
    printf("%s two threads calling at once get what each gets alone\n", bad ? "FAIL" : "ok  ");
    for (int i = 0; i < 2; i++) {
        concurrent_case *t = &cases[i];
        free(t->x); free(t->kernel); free(t->bias); free(t->dy); free(t->y); free(t->am); free(t->dk); free(t->db);
    }
    return bad;
}

static void bench(int64_t n, int64_t k, int64_t c, int same, int threads) {
    crp_shape s;
    crp_shape_init(&s, n, 28, 28, k, c, same);
    size_t nx = (size_t) (n * 784), nk = (size_t) (k * k * c), ny = (size_t) (n * s.ph * s.pw * c);
    float *x = malloc(nx * 4), *kernel = malloc(nk * 4), *bias = malloc(c * 4), *y = malloc(ny * 4), *dy = malloc(ny * 4);
    float *dk = malloc(nk * 4), *db = malloc(c * 4);
    int32_t *am = malloc(ny * 4);
    fill(x, nx, 1);
    fill(kernel, nk, 0);
    fill(bias, (size_t) c, 0);
    fill(dy, ny, 0);
    int reps = 200;
    crp_forward(&s, x, kernel, bias, y, am, threads);
    double t0 = seconds();
    for (int r = 0; r < reps; r++) crp_forward(&s, x, kernel, bias, y, am, threads);
    double t1 = seconds();
    for (int r = 0; r < reps; r++) crp_backward(&s, x, am, dy, dk, db, threads);
    double t2 = seconds();
    printf("bench n=%ld k=%ld c=%ld %s threads=%d: forward %.3f ms, gradient %.3f ms\n", (long) n, (long) k,
           (long) c, same ? "same " : "valid", threads, (t1 - t0) * 1e3 / reps, (t2 - t1) * 1e3 / reps);
    free(x); free(kernel); free(bias); free(y); free(dy); free(dk); free(db); free(am);
}

int main(int argc, char **argv) {
    harness_small = harness_flag(argc, argv, "--small");
    int failures = for_each_case(check);
    failures += check_concurrent();
    crp_shape s;
    int refused = crp_shape_init(&s, 1, 28, 28, 4, 32, 0) != 0
            && crp_shape_init(&s, 1, 28, 28, 3, CRP_MAX_FILTERS + 1, 0) != 0 && crp_shape_init(&s, 1, 3, 3, 3, 8, 0) != 0;
    printf("%s unsupported shapes (k=4, %d filters, a 1x1 map) are refused\n", refused ? "ok  " : "FAIL",
           CRP_MAX_FILTERS + 1);
    failures += !refused;
    if (harness_flag(argc, argv, "--bench")) {
        bench(32, 3, 32, 0, 1);
        bench(32, 3, 32, 0, 2);
        bench(32, 3, 32, 1, 2);
        bench(128, 3, 64, 1, 2);
        bench(2048, 3, 32, 0, 2);
    }
    printf("%s\n", failures == 0 ? "all cases passed" : "FAILED");
    return failures != 0;
}
