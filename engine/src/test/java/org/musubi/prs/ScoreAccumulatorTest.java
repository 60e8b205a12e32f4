package org.musubi.prs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.musubi.format.calls.DosageCodec;
import org.musubi.format.calls.TwoBitVector;

class ScoreAccumulatorTest {
    static final ScoringFile.EffectType ADD = ScoringFile.EffectType.ADDITIVE;

    static byte[] calls(int... codes) {
        byte[] b = new byte[codes.length];
        for (int i = 0; i < codes.length; i++) {
            b[i] = (byte) codes[i];
        }
        return TwoBitVector.encode(b, b.length);
    }

    @Test
    void handComputedSumsWithAndWithoutMeanImputation() {
        // 4 samples: variant 1 codes 0 1 2 3 (p_alt = 3/6 = 0.5), variant 2 codes 1 1 0 0 (p_alt = 0.25)
        byte[] v1 = calls(0, 1, 2, 3);
        byte[] v2 = calls(1, 1, 0, 0);
        ScoreAccumulator.Weight[] w1 = {
            new ScoreAccumulator.Weight(0, true, 0.2, ADD), new ScoreAccumulator.Weight(1, false, 1.0, ADD)
        };
        ScoreAccumulator.Weight[] w2 = {new ScoreAccumulator.Weight(0, false, -0.5, ADD)};
        for (boolean mi : new boolean[] {true, false}) {
            ScoreAccumulator a = new ScoreAccumulator(2, 4, mi);
            a.add(v1, null, w1);
            ScoreAccumulator b = new ScoreAccumulator(2, 4, mi);
            b.add(v2, null, w2);
            ScoreAccumulator.ScoreResult s0 = a.merge(b).result(0);
            // score 0: v1 ALT dosage * 0.2 + v2 REF dosage * -0.5
            double miss = mi ? 0.2 * 2 * 0.5 : 0;
            assertThat(s0.sum()).containsExactly(new double[] {-0.5, 0.2 - 0.5, 0.4 - 1.0, miss - 1.0}, within(1e-12));
            assertThat(s0.alleleCt()).containsExactly(4, 4, 4, 2);
            assertThat(s0.denom()).containsExactly(4, 4, 4, mi ? 4 : 2);
            assertThat(s0.namedDosage()).containsExactly(new double[] {1, 2, 4, 2}, within(1e-12));
            ScoreAccumulator.ScoreResult s1 = a.result(1);
            // score 1: v1 REF dosage * 1.0, p_ref = 0.5
            assertThat(s1.sum()).containsExactly(new double[] {2, 1, 0, mi ? 1 : 0}, within(1e-12));
            assertThat(s1.variants()).isEqualTo(1);
            assertThat(s1.avg(0)).isEqualTo(1.0);
        }
    }

    @Test
    void dominantRecessiveAndSparseVectors() {
        int n = 1000;
        byte[] codes = new byte[n];
        codes[7] = 1;
        codes[500] = 2;
        codes[999] = 3;
        byte[] v = TwoBitVector.encode(codes, n);
        ScoreAccumulator a = new ScoreAccumulator(3, n, true);
        a.add(v, null, new ScoreAccumulator.Weight[] {
            new ScoreAccumulator.Weight(0, true, 1.0, ScoringFile.EffectType.DOMINANT),
            new ScoreAccumulator.Weight(1, false, 1.0, ScoringFile.EffectType.RECESSIVE),
            new ScoreAccumulator.Weight(2, false, 1.0, ScoringFile.EffectType.DOMINANT)
        });
        double pAlt = 3.0 / (2 * 999);
        ScoreAccumulator.ScoreResult dom = a.result(0);
        assertThat(dom.sum()[0]).isZero();
        assertThat(dom.sum()[7]).isEqualTo(1.0);
        assertThat(dom.sum()[500]).isEqualTo(1.0);
        assertThat(dom.sum()[999]).isCloseTo(2 * pAlt, within(1e-15));
        ScoreAccumulator.ScoreResult rec = a.result(1);
        assertThat(rec.sum()[0]).isEqualTo(1.0);
        assertThat(rec.sum()[7]).isZero();
        assertThat(rec.sum()[500]).isZero();
        assertThat(rec.sum()[999]).isCloseTo(2 * (1 - pAlt) - 1, within(1e-12));
        assertThat(a.result(2).sum()[500]).isZero();
        assertThat(a.result(2).sum()[7]).isEqualTo(1.0);
    }

    @Test
    void dosagesWhenPresent() {
        byte[] dos = DosageCodec.encode(new double[] {0.5, 1.5, Double.NaN, 0}, 4);
        ScoreAccumulator a = new ScoreAccumulator(1, 4, true);
        a.add(calls(0, 0, 0, 0), dos, new ScoreAccumulator.Weight[] {new ScoreAccumulator.Weight(0, false, 2.0, ADD)});
        ScoreAccumulator.ScoreResult r = a.result(0);
        double pRef = 1 - (2.0 / 3) / 2;
        assertThat(r.sum()).containsExactly(new double[] {3, 1, 2 * 2 * pRef, 4}, within(1e-12));
        assertThat(r.alleleCt()).containsExactly(2, 2, 0, 2);
        assertThat(r.denom()).containsExactly(2, 2, 2, 2);
    }
}
