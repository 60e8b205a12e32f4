package org.musubi.format.calls;

import java.util.Objects;

/**
 * How many samples of each of several sample sets (masks: strata of a frequency run, split by expected ploidy) have
 * each genotype code in a DENSE calls vector, without decoding it: the packed words are split into their two bit
 * planes and each mask is applied with popcounts, 32 samples a word (the trick plink2 uses for its per-sample-set
 * counts). Built once per sample layout (one task), then {@link #count} per variant: O(N/32 × masks). Used by freq's
 * stratified counts; SPARSE vectors are counted over their exceptions by the caller instead.
 *
 * <p>Layout: mask {@code j} is a bit set over samples; its words hold sample {@code 32w + s} at bit {@code 2s} (the
 * low bit of the sample's 2-bit field), interleaved word by word ({@code bits[w * masks + j]}) so that one pass over
 * the calls reads each word once for all masks.
 */
public final class MaskedCodeCounts {
    private final int sampleCount;
    private final int masks;
    private final int words;
    /** bits[w * masks + j]: mask j's fields of word w. */
    private final long[] bits;
    /** Samples in each mask. */
    private final long[] sizes;

    /**
     * @param members {@code members[j][i]}: sample {@code i} is in mask {@code j}; every row has length {@code
     *     sampleCount}
     */
    public MaskedCodeCounts(boolean[][] members, int sampleCount) {
        this.sampleCount = sampleCount;
        this.masks = members.length;
        this.words = TwoBitPacking.wordCount(sampleCount);
        this.bits = new long[words * masks];
        this.sizes = new long[masks];
        for (int j = 0; j < masks; j++) {
            boolean[] in = Objects.requireNonNull(members[j]);
            if (in.length != sampleCount) {
                throw new IllegalArgumentException(
                        "mask " + j + " has " + in.length + " samples, the layout " + sampleCount);
            }
            for (int i = 0; i < sampleCount; i++) {
                if (in[i]) {
                    bits[(i >>> 5) * masks + j] |= 1L << ((i & 31) << 1);
                    sizes[j]++;
                }
            }
        }
    }

    /** The number of masks. */
    public int maskCount() {
        return masks;
    }

    /** The number of samples in mask {@code j}. */
    public long size(int j) {
        return sizes[j];
    }

    /**
     * Writes into {@code out[4j + code]} how many samples of mask {@code j} have each code ({@link GenotypeCode}
     * HOM_REF, HET, HOM_ALT, MISSING) in {@code calls}, a DENSE vector of this layout's N.
     *
     * @param out at least {@code 4 * maskCount()} long, overwritten
     * @throws IllegalArgumentException if the vector is SPARSE or has another sample count
     */
    public void count(CallsView calls, long[] out) {
        if (calls.isSparse()) {
            throw new IllegalArgumentException("MaskedCodeCounts counts DENSE vectors; this one is SPARSE");
        }
        if (calls.sampleCount() != sampleCount) {
            throw new IllegalArgumentException(
                    "the vector has N=" + calls.sampleCount() + ", the masks " + sampleCount + " samples");
        }
        byte[] enc = calls.encoded();
        int off = calls.denseBodyOffset();
        int m = masks;
        long[] b = bits;
        // per mask: het, hom-alt, missing (hom-ref is the rest)
        for (int j = 0; j < 4 * m; j++) {
            out[j] = 0;
        }
        for (int w = 0, base = 0; w < words; w++, base += m) {
            long x = TwoBitPacking.word(enc, off, sampleCount, w);
            if (x == 0) {
                continue; // all HOM_REF
            }
            long lo = x & TwoBitPacking.FIELD_LOW;
            long hi = (x >>> 1) & TwoBitPacking.FIELD_LOW;
            long het = lo & ~hi;
            long alt = hi & ~lo;
            long miss = lo & hi;
            for (int j = 0; j < m; j++) {
                long mask = b[base + j];
                int o = j << 2;
                out[o + 1] += Long.bitCount(het & mask);
                out[o + 2] += Long.bitCount(alt & mask);
                out[o + 3] += Long.bitCount(miss & mask);
            }
        }
        for (int j = 0; j < m; j++) {
            int o = j << 2;
            out[o] = sizes[j] - out[o + 1] - out[o + 2] - out[o + 3];
        }
    }
}
