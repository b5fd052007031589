package org.vmoe4j.spark;

import org.apache.spark.sql.SparkSession;

/** The tests' one Spark session: local[2], no web UI; Spark's own shutdown hook stops it with the JVM. */
final class LocalSpark {
    private LocalSpark() {
    }

    static SparkSession session() {
        return SparkSession.builder().master("local[2]").appName("vmoe4j-spark tests")
                .config("spark.ui.enabled", false).config("spark.sql.shuffle.partitions", 2).getOrCreate();
    }
}
