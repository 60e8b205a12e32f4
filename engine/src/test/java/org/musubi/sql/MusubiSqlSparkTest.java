package org.musubi.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.testing.Fixtures;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;

class MusubiSqlSparkTest extends SparkTestBase {
    @TempDir
    Path tmp;

    @Test
    void tablesAreQueryableWithSqlAndFiltersUseTheCountColumns() throws Exception {
        Path out = tmp.resolve("c.mvt");
        Ingests.ingest(spark(), Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz"), out, false, 2);
        MusubiSql.registerTable(spark(), "cineca", out.toString());
        assertThat(spark().sql("select count(*) from cineca_samples").first().getLong(0))
                .isEqualTo(2504);
        assertThat(spark().sql("select contig from cineca_variants limit 1")
                        .first()
                        .getString(0))
                .isEqualTo("22");
        // Same count as a row-by-row filter on the decoded values: af = ac / an.
        long common = spark().sql("select count(*) from cineca_variants where af >= 0.05 and af <= 0.95")
                .first()
                .getLong(0);
        long byHand = spark().sql("select ac, an from cineca_variants").collectAsList().stream()
                .filter(r -> {
                    double af = r.getInt(0) / (double) r.getInt(1);
                    return af >= 0.05 && af <= 0.95;
                })
                .count();
        assertThat(common).isEqualTo(byHand).isGreaterThan(0);
        String plan = spark().sql("select * from cineca_variants where af >= 0.05")
                .queryExecution()
                .executedPlan()
                .toString();
        assertThat(plan).contains("PushedFilters").contains("GreaterThanOrEqual(af,0.05)");
    }
}
