package org.musubi.stats.qc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bit-plane kernel against a direct count over genotype codes (SPECS §7.3's definitions) and against the
 * five-popcount reference path ({@link KingPlanes}).
 */
class KingKernelTest {
    /** The counts of one pair by definition: codes 0/1/2, 3 missing; a = plink2's sample 1, b sample 2. */
    static int[] naive(byte[] codes, int n, int variants, int a, int b) {
        int[] c = new int[KingCounts.FIELDS];
        for (int j = 0; j < variants; j++) {
            int x = codes[j * n + a];
            int y = codes[j * n + b];
            if (x == 3 || y == 3) {
                continue;
            }
            boolean homX = x != 1;
            boolean homY = y != 1;
            c[KingCounts.IBS0] += homX && homY && x != y ? 1 : 0;
            c[KingCounts.HETHET] += !homX && !homY ? 1 : 0;
            c[KingCounts.HET1_HOM2] += !homX && homY ? 1 : 0;
            c[KingCounts.HET2_HOM1] += homX && !homY ? 1 : 0;
            c[KingCounts.HOMHOM] += homX && homY ? 1 : 0;
        }
        return c;
    }

    /** The reference path the block path is checked against ({@link KingPlanes}) counts as the definition. */
    @Test
    void referencePlanesEqualTheDefinitionForTrianglesAndRectanglesOverSeveralBlocks() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 70; // more than 64 samples, blocks of 100 variants: words with a partial tail
        int variants = 100;
        KingPlanes tri = new KingPlanes(n, n, true);
        KingPlanes rect = new KingPlanes(30, 40, false);
        byte[][] blocks = new byte[3][n * variants];
        long[] planes = new long[n * KingBlock.words(variants) * 4];
        for (byte[] codes : blocks) {
            for (int i = 0; i < codes.length; i++) {
                int u = r.nextInt(20);
                codes[i] = (byte) (u == 0 ? 3 : u < 10 ? 0 : u < 16 ? 1 : 2);
            }
            KingPlanes.planes(codes, n, variants, null, planes);
            tri.add(planes, KingBlock.words(variants), 0, 0);
            rect.add(planes, KingBlock.words(variants), 0, 30);
        }
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                int[] want = new int[KingCounts.FIELDS];
                for (byte[] codes : blocks) {
                    int[] c = naive(codes, n, variants, a, b);
                    for (int k = 0; k < want.length; k++) {
                        want[k] += c[k];
                    }
                }
                int o = (a * n + b) * KingCounts.FIELDS;
                for (int k = 0; k < want.length; k++) {
                    assertThat(tri.counts()[o + k])
                            .as("pair %d,%d field %d", a, b, k)
                            .isEqualTo(want[k]);
                }
                if (a < 30 && b >= 30) {
                    int ro = (a * 40 + (b - 30)) * KingCounts.FIELDS;
                    for (int k = 0; k < want.length; k++) {
                        assertThat(rect.counts()[ro + k]).isEqualTo(want[k]);
                    }
                }
            }
        }
    }

    /**
     * The two-popcount path ({@link KingBlock}: HET1_HOM2, HET2_HOM1, NSNP from per-sample het counts and
     * missing calls) gives the reference planes' counts ({@link KingPlanes}): blocks with a partial tail word, left-out variants, few
     * missing calls, and a sample missing most calls (its pairs take the five-popcount path).
     */
    @Test
    void blockPathEqualsPlanesPathWithMissingAndLeftOutVariants() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 90;
        int variants = 150;
        KingPlanes viaPlanes = new KingPlanes(n, n, true);
        KingKernel viaBlock = new KingKernel(n, n, true);
        KingPlanes rectPlanes = new KingPlanes(40, 50, false);
        KingKernel rectBlock = new KingKernel(40, 50, false);
        long[] planes = new long[n * KingBlock.words(variants) * 4];
        KingBlock block = new KingBlock(n, variants);
        boolean[] use = new boolean[variants];
        for (int round = 0; round < 4; round++) {
            byte[] codes = new byte[n * variants];
            for (int j = 0; j < variants; j++) {
                use[j] = r.nextInt(10) != 0;
                for (int i = 0; i < n; i++) {
                    int u = r.nextInt(200);
                    boolean sparse = i == 7 ? u < 150 : u < (round == 0 ? 0 : 3);
                    codes[j * n + i] = (byte) (sparse ? 3 : u < 100 ? 0 : u < 160 ? 1 : 2);
                }
            }
            KingPlanes.planes(codes, n, variants, use, planes);
            viaPlanes.add(planes, KingBlock.words(variants), 0, 0);
            rectPlanes.add(planes, KingBlock.words(variants), 0, 40);
            block.fill(codes, n, variants, use);
            viaBlock.add(block, 0, 0);
            rectBlock.add(block, 0, 40);
        }
        assertThat(viaBlock.counts()).isEqualTo(viaPlanes.counts());
        assertThat(rectBlock.counts()).isEqualTo(rectPlanes.counts());
    }

    /**
     * The block path (rows two at a time, then an odd last row) equals the five-popcount planes path on tiles of odd
     * and even sizes, triangles and rectangles at offsets, with samples whose missing calls send some pairs of a row
     * pair down the five-popcount path and not the other.
     */
    @Test
    void blockPathEqualsPlanesPathOnOddTilesAndMixedMissingPaths() {
        SplittableRandom r = new SplittableRandom(29);
        int n = 75;
        int variants = 130;
        int[][] tiles = {{0, 0, 75, 75}, {3, 3, 33, 33}, {0, 40, 13, 35}, {1, 20, 18, 7}, {5, 60, 1, 15}};
        long[] planes = new long[n * KingBlock.words(variants) * 4];
        KingBlock block = new KingBlock(n, variants);
        boolean[] use = new boolean[variants];
        for (int[] t : tiles) {
            boolean tri = t[0] == t[1];
            KingPlanes viaPlanes = new KingPlanes(t[2], t[3], tri);
            KingKernel viaBlock = new KingKernel(t[2], t[3], tri);
            for (int round = 0; round < 3; round++) {
                byte[] codes = new byte[n * variants];
                for (int j = 0; j < variants; j++) {
                    use[j] = r.nextInt(8) != 0;
                    for (int i = 0; i < n; i++) {
                        int u = r.nextInt(200);
                        boolean miss = i % 6 == 1 ? u < 120 : u < 4;
                        codes[j * n + i] = (byte) (miss ? 3 : u < 100 ? 0 : u < 160 ? 1 : 2);
                    }
                }
                KingPlanes.planes(codes, n, variants, use, planes);
                viaPlanes.add(planes, KingBlock.words(variants), t[0], t[1]);
                block.fill(codes, n, variants, use);
                viaBlock.add(block, t[0], t[1]);
            }
            assertThat(viaBlock.counts())
                    .as("tile %s", java.util.Arrays.toString(t))
                    .isEqualTo(viaPlanes.counts());
        }
    }

    /**
     * The block path over tiles wider than one column chunk, with blocks added after the counts were read (the
     * per-sample totals applied, then more blocks): the definition's counts for every pair.
     */
    @Test
    void blockPathOverColumnChunksAndAfterReadingCountsEqualsTheDefinition() {
        SplittableRandom r = new SplittableRandom(13);
        int n = 2 * KingKernel.COLUMN_CHUNK + 70;
        int variants = 200;
        int rows = 60;
        KingKernel tri = new KingKernel(n, n, true);
        KingKernel rect = new KingKernel(rows, n - rows, false);
        KingBlock block = new KingBlock(n, variants);
        int[][] want = new int[n * n][KingCounts.FIELDS];
        for (int round = 0; round < 3; round++) {
            byte[] codes = new byte[n * variants];
            for (int i = 0; i < codes.length; i++) {
                int u = r.nextInt(100);
                codes[i] = (byte) (u < 2 ? 3 : u < 50 ? 0 : u < 80 ? 1 : 2);
            }
            block.fill(codes, n, variants, null);
            tri.add(block, 0, 0);
            rect.add(block, 0, rows);
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    int[] c = naive(codes, n, variants, a, b);
                    for (int k = 0; k < c.length; k++) {
                        want[a * n + b][k] += c[k];
                    }
                }
            }
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    int o = (a * n + b) * KingCounts.FIELDS;
                    assertThat(java.util.Arrays.copyOfRange(tri.counts(), o, o + KingCounts.FIELDS))
                            .as("round %d pair %d,%d", round, a, b)
                            .isEqualTo(want[a * n + b]);
                    if (a < rows && b >= rows) {
                        int ro = (a * (n - rows) + (b - rows)) * KingCounts.FIELDS;
                        assertThat(java.util.Arrays.copyOfRange(rect.counts(), ro, ro + KingCounts.FIELDS))
                                .isEqualTo(want[a * n + b]);
                    }
                }
            }
        }
    }

    @Test
    void leftOutVariantsAreNotCounted() {
        byte[] codes = {0, 2, 1, 1}; // variant 0: 0/2 (IBS0), variant 1: het/het
        KingBlock block = new KingBlock(2, 2);
        block.fill(codes, 2, 2, new boolean[] {false, true});
        KingKernel k = new KingKernel(2, 2, true);
        k.add(block, 0, 0);
        int o = (0 * 2 + 1) * KingCounts.FIELDS;
        assertThat(k.counts()[o + KingCounts.IBS0]).isZero();
        assertThat(k.counts()[o + KingCounts.HETHET]).isEqualTo(1);
    }

    /**
     * Missing-call terms deferred ({@link KingKernel#deferMissing}) over a budget that keeps only the first blocks:
     * every pair whose kinship is at or above the threshold (or NaN) has the eager path's five counts, every other pair
     * a kinship below it; minus infinity gives every pair's exact counts; duplicated and related samples, 4% missing
     * calls and a sample missing most calls (the five-popcount path) in triangles and rectangles.
     */
    @Test
    void deferredMissingTermsAreExactForEveryPairThatMayReachTheThreshold() {
        SplittableRandom r = new SplittableRandom(41);
        int n = 96;
        int variants = 300;
        int rows = 40;
        byte[][] blocks = new byte[5][n * variants];
        for (byte[] codes : blocks) {
            for (int j = 0; j < variants; j++) {
                double q = 0.05 + 0.45 * r.nextDouble();
                for (int i = 0; i < n; i++) {
                    int g = (r.nextDouble() < q ? 1 : 0) + (r.nextDouble() < q ? 1 : 0);
                    if (i % 4 != 0 && r.nextInt(10) < 10 - i % 4 * 3) {
                        g = codes[j * n + i - 1]; // close relatives of the sample before
                    }
                    int u = r.nextInt(100);
                    boolean miss = i == 5 ? u < 70 : u < 4;
                    codes[j * n + i] = (byte) (miss ? 3 : g);
                }
            }
        }
        KingBlock block = new KingBlock(n, variants);
        for (double threshold : new double[] {0.1, 0.3, 0.0, Double.NEGATIVE_INFINITY, Double.NaN}) {
            for (long budget : new long[] {0, 30_000, Long.MAX_VALUE}) {
                KingKernel eagerTri = new KingKernel(n, n, true);
                KingKernel eagerRect = new KingKernel(rows, n - rows, false);
                KingKernel tri = new KingKernel(n, n, true);
                KingKernel rect = new KingKernel(rows, n - rows, false);
                tri.deferMissing(budget);
                rect.deferMissing(budget);
                for (byte[] codes : blocks) {
                    block.fill(codes, n, variants, null);
                    eagerTri.add(block, 0, 0);
                    eagerRect.add(block, 0, rows);
                    tri.add(block, 0, 0);
                    rect.add(block, 0, rows);
                }
                String as = "threshold " + threshold + " budget " + budget;
                int[] reached = {0, 0, 0};
                compareDeferred(eagerTri.counts(), tri.counts(threshold), n, n, true, threshold, as, reached);
                compareDeferred(
                        eagerRect.counts(), rect.counts(threshold), rows, n - rows, false, threshold, as, reached);
                assertThat(reached[0]).as(as).isPositive();
                if (threshold > 0) {
                    assertThat(reached[1]).as(as).isPositive();
                    if (budget > 0) {
                        assertThat(reached[2]).as("pairs left inexact, " + as).isPositive();
                    }
                }
                if (budget == 0 || !(threshold > Double.NEGATIVE_INFINITY)) {
                    assertThat(tri.counts()).as(as).isEqualTo(eagerTri.counts());
                    assertThat(rect.counts()).as(as).isEqualTo(eagerRect.counts());
                }
            }
        }
    }

    private static void compareDeferred(
            int[] eager, int[] deferred, int rows, int cols, boolean tri, double threshold, String as, int[] reached) {
        for (int a = 0; a < rows; a++) {
            for (int b = tri ? a + 1 : 0; b < cols; b++) {
                int o = (a * cols + b) * KingCounts.FIELDS;
                double want = KingCounts.kinship(eager[o], eager[o + 1], eager[o + 2], eager[o + 3]);
                if (!(want < threshold)) {
                    reached[0]++;
                    assertThat(java.util.Arrays.copyOfRange(deferred, o, o + KingCounts.FIELDS))
                            .as("%s pair %d,%d", as, a, b)
                            .isEqualTo(java.util.Arrays.copyOfRange(eager, o, o + KingCounts.FIELDS));
                } else {
                    reached[1]++;
                    if (!java.util.Arrays.equals(deferred, o, o + KingCounts.FIELDS, eager, o, o + KingCounts.FIELDS)) {
                        reached[2]++;
                    }
                    assertThat(KingCounts.kinship(deferred[o], deferred[o + 1], deferred[o + 2], deferred[o + 3]))
                            .as("%s pair %d,%d", as, a, b)
                            .isLessThan(threshold);
                }
            }
        }
    }

    @Test
    void noBlocksAfterCountsLeftInexact() {
        int n = 70;
        int variants = 64;
        SplittableRandom r = new SplittableRandom(3);
        byte[] codes = new byte[n * variants];
        for (int i = 0; i < codes.length; i++) {
            int u = r.nextInt(100);
            codes[i] = (byte) (u < 5 ? 3 : u < 50 ? 0 : u < 80 ? 1 : 2);
        }
        KingBlock block = new KingBlock(n, variants);
        block.fill(codes, n, variants, null);
        KingKernel k = new KingKernel(n, n, true);
        k.deferMissing(Long.MAX_VALUE);
        k.add(block, 0, 0);
        k.counts(0.45);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> k.add(block, 0, 0))
                .isInstanceOf(IllegalStateException.class);
    }
}
