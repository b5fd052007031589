package org.vmoe4j.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vmoe4j-spark classify}: the Spark job ({@link ClassifyJob}) from the command line. */
@Command(name = "classify", header = "Classify a dataset or a list of images on Spark with an exported ONNX model.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs ONNX Runtime on every executor (one session per executor JVM, shared by its tasks),",
            "a batch at a time per partition, and writes one row per image: index, path, label, top-5 classes",
            "and probabilities, the experts that ran (Mobile V-MoE) and an error for unreadable images.",
            "The output directory must not exist; it appears complete or not at all.", "",
            "Examples:", "  vmoe4j-spark classify --model m.onnx --data fashion-mnist-sample --out preds",
            "  spark-submit --class org.vmoe4j.spark.SparkMain vmoe4j-spark-all.jar classify --model m.onnx \\",
            "      --images paths.txt --format csv --out hdfs:///preds"})
final class ClassifyCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE.onnx", required = true, description = "A classifier written by 'vmoe4j export'.")
    Path model;

    @Mixin
    InputOptions input;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The output directory to create (local or a Hadoop URI).")
    String out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "parquet",
            description = "parquet or csv (arrays joined by ';'; default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "Images per ONNX Runtime call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "ONNX Runtime threads per executor session; tasks already run in parallel (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Partitions (default 0: about " + ClassifyJob.IMAGES_PER_PARTITION
                    + " images each, a multiple of the parallelism).")
    int partitions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ClassifyJob.Settings settings = new ClassifyJob.Settings(model, input.images(), positive("--batch-size", batchSize),
                positive("--threads", threads), partitions(), format(), out);
        boolean ours = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = session();
        try {
            JobSummary summary = ClassifyJob.run(spark, settings);
            print(spec.commandLine().getOut(), summary);
        } finally {
            if (ours) {
                spark.stop();
            }
        }
        return 0;
    }

    /** The session spark-submit configured, or a local one on every core when no master was given. */
    private static SparkSession session() {
        SparkSession.Builder builder = SparkSession.builder().appName("vmoe4j-spark classify");
        if (!new SparkConf().contains("spark.master")) {
            builder.master("local[*]");
        }
        return builder.getOrCreate();
    }

    private void print(PrintWriter printer, JobSummary s) {
        printer.printf(Locale.ROOT, "classified %,d images (%,d errors) in %.1f s on %d partitions: %.1f images/s%n",
                s.images(), s.errors(), s.seconds(), s.partitions(), s.imagesPerSecond());
        if (s.labelled() > 0) {
            printer.printf(Locale.ROOT, "top-1 accuracy %.2f%% on %,d labelled images%n", 100 * s.top1(), s.labelled());
        }
        printer.printf("wrote %s (%s)%n", out, format.toLowerCase(Locale.ROOT));
        printer.flush();
    }

    private ClassifyJob.Format format() {
        for (ClassifyJob.Format f : ClassifyJob.Format.values()) {
            if (f.name().equalsIgnoreCase(format)) {
                return f;
            }
        }
        throw new ParameterException(spec.commandLine(), "--format " + format + ": expected parquet or csv");
    }

    private int partitions() {
        if (partitions < 0) {
            throw new ParameterException(spec.commandLine(), "--partitions must be 0 (default) or positive, got " + partitions);
        }
        return partitions;
    }

    private int positive(String option, int value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1, got " + value);
        }
        return value;
    }
}
