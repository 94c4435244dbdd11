package dev.fmnist.util;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The lower-case names by which flags and reports spell the constants of our enums. */
public final class EnumText {
    private EnumText() {}

    /** {@code constant}'s name in lower case: {@code ADAM} is {@code adam}. */
    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} named {@code text}, in any case.
     *
     * @param what what the value is, for the message: "optimizer must be sgd or adam, not rmsprop"
     * @throws IllegalArgumentException naming every value when none matches
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String what, String text) {
        E[] constants = type.getEnumConstants();
        for (E c : constants) {
            if (of(c).equals(text.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        List<String> names = Arrays.stream(constants).map(EnumText::of).toList();
        String choices = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        throw new IllegalArgumentException(what + " must be " + choices + ", not " + text);
    }
}
