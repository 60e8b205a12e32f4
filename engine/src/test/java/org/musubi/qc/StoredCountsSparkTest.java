package org.musubi.qc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.musubi.genome.GenomeBuild;
import org.musubi.ingest.IngestPlan;
import org.musubi.stats.qc.QcSamples;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.ScanPlan;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;

/**
 * Variant QC alone (no per-sample counts; stored per-row counts outside X and Y, less the non-founders' calls when
 * the manifest has parents) against the counting pass of sample and variant QC (every row's calls): the same counts
 * for every variant, with 1 and 3 tasks, on a table with missing calls, a multi-allelic site, half calls and haploid
 * calls on an autosome, X (PAR and not), Y and MT, on the Illumina exome (1182 × 122, missing calls, multi-allelic
 * sites, dense and sparse rows), each without and with parents in a manifest (founders-only counts), and on the
 * simulated families (parents in the manifest).
 */
@Tag("slow")
class StoredCountsSparkTest extends SparkTestBase {
    private static final String VCF = String.join(
            "\n",
            "##fileformat=VCFv4.2",
            "##contig=<ID=1,length=248956422>",
            "##contig=<ID=X,length=156040895>",
            "##contig=<ID=Y,length=57227415>",
            "##contig=<ID=MT,length=16569>",
            "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">",
            "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts1\ts2\ts3\ts4\ts5\ts6\ts7\ts8",
            "1\t100\tr1\tA\tG\t.\t.\t.\tGT\t0/0\t0/1\t1/1\t./.\t0/1\t0/0\t0/0\t1/1",
            "1\t200\tr2\tA\tC,T\t.\t.\t.\tGT\t0/2\t1/2\t0/1\t./.\t2/2\t0/0\t0/1\t0/0",
            "1\t300\tr3\tA\tG\t.\t.\t.\tGT\t0/.\t./1\t0/1\t0/0\t1/1\t0/0\t./.\t0/0",
            "1\t400\tr4\tC\tT\t.\t.\t.\tGT\t0\t1\t0/1\t0/0\t1/1\t0/0\t./.\t0/1",
            "1\t500\tr5\tC\tT\t.\t.\t.\tGT\t0/0\t0/0\t0/0\t0/0\t0/0\t0/0\t0/0\t0/0",
            "X\t100000\tx1\tG\tA\t.\t.\t.\tGT\t0/1\t1/1\t0/0\t0/1\t0/0\t./.\t1/1\t0/0",
            "X\t5000000\tx2\tG\tA\t.\t.\t.\tGT\t0\t1\t0/1\t0/0\t1\t.\t0/1\t1/1",
            "Y\t3000000\ty1\tT\tC\t.\t.\t.\tGT\t0\t1\t.\t0\t1\t0\t.\t1",
            "MT\t100\tm1\tT\tC\t.\t.\t.\tGT\t0\t1\t.\t0\t1\t0\t0\t1",
            "");

    @Test
    void variantQcAloneCountsAsTheCallsDo() throws Exception {
        Path dir = Files.createTempDirectory("stored-counts");
        Path vcf = dir.resolve("mixed.vcf");
        Files.writeString(vcf, VCF);
        Path mixed = dir.resolve("mixed.mvt");
        IngestPlan.run(spark(), Ingests.request(vcf, mixed, false, 2));
        QcSparkTest.tmp = dir;
        Path mixedFamilies = QcSparkTest.ingest(dir, vcf.toString(), "mixed-families.mvt", parents(dir, vcf, 3));
        String wexVcf = "data/htsjdk/cohort/ilmn_wex.GTonly.vcf.gz";
        Path wex = QcSparkTest.ingest(wexVcf, "wex.mvt", null);
        Path wexFamilies = QcSparkTest.ingest(
                wexVcf, "wex-families.mvt", parents(dir, org.musubi.testing.Fixtures.resource(wexVcf), 5));
        Path sim = QcSparkTest.ingest(
                "data/qc/sim_families.vcf.gz",
                "sim.mvt",
                org.musubi.testing.Fixtures.resource("data/qc/sim_families.samples.tsv")
                        .toString());
        for (Path table : List.of(mixed, mixedFamilies, wex, wexFamilies, sim)) {
            for (int tasks : new int[] {1, 3}) {
                same(table, tasks);
            }
        }
    }

    /**
     * A manifest of the VCF's samples (alternating XY, XX) in which every {@code every}-th sample is the child of
     * the first two.
     */
    private static String parents(Path dir, Path vcf, int every) throws Exception {
        String header;
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
                vcf.toString().endsWith(".gz")
                        ? new java.util.zip.GZIPInputStream(Files.newInputStream(vcf))
                        : Files.newInputStream(vcf),
                java.nio.charset.StandardCharsets.UTF_8))) {
            header = in.lines().filter(l -> l.startsWith("#CHROM")).findFirst().orElseThrow();
        }
        String[] f = header.split("\t");
        StringBuilder out = new StringBuilder("sample_id\tsex\tfid\tpat\tmat\n");
        for (int i = 9; i < f.length; i++) {
            int k = i - 9;
            boolean child = k >= 2 && k % every == every - 1;
            out.append(f[i])
                    .append('\t')
                    .append(k % 2 == 0 ? "XY" : "XX")
                    .append("\tfam\t")
                    .append(child ? f[9] + "\t" + f[10] : "0\t0")
                    .append('\n');
        }
        Path manifest = dir.resolve(vcf.getFileName() + ".parents.tsv");
        Files.writeString(manifest, out);
        return manifest.toString();
    }

    private static void same(Path path, int tasks) throws Exception {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark().sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        VariantTable table = VariantTable.open(path.toString(), conf);
        QcCohort cohort = QcCohort.read(table, conf);
        byte[] sex = new byte[cohort.size()];
        for (int i = 0; i < sex.length; i++) {
            sex[i] = QcSamples.sexCode(cohort.sex[i]);
        }
        QcSamples samples = new QcSamples(sex, cohort.founder.clone());
        GenomeBuild build = GenomeBuild.parse(table.metadata.genomeBuild);
        var slices = ScanPlan.slices(table.files(conf), tasks);
        CountPass.Variants alone = CountPass.run(jsc, conf, slices, samples, build, CountPass.Counts.VARIANTS)
                .variants();
        CountPass.Variants all = CountPass.run(jsc, conf, slices, samples, build, CountPass.Counts.BOTH)
                .variants();
        assertThat(alone.size).isEqualTo(all.size).isPositive();
        for (int k = 0; k < all.size; k++) {
            assertThat(alone.key(k)).isEqualTo(all.key(k));
            assertThat(alone.id.get(k)).isEqualTo(all.id.get(k));
            assertThat(alone.counts[k])
                    .as(path.getFileName() + " " + all.key(k))
                    .isEqualTo(all.counts[k]);
        }
    }
}
