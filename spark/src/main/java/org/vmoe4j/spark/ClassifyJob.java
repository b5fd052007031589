package org.vmoe4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.vmoe4j.UserError;
import org.vmoe4j.runtime.OnnxClassifier;

/**
 * The Spark job: spreads the images over partitions, classifies each partition on its executor with that
 * executor's one ONNX Runtime session ({@link PartitionClassifier}), and writes one row per image
 * ({@link PredictionSchema}) as Parquet or CSV into an {@link AtomicOutput}. The .onnx file travels to the
 * executors with {@code SparkContext.addFile}; the images are read where they lie.
 */
final class ClassifyJob {
    /** Output formats. */
    enum Format { PARQUET, CSV }

    /**
     * What to run.
     *
     * @param model the exported classifier (a file the driver reads)
     * @param images the images to classify
     * @param batchSize images per ONNX Runtime call
     * @param threads ONNX Runtime intra-op threads per executor session
     * @param partitions partitions to spread the images over; 0 for a default (see {@link #partitions})
     * @param format how to write the table
     * @param out the output directory, created by the job
     */
    record Settings(java.nio.file.Path model, JobImages images, int batchSize, int threads, int partitions, Format format, String out) {
    }

    /** Images per partition the default partitioning aims at. */
    static final int IMAGES_PER_PARTITION = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClassifyJob() {
    }

    /** Runs the job and commits its output; on failure nothing is left at {@code settings.out()}. */
    static JobSummary run(SparkSession spark, Settings settings) {
        OnnxClassifier.open(settings.model(), 1).close(); // the driver refuses a bad file before any task starts
        AtomicOutput output = AtomicOutput.create(settings.out(), spark.sparkContext().hadoopConfiguration());
        try {
            JobSummary summary = write(spark, settings, output);
            writeSummary(output, summary);
            output.commit();
            return summary;
        } catch (RuntimeException e) {
            output.abort();
            throw e;
        }
    }

    private static JobSummary write(SparkSession spark, Settings settings, AtomicOutput output) {
        spark.sparkContext().addFile(settings.model().toAbsolutePath().toString());
        long count = settings.images().count(spark);
        if (count == 0) {
            throw new UserError(settings.images().describe() + ": no images to classify");
        }
        int partitions = settings.partitions() > 0 ? settings.partitions()
                : partitions(count, spark.sparkContext().defaultParallelism());
        Counters counters = new Counters(spark);
        JavaRDD<Row> rows = settings.images().refs(spark, partitions).mapPartitions(classify(settings.model().getFileName().toString(),
                settings.threads(), settings.images().input(), settings.batchSize(), counters));
        Dataset<Row> table = spark.createDataFrame(rows, PredictionSchema.SCHEMA);
        long start = System.nanoTime();
        String dir = output.temporary().toString();
        if (settings.format() == Format.CSV) {
            PredictionSchema.flattenForCsv(table).write().mode(SaveMode.ErrorIfExists).option("header", true).csv(dir);
        } else {
            table.write().mode(SaveMode.ErrorIfExists).parquet(dir);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new JobSummary(settings.model().toString(), settings.images().describe(), partitions,
                counters.images.value(), counters.errors.value(), counters.labelled.value(), counters.correct.value(), seconds);
    }

    /**
     * Partitions for {@code images} images: about {@value #IMAGES_PER_PARTITION} each, rounded up to a multiple
     * of the cluster's parallelism so that no core idles in the last wave.
     */
    static int partitions(long images, int parallelism) {
        long waves = Math.max(1, (images + (long) parallelism * IMAGES_PER_PARTITION - 1) / ((long) parallelism * IMAGES_PER_PARTITION));
        return Math.toIntExact(waves * parallelism);
    }

    /** The executor side: this JVM's session, one batch at a time, counted. Static: captures no job state. */
    private static FlatMapFunction<Iterator<ImageRef>, Row> classify(String modelName, int threads,
                                                                             ImageInput input, int batchSize,
                                                                             Counters counters) {
        return refs -> {
            PartitionClassifier classifier = PartitionClassifier.open(java.nio.file.Path.of(SparkFiles.get(modelName)), threads, input,
                    batchSize);
            Iterator<Prediction> predictions = classifier.classify(refs);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return predictions.hasNext();
                }

                @Override
                public Row next() {
                    Prediction p = predictions.next();
                    counters.count(p);
                    return PredictionSchema.toRow(p);
                }
            };
        };
    }

    private static void writeSummary(AtomicOutput output, JobSummary summary) {
        Path file = new Path(output.temporary(), "_summary.json");
        try (OutputStream out = output.fileSystem().create(file, false)) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(out, summary);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** Counts kept by the tasks (Spark accumulators), summed on the driver. */
    private static final class Counters implements Serializable {
        final LongAccumulator images;
        final LongAccumulator errors;
        final LongAccumulator labelled;
        final LongAccumulator correct;

        Counters(SparkSession spark) {
            images = spark.sparkContext().longAccumulator("images");
            errors = spark.sparkContext().longAccumulator("errors");
            labelled = spark.sparkContext().longAccumulator("labelled");
            correct = spark.sparkContext().longAccumulator("correct");
        }

        void count(Prediction p) {
            images.add(1);
            if (p.error() != null) {
                errors.add(1);
            } else if (p.label() >= 0) {
                labelled.add(1);
                if (p.topClasses()[0] == p.label()) {
                    correct.add(1);
                }
            }
        }
    }
}
