package dev.fmnist.cli;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/**
 * What a command does with the flags it was given (train, convert, list a sweep's tasks, serve...),
 * and the flags that mean something there: any other flag given is refused in one sentence rather
 * than passed over, so that no flag is silently without effect.
 *
 * @param name  the mode as a sentence names it: "--summary", "training"
 * @param takes the flags the mode reads, by long name
 */
record Mode(String name, Set<String> takes) {
    /** Flags every mode takes. */
    private static final Set<String> ALWAYS = Set.of("help", Flags.TF_LOG);

    /** A mode that reads the flags of {@code group} and {@code more}. */
    static Mode of(String name, Set<String> group, String... more) {
        return new Mode(name, union(group, more));
    }

    static Set<String> union(Set<String> group, String... more) {
        Set<String> all = new HashSet<>(group);
        all.addAll(Arrays.asList(more));
        return Set.copyOf(all);
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        return Set.copyOf(Stream.concat(a.stream(), b.stream()).toList());
    }

    /**
     * Refuses the first flag of {@code line} this mode does not read.
     *
     * @param homes for flags that mean something in one mode only, the flag that chooses it
     *              ({@code export-test-images} goes with {@code --export-samples})
     */
    void check(CommandLine line, Map<String, String> homes) throws UsageException {
        for (Option o : line.getOptions()) {
            String flag = o.getLongOpt();
            if (!takes.contains(flag) && !ALWAYS.contains(flag)) {
                String home = homes.get(flag);
                throw new UsageException(home != null && !line.hasOption(home.substring(2))
                        ? "--" + flag + " goes with " + home + "; " + name + " does nothing with it."
                        : "--" + flag + " does not apply to " + name + ".");
            }
        }
    }
}
