package dev.fmnist.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the directory that holds Fashion-MNIST, in this order: an explicit directory (the
 * {@code --data-dir} flag), {@code $FASHION_MNIST_DIR}, Keras' cache
 * {@code ~/.keras/datasets/fashion-mnist}, and Debian's {@code /usr/share/datasets/fashion-mnist}.
 */
public final class DataLocator {

    public static final String ENV_VAR = "FASHION_MNIST_DIR";
    public static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private final Path home;
    private final Map<String, String> env;
    private final Path systemDir;

    public DataLocator(Path home, Map<String, String> env, Path systemDir) {
        this.home = home;
        this.env = env;
        this.systemDir = systemDir;
    }

    /** A locator for this machine: the user's home, the process environment, Debian's directory. */
    public static DataLocator forThisMachine() {
        return new DataLocator(Path.of(System.getProperty("user.home")), System.getenv(), SYSTEM_DIR);
    }

    /** Keras' cache directory, where a download goes. */
    public Path kerasCache() {
        return home.resolve(".keras").resolve("datasets").resolve("fashion-mnist");
    }

    /** The directories searched, in order, when no explicit one is given. */
    public List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>();
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            dirs.add(Path.of(fromEnv));
        }
        dirs.add(kerasCache());
        dirs.add(systemDir);
        return dirs;
    }

    /**
     * The directory to load from. An explicit directory must hold all four files: a user who names
     * one expects it to be used, not silently passed over.
     */
    public Optional<Path> locate(Path explicitDir) throws DataException {
        if (explicitDir != null) {
            if (!Files.isDirectory(explicitDir)) {
                throw new DataException("The data directory " + explicitDir + " does not exist.");
            }
            if (!FashionMnist.isComplete(explicitDir)) {
                throw new DataException("The data directory " + explicitDir + " does not hold the four"
                        + " Fashion-MNIST files (" + missing(explicitDir) + " missing).");
            }
            return Optional.of(explicitDir);
        }
        return searchPath().stream().filter(FashionMnist::isComplete).findFirst();
    }

    private static String missing(Path dir) {
        List<String> names = new ArrayList<>();
        for (DatasetFile f : DatasetFile.values()) {
            if (!Files.isRegularFile(FashionMnist.pathIn(dir, f))) {
                names.add(f.gzipName());
            }
        }
        return String.join(", ", names);
    }
}
