package dev.fmnist.data;

import dev.fmnist.util.FmnistException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Finds Fashion-MNIST on this machine, downloading it into Keras' cache when allowed. */
public final class DataSource {
    /** Overrides the download mirror, e.g. for a mirror inside a company network. */
    public static final String MIRROR_ENV = "FASHION_MNIST_MIRROR";

    private DataSource() {}

    /**
     * The verified training and test sets.
     *
     * @param explicitDir the {@code --data-dir} flag, or null
     * @param offline     never download
     * @param progress    where download progress goes
     */
    public static FashionMnist.Split load(DataLocator locator, Path explicitDir, boolean offline, PrintStream progress)
            throws DataException {
        String mirror = System.getenv(MIRROR_ENV);
        return load(locator, explicitDir, offline, progress,
                URI.create(mirror == null || mirror.isBlank() ? Downloader.DEFAULT_MIRROR : mirror));
    }

    /** As {@link #load(DataLocator, Path, boolean, PrintStream)}, downloading from {@code mirror}. */
    public static FashionMnist.Split load(DataLocator locator, Path explicitDir, boolean offline, PrintStream progress,
                                          URI mirror) throws DataException {
        Optional<Path> found = locator.locate(explicitDir);
        if (found.isPresent()) {
            return FashionMnist.load(found.get());
        }
        String searched = String.join(", ", locator.searchPath().stream().map(Path::toString).toList());
        if (offline) {
            throw new DataException("Fashion-MNIST was not found in " + searched + ", and this run may not"
                    + " download it.", FmnistException.Remedy.DATA_OFFLINE, null);
        }
        Downloader downloader = new Downloader(mirror, progress);
        Path cache = locator.kerasCache();
        progress.println("Fashion-MNIST was not found in " + searched + "; downloading it to " + cache + ".");
        downloader.downloadAll(cache);
        return FashionMnist.load(cache);
    }
}
