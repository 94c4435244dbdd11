package dev.fmnist.cli;

import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM into a request that training honours between two steps. A second
 * signal ends the process at once, as a second Ctrl-C does in most programs.
 */
final class Interruption {
    private final AtomicReference<Signal> received = new AtomicReference<>();

    /** Handles SIGINT and SIGTERM in this process from now on. */
    static Interruption install() {
        Interruption i = new Interruption();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), s -> {
                if (!i.received.compareAndSet(null, s)) {
                    Runtime.getRuntime().halt(128 + s.getNumber());
                }
            });
        }
        return i;
    }

    /** A request nobody can make, for runs without signal handling (tests, library use). */
    static Interruption none() {
        return new Interruption();
    }

    boolean requested() {
        return received.get() != null;
    }

    /** 130 after SIGINT, 143 after SIGTERM, as a shell reports a process those signals ended. */
    int exitCode() {
        Signal s = received.get();
        return s == null ? ExitCode.FAILURE : 128 + s.getNumber();
    }
}
