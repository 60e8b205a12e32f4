package org.musubi.stats.qc;

/**
 * The sex check's call from chrX F (PLINK 1.9 {@code --check-sex}, SPECS §7.1): SNPSEX 1 (XY) when F is above
 * {@code minMaleF} (0.8), 2 (XX) when below {@code maxFemaleF} (0.2), else 0; STATUS {@code OK} when PEDSEX is known
 * and equal to SNPSEX, else {@code PROBLEM} (also when no X variant was counted).
 */
public record SexCheck(double maxFemaleF, double minMaleF) {
    public static final SexCheck DEFAULT = new SexCheck(0.2, 0.8);

    public SexCheck {
        if (!(maxFemaleF <= minMaleF)) {
            throw new IllegalArgumentException("female F threshold " + maxFemaleF + " above the male one " + minMaleF);
        }
    }

    /** PLINK's sex code of F: 1 (XY), 2 (XX), 0 (undetermined, or F NaN). */
    public int snpSex(double f) {
        if (f > minMaleF) {
            return 1;
        }
        return f < maxFemaleF ? 2 : 0;
    }

    /** Whether PEDSEX (0 unknown, 1, 2) and the SNPSEX of F agree: PLINK's {@code OK}. */
    public boolean ok(int pedSex, double f) {
        return pedSex != 0 && !Double.isNaN(f) && pedSex == snpSex(f);
    }
}
