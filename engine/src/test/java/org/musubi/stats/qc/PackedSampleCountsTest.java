package org.musubi.stats.qc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.TwoBitVector;

/**
 * Sample QC's counts by bit plane ({@link PackedSampleCounts}) against counting every decoded call ({@link
 * SampleCounts#add}): every per-sample count and fixed-point sum bit for bit, the counters and each row's variant
 * counts, over rows in every region, DENSE and SPARSE (the most frequent code any of the four), with every sex and
 * founder mix, sample counts around the 32-sample word, and more than 255 counted rows (the byte counters spill).
 */
class PackedSampleCountsTest {
    @Test
    void countsAsEveryCallDoes() {
        SplittableRandom r = new SplittableRandom(17);
        int[][] cases = {{1, 40}, {2, 40}, {31, 60}, {32, 60}, {33, 60}, {63, 40}, {64, 40}, {65, 900}, {300, 1000}};
        boolean sawSparse = false;
        boolean sawDense = false;
        for (int[] c : cases) {
            int n = c[0];
            for (double founderShare : new double[] {0, 0.6, 1}) {
                boolean[] founder = new boolean[n];
                byte[] sex = new byte[n];
                for (int i = 0; i < n; i++) {
                    founder[i] = r.nextDouble() < founderShare;
                    sex[i] = (byte) r.nextInt(3);
                }
                QcSamples samples = new QcSamples(sex, founder);
                SampleCounts expected = new SampleCounts(samples);
                PackedSampleCounts packed = new PackedSampleCounts(samples);
                Region[] regions = Region.values();
                for (int k = 0; k < c[1]; k++) {
                    // mostly autosomes and X outside the PARs (the rows the byte counters count)
                    Region region = r.nextInt(3) == 0
                            ? regions[r.nextInt(regions.length)]
                            : r.nextBoolean() ? Region.AUTOSOME : Region.X_NONPAR;
                    byte[] codes = row(r, n);
                    CallsView view = new CallsView(TwoBitVector.encode(codes, n));
                    sawSparse |= view.isSparse();
                    sawDense |= !view.isSparse();
                    VariantQcStats want = new VariantQcStats();
                    expected.add(codes, 0, region, want);
                    VariantQcStats got = new VariantQcStats();
                    packed.add(view, region, got);
                    assertThat(counts(got)).as("n %d row %d %s", n, k, region).isEqualTo(counts(want));
                }
                SampleCounts got = packed.finish();
                String as = "n " + n + ", founders " + founderShare;
                assertThat(got.variants).as(as).isEqualTo(expected.variants);
                assertThat(got.hetVariants).as(as).isEqualTo(expected.hetVariants);
                assertThat(got.xVariants).as(as).isEqualTo(expected.xVariants);
                assertThat(got.missing).as(as).isEqualTo(expected.missing);
                assertThat(got.obs).as(as).isEqualTo(expected.obs);
                assertThat(got.hetObs).as(as).isEqualTo(expected.hetObs);
                assertThat(got.hetHet).as(as).isEqualTo(expected.hetHet);
                assertThat(got.xObs).as(as).isEqualTo(expected.xObs);
                assertThat(got.xHet).as(as).isEqualTo(expected.xHet);
                for (int i = 0; i < n; i++) {
                    assertThat(got.hetExpected.exact(i))
                            .as(as + " sample " + i)
                            .isEqualTo(expected.hetExpected.exact(i));
                    assertThat(got.xExpected.exact(i)).as(as + " sample " + i).isEqualTo(expected.xExpected.exact(i));
                }
                assertThatThrownBy(packed::finish).isInstanceOf(IllegalStateException.class);
            }
        }
        assertThat(sawSparse).isTrue();
        assertThat(sawDense).isTrue();
    }

    /** A row of codes: most samples one code (any of the four, HOM_REF most often), the rest drawn at random. */
    private static byte[] row(SplittableRandom r, int n) {
        byte common = (byte) (r.nextBoolean() ? 0 : r.nextInt(4));
        double rest = r.nextDouble() < 0.5 ? r.nextDouble() * 0.1 : r.nextDouble();
        byte[] codes = new byte[n];
        for (int i = 0; i < n; i++) {
            codes[i] = r.nextDouble() < rest ? (byte) r.nextInt(4) : common;
        }
        return codes;
    }

    private static int[] counts(VariantQcStats v) {
        return new int[] {v.missing, v.obs, v.homRef, v.het, v.homAlt, v.refAlleles, v.altAlleles};
    }
}
