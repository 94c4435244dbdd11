package dev.fmnist.ops;

import dev.fmnist.util.EnumText;

/** Which kernels run the blocks the native library fuses: ours, or TensorFlow's stock ops. */
public enum Kernels {
    NATIVE, STOCK;

    public static Kernels parse(String text) {
        return EnumText.parse(Kernels.class, "kernels", text);
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
