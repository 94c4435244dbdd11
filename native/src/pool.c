/*
 * Helper threads for the CPU kernels (see pool.h). The helpers are started once; between calls
 * they stay awake for SPIN_MICROS, watching for the next call, and then sleep. A helper that
 * arrives late only takes fewer chunks, so a call is never slower than on one thread.
 */
#include "pool.h"

#include <pthread.h>
#include <time.h>

/* How long a helper stays awake for the next call before it sleeps: a training step calls our
 * kernels every few hundred microseconds, and a helper woken from sleep arrives too late for a
 * 0.15 ms call on a virtual machine. Awake, it takes its share at once: the default model's epoch
 * went from 1.46-1.48 to 1.18-1.26 s in interleaved runs. */
#define SPIN_MICROS 1000

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake, done;
    pool_chunk_fn fn;            /* the call being run, while busy */
    const void *arg;
    int64_t chunks;
    int busy;
    int helpers;                 /* started so far */
    int64_t next;                /* the next chunk to hand out */
    int64_t left;                /* chunks not finished */
    unsigned long generation;    /* calls handed to the helpers so far */
    int sleeping;                /* helpers waiting on `wake` */
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0, 0, 0, 0, 0, 0};

/* Takes chunks of the pool's call and runs them until none is left; called and returns with the lock held. */
static void take_chunks(void) {
    while (pool.busy && pool.next < pool.chunks) {
        pool_chunk_fn fn = pool.fn;
        const void *arg = pool.arg;
        int64_t c = pool.next++;
        pthread_mutex_unlock(&pool.lock);
        fn(arg, c);
        pthread_mutex_lock(&pool.lock);
        if (__atomic_sub_fetch(&pool.left, 1, __ATOMIC_RELEASE) == 0) {
            pthread_cond_signal(&pool.done);
        }
    }
}

static void *helper(void *unused) {
    (void) unused;
    pthread_mutex_lock(&pool.lock);
    for (;;) {
        take_chunks();
        unsigned long seen = pool.generation;
        pthread_mutex_unlock(&pool.lock);
        long long until = now_ns() + SPIN_MICROS * 1000LL;
        while (__atomic_load_n(&pool.generation, __ATOMIC_ACQUIRE) == seen && now_ns() < until) {
            for (int i = 0; i < 16; i++) {
                __builtin_ia32_pause();
            }
        }
        pthread_mutex_lock(&pool.lock);
        if (pool.generation == seen) { /* no call came: sleep until one does */
            pool.sleeping++;
            pthread_cond_wait(&pool.wake, &pool.lock);
            pool.sleeping--;
        }
    }
    return NULL;
}

void pool_run(pool_chunk_fn fn, const void *arg, int64_t chunks, int threads) {
    int wanted = threads - 1 < chunks - 1 ? threads - 1 : (int) chunks - 1;
    pthread_mutex_lock(&pool.lock);
    if (wanted < 1 || pool.busy) { /* one chunk, one thread, or the pool already serves another call */
        pthread_mutex_unlock(&pool.lock);
        for (int64_t c = 0; c < chunks; c++) {
            fn(arg, c);
        }
        return;
    }
    while (pool.helpers < wanted) {
        pthread_t h;
        if (pthread_create(&h, NULL, helper, NULL) != 0) {
            break; /* fewer helpers: the chunks still all get run */
        }
        pthread_detach(h);
        pool.helpers++;
    }
    pool.fn = fn;
    pool.arg = arg;
    pool.chunks = chunks;
    pool.busy = 1;
    pool.next = 0;
    pool.left = chunks;
    __atomic_add_fetch(&pool.generation, 1, __ATOMIC_RELEASE);
    if (pool.sleeping > 0) {
        pthread_cond_broadcast(&pool.wake);
    }
    take_chunks();
    /* What is left is a helper's last chunk, some microseconds: wait for it awake, since waking
     * from a sleep can take longer than the chunk on a busy machine. */
    pthread_mutex_unlock(&pool.lock);
    for (int spin = 0; spin < 20000 && __atomic_load_n(&pool.left, __ATOMIC_ACQUIRE) > 0; spin++) {
        __builtin_ia32_pause();
    }
    pthread_mutex_lock(&pool.lock);
    while (pool.left > 0) {
        pthread_cond_wait(&pool.done, &pool.lock);
    }
    pool.busy = 0;
    pthread_mutex_unlock(&pool.lock);
}
