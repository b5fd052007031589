package org.vmoe4j.cli;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.vmoe4j.bench.LazyExpertsProbe;
import org.vmoe4j.bench.OnnxBenchmark;
import org.vmoe4j.bench.RuntimeResult;
import org.vmoe4j.bench.Timing;
import org.vmoe4j.eval.InferenceEngine;
import org.vmoe4j.model.Model;
import org.vmoe4j.train.StepProfile;

/**
 * What {@code bench} prints: a table with one block per engine, or one JSON object whose top level keeps the fields
 * tools/bench_compare.py reads (those of the first engine) and holds every engine's under {@code runtimes}.
 */
final class BenchOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String preset;
    private final int batch;
    private final int iterations;
    private final int warmup;
    private final long params;
    private final long flops;
    private final double commandMillis;
    private final double buildMillis;

    /**
     * @param commandMillis from the JVM's start to the command's start
     * @param buildMillis building the model with random weights (the first DJL call loads PyTorch's library)
     */
    BenchOutput(String preset, int batch, int iterations, int warmup, Model model, double commandMillis,
                double buildMillis) {
        this.preset = preset;
        this.batch = batch;
        this.iterations = iterations;
        this.warmup = warmup;
        this.params = model.parameters().count();
        this.flops = model.totalCost().flops();
        this.commandMillis = commandMillis;
        this.buildMillis = buildMillis;
    }

    void print(PrintWriter out, List<RuntimeResult> results) {
        out.printf("%s, batch %d: %.1f MFLOPs/image, %,d parameters; JVM start to command %,.0f ms, model built (random "
                + "weights) in %,.0f ms%n", preset, batch, flops / 1e6, params, commandMillis, buildMillis);
        for (RuntimeResult r : results) {
            out.printf("%s, ready %,.0f ms after JVM start%n", header(r), r.readyMillis());
            phase(out, "forward", r.report().forward());
            if (r.runtime() == InferenceEngine.ONNX) {
                out.println("  train step  measured with DJL only");
            } else {
                phase(out, "train step", r.report().training());
            }
            if (r.lazyExperts() != null) {
                printLazy(out, r.lazyExperts(), r.onnx().evicted());
            }
        }
    }

    /** "djl (2 threads, sparse dispatch)" or "onnx (1 thread, int8): export 310 ms (2,274,380 bytes), session 95 ms". */
    private static String header(RuntimeResult r) {
        OnnxBenchmark.Load load = r.onnx();
        String form = r.runtime() == InferenceEngine.DJL ? r.form() + " dispatch"
                : r.form() + (r.lazyExperts() != null ? ", lazy experts" : "");
        String engine = String.format("%s (%d thread%s, %s)", r.runtime().name().toLowerCase(), r.threads(),
                r.threads() == 1 ? "" : "s", form);
        if (load == null) {
            return engine;
        }
        String experts = load.expertBytes() > 0 ? String.format(" + experts %,d", load.expertBytes()) : "";
        return String.format("%s: export %,.0f ms (%,d bytes%s), session %,.0f ms", engine, load.exportMillis(),
                load.onnxBytes(), experts, load.sessionMillis());
    }

    String json(List<RuntimeResult> results) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", preset);
        root.put("batch", batch);
        root.put("iterations", iterations);
        root.put("warmup", warmup);
        root.put("parameters", params);
        root.put("flopsPerImage", flops);
        root.put("jvmStartToCommandMs", commandMillis);
        root.put("modelBuildMs", buildMillis);
        root.setAll(engine(results.get(0)));
        ObjectNode runtimes = root.putObject("runtimes");
        results.forEach(r -> runtimes.set(r.runtime().name().toLowerCase(), engine(r)));
        root.put("pytorchVersion", Engine.getEngine("PyTorch").getVersion());
        if (results.stream().anyMatch(r -> r.runtime() == InferenceEngine.ONNX)) {
            root.put("onnxRuntimeVersion", OrtEnvironment.getEnvironment().getVersion());
        }
        return JSON.writeValueAsString(root);
    }

    void printProfile(PrintWriter out, Path trace, StepProfile.Summary s) {
        out.printf("%d profiled training steps (trace: %s), per step: %.1f ms%n", s.steps(), trace, s.wallMillis());
        out.printf("%-10s %14s %12s %12s %8s%n", "phase", "top-level ops", "in ops ms", "wall ms", "in ops");
        for (StepProfile.PhaseCost p : s.phases()) {
            out.printf("%-10s %14.0f %12.2f %12.2f %7.0f%%%n", p.phase().name().toLowerCase(), p.calls(), p.opMillis(),
                    p.wallMillis(), 100 * p.opMillis() / p.wallMillis());
        }
        out.println("backward's top-level ops are autograd nodes run by one native call.");
        out.printf("%-50s %10s %12s%n", "operator (self time, per step)", "calls", "self ms");
        for (StepProfile.OpCost op : s.topOps()) {
            out.printf("%-50s %10.0f %12.2f%n", op.name(), op.calls(), op.selfMillis());
        }
    }

    /** One engine's fields; DJL's carry its dispatch, ONNX Runtime's its form and load times. */
    private ObjectNode engine(RuntimeResult r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("runtime", r.runtime().name().toLowerCase());
        node.put("threads", r.threads());
        node.put(r.runtime() == InferenceEngine.DJL ? "dispatch" : "quantization", r.form());
        node.put("readyMs", r.readyMillis());
        if (r.onnx() != null) {
            node.put("exportMs", r.onnx().exportMillis());
            node.put("sessionMs", r.onnx().sessionMillis());
            node.put("onnxBytes", r.onnx().onnxBytes());
            node.put("lazyExperts", r.lazyExperts() != null);
        }
        put(node, "train", r.report().training());
        put(node, "forward", r.report().forward());
        Timing.Result forward = r.report().forward();
        node.put("latencyMsMedian", batch == 1 && forward != null ? forward.millisMedian() : null);
        if (r.lazyExperts() != null) {
            node.set("lazyExpertsProbe", lazy(r.lazyExperts(), r.onnx().evicted()));
        }
        return node;
    }

    private static void put(ObjectNode node, String phase, Timing.Result r) {
        node.put(phase + "ImagesPerSecond", r == null ? null : r.imagesPerSecond());
        node.put(phase + "MsPerBatch", r == null ? null : r.millisPerBatch());
        node.put(phase + "MsMedian", r == null ? null : r.millisMedian());
        node.put(phase + "CpuMsPerBatch", r == null ? null : r.cpuMillisPerBatch());
        node.put(phase + "Gflops", r == null ? null : r.gigaflops());
    }

    private static ObjectNode lazy(LazyExpertsProbe.Report p, boolean evicted) {
        ObjectNode node = JSON.createObjectNode();
        node.put("expertFileBytes", p.sideFileBytes());
        node.put("experts", p.experts());
        node.put("bytesPerExpert", p.expertBytes());
        node.put("evictedBeforeMapping", evicted);
        node.put("residentBytesAtOpen", bytes(p.residentAtOpen()));
        node.put("residentBytesAfterFirstImage", bytes(p.images().get(0).residentBytes()));
        node.put("residentBytesAfterThreeExperts", p.distinctExperts() >= 3 ? bytes(p.residentAfterThreeExperts()) : null);
        node.put("distinctExperts", p.distinctExperts());
        node.put("firstImageMs", p.images().get(0).millis());
        node.put("firstUseMsMedian", Double.isNaN(p.firstUseMillisMedian()) ? null : p.firstUseMillisMedian());
        node.put("steadyMsMedian", p.steadyMillisMedian());
        ArrayNode images = node.putArray("images");
        for (LazyExpertsProbe.Image image : p.images()) {
            ObjectNode i = images.addObject();
            ArrayNode experts = i.putArray("experts");
            for (long e : image.experts()) {
                experts.add(e);
            }
            i.put("firstUse", image.firstUse());
            i.put("ms", image.millis());
            i.put("residentBytes", bytes(image.residentBytes()));
        }
        node.put("imagesCompared", p.comparison().images());
        node.put("sameExpertsAsWholeGraph", p.comparison().sameExperts());
        node.put("maxLogitDifference", p.comparison().maxLogitDifference());
        node.put("identicalToWholeGraph", p.comparison().identical());
        return node;
    }

    private static void phase(PrintWriter out, String phase, Timing.Result r) {
        if (r != null) {
            out.printf("  %-11s %10.1f images/s %10.2f ms/batch (median %.2f) %8.1f GFLOP/s%n", phase,
                    r.imagesPerSecond(), r.millisPerBatch(), r.millisMedian(), r.gigaflops());
        }
    }

    private static void printLazy(PrintWriter out, LazyExpertsProbe.Report p, boolean evicted) {
        out.printf("  lazy experts: expert file %,d bytes, %d experts of %,d bytes, %s; resident at open %s%n",
                p.sideFileBytes(), p.experts(), p.expertBytes(), evicted ? "evicted from the page cache before mapping"
                        : "NOT evicted from the page cache (dd failed): pages may be mapped in large folios",
                resident(p.residentAtOpen(), p.expertBytes()));
        for (int i = 0; i < p.images().size(); i++) {
            LazyExpertsProbe.Image image = p.images().get(i);
            out.printf("    image %2d: experts %s%s, %8.2f ms, expert file resident %s%n", i,
                    Arrays.toString(image.experts()), image.firstUse() ? " (first use)" : "            ",
                    image.millis(), resident(image.residentBytes(), p.expertBytes()));
        }
        out.printf("    first image %.2f ms (also the session's first run); later first uses of an expert: median %.2f ms;"
                + " steady state (the same %d images, experts resident): median %.2f ms%n", p.images().get(0).millis(),
                p.firstUseMillisMedian(), p.images().size(), p.steadyMillisMedian());
        LazyExpertsProbe.Comparison c = p.comparison();
        out.printf("    the model with every expert in its graph, same %d images: %s%n", c.images(), c.identical()
                ? "identical logits and experts" : String.format("DIFFERENT: experts %s, largest logit difference %.3g",
                c.sameExperts() ? "the same" : "differ", c.maxLogitDifference()));
    }

    /** "14.2 MB (1.00 experts)", or "unknown" off Linux. */
    private static String resident(long bytes, long expertBytes) {
        return bytes < 0 ? "unknown" : String.format("%.1f MB (%.2f experts)", bytes / 1e6, (double) bytes / expertBytes);
    }

    private static Long bytes(long bytes) {
        return bytes < 0 ? null : bytes;
    }
}
