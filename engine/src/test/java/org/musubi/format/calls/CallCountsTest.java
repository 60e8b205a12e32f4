package org.musubi.format.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musubi.format.calls.TwoBitPatterns.Pattern;

class CallCountsTest {
    private static final byte D = PloidyCode.DIPLOID;
    private static final byte H = PloidyCode.HAPLOID;
    private static final byte HR = PloidyCode.HALF_REF;
    private static final byte HA = PloidyCode.HALF_ALT;

    private static void assertCounts(
            CallCounts c, long nCalled, long ac, long an, long nHet, long nHomAlt, long nHemiAlt) {
        assertThat(c.nCalled()).as("n_called").isEqualTo(nCalled);
        assertThat(c.ac()).as("ac").isEqualTo(ac);
        assertThat(c.an()).as("an").isEqualTo(an);
        assertThat(c.nHet()).as("n_het").isEqualTo(nHet);
        assertThat(c.nHomAlt()).as("n_hom_alt").isEqualTo(nHomAlt);
        assertThat(c.nHemiAlt()).as("n_hemi_alt").isEqualTo(nHemiAlt);
    }

    /** The counts of every path: arrays, view (fast path), view + ploidy, one sample at a time. */
    private static CallCounts allPathsAgree(byte[] gt, byte[] ploidy) {
        int n = gt.length;
        CallCounts fromArrays = CallCounts.of(gt, ploidy, n);
        CallsView view = new CallsView(TwoBitVector.encode(gt, n));
        CallCounts fromView = CallCounts.of(view, ploidy);
        CallCounts oneByOne = new CallCounts();
        for (int i = 0; i < n; i++) {
            oneByOne.add(gt[i], ploidy == null ? PloidyCode.DIPLOID : ploidy[i]);
        }
        assertThat(fromView).isEqualTo(fromArrays);
        assertThat(oneByOne).isEqualTo(fromArrays);
        if (ploidy == null) {
            assertThat(CallCounts.of(view, new byte[n])).isEqualTo(fromArrays);
        }
        return fromArrays;
    }

    @Test
    void diploidHandCounts() {
        // samples: 0/0, 0/1, 1/1, ./., 0/1, 0/0
        // n_called = 5 (all but ./.), an = 2*5 = 10, ac = 0+1+2+1+0 = 4, het = 2, hom_alt = 1
        CallCounts c = allPathsAgree(new byte[] {0, 1, 2, 3, 1, 0}, null);
        assertCounts(c, 5, 4, 10, 2, 1, 0);
        assertThat(c.af()).isEqualTo(0.4);
    }

    @Test
    void haploidHandCounts() {
        // sample 0: haploid REF  -> called, an 1
        // sample 1: haploid ALT  -> called, an 1, ac 1, hemi_alt
        // sample 2: haploid .    -> nothing
        // sample 3: diploid 1/1  -> called, an 2, ac 2, hom_alt
        // sample 4: diploid 0/0  -> called, an 2
        // n_called 4, an 6, ac 3, het 0, hom_alt 1, hemi_alt 1, af 0.5
        CallCounts c = allPathsAgree(new byte[] {0, 2, 3, 2, 0}, new byte[] {H, H, H, D, D});
        assertCounts(c, 4, 3, 6, 0, 1, 1);
        assertThat(c.af()).isEqualTo(0.5);
    }

    @Test
    void halfMissingHandCounts() {
        // sample 0: 0/. (HALF_REF, MISSING) -> an 1, not called
        // sample 1: 1/. (HALF_ALT, MISSING) -> an 1, ac 1, not called
        // sample 2: ./. diploid             -> nothing
        // sample 3: .   haploid             -> nothing
        // sample 4: 0/1 diploid             -> called, an 2, ac 1, het
        // n_called 1, an 4, ac 2, het 1, af 0.5
        CallCounts c = allPathsAgree(new byte[] {3, 3, 3, 3, 1}, new byte[] {HR, HA, D, H, D});
        assertCounts(c, 1, 2, 4, 1, 0, 0);
        assertThat(c.af()).isEqualTo(0.5);
    }

    @Test
    void allMissingHasNaNFrequency() {
        CallCounts c = allPathsAgree(new byte[] {3, 3, 3}, null);
        assertCounts(c, 0, 0, 0, 0, 0, 0);
        assertThat(c.af()).isNaN();
        assertThat(new CallCounts().af()).isNaN();
        assertThat(allPathsAgree(new byte[0], null).af()).isNaN();
    }

    @Test
    void invalidSamplesAreRejected() {
        assertThatThrownBy(() -> CallCounts.of(new byte[] {0, 0, 1}, new byte[] {D, D, H}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample 2")
                .hasMessageContaining("haploid call cannot be HET");
        assertThatThrownBy(() -> CallCounts.of(new byte[] {0, 0}, new byte[] {D, HR}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample 1")
                .hasMessageContaining("MISSING");
        assertThatThrownBy(() -> CallCounts.of(new byte[] {2}, new byte[] {HA}, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CallCounts.of(new byte[] {0, 4}, null, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 1");
        assertThatThrownBy(() -> CallCounts.of(new byte[] {0, 0}, new byte[] {D, 5}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample 1");
        assertThatThrownBy(() -> new CallCounts().add(GenotypeCode.HET, PloidyCode.HAPLOID))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallCounts().add(GenotypeCode.HOM_REF, PloidyCode.HALF_ALT))
                .isInstanceOf(IllegalArgumentException.class);
        // a rejected vector adds nothing
        CallCounts c = new CallCounts();
        assertThatThrownBy(() -> c.add(new byte[] {2, 1}, new byte[] {D, H}, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertCounts(c, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void sparseFastPathEqualsDensePathOnEveryPattern() {
        for (Pattern p : TwoBitPatterns.all()) {
            allPathsAgree(p.values(), null);
        }
    }

    @Test
    void ploidyPathsAgreeOnRandomVectors() {
        Random rnd = new Random(99);
        for (int n : TwoBitPatterns.SIZES) {
            for (double haploidShare : new double[] {0, 0.01, 0.5}) {
                byte[] gt = new byte[n];
                byte[] ploidy = new byte[n];
                for (int i = 0; i < n; i++) {
                    double u = rnd.nextDouble();
                    byte p = u < haploidShare ? H : u < haploidShare + 0.01 ? (rnd.nextBoolean() ? HR : HA) : D;
                    byte g;
                    if (p == HR || p == HA) {
                        g = GenotypeCode.MISSING;
                    } else if (rnd.nextDouble() < 0.9) {
                        g = GenotypeCode.HOM_REF;
                    } else {
                        g = (byte) (1 + rnd.nextInt(3));
                        if (p == H && g == GenotypeCode.HET) {
                            g = GenotypeCode.HOM_ALT;
                        }
                    }
                    gt[i] = g;
                    ploidy[i] = p;
                }
                CallCounts whole = allPathsAgree(gt, ploidy);
                // merging two halves gives the whole
                int half = n / 2;
                CallCounts merged = CallCounts.of(gt, ploidy, half);
                CallCounts second = new CallCounts();
                for (int i = half; i < n; i++) {
                    second.add(gt[i], ploidy[i]);
                }
                assertThat(merged.merge(second)).isEqualTo(whole);
            }
        }
    }

    @Test
    void clearAndReuse() {
        CallCounts c = CallCounts.of(new byte[] {1, 2}, null, 2);
        assertCounts(c, 2, 3, 4, 1, 1, 0);
        c.clear();
        assertThat(c).isEqualTo(new CallCounts());
        CallsView view = new CallsView(TwoBitVector.encode(new byte[] {0, 1}, 2));
        // the view path accumulates like the array path
        c.add(view, null).add(view, null);
        assertCounts(c, 4, 2, 8, 2, 0, 0);
        assertThat(c.toString()).contains("ac=2").contains("an=8");
    }
}
