package org.musubi.gwas;

/**
 * One variant × phenotype result as {@link GwasTask} produces it: a mutable holder, filled and handed to a {@link
 * Sink} per result (no object per result). Statistics are NaN when the test failed; {@link #ok()} says whether
 * they are reported (PLINK prints them for ERRCODE {@code .} and {@code UNFINISHED}).
 */
final class GwasResult {
    /** Where results go, one at a time; the holder is reused after {@code accept} returns. */
    @FunctionalInterface
    interface Sink {
        void accept(GwasResult r) throws java.io.IOException;
    }

    /** Index of the phenotype in {@link GwasDesign#info} order. */
    int phenotype;

    String contig;
    int pos;
    String id;
    String ref;
    String alt;
    String a1;
    /** A1 frequency over the model's samples with a call; NaN when none. */
    double a1Freq;

    boolean logistic;
    /** Firth used: 1, not used: 0; -1 for linear models (no such column). */
    byte firth;

    int obsCt;
    String errcode;
    /** β (linear) or ln(OR) (logistic). */
    double beta;

    double se;
    /** T (linear) or Z (logistic). */
    double stat;
    /** Natural log of P (P below 1e-308 stays finite here). */
    double lnP;
    /** {@code gwas --pred}: the REGENIE result (the {@code .regenie} line); null otherwise. */
    org.musubi.stats.RegenieResult regenie;

    boolean ok() {
        return !Double.isNaN(beta) && !Double.isNaN(se);
    }
}
