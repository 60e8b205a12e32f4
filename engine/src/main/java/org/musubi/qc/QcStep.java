package org.musubi.qc;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.musubi.error.MusubiUserException;

/**
 * The steps of a {@code qc} run, in the order they run (SPECS §7; PCA slots in after {@link #UNRELATED}). Each step can run alone; a step uses what the earlier steps of the same run kept
 * (KING runs on the samples and variants that passed QC when those steps ran, else on all of them).
 */
public enum QcStep {
    SAMPLE,
    VARIANT,
    /** LD pruning ({@code PrunePass}, {@code PruneOutput}): plink2 {@code --indep-pairwise}. */
    PRUNE,
    KING,
    UNRELATED;

    /** The option value's name ({@code sample}, {@code variant}, {@code prune}, {@code king}, {@code unrelated}). */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Steps named by {@code --steps} (any order, no repeats); an unknown name is a user error. */
    public static EnumSet<QcStep> parse(List<String> names) {
        EnumSet<QcStep> out = EnumSet.noneOf(QcStep.class);
        for (String s : names) {
            QcStep step = null;
            for (QcStep q : values()) {
                if (q.option().equals(s.strip().toLowerCase(Locale.ROOT))) {
                    step = q;
                }
            }
            if (step == null) {
                throw new MusubiUserException(
                        "--steps " + s + ": use sample, variant, prune, king, unrelated (comma-separated)");
            }
            out.add(step);
        }
        if (out.isEmpty()) {
            throw new MusubiUserException("--steps: name at least one of sample, variant, prune, king, unrelated");
        }
        return out;
    }
}
