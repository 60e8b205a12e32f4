package org.musubi.stats.qc;

import java.util.Arrays;
import java.util.BitSet;

/**
 * LD pruning of one contig exactly as plink2 2.00a3.5 {@code --indep-pairwise W [kb] S r²} computes it (SPECS §7.2;
 * {@code plink2_ld.cc} {@code IndepPairwiseThread}, {@code LdPruneNextWindow}, {@code LdPruneSubcontigSplitAll}). The
 * caller pushes the contig's candidate variants in genome order ({@link #add}: position and the founders' hard calls)
 * and reads which were removed ({@link #removed()}) after {@link #finish()}. Used by the {@code qc} job's prune step
 * ({@code qc.PrunePass}), one instance per contig in one task: the window sweep is sequential by definition.
 *
 * <p><b>Calls.</b> Each variant is kept as two bit planes over the founders, {@code hom} (hom-REF or hom-ALT) and
 * {@code ref2het} (hom-REF or het), so hom-REF is +1, het 0, hom-ALT −1 and missing sets neither bit. A pair's r² is
 * over the samples called at both variants: with n the count, sums s₁, s₂, squares q₁, q₂ and the dot product d over
 * those samples, cov = d·n − s₁s₂, var₁ = q₁·n − s₁², var₂ = q₂·n − s₂² (exact integers), and the pair is in LD when
 * cov·cov &gt; t·var₁·var₂ in doubles, t = r²·(1 + 2⁻⁴⁴) — plink2's expression, operation for operation.
 *
 * <p><b>The sweep.</b> A variant that is monomorphic among the called founders (no hom, or all called calls one
 * homozygote) is removed on loading. Windows: W variants advancing by S (count mode), or, in kb mode, every variant
 * within W bp of the window's first one, the next window starting at the first variant within W bp of the first
 * variant past the current one. In kb mode a gap of more than W bp between neighbours splits the contig into
 * independent parts; a part (or contig) of one variant is never examined, so it is kept even when monomorphic.
 * Within a window (PLINK 1.x order, the only one 2.00a3.5 has): for each kept variant in order, the kept variants
 * after it not yet compared with it, in order, until the first pair in LD; the pair then loses the variant with the
 * higher major-allele frequency (lower MAF), the later one unless the first's exceeds the second's by a factor above
 * 1 + 2⁻⁴⁴; repeated until a pass removes nothing.
 *
 * <p><b>Pairs.</b> As plink2 does, a variant's sums over its own called samples are kept from loading, with the
 * words where it misses a sample; a pair's r² then needs two popcounts a word (the dot product) and corrections over
 * the other variant's missing words only ({@link #inLd}).
 *
 * <p>Memory: 2·⌈n/64⌉ longs and ⌈n/64⌉ ints per variant of the current window plus 4 bytes per pushed variant. Not
 * thread-safe.
 */
public final class IndepPairwise {
    /** plink2's {@code kSmallEpsilon} (2⁻⁴⁴). */
    static final double EPSILON = 0x1p-44;

    private final int n;
    private final int words;
    private final int window;
    private final boolean kb;
    private final int step;
    private final double thresh;
    /** {@link #packed}: the counted samples; else null (the codes pushed are the counted samples'). */
    private final long[] counted;

    private int count;
    private int[] pos = new int[1024];
    private final BitSet removed = new BitSet();

    // the current part (subcontig): [partStart, count) pushed so far
    private int partStart;
    // the current window: [winStart, count) with its variants (removed ones flagged) in winSlot[0, size)
    private int winStart;
    private int size;
    private int[] winSlot = new int[64];
    private boolean[] winRemoved = new boolean[64];
    // the end of the last window processed: a part's last window is processed when variants came after it
    private int lastProcessedEnd;

    // slots: one variant's planes and aggregates each
    private long[] planes = new long[0];
    private int[] slotVariant = new int[0];
    private double[] slotMaj = new double[0];
    private int[] slotFirstUnchecked = new int[0];
    private int[] freeSlots = new int[0];
    private int freeCount;
    private int slotCapacity;
    // per slot: its hom-REF and hom-ALT counts and how many counted samples it misses, and the words holding them
    private int[] slotPlus = new int[0];
    private int[] slotMinus = new int[0];
    private int[] slotMissing = new int[0];
    private int[] slotMissWordCount = new int[0];
    /** Slot s's words with a counted sample missing: {@code slotMissWords[s·words + k]}, k &lt; its count. */
    private int[] slotMissWords = new int[0];
    /** The counted samples (founders). */
    private final int countedTotal;

    /**
     * A sweep over the calls of {@code founders} samples: {@code window} variants (or bp with {@code kb}), advancing
     * by {@code step} variants (1 with kb), pairs with r² above {@code r2} pruned.
     */
    public IndepPairwise(int founders, int window, boolean kb, int step, double r2) {
        this(founders, null, window, kb, step, r2);
    }

    /**
     * A sweep over the calls of the samples in {@code counted} (a bit set over a table's {@code samples}: sample i at
     * bit {@code i % 64} of word {@code i / 64}) among every sample's, pushed as packed rows ({@link #addPacked}):
     * the planes span all the samples, those not counted set neither bit (as a missing call), so every pair's sums
     * and the removals are those of {@link #add} over the counted samples' codes.
     */
    public static IndepPairwise packed(int samples, long[] counted, int window, boolean kb, int step, double r2) {
        int words = (samples + 63) >>> 6;
        if (counted.length != words) {
            throw new IllegalArgumentException(counted.length + " mask words for " + samples + " samples");
        }
        int c = 0;
        for (long m : counted) {
            c += Long.bitCount(m);
        }
        if (c < 2) {
            throw new IllegalArgumentException("LD pruning needs at least 2 founders, not " + c);
        }
        return new IndepPairwise(samples, counted.clone(), window, kb, step, r2);
    }

    private IndepPairwise(int founders, long[] counted, int window, boolean kb, int step, double r2) {
        if (counted == null && founders < 2) {
            throw new IllegalArgumentException("LD pruning needs at least 2 founders, not " + founders);
        }
        this.counted = counted;
        if (window < 2 || step < 1 || (!kb && step > window) || (kb && step != 1)) {
            throw new IllegalArgumentException("window " + window + (kb ? " bp" : "") + ", step " + step);
        }
        this.n = founders;
        this.words = (founders + 63) >>> 6;
        int c = founders;
        if (counted != null) {
            c = 0;
            for (long m : counted) {
                c += Long.bitCount(m);
            }
        }
        this.countedTotal = c;
        this.window = window;
        this.kb = kb;
        this.step = step;
        this.thresh = r2 * (1 + EPSILON);
    }

    /** plink2's window size for {@code --indep-pairwise X kb}: ⌊X·1000·(1 + 2⁻⁴⁴)⌋ bp, capped at 2,147,483,646. */
    public static int kbWindow(double kb) {
        return kb > 2147483.646 ? 2147483646 : (int) (kb * 1000 * (1 + EPSILON));
    }

    /** Variants pushed so far (the next one's index). */
    public int count() {
        return count;
    }

    /**
     * Pushes the next variant (position non-decreasing): its founders' codes ({@code codes[offset + i]}, i &lt; n: 0
     * hom-REF, 1 het, 2 hom-ALT, 3 missing).
     */
    public void add(int position, byte[] codes, int offset) {
        if (counted != null) {
            throw new IllegalStateException("a packed sweep takes packed rows (addPacked)");
        }
        begin(position);
        load(count, codes, offset);
        end();
    }

    /**
     * Pushes the next variant (position non-decreasing) of a {@link #packed} sweep: every sample's code packed 32 to
     * a word ({@code format.calls.CallsView#packedWords}: sample {@code 32w + s} at bits {@code 2s..2s+1} of {@code
     * calls[w]}, 0 hom-REF, 1 het, 2 hom-ALT, 3 missing), of which the counted samples' are used.
     */
    public void addPacked(int position, long[] calls) {
        if (counted == null) {
            throw new IllegalStateException("a sweep over codes takes codes (add)");
        }
        begin(position);
        loadPacked(count, calls);
        end();
    }

    private void begin(int position) {
        if (count > 0 && position < pos[count - 1]) {
            throw new IllegalArgumentException("position " + position + " after " + pos[count - 1]);
        }
        if (kb && count > partStart && (long) position - pos[count - 1] > window) {
            closePart();
            partStart = count;
            winStart = count;
        }
        if (count == pos.length) {
            pos = Arrays.copyOf(pos, count * 2);
        }
        pos[count] = position;
        if (kb && count > winStart && (long) position > (long) pos[winStart] + window) {
            processWindow(count);
            nextKbWindow(count);
        }
    }

    private void end() {
        count++;
        if (!kb && count == winStart + window) {
            processWindow(count);
            winStart += step;
            compact();
        }
    }

    /** Ends the contig: the last window of its last part. */
    public void finish() {
        closePart();
        partStart = count;
        winStart = count;
    }

    /** Indices (in push order) of the removed variants: plink2's {@code .prune.out}. */
    public BitSet removed() {
        return (BitSet) removed.clone();
    }

    /** Ends the current part: a part of one variant is not examined (plink2 skips it); else its last window. */
    private void closePart() {
        int len = count - partStart;
        if (len == 1) {
            // plink2 never loads a one-variant part: undo the load (and a monomorphic removal)
            removed.clear(partStart);
        } else if (len > 1 && count > lastProcessedEnd) {
            processWindow(count);
        }
        for (int w = 0; w < size; w++) {
            free(winSlot[w]);
        }
        size = 0;
        lastProcessedEnd = count;
    }

    /** kb mode: the window that follows the one ending before variant {@code end}. */
    private void nextKbWindow(int end) {
        long minBp = (long) pos[end] - window;
        int s = winStart;
        do {
            s++;
        } while (pos[s] < minBp);
        winStart = s;
        compact();
    }

    /** Drops removed variants and those before the window's start. */
    private void compact() {
        int w = 0;
        for (int r = 0; r < size; r++) {
            int slot = winSlot[r];
            if (winRemoved[r] || slotVariant[slot] < winStart) {
                free(slot);
            } else {
                winSlot[w++] = slot;
            }
        }
        Arrays.fill(winRemoved, 0, size, false);
        size = w;
    }

    private void load(int v, byte[] codes, int offset) {
        int slot = allocate();
        int base = slot * 2 * words;
        Arrays.fill(planes, base, base + 2 * words, 0L);
        int plus = 0;
        int minus = 0;
        int nm = 0;
        for (int i = 0; i < n; i++) {
            int c = codes[offset + i];
            long bit = 1L << (i & 63);
            int w = i >>> 6;
            if (c == 0) {
                planes[base + w] |= bit;
                planes[base + words + w] |= bit;
                plus++;
                nm++;
            } else if (c == 1) {
                planes[base + words + w] |= bit;
                nm++;
            } else if (c == 2) {
                planes[base + w] |= bit;
                minus++;
                nm++;
            }
        }
        loaded(v, slot, plus, minus, nm);
    }

    /**
     * {@link #load} from packed calls: per 64 samples, the low and high bits of their 2-bit codes gathered into two
     * words; hom-REF and hom-ALT have the low bit clear, hom-REF and het the high bit, missing neither — so {@code
     * hom} is the low bits' complement, {@code ref2het} the high bits', each within the counted samples.
     */
    private void loadPacked(int v, long[] calls) {
        int slot = allocate();
        int base = slot * 2 * words;
        int callWords = (n + 31) >>> 5;
        int plus = 0;
        int minus = 0;
        int nm = 0;
        for (int w = 0; w < words; w++) {
            long a = calls[2 * w];
            long b = 2 * w + 1 < callWords ? calls[2 * w + 1] : 0;
            long lo = evenBits(a) | (evenBits(b) << 32);
            long hi = evenBits(a >>> 1) | (evenBits(b >>> 1) << 32);
            long m = counted[w];
            long hom = ~lo & m;
            long ref2het = ~hi & m;
            planes[base + w] = hom;
            planes[base + words + w] = ref2het;
            plus += Long.bitCount(hom & ref2het);
            minus += Long.bitCount(hom & ~ref2het);
            nm += Long.bitCount(hom | ref2het);
        }
        loaded(v, slot, plus, minus, nm);
    }

    /** Bits 0, 2, .., 62 of {@code x} as bits 0..31 (the low bits of 32 packed 2-bit values). */
    public static long evenBits(long x) {
        x &= 0x5555555555555555L;
        x = (x | (x >>> 1)) & 0x3333333333333333L;
        x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
        x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
        return (x | (x >>> 16)) & 0xFFFFFFFFL;
    }

    /** A loaded variant's aggregates: plink2's major-allele frequency, the monomorphic removal. */
    private void loaded(int v, int slot, int plus, int minus, int nm) {
        slotPlus[slot] = plus;
        slotMinus[slot] = minus;
        slotMissing[slot] = countedTotal - nm;
        int k = 0;
        if (nm < countedTotal) {
            int base = slot * 2 * words;
            int at = slot * words;
            for (int w = 0; w < words; w++) {
                if ((countedWord(w) & ~(planes[base + w] | planes[base + words + w])) != 0) {
                    slotMissWords[at + k++] = w;
                }
            }
        }
        slotMissWordCount[slot] = k;
        slotVariant[slot] = v;
        slotFirstUnchecked[slot] = v + 1;
        // plink2: the major allele's frequency over the founders' called alleles
        double refFreq = nm == 0 ? 0.5 : (2.0 * plus + (nm - plus - minus)) / (2.0 * nm);
        slotMaj[slot] = Math.max(refFreq, 1 - refFreq);
        if (size == winSlot.length) {
            winSlot = Arrays.copyOf(winSlot, size * 2);
            winRemoved = Arrays.copyOf(winRemoved, size * 2);
        }
        boolean mono = (plus == 0 && minus == 0) || plus == nm || minus == nm;
        winRemoved[size] = mono;
        winSlot[size++] = slot;
        if (mono) {
            removed.set(v);
        }
    }

    /** One window, ending before variant {@code end}: plink2 2.00a3.5's passes until nothing more is removed. */
    private void processWindow(int end) {
        lastProcessedEnd = end;
        int prev;
        int cur = removedInWindow();
        do {
            prev = cur;
            for (int fw = 0; fw < size; fw++) {
                if (winRemoved[fw]) {
                    continue;
                }
                int fs = winSlot[fw];
                int unchecked = slotFirstUnchecked[fs];
                int sw = firstKeptFrom(fw + 1, unchecked);
                if (sw == size) {
                    continue;
                }
                while (true) {
                    int ss = winSlot[sw];
                    if (inLd(fs, ss)) {
                        if (slotMaj[fs] > slotMaj[ss] * (1 + EPSILON)) {
                            winRemoved[fw] = true;
                            removed.set(slotVariant[fs]);
                        } else {
                            winRemoved[sw] = true;
                            removed.set(slotVariant[ss]);
                            int next = nextKept(sw);
                            slotFirstUnchecked[fs] = next < size ? slotVariant[winSlot[next]] : end;
                        }
                        break;
                    }
                    sw = nextKept(sw);
                    if (sw == size) {
                        slotFirstUnchecked[fs] = end;
                        break;
                    }
                }
            }
            cur = removedInWindow();
        } while (cur > prev);
    }

    /**
     * The first kept window entry at or after {@code from} whose variant is {@code unchecked} or later: a binary
     * search (the window's variants increase with the entry), then the kept entries from there — the entry that
     * walking the kept entries from {@code from} on finds, without the walk.
     */
    private int firstKeptFrom(int from, int unchecked) {
        int lo = from;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (slotVariant[winSlot[mid]] < unchecked) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < size && winRemoved[lo] ? nextKept(lo) : lo;
    }

    private int nextKept(int w) {
        int x = w + 1;
        while (x < size && winRemoved[x]) {
            x++;
        }
        return x;
    }

    private int removedInWindow() {
        int c = 0;
        for (int w = 0; w < size; w++) {
            c += winRemoved[w] ? 1 : 0;
        }
        return c;
    }

    /** Word w of the counted samples' mask. */
    private long countedWord(int w) {
        if (counted != null) {
            return counted[w];
        }
        return w < words - 1 || (n & 63) == 0 ? -1L : (1L << (n & 63)) - 1;
    }

    /**
     * Whether the pair's r² over the samples called at both exceeds the threshold (plink2's expression). plink2's
     * trick: each variant's sums over its own called samples are known from loading, so a pair needs only the dot
     * product over every word (two popcounts) and, over the words where the other variant misses a sample, the
     * corrections to a variant's sums (those samples taken out) and to the count called at both. The same integers
     * as {@link #inLdFull}, which pairs with missing calls in most words take.
     */
    boolean inLd(int a, int b) {
        return slotMissWordCount[a] + slotMissWordCount[b] > words ? inLdFull(a, b) : inLdCorrected(a, b);
    }

    /** {@link #inLd} from the variants' own sums corrected over the words where the other misses a sample. */
    boolean inLdCorrected(int a, int b) {
        int ka = slotMissWordCount[a];
        int kb = slotMissWordCount[b];
        int ha = a * 2 * words;
        int hb = b * 2 * words;
        int ra = ha + words;
        int rb = hb + words;
        long hom = 0;
        long unlike = 0;
        for (int w = 0; w < words; w++) {
            long hh = planes[ha + w] & planes[hb + w];
            hom += Long.bitCount(hh);
            unlike += Long.bitCount(hh & (planes[ra + w] ^ planes[rb + w]));
        }
        long dot = hom - 2 * unlike;
        long s1 = slotPlus[a] - slotMinus[a];
        long q1 = slotPlus[a] + slotMinus[a];
        long s2 = slotPlus[b] - slotMinus[b];
        long q2 = slotPlus[b] + slotMinus[b];
        long bothMissing = 0;
        // A's sums less its calls where B is missing (and the samples missing at both)
        for (int k = 0, at = b * words; k < kb; k++) {
            int w = slotMissWords[at + k];
            long cw = countedWord(w);
            long homA = planes[ha + w];
            long r2hA = planes[ra + w];
            long missB = cw & ~(planes[hb + w] | planes[rb + w]);
            long h = homA & missB;
            q1 -= Long.bitCount(h);
            s1 -= Long.bitCount(h & r2hA) - Long.bitCount(h & ~r2hA);
            bothMissing += Long.bitCount(missB & cw & ~(homA | r2hA));
        }
        // B's sums less its calls where A is missing
        for (int k = 0, at = a * words; k < ka; k++) {
            int w = slotMissWords[at + k];
            long homB = planes[hb + w];
            long r2hB = planes[rb + w];
            long missA = countedWord(w) & ~(planes[ha + w] | planes[ra + w]);
            long h = homB & missA;
            q2 -= Long.bitCount(h);
            s2 -= Long.bitCount(h & r2hB) - Long.bitCount(h & ~r2hB);
        }
        long nm = countedTotal - slotMissing[a] - slotMissing[b] + bothMissing;
        double cov = (double) (dot * nm - s1 * s2);
        double var1 = (double) (q1 * nm - s1 * s1);
        double var2 = (double) (q2 * nm - s2 * s2);
        return cov * cov > thresh * var1 * var2;
    }

    /** {@link #inLd} by one sweep over both variants' planes: every sum over the samples called at both. */
    boolean inLdFull(int a, int b) {
        int ha = a * 2 * words;
        int hb = b * 2 * words;
        int ra = ha + words;
        int rb = hb + words;
        long nm = 0;
        long s1 = 0;
        long s2 = 0;
        long q1 = 0;
        long q2 = 0;
        long dot = 0;
        for (int w = 0; w < words; w++) {
            long homA = planes[ha + w];
            long homB = planes[hb + w];
            long r2hA = planes[ra + w];
            long r2hB = planes[rb + w];
            long nmA = homA | r2hA;
            long nmB = homB | r2hB;
            long both = nmA & nmB;
            nm += Long.bitCount(both);
            long hA = homA & nmB;
            long hB = homB & nmA;
            q1 += Long.bitCount(hA);
            q2 += Long.bitCount(hB);
            s1 += Long.bitCount(hA & r2hA) - Long.bitCount(hA & ~r2hA);
            s2 += Long.bitCount(hB & r2hB) - Long.bitCount(hB & ~r2hB);
            long hh = homA & homB;
            long diff = r2hA ^ r2hB;
            dot += Long.bitCount(hh & ~diff) - Long.bitCount(hh & diff);
        }
        double cov = (double) (dot * nm - s1 * s2);
        double var1 = (double) (q1 * nm - s1 * s1);
        double var2 = (double) (q2 * nm - s2 * s2);
        return cov * cov > thresh * var1 * var2;
    }

    private int allocate() {
        if (freeCount == 0) {
            int grown = Math.max(16, slotCapacity * 2);
            planes = Arrays.copyOf(planes, grown * 2 * words);
            slotVariant = Arrays.copyOf(slotVariant, grown);
            slotMaj = Arrays.copyOf(slotMaj, grown);
            slotFirstUnchecked = Arrays.copyOf(slotFirstUnchecked, grown);
            freeSlots = Arrays.copyOf(freeSlots, grown);
            slotPlus = Arrays.copyOf(slotPlus, grown);
            slotMinus = Arrays.copyOf(slotMinus, grown);
            slotMissing = Arrays.copyOf(slotMissing, grown);
            slotMissWordCount = Arrays.copyOf(slotMissWordCount, grown);
            slotMissWords = Arrays.copyOf(slotMissWords, grown * words);
            for (int s = grown - 1; s >= slotCapacity; s--) {
                freeSlots[freeCount++] = s;
            }
            slotCapacity = grown;
        }
        return freeSlots[--freeCount];
    }

    private void free(int slot) {
        freeSlots[freeCount++] = slot;
    }
}
