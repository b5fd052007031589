package org.vmoe4j.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.vmoe4j.UserError;

/** The images of a job as the driver sees them: how many, and how they are spread over partitions. */
sealed interface JobImages {
    /** What the executors read the images from. */
    ImageInput input();

    /** How many images there are. */
    long count(SparkSession spark);

    /** One reference per image, over {@code partitions} partitions of about equal size. */
    JavaRDD<ImageRef> refs(SparkSession spark, int partitions);

    /** For the summary: the spec and split, or the list file. */
    String describe();

    /** A split of a dataset: the driver opens it to count its images; the executors read them by index. */
    record FromDataset(DatasetInput input) implements JobImages {
        @Override
        public long count(SparkSession spark) {
            return input.source().size();
        }

        @Override
        public JavaRDD<ImageRef> refs(SparkSession spark, int partitions) {
            return spark.range(0, count(spark), 1, partitions).javaRDD().map(i -> new ImageRef(i, null));
        }

        @Override
        public String describe() {
            return input.spec() + " (" + input.split().name().toLowerCase(Locale.ROOT) + " split)";
        }
    }

    /**
     * A text file of image paths, one per line (blank lines skipped), read by Spark (a local path or any Hadoop
     * file system URI). A relative path in a local list is relative to the list's directory.
     */
    record FromList(String list) implements JobImages {
        @Override
        public ImageInput input() {
            return new PathListInput();
        }

        @Override
        public long count(SparkSession spark) {
            return lines(spark).count();
        }

        @Override
        public JavaRDD<ImageRef> refs(SparkSession spark, int partitions) {
            return lines(spark).repartition(partitions);
        }

        @Override
        public String describe() {
            return list;
        }

        /** The non-blank lines with their line numbers, relative paths resolved. */
        private JavaRDD<ImageRef> lines(SparkSession spark) {
            Path file = checked(spark);
            String base = "file".equals(file.toUri().getScheme()) ? file.getParent().toUri().getPath() : null;
            return spark.read().textFile(file.toString()).javaRDD().zipWithIndex()
                    .map(line -> ImageRef.fromLine(line._2(), line._1(), base)).filter(ref -> ref != null);
        }

        /** The list read here, without Spark (a local file), for the baseline. */
        List<ImageRef> readLocally() throws IOException {
            java.nio.file.Path file = java.nio.file.Path.of(list).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw missing();
            }
            List<String> lines = Files.readAllLines(file);
            List<ImageRef> refs = new ArrayList<>();
            for (int n = 0; n < lines.size(); n++) {
                ImageRef ref = ImageRef.fromLine(n, lines.get(n), file.getParent().toString());
                if (ref != null) {
                    refs.add(ref);
                }
            }
            return refs;
        }

        private Path checked(SparkSession spark) {
            try {
                Path path = new Path(list);
                FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
                if (!fs.isFile(path)) {
                    throw missing();
                }
                return fs.makeQualified(path);
            } catch (IOException e) {
                throw new UserError("--images " + list + ": cannot read it (" + e.getMessage() + ")", e);
            }
        }

        private UserError missing() {
            return new UserError("--images " + list + ": no such file (expected a text file of image paths, one per line)");
        }
    }
}
