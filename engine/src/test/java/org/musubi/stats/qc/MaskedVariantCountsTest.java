package org.musubi.stats.qc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.TwoBitVector;

/**
 * Variant QC's counts of a row from its packed calls by sample set ({@link MaskedVariantCounts}) against counting
 * every decoded call ({@link SampleCounts#add}), in every region, on DENSE and SPARSE rows (the most frequent code
 * HOM_REF, HOM_ALT or missing), with every sex and founder mix, sample counts around 32 and 64.
 */
class MaskedVariantCountsTest {
    @Test
    void countsAsEveryCallDoes() {
        SplittableRandom r = new SplittableRandom(41);
        boolean sawSparse = false;
        boolean sawDense = false;
        for (int n : new int[] {1, 2, 31, 32, 33, 63, 64, 65, 300}) {
            for (double founderShare : new double[] {0, 0.5, 1}) {
                boolean[] founder = new boolean[n];
                byte[] sex = new byte[n];
                for (int i = 0; i < n; i++) {
                    founder[i] = r.nextDouble() < founderShare;
                    sex[i] = (byte) r.nextInt(3);
                }
                QcSamples samples = new QcSamples(sex, founder);
                MaskedVariantCounts masked = new MaskedVariantCounts(samples);
                SampleCounts counts = SampleCounts.variantsOnly(samples);
                for (int row = 0; row < 40; row++) {
                    byte[] codes = row(r, n);
                    CallsView view = new CallsView(TwoBitVector.encode(codes, n));
                    sawSparse |= view.isSparse();
                    sawDense |= !view.isSparse();
                    for (Region region : Region.values()) {
                        VariantQcStats expected = new VariantQcStats();
                        counts.add(codes, 0, region, expected);
                        VariantQcStats got = new VariantQcStats();
                        masked.count(view, region, got);
                        assertThat(counts(got))
                                .as("n %d, %s, %s", n, region, view.isSparse() ? "sparse" : "dense")
                                .isEqualTo(counts(expected));
                    }
                }
            }
        }
        assertThat(sawSparse).isTrue();
        assertThat(sawDense).isTrue();
    }

    /** A row of codes: most samples one code (any of the four), the rest drawn at random. */
    private static byte[] row(SplittableRandom r, int n) {
        byte common = (byte) r.nextInt(4);
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
