package org.vmoe4j.tensor;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;

/**
 * Process-wide settings of the native PyTorch runtime that DJL only reaches through its PyTorch engine's JNI: the
 * number of intra-op threads (what {@code torch.set_num_threads} sets; DJL also reads the system property
 * {@code ai.djl.pytorch.num_threads} once at start-up) and PyTorch's (legacy) operator profiler.
 */
public final class NativeRuntime {
    private NativeRuntime() {
    }

    /** Intra-op threads of every later operator (matrix products, element-wise kernels). */
    public static void setThreads(int threads) {
        loaded();
        JniUtils.setNumThreads(threads);
    }

    public static int threads() {
        loaded();
        return JniUtils.getNumThreads();
    }

    /** Starts recording every operator with its input shapes (one recording at a time). */
    public static void startProfile() {
        loaded();
        JniUtils.startProfile(false, true, false);
    }

    /** Stops recording and writes the operators as a Chrome trace: a JSON array of {name, ts, dur, tid, args}. */
    public static void stopProfile(Path trace) {
        JniUtils.stopProfile(trace.toAbsolutePath().toString());
    }

    private static void loaded() {
        Engine.getEngine("PyTorch"); // loads the native library on first use
    }
}
