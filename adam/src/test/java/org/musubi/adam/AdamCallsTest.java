package org.musubi.adam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musubi.adam.AdamCalls.ALT;
import static org.musubi.adam.AdamCalls.NO_CALL;
import static org.musubi.adam.AdamCalls.OTHER_ALT;
import static org.musubi.adam.AdamCalls.REF;

import org.junit.jupiter.api.Test;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.PhaseCode;
import org.musubi.format.calls.PloidyCode;

/** ADAM alleles ↔ table codes, case by case as VCF ingest codes the same GT, and back. */
class AdamCallsTest {
    private final byte[] gt = new byte[1];
    private final byte[] ploidy = new byte[1];
    private final byte[] phase = new byte[1];

    private String decode(int count, int a0, int a1, boolean phased) {
        assertThat(AdamCalls.decode(count, a0, a1, phased, gt, ploidy, phase, 0))
                .isTrue();
        return gt[0] + "/" + ploidy[0] + "/" + phase[0];
    }

    @Test
    void decodesAsVcfIngestCodesTheSameGenotype() {
        assertThat(decode(2, REF, REF, false)).isEqualTo(GenotypeCode.HOM_REF + "/0/0");
        assertThat(decode(2, REF, ALT, false)).isEqualTo(GenotypeCode.HET + "/0/0");
        assertThat(decode(2, ALT, REF, true)).isEqualTo(GenotypeCode.HET + "/0/" + PhaseCode.PHASED_SWAPPED);
        assertThat(decode(2, REF, ALT, true)).isEqualTo(GenotypeCode.HET + "/0/" + PhaseCode.PHASED);
        // 1/2 seen from ALT 1: the other ALT counts as REF (bcftools norm -m-any)
        assertThat(decode(2, ALT, OTHER_ALT, false)).isEqualTo(GenotypeCode.HET + "/0/0");
        assertThat(decode(2, OTHER_ALT, OTHER_ALT, false)).isEqualTo(GenotypeCode.HOM_REF + "/0/0");
        assertThat(decode(2, ALT, ALT, false)).isEqualTo(GenotypeCode.HOM_ALT + "/0/0");
        assertThat(decode(2, NO_CALL, NO_CALL, false)).isEqualTo(GenotypeCode.MISSING + "/0/0");
        assertThat(decode(2, REF, NO_CALL, false)).isEqualTo(GenotypeCode.MISSING + "/" + PloidyCode.HALF_REF + "/0");
        assertThat(decode(2, NO_CALL, ALT, true))
                .isEqualTo(GenotypeCode.MISSING + "/" + PloidyCode.HALF_ALT + "/" + PhaseCode.PHASED_SWAPPED);
        assertThat(decode(1, ALT, 0, false)).isEqualTo(GenotypeCode.HOM_ALT + "/" + PloidyCode.HAPLOID + "/0");
        assertThat(decode(1, NO_CALL, 0, false)).isEqualTo(GenotypeCode.MISSING + "/" + PloidyCode.HAPLOID + "/0");
        assertThat(AdamCalls.decode(3, REF, REF, false, gt, ploidy, phase, 0)).isFalse();
    }

    @Test
    void encodeInvertsDecodeOnEveryStoredCall() {
        int[] out = new int[2];
        int[][] calls = {
            {2, REF, REF}, {2, REF, ALT}, {2, ALT, REF}, {2, ALT, ALT}, {2, NO_CALL, NO_CALL}, {2, REF, NO_CALL},
            {2, NO_CALL, REF}, {2, ALT, NO_CALL}, {2, NO_CALL, ALT}, {1, REF, 0}, {1, ALT, 0}, {1, NO_CALL, 0}
        };
        for (boolean phased : new boolean[] {false, true}) {
            for (int[] c : calls) {
                AdamCalls.decode(c[0], c[1], c[2], phased, gt, ploidy, phase, 0);
                int k = AdamCalls.encode(gt[0], ploidy[0], phase[0], out);
                assertThat(k).isEqualTo(c[0]);
                boolean ordered = phased || c[1] == c[2] || k == 1;
                if (ordered) {
                    assertThat(out[0])
                            .as("phased=%s %s", phased, java.util.Arrays.toString(c))
                            .isEqualTo(c[1]);
                    if (k == 2) {
                        assertThat(out[1]).isEqualTo(c[2]);
                    }
                } else {
                    assertThat(out[0] + out[1]).isEqualTo(c[1] + c[2]);
                }
            }
        }
    }
}
