/*
 * Standalone check of the helper threads (pool.h):
 *  - every chunk of a call runs exactly once, for chunk counts 0 to 40 on 1 to 4 threads;
 *  - a call whose helper is held up in its chunk (20 ms asleep, as a helper whose core another
 *    program took) is followed by calls that run on the calling thread alone (the next 8 of the
 *    at least 16 that a loss sets);
 *  - on a machine with two cores or more, calls then take the helpers again.
 * Exit code 0 when every case passes.
 */
#include "../src/pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_CHUNKS 64

typedef struct {
    int runs[MAX_CHUNKS];        /* times each chunk ran (atomic) */
    pthread_t caller;
    int on_helper;               /* chunks run on another thread (atomic) */
    int stall;                   /* the helper's first chunk sleeps 20 ms, and the caller waits for it to start */
    int helper_started;          /* (atomic) */
    int busy_micros;             /* how long each chunk works */
} task;

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

static void work(int micros) {
    double until = seconds() + 1e-6 * micros;
    while (seconds() < until) {
    }
}

static void chunk(const void *arg, int64_t c) {
    task *t = (task *) arg;
    __atomic_add_fetch(&t->runs[c], 1, __ATOMIC_RELAXED);
    int mine = pthread_equal(pthread_self(), t->caller);
    if (!mine) {
        __atomic_add_fetch(&t->on_helper, 1, __ATOMIC_RELAXED);
    }
    if (t->stall && !mine && __atomic_exchange_n(&t->helper_started, 1, __ATOMIC_ACQ_REL) == 0) {
        struct timespec nap = {0, 20000000};
        nanosleep(&nap, NULL);
    } else if (t->stall && mine && c == 0) {
        /* the calling thread's first chunk waits (up to 2 s) until a helper holds a chunk */
        double give_up = seconds() + 2.0;
        while (!__atomic_load_n(&t->helper_started, __ATOMIC_ACQUIRE) && seconds() < give_up) {
            sched_yield();
        }
    }
    work(t->busy_micros);
}

/* One call; returns how many of its chunks ran on a helper, or -1 when a chunk did not run once. */
static int call(int64_t chunks, int threads, int stall, int busy_micros) {
    task t;
    memset(&t, 0, sizeof(t));
    t.caller = pthread_self();
    t.stall = stall;
    t.busy_micros = busy_micros;
    pool_run(chunk, &t, chunks, threads);
    for (int64_t c = 0; c < chunks; c++) {
        if (t.runs[c] != 1) {
            return -1;
        }
    }
    return t.on_helper;
}

/* Calls of 16 chunks of 20 us until one takes a helper, at most 5000 (a run alone lasts at most
 * 1,024 calls); returns that call's chunks on a helper, or 0 when none took one. */
static int until_helped(void) {
    int helped = 0;
    for (int k = 0; k < 5000 && helped <= 0; k++) {
        helped = call(16, 2, 0, 20);
    }
    return helped > 0 ? helped : 0;
}

int main(void) {
    int failures = 0, cases = 0;
    for (int threads = 1; threads <= 4; threads++) {
        for (int64_t chunks = 0; chunks <= 40; chunks++) {
            cases++;
            if (call(chunks, threads, 0, 0) < 0) {
                printf("FAIL chunks=%ld threads=%d: a chunk did not run exactly once\n", (long) chunks, threads);
                failures++;
            }
        }
    }
    /* A call that takes the helper, then the held-up one; should that one have run alone after all
     * (the call before it judged a loss), again. */
    int held = 0, next = -1;
    for (int tries = 0; tries < 10 && held <= 0; tries++) {
        held = until_helped() > 0 ? call(16, 2, 1, 20) : 0;
        next = held > 0 ? 0 : -1;
        for (int k = 0; k < 8 && held > 0; k++) {
            next += call(16, 2, 0, 20);
        }
    }
    cases++;
    if (held <= 0 || next != 0) {
        printf("FAIL after a call whose helper was held up 20 ms (%d chunks on it), the next 8 calls ran %d chunks "
               "on a helper, not 0\n", held, next);
        failures++;
    } else {
        printf("ok   a call whose helper was held up 20 ms is followed by calls on the calling thread alone\n");
    }
    if (sysconf(_SC_NPROCESSORS_ONLN) >= 2) {
        cases++;
        if (until_helped() == 0) {
            printf("FAIL no call took the helper again in 5000 after running alone\n");
            failures++;
        } else {
            printf("ok   calls take the helper again after running alone\n");
        }
    }
    printf("pool harness: %d of %d cases passed\n", cases - failures, cases);
    return failures == 0 ? 0 : 1;
}
