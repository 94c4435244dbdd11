package dev.fmnist.ops;

import java.util.Locale;

/** Which kernels run the blocks the native library fuses: ours, or TensorFlow's stock ops. */
public enum Kernels {
    NATIVE, STOCK;

    public static Kernels parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "native" -> NATIVE;
            case "stock" -> STOCK;
            default -> throw new IllegalArgumentException("kernels must be native or stock, not " + text);
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
