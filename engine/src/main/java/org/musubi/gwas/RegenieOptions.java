package org.musubi.gwas;

import java.io.Serializable;
import org.musubi.stats.RegenieBt;

/**
 * {@code gwas --pred}: REGENIE's step 2 with the step-1 LOCO predictions as offsets ({@link RegenieDesign}).
 *
 * @param predList REGENIE's {@code _pred.list} (Musubi's {@code wgr} or REGENIE's own)
 * @param firth binary traits: Firth correction ({@code FULL}: REGENIE {@code --firth}; {@code APPROX}: {@code --firth
 *     --approx}; {@code NONE}: score test only, {@code --model logistic-no-firth})
 * @param pThreshold Firth where the score test's P is below this (REGENIE {@code --pThresh}, default 0.05)
 * @param minMac variants with a lower minor allele count are not tested (REGENIE {@code --minMAC}, default 5)
 */
public record RegenieOptions(String predList, RegenieBt.Firth firth, double pThreshold, double minMac)
        implements Serializable {
    /**
     * The options of {@code gwas --pred FILE}: {@code --model logistic-no-firth} is the score test only, {@code
     * firth} Firth for every variant (P threshold 1), {@code auto}/{@code logistic} Firth below {@code pThreshold}
     * (null: 0.05), full or approximate ({@code --approx}); {@code minMac} null: 5.
     */
    public static RegenieOptions of(String predList, String model, boolean approx, Double pThreshold, Double minMac) {
        RegenieBt.Firth firth = "logistic-no-firth".equals(model)
                ? RegenieBt.Firth.NONE
                : approx ? RegenieBt.Firth.APPROX : RegenieBt.Firth.FULL;
        double p = pThreshold != null ? pThreshold : "firth".equals(model) ? 1 : 0.05;
        return new RegenieOptions(predList, firth, p, minMac == null ? 5 : minMac);
    }

    /** REGENIE's defaults: full Firth below P 0.05, MAC ≥ 5. */
    public static RegenieOptions of(String predList) {
        return new RegenieOptions(predList, RegenieBt.Firth.FULL, 0.05, 5);
    }
}
