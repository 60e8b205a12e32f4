package org.musubi.format.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.musubi.format.calls.TwoBitVectorTest.bytes;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DosageCodecTest {

    @Test
    void roundTripIsWithinHalfAUnitAndKeepsMissing() {
        Random rnd = new Random(20240601);
        for (int n : TwoBitPatterns.SIZES) {
            double[] ds = new double[n];
            for (int i = 0; i < n; i++) {
                int kind = rnd.nextInt(10);
                ds[i] = kind == 0 ? Double.NaN : kind == 1 ? rnd.nextInt(3) : 2 * rnd.nextDouble();
            }
            byte[] enc = DosageCodec.encode(ds, n);
            assertThat(enc).hasSize(TwoBitVectorTest.Reference.varint(n).length + 2 * n);
            assertThat(DosageCodec.encodedSize(n)).isEqualTo(enc.length);
            assertThat(DosageCodec.length(enc)).isEqualTo(n);
            double[] out = new double[n + 1];
            out[n] = 42;
            DosageCodec.decode(enc, out);
            assertThat(out[n]).isEqualTo(42);
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(ds[i])) {
                    assertThat(out[i]).as("sample %d", i).isNaN();
                } else {
                    // round to nearest of a 1/16384 grid: error at most half a step, 1/32768
                    assertThat(Math.abs(out[i] - ds[i]))
                            .as("sample %d: %s -> %s", i, ds[i], out[i])
                            .isLessThanOrEqualTo(DosageCodec.MAX_ABS_ERROR)
                            .isLessThanOrEqualTo(1.0 / 32768);
                }
            }
        }
    }

    @Test
    void goldenBytes() {
        // N=5 -> 0x05; 0 -> 0x0000; 1.0 -> 16384 = 0x4000; 2.0 -> 32768 = 0x8000;
        // NaN -> 0xFFFF; 0.5/16384 rounds half up to 1 -> 0x0001; all little-endian
        byte[] enc = DosageCodec.encode(new double[] {0, 1.0, 2.0, Double.NaN, 0.5 / 16384}, 5);
        assertThat(enc).containsExactly(0x05, 0x00, 0x00, 0x00, 0x40, 0x00, 0x80, 0xFF, 0xFF, 0x01, 0x00);
        double[] out = new double[5];
        DosageCodec.decode(enc, 5, out);
        assertThat(out).containsExactly(0, 1.0, 2.0, Double.NaN, 1.0 / 16384);
    }

    @Test
    void gridValuesAreExact() {
        double[] ds = new double[DosageCodec.MAX_CODE + 1];
        for (int c = 0; c <= DosageCodec.MAX_CODE; c++) {
            ds[c] = c / 16384.0;
        }
        double[] out = new double[ds.length];
        DosageCodec.decode(DosageCodec.encode(ds, ds.length), out);
        assertThat(out).isEqualTo(ds);
    }

    @Test
    void roundingNoiseIsClampedAndOutOfRangeRejected() {
        assertThat(DosageCodec.toCode(-1e-10)).isZero();
        assertThat(DosageCodec.toCode(2 + 1e-10)).isEqualTo(32768);
        assertThat(DosageCodec.toCode(Double.NaN)).isEqualTo(DosageCodec.MISSING);
        assertThat(DosageCodec.toDosage(DosageCodec.MISSING)).isNaN();
        for (double bad :
                new double[] {-0.1, -2e-9, 2.1, 2 + 2e-9, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> DosageCodec.encode(new double[] {1, bad}, 2))
                    .as("dosage %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sample 1")
                    .hasMessageContaining("outside [0, 2]");
        }
    }

    @Test
    void encodeIntoABuffer() {
        double[] ds = {0.25, Double.NaN};
        byte[] out = new byte[10];
        assertThat(DosageCodec.encode(ds, 2, out, 3)).isEqualTo(5);
        // 0.25 -> 4096 = 0x1000
        assertThat(out).containsExactly(0, 0, 0, 0x02, 0x00, 0x10, 0xFF, 0xFF, 0, 0);
        assertThatThrownBy(() -> DosageCodec.encode(ds, 2, new byte[4], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 5");
    }

    @Test
    void malformedInputIsRejectedWithTheOffset() {
        assertMalformed(new byte[0], "truncated varint (dosage count N)", "offset 0");
        assertMalformed(bytes(0x02, 0x00, 0x40, 0x00), "truncated input", "offset 5", "has 4 bytes");
        assertMalformed(bytes(0x01, 0x00, 0x40, 0x00), "trailing garbage: 1 bytes", "offset 3");
        // 0x8001 = 32769: above 2.0 and not missing
        assertMalformed(bytes(0x02, 0x00, 0x40, 0x01, 0x80), "dosage code 32769 of sample 1", "offset 3");
        assertMalformed(bytes(0x80, 0x00), "non-minimal varint", "offset 0");
        assertThatThrownBy(() -> DosageCodec.decode(bytes(0x01, 0x00, 0x40), 2, new double[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 2");
        assertThatThrownBy(() -> DosageCodec.decode(bytes(0x01, 0x00, 0x40), new double[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length 0");
    }

    private static void assertMalformed(byte[] enc, String... parts) {
        assertThatThrownBy(() -> DosageCodec.decode(enc, new double[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    for (String part : parts) {
                        assertThat(e.getMessage()).contains(part);
                    }
                });
    }
}
