package org.musubi.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
import org.musubi.format.calls.DosageCodec;
import org.musubi.format.calls.TwoBitVector;
import org.musubi.io.bgen.BgenDecoderTest;
import org.musubi.io.vcf.VcfRecordParser.DosageField;
import org.musubi.table.VariantTable;
import org.musubi.testing.Fixtures;
import org.musubi.testing.SparkTestBase;

/**
 * BGEN ingest end to end: tables equal Glow's expected VCFs (dosage within the table's 1/32768 and plink2's hard
 * calls), the same table whatever the splits and with or without the {@code .bgi}, sample IDs from the file or a
 * {@code .sample}, and the bad inputs of issue 15 as one clear line (strict) or quarantined variants (lenient).
 */
class BgenIngestSparkTest extends SparkTestBase {
    @TempDir
    Path tmp;

    static IngestRequest request(Path bgen, Path out, boolean lenient, int partitions, BgenIngestOptions o) {
        return IngestRequest.builder()
                .inputs(List.of(bgen.toString()))
                .out(out.toString())
                .options(new IngestOptions(lenient, 100_000, DosageField.NONE, List.of()))
                .partitions(partitions)
                .arguments(List.of("ingest", "test"))
                .bgen(o)
                .build();
    }

    static IngestPlan.Summary ingest(Path bgen, Path out, int partitions) throws Exception {
        return IngestPlan.run(spark(), request(bgen, out, false, partitions, BgenIngestOptions.DEFAULT));
    }

    /**
     * Glow's example files are not in genome order and repeat one variant (RSID_10 and RSID_100 are both 01:10000
     * A>G): lenient ingest reads them in genome order and quarantines the repeat. These are the expected rows of
     * such a table: the VCF's rows by position, without the repeat.
     */
    static List<BgenDecoderTest.Row> exampleRows(Path vcf) throws Exception {
        List<BgenDecoderTest.Row> rows = new ArrayList<>(BgenDecoderTest.expected(vcf, 0.1));
        rows.sort(java.util.Comparator.comparingInt(BgenDecoderTest.Row::pos));
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).pos() == rows.get(i - 1).pos()) {
                rows.remove(i);
                break;
            }
        }
        return rows;
    }

    /** The table's rows, in file order, as the decoder test's rows (calls and decoded dosages). */
    static List<BgenDecoderTest.Row> rows(Path table) throws Exception {
        VariantTable t = VariantTable.open(table.toString(), new Configuration());
        int n = t.metadata.sampleCount;
        List<BgenDecoderTest.Row> out = new ArrayList<>();
        for (Row r : t.variants(spark())
                .orderBy("pos", "alt_index")
                .select("contig", "pos", "ref", "alt", "calls", "dosage")
                .collectAsList()) {
            byte[] gt = new byte[n];
            TwoBitVector.decode((byte[]) r.get(4), n, gt);
            double[] d = new double[n];
            DosageCodec.decode((byte[]) r.get(5), n, d);
            out.add(new BgenDecoderTest.Row(r.getString(0), r.getInt(1), r.getString(2), r.getString(3), d, gt));
        }
        return out;
    }

    /** Every column of every row, for comparing tables. */
    static List<String> allColumns(Path table) throws Exception {
        VariantTable t = VariantTable.open(table.toString(), new Configuration());
        List<String> out = new ArrayList<>();
        for (Row r : t.variants(spark()).orderBy("contig", "pos", "alt_index").collectAsList()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                Object v = r.get(i);
                sb.append(v instanceof byte[] b ? java.util.Base64.getEncoder().encodeToString(b) : v)
                        .append('|');
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static final double TABLE_TOLERANCE = DosageCodec.MAX_ABS_ERROR + 2e-5;

    @Test
    void phasedFileEqualsItsVcf() throws Exception {
        Path out = tmp.resolve("phased.mvt");
        Path bgen = Fixtures.resource("data/bgen/phased.16bits.bgen");
        ingest(bgen, out, 2);
        BgenDecoderTest.PHASED.set(true);
        try {
            BgenDecoderTest.assertSame(
                    rows(out),
                    BgenDecoderTest.expected(bgen.resolveSibling("phased.16bits.vcf"), 0.1),
                    TABLE_TOLERANCE,
                    true);
        } finally {
            BgenDecoderTest.PHASED.set(false);
        }
        TableMetadata m = VariantTable.open(out.toString(), new Configuration()).metadata;
        assertThat(m.inputFormat).isEqualTo("bgen");
        assertThat(m.bgen.describe()).isEqualTo("bgen v1.2 layout 2, zlib, 16 bits/probability, phased");
        assertThat(m.bgen.hardCallThreshold).isEqualTo(0.1);
        assertThat(m.bgen.sampleIds).isEqualTo("generated");
        assertThat(m.hasPhase).isTrue();
        assertThat(m.hasDosage).isTrue();
    }

    @Test
    void complexFileLenientQuarantinesTheRepeatedSiteAndEqualsItsVcfElsewhere() throws Exception {
        Path out = tmp.resolve("complex.mvt");
        Path bgen = Fixtures.resource("data/bgen/complex.16bits.bgen");
        IngestPlan.run(spark(), request(bgen, out, true, 3, BgenIngestOptions.DEFAULT));
        // M7 (pos 7, A>G,GT,…) repeats M6's A>G at the same position: the table holds one row per variant
        List<String> q = Files.readAllLines(out.resolve("_quarantine/records.tsv"));
        assertThat(q).hasSize(2);
        assertThat(q.get(1)).contains("\t7\t").contains("DUPLICATE").contains("M7");
        List<BgenDecoderTest.Row> want = new ArrayList<>(
                BgenDecoderTest.expected(Fixtures.resource("data/bgen/complex.16bits.threshold-0.9.vcf"), 0.1));
        // rows of V1, V2, V3, M4 (2), M5, M6 (3), then M7's five
        want.subList(9, 14).clear();
        BgenDecoderTest.assertSame(rows(out), want, TABLE_TOLERANCE, true);
        TableMetadata m = VariantTable.open(out.toString(), new Configuration()).metadata;
        assertThat(m.quarantinedCount).isEqualTo(1);
        assertThat(m.recordCount).isEqualTo(10);
    }

    @Test
    void sameTableWithOneTwoAndEightSplitsWithAndWithoutIndex() throws Exception {
        Path indexed = Fixtures.shared("glow/bgen/example.16bits.bgen");
        assumeTrue(indexed != null, "../shared/data/glow/bgen is absent");
        Path noIndex = indexed.resolveSibling("example.16bits.noindex.bgen");
        List<String> base = null;
        for (Path bgen : List.of(indexed, noIndex)) {
            for (int parts : new int[] {1, 2, 8}) {
                Path out = tmp.resolve(bgen.getFileName() + "-" + parts + ".mvt");
                IngestPlan.run(spark(), request(bgen, out, true, parts, BgenIngestOptions.DEFAULT));
                assertThat(Files.readAllLines(out.resolve("_quarantine/records.tsv")))
                        .hasSize(2)
                        .last()
                        .asString()
                        .contains("\t99\t01\t10000\tDUPLICATE\t");
                TableMetadata m = VariantTable.open(out.toString(), new Configuration()).metadata;
                assertThat(m.bgen.splitBy).isEqualTo(bgen == indexed ? "bgi" : "skim");
                List<String> all = allColumns(out);
                if (base == null) {
                    base = all;
                    BgenDecoderTest.assertSame(
                            rows(out),
                            exampleRows(indexed.resolveSibling("example.16bits.vcf")),
                            TABLE_TOLERANCE,
                            true);
                } else {
                    assertThat(all)
                            .as(bgen.getFileName() + " in " + parts + " splits")
                            .isEqualTo(base);
                }
            }
        }
    }

    /**
     * regenie's example.bgen holds the genotypes of example.bed: with {@code --bgen-ref last} (REF = allele 2, as
     * plink2 reads the .bed's A2) the table's calls equal plink2's VCF export of the .bed row for row, and its AC/AN
     * equal plink2 {@code --freq counts} on the BGEN. Oracles computed here: {@code plink2 --bfile example --export
     * vcf} and {@code plink2 --bgen example.bgen ref-last --sample … --freq counts}.
     */
    @Test
    void regenieBgenEqualsItsBedAndPlink2Counts() throws Exception {
        Path bgen = Fixtures.shared("regenie/example.bgen");
        assumeTrue(bgen != null && org.musubi.testing.Tools.available("plink2"), "regenie data or plink2 absent");
        Path out = tmp.resolve("regenie.mvt");
        IngestPlan.run(spark(), request(bgen, out, false, 4, new BgenIngestOptions(null, false, 0.1)));
        String prefix = bgen.resolveSibling("example").toString();
        Path o = tmp.resolve("oracle");
        org.musubi.testing.Tools.sh("plink2 --bfile " + prefix + " --export vcf --out " + o + "-bed >/dev/null");
        org.musubi.testing.Tools.sh(
                "plink2 --bgen " + bgen + " ref-last --freq counts --out " + o + "-freq >/dev/null");
        List<String> bed = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(o + "-bed.vcf"))) {
            if (!l.startsWith("#")) {
                bed.add(l);
            }
        }
        List<String> freq = Files.readAllLines(Path.of(o + "-freq.acount"));
        List<BgenDecoderTest.Row> rows = rows(out);
        VariantTable t = VariantTable.open(out.toString(), new Configuration());
        List<Row> counts = t.variants(spark()).orderBy("pos").select("ac", "an").collectAsList();
        assertThat(rows).hasSize(bed.size()).hasSize(1000);
        for (int i = 0; i < rows.size(); i++) {
            String[] f = bed.get(i).split("\t");
            BgenDecoderTest.Row r = rows.get(i);
            assertThat(r.pos() + " " + r.ref() + " " + r.alt()).isEqualTo(f[1] + " " + f[3] + " " + f[4]);
            for (int s = 0; s < r.gt().length; s++) {
                String g = f[9 + s];
                int want = g.equals("./.") ? 3 : (g.charAt(0) - '0') + (g.charAt(2) - '0');
                if (r.gt()[s] != want) {
                    throw new AssertionError("row " + i + " sample " + s + ": " + r.gt()[s] + " vs .bed " + g);
                }
                if (want != 3 && Math.abs(r.dosage()[s] - want) > 1.0 / 65535) {
                    throw new AssertionError("row " + i + " sample " + s + ": dosage " + r.dosage()[s]);
                }
            }
            String[] c = freq.get(i + 1).split("\t");
            assertThat(counts.get(i).getInt(0) + "/" + counts.get(i).getInt(1))
                    .as("AC/AN of row " + i)
                    .isEqualTo(c[4] + "/" + c[5]);
        }
    }

    /**
     * Several BGEN files of one cohort (shards, e.g. one per chromosome) make one table: the same rows as one BGEN of
     * all the variants, whatever order the files are given in; files with other samples are refused. Shards made
     * here: {@code plink2 --bgen example.bgen ref-last --chr 1 [--to-bp 500 | --from-bp 501] --export bgen-1.2
     * bits=16}, and the whole file the same way without the range.
     */
    @Test
    void shardsMakeTheTableOfTheWholeFileInAnyOrder() throws Exception {
        Path src = Fixtures.shared("regenie/example.bgen");
        assumeTrue(src != null && org.musubi.testing.Tools.available("plink2"), "regenie data or plink2 absent");
        String base = "plink2 --bgen " + src + " ref-last --export bgen-1.2 bits=16 ";
        org.musubi.testing.Tools.sh(base + "--out " + tmp.resolve("whole") + " >/dev/null");
        org.musubi.testing.Tools.sh(base + "--chr 1 --to-bp 500 --out " + tmp.resolve("p1") + " >/dev/null");
        org.musubi.testing.Tools.sh(base + "--chr 1 --from-bp 501 --out " + tmp.resolve("p2") + " >/dev/null");
        org.musubi.testing.Tools.sh(
                base + "--chr 1 --from-bp 501 --thin-indiv-count 400 --out " + tmp.resolve("few") + " >/dev/null");
        Path whole = tmp.resolve("whole.mvt");
        ingest(tmp.resolve("whole.bgen"), whole, 2);
        List<String> expected = allColumns(whole);
        assertThat(expected).hasSize(1000);
        for (List<String> order : List.of(List.of("p1", "p2"), List.of("p2", "p1"))) {
            Path out = tmp.resolve(String.join("-", order) + ".mvt");
            IngestPlan.run(
                    spark(),
                    IngestRequest.builder()
                            .inputs(order.stream()
                                    .map(n -> tmp.resolve(n + ".bgen").toString())
                                    .toList())
                            .out(out.toString())
                            .options(new IngestOptions(false, 0, DosageField.NONE, List.of()))
                            .partitions(3)
                            .arguments(List.of("ingest", "test"))
                            .bgen(BgenIngestOptions.DEFAULT)
                            .build());
            assertThat(allColumns(out)).as("shards " + order).isEqualTo(expected);
            TableMetadata m = VariantTable.open(out.toString(), new Configuration()).metadata;
            assertThat(m.sources).hasSize(2);
            assertThat(m.recordCount).isEqualTo(1000);
            assertThat(m.sampleCount).isEqualTo(500);
        }
        IngestRequest mixed = IngestRequest.builder()
                .inputs(List.of(
                        tmp.resolve("p1.bgen").toString(),
                        tmp.resolve("few.bgen").toString()))
                .out(tmp.resolve("mixed.mvt").toString())
                .arguments(List.of("ingest", "test"))
                .build();
        assertThatThrownBy(() -> IngestPlan.run(spark(), mixed))
                .isInstanceOf(org.musubi.error.MusubiUserException.class)
                .hasMessageContaining("few.bgen has 400 samples but")
                .hasMessageContaining("p1.bgen has 500");
    }

    /**
     * {@code prs} on a BGEN table's dosages equals plink2 {@code --bgen … --score} within 1e-6. The BGEN is Glow's
     * 16-bit example sorted by plink2 (RSID_100, a repeat of 01:10000 A>G, left out); the oracle, computed here:
     * {@code plink2 --bgen ex.bgen ref-first --score sc.txt 1 2 3 cols=+scoresums,+denom}.
     */
    @Test
    void prsOnDosagesEqualsPlink2Score() throws Exception {
        Path src = Fixtures.shared("glow/bgen/example.16bits.bgen");
        assumeTrue(src != null && org.musubi.testing.Tools.available("plink2"), "glow data or plink2 absent");
        String t = tmp.resolve("t1").toString();
        String ex = tmp.resolve("ex").toString();
        org.musubi.testing.Tools.sh("plink2 --bgen " + src + " ref-first --exclude-snp RSID_100 --make-pgen"
                + " --sort-vars --out " + t + " >/dev/null");
        org.musubi.testing.Tools.sh(
                "plink2 --pfile " + t + " --export bgen-1.2 bits=16 ref-first --out " + ex + " >/dev/null");
        // every 4th variant, effect allele ALT or REF in turn, weights 0.0005 … 0.0065
        StringBuilder plink = new StringBuilder();
        StringBuilder pgs = new StringBuilder("#pgs_id=PGS_TEST\n#genome_build=GRCh37\n"
                + "rsID\tchr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\n");
        List<String> pvar = Files.readAllLines(Path.of(t + ".pvar"));
        for (int i = 1; i < pvar.size(); i++) {
            if (i % 4 != 0) {
                continue;
            }
            String[] f = pvar.get(i).split("\t");
            boolean alt = i % 8 == 0;
            String w = String.format(java.util.Locale.ROOT, "%.4f", (i % 7) * 0.001 + 0.0005);
            plink.append(f[2])
                    .append('\t')
                    .append(alt ? f[4] : f[3])
                    .append('\t')
                    .append(w)
                    .append('\n');
            pgs.append(String.join("\t", f[2], f[0], f[1], alt ? f[4] : f[3], alt ? f[3] : f[4], w))
                    .append('\n');
        }
        Files.writeString(tmp.resolve("sc.txt"), plink);
        Files.writeString(tmp.resolve("PGS_TEST.txt"), pgs);
        org.musubi.testing.Tools.sh("plink2 --bgen " + ex + ".bgen ref-first --score " + tmp.resolve("sc.txt")
                + " 1 2 3 cols=+scoresums,+denom --out " + tmp.resolve("o") + " >/dev/null");
        Path table = tmp.resolve("ex.mvt");
        IngestPlan.run(
                spark(),
                IngestRequest.builder()
                        .inputs(List.of(ex + ".bgen"))
                        .out(table.toString())
                        .genomeBuild("GRCh37")
                        .partitions(3)
                        .arguments(List.of("ingest", "test"))
                        .build());
        Path out = tmp.resolve("prs");
        org.musubi.prs.PrsPlan.run(
                spark(),
                org.musubi.prs.PrsRequest.builder()
                        .table(table.toString())
                        .scoreFiles(List.of(tmp.resolve("PGS_TEST.txt").toString()))
                        .out(out.toString())
                        .arguments(List.of("prs"))
                        .build());
        java.util.Map<String, Double> want = new java.util.HashMap<>();
        List<String> o = Files.readAllLines(tmp.resolve("o.sscore"));
        for (String l : o.subList(1, o.size())) {
            String[] f = l.split("\t");
            want.put(f[0], Double.parseDouble(f[5]));
        }
        List<Row> got =
                spark().read().parquet(out.resolve("scores.parquet").toString()).collectAsList();
        assertThat(got).hasSize(500);
        double max = 0;
        for (Row r : got) {
            double w = want.get(r.<String>getAs("sample_id"));
            max = Math.max(max, Math.abs(r.<Double>getAs("sum") - w));
        }
        System.out.printf("prs on BGEN dosages vs plink2 --score: largest |SUM difference| %.3g%n", max);
        assertThat(max).as("largest |prs sum − plink2 SCORE1_SUM|").isLessThanOrEqualTo(1e-6);
    }

    @Test
    void samplesFromTheFileOrTheSampleFileAndTheirDisagreementRefused() throws Exception {
        Path d = Fixtures.shared("glow/bgen");
        assumeTrue(d != null, "../shared/data/glow/bgen is absent");
        Path out = tmp.resolve("oxford.mvt");
        IngestPlan.run(
                spark(),
                request(
                        d.resolve("example.16bits.oxford.bgen"),
                        out,
                        true,
                        2,
                        new BgenIngestOptions(
                                d.resolve("example.16bits.oxford.sample").toString(), true, 0.1)));
        List<Row> s = spark().read()
                .parquet(out.resolve("samples.parquet").toString())
                .orderBy("sample_index")
                .collectAsList();
        assertThat(s).hasSize(500);
        assertThat(s.get(0).<String>getAs("sample_id")).isEqualTo("sample_001");
        assertThat(s.get(499).<String>getAs("sample_id")).isEqualTo("sample_500");

        assertThatThrownBy(() -> IngestPlan.run(
                        spark(),
                        request(
                                d.resolve("example.16bits.oxford.bgen"),
                                tmp.resolve("c.mvt"),
                                false,
                                2,
                                new BgenIngestOptions(
                                        d.resolve("example.16bits.oxford.corrupted.sample")
                                                .toString(),
                                        true,
                                        0.1))))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("example.16bits.oxford.corrupted.sample line 4")
                .hasMessageContaining("give the .sample file made with this BGEN");
        assertThatThrownBy(() -> IngestPlan.run(
                        spark(),
                        request(
                                d.resolve("example.16bits.bgen"),
                                tmp.resolve("f.mvt"),
                                false,
                                2,
                                new BgenIngestOptions(
                                        d.resolve("example.fake.sample").toString(), true, 0.1))))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("example.fake.sample and ")
                .hasMessageContaining("example.16bits.bgen disagree: sample 1 is 'fake_sample_001'")
                .hasMessageContaining("'sample_001' in the BGEN");
    }

    @Test
    void badInputsStrictOneLineLenientQuarantined() throws Exception {
        byte[] good = Files.readAllBytes(Fixtures.resource("data/bgen/phased.16bits.bgen"));
        Path magic = tmp.resolve("magic.bgen");
        byte[] b = good.clone();
        b[16] = 'B';
        Files.write(magic, b);
        assertThatThrownBy(() -> ingest(magic, tmp.resolve("m.mvt"), 1))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("magic.bgen: header, byte offset 16: bad magic number 'Bgen'");

        Path layout = tmp.resolve("layout.bgen");
        b = good.clone();
        int flags = 4 + (b[4] & 0xFF) + ((b[5] & 0xFF) << 8) - 4;
        b[flags] = (byte) ((b[flags] & 0xC3) | (3 << 2));
        Files.write(layout, b);
        assertThatThrownBy(() -> ingest(layout, tmp.resolve("l.mvt"), 1))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("layout.bgen: header, byte offset " + flags + ": layout 3 is not supported")
                .hasMessageContaining("qctool");

        Path cut = tmp.resolve("cut.bgen");
        Files.write(cut, java.util.Arrays.copyOf(good, good.length - 5));
        assertThatThrownBy(() -> ingest(cut, tmp.resolve("t.mvt"), 1))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageMatching("(?s).*cut.bgen: variant 1 \\(1:10235\\), byte offset \\d+ rs540431307: the"
                        + " genotype block of \\d+ bytes at byte \\d+ runs past the end of the file \\("
                        + (good.length - 5) + " bytes\\).*");
        Path outCut = tmp.resolve("tl.mvt");
        IngestPlan.run(spark(), request(cut, outCut, true, 1, BgenIngestOptions.DEFAULT));
        assertThat(Files.readAllLines(outCut.resolve("_quarantine/records.tsv")).get(1))
                .contains("\t1\t1\t10235\tTRUNCATED\t");

        // probabilities of sample 2 of variant 1 sum past 1 (200 + 100 > 255)
        Path sum = tmp.resolve("sum.bgen");
        Files.write(sum, tinyBgen(new int[][] {{255, 0, 200, 100}, {0, 255, 0, 0}}));
        assertThatThrownBy(() -> ingest(sum, tmp.resolve("s.mvt"), 1))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("sum.bgen: variant 1 (1:100), byte offset 24 rs1: the probabilities of sample 2"
                        + " sum to 1.1764705882352942, more than 1");
        Path outSum = tmp.resolve("sl.mvt");
        IngestPlan.run(spark(), request(sum, outSum, true, 1, BgenIngestOptions.DEFAULT));
        assertThat(Files.readAllLines(outSum.resolve("_quarantine/records.tsv")).get(1))
                .contains("\t1\t1\t100\tBAD_PROBABILITIES\t");
        List<BgenDecoderTest.Row> left = rows(outSum);
        assertThat(left).hasSize(1);
        assertThat(left.get(0).pos()).isEqualTo(101);
        assertThat(left.get(0).gt()).containsExactly(1, 2);
        assertThat(left.get(0).dosage()).containsExactly(1.0, 2.0);
    }

    /**
     * A BGEN v1.2 file, layout 2, uncompressed, 8 bits, two diploid samples, one variant per row of {@code probs}
     * (P(AA), P(AB) of sample 1, then of sample 2, in 1/255) at positions 100, 101, ….
     */
    static byte[] tinyBgen(int[][] probs) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        int n = 2;
        u32(o, 20);
        u32(o, 20);
        u32(o, probs.length);
        u32(o, n);
        o.writeBytes("bgen".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        u32(o, 2 << 2);
        for (int v = 0; v < probs.length; v++) {
            str2(o, "v" + (v + 1));
            str2(o, "rs" + (v + 1));
            str2(o, "1");
            u32(o, 100 + v);
            o.write(2);
            o.write(0);
            for (String a : new String[] {"A", "G"}) {
                u32(o, 1);
                o.writeBytes(a.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            u32(o, 4 + 2 + 2 + n + 2 + 2 * n);
            u32(o, n);
            o.write(2);
            o.write(0);
            o.write(2);
            o.write(2);
            for (int s = 0; s < n; s++) {
                o.write(2);
            }
            o.write(0);
            o.write(8);
            for (int x : probs[v]) {
                o.write(x);
            }
        }
        return o.toByteArray();
    }

    private static void u32(java.io.ByteArrayOutputStream o, long v) {
        for (int i = 0; i < 4; i++) {
            o.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    private static void str2(java.io.ByteArrayOutputStream o, String s) {
        o.write(s.length());
        o.write(0);
        o.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
