package org.musubi.io.plink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.TwoBitVector;

class BedCodecTest {
    @Test
    void headerKinds() {
        assertThat(BedCodec.header(new byte[] {0x6c, 0x1b, 0x01}, 3)).isEqualTo(BedCodec.Header.VARIANT_MAJOR);
        assertThat(BedCodec.header(new byte[] {0x6c, 0x1b, 0x00}, 3)).isEqualTo(BedCodec.Header.SAMPLE_MAJOR);
        assertThat(BedCodec.header(new byte[] {0x6c, 0x1b, 0x02}, 3)).isEqualTo(BedCodec.Header.NOT_BED);
        assertThat(BedCodec.header(new byte[] {'#', '#', 'f'}, 3)).isEqualTo(BedCodec.Header.NOT_BED);
        assertThat(BedCodec.header(new byte[] {0x6c, 0x1b}, 2)).isEqualTo(BedCodec.Header.NOT_BED);
    }

    @Test
    void sizes() {
        assertThat(BedCodec.bytesPerVariant(1)).isEqualTo(1);
        assertThat(BedCodec.bytesPerVariant(4)).isEqualTo(1);
        assertThat(BedCodec.bytesPerVariant(5)).isEqualTo(2);
        // the five-sample fixture: 3 + 5 × 2 = 13 bytes
        assertThat(BedCodec.fileSize(5, 5)).isEqualTo(13);
        assertThat(BedCodec.offset(4, 5)).isEqualTo(11);
    }

    /** The five-sample fixture's first variant: byte 0x4b 0x01 = samples 11 10 00 01 | 01 (SPECS §9.2). */
    @Test
    void decodesTheFixtureByHand() {
        byte[] bed = {0x4b, 0x01};
        byte[] gt = new byte[5];
        BedCodec.decode(bed, 0, 5, true, gt);
        // 0x4b = 01 00 10 11 (high to low): sample 0 = 11 hom A2 (REF), 1 = 10 het, 2 = 00 hom A1 (ALT), 3 = 01 missing
        assertThat(gt)
                .containsExactly(
                        GenotypeCode.HOM_REF,
                        GenotypeCode.HET,
                        GenotypeCode.HOM_ALT,
                        GenotypeCode.MISSING,
                        GenotypeCode.MISSING);
        BedCodec.decode(bed, 0, 5, false, gt);
        assertThat(gt[0]).isEqualTo((byte) GenotypeCode.HOM_ALT);
        assertThat(gt[2]).isEqualTo((byte) GenotypeCode.HOM_REF);
        assertThat(gt[1]).isEqualTo((byte) GenotypeCode.HET);
    }

    /**
     * The packed translation ({@code toPackedCodes}, what ingest uses) equals the per-sample decode on random bytes:
     * every code incl. missing, both orientations, every sample count around a word, junk in the pad bits of a
     * partial last byte (cleared).
     */
    @Test
    void packedCodesEqualTheDecodeOnRandomBytes() {
        Random r = new Random(7);
        for (int n = 1; n <= 300; n++) {
            int bpv = BedCodec.bytesPerVariant(n);
            for (int round = 0; round < 4; round++) {
                byte[] bed = new byte[bpv + 3];
                r.nextBytes(bed);
                for (boolean a1IsAlt : new boolean[] {true, false}) {
                    byte[] gt = new byte[n];
                    BedCodec.decode(bed, 3, n, a1IsAlt, gt);
                    byte[] packed = new byte[bpv + 1];
                    packed[bpv] = 0x5a;
                    BedCodec.toPackedCodes(bed, 3, n, a1IsAlt, packed, 0);
                    byte[] back = new byte[n];
                    TwoBitVector.unpack(packed, 0, n, back);
                    assertThat(back).as("n=%d a1IsAlt=%s", n, a1IsAlt).isEqualTo(gt);
                    if ((n & 3) != 0) {
                        assertThat((packed[bpv - 1] & 0xff) >>> (2 * (n & 3)))
                                .as("pad bits")
                                .isZero();
                    }
                    assertThat(packed[bpv]).as("past the variant untouched").isEqualTo((byte) 0x5a);
                }
            }
        }
    }

    @Test
    void roundTripsEverySampleCountAroundAByte() {
        Random r = new Random(15);
        for (int n = 1; n <= 70; n++) {
            byte[] gt = new byte[n];
            for (int i = 0; i < n; i++) {
                gt[i] = (byte) r.nextInt(4);
            }
            byte[] bed = new byte[BedCodec.bytesPerVariant(n) + 2];
            BedCodec.encode(gt, n, bed, 1);
            byte[] back = new byte[n];
            BedCodec.decode(bed, 1, n, true, back);
            assertThat(back).as("n=%d", n).isEqualTo(gt);
            // the unused high bits of the last byte are 0, as plink writes them
            int used = 2 * (n % 4);
            if (used > 0) {
                assertThat((bed[BedCodec.bytesPerVariant(n)] & 0xff) >>> used).isZero();
            }
        }
    }
}
