package org.musubi.prs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.DosageCodec;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.TwoBitVector;
import org.musubi.prs.ScoringFile;

/** {@link ScoreKernel} against the per-weight reference it replaced ({@link ScoreAccumulatorReference}). */
class ScoreKernelTest {
    record Variant(byte[] calls, byte[] dosage, int[] score, boolean[] ea, double[] w, byte[] type) {}

    /**
     * Random rows: dense and sparse calls vectors with default HOM_REF, HOM_ALT and MISSING (rare, common, mostly
     * missing), missing calls, haploid-looking rows (codes 0 and 2 only, as haploid X calls are stored),
     * multi-allelic sites (consecutive rows of one site, each ALT's carriers), dosage rows with missing dosages,
     * and 1 to 3 weights per row over several scores with every effect type.
     */
    static List<Variant> randomVariants(Random rnd, int n, int count, int nScores) {
        List<Variant> out = new ArrayList<>();
        while (out.size() < count) {
            int kind = rnd.nextInt(6);
            int alts = kind == 5 ? 2 + rnd.nextInt(2) : 1;
            int[] siteCodes = new int[n];
            for (int i = 0; i < n; i++) {
                siteCodes[i] = rnd.nextInt(alts + 1); // haplotype allele for multi-allelic sites
            }
            for (int a = 1; a <= alts; a++) {
                byte[] codes = new byte[n];
                double pAlt =
                        switch (kind) {
                            case 0 -> 0.002; // rare: SPARSE, default HOM_REF
                            case 1 -> 0.95; // common ALT: SPARSE, default HOM_ALT
                            case 2 -> rnd.nextDouble(); // DENSE
                            default -> 0.3;
                        };
                double miss = kind == 3 ? 0.9 : rnd.nextInt(3) == 0 ? 0 : 0.02; // kind 3: default MISSING
                for (int i = 0; i < n; i++) {
                    if (rnd.nextDouble() < miss) {
                        codes[i] = GenotypeCode.MISSING;
                    } else if (kind == 4) { // haploid: 0 or 2
                        codes[i] = (byte) (rnd.nextDouble() < pAlt ? GenotypeCode.HOM_ALT : GenotypeCode.HOM_REF);
                    } else if (kind == 5) { // this ALT's carriers, other ALTs as REF
                        int h1 = siteCodes[i];
                        int h2 = (siteCodes[i] + i) % (alts + 1);
                        codes[i] = (byte) ((h1 == a ? 1 : 0) + (h2 == a ? 1 : 0));
                    } else {
                        codes[i] = (byte) ((rnd.nextDouble() < pAlt ? 1 : 0) + (rnd.nextDouble() < pAlt ? 1 : 0));
                    }
                }
                byte[] dosage = null;
                if (rnd.nextInt(5) == 0) {
                    double[] d = new double[n];
                    for (int i = 0; i < n; i++) {
                        d[i] = rnd.nextInt(20) == 0 ? Double.NaN : Math.min(2, codes[i] % 3 + rnd.nextDouble() * 0.3);
                    }
                    dosage = DosageCodec.encode(d, n);
                }
                int m = 1 + rnd.nextInt(3);
                int[] score = new int[m];
                boolean[] ea = new boolean[m];
                double[] w = new double[m];
                byte[] type = new byte[m];
                for (int j = 0; j < m; j++) {
                    score[j] = rnd.nextInt(nScores);
                    ea[j] = rnd.nextBoolean();
                    w[j] = rnd.nextGaussian() * 0.1;
                    type[j] = (byte) (rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 0);
                }
                out.add(new Variant(TwoBitVector.encode(codes, n), dosage, score, ea, w, type));
            }
        }
        return out;
    }

    static ScoreAccumulatorReference.Weight[] weights(Variant v) {
        ScoreAccumulatorReference.Weight[] ws = new ScoreAccumulatorReference.Weight[v.score().length];
        for (int j = 0; j < ws.length; j++) {
            ws[j] = new ScoreAccumulatorReference.Weight(
                    v.score()[j], v.ea()[j], v.w()[j], ScoringFile.EffectType.values()[v.type()[j]]);
        }
        return ws;
    }

    @Test
    void randomRowsMatchTheReference() {
        Random rnd = new Random(17);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + rnd.nextInt(trial < 10 ? 12 : 300);
            int nScores = 1 + rnd.nextInt(4);
            boolean mi = rnd.nextBoolean();
            List<Variant> vs = randomVariants(rnd, n, 30, nScores);
            ScoreAccumulatorReference ref = new ScoreAccumulatorReference(nScores, n, mi);
            // the kernel in two parts, merged, as the tasks' partial sums are
            ScoreKernel a = new ScoreKernel(nScores, n, mi);
            ScoreKernel b = new ScoreKernel(nScores, n, mi);
            for (int k = 0; k < vs.size(); k++) {
                Variant v = vs.get(k);
                ref.add(v.calls(), v.dosage(), weights(v));
                (k % 2 == 0 ? a : b).add(v.calls(), v.dosage(), v.score(), v.ea(), v.w(), v.type(), 0, v.w().length);
            }
            a.merge(b);
            double[] sum = new double[n];
            double[] named = new double[n];
            long[] miss = new long[n];
            for (int s = 0; s < nScores; s++) {
                ScoreAccumulatorReference.ScoreResult r = ref.result(s);
                a.sums(s, sum);
                a.namedDosages(s, named);
                a.missingCounts(s, miss);
                assertThat(a.variants(s)).isEqualTo(r.variants());
                for (int i = 0; i < n; i++) {
                    assertThat(sum[i])
                            .as("trial %d score %d sample %d", trial, s, i)
                            .isCloseTo(r.sum()[i], org.assertj.core.data.Offset.offset(1e-12));
                    assertThat(named[i]).isCloseTo(r.namedDosage()[i], org.assertj.core.data.Offset.offset(1e-12));
                    assertThat(2 * (r.variants() - miss[i])).isEqualTo(r.alleleCt()[i]);
                }
            }
        }
    }

    @Test
    void coversEveryVectorShape() {
        Random rnd = new Random(17);
        boolean[] seen = new boolean[8];
        CallsView view = new CallsView();
        for (Variant v : randomVariants(rnd, 300, 200, 2)) {
            view.reset(v.calls());
            seen[(view.isSparse() ? 4 : 0) + view.defaultCode()] = true;
        }
        assertThat(seen[0]).as("DENSE").isTrue();
        assertThat(seen[4]).as("SPARSE, default HOM_REF").isTrue();
        assertThat(seen[6]).as("SPARSE, default HOM_ALT").isTrue();
        assertThat(seen[7]).as("SPARSE, default MISSING").isTrue();
    }

    @Test
    void denseRowsOfHomRefSamplesAreBitIdenticalToTheReference() {
        // DENSE rows (default HOM_REF): the same additions in the same order as before, to the last bit
        Random rnd = new Random(3);
        int n = 200;
        ScoreAccumulatorReference ref = new ScoreAccumulatorReference(2, n, true);
        ScoreKernel k = new ScoreKernel(2, n, true);
        for (int v = 0; v < 50; v++) {
            byte[] codes = new byte[n];
            for (int i = 0; i < n; i++) {
                codes[i] = (byte) rnd.nextInt(4);
            }
            byte[] calls = TwoBitVector.encode(codes, n);
            Variant x = new Variant(
                    calls,
                    null,
                    new int[] {v % 2},
                    new boolean[] {v % 3 == 0},
                    new double[] {rnd.nextGaussian()},
                    new byte[1]);
            ref.add(calls, null, weights(x));
            k.add(calls, null, x.score(), x.ea(), x.w(), x.type(), 0, 1);
        }
        double[] sum = new double[n];
        k.sums(1, sum);
        assertThat(sum).containsExactly(ref.result(1).sum());
    }

    @Test
    void badDosageCodesAreRefused() {
        byte[] enc = DosageCodec.encode(new double[] {1, 2}, 2);
        enc[enc.length - 1] = (byte) 0x90; // code 0x9000 > 32768
        ScoreKernel k = new ScoreKernel(1, 2, true);
        assertThatThrownBy(() -> k.add(
                        TwoBitVector.encode(new byte[2], 2),
                        enc,
                        new int[1],
                        new boolean[] {true},
                        new double[] {1},
                        new byte[1],
                        0,
                        1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dosage code");
    }
}
