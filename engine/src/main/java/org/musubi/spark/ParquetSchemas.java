package org.musubi.spark;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A result schema defined once, as a Spark {@link StructType}, and its Parquet form derived from it: the Parquet
 * schema Spark itself writes for those columns (strings as UTF-8 binary, int, long, double, boolean; nullable
 * columns optional, the others required). Used by the jobs whose tasks write result Parquet directly (gwas
 * results, prs scores) so that Spark SQL reads their files with the Spark schema.
 */
public final class ParquetSchemas {
    private ParquetSchemas() {}

    /** The Parquet message {@code name} with {@code schema}'s columns in order. */
    public static MessageType of(StructType schema, String name) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (StructField f : schema.fields()) {
            b.addField(column(f));
        }
        return b.named(name);
    }

    /** {@code schema} without the named columns (e.g. a Hive-style partition column). */
    public static StructType without(StructType schema, String... names) {
        StructType out = new StructType();
        java.util.Set<String> drop = java.util.Set.of(names);
        for (StructField f : schema.fields()) {
            if (!drop.contains(f.name())) {
                out = out.add(f);
            }
        }
        return out;
    }

    private static Type column(StructField f) {
        org.apache.parquet.schema.Type.Repetition rep = f.nullable()
                ? org.apache.parquet.schema.Type.Repetition.OPTIONAL
                : org.apache.parquet.schema.Type.Repetition.REQUIRED;
        DataType t = f.dataType();
        if (t.equals(DataTypes.StringType)) {
            return Types.primitive(PrimitiveTypeName.BINARY, rep)
                    .as(LogicalTypeAnnotation.stringType())
                    .named(f.name());
        }
        PrimitiveTypeName p;
        if (t.equals(DataTypes.IntegerType)) {
            p = PrimitiveTypeName.INT32;
        } else if (t.equals(DataTypes.LongType)) {
            p = PrimitiveTypeName.INT64;
        } else if (t.equals(DataTypes.DoubleType)) {
            p = PrimitiveTypeName.DOUBLE;
        } else if (t.equals(DataTypes.BooleanType)) {
            p = PrimitiveTypeName.BOOLEAN;
        } else {
            throw new IllegalArgumentException("column " + f.name() + ": no Parquet form for " + t.simpleString());
        }
        return Types.primitive(p, rep).named(f.name());
    }
}
