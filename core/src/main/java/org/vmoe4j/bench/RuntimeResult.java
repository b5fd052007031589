package org.vmoe4j.bench;

import org.vmoe4j.eval.InferenceEngine;
import org.vmoe4j.train.Benchmark;

/**
 * What one engine measured in a {@code bench} run.
 *
 * @param form DJL's dispatch (sparse, dense), or the exported form (float32, int8, int8-static)
 * @param readyMillis milliseconds from the JVM's start to the engine being ready for its first batch
 * @param onnx how the ONNX Runtime session came to be; null for DJL
 * @param report the phases measured (ONNX Runtime: forward only)
 * @param lazyExperts the lazy experts' probe; null unless asked for
 */
public record RuntimeResult(InferenceEngine runtime, int threads, String form, double readyMillis,
                            OnnxBenchmark.Load onnx, Benchmark.Report report, LazyExpertsProbe.Report lazyExperts) {
}
