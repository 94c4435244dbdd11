package dev.fmnist.train;

import dev.fmnist.data.AtomicFile;
import dev.fmnist.util.FmnistException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Checkpoints of a training run in a directory: one self-contained file per checkpoint, named by
 * its position ({@code ckpt-EEEE-SSSSSS.bin}), ending in a CRC-32 of everything before it. A file is
 * written to a temporary sibling, forced to disk and renamed into place, so a crash leaves either
 * the complete file or none; the two newest are kept.
 *
 * <p>Each checkpoint records a key (the model config and, for k-fold, the fold) and resuming with
 * another key is refused: continuing someone else's run would silently give wrong results.
 */
public final class CheckpointStore {
    private static final int MAGIC = 0x464d434b; // "FMCK"
    private static final int VERSION = 1;
    private static final int KEEP = 2;

    private final Path dir;

    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** A checkpoint that cannot be used; the message names the file. */
    public static final class CheckpointException extends FmnistException {
        CheckpointException(String message, Remedy remedy) {
            super(message, remedy, null);
        }
    }

    /** Writes {@code state} for the run identified by {@code key}, atomically, and prunes old files. */
    public Path write(String key, TrainingState state) throws IOException {
        Files.createDirectories(dir);
        byte[] body = encode(key, state);
        Path target = dir.resolve(String.format("ckpt-%04d-%06d.bin", state.epoch(), state.step()));
        AtomicFile.write(target, body);
        List<Path> all = files();
        for (int i = KEEP; i < all.size(); i++) {
            Files.deleteIfExists(all.get(i));
        }
        // Temporary files of writes that a kill interrupted: never loaded, but not to pile up either.
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, ".ckpt-*.tmp")) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
        return target;
    }

    /** Checkpoint files, newest first. */
    List<Path> files() throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "ckpt-*.bin")) {
            s.forEach(found::add);
        }
        found.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        return found;
    }

    /**
     * The newest checkpoint that reads back whole. A corrupt or truncated newer file is reported
     * through {@code warnings} and passed over; if there are files but none is usable, or the
     * usable one belongs to another run, the answer is an exception naming the file.
     */
    public Optional<TrainingState> newest(String key, java.util.function.Consumer<String> warnings)
            throws CheckpointException, IOException {
        List<Path> all = files();
        String firstProblem = null;
        for (Path p : all) {
            try {
                Decoded d = decode(p, Files.readAllBytes(p));
                if (!d.key.equals(key)) {
                    throw new CheckpointException("The checkpoint " + p + " belongs to another run (" + d.key + ").",
                            FmnistException.Remedy.CHECKPOINT_OF_ANOTHER_RUN);
                }
                return Optional.of(d.state);
            } catch (CorruptException e) {
                warnings.accept(Character.toUpperCase(e.getMessage().charAt(0)) + e.getMessage().substring(1,
                        e.getMessage().length() - 1) + "; passing over it.");
                firstProblem = firstProblem == null ? e.getMessage() : firstProblem;
            }
        }
        if (firstProblem != null) {
            throw new CheckpointException("No usable checkpoint in " + dir + ": " + firstProblem,
                    FmnistException.Remedy.CHECKPOINT_UNUSABLE);
        }
        return Optional.empty();
    }

    /** Deletes every checkpoint, for a run that starts afresh in a directory used before. */
    public void clear() throws IOException {
        for (Path p : files()) {
            Files.deleteIfExists(p);
        }
    }

    private record Decoded(String key, TrainingState state) {}

    private static final class CorruptException extends Exception {
        CorruptException(String message) {
            super(message);
        }
    }

    static byte[] encode(String key, TrainingState s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(key);
        out.writeInt(s.epoch());
        out.writeInt(s.step());
        out.writeDouble(s.elapsedSeconds());
        out.writeInt(s.history().size());
        for (EpochLogs l : s.history()) {
            out.writeDouble(l.loss());
            out.writeDouble(l.accuracy());
            out.writeDouble(l.valLoss());
            out.writeDouble(l.valAccuracy());
            out.writeDouble(l.seconds());
            out.writeInt(l.steps());
        }
        out.writeInt(s.variables().size());
        for (Map.Entry<String, TrainingState.Value> e : s.variables().entrySet()) {
            TrainingState.Value v = e.getValue();
            out.writeUTF(e.getKey());
            out.writeInt(v.dataType());
            out.writeInt(v.shape().length);
            for (long d : v.shape()) {
                out.writeLong(d);
            }
            out.writeInt(v.bytes().length);
            out.write(v.bytes());
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        return bytes.toByteArray();
    }

    static Decoded decode(Path file, byte[] all) throws CorruptException {
        String what = "the checkpoint " + file;
        if (all.length < 16) {
            throw new CorruptException(what + " is truncated (" + all.length + " bytes).");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (crc.getValue() != stored) {
            throw new CorruptException(what + " is truncated or corrupt (its checksum does not match).");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8));
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new CorruptException(what + " is not a checkpoint of this program.");
            }
            String key = in.readUTF();
            int epoch = in.readInt();
            int step = in.readInt();
            double elapsed = in.readDouble();
            int epochs = in.readInt();
            List<EpochLogs> history = new ArrayList<>();
            for (int i = 0; i < epochs; i++) {
                history.add(new EpochLogs(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                        in.readDouble(), in.readInt()));
            }
            int count = in.readInt();
            Map<String, TrainingState.Value> vars = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int type = in.readInt();
                long[] shape = new long[in.readInt()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readLong();
                }
                byte[] data = new byte[in.readInt()];
                in.readFully(data);
                vars.put(name, new TrainingState.Value(type, shape, data));
            }
            return new Decoded(key, new TrainingState(epoch, step, elapsed, history, vars));
        } catch (IOException | RuntimeException e) {
            throw new CorruptException(what + " is corrupt (" + e.getClass().getSimpleName() + ").");
        }
    }

    /** A stable description of a run, for {@link #write} and {@link #newest}. */
    public static String key(Object... parts) {
        return String.join(" ", Arrays.stream(parts).map(String::valueOf).toList());
    }
}
