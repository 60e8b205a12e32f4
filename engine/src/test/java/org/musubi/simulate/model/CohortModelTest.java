package org.musubi.simulate.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

/**
 * The simulator's model, checked on generated genotypes against what the model promises: determinism, a rare-heavy
 * spectrum, LD inside blocks and not across, population structure in the designed order (Hudson F_ST), Mendelian
 * transmission in families, and phenotypes whose effects a regression on the true causal variants recovers. No
 * Spark; sizes keep each test under a few seconds.
 */
class CohortModelTest {
    static SimulationParams params(int[] samples, int variants, long seed, int causal, double missing) {
        return new SimulationParams(samples, variants, seed, List.of("21", "22", "X"), causal, 0.5, 0.1, 0.2, missing);
    }

    static final CohortModel THREE_BANKS = new CohortModel(params(new int[] {1500, 1500, 1500}, 2500, 11, 5, 0));

    @Test
    void sameSeedSameCohortAnyBlockOrderDifferentSeedDiffers() {
        SimulationParams p = params(new int[] {300, 200}, 400, 5, 3, 0.01);
        CohortModel a = new CohortModel(p);
        CohortModel b = new CohortModel(p);
        CohortModel other = new CohortModel(params(new int[] {300, 200}, 400, 6, 3, 0.01));
        BlockGenotypes ga = new BlockGenotypes();
        BlockGenotypes gb = new BlockGenotypes();
        // b generates the blocks in reverse order: per-block streams make the order irrelevant
        List<byte[][]> forward = new ArrayList<>();
        for (int block = 0; block < a.blockCount; block++) {
            a.generate(1, a.layout(block), true, ga);
            forward.add(copy(ga.gt, a.variantsIn(block)));
        }
        int differing = 0;
        for (int block = b.blockCount - 1; block >= 0; block--) {
            BlockLayout lb = b.layout(block);
            b.generate(1, lb, true, gb);
            assertThat(copy(gb.gt, b.variantsIn(block))).isDeepEqualTo(forward.get(block));
            assertThat(lb.pos).isEqualTo(a.layout(block).pos);
            BlockGenotypes go = new BlockGenotypes();
            other.generate(1, other.layout(block), true, go);
            differing += java.util.Arrays.deepEquals(copy(go.gt, b.variantsIn(block)), forward.get(block)) ? 0 : 1;
        }
        assertThat(a.causal()).isEqualTo(b.causal());
        assertThat(differing).isEqualTo(a.blockCount);
        assertThat(other.causal()).isNotEqualTo(a.causal());
    }

    @Test
    void spectrumIsRareHeavy() {
        // Ancestral frequencies are log-uniform on [1/(2N), 0.5], N = 4500: P(p < 0.01) = ln(0.01 · 2N) / ln(N) =
        // ln(90) / ln(4500) = 0.535; over 2500 sites its SD is 0.01, tolerance 3 SD. In bank A (1500 samples) the
        // sites seen (AC > 0) are still mostly rare or low-frequency: over a quarter have MAF < 1% (a spectrum uniform
        // in p would give 2%), and common ones (MAF ≥ 5%) are present but a minority.
        int ancestralRare = 0;
        int rare = 0;
        int common = 0;
        int seen = 0;
        BlockGenotypes g = new BlockGenotypes();
        for (int block = 0; block < THREE_BANKS.blockCount; block++) {
            BlockLayout lay = THREE_BANKS.layout(block);
            THREE_BANKS.generate(0, lay, false, g);
            for (int j = 0; j < THREE_BANKS.variantsIn(block); j++) {
                ancestralRare += lay.ancestralFrequency[j] < 0.01 ? 1 : 0;
                double[] f = freq(g, j, 1500, null);
                if (f[0] == 0) {
                    continue;
                }
                seen++;
                double maf = Math.min(f[0], 1 - f[0]);
                rare += maf < 0.01 ? 1 : 0;
                common += maf >= 0.05 ? 1 : 0;
            }
        }
        double expected = Math.log(0.01 * 2 * 4500) / Math.log(4500);
        assertThat(ancestralRare / 2500.0).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.03));
        assertThat((double) rare / seen).isGreaterThan(0.25);
        assertThat((double) common / seen).isBetween(0.1, 0.5);
    }

    @Test
    void ldInsideBlocksNotAcross() {
        double within = 0;
        int nWithin = 0;
        double across = 0;
        int nAcross = 0;
        BlockGenotypes g = new BlockGenotypes();
        BlockGenotypes next = new BlockGenotypes();
        CohortModel m = THREE_BANKS;
        for (int block = 0; block + 1 < m.blockCount; block++) {
            if (!m.contigOf(block).equals(m.contigOf(block + 1)) || Genome.isX(m.contigOf(block))) {
                continue;
            }
            m.generate(0, m.layout(block), false, g);
            m.generate(0, m.layout(block + 1), false, next);
            List<byte[]> commonHere = common(g, m.variantsIn(block), 1500);
            for (int k = 0; k + 1 < commonHere.size(); k++) {
                within += r2(commonHere.get(k), commonHere.get(k + 1));
                nWithin++;
            }
            List<byte[]> commonNext = common(next, m.variantsIn(block + 1), 1500);
            if (!commonHere.isEmpty() && !commonNext.isEmpty()) {
                across += r2(commonHere.get(commonHere.size() - 1), commonNext.get(0));
                nAcross++;
            }
        }
        within /= nWithin;
        across /= nAcross;
        // Unlinked variants in 1500 samples have E[r²] ≈ 1/1500 plus population structure (bank A is 90% popA):
        // across blocks stays near 0; within blocks founder-haplotype copying gives strong LD.
        assertThat(nWithin).isGreaterThan(100);
        assertThat(nAcross).isGreaterThan(20);
        assertThat(within).isGreaterThan(0.15);
        assertThat(across).isLessThan(0.02);
        assertThat(within).isGreaterThan(10 * across);
    }

    @Test
    void populationStructureInTheDesignedOrder() {
        // Hudson F_ST (Bhatia et al. 2013, ratio of averages) between the populations, pooled over the banks, and
        // between banks. Balding–Nichols F = 0.02, 0.04, 0.08 (plus the same founder-sampling drift in each) give
        // F_ST(A,B) < F_ST(A,C) < F_ST(B,C); bank A (90% popA) and bank C (popB + popC) differ most, bank A and bank
        // B (popA + popB) least.
        CohortModel m = THREE_BANKS;
        double[][] num = new double[3][3];
        double[][] den = new double[3][3];
        double[][] bankNum = new double[3][3];
        double[][] bankDen = new double[3][3];
        BlockGenotypes g = new BlockGenotypes();
        for (int block = 0; block < m.blockCount; block++) {
            if (Genome.isX(m.contigOf(block))) {
                continue;
            }
            BlockLayout lay = m.layout(block);
            long[][][] counts = new long[lay.length()][3][2]; // per population: alt, total
            double[][] bankFreq = new double[3][];
            for (int b = 0; b < 3; b++) {
                m.generate(b, lay, false, g);
                BankCohort c = m.bank(b);
                bankFreq[b] = new double[lay.length()];
                for (int j = 0; j < lay.length(); j++) {
                    long alt = 0;
                    for (int s = 0; s < c.sampleCount; s++) {
                        int pop = c.population[c.individualOf[s]];
                        counts[j][pop][0] += g.gt[j][s];
                        counts[j][pop][1] += 2;
                        alt += g.gt[j][s];
                    }
                    bankFreq[b][j] = alt / (2.0 * c.sampleCount);
                }
            }
            for (int j = 0; j < lay.length(); j++) {
                for (int x = 0; x < 3; x++) {
                    for (int y = x + 1; y < 3; y++) {
                        hudson(counts[j][x], counts[j][y], num, den, x, y);
                        long n = 2L * 1500;
                        hudson(
                                new long[] {Math.round(bankFreq[x][j] * n), n},
                                new long[] {Math.round(bankFreq[y][j] * n), n},
                                bankNum,
                                bankDen,
                                x,
                                y);
                    }
                }
            }
        }
        double ab = num[0][1] / den[0][1];
        double ac = num[0][2] / den[0][2];
        double bc = num[1][2] / den[1][2];
        assertThat(ab).isPositive();
        assertThat(ab).isLessThan(ac);
        assertThat(ac).isLessThan(bc);
        double bankAB = bankNum[0][1] / bankDen[0][1];
        double bankAC = bankNum[0][2] / bankDen[0][2];
        assertThat(bankAB).isPositive();
        assertThat(bankAB).isLessThan(bankAC);
    }

    static void hudson(long[] x, long[] y, double[][] num, double[][] den, int i, int j) {
        if (x[1] < 2 || y[1] < 2) {
            return;
        }
        double p1 = (double) x[0] / x[1];
        double p2 = (double) y[0] / y[1];
        num[i][j] += (p1 - p2) * (p1 - p2) - p1 * (1 - p1) / (x[1] - 1) - p2 * (1 - p2) / (y[1] - 1);
        den[i][j] += p1 * (1 - p2) + p2 * (1 - p1);
    }

    @Test
    void familiesAreMendelian() {
        CohortModel m = THREE_BANKS;
        BankCohort c = m.bank(1);
        List<int[]> trios = new ArrayList<>(); // child, father, mother samples
        List<int[]> strangers = new ArrayList<>();
        for (int child : c.children) {
            if (c.sampleOf[c.father[child]] >= 0 && c.sampleOf[c.mother[child]] >= 0) {
                trios.add(new int[] {c.sampleOf[child], c.sampleOf[c.father[child]], c.sampleOf[c.mother[child]]});
            }
        }
        // negative control: the same children with unrelated "parents" (same population, so not trivially unlike)
        for (int[] t : trios) {
            strangers.add(new int[] {t[0], (t[1] + 7) % c.sampleCount, (t[2] + 11) % c.sampleCount});
        }
        assertThat(trios.size()).isGreaterThan(20);
        BlockGenotypes g = new BlockGenotypes();
        long checked = 0;
        long errors = 0;
        long strangerErrors = 0;
        for (int block = 0; block < m.blockCount; block++) {
            m.generate(1, m.layout(block), false, g);
            for (int j = 0; j < m.variantsIn(block); j++) {
                for (int k = 0; k < trios.size(); k++) {
                    checked++;
                    errors += mendelError(g, j, trios.get(k), c) ? 1 : 0;
                    strangerErrors += mendelError(g, j, strangers.get(k), c) ? 1 : 0;
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
        assertThat(errors).isZero();
        assertThat(strangerErrors).isGreaterThan(100);
    }

    /** Whether the child's genotype cannot come from these parents (haploid X in XY samples). */
    static boolean mendelError(BlockGenotypes g, int j, int[] trio, BankCohort c) {
        int child = g.altCount(j, trio[0]);
        int f = g.altCount(j, trio[1]);
        int mo = g.altCount(j, trio[2]);
        boolean haploidChild = g.ploidy != null && g.ploidy[trio[0]] == 1;
        boolean haploidFather = g.ploidy != null && g.ploidy[trio[1]] == 1;
        boolean haploidMother = g.ploidy != null && g.ploidy[trio[2]] == 1;
        if (haploidMother) {
            return false; // an XY "mother" in the negative control: not a trio to judge on X
        }
        int[] fromMother = mo == 0 ? new int[] {0} : mo == 2 ? new int[] {1} : new int[] {0, 1};
        if (haploidChild) {
            for (int a : fromMother) {
                if (a == child) {
                    return false;
                }
            }
            return true;
        }
        int[] fromFather =
                haploidFather ? new int[] {f} : f == 0 ? new int[] {0} : f == 2 ? new int[] {1} : new int[] {0, 1};
        for (int a : fromFather) {
            for (int b : fromMother) {
                if (a + b == child) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void regressionOnTheTrueCausalVariantsRecoversTheEffects() {
        // qt = Σ β_j x_j + 0.02 (age − 60) + 0.2 [XY] + 0.3 · PC1 centre + e, e ~ N(0, 1 − h²). OLS of qt on the true
        // genotypes and the true covariates must give every β within 4 standard errors (a 4-SE miss has
        // probability 6e-5 per coefficient) and the residual variance within 10% of 1 − h² = 0.5 (its sampling SD
        // at n = 4500 is 0.5·sqrt(2/4500) = 0.011, so 10% also covers the family correlation of e: none here).
        CohortModel m = THREE_BANKS;
        List<CausalVariant> causal = m.causal();
        int rows = 0;
        for (int b = 0; b < 3; b++) {
            rows += m.bank(b).sampleCount;
        }
        int k = causal.size() + 3;
        double[][] x = new double[rows][k];
        double[] y = new double[rows];
        int row = 0;
        BlockGenotypes g = new BlockGenotypes();
        for (int b = 0; b < 3; b++) {
            BankCohort c = m.bank(b);
            Phenotypes ph = new Phenotypes(m, b);
            for (int v = 0; v < causal.size(); v++) {
                CausalVariant cv = causal.get(v);
                m.generate(b, m.layout(cv.block()), false, g);
                for (int s = 0; s < c.sampleCount; s++) {
                    x[row + s][v] = g.altCount(cv.indexInBlock(), s);
                }
            }
            for (int s = 0; s < c.sampleCount; s++) {
                int i = c.individualOf[s];
                x[row + s][causal.size()] = ph.age[s];
                x[row + s][causal.size() + 1] = c.sex[i];
                x[row + s][causal.size() + 2] = CohortModel.COORDINATES[c.population[i]][0];
                y[row + s] = ph.quantitative[s];
            }
            row += c.sampleCount;
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, x);
        double[] beta = ols.estimateRegressionParameters();
        double[] se = ols.estimateRegressionParametersStandardErrors();
        double[] truth = new double[k];
        for (int v = 0; v < causal.size(); v++) {
            truth[v] = causal.get(v).beta();
        }
        truth[causal.size()] = Phenotypes.AGE_EFFECT;
        truth[causal.size() + 1] = Phenotypes.SEX_EFFECT;
        truth[causal.size() + 2] = Phenotypes.STRATIFICATION;
        for (int v = 0; v < k; v++) {
            assertThat(Math.abs(beta[v + 1] - truth[v]))
                    .as("coefficient %d: %f vs true %f (SE %f)", v, beta[v + 1], truth[v], se[v + 1])
                    .isLessThan(4 * se[v + 1]);
        }
        assertThat(ols.estimateErrorVariance()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void binaryTraitHasThePrevalence() {
        // Liability G + e' with Var ≈ h² + (1 − h²) = 1, threshold Φ⁻¹(0.9): 10% cases. The population means of G
        // differ from the pooled expectation (drift moves each population's frequencies), which moves each
        // population's prevalence a little; sampling SD at n = 4500 is 0.0045. Tolerance 0.025.
        int cases = 0;
        int n = 0;
        for (int b = 0; b < 3; b++) {
            Phenotypes ph = new Phenotypes(THREE_BANKS, b);
            for (int v : ph.binary) {
                cases += v == 2 ? 1 : 0;
                n++;
            }
        }
        assertThat((double) cases / n).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.025));
    }

    @Test
    void normalQuantileMatchesKnownValues() {
        // Φ⁻¹ at textbook points (tables to 6 decimals)
        assertThat(SimRandom.normalQuantile(0.975)).isCloseTo(1.959964, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(SimRandom.normalQuantile(0.9)).isCloseTo(1.281552, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(SimRandom.normalQuantile(0.001)).isCloseTo(-3.090232, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(SimRandom.normalQuantile(0.5)).isZero();
    }

    static byte[][] copy(byte[][] gt, int rows) {
        byte[][] out = new byte[rows][];
        for (int j = 0; j < rows; j++) {
            out[j] = gt[j].clone();
        }
        return out;
    }

    /** ALT frequency over called samples (haploid-aware). */
    static double[] freq(BlockGenotypes g, int j, int n, byte[] unused) {
        long alt = 0;
        long an = 0;
        for (int s = 0; s < n; s++) {
            int a = g.altCount(j, s);
            if (a < 0) {
                continue;
            }
            alt += a;
            an += g.ploidy != null && g.ploidy[s] == 1 ? 1 : 2;
        }
        return new double[] {an == 0 ? 0 : (double) alt / an};
    }

    static List<byte[]> common(BlockGenotypes g, int rows, int n) {
        List<byte[]> out = new ArrayList<>();
        for (int j = 0; j < rows; j++) {
            double f = freq(g, j, n, null)[0];
            if (Math.min(f, 1 - f) >= 0.05) {
                out.add(g.gt[j].clone());
            }
        }
        return out;
    }

    static double r2(byte[] a, byte[] b) {
        double sa = 0;
        double sb = 0;
        double saa = 0;
        double sbb = 0;
        double sab = 0;
        int n = a.length;
        for (int i = 0; i < n; i++) {
            sa += a[i];
            sb += b[i];
            saa += a[i] * a[i];
            sbb += b[i] * b[i];
            sab += a[i] * b[i];
        }
        double cov = sab / n - (sa / n) * (sb / n);
        double va = saa / n - (sa / n) * (sa / n);
        double vb = sbb / n - (sb / n) * (sb / n);
        return cov * cov / (va * vb);
    }
}
