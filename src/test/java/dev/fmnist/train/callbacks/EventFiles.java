package dev.fmnist.train.callbacks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tensorflow.proto.Event;

/** Reads TensorBoard event files back, for tests. */
public final class EventFiles {
    private EventFiles() {}

    /** The events of a TFRecord file: u64 length, u32 crc, the Event proto, u32 crc, repeated. */
    public static List<Event> events(Path folder) throws Exception {
        Path file;
        try (Stream<Path> s = Files.list(folder)) {
            file = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).findFirst().orElseThrow();
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (b.remaining() > 0) {
            int length = (int) b.getLong();
            b.getInt();
            byte[] data = new byte[length];
            b.get(data);
            b.getInt();
            events.add(Event.parseFrom(data));
        }
        return events;
    }

    public static List<String> scalars(List<Event> events) {
        return events.stream().filter(Event::hasSummary).map(e -> e.getSummary().getValue(0).getTag() + "@"
                + e.getStep() + "=" + e.getSummary().getValue(0).getSimpleValue()).toList();
    }
}
