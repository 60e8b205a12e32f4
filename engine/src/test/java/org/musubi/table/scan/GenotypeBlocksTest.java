package org.musubi.table.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.table.VariantTable;

/** {@link GenotypeBlocks} on a hand-built two-contig table of 5 samples. */
class GenotypeBlocksTest {
    private static final byte M = 3; // GenotypeCode.MISSING

    @TempDir
    Path tmp;

    private final Configuration conf = new Configuration(false);

    /** Contig 1: rows 10..40; contig 2: row 50 (dosages, one missing). */
    private List<Slice> table() throws Exception {
        VariantTable.VariantFile one = TinyTables.write(
                tmp,
                "1",
                0,
                List.of(
                        new TinyTables.Row(10, new byte[] {0, 1, 2, M, 1}, null),
                        new TinyTables.Row(20, new byte[] {2, 2, 2, 2, 2}, new double[] {0.5, 1.25, Double.NaN, 2, 0}),
                        new TinyTables.Row(30, new byte[] {M, M, M, M, M}, null),
                        new TinyTables.Row(40, new byte[] {1, 0, 0, 0, 0}, null)),
                conf);
        VariantTable.VariantFile two = TinyTables.write(
                tmp,
                "2",
                1,
                List.of(new TinyTables.Row(50, new byte[] {0, 0, M, 1, 2}, new double[] {0.1, Double.NaN, 1, 1, 1.9})),
                conf);
        return ScanPlan.perFile(List.of(one, two));
    }

    private static double[] column(GenotypeBlocks b, int j) {
        int n = b.samples();
        double[] out = new double[n];
        System.arraycopy(b.dosages(), j * n, out, 0, n);
        return out;
    }

    @Test
    void dosagesWithMissingMeanImputedAndBlocksEndingAtContigs() throws Exception {
        List<int[]> sizes = new ArrayList<>();
        try (GenotypeBlocks b = GenotypeBlocks.over(table(), 5).blockSize(3).open(conf)) {
            assertThat(b.next()).isTrue();
            assertThat(b.contig()).isEqualTo("1");
            assertThat(b.size()).isEqualTo(3);
            assertThat(b.samples()).isEqualTo(5);
            // hard calls: 0 1 2 . 1 -> mean of 0,1,2,1 = 1
            assertThat(column(b, 0)).containsExactly(0, 1, 2, 1, 1);
            assertThat(b.missing(0)).isEqualTo(1);
            // dosages win over the calls; the missing one gets the mean of 0.5, 1.25, 2, 0 = 0.9375
            assertThat(column(b, 1)).containsExactly(new double[] {0.5, 1.25, 0.9375, 2, 0}, within(1e-4));
            assertThat(b.missing(1)).isEqualTo(1);
            // all missing -> 0
            assertThat(column(b, 2)).containsExactly(0, 0, 0, 0, 0);
            assertThat(b.missing(2)).isEqualTo(5);
            assertThat(b.pos(0)).isEqualTo(10);
            assertThat(b.id(1)).isEqualTo("rs20");
            assertThat(b.id(2)).isEqualTo("rs30");
            assertThat(b.ref(0)).isEqualTo("A");
            assertThat(b.alt(0)).isEqualTo("G");

            assertThat(b.next()).isTrue(); // the rest of contig 1: a short block
            assertThat(b.contig()).isEqualTo("1");
            assertThat(b.size()).isEqualTo(1);
            assertThat(b.pos(0)).isEqualTo(40);
            assertThat(column(b, 0)).containsExactly(1, 0, 0, 0, 0);

            assertThat(b.next()).isTrue(); // contig 2 starts a new block
            assertThat(b.contig()).isEqualTo("2");
            assertThat(b.size()).isEqualTo(1);
            assertThat(column(b, 0)).containsExactly(new double[] {0.1, 1, 1, 1, 1.9}, within(1e-4));
            assertThat(b.next()).isFalse();
        }
    }

    @Test
    void codesAreTheHardCallsWithMissingAsThree() throws Exception {
        try (GenotypeBlocks b = GenotypeBlocks.over(table(), 5)
                .blockSize(10)
                .values(GenotypeBlocks.Values.CODES)
                .open(conf)) {
            assertThat(b.next()).isTrue();
            assertThat(b.size()).isEqualTo(4);
            byte[] c = java.util.Arrays.copyOf(b.codes(), 20);
            assertThat(c).containsExactly(0, 1, 2, M, 1, 2, 2, 2, 2, 2, M, M, M, M, M, 1, 0, 0, 0, 0);
            assertThat(b.missing(0)).isEqualTo(1);
            assertThat(b.missing(1)).isZero();
            assertThat(b.next()).isTrue();
            assertThat(java.util.Arrays.copyOf(b.codes(), 5)).containsExactly(0, 0, M, 1, 2);
            assertThat(b.next()).isFalse();
        }
    }

    @Test
    void aSampleSubsetInItsOwnOrderImputesOverItsSamples() throws Exception {
        try (GenotypeBlocks b = GenotypeBlocks.over(table(), 5)
                .samples(new int[] {4, 3, 0})
                .blockSize(2)
                .open(conf)) {
            assertThat(b.next()).isTrue();
            assertThat(b.samples()).isEqualTo(3);
            // row 10, samples 4,3,0: 1 . 0 -> mean 0.5
            assertThat(column(b, 0)).containsExactly(1, 0.5, 0);
            // row 20 dosages of samples 4,3,0: 0 2 0.5
            assertThat(column(b, 1)).containsExactly(new double[] {0, 2, 0.5}, within(1e-4));
            assertThat(b.missing(1)).isZero();
            assertThat(b.next()).isTrue();
            assertThat(b.size()).isEqualTo(2);
            assertThat(b.next()).isTrue();
            // row 50 of samples 4,3,0: 1.9 1 0.1
            assertThat(column(b, 0)).containsExactly(new double[] {1.9, 1, 0.1}, within(1e-4));
            assertThat(b.next()).isFalse();
        }
    }

    @Test
    void theFilterDropsRowsBeforeBlocksAreCut() throws Exception {
        List<Slice> slices = table();
        try (GenotypeBlocks b = GenotypeBlocks.over(slices, 5)
                .filter(new RowFilter(0, 5))
                .blockSize(100)
                .open(conf)) {
            assertThat(b.next()).isTrue();
            assertThat(b.size()).isEqualTo(4); // n_called 5 in the tiny table: every row passes
        }
    }
}
