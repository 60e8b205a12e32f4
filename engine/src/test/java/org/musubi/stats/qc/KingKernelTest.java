package org.musubi.stats.qc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bit-plane kernel against a direct count over genotype codes (SPECS §7.3's definitions). */
class KingKernelTest {
    /** The counts of one pair by definition: codes 0/1/2, 3 missing; a = plink2's sample 1, b sample 2. */
    static int[] naive(byte[] codes, int n, int variants, int a, int b) {
        int[] c = new int[KingKernel.FIELDS];
        for (int j = 0; j < variants; j++) {
            int x = codes[j * n + a];
            int y = codes[j * n + b];
            if (x == 3 || y == 3) {
                continue;
            }
            boolean homX = x != 1;
            boolean homY = y != 1;
            c[KingKernel.IBS0] += homX && homY && x != y ? 1 : 0;
            c[KingKernel.HETHET] += !homX && !homY ? 1 : 0;
            c[KingKernel.HET1_HOM2] += !homX && homY ? 1 : 0;
            c[KingKernel.HET2_HOM1] += homX && !homY ? 1 : 0;
            c[KingKernel.HOMHOM] += homX && homY ? 1 : 0;
        }
        return c;
    }

    @Test
    void countsEqualTheDefinitionForTrianglesAndRectanglesOverSeveralBlocks() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 70; // more than 64 samples, blocks of 100 variants: words with a partial tail
        int variants = 100;
        KingKernel tri = new KingKernel(n, n, true);
        KingKernel rect = new KingKernel(30, 40, false);
        byte[][] blocks = new byte[3][n * variants];
        long[] planes = new long[n * KingKernel.words(variants) * 4];
        for (byte[] codes : blocks) {
            for (int i = 0; i < codes.length; i++) {
                int u = r.nextInt(20);
                codes[i] = (byte) (u == 0 ? 3 : u < 10 ? 0 : u < 16 ? 1 : 2);
            }
            KingKernel.planes(codes, n, variants, null, planes);
            tri.add(planes, KingKernel.words(variants), 0, 0);
            rect.add(planes, KingKernel.words(variants), 0, 30);
        }
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                int[] want = new int[KingKernel.FIELDS];
                for (byte[] codes : blocks) {
                    int[] c = naive(codes, n, variants, a, b);
                    for (int k = 0; k < want.length; k++) {
                        want[k] += c[k];
                    }
                }
                int o = (a * n + b) * KingKernel.FIELDS;
                for (int k = 0; k < want.length; k++) {
                    assertThat(tri.counts()[o + k])
                            .as("pair %d,%d field %d", a, b, k)
                            .isEqualTo(want[k]);
                }
                if (a < 30 && b >= 30) {
                    int ro = (a * 40 + (b - 30)) * KingKernel.FIELDS;
                    for (int k = 0; k < want.length; k++) {
                        assertThat(rect.counts()[ro + k]).isEqualTo(want[k]);
                    }
                }
            }
        }
    }

    /**
     * The two-popcount path ({@link KingKernel.Block}: HET1_HOM2, HET2_HOM1, NSNP from per-sample het counts and
     * missing calls) gives the five-popcount path's counts: blocks with a partial tail word, left-out variants, few
     * missing calls, and a sample missing most calls (its pairs take the five-popcount path).
     */
    @Test
    void blockPathEqualsPlanesPathWithMissingAndLeftOutVariants() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 90;
        int variants = 150;
        KingKernel viaPlanes = new KingKernel(n, n, true);
        KingKernel viaBlock = new KingKernel(n, n, true);
        KingKernel rectPlanes = new KingKernel(40, 50, false);
        KingKernel rectBlock = new KingKernel(40, 50, false);
        long[] planes = new long[n * KingKernel.words(variants) * 4];
        KingKernel.Block block = new KingKernel.Block(n, variants);
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
            KingKernel.planes(codes, n, variants, use, planes);
            viaPlanes.add(planes, KingKernel.words(variants), 0, 0);
            rectPlanes.add(planes, KingKernel.words(variants), 0, 40);
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
        long[] planes = new long[n * KingKernel.words(variants) * 4];
        KingKernel.Block block = new KingKernel.Block(n, variants);
        boolean[] use = new boolean[variants];
        for (int[] t : tiles) {
            boolean tri = t[0] == t[1];
            KingKernel viaPlanes = new KingKernel(t[2], t[3], tri);
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
                KingKernel.planes(codes, n, variants, use, planes);
                viaPlanes.add(planes, KingKernel.words(variants), t[0], t[1]);
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
        KingKernel.Block block = new KingKernel.Block(n, variants);
        int[][] want = new int[n * n][KingKernel.FIELDS];
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
                    int o = (a * n + b) * KingKernel.FIELDS;
                    assertThat(java.util.Arrays.copyOfRange(tri.counts(), o, o + KingKernel.FIELDS))
                            .as("round %d pair %d,%d", round, a, b)
                            .isEqualTo(want[a * n + b]);
                    if (a < rows && b >= rows) {
                        int ro = (a * (n - rows) + (b - rows)) * KingKernel.FIELDS;
                        assertThat(java.util.Arrays.copyOfRange(rect.counts(), ro, ro + KingKernel.FIELDS))
                                .isEqualTo(want[a * n + b]);
                    }
                }
            }
        }
    }

    @Test
    void leftOutVariantsAreNotCounted() {
        byte[] codes = {0, 2, 1, 1}; // variant 0: 0/2 (IBS0), variant 1: het/het
        long[] planes = new long[2 * 4];
        KingKernel k = new KingKernel(2, 2, true);
        KingKernel.planes(codes, 2, 2, new boolean[] {false, true}, planes);
        k.add(planes, 1, 0, 0);
        int o = (0 * 2 + 1) * KingKernel.FIELDS;
        assertThat(k.counts()[o + KingKernel.IBS0]).isZero();
        assertThat(k.counts()[o + KingKernel.HETHET]).isEqualTo(1);
    }

    @Test
    void kinshipAsPlink2() {
        // 0.5 - (4*10 + 30 + 50) / (4 * (100 + 30)) = 0.5 - 120/520
        assertThat(KingKernel.kinship(10, 100, 30, 50)).isEqualTo(0.5 - 120.0 / 520.0);
        assertThat(KingKernel.kinship(0, 0, 0, 5)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(KingKernel.kinship(0, 0, 0, 0)).isNaN();
        assertThat(KinshipDegree.of(0.36)).isEqualTo(KinshipDegree.DUPLICATE_OR_MZ);
        assertThat(KinshipDegree.of(0.354)).isEqualTo(KinshipDegree.FIRST);
        assertThat(KinshipDegree.of(0.177)).isEqualTo(KinshipDegree.SECOND);
        assertThat(KinshipDegree.of(0.0884)).isEqualTo(KinshipDegree.THIRD);
        assertThat(KinshipDegree.of(0.0442)).isEqualTo(KinshipDegree.UNRELATED);
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
        KingKernel.Block block = new KingKernel.Block(n, variants);
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
                int o = (a * cols + b) * KingKernel.FIELDS;
                double want = KingKernel.kinship(eager[o], eager[o + 1], eager[o + 2], eager[o + 3]);
                if (!(want < threshold)) {
                    reached[0]++;
                    assertThat(java.util.Arrays.copyOfRange(deferred, o, o + KingKernel.FIELDS))
                            .as("%s pair %d,%d", as, a, b)
                            .isEqualTo(java.util.Arrays.copyOfRange(eager, o, o + KingKernel.FIELDS));
                } else {
                    reached[1]++;
                    if (!java.util.Arrays.equals(deferred, o, o + KingKernel.FIELDS, eager, o, o + KingKernel.FIELDS)) {
                        reached[2]++;
                    }
                    assertThat(KingKernel.kinship(deferred[o], deferred[o + 1], deferred[o + 2], deferred[o + 3]))
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
        KingKernel.Block block = new KingKernel.Block(n, variants);
        block.fill(codes, n, variants, null);
        KingKernel k = new KingKernel(n, n, true);
        k.deferMissing(Long.MAX_VALUE);
        k.add(block, 0, 0);
        k.counts(0.45);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> k.add(block, 0, 0))
                .isInstanceOf(IllegalStateException.class);
    }
}
