package org.musubi.freq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.PloidyCode;
import org.musubi.format.calls.TwoBitVector;
import org.musubi.genome.GenomeBuild;

/**
 * The counting fast path (sparse calls, no ploidy vector: only the calls that differ from the default code are
 * visited) gives the same rows as the per-sample path (an explicit all-diploid ploidy vector forces it).
 */
class FreqTaskTest {
    @Test
    void sparseCountingEqualsPerSampleCounting() {
        Random rnd = new Random(42);
        int n = 301;
        String[] sex = new String[n];
        String[] pop = new String[n];
        boolean[] excluded = new boolean[n];
        String[] pops = {"afr", "eur", null};
        for (int i = 0; i < n; i++) {
            sex[i] = rnd.nextInt(5) == 0 ? null : rnd.nextBoolean() ? "XX" : "XY";
            pop[i] = pops[rnd.nextInt(pops.length)];
            excluded[i] = rnd.nextInt(20) == 0;
        }
        for (int k : new int[] {0, 3}) {
            FreqDesign d = FreqDesign.build(sex, pop, true, true, GenomeBuild.GRCh38, excluded, k);
            FreqTask fast = new FreqTask(d);
            FreqTask slow = new FreqTask(d);
            byte[] diploid = new byte[n];
            Arrays.fill(diploid, (byte) PloidyCode.DIPLOID);
            byte[] diploidEnc = TwoBitVector.encode(diploid, n);
            int sparse = 0;
            for (String contig : List.of("chr1", "chrX", "chrY")) {
                for (int v = 0; v < 200; v++) {
                    byte[] gt = new byte[n];
                    int dflt = v % 7 == 0 ? 3 : v % 11 == 0 ? 2 : 0; // mostly hom-ref, some missing / hom-alt
                    Arrays.fill(gt, (byte) dflt);
                    int carriers = v % 5 == 0 ? rnd.nextInt(n) : rnd.nextInt(12);
                    for (int j = 0; j < carriers; j++) {
                        gt[rnd.nextInt(n)] = (byte) rnd.nextInt(4);
                    }
                    byte[] enc = TwoBitVector.encode(gt, n);
                    if (new CallsView().reset(enc, n).nonDefaultCount() < n / 4) {
                        sparse++;
                    }
                    int pos = 5_000_000 + v; // on X outside the PARs
                    List<Row> a = new ArrayList<>();
                    List<Row> b = new ArrayList<>();
                    fast.count(contig, pos, null, "A", "C", 1, enc, null, a);
                    slow.count(contig, pos, null, "A", "C", 1, enc, diploidEnc, b);
                    assertThat(a).hasSize(d.strata.size()).isEqualTo(b);
                }
            }
            assertThat(sparse).isGreaterThan(100);
        }
    }

    /**
     * bench/freq.sh's one stratum × record disagreement with plink2 --keep at 5000 × 120000 (XY, chr2:45266801 G>A): 2496
     * of 2500 XY samples called, 457 het and 25 hom-alt, so AC 507 and AN 4992 in both tools and AF = 13/128 =
     * 0.1015625 exactly, a tie at six significant digits that plink2 prints as 0.101562. Musubi keeps the exact AF in
     * Parquet and prints it with Java's %g (ties away from zero): 0.101563. The same tie by hand: 66 XY samples, 2
     * missing, 11 het, 1 hom-alt (AC 13, AN 128); 4 XX samples hom-ref.
     */
    @Test
    void anAfTiedAtSixDigitsKeepsItsExactValueAndPrintsAsJavaRoundsIt() throws Exception {
        int n = 70;
        String[] sex = new String[n];
        byte[] gt = new byte[n];
        for (int i = 0; i < n; i++) {
            sex[i] = i < 66 ? "XY" : "XX";
            gt[i] = (byte) (i < 2 ? 3 : i < 13 ? 1 : i == 13 ? 2 : 0); // 2 missing, 11 het, 1 hom-alt, then hom-ref
        }
        FreqDesign d = FreqDesign.build(sex, new String[n], false, true, GenomeBuild.GRCh38, null, 0);
        List<Row> rows = new ArrayList<>();
        new FreqTask(d).count("chr2", 45266801, null, "G", "A", 1, TwoBitVector.encode(gt, n), null, rows);
        Row xy = rows.get(
                d.strata.stream().map(FreqDesign.Stratum::name).toList().indexOf("XY"));
        assertThat(xy.getLong(FreqTask.I_AC)).isEqualTo(13);
        assertThat(xy.getLong(FreqTask.I_AN)).isEqualTo(128);
        assertThat(xy.getDouble(FreqTask.I_AF)).isEqualTo(0.1015625);
        java.io.StringWriter w = new java.io.StringWriter();
        FreqPlan.writeSites(w, d, rows.iterator());
        assertThat(w.toString())
                .startsWith("chr2\t45266801\t.\tG\tA\t.\t.\tAC=13;AN=136;AF=0.0955882;")
                .contains(";AC_XY=13;AN_XY=128;AF_XY=0.101563;nhomalt_XY=1;");
    }

    @Test
    void partsAreInOrderUnlessAContigsFilesOverlap() {
        List<org.musubi.table.VariantTable.VariantFile> files = List.of(
                new org.musubi.table.VariantTable.VariantFile("chr1", 0, "a", 2, 1, 10),
                new org.musubi.table.VariantTable.VariantFile("chr1", 0, "b", 0, 1, Integer.MAX_VALUE),
                new org.musubi.table.VariantTable.VariantFile("chr1", 0, "c", 2, 1, 30),
                new org.musubi.table.VariantTable.VariantFile("chr2", 1, "d", 2, 1, 5));
        FreqPlan.PartStats[] ok = {
            new FreqPlan.PartStats(2, 10, 20),
            new FreqPlan.PartStats(0, 0, 0),
            new FreqPlan.PartStats(2, 30, 40),
            new FreqPlan.PartStats(2, 5, 6)
        };
        assertThat(FreqPlan.inOrder(files, ok)).isTrue();
        FreqPlan.PartStats[] tie = ok.clone();
        tie[2] = new FreqPlan.PartStats(2, 20, 40);
        assertThat(FreqPlan.inOrder(files, tie)).isFalse();
        FreqPlan.PartStats[] overlap = ok.clone();
        overlap[0] = new FreqPlan.PartStats(2, 10, 35);
        assertThat(FreqPlan.inOrder(files, overlap)).isFalse();
    }

    @Test
    void plainParquetColumnsAreNumericColumnsOfTheSchemaAtOneStratumOnly() {
        assertThat(FreqPlan.plainColumns(1)).contains("pos", "ac", "an", "af", "faf95", "hwe_p");
        for (String c : FreqPlan.plainColumns(1)) {
            assertThat(Arrays.asList(FreqTask.SCHEMA.fieldNames())).contains(c);
            assertThat(FreqTask.SCHEMA.apply(c).dataType().typeName()).isIn("integer", "long", "double");
        }
        assertThat(FreqPlan.plainColumns(2)).isEmpty();
        assertThat(FreqPlan.plainColumns(18)).isEmpty();
    }
}
