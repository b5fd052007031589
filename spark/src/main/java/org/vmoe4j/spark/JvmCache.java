package org.vmoe4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Objects that each JVM (a Spark executor, or the driver in local mode) opens once and shares between its
 * tasks: the ONNX Runtime session, an opened dataset. Opened lazily on first use, at most once per key even
 * when tasks ask at the same time; those that hold native memory ({@link AutoCloseable}) are closed when the
 * JVM shuts down.
 */
final class JvmCache {
    private static final Map<String, Object> OPEN = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(JvmCache::closeAll, "vmoe4j-jvm-cache-close"));
    }

    private JvmCache() {
    }

    /** The object opened for {@code key}, opening it with {@code open} the first time. */
    @SuppressWarnings("unchecked")
    static <T> T get(String key, Supplier<T> open) {
        return (T) OPEN.computeIfAbsent(key, ignored -> open.get());
    }

    private static void closeAll() {
        List<Object> values = new ArrayList<>(OPEN.values());
        OPEN.clear();
        for (Object value : values) {
            if (value instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // the JVM is going away; nothing is left to recover
                }
            }
        }
    }
}
