package org.musubi.simulate.model;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Phenotypes and covariates of one bank, from the true (never missing) genotypes at the causal variants.
 *
 * <ul>
 *   <li>G = Σ β_j x_j (x = ALT count), centred by its expectation Σ β_j 2 p̄_j, so Var(G) ≈ h².
 *   <li>Quantitative trait {@code qt} = G + {@value #AGE_EFFECT}·(age − 60) + {@value #SEX_EFFECT}·[XY] +
 *       {@value #STRATIFICATION}·PC1 centre of the population + e, e ~ N(0, 1 − h²): the population term makes
 *       uncorrected tests inflated, as real stratification does.
 *   <li>Binary trait {@code cc} (PLINK coding 1 control, 2 case): liability G + e', e' ~ N(0, 1 − h²), case above
 *       Φ⁻¹(1 − prevalence), so the prevalence is about {@code prevalence}.
 *   <li>Covariates: age (years), sex (1 XY, 2 XX, PLINK's codes), PC1 and PC2 (population coordinates +
 *       N(0, {@value #PC_NOISE}²)).
 * </ul>
 */
public final class Phenotypes {
    public static final double AGE_EFFECT = 0.02;
    public static final double SEX_EFFECT = 0.2;
    public static final double STRATIFICATION = 0.3;
    public static final double PC_NOISE = 0.05;

    public final double[] geneticValue;
    public final double[] quantitative;
    /** 1 control, 2 case. */
    public final int[] binary;

    public final int[] age;
    /** 1 XY, 2 XX. */
    public final int[] sex;

    public final double[] pc1;
    public final double[] pc2;
    /** Whether the sample withdrew consent (listed in withdrawn.txt). */
    public final boolean[] withdrawn;

    public Phenotypes(CohortModel model, int bankIndex) {
        BankCohort c = model.bank(bankIndex);
        SimulationParams p = model.params;
        int n = c.sampleCount;
        geneticValue = new double[n];
        List<CausalVariant> causal = model.causal();
        BlockGenotypes g = new BlockGenotypes();
        double expected = 0;
        for (CausalVariant v : causal) {
            model.generate(bankIndex, model.layout(v.block()), false, g);
            for (int s = 0; s < n; s++) {
                geneticValue[s] += v.beta() * g.altCount(v.indexInBlock(), s);
            }
            expected += v.beta() * 2 * v.meanFrequency();
        }
        SplittableRandom r = SimRandom.stream(p.seed(), CohortModel.S_PHENOTYPES, bankIndex);
        double sdE = Math.sqrt(1 - p.h2());
        double threshold = SimRandom.normalQuantile(1 - p.prevalence());
        quantitative = new double[n];
        binary = new int[n];
        age = new int[n];
        sex = new int[n];
        pc1 = new double[n];
        pc2 = new double[n];
        for (int s = 0; s < n; s++) {
            int i = c.individualOf[s];
            double[] centre = CohortModel.COORDINATES[c.population[i]];
            age[s] = c.age[i];
            sex[s] = c.sex[i] == 1 ? 1 : 2;
            pc1[s] = centre[0] + PC_NOISE * SimRandom.gaussian(r);
            pc2[s] = centre[1] + PC_NOISE * SimRandom.gaussian(r);
            double gc = geneticValue[s] - expected;
            quantitative[s] = gc
                    + AGE_EFFECT * (age[s] - 60)
                    + SEX_EFFECT * (sex[s] == 1 ? 1 : 0)
                    + STRATIFICATION * centre[0]
                    + sdE * SimRandom.gaussian(r);
            binary[s] = gc + sdE * SimRandom.gaussian(r) > threshold ? 2 : 1;
        }
        SplittableRandom w = SimRandom.stream(p.seed(), CohortModel.S_WITHDRAWN, bankIndex);
        withdrawn = new boolean[n];
        int count = 0;
        for (int s = 0; s < n; s++) {
            withdrawn[s] = w.nextDouble() < WITHDRAWN_RATE;
            count += withdrawn[s] ? 1 : 0;
        }
        if (count == 0) {
            withdrawn[w.nextInt(n)] = true;
        }
    }

    /** Share of samples that withdraw consent (at least one per bank). */
    public static final double WITHDRAWN_RATE = 0.005;
}
