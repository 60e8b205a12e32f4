// Musubi analyst notebook (jshell, the JDK's REPL): the outputs of `bin/musubi demo --out demo/` through Spark SQL.
// Run it whole:   notebooks/run.sh notebooks/demo_walkthrough.jsh demo/
// or open it cell by cell in `notebooks/run.sh --interactive demo/` (paste the snippets). The same calls work in
// spark-shell with `--jars jobs/target/musubi-jobs.jar` (Scala syntax) and in a Java notebook kernel.
// For the numbers and plots at a glance, open demo/report.html first (the demo's last step, `bin/musubi report`).
import java.nio.file.*;
import java.util.*;
import org.apache.spark.sql.*;
import org.musubi.sql.MusubiSql;
import org.musubi.spark.SparkSessions;

String demo = System.getProperty("musubi.demo", "demo");
List<String> banks = List.of("bankA", "bankB", "bankC");
SparkSession spark = SparkSessions.create("musubi notebook", "local[2]", Map.of());
spark.sparkContext().setLogLevel("ERROR");

void run() throws Exception {
    // 1. Each bank's variant table as SQL views (<bank>_variants, <bank>_samples): per-variant counts are plain
    //    columns, so filters on af / n_called are Parquet pushdown, no genotype is decoded.
    for (String b : banks) {
        MusubiSql.registerTable(spark, b, demo + "/tables/" + b + ".mvt");
    }
    spark.sql("select 'bankA' as bank, count(*) as variants, sum(cast(af < 0.01 as int)) as rare_below_1pct,"
            + " min(n_called) as min_called from bankA_variants").show();
    spark.sql("select population, sex, count(*) as samples from bankB_samples group by population, sex"
            + " order by population, sex").show();

    // 2. GWAS results of every bank (view gwas_<bank>): the top hits of the quantitative trait, against the truth.
    for (String b : banks) {
        MusubiSql.registerGwas(spark, "gwas_" + b, demo + "/gwas/" + b);
    }
    Dataset<Row> truth = spark.read().option("header", "true").option("sep", "\t")
            .csv(demo + "/sim/truth/causal.tsv");
    truth.createOrReplaceTempView("truth");
    spark.sql("select contig, pos, a1, round(beta, 3) as beta, p from gwas_bankA"
            + " where phenotype = 'qt' and p < 5e-8 order by p limit 10").show();
    long hits = spark.sql("select count(*) from gwas_bankA where phenotype = 'qt' and p < 5e-8").first().getLong(0);
    System.out.println("bankA qt: " + hits + " variant(s) at P < 5e-8");

    // 3. Across banks, aggregates only: the merged frequency panel and the meta-analysis.
    Dataset<Row> panel = spark.read().parquet(demo + "/panel/frequencies.parquet");
    panel.createOrReplaceTempView("panel");
    System.out.println("panel columns: " + String.join(", ", Arrays.copyOf(panel.columns(), 12)) + ", …");
    spark.sql("select stratum, count(*) as variants from panel group by stratum order by stratum").show(30, false);
    Dataset<Row> meta = spark.read().option("header", "true").option("sep", "\t").option("inferSchema", "true")
            .csv(demo + "/meta/qt/meta.tbl");
    meta.createOrReplaceTempView("meta_qt");
    spark.sql("select * from meta_qt order by `P-value` limit 5").show(false);

    // 4. PRS: the evaluation of the true score against the binary trait, per bank.
    for (String b : banks) {
        spark.read().option("header", "true").option("sep", "\t").csv(demo + "/prs/" + b + "/evaluation.tsv")
                .createOrReplaceTempView("eval_" + b);
    }
    spark.sql("select 'bankA' as bank, metric, round(cast(estimate as double), 3) as estimate,"
            + " round(cast(lower as double), 3) as lower, round(cast(upper as double), 3) as upper from eval_bankA"
            + " where outcome = 'cc' and metric in ('auc_covariates', 'auc_covariates_pgs', 'or_per_sd')").show(false);
    System.out.println("NOTEBOOK OK");
}

try {
    run();
} catch (Throwable t) {
    t.printStackTrace(System.out);
    System.out.println("NOTEBOOK FAILED: " + t);
} finally {
    spark.stop();
}
/exit
