package org.musubi.stats.qc;

/**
 * Relationship degree of a KING-robust kinship (Manichaikul et al. 2010; SPECS §7.3): above 0.354 duplicate or MZ
 * twin, (0.177, 0.354] first degree, (0.0884, 0.177] second, (0.0442, 0.0884] third, else unrelated.
 */
public enum KinshipDegree {
    DUPLICATE_OR_MZ("dup/MZ"),
    FIRST("1st"),
    SECOND("2nd"),
    THIRD("3rd"),
    UNRELATED("unrelated");

    public final String label;

    KinshipDegree(String label) {
        this.label = label;
    }

    public static KinshipDegree of(double kinship) {
        if (kinship > 0.354) {
            return DUPLICATE_OR_MZ;
        }
        if (kinship > 0.177) {
            return FIRST;
        }
        if (kinship > 0.0884) {
            return SECOND;
        }
        return kinship > 0.0442 ? THIRD : UNRELATED;
    }
}
