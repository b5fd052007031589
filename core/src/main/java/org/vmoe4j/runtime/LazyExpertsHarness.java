package org.vmoe4j.runtime;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.vmoe4j.config.ModelConfig;
import org.vmoe4j.config.Normalization;
import org.vmoe4j.config.ModelPresets;
import org.vmoe4j.export.ExportOptions;
import org.vmoe4j.export.ModelExport;
import org.vmoe4j.model.Model;
import org.vmoe4j.model.Models;

/**
 * What lazy experts save, measured so that anyone can repeat it: a Mobile V-MoE preset with random weights is
 * exported twice into a directory, with every expert in the graph and with its experts in a side file
 * ({@link MappedExperts}); each file is then evicted from the page cache ({@link PageCache}) and run in a JVM of
 * its own (the lazy one a second time with its expert file left in the page cache by the first) on random images
 * until they have reached three different experts, printing after each image the
 * process's resident set above its baseline (the JVM with ONNX Runtime loaded and no model), the resident bytes
 * of the side file, the latency, and the chosen expert; then the steady-state latency of the same images.
 * Both runs print every logit, and this parent checks that they are identical. Usage (Linux; JVM start and
 * export take a minute for mvmoe-12x384):
 * {@code java -cp core/target/vmoe4j.jar org.vmoe4j.runtime.LazyExpertsHarness [--model mvmoe-12x384] [--int8] DIR}.
 */
public final class LazyExpertsHarness {
    private static final int MAX_IMAGES = 64;
    private static final int STEADY_ROUNDS = 20;

    private LazyExpertsHarness() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        if (args[0].equals("--child")) {
            child(Path.of(args[1]));
            return;
        }
        String preset = "mvmoe-12x384";
        boolean int8 = false;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> preset = args[++i];
                case "--int8" -> int8 = true;
                default -> dir = Path.of(args[i]);
            }
        }
        Files.createDirectories(dir);
        ExportOptions options = int8 ? ExportOptions.int8() : ExportOptions.float32();
        Path whole = dir.resolve(preset + "-whole.onnx"), lazy = dir.resolve(preset + "-lazy.onnx");
        ModelConfig config = ModelPresets.get(preset).config();
        try (Model model = Models.build(config, 0)) {
            System.out.printf("%s: %,d parameters, %,d active per image%n", preset, model.totalCost().params(),
                    model.totalCost().activeParams());
            ModelExport.write(ModelExport.of(model, preset, List.of(), Normalization.HALF, options), whole);
            ModelExport.Written written = ModelExport.write(ModelExport.of(model, preset, List.of(), Normalization.HALF,
                    options.withSeparateExperts()), lazy);
            System.out.printf("whole graph %,d bytes; lazy: graph %,d bytes + experts %,d bytes%n", Files.size(whole),
                    written.onnxBytes(), written.expertBytes());
        }
        List<String> wholeRun = runChild(whole, whole, true);
        List<String> lazyRun = runChild(lazy, ModelExport.expertFile(lazy), true);
        runChild(lazy, ModelExport.expertFile(lazy), false);
        List<String> wholeLogits = wholeRun.stream().filter(l -> l.startsWith("logits")).toList();
        List<String> lazyLogits = lazyRun.stream().filter(l -> l.startsWith("logits")).toList();
        System.out.println(!wholeLogits.isEmpty() && wholeLogits.equals(lazyLogits)
                ? "identical logits and experts for all " + lazyLogits.size() + " images"
                : "DIFFERENT results: lazy " + lazyLogits.size() + " lines, whole " + wholeLogits.size());
    }

    /**
     * Runs {@code file} in a child JVM, with {@code weights} evicted from the page cache first or left there (as the
     * previous child read it), echoes its report and returns its lines.
     */
    private static List<String> runChild(Path file, Path weights, boolean evict) throws IOException, InterruptedException {
        if (evict && !PageCache.evict(weights)) {
            System.out.println("warning: could not evict " + weights + " from the page cache");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LazyExpertsHarness.class.getName(), "--child", file.toString()).redirectErrorStream(true).start();
        List<String> lines = new String(child.getInputStream().readAllBytes()).lines().toList();
        child.waitFor();
        System.out.println("== " + file.getFileName() + (evict ? ", weights read from storage"
                : ", weights in the page cache (as the previous run left them)"));
        lines.stream().filter(l -> !l.startsWith("logits")).forEach(System.out::println);
        return lines;
    }

    /** One model in this JVM: memory and latency per image until three experts were used, then steady state. */
    private static void child(Path file) {
        OrtEnvironment.getEnvironment();
        long baseline = ResidentMemory.process();
        long start = System.nanoTime();
        try (OnnxClassifier onnx = OnnxClassifier.open(file, 1)) {
            System.out.printf("open %.0f ms; resident above the no-model baseline %s%n", (System.nanoTime() - start) / 1e6,
                    megabytes(ResidentMemory.process() - baseline) + sideFile(onnx));
            Random random = new Random(0);
            int length = onnx.info().imageLength();
            List<float[]> images = new ArrayList<>();
            Set<Long> used = new LinkedHashSet<>();
            for (int i = 0; i < MAX_IMAGES && used.size() < 3; i++) {
                float[] image = new float[length];
                for (int j = 0; j < length; j++) {
                    image[j] = (float) random.nextGaussian();
                }
                images.add(image);
                long begin = System.nanoTime();
                OnnxClassifier.Output out = onnx.run(image, 1);
                double millis = (System.nanoTime() - begin) / 1e6;
                boolean first = used.add(out.experts()[0]);
                System.out.printf("image %d: expert %d%s, %.2f ms, resident above baseline %s%n", i, out.experts()[0],
                        first ? " (first use)" : "", millis, megabytes(ResidentMemory.process() - baseline) + sideFile(onnx));
                System.out.println("logits " + i + " " + Arrays.toString(out.experts()) + " " + Arrays.toString(out.logits()));
            }
            System.out.printf("steady state over %d images x %d: median %.2f ms%n", images.size(), STEADY_ROUNDS,
                    steadyMillis(onnx, images));
        }
    }

    private static double steadyMillis(OnnxClassifier onnx, List<float[]> images) {
        double[] millis = new double[images.size() * STEADY_ROUNDS];
        for (int r = 0, n = 0; r < STEADY_ROUNDS; r++) {
            for (float[] image : images) {
                long begin = System.nanoTime();
                onnx.run(image, 1);
                millis[n++] = (System.nanoTime() - begin) / 1e6;
            }
        }
        Arrays.sort(millis);
        return millis[millis.length / 2];
    }

    private static String sideFile(OnnxClassifier onnx) {
        return onnx.experts() == null ? "" : ", of it the expert file " + megabytes(onnx.experts().residentBytes());
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }
}
