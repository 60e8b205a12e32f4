package org.musubi.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
import org.musubi.io.vcf.VcfRecordParser.DosageField;
import org.musubi.table.SamplesFile;
import org.musubi.table.VariantTable;
import org.musubi.testing.Fixtures;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;
import org.musubi.testing.TableRows;

/**
 * PLINK 1 ingest against independent readings of the same filesets: the five-sample set against its PLINK 1.9 VCF
 * (ingested as VCF), the regenie example against plink2's {@code --export vcf} (parsed here as text) and {@code
 * --freq counts}, at 1, 2 and 8 splits; and every bad-input case of issue 15.
 */
class PlinkIngestSparkTest extends SparkTestBase {
    private static final String FIVE = "data/glow/plink/bed-bim-fam/test";
    private static final String REGENIE = "data/regenie/plink/example";

    @TempDir
    Path tmp;

    private IngestPlan.Summary ingest(String input, Path out, boolean lenient, int partitions, String plinkRef)
            throws IOException {
        return IngestPlan.run(
                spark(),
                IngestRequest.builder()
                        .inputs(List.of(input))
                        .out(out.toString())
                        .bank("test-bank")
                        .options(new IngestOptions(lenient, 100_000, DosageField.NONE, List.of()))
                        .partitions(partitions)
                        .plinkRef(plinkRef)
                        .arguments(List.of("ingest", "test"))
                        .build());
    }

    private static String fixture(String prefix, String suffix) {
        return Fixtures.resource(prefix + suffix).toString();
    }

    @Test
    void fiveSampleSetEqualsItsVcf() throws Exception {
        Path plink = tmp.resolve("plink.mvt");
        // the prefix form of --input
        String prefix = fixture(FIVE, ".bed").replaceAll("\\.bed$", "");
        IngestPlan.Summary s = ingest(prefix, plink, false, 2, "a2");
        Path vcf = tmp.resolve("vcf.mvt");
        Ingests.ingest(spark(), Fixtures.resource("data/glow/plink/vcf/test.vcf"), vcf, false, 1);
        List<String> rows = TableRows.of(plink);
        assertThat(rows).hasSize(5).isEqualTo(TableRows.of(vcf));
        // snp1: REF A (A2), ALT C (A1); ind1 0/0, ind2 0/1, ind3 1/1, ind4 and ind5 missing
        assertThat(rows.get(0)).isEqualTo("1\t10\tsnp1\tA\tC\t3\t6\t1\t1\t01233");
        assertThat(s.metadata().variantCount).isEqualTo(5);
        assertThat(s.metadata().sources).hasSize(3);
        assertThat(s.metadata().sources.get(0).checksum).hasSize(64);

        Configuration conf = new Configuration();
        VariantTable t = VariantTable.open(plink.toString(), conf);
        List<SamplesFile.Sample> samples = t.samples(conf);
        assertThat(samples.stream().map(SamplesFile.Sample::id))
                .containsExactlyElementsOf(VariantTable.open(vcf.toString(), conf).samples(conf).stream()
                        .map(SamplesFile.Sample::id)
                        .toList());
        // sex from the .fam (1 1 2 2 2), the family as FID
        assertThat(samples.stream().map(SamplesFile.Sample::sex)).containsExactly("XY", "XY", "XX", "XX", "XX");
        assertThat(samples.get(0).sexSource()).isEqualTo("manifest");
        assertThat(SamplesFile.readColumns(t.samplesPath(), conf, List.of("FID", "PAT", "MAT"))
                        .get("FID"))
                .containsExactly("fam1", "fam2", "fam3", "fam4", "fam5");
        assertThat(t.metadata.sexSource).isEqualTo("fam");
    }

    @Test
    void plinkRefA1SwapsRefAndAlt() throws Exception {
        Path out = tmp.resolve("a1.mvt");
        ingest(fixture(FIVE, ".bed"), out, false, 1, "a1");
        // REF C (A1), ALT A: hom A2 is now hom ALT
        assertThat(TableRows.of(out).get(0)).isEqualTo("1\t10\tsnp1\tC\tA\t3\t6\t1\t1\t21033");
    }

    @Test
    void regenieExampleEqualsPlink2AtOneTwoAndEightSplits() throws Exception {
        List<String> oracle = plink2Vcf(Fixtures.resource(REGENIE + ".plink2.vcf.gz"));
        List<String> counts = Files.readAllLines(Fixtures.resource(REGENIE + ".plink2.acount"));
        assertThat(oracle).hasSize(1000);
        List<String> first = null;
        for (int parts : new int[] {1, 2, 8}) {
            Path out = tmp.resolve("regenie" + parts + ".mvt");
            ingest(fixture(REGENIE, ".bed"), out, false, parts, "a2");
            List<String> rows = TableRows.of(out);
            assertThat(rows).hasSize(1000);
            for (int i = 0; i < rows.size(); i++) {
                String[] r = rows.get(i).split("\t");
                // CHROM POS ID REF ALT + genotypes, as plink2 --export vcf reads the fileset
                assertThat(String.join("\t", r[0], r[1], r[2], r[3], r[4], r[9]))
                        .isEqualTo(oracle.get(i));
                // plink2 --freq counts: #CHROM ID REF ALT ALT_CTS OBS_CT, AC and AN exact
                String[] c = counts.get(i + 1).split("\t");
                assertThat(r[5] + "\t" + r[6]).as(c[1]).isEqualTo(c[4] + "\t" + c[5]);
            }
            if (first == null) {
                first = rows;
            }
            assertThat(rows).as("%d splits", parts).isEqualTo(first);
        }
        // FID = IID = 1..500: plink2 names them FID_IID
        Configuration conf = new Configuration();
        assertThat(VariantTable.open(tmp.resolve("regenie8.mvt").toString(), conf)
                        .samples(conf)
                        .get(0)
                        .id())
                .isEqualTo("1_1");
    }

    /** plink2's VCF as text: CHROM POS ID REF ALT and one genotype code a sample (0/0 0, 0/1 1, 1/1 2, ./. 3). */
    private static List<String> plink2Vcf(Path vcf) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(vcf)), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                if (l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split("\t");
                StringBuilder gt = new StringBuilder();
                for (int i = 9; i < f.length; i++) {
                    gt.append(
                            switch (f[i]) {
                                case "0/0" -> '0';
                                case "0/1" -> '1';
                                case "1/1" -> '2';
                                case "./." -> '3';
                                default -> throw new IllegalStateException(f[i]);
                            });
                }
                out.add(String.join("\t", f[0], f[1], f[2], f[3], f[4], gt));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void bimRangesCountedOnTheDriverEqualThoseCountedByTasks() throws Exception {
        Configuration conf = new Configuration();
        PlinkIngestPlan.Fileset f = PlinkIngestPlan.fileset(List.of(fixture(REGENIE, ".bed")), conf);
        org.apache.spark.api.java.JavaSparkContext jsc =
                org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark().sparkContext());
        for (int parts : new int[] {1, 3, 8}) {
            IngestRequest req = IngestRequest.builder()
                    .inputs(List.of(fixture(REGENIE, ".bed")))
                    .out(tmp.resolve("unused").toString())
                    .partitions(parts)
                    .arguments(List.of("ingest", "test"))
                    .build();
            List<PlinkSplitIngester.Split> driver = PlinkIngestPlan.planSplits(jsc, conf, req, f, Long.MAX_VALUE);
            List<PlinkSplitIngester.Split> tasks = PlinkIngestPlan.planSplits(jsc, conf, req, f, 0);
            assertThat(driver).as("%d ranges", parts).hasSize(parts).isEqualTo(tasks);
            assertThat(driver.get(parts - 1).firstVariant()
                            + driver.get(parts - 1).variants())
                    .isEqualTo(1000);
        }
    }

    @Test
    void truncatedBedIsRefusedNamingTheVariantAndOffset() {
        String bed = fixture("data/glow/plink/malformed/test", ".bed");
        assertThatThrownBy(() -> ingest(bed, tmp.resolve("t.mvt"), false, 2, "a2"))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining(bed)
                .hasMessageContaining("5 variants")
                .hasMessageContaining("5 samples")
                .hasMessageContaining("= 13 bytes, but it is 12")
                .hasMessageContaining("truncated inside variant 5 (.bim line 5, byte offset 11)")
                .hasMessageContaining("re-copy the .bed");
        assertThat(Files.exists(tmp.resolve("t.mvt"))).isFalse();
    }

    @Test
    void truncatedBedInLenientModeQuarantinesTheVariantsPastItsEnd() throws Exception {
        Path out = tmp.resolve("t.mvt");
        IngestPlan.Summary s = ingest(fixture("data/glow/plink/malformed/test", ".bed"), out, true, 2, "a2");
        assertThat(s.metadata().variantCount).isEqualTo(4);
        assertThat(s.metadata().quarantinedCount).isEqualTo(1);
        List<String> q =
                Files.readAllLines(out.resolve(TableMetadata.QUARANTINE).resolve("records.tsv"));
        assertThat(q).hasSize(2);
        assertThat(q.get(1)).contains("test.bim\t5\t26\t50\tTRUNCATED\tbed\toffset 11\t");
        // the four complete variants are those of the intact fileset
        Path good = tmp.resolve("good.mvt");
        ingest(fixture(FIVE, ".bed"), good, false, 1, "a2");
        assertThat(TableRows.of(out)).isEqualTo(TableRows.of(good).subList(0, 4));
    }

    @Test
    void badMagicAndSampleMajorAreRefused() throws Exception {
        Path dir = copyFive();
        byte[] bed = Files.readAllBytes(dir.resolve("test.bed"));
        bed[2] = 0;
        Files.write(dir.resolve("test.bed"), bed);
        assertThatThrownBy(() -> ingest(dir.resolve("test.bed").toString(), tmp.resolve("s.mvt"), true, 1, "a2"))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("test.bed byte 2: sample-major .bed")
                .hasMessageContaining("plink --bfile " + dir.resolve("test") + " --make-bed --out");
        bed[0] = '#';
        Files.write(dir.resolve("test.bed"), bed);
        assertThatThrownBy(() -> ingest(dir.resolve("test.bed").toString(), tmp.resolve("s.mvt"), false, 1, "a2"))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("test.bed byte 0: not a PLINK 1 .bed (it starts with 23 1b 00;");
    }

    @Test
    void bimOrFamLineCountsNotMatchingTheBedAreRefusedWithBothCounts() throws Exception {
        Path dir = copyFive();
        List<String> bim = Files.readAllLines(dir.resolve("test.bim"));
        Files.write(dir.resolve("test.bim"), bim.subList(0, 4));
        assertThatThrownBy(() -> ingest(dir.resolve("test.bed").toString(), tmp.resolve("b.mvt"), true, 2, "a2"))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("test.bim has 4 variants")
                .hasMessageContaining("5 samples")
                .hasMessageContaining("3 + 4 × 2 = 11 bytes, but it is 13 (the size of 5 variants)")
                .hasMessageContaining("the .bim or .fam line count does not match the .bed");
        Files.write(dir.resolve("test.bim"), bim);
        List<String> fam = Files.readAllLines(dir.resolve("test.fam"));
        Files.write(dir.resolve("test.fam"), fam.subList(0, 4));
        assertThatThrownBy(() -> ingest(dir.resolve("test").toString(), tmp.resolve("f.mvt"), false, 1, "a2"))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("test.fam 4 samples")
                .hasMessageContaining("3 + 5 × 1 = 8 bytes, but it is 13");
    }

    @Test
    void badBimLineStopsWithItsLineOrIsQuarantined() throws Exception {
        Path dir = copyFive();
        List<String> bim = new ArrayList<>(Files.readAllLines(dir.resolve("test.bim")));
        bim.set(2, "24\tsnp3\t1\tx30\tC\tA");
        Files.write(dir.resolve("test.bim"), bim);
        assertThatThrownBy(() -> ingest(dir.resolve("test.bed").toString(), tmp.resolve("b.mvt"), false, 2, "a2"))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("test.bim line 3 (24:x30): bp 'x30': not a base-pair position");
        IngestPlan.Summary s = ingest(dir.resolve("test.bed").toString(), tmp.resolve("l.mvt"), true, 2, "a2");
        assertThat(s.metadata().variantCount).isEqualTo(4);
        assertThat(s.metadata().quarantinedCount).isEqualTo(1);
    }

    private Path copyFive() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("five"));
        for (String s : new String[] {".bed", ".bim", ".fam"}) {
            Files.copy(Fixtures.resource(FIVE + s), dir.resolve("test" + s));
        }
        return dir;
    }
}
