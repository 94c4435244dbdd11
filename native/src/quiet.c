// JNI entry points that keep TensorFlow's start-up notices off the terminal (ops/TensorFlowLogs.java).
// A library of its own: it needs only libc and pthreads, so it loads before TensorFlow does.
#define _GNU_SOURCE
#include <jni.h>
#include <stdlib.h>

// TensorFlow's C++ logging reads TF_CPP_MIN_LOG_LEVEL when it first logs; the JVM cannot set an
// environment variable, so this does, before TensorFlow's library loads. Never over a value the
// user set.
JNIEXPORT jboolean JNICALL Java_dev_fmnist_ops_TensorFlowLogs_setMinLogLevel(JNIEnv *env, jclass cls, jint level) {
    (void) env;
    (void) cls;
    if (getenv("TF_CPP_MIN_LOG_LEVEL") != NULL) {
        return JNI_FALSE;
    }
    char value[2] = {(char) ('0' + (level & 3)), 0};
    return setenv("TF_CPP_MIN_LOG_LEVEL", value, 0) == 0 ? JNI_TRUE : JNI_FALSE;
}

// Abseil's notices (TensorFlow bundles its own copies, hidden, so no level can be set on them) are
// written straight to file descriptor 2. filterStderr puts a pipe there and a thread that
// passes everything on to the real stderr except those notices: Abseil's INFO lines
// ("I0000 00:00:...") and its line about InitializeLog (and the profiler's warnings, see is_notice). restoreStderr puts the real stderr back
// and waits until the thread has passed on the rest.
#include <pthread.h>
#include <string.h>
#include <unistd.h>

static int real_stderr = -1;
static int pipe_read = -1;
static pthread_t pump_thread;

static const char ABSL_PREAMBLE[] = "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR";

// TensorFlow's own log lines start with a timestamp of 26 characters ("2026-11-30 05:58:19.590378").
// Two of its warnings are notices too: its profiler's, on every traced step of a CPU run, that it
// collected no GPU trace (train.jar --profile-steps), and, where /proc/cpuinfo gives no clock
// (Linux on Arm, under qemu-user), that it cannot tell the CPU's frequency, which nothing of ours uses.
#define TF_STAMP 26
static const char *const TF_NOTICES[] = {
    ": W tensorflow/core/profiler/",
    ": W external/local_tsl/tsl/platform/profile_utils/cpu_utils.cc",
};

static int stamp_char(size_t i, char c) {
    switch (i) {
        case 4: case 7: return c == '-';
        case 10: return c == ' ';
        case 13: case 16: return c == ':';
        case 19: return c == '.';
        default: return c >= '0' && c <= '9';
    }
}

// 1 when the line is a notice (Abseil's, or one of TF_NOTICES), 0 when not, -1 when it is too short to tell yet.
static int is_notice(const char *line, size_t n) {
    if (n > 0 && line[0] >= '0' && line[0] <= '9') {
        for (size_t i = 0; i < TF_STAMP; i++) {
            if (i >= n) {
                return -1;
            }
            if (!stamp_char(i, line[i])) {
                return 0;
            }
        }
        int undecided = 0;
        for (size_t k = 0; k < sizeof TF_NOTICES / sizeof TF_NOTICES[0]; k++) {
            size_t len = strlen(TF_NOTICES[k]), have = n - TF_STAMP < len ? n - TF_STAMP : len;
            if (memcmp(line + TF_STAMP, TF_NOTICES[k], have) == 0) {
                if (have == len) {
                    return 1;
                }
                undecided = 1;
            }
        }
        return undecided ? -1 : 0;
    }
    size_t preamble = sizeof ABSL_PREAMBLE - 1;
    if (n > 0 && line[0] == 'W') {
        size_t m = n < preamble ? n : preamble;
        if (memcmp(line, ABSL_PREAMBLE, m) != 0) {
            return 0;
        }
        return n < preamble ? -1 : 1;
    }
    if (n > 0 && line[0] == 'I') {
        for (size_t i = 1; i < 5; i++) {
            if (i >= n) {
                return -1;
            }
            if (line[i] < '0' || line[i] > '9') {
                return 0;
            }
        }
        if (n < 6) {
            return -1;
        }
        return line[5] == ' ';
    }
    return n == 0 ? -1 : 0;
}

static void write_all(const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(real_stderr, p, n);
        if (w <= 0) {
            return;
        }
        p += w;
        n -= (size_t) w;
    }
}

static void *pump(void *arg) {
    (void) arg;
    char buf[65536];
    size_t have = 0;
    int dropping = 0; // inside a notice line longer than the buffer
    for (;;) {
        ssize_t r = read(pipe_read, buf + have, sizeof buf - have);
        if (r <= 0) {
            break;
        }
        have += (size_t) r;
        size_t start = 0;
        for (;;) {
            char *nl = memchr(buf + start, '\n', have - start);
            size_t len = nl == NULL ? have - start : (size_t) (nl - (buf + start)) + 1;
            int notice = dropping ? 1 : is_notice(buf + start, len);
            if (nl == NULL) {
                if (notice == 0) { // a partial line that is no notice: pass it on now (a prompt, say)
                    write_all(buf + start, len);
                    start += len;
                } else if (have - start == sizeof buf) { // a huge line: decide on what we have
                    if (notice == 0) {
                        write_all(buf + start, len);
                    }
                    dropping = notice != 0;
                    start += len;
                }
                break;
            }
            if (!notice) {
                write_all(buf + start, len);
            }
            dropping = 0;
            start += len;
        }
        memmove(buf, buf + start, have - start);
        have -= start;
    }
    if (have > 0 && !dropping && is_notice(buf, have) != 1) {
        write_all(buf, have);
    }
    return NULL;
}

JNIEXPORT jboolean JNICALL Java_dev_fmnist_ops_TensorFlowLogs_filterStderr(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    int fds[2];
    if (real_stderr >= 0 || pipe(fds) != 0) {
        return JNI_FALSE;
    }
    real_stderr = dup(2);
    pipe_read = fds[0];
    if (real_stderr < 0 || dup2(fds[1], 2) < 0) {
        close(fds[0]);
        close(fds[1]);
        return JNI_FALSE;
    }
    close(fds[1]);
    if (pthread_create(&pump_thread, NULL, pump, NULL) != 0) {
        dup2(real_stderr, 2);
        return JNI_FALSE;
    }
    return JNI_TRUE;
}

JNIEXPORT void JNICALL Java_dev_fmnist_ops_TensorFlowLogs_restoreStderr(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    if (real_stderr < 0) {
        return;
    }
    dup2(real_stderr, 2); // closes the pipe's last writer: the thread reads to its end and stops
    pthread_join(pump_thread, NULL);
    close(pipe_read);
}
