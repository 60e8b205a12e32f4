package org.musubi.io.plink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musubi.format.calls.GenotypeCode;

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
