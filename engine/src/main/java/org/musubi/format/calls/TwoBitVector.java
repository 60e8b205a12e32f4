package org.musubi.format.calls;

import java.util.Arrays;
import java.util.Objects;

/**
 * Codec for a vector of {@code N} 2-bit values in which one value is common: the genotype, phase
 * and ploidy columns of the variant table ({@link GenotypeCode}, {@link PhaseCode}, {@link
 * PloidyCode}). A rare variant costs bytes, not {@code N/4}: a singleton among 100,000 samples takes
 * 7 to 9 bytes.
 *
 * <h2>Byte layout</h2>
 *
 * <pre>{@code
 * vector   := header varint(N) body
 * header   := 1 byte: bits 0-1 encoding (0 DENSE, 1 SPARSE)
 *                     bits 2-3 default value d (SPARSE only; 0 for DENSE)
 *                     bits 4-7 reserved, 0
 * body     := DENSE | SPARSE
 * DENSE    := ceil(N/4) bytes: the value of sample i is bits 2*(i%4)..2*(i%4)+1 of byte i/4
 *             (sample 0 in the low bits); pad bits after sample N-1 are 0
 * SPARSE   := varint(K) K*varint(gap) ceil(K/4) bytes of packed values
 *             the K exceptions are the samples whose value != d, in increasing index order;
 *             gap_j = idx_j - idx_(j-1) - 1 with idx_(-1) = -1;
 *             packed value j = value of exception j, laid out as in DENSE (pad bits 0)
 * varint   := unsigned LEB128: 7 bits a byte, low group first, high bit = more bytes follow
 * }</pre>
 *
 * <p>Invariants, all checked by the decoder ({@link #decode}, {@link CallsView#reset}), which
 * throws {@link IllegalArgumentException} naming the problem and its byte offset:
 *
 * <ul>
 *   <li>reserved header bits are 0; encoding is 0 or 1; a DENSE header has {@code d = 0};
 *   <li>every varint is at most {@code 2^31 - 1} and minimal (at most 5 bytes, no trailing {@code
 *       0x00} group);
 *   <li>{@code K <= N}; exception indices are strictly increasing (gaps are unsigned, so this holds
 *       by construction) and below {@code N}; no exception has the value {@code d};
 *   <li>pad bits are 0 and the vector ends exactly after its body (no truncation, no trailing
 *       bytes).
 * </ul>
 *
 * <p>Sizes: DENSE is {@code 1 + |varint(N)| + ceil(N/4)} bytes ({@link #denseSize}); SPARSE is
 * {@code 1 + |varint(N)| + |varint(K)| + sum |varint(gap_j)| + ceil(K/4)} ({@link #sparseSize}).
 * The encoder picks {@code d} = the most frequent value (ties: the lowest) and writes SPARSE only
 * when it is strictly smaller than DENSE, so an encoding is never larger than {@link
 * #maxEncodedSize}. Decoders accept either encoding whichever is smaller.
 *
 * <p>Downstream code reads calls vectors through {@link CallsView}, which also gives O(K) access
 * to the exceptions.
 */
public final class TwoBitVector {
    /** Header encoding bits: packed, 4 values a byte. */
    public static final int DENSE = 0;
    /** Header encoding bits: default value plus exception list. */
    public static final int SPARSE = 1;

    private TwoBitVector() {}

    /**
     * Encodes {@code values[0..n)} (each {@code 0..3}) into a new array of exactly the encoded size.
     *
     * @throws IllegalArgumentException if {@code n} is out of range or a value is not {@code 0..3}
     */
    public static byte[] encode(byte[] values, int n) {
        Encoder encoder = new Encoder();
        byte[] out = new byte[encoder.plan(values, n)];
        encoder.write(values, n, out, 0);
        return out;
    }

    /**
     * Encodes {@code values[0..n)}, or returns {@code null} when every value is 0: the form of the
     * optional phase and ploidy columns, where a writer stores {@code null} rather than an
     * all-default vector.
     */
    public static byte[] encodeOrNull(byte[] values, int n) {
        Objects.checkFromIndexSize(0, n, values.length);
        for (int i = 0; i < n; i++) {
            if (values[i] != 0) {
                return encode(values, n);
            }
        }
        return null;
    }

    /** Size in bytes of the DENSE encoding of {@code n} values: {@code 1 + |varint(n)| + ceil(n/4)}. */
    public static int denseSize(int n) {
        checkCount(n);
        return 1 + Varint.size(n) + TwoBitPacking.packedSize(n);
    }

    /** The most bytes {@link #encode} writes for {@code n} values (the DENSE size). */
    public static int maxEncodedSize(int n) {
        return denseSize(n);
    }

    /**
     * Size in bytes of the SPARSE encoding of {@code values[0..n)} with default value {@code
     * defaultValue}, whether or not the encoder would choose it.
     */
    public static int sparseSize(byte[] values, int n, int defaultValue) {
        checkCount(n);
        Objects.checkFromIndexSize(0, n, values.length);
        if ((defaultValue & ~3) != 0) {
            throw new IllegalArgumentException("default value " + defaultValue + " is not a 2-bit value (0..3)");
        }
        int k = 0;
        long gapBytes = 0;
        int prev = -1;
        for (int i = 0; i < n; i++) {
            if (values[i] != defaultValue) {
                gapBytes += Varint.size(i - prev - 1);
                prev = i;
                k++;
            }
        }
        return Math.toIntExact(1 + Varint.size(n) + Varint.size(k) + gapBytes + TwoBitPacking.packedSize(k));
    }

    /**
     * Reads {@code N} from the header, without checking the body.
     *
     * @throws IllegalArgumentException if the header or {@code varint(N)} is malformed
     */
    public static int length(byte[] enc) {
        Objects.requireNonNull(enc, "enc");
        CallsView.checkHeader(enc);
        return Varint.value(Varint.read(enc, 1, "sample count N"));
    }

    /**
     * Decodes a vector into {@code out[0..N)}; {@code out} may be longer (a reused buffer).
     *
     * @throws IllegalArgumentException if {@code enc} is malformed or {@code out} is shorter than N
     */
    public static void decode(byte[] enc, byte[] out) {
        new CallsView(enc).decodeDense(out);
    }

    /**
     * Decodes a vector that must hold exactly {@code expectedLength} values into {@code
     * out[0..expectedLength)}.
     *
     * @throws IllegalArgumentException if {@code enc} is malformed, its N is not {@code
     *     expectedLength}, or {@code out} is too short
     */
    public static void decode(byte[] enc, int expectedLength, byte[] out) {
        new CallsView().reset(enc, expectedLength).decodeDense(out);
    }

    /**
     * Unpacks {@code n} values packed as in DENSE (value i in bits {@code 2*(i%4)..} of byte {@code off + i/4}) into
     * {@code out[0..n)}.
     */
    public static void unpack(byte[] packed, int off, int n, byte[] out) {
        checkCount(n);
        Objects.checkFromIndexSize(off, TwoBitPacking.packedSize(n), packed.length);
        Objects.checkFromIndexSize(0, n, out.length);
        TwoBitPacking.unpack(packed, off, n, out);
    }

    private static void checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("value count " + n + " is negative");
        }
    }

    /**
     * A reusable encoder: keeps its scratch exception list and output buffer between calls, so
     * encoding a stream of vectors allocates nothing once the buffers have grown. Not thread-safe.
     */
    public static final class Encoder {
        private final int[] counts = new int[4];
        private int[] exceptions = new int[64];
        private byte[] buffer = new byte[64];
        private int size;
        private int encoding;
        private int defaultValue;
        private int exceptionCount;

        /** Creates an encoder with small initial buffers. */
        public Encoder() {}

        /**
         * Encodes {@code values[0..n)} into this encoder's buffer.
         *
         * @return the encoded size; the bytes are {@code buffer()[0..size)}
         * @throws IllegalArgumentException if {@code n} is out of range or a value is not {@code 0..3}
         */
        public int encode(byte[] values, int n) {
            int s = plan(values, n);
            if (buffer.length < s) {
                buffer = new byte[Math.max(s, (int) Math.min(Integer.MAX_VALUE - 8, 2L * buffer.length))];
            }
            write(values, n, buffer, 0);
            size = s;
            return s;
        }

        /**
         * Encodes {@code values[0..n)} into {@code out} at {@code offset}; {@code out} needs room for
         * the encoded size, at most {@link TwoBitVector#maxEncodedSize maxEncodedSize(n)}.
         *
         * @return the number of bytes written
         * @throws IllegalArgumentException if a value is not {@code 0..3} or {@code out} is too short
         */
        public int encode(byte[] values, int n, byte[] out, int offset) {
            int s = plan(values, n);
            if (offset < 0 || offset > out.length || out.length - offset < s) {
                throw new IllegalArgumentException("output has " + (out.length - offset) + " bytes from offset "
                        + offset + ", the encoding needs " + s);
            }
            write(values, n, out, offset);
            return s;
        }

        /**
         * Encodes {@code n} values already packed four a byte as in DENSE ({@code packed[off, off + ceil(n/4))}, pad
         * bits 0) into this encoder's buffer: the same bytes {@link #encode(byte[], int)} writes for the unpacked
         * values, found by popcounts and (SPARSE) a scan of the differing fields, with nothing unpacked. {@link
         * #codeCounts} then holds the values' histogram. For readers whose input is packed 2-bit codes already
         * (PLINK {@code .bed} ingest through {@code RowSink#writePacked}).
         *
         * @return the encoded size; the bytes are {@code buffer()[0..size)}
         * @throws IllegalArgumentException if {@code n} is negative or a pad bit is set
         */
        public int encodePacked(byte[] packed, int off, int n) {
            checkCount(n);
            int bytes = TwoBitPacking.packedSize(n);
            Objects.checkFromIndexSize(off, bytes, packed.length);
            if ((n & 3) != 0 && (packed[off + bytes - 1] & 0xff) >>> (2 * (n & 3)) != 0) {
                throw new IllegalArgumentException("pad bits after value " + (n - 1) + " are not 0");
            }
            TwoBitPacking.packedHistogram(packed, off, n, counts);
            int d = mostFrequent();
            int k = n - counts[d];
            int dense = denseSize(n);
            long fixed = 1L + Varint.size(n) + Varint.size(k) + TwoBitPacking.packedSize(k);
            int s;
            if (fixed + k >= dense) {
                s = chooseDense(dense);
            } else {
                collectPackedExceptions(packed, off, n, d, k);
                s = chooseSparseOrDense(fixed, d, k, dense);
            }
            if (buffer.length < s) {
                buffer = new byte[Math.max(s, (int) Math.min(Integer.MAX_VALUE - 8, 2L * buffer.length))];
            }
            byte[] out = buffer;
            if (encoding == DENSE) {
                out[0] = (byte) DENSE;
                System.arraycopy(packed, off, out, Varint.write(out, 1, n), bytes);
            } else {
                int p = writeSparseHead(n, out, 0);
                int[] exc = exceptions;
                int b = 0;
                for (int j = 0; j < k; j++) {
                    b |= TwoBitPacking.get(packed, off, exc[j]) << ((j & 3) << 1);
                    if ((j & 3) == 3) {
                        out[p++] = (byte) b;
                        b = 0;
                    }
                }
                if ((k & 3) != 0) {
                    out[p] = (byte) b;
                }
            }
            size = s;
            return s;
        }

        /**
         * The number of values of each code ({@code out[0..4)}) of the last vector encoded by {@link #encodePacked}
         * (or by {@link #encode(byte[], int)}).
         */
        public void codeCounts(int[] out) {
            System.arraycopy(counts, 0, out, 0, 4);
        }

        /** The buffer holding the last {@link #encode(byte[], int)} result in {@code [0, size())}. */
        public byte[] buffer() {
            return buffer;
        }

        /** Size of the last {@link #encode(byte[], int)} result. */
        public int size() {
            return size;
        }

        /** A copy of the last {@link #encode(byte[], int)} result. */
        public byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }

        /** Encoding of the last vector encoded: {@link TwoBitVector#DENSE} or {@link TwoBitVector#SPARSE}. */
        public int encoding() {
            return encoding;
        }

        /** Default value of the last vector encoded: the header's {@code d}, 0 for DENSE. */
        public int defaultValue() {
            return defaultValue;
        }

        /**
         * Chooses the encoding and the default value of {@code values[0..n)}, collecting the
         * exceptions when SPARSE may win; returns the encoded size.
         */
        int plan(byte[] values, int n) {
            checkCount(n);
            Objects.checkFromIndexSize(0, n, values.length);
            TwoBitPacking.histogram(values, n, counts);
            int d = mostFrequent();
            int k = n - counts[d];
            int dense = denseSize(n);
            long fixed = 1L + Varint.size(n) + Varint.size(k) + TwoBitPacking.packedSize(k);
            // Every gap takes at least one byte: when even that bound loses, skip the scan.
            if (fixed + k >= dense) {
                return chooseDense(dense);
            }
            collectExceptions(values, n, d, k);
            return chooseSparseOrDense(fixed, d, k, dense);
        }

        /** The most frequent value of {@link #counts} (ties: the lowest): SPARSE's default. */
        private int mostFrequent() {
            int d = 0;
            for (int v = 1; v < 4; v++) {
                if (counts[v] > counts[d]) {
                    d = v;
                }
            }
            return d;
        }

        /** SPARSE with default {@code d} over the collected exceptions, unless DENSE is no larger. */
        private int chooseSparseOrDense(long fixed, int d, int k, int dense) {
            long sparse = fixed;
            int prev = -1;
            for (int j = 0; j < k; j++) {
                int idx = exceptions[j];
                sparse += Varint.size(idx - prev - 1);
                prev = idx;
            }
            if (sparse >= dense) {
                return chooseDense(dense);
            }
            encoding = SPARSE;
            defaultValue = d;
            exceptionCount = k;
            return (int) sparse;
        }

        private int chooseDense(int dense) {
            encoding = DENSE;
            defaultValue = 0;
            exceptionCount = -1;
            return dense;
        }

        private void collectExceptions(byte[] values, int n, int d, int k) {
            if (exceptions.length < k) {
                exceptions = new int[Math.max(k, (int) Math.min(Integer.MAX_VALUE - 8, 2L * exceptions.length))];
            }
            int[] exc = exceptions;
            int m = 0;
            long dd = d * TwoBitPacking.BYTE_ONES;
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                long x = (long) TwoBitPacking.LONG_LE.get(values, i) ^ dd;
                while (x != 0) {
                    int bit = Long.numberOfTrailingZeros(x) & ~7;
                    exc[m++] = i + (bit >>> 3);
                    x &= ~(0xFFL << bit);
                }
            }
            for (; i < n; i++) {
                if (values[i] != d) {
                    exc[m++] = i;
                }
            }
            assert m == k : m + " != " + k;
        }

        /**
         * Collects the indices of the {@code k} values other than {@code d} among {@code n} values packed at {@code
         * packed[off]} (pad bits 0): 32 values a word, the fields past {@code n} of the last word ignored.
         */
        private void collectPackedExceptions(byte[] packed, int off, int n, int d, int k) {
            if (exceptions.length < k) {
                exceptions = new int[Math.max(k, (int) Math.min(Integer.MAX_VALUE - 8, 2L * exceptions.length))];
            }
            int[] exc = exceptions;
            int m = 0;
            long dd = d * TwoBitPacking.FIELD_LOW;
            int words = TwoBitPacking.wordCount(n);
            for (int w = 0; w < words; w++) {
                long x = TwoBitPacking.word(packed, off, n, w) ^ dd;
                long f = (x | (x >>> 1)) & TwoBitPacking.FIELD_LOW;
                int valid = n - (w << 5);
                if (valid < 32) {
                    f &= (1L << (2 * valid)) - 1;
                }
                int base = w << 5;
                while (f != 0) {
                    exc[m++] = base + (Long.numberOfTrailingZeros(f) >>> 1);
                    f &= f - 1;
                }
            }
            assert m == k : m + " != " + k;
        }

        /** Writes the SPARSE header, N, K and the gaps of the collected exceptions; returns where the values go. */
        private int writeSparseHead(int n, byte[] out, int off) {
            int k = exceptionCount;
            int[] exc = exceptions;
            out[off] = (byte) (SPARSE | defaultValue << 2);
            int p = Varint.write(out, off + 1, n);
            p = Varint.write(out, p, k);
            int prev = -1;
            for (int j = 0; j < k; j++) {
                int idx = exc[j];
                p = Varint.write(out, p, idx - prev - 1);
                prev = idx;
            }
            return p;
        }

        /** Writes the encoding chosen by the last {@link #plan} at {@code out[off]}. */
        void write(byte[] values, int n, byte[] out, int off) {
            if (encoding == DENSE) {
                out[off] = (byte) DENSE;
                int p = Varint.write(out, off + 1, n);
                TwoBitPacking.pack(values, n, out, p);
                return;
            }
            int k = exceptionCount;
            int[] exc = exceptions;
            int p = writeSparseHead(n, out, off);
            int b = 0;
            for (int j = 0; j < k; j++) {
                b |= values[exc[j]] << ((j & 3) << 1);
                if ((j & 3) == 3) {
                    out[p++] = (byte) b;
                    b = 0;
                }
            }
            if ((k & 3) != 0) {
                out[p] = (byte) b;
            }
        }
    }
}
