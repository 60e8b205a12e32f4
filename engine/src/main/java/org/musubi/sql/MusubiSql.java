package org.musubi.sql;

import java.io.IOException;
import org.apache.spark.sql.SparkSession;
import org.musubi.table.VariantTable;

/**
 * Registers Musubi outputs as Spark SQL views, for notebooks and {@code spark-shell --jars musubi-jobs.jar}:
 *
 * <pre>{@code
 * org.musubi.sql.MusubiSql.registerTable(spark, "cohort", "cohort.mvt")   // views cohort_variants, cohort_samples
 * org.musubi.sql.MusubiSql.registerGwas(spark, "gwas", "gwas_out/")        // view gwas (one row per variant × phenotype)
 * spark.sql("select contig, pos, p from gwas where phenotype = 'bmi' and p < 5e-8 order by p").show()
 * }</pre>
 */
public final class MusubiSql {
    private MusubiSql() {}

    /** Views {@code <name>_variants} and {@code <name>_samples} over a variant table. */
    public static void registerTable(SparkSession spark, String name, String tablePath) throws IOException {
        spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        VariantTable t = VariantTable.open(tablePath, spark.sparkContext().hadoopConfiguration());
        t.variants(spark).createOrReplaceTempView(name + "_variants");
        t.samplesFrame(spark).createOrReplaceTempView(name + "_samples");
    }

    /** View {@code name} over a gwas output directory's results. */
    public static void registerGwas(SparkSession spark, String name, String gwasDir) {
        spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        String p = gwasDir.replaceAll("/+$", "") + "/results.parquet";
        spark.read().option("basePath", p).parquet(p).createOrReplaceTempView(name);
    }
}
