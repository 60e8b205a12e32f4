package org.musubi.adam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bdgenomics.adam.ds.ADAMContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.export.ExportPlan;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;

/**
 * ADAM interop on the CINECA synthetic subset (2504 samples × 829 variants, chr22): VCF → table → ADAM, read back by
 * ADAM's loadGenotypes, has the genotypes of ADAM's own loadVcf of the VCF; ADAM's loadVcf → saveAsParquet →
 * ingest --format adam gives the table of Musubi's VCF ingest, genotypes, ploidy and phase equal.
 */
@Tag("slow")
class AdamCinecaSparkTest extends SparkTestBase {
    @TempDir
    Path tmp;

    @Test
    void cinecaRoundTripsThroughAdamBothWays() throws Exception {
        Path vcf = Path.of("../engine/src/test/resources/data/pgsc_calc/cineca_synthetic_subset.vcf.gz")
                .toAbsolutePath()
                .normalize();
        long t = System.nanoTime();
        Path adam = tmp.resolve("adam.parquet");
        AdamTesting.loadVcf(spark(), vcf).saveAsParquet(adam.toString());
        t = AdamTesting.lap("ADAM loadVcf → saveAsParquet", t);
        Path table = tmp.resolve("vcf.mvt");
        Ingests.ingest(spark(), vcf, table, false, 2);
        List<String> rows = AdamTesting.rows(table);
        assertThat(rows).hasSize(829);
        t = AdamTesting.lap("Musubi VCF ingest", t);

        // ADAM → Musubi: the table of Musubi's own VCF ingest
        Path back = tmp.resolve("adam.mvt");
        AdamIngestPlan.run(spark(), AdamRoundTripSparkTest.request(adam, back));
        assertThat(AdamTesting.rows(back)).isEqualTo(rows);
        t = AdamTesting.lap("ingest --format adam", t);

        // Musubi → ADAM, read by ADAM's loadGenotypes: ADAM's genotypes of the VCF
        Path out = tmp.resolve("musubi.adam");
        AdamExportPlan.run(spark(), new ExportPlan.Request(table.toString(), out.toString(), false, false, List.of()));
        t = AdamTesting.lap("export --format adam", t);
        ADAMContext ac = new ADAMContext(spark().sparkContext());
        Dataset<Row> fromVcf = AdamTesting.normalized(AdamDataset.load(ac, adam.toString()));
        Dataset<Row> fromMusubi = AdamTesting.normalized(AdamDataset.load(ac, out.toString()));
        assertThat(fromMusubi.count()).isEqualTo(829L * 2504);
        assertThat(fromVcf.count()).isEqualTo(829L * 2504);
        assertThat(fromMusubi.exceptAll(fromVcf).isEmpty()).isTrue();
        assertThat(fromVcf.exceptAll(fromMusubi).isEmpty()).isTrue();
        AdamTesting.lap("compare", t);
    }
}
