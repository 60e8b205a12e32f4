package org.musubi.stats.qc;

import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.MaskedCodeCounts;

/**
 * One row's variant QC counts ({@link VariantQcStats}, what {@link SampleCounts#add} fills: missing calls and OBS_CT,
 * the founders' genotype and allele counts with X's and Y's sex rules) from its packed calls without decoding them:
 * the codes counted per sample set (founders, XX founders, XY founders, XY samples) by popcounts over the 2-bit words
 * of a DENSE row ({@link MaskedCodeCounts}) or over the exceptions of a SPARSE row, the whole row's by {@link
 * CallsView#codeCounts}. Like {@link SampleCounts#add} it reads the genotype codes only (a haploid call is its code,
 * a half call missing). Used by variant QC without sample QC ({@code qc.CountPass}), where no per-sample count is
 * kept; one per task, not thread-safe.
 */
public final class MaskedVariantCounts {
    private static final int FOUNDER = 0;
    private static final int XX_FOUNDER = 1;
    private static final int XY_FOUNDER = 2;
    private static final int XY = 3;
    private static final int MASKS = 4;

    private final int n;
    private final MaskedCodeCounts masks;
    /** Per sample, bit j set when it is in mask j. */
    private final byte[] member;

    private final long[] out = new long[4 * MASKS];
    private final long[] inMask = new long[MASKS];
    private final int[] all = new int[4];
    private final int[] idx;
    private final byte[] codes;

    public MaskedVariantCounts(QcSamples samples) {
        n = samples.size();
        boolean[][] members = new boolean[MASKS][n];
        member = new byte[n];
        for (int i = 0; i < n; i++) {
            byte sex = samples.sex()[i];
            boolean f = samples.founder()[i];
            members[FOUNDER][i] = f;
            members[XX_FOUNDER][i] = f && sex == QcSamples.XX;
            members[XY_FOUNDER][i] = f && sex == QcSamples.XY;
            members[XY][i] = sex == QcSamples.XY;
            for (int j = 0; j < MASKS; j++) {
                member[i] |= (byte) (members[j][i] ? 1 << j : 0);
            }
        }
        masks = new MaskedCodeCounts(members, n);
        idx = new int[n];
        codes = new byte[n];
    }

    /** Counts the row {@code calls} (of this layout's samples) in {@code region} into {@code v}. */
    public void count(CallsView calls, Region region, VariantQcStats v) {
        if (calls.sampleCount() != n) {
            throw new IllegalArgumentException("the row has N=" + calls.sampleCount() + ", the samples " + n);
        }
        if (calls.isSparse()) {
            sparse(calls);
        } else {
            masks.count(calls, out);
        }
        int hr = 0;
        int he = 0;
        int ha = 0;
        int refA = 0;
        int altA = 0;
        if (region == Region.Y) {
            v.obs = (int) masks.size(XY);
            v.missing = (int) out[4 * XY + 3];
        } else {
            calls.codeCounts(all);
            v.obs = n;
            v.missing = all[3];
            int m = 4 * (region.isX() ? XX_FOUNDER : FOUNDER);
            hr = (int) out[m];
            he = (int) out[m + 1];
            ha = (int) out[m + 2];
            if (region.isX()) {
                refA = (int) out[4 * XY_FOUNDER];
                altA = (int) out[4 * XY_FOUNDER + 2];
            }
        }
        v.homRef = hr;
        v.het = he;
        v.homAlt = ha;
        v.refAlleles = refA + 2 * hr + he;
        v.altAlleles = altA + he + 2 * ha;
    }

    /** {@code out} of a SPARSE row: its exceptions per mask, the rest of each mask the default code. */
    private void sparse(CallsView calls) {
        java.util.Arrays.fill(out, 0);
        java.util.Arrays.fill(inMask, 0);
        int k = calls.nonDefaultSamples(idx, codes);
        for (int j = 0; j < k; j++) {
            int bits = member[idx[j]];
            int c = codes[j];
            while (bits != 0) {
                int m = Integer.numberOfTrailingZeros(bits);
                out[4 * m + c]++;
                inMask[m]++;
                bits &= bits - 1;
            }
        }
        int d = calls.defaultCode();
        for (int m = 0; m < MASKS; m++) {
            out[4 * m + d] += masks.size(m) - inMask[m];
        }
    }
}
