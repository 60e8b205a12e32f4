package org.musubi.qc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.musubi.stats.pca.SparseBlock;
import org.musubi.stats.pca.Standardize;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.Slice;
import org.musubi.testing.SparkTestBase;

/**
 * {@link PcaCache}'s passes against passes that re-read the table (what approx mode did before the cache): the Krylov
 * product X(XᵀP) and the projection equal to the bit, over every sample and over a subset, with one and three tasks,
 * on the regenie example (500 × 1000) and the Illumina exome (1182 × 122, missing calls).
 */
@Tag("slow")
class PcaCacheSparkTest extends SparkTestBase {
    @Test
    void cachedPassesEqualTheReReadPasses() throws Exception {
        QcSparkTest.tmp = Files.createTempDirectory("pca-cache");
        Path regenie = QcSparkTest.ingest("data/regenie/gwas/regenie_example_fromplink.AC.vcf.gz", "regenie.mvt", null);
        Path wex = QcSparkTest.ingest("data/htsjdk/cohort/ilmn_wex.GTonly.vcf.gz", "wex.mvt", null);
        check(regenie, false, 1);
        check(regenie, true, 3);
        check(wex, false, 3);
        check(wex, true, 1);
    }

    private static void check(Path path, boolean subset, int tasks) throws Exception {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark().sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        VariantTable table = VariantTable.open(path.toString(), conf);
        QcCohort cohort = QcCohort.read(table, conf);
        int bigN = cohort.size();
        int[] pca = java.util.stream.IntStream.range(0, bigN)
                .filter(i -> !subset || i % 3 != 1)
                .toArray();
        int n = pca.length;
        int[] freqAt = java.util.stream.IntStream.range(0, n).toArray();
        PcaPass.Setup setup = new PcaPass.Setup(bigN, pca, freqAt, new PcaVariants(Set.of(), null, 0.01));
        List<Slice> chunks = PcaPass.chunks(table.files(conf));
        Random r = new Random(tasks + (subset ? 10 : 0));
        int cols = 6;
        double[] panel = new double[n * cols];
        for (int i = 0; i < panel.length; i++) {
            panel[i] = r.nextGaussian();
        }
        try (PcaCache cache = PcaCache.of(jsc, conf, chunks, setup, tasks)) {
            assertThat(cache.coversTable()).isEqualTo(!subset);
            for (int pass = 0; pass < 2; pass++) {
                PcaPass.Sums cached = cache.multiply(panel, cols);
                PcaPass.Sums reread = reread(jsc, conf, chunks, setup, tasks, panel, cols);
                assertThat(cached.variants()).isEqualTo(reread.variants()).isPositive();
                assertThat(cached.sums().values(1)).isEqualTo(reread.sums().values(1));
            }
            if (!subset) {
                int k = 3;
                double[] u = new double[n * k];
                for (int i = 0; i < u.length; i++) {
                    u[i] = r.nextGaussian();
                }
                double[] inv = {0.5, 0.25, 0.125};
                PcaPass.Projection a = cache.project(u, inv, k);
                PcaPass.Projection b = PcaPass.project(jsc, conf, chunks, setup, tasks, u, inv, k, null);
                assertThat(a.used()).isEqualTo(b.used());
                assertThat(a.sums().values(1)).isEqualTo(b.sums().values(1));
                assertThat(a.variants()).hasSameSizeAs(b.variants());
                for (int v = 0; v < a.variants().size(); v++) {
                    PcaPass.Weighted x = a.variants().get(v);
                    PcaPass.Weighted y = b.variants().get(v);
                    assertThat(java.util.Arrays.asList(x.contig(), x.pos(), x.id(), x.ref(), x.alt(), x.q()))
                            .isEqualTo(java.util.Arrays.asList(y.contig(), y.pos(), y.id(), y.ref(), y.alt(), y.q()));
                    assertThat(x.c()).isEqualTo(y.c());
                }
            }
        }
    }

    /** The Krylov pass as it was before the cache: each chunk read, its blocks' products from the codes. */
    private static PcaPass.Sums reread(
            JavaSparkContext jsc,
            Configuration conf,
            List<Slice> chunks,
            PcaPass.Setup setup,
            int tasks,
            double[] panel,
            int cols) {
        int n = setup.pca().length;
        org.musubi.spark.SerializableConf sconf = new org.musubi.spark.SerializableConf(conf);
        return PcaPass.sums(jsc, PcaPass.over(jsc, chunks, tasks), "test reread", n * cols, chunk -> {
            double[] part = new double[n * cols];
            double[] t = new double[PcaPass.blockSize(n) * cols];
            double[] colSums = SparseBlock.columnSums(panel, n, cols);
            SparseBlock sparse = new SparseBlock(n);
            long m = PcaPass.scan(
                    chunk, setup, setup.pca(), setup.freqAt(), null, false, sconf.get(), (x, b, blocks, rows, q) -> {
                        double[][] values = new double[b][];
                        for (int j = 0; j < b; j++) {
                            values[j] = Standardize.values(q[j], false);
                        }
                        sparse.set(blocks.codes(), rows, values, b);
                        sparse.xtq(panel, cols, colSums, t);
                        sparse.addXt(t, cols, part);
                    });
            return new Object[] {part, m, null};
        });
    }
}
