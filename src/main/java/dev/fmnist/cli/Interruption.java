package dev.fmnist.cli;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM into a request that training honours between two steps, or that a
 * server waits for ({@link #await}). A second
 * signal ends the process at once, as a second Ctrl-C does in most programs, and then nothing is
 * written or said: the stop that the first signal asked for is held until {@link #WINDOW_MILLIS}
 * after it, so that a double Ctrl-C cannot race a checkpoint onto the disk.
 */
final class Interruption {
    /** How long after the first signal a second one still means "stop now, keep nothing". */
    static final long WINDOW_MILLIS = 1000;

    private record First(Signal signal, long atNanos) {}

    private final AtomicReference<First> received = new AtomicReference<>();
    private final java.util.concurrent.CountDownLatch signalled = new java.util.concurrent.CountDownLatch(1);

    /** Handles SIGINT and SIGTERM in this process from now on. */
    static Interruption install() {
        Interruption i = new Interruption();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), s -> {
                if (!i.received.compareAndSet(null, new First(s, System.nanoTime()))) {
                    Runtime.getRuntime().halt(128 + s.getNumber());
                }
                i.signalled.countDown();
            });
        }
        return i;
    }

    /** A request nobody can make, for runs without signal handling (tests, library use). */
    static Interruption none() {
        return new Interruption();
    }

    /**
     * Whether a signal asked training to stop. Once one has, this waits out the rest of the window
     * before it says yes; a second signal in that time ends the process from its handler.
     */
    boolean requested() {
        First first = received.get();
        if (first == null) {
            return false;
        }
        long deadline = first.atNanos() + TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return true;
    }

    /**
     * Blocks until the first signal arrives (for a server, which has no steps to check between).
     * A second signal still ends the process at once.
     */
    void await() throws InterruptedException {
        signalled.await();
    }

    /** 130 after SIGINT, 143 after SIGTERM, as a shell reports a process those signals ended. */
    int exitCode() {
        First first = received.get();
        return first == null ? ExitCode.FAILURE : 128 + first.signal().getNumber();
    }
}
