package org.musubi.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.PloidyCode;

/** PLINK's --check-sex rule on accumulated, merged X evidence. */
class SexEvidenceTest {
    @Test
    void haploidCallsAreXyHeterozygousAreXxTooFewAreUnknown() {
        int n = 3;
        SexEvidence a = new SexEvidence(n);
        SexEvidence b = new SexEvidence(n);
        byte[] ploidy = {PloidyCode.HAPLOID, PloidyCode.DIPLOID, PloidyCode.DIPLOID};
        for (int v = 0; v < 12; v++) {
            byte[] gt = {
                GenotypeCode.HOM_ALT, GenotypeCode.HET, (byte) (v < 5 ? GenotypeCode.HOM_REF : GenotypeCode.MISSING)
            };
            (v % 2 == 0 ? a : b).add(gt, ploidy, n, 0.5);
        }
        SexEvidence all = a.merge(b);
        assertThat(all.variants()).isEqualTo(12);
        assertThat(all.infer(0).sex()).isEqualTo("XY");
        // every call heterozygous where 2pq = 0.5 is expected: F = 1 - 12/6 = -1
        assertThat(all.infer(1).sex()).isEqualTo("XX");
        assertThat(all.infer(1).f()).isEqualTo(-1.0);
        assertThat(all.infer(2).sex()).isNull(); // 5 calls < MIN_CALLS
    }
}
