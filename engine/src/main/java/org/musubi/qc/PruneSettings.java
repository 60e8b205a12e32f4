package org.musubi.qc;

import java.util.Locale;
import org.musubi.error.MusubiUserException;
import org.musubi.stats.qc.IndepPairwise;

/**
 * The LD pruning step's settings (plink2 {@code --indep-pairwise W [kb] S r²}, SPECS §7.2) and which variants it
 * considers: autosomal ones that passed variant QC (when it ran), with the founders' MAF at least {@code maf}, outside
 * the long-range LD regions of the table's build ({@code conf/long-range-ld-GRCh37.txt} / {@code -GRCh38.txt}) or
 * of {@code excludeRange}.
 *
 * @param window window size: variants, or kb with {@code kb}
 * @param kb whether {@code window} is in kilobases (then the step is 1)
 * @param step variants the window advances by (count windows)
 * @param r2 pairs with r² above this lose their lower-MAF variant
 * @param maf variants with a founders' MAF below this are not considered (0: all, monomorphic ones then go to
 *     {@code prune.out} as plink2 puts them)
 * @param longRangeLd whether the build's long-range LD regions are left out (ignored with {@code excludeRange})
 * @param excludeRange a plink {@code --exclude range} file to leave out instead, or null
 */
public record PruneSettings(
        double window, boolean kb, int step, double r2, double maf, boolean longRangeLd, String excludeRange)
        implements java.io.Serializable {
    /** 1000 kb, step 1, r² 0.1, MAF ≥ 0.01, long-range LD regions left out (common choices for PCA). */
    public static final PruneSettings DEFAULT = new PruneSettings(1000, true, 1, 0.1, 0.01, true, null);

    /** Checks the values; a bad one is a user error naming the option. */
    public PruneSettings {
        if (!kb && (!(window >= 2) || window != Math.floor(window))) {
            throw new MusubiUserException("--prune-window " + window(window, kb) + ": use a whole number of variants"
                    + " >= 2, or kb (e.g. 50 or 1000kb)");
        }
        if (kb && !(window > 0 && IndepPairwise.kbWindow(window) >= 2)) {
            throw new MusubiUserException(
                    "--prune-window " + window(window, kb) + ": a kb window must span at least" + " 2 bp");
        }
        if (step < 1 || (kb && step != 1) || (!kb && step > window)) {
            throw new MusubiUserException("--prune-step " + step + ": use 1 with a kb window, else 1 to the window"
                    + " size (" + window(window, kb) + ")");
        }
        if (!(r2 >= 0 && r2 < 1)) {
            throw new MusubiUserException("--prune-r2 " + r2 + ": use an r² threshold in [0, 1)");
        }
        if (!(maf >= 0 && maf <= 0.5)) {
            throw new MusubiUserException("--prune-maf " + maf + ": use a minor allele frequency in [0, 0.5]");
        }
    }

    /**
     * Settings from the job's options: {@code windowText} a number of variants ({@code 50}) or of kilobases ({@code
     * 1000kb}, {@code 0.5kb}).
     */
    public static PruneSettings of(
            String windowText, int step, double r2, double maf, boolean longRangeLd, String excludeRange) {
        String t = windowText.strip().toLowerCase(Locale.ROOT);
        boolean kb = t.endsWith("kb");
        String num = kb ? t.substring(0, t.length() - 2).strip() : t;
        double w;
        try {
            w = Double.parseDouble(num);
        } catch (NumberFormatException e) {
            throw new MusubiUserException(
                    "--prune-window " + windowText + ": use a number of variants or of kb (e.g." + " 50 or 1000kb)");
        }
        return new PruneSettings(w, kb, step, r2, maf, longRangeLd, excludeRange);
    }

    /** The window as the kernel takes it: variants, or bp as plink2 rounds kb. */
    int kernelWindow() {
        return kb ? IndepPairwise.kbWindow(window) : (int) Math.min(window, Integer.MAX_VALUE);
    }

    /** The window as plink2 writes it ({@code 50}, {@code 1000kb}). */
    String windowText() {
        return window(window, kb);
    }

    private static String window(double w, boolean kb) {
        String n = w == Math.floor(w) && Math.abs(w) < 1e15 ? Long.toString((long) w) : Double.toString(w);
        return kb ? n + "kb" : n;
    }
}
