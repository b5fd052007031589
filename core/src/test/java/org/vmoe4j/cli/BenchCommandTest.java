package org.vmoe4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code vmoe4j bench} on a small Mobile V-MoE (32², patch 8, E = 10) with both engines: the JSON fields that
 * tools/bench_compare.py reads, one object per engine, the lazy experts' probe, and the refused combinations.
 */
class BenchCommandTest {
    private static final String[] MODEL = {"--model", "mvmoe-6x64", "--image-size", "32", "--patch-size", "8",
        "--classes", "10", "--iterations", "2", "--warmup", "1"};
    private static final String[] FORWARD_FIELDS = {"forwardImagesPerSecond", "forwardMsPerBatch", "forwardMsMedian",
        "forwardGflops"};

    private final CliHarness cli = new CliHarness();

    private JsonNode json(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("bench"));
        args.addAll(Arrays.asList(MODEL));
        args.addAll(Arrays.asList(more));
        args.add("--json");
        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err.toString()).isZero();
        return new ObjectMapper().readTree(cli.out.toString());
    }

    @Test
    void oneRunMeasuresBothEnginesWithTheirLoadTimesApart() throws Exception {
        JsonNode root = json("--batch", "1", "--phases", "forward", "--runtime", "djl,onnx");
        JsonNode djl = root.get("runtimes").get("djl");
        JsonNode onnx = root.get("runtimes").get("onnx");
        assertThat(root.get("runtimes").size()).isEqualTo(2);
        for (JsonNode engine : List.of(djl, onnx)) {
            for (String field : FORWARD_FIELDS) {
                assertThat(engine.get(field).asDouble()).as(engine.get("runtime") + " " + field).isPositive();
            }
            assertThat(engine.get("forwardCpuMsPerBatch").isNumber()).as("CPU ms, 0 below the clock's tick").isTrue();
            assertThat(engine.get("latencyMsMedian").asDouble()).isEqualTo(engine.get("forwardMsMedian").asDouble());
            assertThat(engine.get("trainImagesPerSecond").isNull()).isTrue();
        }
        assertThat(onnx.get("threads").asInt()).as("ONNX Runtime's default at batch 1").isEqualTo(1);
        assertThat(onnx.get("quantization").asText()).isEqualTo("float32");
        assertThat(onnx.get("exportMs").asDouble()).isPositive();
        assertThat(onnx.get("sessionMs").asDouble()).isPositive();
        assertThat(onnx.get("onnxBytes").asLong()).isGreaterThan(4L * root.get("parameters").asLong());
        assertThat(onnx.get("readyMs").asDouble()).isGreaterThan(djl.get("readyMs").asDouble());
        assertThat(root.get("jvmStartToCommandMs").asDouble()).isPositive();
        assertThat(root.get("modelBuildMs").asDouble()).isPositive();
        // the top level is the first engine's, as bench_compare.py reads it
        assertThat(root.get("runtime").asText()).isEqualTo("djl");
        assertThat(root.get("forwardMsMedian")).isEqualTo(djl.get("forwardMsMedian"));
        assertThat(root.get("onnxRuntimeVersion").asText()).isNotEmpty();
    }

    @Test
    void djlAloneKeepsTheTrainingAndForwardFields() throws Exception {
        JsonNode root = json("--batch", "2");
        assertThat(root.get("runtime").asText()).isEqualTo("djl");
        assertThat(root.get("trainImagesPerSecond").asDouble()).isPositive();
        assertThat(root.get("forwardImagesPerSecond").asDouble()).isPositive();
        assertThat(root.get("latencyMsMedian").isNull()).as("batch 2 has no batch-1 latency").isTrue();
        assertThat(root.get("runtimes").fieldNames()).toIterable().containsExactly("djl");
    }

    @Test
    void theTableHasOneBlockPerEngineAndSaysOnnxRuntimeDoesNotTrain() {
        List<String> args = new ArrayList<>(List.of("bench"));
        args.addAll(Arrays.asList(MODEL));
        args.addAll(List.of("--batch", "2", "--runtime", "onnx,djl", "--quantize", "int8"));
        assertThat(cli.run(args.toArray(String[]::new))).as(cli.err.toString()).isZero();
        String out = cli.out.toString();
        assertThat(out).containsPattern("(?m)^onnx \\(2 threads, int8\\): export [\\d,]+ ms \\([\\d,]+ bytes\\), "
                + "session [\\d,]+ ms, ready [\\d,]+ ms after JVM start$");
        assertThat(out).containsPattern("(?m)^djl \\(\\d+ threads?, sparse dispatch\\), ready");
        assertThat(out).contains("train step  measured with DJL only").containsPattern("(?m)^  train step +[\\d.]+ images/s");
        assertThat(out.indexOf("onnx (")).as("rows in the order asked").isLessThan(out.indexOf("djl ("));
    }

    @Test
    void staticInt8CalibratesOnRandomImagesAndRuns() throws Exception {
        JsonNode onnx = json("--batch", "4", "--runtime", "onnx", "--phases", "forward", "--quantize", "int8-static",
                "--threads", "1").get("runtimes").get("onnx");
        assertThat(onnx.get("quantization").asText()).isEqualTo("int8-static");
        assertThat(onnx.get("threads").asInt()).isEqualTo(1);
        assertThat(onnx.get("forwardImagesPerSecond").asDouble()).isPositive();
    }

    /** The probe of issue 13 on a model whose experts are 10 × 262 kB: from an evicted side file, one expert at a time. */
    @Test
    void lazyExpertsReachThreeExpertsAndGiveExactlyTheWholeGraphsResults() throws Exception {
        JsonNode probe = json("--batch", "1", "--runtime", "onnx", "--phases", "forward", "--lazy-experts")
                .get("runtimes").get("onnx").get("lazyExpertsProbe");
        assertThat(probe.get("identicalToWholeGraph").asBoolean()).as(probe.toString()).isTrue();
        assertThat(probe.get("maxLogitDifference").asDouble()).isZero();
        assertThat(probe.get("distinctExperts").asInt()).isEqualTo(3);
        assertThat(probe.get("images").get(0).get("firstUse").asBoolean()).isTrue();
        assertThat(probe.get("imagesCompared").asInt()).isEqualTo(probe.get("images").size());
        assertThat(probe.get("evictedBeforeMapping").asBoolean()).as("dd iflag=nocache").isTrue();
        long file = probe.get("expertFileBytes").asLong();
        assertThat(probe.get("bytesPerExpert").asLong()).isEqualTo(file / 10);
        assertThat(probe.get("residentBytesAfterFirstImage").asLong()).as("one expert and read-ahead, not ten")
                .isPositive().isLessThan(file / 2);
        assertThat(probe.get("residentBytesAfterThreeExperts").asLong())
                .isGreaterThanOrEqualTo(probe.get("residentBytesAfterFirstImage").asLong());
        assertThat(probe.get("steadyMsMedian").asDouble()).isPositive();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(new String[] {"--quantize", "int8"}, "--quantize int8 applies to ONNX Runtime"),
                Arguments.of(new String[] {"--lazy-experts"}, "--lazy-experts applies to ONNX Runtime"),
                Arguments.of(new String[] {"--runtime", "onnx", "--phases", "train"}, "forward passes only"),
                Arguments.of(new String[] {"--runtime", "djl,onnx", "--profile", "t.json"}, "--profile records DJL"),
                Arguments.of(new String[] {"--runtime", "onnx", "--model", "mmlit-xxs"}, "mmlit-xxs is a pre-training"),
                Arguments.of(new String[] {"--runtime", "onnx", "--lazy-experts", "--model", "vit-6x64"},
                        "--lazy-experts needs a Mobile V-MoE routed per image"),
                Arguments.of(new String[] {"--runtime", "onnx", "--lazy-experts", "--router", "token"},
                        "mvmoe-6x64 is vmoe"),
                Arguments.of(new String[] {"--runtime", "tpu"}, "expected one of djl, onnx"),
                Arguments.of(new String[] {"--runtime", "onnx", "--quantize", "int4"}, "--quantize"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refusals")
    void refusedCombinationsAreOneLineUsageErrors(String[] options, String message) {
        List<String> args = new ArrayList<>(List.of("bench"));
        args.addAll(Arrays.asList(options));
        if (!args.contains("--model")) {
            args.addAll(List.of("--model", "mvmoe-6x64"));
        }
        assertThat(cli.run(args.toArray(String[]::new))).isEqualTo(2);
        String err = cli.err.toString();
        assertThat(err).startsWith("error: ").contains(message).doesNotContain("\tat ");
        assertThat(err.strip().lines().count()).isEqualTo(1);
        assertThat(cli.out.toString()).isEmpty();
    }
}
