package org.musubi.stats.qc;

/**
 * One block of up to {@code maxVariants} variants of {@code samples} samples made ready for {@link
 * KingKernel#add(KingBlock, int, int)}: two bit planes per sample and 64 variants, hom (hom-REF or hom-ALT) and
 * ref-or-het (hom-REF or het; plink2's encoding: a missing call, or a variant left out, sets neither), layout {@code
 * planes[(sample·W + w)·2 + k]}, and per sample its het calls and its missing calls (their positions in the block)
 * among the used variants. Reused block after block; not thread-safe.
 *
 * <p>Memory: the planes (16 bytes per sample per 64 variants), 8 bytes per sample and 4 per missing call.
 */
public final class KingBlock {
    private static final long[] HOM = {1, 0, 1, 0};
    private static final long[] REF_OR_HET = {1, 1, 0, 0};

    /** Two words per sample and 64 variants: hom, ref-or-het; layout {@code [(sample·W + w)·2 + k]}. */
    final long[] planes;
    /** Het calls per sample among the used variants. */
    final int[] het;
    /** Sample i's missing calls are {@code missIdx[missStart[i]..missStart[i+1]-1]} (positions in the block). */
    final int[] missStart;

    private final long[] useMask;
    int[] missIdx = new int[64];
    /** W: words per sample of the last block filled. */
    int words;
    /** Variants used (not left out) in the last block filled. */
    int used;
    /** Samples of the last block filled. */
    int samples;

    public KingBlock(int samples, int maxVariants) {
        this.planes = new long[samples * words(maxVariants) * 2];
        this.het = new int[samples];
        this.missStart = new int[samples + 1];
        this.useMask = new long[words(maxVariants)];
    }

    /** Words per sample for {@code variants} variants. */
    public static int words(int variants) {
        return (variants + 63) >>> 6;
    }

    /**
     * Fills the block from codes, variant j of sample i at {@code codes[j·samples + i]}; variants with {@code
     * use[j]} false (null: all used) are left out. Each sample's 64 codes of a word are read together (the same 64
     * cache lines for consecutive samples).
     */
    public void fill(byte[] codes, int samples, int variants, boolean[] use) {
        int w = words(variants);
        words = w;
        used = 0;
        this.samples = samples;
        for (int word = 0; word < w; word++) {
            long m = 0;
            for (int j = word << 6; j < Math.min(variants, (word + 1) << 6); j++) {
                if (use == null || use[j]) {
                    m |= 1L << j;
                }
            }
            useMask[word] = m;
            used += Long.bitCount(m);
        }
        java.util.Arrays.fill(het, 0, samples, 0);
        java.util.Arrays.fill(missStart, 0, samples + 1, 0);
        for (int word = 0; word < w; word++) {
            int j0 = word << 6;
            int j1 = Math.min(variants, j0 + 64);
            long m = useMask[word];
            for (int i = 0; i < samples; i++) {
                long hom = 0;
                long refOrHet = 0;
                for (int j = j0, at = j0 * samples + i; j < j1; j++, at += samples) {
                    int c = codes[at] & 3;
                    hom |= HOM[c] << j;
                    refOrHet |= REF_OR_HET[c] << j;
                }
                hom &= m;
                refOrHet &= m;
                int o = (i * w + word) * 2;
                planes[o] = hom;
                planes[o + 1] = refOrHet;
                het[i] += Long.bitCount(refOrHet & ~hom);
                missStart[i + 1] += Long.bitCount(m & ~(hom | refOrHet));
            }
        }
        for (int i = 0; i < samples; i++) {
            missStart[i + 1] += missStart[i];
        }
        int total = missStart[samples];
        if (total == 0) {
            return;
        }
        if (missIdx.length < total) {
            missIdx = new int[Math.max(total, 2 * missIdx.length)];
        }
        for (int i = 0; i < samples; i++) {
            int at = missStart[i];
            for (int word = 0; word < w; word++) {
                int o = (i * w + word) * 2;
                long miss = useMask[word] & ~(planes[o] | planes[o + 1]);
                while (miss != 0) {
                    missIdx[at++] = (word << 6) + Long.numberOfTrailingZeros(miss);
                    miss &= miss - 1;
                }
            }
        }
    }

    /** Words per sample of the last block filled. */
    public int words() {
        return words;
    }

    /** Sample i's missing calls in the last block filled. */
    int missing(int i) {
        return missStart[i + 1] - missStart[i];
    }
}
