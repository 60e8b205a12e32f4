package org.musubi.format.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.musubi.format.calls.TwoBitPatterns.Pattern;

class TwoBitVectorTest {
    private static final TwoBitVector.Encoder SHARED_ENCODER = new TwoBitVector.Encoder();

    static Stream<Pattern> patterns() {
        return TwoBitPatterns.all().stream();
    }

    // ---- round trips over every pattern ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void roundTrip(Pattern pattern) {
        byte[] v = pattern.values();
        int n = pattern.n();
        byte[] enc = TwoBitVector.encode(v, n);

        byte[] out = new byte[n + 5];
        Arrays.fill(out, (byte) 0x7F);
        TwoBitVector.decode(enc, out);
        assertThat(Arrays.copyOf(out, n)).isEqualTo(v);
        assertThat(Arrays.copyOfRange(out, n, n + 5))
                .as("bytes past N untouched")
                .containsOnly(0x7F);

        byte[] exact = new byte[n];
        TwoBitVector.decode(enc, n, exact);
        assertThat(exact).isEqualTo(v);
        assertThat(TwoBitVector.length(enc)).isEqualTo(n);

        byte[] viaView = new byte[n];
        new CallsView(enc).decodeDense(viaView);
        assertThat(viaView).isEqualTo(v);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void encodingMatchesReferenceAndIsTheSmaller(Pattern pattern) {
        byte[] v = pattern.values();
        int n = pattern.n();
        byte[] enc = TwoBitVector.encode(v, n);

        byte[] refDense = Reference.dense(v);
        int d = Reference.mostFrequent(v);
        byte[] refSparse = Reference.sparse(v, d);
        // dense size = 1 + |varint(N)| + ceil(N/4)
        assertThat(refDense).hasSize(1 + Reference.varint(n).length + (n + 3) / 4);
        assertThat(TwoBitVector.denseSize(n)).isEqualTo(refDense.length);
        assertThat(TwoBitVector.sparseSize(v, n, d)).isEqualTo(refSparse.length);

        // SPARSE only when strictly smaller; never larger than either encoding
        byte[] expected = refSparse.length < refDense.length ? refSparse : refDense;
        assertThat(enc).isEqualTo(expected);
        assertThat(enc.length).isLessThanOrEqualTo(refDense.length).isLessThanOrEqualTo(refSparse.length);
        assertThat(enc.length).isLessThanOrEqualTo(TwoBitVector.maxEncodedSize(n));

        // the reference encodings both decode
        byte[] out = new byte[n];
        TwoBitVector.decode(refDense, out);
        assertThat(out).isEqualTo(v);
        TwoBitVector.decode(refSparse, out);
        assertThat(out).isEqualTo(v);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void reusedEncoderWritesTheSameBytes(Pattern pattern) {
        byte[] v = pattern.values();
        int n = pattern.n();
        byte[] expected = TwoBitVector.encode(v, n);

        int size = SHARED_ENCODER.encode(v, n);
        assertThat(size).isEqualTo(SHARED_ENCODER.size()).isEqualTo(expected.length);
        assertThat(Arrays.copyOf(SHARED_ENCODER.buffer(), size)).isEqualTo(expected);
        assertThat(SHARED_ENCODER.toByteArray()).isEqualTo(expected);
        assertThat(SHARED_ENCODER.encoding()).isEqualTo(expected[0] & 3);
        assertThat(SHARED_ENCODER.defaultValue()).isEqualTo((expected[0] >>> 2) & 3);

        byte[] out = new byte[3 + TwoBitVector.maxEncodedSize(n)];
        int written = SHARED_ENCODER.encode(v, n, out, 3);
        assertThat(Arrays.copyOfRange(out, 3, 3 + written)).isEqualTo(expected);
    }

    /** Packed input (PLINK's fast path) gives the very bytes and histogram of the unpacked input. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void packedInputWritesTheSameBytes(Pattern pattern) {
        byte[] v = pattern.values();
        int n = pattern.n();
        byte[] expected = TwoBitVector.encode(v, n);
        byte[] packed = new byte[2 + TwoBitPacking.packedSize(n)];
        TwoBitPacking.pack(v, n, packed, 2);

        TwoBitVector.Encoder e = new TwoBitVector.Encoder();
        int size = e.encodePacked(packed, 2, n);
        assertThat(Arrays.copyOf(e.buffer(), size)).isEqualTo(expected);
        int[] counts = new int[4];
        e.codeCounts(counts);
        int[] hist = new int[4];
        TwoBitPacking.histogram(v, n, hist);
        assertThat(counts).isEqualTo(hist);
        // the shared encoder, after vectors of other sizes and kinds
        size = SHARED_ENCODER.encodePacked(packed, 2, n);
        assertThat(Arrays.copyOf(SHARED_ENCODER.buffer(), size)).isEqualTo(expected);

        byte[] back = new byte[n];
        TwoBitVector.unpack(packed, 2, n, back);
        assertThat(back).isEqualTo(v);
        if ((n & 3) != 0) {
            packed[packed.length - 1] |= (byte) 0x80;
            assertThatThrownBy(() -> e.encodePacked(packed, 2, n))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pad bits");
        }
    }

    // ---- sizes ----

    @Test
    void singletonAmong100kSamplesCostsBytes() {
        int n = 100_000;
        // header 1 + varint(100000) 3 + varint(K=1) 1 + varint(gap=idx) 1..3 + one packed byte 1
        int[] indices = {0, 1, 127, 128, 16383, 16384, 50_000, 99_999};
        for (int idx : indices) {
            for (int code = 1; code < 4; code++) {
                byte[] v = new byte[n];
                v[idx] = (byte) code;
                byte[] enc = TwoBitVector.encode(v, n);
                assertThat(enc).as("index %d", idx).hasSize(1 + 3 + 1 + Reference.varint(idx).length + 1);
                assertThat(enc.length).as("index %d", idx).isLessThanOrEqualTo(idx < 16384 ? 8 : 9);
            }
        }
    }

    // ---- golden bytes ----

    @Test
    void denseGoldenBytes() {
        // N=5, values 0 1 2 3 0: d=0 (two zeros), K=3.
        // DENSE 1 + 1 + ceil(5/4)=2 -> 4 bytes; SPARSE 1 + 1 + 1 + 3 gaps + 1 -> 7 bytes: DENSE.
        // byte 0 = 0 | 1<<2 | 2<<4 | 3<<6 = 0xE4; byte 1 = value 0, pad 0 -> 0x00
        byte[] enc = TwoBitVector.encode(new byte[] {0, 1, 2, 3, 0}, 5);
        assertThat(enc).containsExactly(0x00, 0x05, 0xE4, 0x00);
    }

    @Test
    void sparseGoldenBytes() {
        // N=100, value 2 at index 10. DENSE 1 + 1 + 25 = 27 bytes; SPARSE 5 bytes:
        // header 0x01 (SPARSE, d=0), N=100=0x64, K=1, gap=10=0x0A, packed value 2 -> 0x02
        byte[] v = new byte[100];
        v[10] = 2;
        assertThat(TwoBitVector.encode(v, 100)).containsExactly(0x01, 0x64, 0x01, 0x0A, 0x02);
    }

    @Test
    void sparseWithMissingDefaultGoldenBytes() {
        // N=40 all MISSING but index 3 = 0 and index 39 = 1. d=3; DENSE 1 + 1 + 10 = 12 bytes.
        // SPARSE: header 1 | 3<<2 = 0x0D, N=0x28, K=2, gaps 3 and 39-3-1=35=0x23,
        // packed 0 | 1<<2 = 0x04 -> 6 bytes
        byte[] v = new byte[40];
        Arrays.fill(v, (byte) 3);
        v[3] = 0;
        v[39] = 1;
        assertThat(TwoBitVector.encode(v, 40)).containsExactly(0x0D, 0x28, 0x02, 0x03, 0x23, 0x04);
    }

    @Test
    void multiByteVarintGoldenBytes() {
        // N=300 all HOM_REF: SPARSE K=0. 300 = 0b10_0101100: low group 0x2C|0x80 = 0xAC, then 0x02.
        assertThat(TwoBitVector.encode(new byte[300], 300)).containsExactly(0x01, 0xAC, 0x02, 0x00);
    }

    @Test
    void tiesPickTheLowestDefaultAndDense() {
        // N=8, four 2s then four 3s: tie between 2 and 3 -> d=2. DENSE 1+1+2 = 4, SPARSE 1+1+1+4+1 = 8.
        byte[] v = {2, 2, 2, 2, 3, 3, 3, 3};
        assertThat(TwoBitVector.encode(v, 8)).containsExactly(0x00, 0x08, 0xAA, 0xFF);
        // N=1, value 2: DENSE 1+1+1 = 3 = SPARSE 1+1+1 (K=0): tie -> DENSE
        assertThat(TwoBitVector.encode(new byte[] {2}, 1)).containsExactly(0x00, 0x01, 0x02);
        // N=5 all 2: DENSE 4 bytes, SPARSE 3 bytes (d=2, K=0)
        assertThat(TwoBitVector.encode(new byte[] {2, 2, 2, 2, 2}, 5)).containsExactly(0x09, 0x05, 0x00);
    }

    @Test
    void encodeOrNullIsNullForAllZero() {
        assertThat(TwoBitVector.encodeOrNull(new byte[1000], 1000)).isNull();
        assertThat(TwoBitVector.encodeOrNull(new byte[0], 0)).isNull();
        byte[] v = new byte[1000];
        v[999] = PhaseCode.PHASED;
        assertThat(TwoBitVector.encodeOrNull(v, 1000)).isEqualTo(TwoBitVector.encode(v, 1000));
    }

    @Test
    void encodeUsesOnlyTheFirstNValues() {
        byte[] v = {1, 2, 3, 0, 3, 3, 3};
        assertThat(TwoBitVector.encode(v, 4)).isEqualTo(TwoBitVector.encode(new byte[] {1, 2, 3, 0}, 4));
    }

    // ---- bad encoder input ----

    @Test
    void encodeRejectsValuesOutsideTwoBits() {
        byte[] v = new byte[40];
        v[37] = 4;
        assertThatThrownBy(() -> TwoBitVector.encode(v, 40))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value 4 at index 37");
        v[37] = -1;
        assertThatThrownBy(() -> TwoBitVector.encode(v, 40))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value -1 at index 37");
    }

    @Test
    void encodeRejectsBadCountsAndShortOutput() {
        assertThatThrownBy(() -> TwoBitVector.encode(new byte[3], -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TwoBitVector.encode(new byte[3], 4)).isInstanceOf(IndexOutOfBoundsException.class);
        TwoBitVector.Encoder encoder = new TwoBitVector.Encoder();
        assertThatThrownBy(() -> encoder.encode(new byte[100], 100, new byte[4], 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 3");
    }

    // ---- malformed decoder input ----

    @Test
    void decodeRejectsEmptyAndBadHeaders() {
        assertMalformed(new byte[0], "empty input", "offset 0");
        assertMalformed(bytes(0x10, 0x01, 0x00), "reserved header bits", "offset 0");
        assertMalformed(bytes(0x80, 0x01, 0x00), "reserved header bits", "offset 0");
        assertMalformed(bytes(0x02, 0x01, 0x00), "unknown encoding 2", "offset 0");
        assertMalformed(bytes(0x03, 0x01, 0x00), "unknown encoding 3", "offset 0");
        assertMalformed(bytes(0x04, 0x01, 0x00), "DENSE header", "offset 0");
    }

    @Test
    void decodeRejectsBadVarints() {
        assertMalformed(bytes(0x00), "truncated varint (sample count N)", "offset 1");
        assertMalformed(bytes(0x00, 0x80), "truncated varint (sample count N)", "offset 1");
        assertMalformed(bytes(0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F), "exceeds 2^31-1", "offset 1");
        assertMalformed(bytes(0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0x00), "exceeds 2^31-1", "offset 1");
        assertMalformed(bytes(0x00, 0x85, 0x00, 0x00, 0x00), "non-minimal varint (sample count N)", "offset 1");
        assertMalformed(
                bytes(0x01, 0x0A, 0x01, 0x83, 0x00, 0x01), "non-minimal varint (gap of exception 0)", "offset 3");
    }

    @Test
    void decodeRejectsBadDenseBodies() {
        assertMalformed(bytes(0x00, 0x05, 0xE4), "truncated input", "offset 4", "has 3 bytes");
        assertMalformed(bytes(0x00, 0x05, 0xE4, 0x00, 0x00), "trailing garbage: 1 bytes", "offset 4");
        // N=5: the last byte holds one value (bits 0-1), bits 2-7 are pad
        assertMalformed(bytes(0x00, 0x05, 0xE4, 0x04), "non-zero pad bits", "offset 3");
        // huge N with a tiny body
        assertMalformed(bytes(0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x07), "truncated input", "has 6 bytes");
    }

    @Test
    void decodeRejectsBadSparseBodies() {
        // header SPARSE d=0, N=10
        assertMalformed(bytes(0x01, 0x0A), "truncated varint (exception count K)", "offset 2");
        assertMalformed(bytes(0x01, 0x0A, 0x0B), "exception count K=11", "exceeds N=10", "offset 2");
        // one exception at gap 10 -> index 10, past N=10
        assertMalformed(bytes(0x01, 0x0A, 0x01, 0x0A, 0x01), "sample index 10", "N=10", "offset 3");
        // second exception: indices 5, then 5+4+1 = 10
        assertMalformed(bytes(0x01, 0x0A, 0x02, 0x05, 0x04, 0x05), "exception 1", "sample index 10", "offset 4");
        // gap so large that the index passes N
        assertMalformed(bytes(0x01, 0x0A, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x01), "sample index 2147483647");
        assertMalformed(bytes(0x01, 0x0A, 0x02, 0x01), "truncated varint (gap of exception 1)", "offset 4");
        assertMalformed(bytes(0x01, 0x0A, 0x02, 0x01, 0x02), "truncated input", "SPARSE values of K=2", "offset 6");
        assertMalformed(bytes(0x01, 0x0A, 0x01, 0x02, 0x01, 0x00), "trailing garbage", "offset 5");
        // exception equal to the default (value 0 with d=0)
        assertMalformed(bytes(0x01, 0x0A, 0x01, 0x02, 0x00), "exception 0 has value 0, the default", "offset 4");
        // d=3: exception values 1 and 3, the second is the default
        assertMalformed(bytes(0x0D, 0x0A, 0x02, 0x00, 0x00, 0x0D), "exception 1 has value 3", "offset 5");
        // K=1: pad bits 2-7 of the packed byte must be 0
        assertMalformed(bytes(0x01, 0x0A, 0x01, 0x02, 0x05), "non-zero pad bits", "offset 4");
    }

    @Test
    void decodeChecksTheExpectedLengthAndOutputSize() {
        byte[] enc = TwoBitVector.encode(new byte[] {0, 1, 2, 3, 0}, 5);
        assertThatThrownBy(() -> TwoBitVector.decode(enc, 7, new byte[7]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("N=5")
                .hasMessageContaining("expected 7")
                .hasMessageContaining("offset 1");
        assertThatThrownBy(() -> TwoBitVector.decode(enc, new byte[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length 4");
    }

    @Test
    void lengthReadsOnlyTheHeader() {
        assertThat(TwoBitVector.length(bytes(0x01, 0xAC, 0x02))).isEqualTo(300);
        assertThatThrownBy(() -> TwoBitVector.length(bytes(0x30, 0x01)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved");
    }

    /**
     * Corrupted encodings (bit flips, truncations, appended bytes) either decode, and then every
     * view method works, or fail with IllegalArgumentException: never another exception.
     */
    @Test
    void corruptedInputOnlyFailsWithIllegalArgumentException() {
        Random rnd = new Random(42);
        CallsView view = new CallsView();
        int decoded = 0;
        int rejected = 0;
        for (Pattern p : TwoBitPatterns.all()) {
            if (p.n() > 1000) {
                continue;
            }
            byte[] enc = TwoBitVector.encode(p.values(), p.n());
            for (int trial = 0; trial < 20; trial++) {
                byte[] bad = corrupt(enc, rnd);
                try {
                    view.reset(bad);
                } catch (IllegalArgumentException e) {
                    assertThat(e.getMessage()).contains("offset");
                    rejected++;
                    continue;
                }
                decoded++;
                int n = view.sampleCount();
                byte[] out = new byte[n];
                int[] idx = new int[n];
                byte[] codes = new byte[n];
                view.decodeDense(out);
                int m = view.nonRefSamples(idx, codes);
                view.forEachNonRef((i, c) -> {});
                view.forEachNonDefault((i, c) -> {});
                assertThat(view.nonDefaultSamples(idx, codes)).isEqualTo(view.nonDefaultCount());
                assertThat(m).isEqualTo(view.nonRefCount());
                byte[] again = new byte[n];
                TwoBitVector.decode(TwoBitVector.encode(out, n), n, again);
                assertThat(again).isEqualTo(out);
            }
        }
        assertThat(decoded).isPositive();
        assertThat(rejected).isPositive();
    }

    private static byte[] corrupt(byte[] enc, Random rnd) {
        switch (rnd.nextInt(3)) {
            case 0:
                byte[] flipped = enc.clone();
                int at = rnd.nextInt(flipped.length);
                flipped[at] ^= (byte) (1 << rnd.nextInt(8));
                return flipped;
            case 1:
                return Arrays.copyOf(enc, rnd.nextInt(enc.length));
            default:
                byte[] longer = Arrays.copyOf(enc, enc.length + 1 + rnd.nextInt(3));
                for (int i = enc.length; i < longer.length; i++) {
                    longer[i] = (byte) rnd.nextInt(256);
                }
                return longer;
        }
    }

    private static void assertMalformed(byte[] enc, String... messageParts) {
        assertThatThrownBy(() -> TwoBitVector.decode(enc, new byte[64]))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    for (String part : messageParts) {
                        assertThat(e.getMessage()).contains(part);
                    }
                });
        assertThatThrownBy(() -> new CallsView().reset(enc)).isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** A straightforward, slow encoder written from the grammar: the independent baseline. */
    static final class Reference {
        private Reference() {}

        static byte[] varint(int value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long v = value;
            do {
                int group = (int) (v % 128);
                v /= 128;
                out.write(v > 0 ? group + 128 : group);
            } while (v > 0);
            return out.toByteArray();
        }

        static int mostFrequent(byte[] v) {
            int[] count = new int[4];
            for (byte x : v) {
                count[x]++;
            }
            int best = 0;
            for (int d = 1; d < 4; d++) {
                if (count[d] > count[best]) {
                    best = d;
                }
            }
            return best;
        }

        static byte[] packed(int[] values) {
            byte[] out = new byte[(values.length + 3) / 4];
            for (int i = 0; i < values.length; i++) {
                out[i / 4] |= (byte) (values[i] << (2 * (i % 4)));
            }
            return out;
        }

        static byte[] dense(byte[] v) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.writeBytes(varint(v.length));
            int[] values = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                values[i] = v[i];
            }
            out.writeBytes(packed(values));
            return out.toByteArray();
        }

        static byte[] sparse(byte[] v, int d) {
            ByteArrayOutputStream gaps = new ByteArrayOutputStream();
            int[] exceptionValues = new int[v.length];
            int k = 0;
            int prev = -1;
            for (int i = 0; i < v.length; i++) {
                if (v[i] != d) {
                    gaps.writeBytes(varint(i - prev - 1));
                    exceptionValues[k++] = v[i];
                    prev = i;
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(1 | (d << 2));
            out.writeBytes(varint(v.length));
            out.writeBytes(varint(k));
            out.writeBytes(gaps.toByteArray());
            out.writeBytes(packed(Arrays.copyOf(exceptionValues, k)));
            return out.toByteArray();
        }
    }
}
