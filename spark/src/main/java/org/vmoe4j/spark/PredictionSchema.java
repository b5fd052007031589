package org.vmoe4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The job's output table, one row per image. Parquet keeps the arrays; CSV has no arrays, so there each array
 * is one field with its elements joined by {@value #CSV_SEPARATOR}.
 */
final class PredictionSchema {
    static final String INDEX = "index";
    static final String PATH = "path";
    static final String LABEL = "label";
    static final String LABEL_NAME = "label_name";
    static final String TOP5_CLASS = "top5_class";
    static final String TOP5_NAME = "top5_name";
    static final String TOP5_PROBABILITY = "top5_probability";
    static final String EXPERTS = "experts";
    static final String GATES = "gates";
    static final String ERROR = "error";
    static final String CSV_SEPARATOR = ";";

    static final StructType SCHEMA = new StructType(new StructField[] {
        field(INDEX, DataTypes.LongType, false),
        field(PATH, DataTypes.StringType, true),
        field(LABEL, DataTypes.IntegerType, true),
        field(LABEL_NAME, DataTypes.StringType, true),
        field(TOP5_CLASS, array(DataTypes.IntegerType), true),
        field(TOP5_NAME, array(DataTypes.StringType), true),
        field(TOP5_PROBABILITY, array(DataTypes.FloatType), true),
        field(EXPERTS, array(DataTypes.LongType), true),
        field(GATES, array(DataTypes.FloatType), true),
        field(ERROR, DataTypes.StringType, true),
    });

    private PredictionSchema() {
    }

    /** The prediction as a row of {@link #SCHEMA}. */
    static Row toRow(Prediction p) {
        return RowFactory.create(p.ref().index(), p.ref().path(), p.label() < 0 ? null : p.label(), p.labelName(),
                p.topClasses() == null ? null : Arrays.stream(p.topClasses()).boxed().toArray(Integer[]::new),
                p.topNames() == null ? null : p.topNames().toArray(String[]::new),
                boxed(p.topProbabilities()),
                p.experts() == null ? null : Arrays.stream(p.experts()).boxed().toArray(Long[]::new),
                boxed(p.gates()), p.error());
    }

    /** The table with every array column turned into one text field, for CSV. */
    static Dataset<Row> flattenForCsv(Dataset<Row> table) {
        List<Column> columns = Arrays.stream(SCHEMA.fields()).map(f -> f.dataType() instanceof ArrayType
                ? concat_ws(CSV_SEPARATOR, col(f.name()).cast(array(DataTypes.StringType))).as(f.name())
                : col(f.name())).toList();
        return table.select(columns.toArray(Column[]::new));
    }

    private static Float[] boxed(float[] values) {
        if (values == null) {
            return null;
        }
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    private static StructField field(String name, DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }

    private static ArrayType array(DataType element) {
        return DataTypes.createArrayType(element, false);
    }
}
