package org.musubi.format.calls;

import java.util.Arrays;
import java.util.Objects;

/**
 * The decoder everything downstream uses for a variant's genotype vector: a {@link TwoBitVector}
 * of {@link GenotypeCode}s. It gives a kernel either the dense code array ({@link #decodeDense}) or
 * the non-reference samples ({@link #forEachNonRef}, {@link #nonRefSamples}), which on a rare
 * variant stored SPARSE costs O(AC), not O(N).
 *
 * <p>Reusable and allocation-free: keep one instance per partition (or thread) and {@link #reset}
 * it for each row. {@link #reset} checks every invariant of the byte layout in O(1) for DENSE and
 * O(K) for SPARSE, so the other methods never see malformed input. Not thread-safe.
 *
 * <p><b>Default vs reference.</b> {@link #defaultCode()} is the value of the samples that are not
 * listed: {@link GenotypeCode#HOM_REF} for DENSE and for most SPARSE vectors, but a SPARSE vector
 * of a common-ALT variant has default {@link GenotypeCode#HOM_ALT}, and a mostly-missing one {@link
 * GenotypeCode#MISSING}. Then the non-default samples ({@link #forEachNonDefault}, {@link
 * #nonDefaultSamples}) are <em>not</em> the non-ref samples: use {@link #forEachNonRef} / {@link
 * #nonRefSamples}, which are right for every vector (O(K) when SPARSE with default HOM_REF, a scan
 * otherwise).
 *
 * <p>The same view reads phase and ploidy vectors: their code 0 (unphased, diploid) plays the part
 * of HOM_REF.
 */
public final class CallsView {
    private byte[] enc;
    private int sampleCount;
    private boolean sparse;
    private int defaultCode;
    /** DENSE: start of the packed codes. SPARSE: start of the gaps. */
    private int bodyStart;
    /** SPARSE: start of the packed exception values. */
    private int packedStart;
    /** SPARSE: number of exceptions K. */
    private int exceptionCount;

    private final int[] counts = new int[4];
    private boolean countsValid;

    /** An empty view; call {@link #reset} before anything else. */
    public CallsView() {}

    /**
     * A view of {@code enc}.
     *
     * @throws IllegalArgumentException if {@code enc} is malformed
     */
    public CallsView(byte[] enc) {
        reset(enc);
    }

    /**
     * Points this view at another encoded vector, checking it.
     *
     * @return this view
     * @throws IllegalArgumentException if {@code enc} is malformed, naming the problem and its byte
     *     offset; the view is then empty until the next successful reset
     */
    public CallsView reset(byte[] enc) {
        return reset(enc, -1);
    }

    /**
     * Like {@link #reset(byte[])}, also checking that the vector holds {@code expectedSampleCount}
     * samples (the table's sample count).
     *
     * @param expectedSampleCount the required N, or -1 for any
     */
    public CallsView reset(byte[] enc, int expectedSampleCount) {
        Objects.requireNonNull(enc, "enc");
        this.enc = null;
        countsValid = false;
        int header = checkHeader(enc);
        long r = Varint.read(enc, 1, "sample count N");
        int n = Varint.value(r);
        int pos = Varint.next(r);
        if (expectedSampleCount >= 0 && n != expectedSampleCount) {
            throw new IllegalArgumentException(
                    "sample count N=" + n + " at byte offset 1 does not match the expected " + expectedSampleCount);
        }
        int d = (header >>> 2) & 3;
        if ((header & 3) == TwoBitVector.DENSE) {
            long end = (long) pos + TwoBitPacking.packedSize(n);
            checkEnd(enc, end, "DENSE body of N=%d codes", n);
            checkPadBits(enc, n, end, "DENSE");
            this.bodyStart = pos;
            this.exceptionCount = -1;
            this.packedStart = -1;
        } else {
            int kOffset = pos;
            r = Varint.read(enc, pos, "exception count K");
            int k = Varint.value(r);
            pos = Varint.next(r);
            if (k > n) {
                throw new IllegalArgumentException(
                        "exception count K=" + k + " at byte offset " + kOffset + " exceeds N=" + n);
            }
            int gapsStart = pos;
            long idx = -1;
            for (int j = 0; j < k; j++) {
                r = Varint.read(enc, pos, "gap of exception", j);
                idx += Varint.value(r) + 1L;
                if (idx >= n) {
                    throw new IllegalArgumentException("exception " + j + " at byte offset " + pos
                            + " has sample index " + idx + ", past the last sample (N=" + n + ")");
                }
                pos = Varint.next(r);
            }
            long end = (long) pos + TwoBitPacking.packedSize(k);
            checkEnd(enc, end, "SPARSE values of K=%d exceptions", k);
            for (int j = 0; j < k; j++) {
                if (TwoBitPacking.get(enc, pos, j) == d) {
                    throw new IllegalArgumentException("exception " + j + " has value " + d
                            + ", the default value, at byte offset " + (pos + (j >>> 2)));
                }
            }
            checkPadBits(enc, k, end, "SPARSE");
            this.bodyStart = gapsStart;
            this.packedStart = pos;
            this.exceptionCount = k;
        }
        this.sampleCount = n;
        this.sparse = (header & 3) == TwoBitVector.SPARSE;
        this.defaultCode = d;
        this.enc = enc;
        return this;
    }

    /** Checks the header byte; returns it. */
    static int checkHeader(byte[] enc) {
        if (enc.length == 0) {
            throw new IllegalArgumentException("empty input: no header byte at byte offset 0");
        }
        int header = enc[0] & 0xFF;
        if ((header & 0xF0) != 0) {
            throw new IllegalArgumentException(
                    String.format("reserved header bits 4-7 are set at byte offset 0: header 0x%02X", header));
        }
        int encoding = header & 3;
        if (encoding != TwoBitVector.DENSE && encoding != TwoBitVector.SPARSE) {
            throw new IllegalArgumentException(String.format(
                    "unknown encoding %d in header bits 0-1 at byte offset 0 (0 = DENSE, 1 = SPARSE): header 0x%02X",
                    encoding, header));
        }
        if (encoding == TwoBitVector.DENSE && (header >>> 2) != 0) {
            throw new IllegalArgumentException(String.format(
                    "DENSE header at byte offset 0 has default bits 2-3 = %d; they must be 0: header 0x%02X",
                    header >>> 2, header));
        }
        return header;
    }

    private static void checkEnd(byte[] enc, long end, String what, int count) {
        if (enc.length < end) {
            throw new IllegalArgumentException("truncated input: the " + String.format(what, count)
                    + " ends at byte offset " + end + " but the input has " + enc.length + " bytes");
        }
        if (enc.length > end) {
            throw new IllegalArgumentException("trailing garbage: " + (enc.length - end)
                    + " bytes after the end of the vector at byte offset " + end);
        }
    }

    private static void checkPadBits(byte[] enc, int valueCount, long end, String what) {
        int used = valueCount & 3;
        if (used != 0) {
            int last = enc[(int) end - 1] & 0xFF;
            if ((last >>> (used << 1)) != 0) {
                throw new IllegalArgumentException(String.format(
                        "non-zero pad bits in the last %s byte at byte offset %d: 0x%02X holds %d values",
                        what, end - 1, last, used));
            }
        }
    }

    private void checkReady() {
        if (enc == null) {
            throw new IllegalStateException("CallsView has no vector: call reset(byte[]) first");
        }
    }

    /** DENSE only: the encoded bytes and the offset of the packed codes (for {@link MaskedCodeCounts}). */
    byte[] encoded() {
        checkReady();
        return enc;
    }

    int denseBodyOffset() {
        checkReady();
        if (sparse) {
            throw new IllegalStateException("the vector is SPARSE");
        }
        return bodyStart;
    }

    /** N, the number of samples. */
    public int sampleCount() {
        checkReady();
        return sampleCount;
    }

    /** Whether the vector is stored SPARSE (default code plus exception list). */
    public boolean isSparse() {
        checkReady();
        return sparse;
    }

    /**
     * The code of every sample not listed as an exception: the header's {@code d} when SPARSE,
     * {@link GenotypeCode#HOM_REF} when DENSE. Not necessarily HOM_REF: see the class comment.
     */
    public int defaultCode() {
        checkReady();
        return defaultCode;
    }

    /**
     * Number of samples whose code is not {@link #defaultCode()}: K, in O(1), when SPARSE; a count of
     * the non-HOM_REF codes (word-at-a-time, cached) when DENSE.
     */
    public int nonDefaultCount() {
        checkReady();
        return sparse ? exceptionCount : sampleCount - codeCounts()[0];
    }

    /**
     * Number of samples whose code is not {@link GenotypeCode#HOM_REF} (missing included): O(1) when
     * SPARSE with default HOM_REF, else O(K) or a word-at-a-time count; cached.
     */
    public int nonRefCount() {
        checkReady();
        if (sparse && defaultCode == GenotypeCode.HOM_REF) {
            return exceptionCount;
        }
        return sampleCount - codeCounts()[0];
    }

    /**
     * Writes the number of samples with each code into {@code out[0..4)}, indexed by code, without
     * decoding: O(K) when SPARSE, word-at-a-time popcounts when DENSE. Cached per vector.
     */
    public void codeCounts(int[] out) {
        checkReady();
        System.arraycopy(codeCounts(), 0, out, 0, 4);
    }

    private int[] codeCounts() {
        if (!countsValid) {
            if (sparse) {
                TwoBitPacking.packedHistogram(enc, packedStart, exceptionCount, counts);
                counts[defaultCode] += sampleCount - exceptionCount;
            } else {
                TwoBitPacking.packedHistogram(enc, bodyStart, sampleCount, counts);
            }
            countsValid = true;
        }
        return counts;
    }

    /**
     * Writes the code of every sample into {@code out[0..N)}; {@code out} may be longer.
     *
     * @throws IllegalArgumentException if {@code out} is shorter than N
     */
    public void decodeDense(byte[] out) {
        checkReady();
        int n = sampleCount;
        if (out.length < n) {
            throw new IllegalArgumentException("output has length " + out.length + ", the vector has N=" + n);
        }
        if (!sparse) {
            TwoBitPacking.unpack(enc, bodyStart, n, out);
            return;
        }
        Arrays.fill(out, 0, n, (byte) defaultCode);
        byte[] in = enc;
        int p = bodyStart;
        int q = packedStart;
        int idx = -1;
        for (int j = 0; j < exceptionCount; j++) {
            long r = Varint.readChecked(in, p);
            idx += Varint.value(r) + 1;
            p = Varint.next(r);
            out[idx] = (byte) TwoBitPacking.get(in, q, j);
        }
    }

    /**
     * Writes the vector as packed 2-bit words into {@code out[0..wordCount)}, {@code wordCount = (N + 31) / 32}: sample
     * {@code 32w + s}'s code in bits {@code 2s..2s+1} of {@code out[w]}, the fields past N zero. DENSE: the stored
     * words; SPARSE: the default code in every field, then the exceptions, O(N/32 + K). What a kernel that counts the
     * codes by bit plane (popcounts, per-sample counters over many rows) reads instead of one byte per sample.
     *
     * @return the number of words written
     * @throws IllegalArgumentException if {@code out} is shorter than {@code (N + 31) / 32}
     */
    public int packedWords(long[] out) {
        checkReady();
        int n = sampleCount;
        int words = TwoBitPacking.wordCount(n);
        if (out.length < words) {
            throw new IllegalArgumentException("output has " + out.length + " words, the vector needs " + words);
        }
        if (!sparse) {
            for (int w = 0; w < words; w++) {
                out[w] = TwoBitPacking.word(enc, bodyStart, n, w);
            }
            return words;
        }
        long fill = defaultCode * TwoBitPacking.FIELD_LOW;
        Arrays.fill(out, 0, words, fill);
        int tail = n & 31;
        if (tail != 0) {
            out[words - 1] = fill & ((1L << (tail << 1)) - 1);
        }
        byte[] in = enc;
        int p = bodyStart;
        int q = packedStart;
        int idx = -1;
        for (int j = 0; j < exceptionCount; j++) {
            long r = Varint.readChecked(in, p);
            idx += Varint.value(r) + 1;
            p = Varint.next(r);
            int shift = (idx & 31) << 1;
            int w = idx >>> 5;
            out[w] = (out[w] & ~(3L << shift)) | ((long) TwoBitPacking.get(in, q, j) << shift);
        }
        return words;
    }

    /**
     * Writes the codes of {@code samples.length} samples into {@code out[off..off+samples.length)}: {@code out[off+i]}
     * is sample {@code samples[i]}'s code. {@code position} is the inverse of {@code samples} over the vector's N
     * samples ({@code position[samples[i]] == i}, −1 for a sample not wanted). Costs O(m) when DENSE (each code read
     * where it is packed) and O(m + K) when SPARSE, not O(N): what a reader of a few samples of a large table uses
     * ({@code table.scan.GenotypeBlocks} with a subset, e.g. one KING tile).
     */
    public void decodeSubset(int[] samples, int[] position, byte[] out, int off) {
        checkReady();
        int m = samples.length;
        if (!sparse) {
            byte[] in = enc;
            int body = bodyStart;
            for (int i = 0; i < m; i++) {
                int j = samples[i];
                out[off + i] = (byte) ((in[body + (j >>> 2)] >>> ((j & 3) << 1)) & 3);
            }
            return;
        }
        Arrays.fill(out, off, off + m, (byte) defaultCode);
        sparseExceptions(
                (idx, code) -> {
                    int at = position[idx];
                    if (at >= 0) {
                        out[off + at] = (byte) code;
                    }
                },
                null,
                null);
    }

    /**
     * Calls {@code action} for each sample whose code is not {@link #defaultCode()}, in increasing
     * sample order: O(K) when SPARSE, a word-at-a-time scan when DENSE.
     */
    public void forEachNonDefault(SampleCodeConsumer action) {
        checkReady();
        Objects.requireNonNull(action, "action");
        if (sparse) {
            sparseExceptions(action, null, null);
        } else {
            denseNonZero(action, null, null);
        }
    }

    /**
     * Calls {@code action} for each sample whose code is not {@link GenotypeCode#HOM_REF} (missing
     * included), in increasing sample order. Correct for every vector: O(K) when SPARSE with default
     * HOM_REF, a word-at-a-time scan when DENSE, O(N) when SPARSE with another default.
     */
    public void forEachNonRef(SampleCodeConsumer action) {
        checkReady();
        Objects.requireNonNull(action, "action");
        if (!sparse) {
            denseNonZero(action, null, null);
        } else if (defaultCode == GenotypeCode.HOM_REF) {
            sparseExceptions(action, null, null);
        } else {
            sparseNonRef(action, null, null);
        }
    }

    /**
     * Writes the samples whose code is not {@link #defaultCode()} and their codes into {@code
     * idxOut[0..m)} and {@code codeOut[0..m)}, in increasing sample order; {@code m =
     * nonDefaultCount()}.
     *
     * @param codeOut the codes, or {@code null} when only the indices are wanted
     * @return m
     * @throws IllegalArgumentException if an array is shorter than {@link #nonDefaultCount()}
     */
    public int nonDefaultSamples(int[] idxOut, byte[] codeOut) {
        int m = nonDefaultCount();
        checkCapacity(idxOut, codeOut, m, "nonDefaultCount()");
        if (sparse) {
            sparseExceptions(null, idxOut, codeOut);
        } else {
            denseNonZero(null, idxOut, codeOut);
        }
        return m;
    }

    /**
     * Writes the samples whose code is not {@link GenotypeCode#HOM_REF} (missing included) and their
     * codes into {@code idxOut[0..m)} and {@code codeOut[0..m)}, in increasing sample order; {@code m
     * = nonRefCount()}. Correct for every vector, O(K) when SPARSE with default HOM_REF.
     *
     * @param codeOut the codes, or {@code null} when only the indices are wanted
     * @return m
     * @throws IllegalArgumentException if an array is shorter than {@link #nonRefCount()}
     */
    public int nonRefSamples(int[] idxOut, byte[] codeOut) {
        int m = nonRefCount();
        checkCapacity(idxOut, codeOut, m, "nonRefCount()");
        if (!sparse) {
            denseNonZero(null, idxOut, codeOut);
        } else if (defaultCode == GenotypeCode.HOM_REF) {
            sparseExceptions(null, idxOut, codeOut);
        } else {
            sparseNonRef(null, idxOut, codeOut);
        }
        return m;
    }

    private static void checkCapacity(int[] idxOut, byte[] codeOut, int m, String what) {
        if (idxOut.length < m || (codeOut != null && codeOut.length < m)) {
            throw new IllegalArgumentException("output arrays have length " + idxOut.length
                    + (codeOut == null ? "" : " and " + codeOut.length) + ", need " + what + " = " + m);
        }
    }

    /** SPARSE exceptions, to {@code action} when non-null, else to the arrays. */
    private void sparseExceptions(SampleCodeConsumer action, int[] idxOut, byte[] codeOut) {
        byte[] in = enc;
        int p = bodyStart;
        int q = packedStart;
        int k = exceptionCount;
        int idx = -1;
        for (int j = 0; j < k; j++) {
            long r = Varint.readChecked(in, p);
            idx += Varint.value(r) + 1;
            p = Varint.next(r);
            int code = TwoBitPacking.get(in, q, j);
            if (action != null) {
                action.accept(idx, code);
            } else {
                idxOut[j] = idx;
                if (codeOut != null) {
                    codeOut[j] = (byte) code;
                }
            }
        }
    }

    /** SPARSE with a non-zero default: all samples with non-zero codes, merging the exceptions. */
    private void sparseNonRef(SampleCodeConsumer action, int[] idxOut, byte[] codeOut) {
        byte[] in = enc;
        int p = bodyStart;
        int q = packedStart;
        int k = exceptionCount;
        int d = defaultCode;
        int m = 0;
        int prev = -1;
        for (int j = 0; j <= k; j++) {
            int idx;
            if (j < k) {
                long r = Varint.readChecked(in, p);
                idx = prev + Varint.value(r) + 1;
                p = Varint.next(r);
            } else {
                idx = sampleCount;
            }
            for (int i = prev + 1; i < idx; i++) {
                if (action != null) {
                    action.accept(i, d);
                } else {
                    idxOut[m] = i;
                    if (codeOut != null) {
                        codeOut[m] = (byte) d;
                    }
                    m++;
                }
            }
            if (j < k) {
                int code = TwoBitPacking.get(in, q, j);
                if (code != GenotypeCode.HOM_REF) {
                    if (action != null) {
                        action.accept(idx, code);
                    } else {
                        idxOut[m] = idx;
                        if (codeOut != null) {
                            codeOut[m] = (byte) code;
                        }
                        m++;
                    }
                }
            }
            prev = idx;
        }
    }

    /** DENSE: samples with non-zero codes, 32 at a time, skipping all-zero words. */
    private void denseNonZero(SampleCodeConsumer action, int[] idxOut, byte[] codeOut) {
        byte[] in = enc;
        int off = bodyStart;
        int n = sampleCount;
        int words = TwoBitPacking.wordCount(n);
        int m = 0;
        for (int w = 0; w < words; w++) {
            long x = TwoBitPacking.word(in, off, n, w);
            if (x == 0) {
                continue;
            }
            long nz = (x | (x >>> 1)) & TwoBitPacking.FIELD_LOW;
            int base = w << 5;
            while (nz != 0) {
                int bit = Long.numberOfTrailingZeros(nz);
                int i = base + (bit >>> 1);
                int code = (int) (x >>> bit) & 3;
                if (action != null) {
                    action.accept(i, code);
                } else {
                    idxOut[m] = i;
                    if (codeOut != null) {
                        codeOut[m] = (byte) code;
                    }
                    m++;
                }
                nz &= nz - 1;
            }
        }
    }
}
