package org.vmoe4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vmoe4j.UserError;
import org.vmoe4j.run.EpochMetrics;
import org.vmoe4j.run.RunDirectory;

/** {@code vmoe4j train --out DIR ...} in a JVM of its own, on the test class path, that a test can kill with SIGKILL. */
final class TrainProcess {
    private static final long TIMEOUT_MILLIS = 120_000;

    private final Process process;
    private final Path dir;
    private final Path log;

    private TrainProcess(Process process, Path dir, Path log) {
        this.process = process;
        this.dir = dir;
        this.log = log;
    }

    static TrainProcess start(Path dir, String... options) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", classPath, "org.vmoe4j.cli.Main", "train", "--out", dir.toString()));
        command.addAll(List.of(options));
        Path log = Files.createTempFile("vmoe4j-train", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new TrainProcess(process, dir, log);
    }

    /** Waits until the run has logged {@code epoch} epochs; returns that epoch's metrics. */
    EpochMetrics awaitEpoch(int epoch) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        RunDirectory run = new RunDirectory(dir);
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("train exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            List<EpochMetrics> metrics = metricsSoFar(run);
            if (metrics.size() >= epoch) {
                return metrics.get(epoch - 1);
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("no epoch " + epoch + " within " + TIMEOUT_MILLIS + " ms: " + Files.readString(log));
    }

    /** The lines written so far; none while the last one is still being appended. */
    private static List<EpochMetrics> metricsSoFar(RunDirectory run) {
        try {
            return run.readMetrics();
        } catch (UserError halfWritten) {
            return List.of();
        }
    }

    /** SIGKILL: no shutdown hook, no finally block runs in the child. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
