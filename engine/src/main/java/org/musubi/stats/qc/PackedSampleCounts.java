package org.musubi.stats.qc;

import org.musubi.format.calls.CallsView;

/**
 * The sample QC counts of {@link SampleCounts#add} from the rows' packed calls, by bit plane, with no row decoded to
 * one byte per sample: the same counts, 32 samples a 64-bit word (plink2's way for {@code --missing}, {@code --het}).
 * Per row: the variant's counts by sample set ({@link MaskedVariantCounts}); the row's 2-bit words ({@link
 * CallsView#packedWords}) split into the het plane ({@code lo & ~hi}) and the missing plane ({@code lo & hi}). Het
 * calls, common, are added word-wise into byte-wide counters (four words of 8 one-byte lanes per 32 samples), spilled
 * into the per-sample {@code int} counts every 255 rows; missing calls, rare, are walked bit by bit. The sums that
 * every called sample gets (OBS_CT, E(HET) of {@code --het} and of the sex check) are kept once per task, less what
 * the samples missing at a row do not get ({@link FixedPointSums#addTotalLess}: exact, so the sums are those of
 * adding to each called sample). O(N/32) per row plus O(missing calls).
 *
 * <p>One per task, not thread-safe: {@link #add} each row, then {@link #finish} once for the counts. Memory: about
 * 110 bytes per sample (the counts themselves about 56, the counters, missing-call sums and variant masks the rest).
 */
public final class PackedSampleCounts {
    private static final long FIELD_LOW = 0x5555555555555555L;
    private static final long BYTE_LOW = 0x0101010101010101L;

    private final QcSamples samples;
    private final SampleCounts counts;
    private final int n;
    private final int words;
    private final MaskedVariantCounts variants;
    /** The XY samples, one bit per sample at the low bit of its 2-bit field. */
    private final long[] xy;

    private final long[] row;
    private final Lanes het;
    private final Lanes xHet;
    /** One sum each: E(HET) of every counted row, as if every sample were called at it. */
    private final FixedPointSums hetTotal = new FixedPointSums(1);

    private final FixedPointSums xTotal = new FixedPointSums(1);
    /** Per sample: the E(HET) terms of the counted rows at which it is missing (to take off the total). */
    private final FixedPointSums hetMissed;

    private final FixedPointSums xMissed;
    private final int[] hetMissing;
    private final int[] xMissing;
    private long yRows;
    private long otherRows;
    private boolean finished;

    public PackedSampleCounts(QcSamples samples) {
        this.samples = samples;
        this.counts = new SampleCounts(samples);
        this.n = samples.size();
        this.words = (n + 31) >>> 5;
        this.variants = new MaskedVariantCounts(samples);
        this.xy = new long[words];
        for (int i = 0; i < n; i++) {
            if (samples.sex()[i] == QcSamples.XY) {
                xy[i >>> 5] |= 1L << ((i & 31) << 1);
            }
        }
        this.row = new long[words];
        this.het = new Lanes(words, counts.hetHet);
        this.xHet = new Lanes(words, counts.xHet);
        this.hetMissed = new FixedPointSums(n);
        this.xMissed = new FixedPointSums(n);
        this.hetMissing = new int[n];
        this.xMissing = new int[n];
    }

    /** Counts one row, {@code calls} (this layout's N samples), in {@code region}; fills {@code v} as {@link SampleCounts#add}. */
    public void add(CallsView calls, Region region, VariantQcStats v) {
        if (finished) {
            throw new IllegalStateException("the counts are finished");
        }
        variants.count(calls, region, v);
        calls.packedWords(row);
        counts.variants++;
        boolean y = region == Region.Y;
        if (y) {
            yRows++;
        } else {
            otherRows++;
        }
        Lanes lanes = null;
        FixedPointSums missed = null;
        int[] missedRows = null;
        long e = 0;
        if (region == Region.AUTOSOME) {
            double ehet = SampleCounts.hetExpectation(v);
            if (!Double.isNaN(ehet)) {
                counts.hetVariants++;
                e = FixedPointSums.fixed(ehet);
                hetTotal.addFixed(0, e);
                lanes = het;
                missed = hetMissed;
                missedRows = hetMissing;
            }
        } else if (region == Region.X_NONPAR) {
            double ex = SampleCounts.xExpectation(v);
            if (!Double.isNaN(ex)) {
                counts.xVariants++;
                e = FixedPointSums.fixed(ex);
                xTotal.addFixed(0, e);
                lanes = xHet;
                missed = xMissed;
                missedRows = xMissing;
            }
        }
        int[] missing = counts.missing;
        for (int w = 0; w < words; w++) {
            long x = row[w];
            if (x == 0) {
                continue; // all HOM_REF
            }
            long lo = x & FIELD_LOW;
            long hi = (x >>> 1) & FIELD_LOW;
            long miss = lo & hi;
            if (y) {
                miss &= xy[w];
            }
            if (lanes != null) {
                long h = lo & ~hi;
                if (h != 0) {
                    lanes.add(w, h);
                }
            }
            int base = w << 5;
            while (miss != 0) {
                int i = base + (Long.numberOfTrailingZeros(miss) >>> 1);
                missing[i]++;
                if (lanes != null) {
                    missedRows[i]++;
                    missed.addFixed(i, e);
                }
                miss &= miss - 1;
            }
        }
        if (lanes != null) {
            lanes.endRow();
        }
    }

    /** The counts of the rows added (once; no row can be added after). */
    public SampleCounts finish() {
        if (finished) {
            throw new IllegalStateException("the counts are finished");
        }
        finished = true;
        het.flush();
        xHet.flush();
        byte[] sex = samples.sex();
        for (int i = 0; i < n; i++) {
            counts.obs[i] = (int) (otherRows + (sex[i] == QcSamples.XY ? yRows : 0));
            counts.hetObs[i] = (int) (counts.hetVariants - hetMissing[i]);
            counts.xObs[i] = (int) (counts.xVariants - xMissing[i]);
        }
        counts.hetExpected.addTotalLess(hetTotal, 0, hetMissed);
        counts.xExpected.addTotalLess(xTotal, 0, xMissed);
        return counts;
    }

    /**
     * Per-sample counts of one bit plane over rows: word {@code 4w + k} holds samples {@code 32w + 4t + k} (t = 0..7)
     * in its byte t, spilled into the {@code int} counts before a byte can overflow (255 rows).
     */
    private static final class Lanes {
        private final long[] acc;
        private final int[] target;
        private int rows;

        Lanes(int words, int[] target) {
            this.acc = new long[4 * words];
            this.target = target;
        }

        /** Adds word {@code w}'s plane: sample {@code 32w + s} at bit {@code 2s}. */
        void add(int w, long bits) {
            int b = w << 2;
            acc[b] += bits & BYTE_LOW;
            acc[b + 1] += (bits >>> 2) & BYTE_LOW;
            acc[b + 2] += (bits >>> 4) & BYTE_LOW;
            acc[b + 3] += (bits >>> 6) & BYTE_LOW;
        }

        void endRow() {
            if (++rows == 255) {
                flush();
            }
        }

        void flush() {
            int n = target.length;
            for (int j = 0; j < acc.length; j++) {
                long a = acc[j];
                if (a == 0) {
                    continue;
                }
                acc[j] = 0;
                int first = ((j >>> 2) << 5) + (j & 3);
                for (int t = 0, i = first; t < 8 && i < n; t++, i += 4) {
                    target[i] += (int) ((a >>> (t << 3)) & 0xFF);
                }
            }
            rows = 0;
        }
    }
}
