/*
 * Helper threads for the CPU kernels (see pool.h). The helpers are started once; between calls
 * they stay awake for SPIN_MICROS, watching for the next call, and then sleep. A helper that
 * arrives late only takes fewer chunks.
 *
 * Chunks are claimed without a lock: one 64-bit word holds the call's number, its chunk count and
 * the next chunk to hand out, and a thread claims a chunk by a compare-and-swap on that word. A
 * lock taken per chunk made two threads 2-3 times slower than one on this project's virtual
 * machines: a thread that finds the lock taken sleeps in the kernel, and waking it costs more than
 * a chunk. The lock below is only for helpers going to sleep and the call that wakes them.
 *
 * A helper whose core is taken by other work (another program, or, on a virtual machine, the host)
 * can be stopped in the middle of a chunk for a whole time slice, and the call waits for it: with
 * one of this machine's two cores kept busy by another program, two threads made Application 1's
 * Dense backward call 40% slower than one (4.0 against 6.8 thousand calls a second), and the
 * default model's epoch took 1.7-3.0 s, where one core alone takes 1.17. So every call on several
 * threads is timed against the calling thread's own pace, and when calls lose time on the whole,
 * the next ones run on the calling thread alone for a while (see RATIO_WEIGHT): then the same call
 * kept 6.5-6.7 thousand a second and the epoch 1.2-1.5 s, and on an idle machine about 1% of the
 * calls run alone, as fast as before. Which thread runs a chunk never changes a result.
 */
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <time.h>

/* How long a helper stays awake for the next call before it sleeps: a training step calls our
 * kernels every few hundred microseconds, and a helper woken from sleep arrives too late for a
 * 0.15 ms call on a virtual machine. Awake, it takes its share at once: the default model's epoch
 * went from 1.46-1.48 to 1.18-1.26 s in interleaved runs. */
#define SPIN_MICROS 1000

/* Calls on several threads are timed against the calling thread's pace alone, in a running average
 * (each call weighing RATIO_WEIGHT). Over LOSS_RATIO, the next calls run alone: SOLO_MIN of them,
 * twice as many after each loss in a row, up to SOLO_MAX; the average then starts again from
 * RATIO_AFTER. Under WIN_RATIO, the count halves. */
#define RATIO_WEIGHT 0.1f
#define LOSS_RATIO 0.95f
#define WIN_RATIO 0.75f
#define RATIO_AFTER 0.9f
#define SOLO_MIN 16
#define SOLO_MAX 1024

/* The claim word: call number (32 bits) | chunk count (16) | next chunk (16). */
#define COUNT_SHIFT 16
#define CALL_SHIFT 32
#define FIELD 0xffffULL

/* A spinning thread's hint to the core that it waits (x86's pause, Arm's yield); nothing elsewhere. */
static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static struct {
    pthread_mutex_t lock;        /* for sleeping helpers only */
    pthread_cond_t wake;
    pool_chunk_fn fn;            /* the call being run: written before its claim word is published */
    const void *arg;
    int wanted;                  /* helpers the current call asked for: helper i takes part if i < wanted */
    unsigned long long word;     /* the claim word (atomic) */
    int64_t left;                /* chunks of the current call not finished (atomic) */
    int busy;                    /* a call is using the helpers (atomic) */
    int helpers;                 /* started so far; only changed while busy */
    int sleeping;                /* helpers waiting on `wake` (atomic; changed under the lock) */
    /* How calls on several threads have gone lately, only read and changed by the thread that
     * holds the pool (busy): */
    int solo;                    /* calls still to run on the calling thread alone */
    int span;                    /* how many the last loss set */
    int unjudged;                /* calls not to count: the first after running alone */
    float ratio;                 /* running average of a call's time over its time alone */
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, WIN_RATIO};

/* Takes chunks of the call numbered `call` until none is left, and returns how many it took. A
 * chunk is claimed only while the call is unfinished (that chunk is part of it), so fn and arg,
 * read after the claim, are its own. */
static int64_t take_chunks(unsigned long long call) {
    unsigned long long w = __atomic_load_n(&pool.word, __ATOMIC_ACQUIRE);
    for (int64_t taken = 0;; taken++) {
        if ((w >> CALL_SHIFT) != call || (w & FIELD) >= ((w >> COUNT_SHIFT) & FIELD)) {
            return taken;
        }
        if (!__atomic_compare_exchange_n(&pool.word, &w, w + 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            taken--;
            continue; /* w now holds the word another thread left */
        }
        pool_chunk_fn fn = pool.fn;
        const void *arg = pool.arg;
        fn(arg, (int64_t) (w & FIELD));
        __atomic_sub_fetch(&pool.left, 1, __ATOMIC_RELEASE);
        w = __atomic_load_n(&pool.word, __ATOMIC_ACQUIRE);
    }
}

static void *helper(void *index) {
    int me = (int) (intptr_t) index;
    unsigned long long seen = __atomic_load_n(&pool.word, __ATOMIC_ACQUIRE) >> CALL_SHIFT;
    long long until = now_ns() + SPIN_MICROS * 1000LL;
    for (;;) {
        unsigned long long call;
        while ((call = __atomic_load_n(&pool.word, __ATOMIC_ACQUIRE) >> CALL_SHIFT) == seen) {
            for (int i = 0; i < 16; i++) {
                cpu_relax();
            }
            if (now_ns() >= until) {
                /* no call came: sleep until one does */
                pthread_mutex_lock(&pool.lock);
                __atomic_add_fetch(&pool.sleeping, 1, __ATOMIC_SEQ_CST);
                while (__atomic_load_n(&pool.word, __ATOMIC_SEQ_CST) >> CALL_SHIFT == seen) {
                    pthread_cond_wait(&pool.wake, &pool.lock);
                }
                __atomic_sub_fetch(&pool.sleeping, 1, __ATOMIC_SEQ_CST);
                pthread_mutex_unlock(&pool.lock);
            }
        }
        /* A call on fewer threads than there are helpers leaves the others out, and they do not
         * stay awake for it: spinning, they would only take the cores from the threads that work. */
        if (me < __atomic_load_n(&pool.wanted, __ATOMIC_RELAXED)) {
            take_chunks(call);
            until = now_ns() + SPIN_MICROS * 1000LL;
        }
        seen = call;
    }
    return NULL;
}

void pool_run(pool_chunk_fn fn, const void *arg, int64_t chunks, int threads) {
    int wanted = threads - 1 < chunks - 1 ? threads - 1 : (int) chunks - 1;
    int idle = 0;
    if (wanted < 1 || chunks > (int64_t) FIELD
            || !__atomic_compare_exchange_n(&pool.busy, &idle, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        /* one chunk, one thread, or the pool already serves another call */
        for (int64_t c = 0; c < chunks; c++) {
            fn(arg, c);
        }
        return;
    }
    if (pool.solo > 0) {
        /* calls lost time on several threads lately: this one runs alone, and the helpers go to
         * sleep */
        pool.solo--;
        __atomic_store_n(&pool.busy, 0, __ATOMIC_RELEASE);
        for (int64_t c = 0; c < chunks; c++) {
            fn(arg, c);
        }
        return;
    }
    while (pool.helpers < wanted) {
        pthread_t h;
        if (pthread_create(&h, NULL, helper, (void *) (intptr_t) pool.helpers) != 0) {
            break; /* fewer helpers: the chunks still all get run */
        }
        pthread_detach(h);
        pool.helpers++;
    }
    long long start = now_ns();
    pool.fn = fn;
    pool.arg = arg;
    __atomic_store_n(&pool.wanted, wanted, __ATOMIC_RELAXED);
    __atomic_store_n(&pool.left, chunks, __ATOMIC_RELAXED);
    unsigned long long call = ((__atomic_load_n(&pool.word, __ATOMIC_RELAXED) >> CALL_SHIFT) + 1) & 0xffffffffULL;
    __atomic_store_n(&pool.word, call << CALL_SHIFT | (unsigned long long) chunks << COUNT_SHIFT, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&pool.sleeping, __ATOMIC_SEQ_CST) > 0) {
        pthread_mutex_lock(&pool.lock);
        pthread_cond_broadcast(&pool.wake);
        pthread_mutex_unlock(&pool.lock);
    }
    int64_t mine = take_chunks(call);
    long long done = now_ns();
    /* What is left is a helper's last chunk, some microseconds: wait for it awake, since waking
     * from a sleep can take longer than the chunk; yield now and then in case that helper was
     * descheduled on this thread's core. */
    for (unsigned spin = 1; __atomic_load_n(&pool.left, __ATOMIC_ACQUIRE) > 0; spin++) {
        cpu_relax();
        if (spin % 256 == 0) {
            sched_yield();
        }
    }
    /* Against the time the calling thread would have taken alone (its own chunks' pace times all
     * of them), in a running average; the first call after running alone only wakes the helpers,
     * and is not counted. */
    long long took = now_ns() - start, alone = (done - start) / (mine > 0 ? mine : 1) * chunks;
    if (pool.unjudged > 0) {
        pool.unjudged--;
    } else {
        pool.ratio = pool.ratio * (1.0f - RATIO_WEIGHT) + RATIO_WEIGHT * (float) took / (float) (alone > 0 ? alone : 1);
        if (pool.ratio > LOSS_RATIO) {
            pool.span = pool.span < SOLO_MIN ? SOLO_MIN : pool.span < SOLO_MAX ? 2 * pool.span : SOLO_MAX;
            pool.solo = pool.span;
            pool.unjudged = 1;
            pool.ratio = RATIO_AFTER;
        } else if (pool.ratio < WIN_RATIO) {
            pool.span /= 2;
        }
    }
    __atomic_store_n(&pool.busy, 0, __ATOMIC_RELEASE);
}
