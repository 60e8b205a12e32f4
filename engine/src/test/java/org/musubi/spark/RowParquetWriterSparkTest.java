package org.musubi.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.testing.SparkTestBase;

/**
 * Rows written by {@link RowParquetWriter} (values straight to parquet-mr's column writers) read back by Spark SQL as
 * they were written: every type, nulls in the optional columns, repeated and fresh strings, several row groups.
 */
class RowParquetWriterSparkTest extends SparkTestBase {
    @TempDir
    Path tmp;

    @Test
    void sparkReadsBackEveryRowAndTheSchema() throws Exception {
        StructType schema = new StructType()
                .add("contig", DataTypes.StringType, false)
                .add("pos", DataTypes.IntegerType, false)
                .add("id", DataTypes.StringType, true)
                .add("ac", DataTypes.LongType, true)
                .add("af", DataTypes.DoubleType, true)
                .add("partial", DataTypes.BooleanType, false)
                .add("n", DataTypes.IntegerType, true);
        Random rnd = new Random(3);
        List<Row> rows = new ArrayList<>();
        String[] strata = {"all", "afr", "eur_XX", "\u00e9"};
        for (int i = 0; i < 5000; i++) {
            rows.add(RowFactory.create(
                    i < 2500 ? "chr1" : "chr2",
                    i,
                    rnd.nextInt(4) == 0 ? null : rnd.nextBoolean() ? strata[i % 4] : "rs" + rnd.nextInt(100000),
                    rnd.nextInt(5) == 0 ? null : (long) rnd.nextInt(1000) - 3,
                    rnd.nextInt(5) == 0 ? null : rnd.nextDouble(),
                    rnd.nextBoolean(),
                    rnd.nextInt(3) == 0 ? null : rnd.nextInt()));
        }
        Files.createDirectories(tmp.resolve("t"));
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(
                tmp.resolve("t/part-00000.zstd.parquet").toString());
        try (RowParquetWriter w = RowParquetWriter.open(
                file, schema, "zstd", 16 << 10, spark().sparkContext().hadoopConfiguration())) {
            for (Row r : rows) {
                w.write(r);
            }
            assertThat(w.rows()).isEqualTo(5000);
        }
        try (ParquetFileReader f = ParquetFileReader.open(
                HadoopInputFile.fromPath(file, spark().sparkContext().hadoopConfiguration()))) {
            assertThat(f.getRowGroups().size()).isGreaterThan(1);
            assertThat(f.getRecordCount()).isEqualTo(5000);
            assertThat(f.getFileMetaData().getKeyValueMetaData())
                    .containsEntry("org.apache.spark.sql.parquet.row.metadata", schema.json());
        }
        var back = spark().read().parquet(tmp.resolve("t").toString());
        assertThat(back.schema()).isEqualTo(schema.asNullable()); // Spark reads every Parquet column as nullable
        assertThat(back.collectAsList()).isEqualTo(rows);
    }

    @Test
    void plainColumnsHaveNoDictionaryAndTheSameRows() throws Exception {
        StructType schema = new StructType()
                .add("contig", DataTypes.StringType, false)
                .add("ac", DataTypes.LongType, true)
                .add("af", DataTypes.DoubleType, true)
                .add("an", DataTypes.LongType, true);
        Random rnd = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) { // few distinct values: parquet-mr keeps every dictionary it is allowed
            long ac = rnd.nextInt(20);
            rows.add(RowFactory.create(
                    "chr" + (1 + i / 1000),
                    rnd.nextInt(7) == 0 ? null : ac,
                    ac / 40.0,
                    rnd.nextInt(3) == 0 ? null : 40L));
        }
        Files.createDirectories(tmp.resolve("p"));
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(
                tmp.resolve("p/part-00000.zstd.parquet").toString());
        try (RowParquetWriter w = RowParquetWriter.open(
                file,
                schema,
                "zstd",
                java.util.Set.of("ac", "af"),
                spark().sparkContext().hadoopConfiguration())) {
            for (Row r : rows) {
                w.write(r);
            }
        }
        try (ParquetFileReader f = ParquetFileReader.open(
                HadoopInputFile.fromPath(file, spark().sparkContext().hadoopConfiguration()))) {
            java.util.Map<String, Boolean> dictionary = new java.util.HashMap<>();
            for (var c : f.getRowGroups().get(0).getColumns()) {
                dictionary.put(c.getPath().toDotString(), c.hasDictionaryPage());
            }
            assertThat(dictionary).containsEntry("contig", true).containsEntry("an", true);
            assertThat(dictionary).containsEntry("ac", false).containsEntry("af", false);
        }
        var back = spark().read().parquet(tmp.resolve("p").toString());
        assertThat(back.collectAsList()).isEqualTo(rows);
    }

    private byte[] writeAtLevel(String name, int level) throws Exception {
        StructType schema = new StructType().add("x", DataTypes.LongType, false);
        org.apache.hadoop.conf.Configuration conf =
                new org.apache.hadoop.conf.Configuration(spark().sparkContext().hadoopConfiguration());
        conf.setInt(org.musubi.table.write.ZstdCodecs.LEVEL_KEY, level);
        Random rnd = new Random(17);
        java.nio.file.Path path = tmp.resolve(name + ".zstd.parquet");
        try (RowParquetWriter w = RowParquetWriter.open(
                new org.apache.hadoop.fs.Path(path.toString()), schema, "zstd", java.util.Set.of("x"), conf)) {
            for (int i = 0; i < 200_000; i++) { // skewed, some structure: level-sensitive
                w.write(RowFactory.create((long) (rnd.nextInt(16) == 0 ? rnd.nextInt(1 << 20) : i % 97)));
            }
        }
        return Files.readAllBytes(path);
    }

    @Test
    void eachFileHasItsOwnZstdLevelWhateverTheJvmWroteBefore() throws Exception {
        byte[] level1 = writeAtLevel("a", 1);
        byte[] level19 = writeAtLevel("b", 19);
        byte[] level1Again = writeAtLevel("c", 1);
        byte[] level19Again = writeAtLevel("d", 19);
        assertThat(level19.length).as("bytes at 19 vs 1").isLessThan(level1.length);
        assertThat(level1Again).isEqualTo(level1);
        assertThat(level19Again).isEqualTo(level19);
    }

    /**
     * {@link RowParquetWriter#openPlain} (pages encoded whole): Spark reads the rows the per-value writer's file holds
     * (every type; columns without nulls, with some, with only nulls; strings repeated by instance, fresh and
     * non-ASCII), over several row groups and pages (more than 20,000 rows in a group), with no dictionary, and
     * each page's statistics as parquet-mr's (min, max, null count in the column chunk).
     */
    @Test
    void plainPagesHoldTheSameRowsAsThePerValueWriter() throws Exception {
        StructType schema = new StructType()
                .add("contig", DataTypes.StringType, false)
                .add("pos", DataTypes.IntegerType, false)
                .add("id", DataTypes.StringType, true)
                .add("ac", DataTypes.LongType, true)
                .add("af", DataTypes.DoubleType, true)
                .add("none", DataTypes.DoubleType, true)
                .add("partial", DataTypes.BooleanType, true)
                .add("n", DataTypes.IntegerType, true)
                .add("all", DataTypes.StringType, true);
        Random rnd = new Random(11);
        List<Row> rows = new ArrayList<>();
        String all = "all";
        for (int i = 0; i < 45_000; i++) {
            rows.add(RowFactory.create(
                    i < 30_000 ? "chr1" : "chr2",
                    i,
                    rnd.nextInt(4) == 0 ? null : rnd.nextBoolean() ? "\u00e9" + (i % 7) : "rs" + rnd.nextInt(100000),
                    i % 9 == 0 ? null : (long) rnd.nextInt(1000) - 3,
                    rnd.nextInt(5) == 0 ? null : rnd.nextBoolean() ? -rnd.nextDouble() : rnd.nextDouble() * 1e-300,
                    null,
                    rnd.nextInt(3) == 0 ? null : rnd.nextBoolean(),
                    rnd.nextInt(3) == 0 ? null : rnd.nextInt(),
                    all));
        }
        org.apache.hadoop.conf.Configuration conf = spark().sparkContext().hadoopConfiguration();
        Files.createDirectories(tmp.resolve("v"));
        Files.createDirectories(tmp.resolve("w"));
        org.apache.hadoop.fs.Path perValue =
                new org.apache.hadoop.fs.Path(tmp.resolve("v/part-0.parquet").toString());
        org.apache.hadoop.fs.Path plain =
                new org.apache.hadoop.fs.Path(tmp.resolve("w/part-0.parquet").toString());
        try (RowParquetWriter w = RowParquetWriter.open(perValue, schema, "zstd", conf)) {
            for (Row r : rows) {
                w.write(r);
            }
        }
        try (RowParquetWriter w = RowParquetWriter.openPlain(plain, schema, "zstd", 600 << 10, conf)) {
            for (Row r : rows) {
                w.write(r);
            }
            assertThat(w.rows()).isEqualTo(45_000);
        }
        try (ParquetFileReader a = ParquetFileReader.open(HadoopInputFile.fromPath(perValue, conf));
                ParquetFileReader b = ParquetFileReader.open(HadoopInputFile.fromPath(plain, conf))) {
            assertThat(b.getRowGroups().size()).isGreaterThan(1);
            assertThat(b.getRecordCount()).isEqualTo(45_000);
            assertThat(b.getFileMetaData().getSchema())
                    .isEqualTo(a.getFileMetaData().getSchema());
            assertThat(b.getFileMetaData().getKeyValueMetaData())
                    .isEqualTo(a.getFileMetaData().getKeyValueMetaData());
            java.util.Map<String, org.apache.parquet.column.statistics.Statistics<?>> stats = new java.util.HashMap<>();
            long[] perColumn = new long[schema.size()];
            for (var g : b.getRowGroups()) {
                for (int i = 0; i < schema.size(); i++) {
                    var c = g.getColumns().get(i);
                    assertThat(c.hasDictionaryPage()).isFalse();
                    perColumn[i] += c.getValueCount();
                    stats.merge(c.getPath().toDotString(), c.getStatistics(), (x, y) -> {
                        var m = x.copy();
                        m.mergeStatistics(y);
                        return m;
                    });
                }
            }
            assertThat(perColumn).containsOnly(45_000L);
            var whole = a.getRowGroups().get(0).getColumns();
            assertThat(a.getRowGroups()).hasSize(1);
            for (var c : whole) {
                String name = c.getPath().toDotString();
                assertThat(stats.get(name)).as(name).isEqualTo(c.getStatistics());
                assertThat(stats.get(name).getNumNulls())
                        .as(name)
                        .isEqualTo(c.getStatistics().getNumNulls());
            }
            assertThat(stats.get("none").getNumNulls()).isEqualTo(45_000L);
        }
        assertThat(spark().read().parquet(tmp.resolve("w").toString()).collectAsList())
                .isEqualTo(rows);
        assertThat(spark().read().parquet(tmp.resolve("v").toString()).collectAsList())
                .isEqualTo(rows);
    }

    @Test
    void plainPagesRefuseANullInARequiredColumn() throws Exception {
        StructType schema = new StructType().add("contig", DataTypes.StringType, false);
        org.apache.hadoop.fs.Path file =
                new org.apache.hadoop.fs.Path(tmp.resolve("r.parquet").toString());
        try (RowParquetWriter w = RowParquetWriter.openPlain(
                file, schema, "zstd", spark().sparkContext().hadoopConfiguration())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.write(RowFactory.create((Object) null)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("contig");
        }
    }
}
