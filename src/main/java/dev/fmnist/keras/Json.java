package dev.fmnist.keras;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.util.List;
import java.util.Map;

/** Keras configs as plain maps and lists (numbers as doubles), read and written with Gson. */
final class Json {
    private Json() {}

    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    /** The JSON object in {@code text}, or null when {@code text} is not one. */
    static Map<String, Object> parseObject(String text) {
        try {
            return GSON.fromJson(text, new TypeToken<Map<String, Object>>() {}.getType());
        } catch (JsonParseException e) {
            return null;
        }
    }

    static String write(Object value) {
        return GSON.toJson(value);
    }

    /** {@code value} as compact JSON, for messages. */
    static String text(Object value) {
        return GSON.toJson(value);
    }

    static String string(Map<String, Object> m, String key, String otherwise) {
        return m.get(key) instanceof String s ? s : otherwise;
    }

    static double number(Map<String, Object> m, String key, double otherwise) {
        return m.get(key) instanceof Number n ? n.doubleValue() : otherwise;
    }

    static boolean bool(Map<String, Object> m, String key, boolean otherwise) {
        return m.get(key) instanceof Boolean b ? b : otherwise;
    }

    static List<?> list(Map<String, Object> m, String key) {
        return m.get(key) instanceof List<?> l ? l : List.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
