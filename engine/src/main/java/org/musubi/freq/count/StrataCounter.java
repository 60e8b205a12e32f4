package org.musubi.freq.count;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.MaskedCodeCounts;
import org.musubi.format.calls.PloidyCode;

/**
 * Per-stratum genotype histograms of one variant for freq: for each stratum, how many of its samples have each
 * (expected ploidy, ploidy code, genotype code), which {@code freq.AlleleCountAccumulator} turns into AC, AN,
 * nhomalt, … . Plain Java on the packed calls, built once per task for a sample layout:
 *
 * <ul>
 *   <li>a DENSE calls vector without ploidy codes: popcounts over its two bit planes with one mask per stratum and
 *       expected ploidy ({@link MaskedCodeCounts}), nothing decoded;
 *   <li>a SPARSE one without ploidy codes: its exceptions (the carriers, for a rare variant) one by one; the other
 *       samples of each stratum have the default code, counted at once from the stratum's size;
 *   <li>with ploidy codes (haploid or half calls): every sample, decoded.
 * </ul>
 *
 * Excluded samples (withdrawn consent) are in no stratum; a sample expected to have ploidy 0 (XX on Y) is not
 * counted. Stratum 0 is "all" (every sample not excluded); {@link #count} can leave it out when the caller takes it
 * from the table's stored counts. Not thread-safe (one per task).
 */
public final class StrataCounter {
    /** Site classes: autosome or PAR, X outside the PARs, Y (what the expected ploidy depends on). */
    public static final int AUTOSOMAL = 0;

    public static final int X_NON_PAR = 1;
    public static final int Y = 2;

    /** Cells of a stratum's histogram: {@code ((expected - 1) * 4 + ploidy) * 4 + genotype}, expected 1 or 2. */
    public static final int CELLS = 32;

    private final int n;
    private final int strata;
    private final int[][] sampleStrata;
    private final boolean[] excluded;
    /** [class][sample]: the expected ploidy, 0, 1 or 2. */
    private final byte[][] expected;
    /** [class][stratum][expected]: the stratum's samples with that expectation. */
    private final long[][][] totals;
    /** [class][with stratum 0 ? 1 : 0]: the masks of the dense path, built on first use. */
    private final Masks[][] masks = new Masks[3][2];

    private final CallsView ploidyView = new CallsView();
    private final byte[] calls;
    private final byte[] ploidy;
    private final int[] idx;
    private final byte[] codes;
    private final long[][] rest;
    private long[] maskCounts = new long[0];

    /** One class's masks: mask j counts stratum {@code stratum[j]}'s samples with expected ploidy {@code ploidy[j]}. */
    private record Masks(MaskedCodeCounts counts, int[] stratum, int[] ploidy) {}

    /**
     * @param sampleCount N
     * @param strata the number of strata, "all" (0) included
     * @param sampleStrata per sample, the strata other than 0 it belongs to (empty for an excluded sample)
     * @param excluded per sample, left out of every stratum
     * @param expected [class][sample]: the ploidy the sample should have at a site of the class (0, 1 or 2)
     */
    public StrataCounter(int sampleCount, int strata, int[][] sampleStrata, boolean[] excluded, byte[][] expected) {
        this.n = sampleCount;
        this.strata = strata;
        this.sampleStrata = sampleStrata;
        this.excluded = excluded;
        this.expected = expected;
        this.totals = new long[3][strata][3];
        for (int i = 0; i < n; i++) {
            if (excluded[i]) {
                continue;
            }
            for (int c = 0; c < 3; c++) {
                int e = expected[c][i];
                totals[c][0][e]++;
                for (int k : sampleStrata[i]) {
                    totals[c][k][e]++;
                }
            }
        }
        this.calls = new byte[n];
        this.ploidy = new byte[n];
        this.idx = new int[n];
        this.codes = new byte[n];
        this.rest = new long[strata][3];
    }

    /** The histogram cell of a call. */
    public static int cell(int expected, int ploidy, int genotype) {
        return (((expected - 1) << 2) + ploidy) * 4 + genotype;
    }

    /**
     * Whether every sample counted at a site of class {@code cls} is expected diploid and none is excluded: then
     * the "all" stratum of a row without ploidy codes is the table's stored counts.
     */
    public boolean allDiploid(int cls) {
        for (boolean x : excluded) {
            if (x) {
                return false;
            }
        }
        return totals[cls][0][2] == n;
    }

    /**
     * Counts one variant into {@code out[stratum][cell]} (overwritten; {@code out[0]} left zero when {@code
     * withAll} is false).
     *
     * @param cls the site class ({@link #AUTOSOMAL}, {@link #X_NON_PAR}, {@link #Y})
     * @param view the calls, already reset to the row's vector of N samples
     * @param ploidyEnc the row's ploidy codes (TwoBitVector) or null when every call is diploid
     */
    public void count(int cls, CallsView view, byte[] ploidyEnc, boolean withAll, long[][] out) {
        for (long[] o : out) {
            Arrays.fill(o, 0);
        }
        byte[] exp = expected[cls];
        int first = withAll ? 0 : 1;
        if (ploidyEnc != null) {
            view.decodeDense(calls);
            ploidyView.reset(ploidyEnc, n).decodeDense(ploidy);
            for (int i = 0; i < n; i++) {
                int e = exp[i];
                if (excluded[i] || e == 0) {
                    continue;
                }
                int c = cell(e, ploidy[i], calls[i]);
                if (withAll) {
                    out[0][c]++;
                }
                for (int k : sampleStrata[i]) {
                    out[k][c]++;
                }
            }
        } else if (view.isSparse()) {
            int dflt = view.defaultCode();
            int carriers = view.nonDefaultSamples(idx, codes);
            for (int k = first; k < strata; k++) {
                System.arraycopy(totals[cls][k], 0, rest[k], 0, 3);
            }
            for (int j = 0; j < carriers; j++) {
                int i = idx[j];
                int e = exp[i];
                if (excluded[i] || e == 0) {
                    continue;
                }
                int c = cell(e, PloidyCode.DIPLOID, codes[j]);
                if (withAll) {
                    out[0][c]++;
                    rest[0][e]--;
                }
                for (int k : sampleStrata[i]) {
                    out[k][c]++;
                    rest[k][e]--;
                }
            }
            for (int k = first; k < strata; k++) {
                for (int e = 1; e <= 2; e++) {
                    out[k][cell(e, PloidyCode.DIPLOID, dflt)] += rest[k][e];
                }
            }
        } else {
            Masks m = masks(cls, withAll);
            int mc = m.counts().maskCount();
            if (maskCounts.length < 4 * mc) {
                maskCounts = new long[4 * mc];
            }
            m.counts().count(view, maskCounts);
            for (int j = 0; j < mc; j++) {
                long[] o = out[m.stratum()[j]];
                int base = cell(m.ploidy()[j], PloidyCode.DIPLOID, 0);
                for (int g = 0; g < 4; g++) {
                    o[base + g] += maskCounts[4 * j + g];
                }
            }
        }
    }

    private Masks masks(int cls, boolean withAll) {
        Masks m = masks[cls][withAll ? 1 : 0];
        if (m != null) {
            return m;
        }
        byte[] exp = expected[cls];
        List<boolean[]> members = new ArrayList<>();
        List<Integer> stratum = new ArrayList<>();
        List<Integer> ploidyOf = new ArrayList<>();
        for (int k = withAll ? 0 : 1; k < strata; k++) {
            for (int e = 1; e <= 2; e++) {
                if (totals[cls][k][e] == 0) {
                    continue;
                }
                boolean[] in = new boolean[n];
                for (int i = 0; i < n; i++) {
                    in[i] = !excluded[i] && exp[i] == e && (k == 0 || contains(sampleStrata[i], k));
                }
                members.add(in);
                stratum.add(k);
                ploidyOf.add(e);
            }
        }
        m = new Masks(
                new MaskedCodeCounts(members.toArray(new boolean[0][]), n),
                stratum.stream().mapToInt(Integer::intValue).toArray(),
                ploidyOf.stream().mapToInt(Integer::intValue).toArray());
        masks[cls][withAll ? 1 : 0] = m;
        return m;
    }

    private static boolean contains(int[] a, int k) {
        for (int x : a) {
            if (x == k) {
                return true;
            }
        }
        return false;
    }
}
