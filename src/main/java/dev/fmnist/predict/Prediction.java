package dev.fmnist.predict;

import dev.fmnist.data.FashionMnist;
import java.util.stream.IntStream;

/** One image's class probabilities as predict.jar reports them: ranked, and as its JSON line. */
public final class Prediction {
    private Prediction() {}

    /** Class indices from most to least likely. */
    public static int[] ranking(float[] p) {
        return IntStream.range(0, p.length).boxed()
                .sorted((a, b) -> Float.compare(p[b], p[a])).mapToInt(Integer::intValue).toArray();
    }

    /**
     * What {@code predict.jar --json} prints for one image: the file, the class, how the image was
     * fitted, every class's probability and, when {@code top} > 0, the {@code top} most likely.
     */
    public static String json(String file, Fit.Fitted fitted, float[] p, int top) {
        int[] rank = ranking(p);
        StringBuilder s = new StringBuilder("{\"file\": ").append(quote(file))
                .append(", \"class\": ").append(quote(FashionMnist.CLASS_NAMES.get(rank[0])))
                .append(", \"index\": ").append(rank[0])
                .append(", \"fit\": ").append(quote(fitted.fit().toString()))
                .append(", \"inverted\": ").append(fitted.inverted())
                .append(", \"probabilities\": {");
        for (int k = 0; k < p.length; k++) {
            s.append(k > 0 ? ", " : "").append(quote(FashionMnist.CLASS_NAMES.get(k))).append(": ").append(p[k]);
        }
        s.append('}');
        if (top > 0) {
            s.append(", \"top\": [");
            for (int i = 0; i < top; i++) {
                s.append(i > 0 ? ", " : "").append("{\"class\": ").append(quote(FashionMnist.CLASS_NAMES.get(rank[i])))
                        .append(", \"probability\": ").append(p[rank[i]]).append('}');
            }
            s.append(']');
        }
        return s.append('}').toString();
    }

    /** {@code s} as a JSON string literal. */
    public static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
