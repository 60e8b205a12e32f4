package org.musubi.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both inflaters (ISA-L's where it loads here, the JDK's) give the bytes that were deflated, and report bad data as
 * {@link DataFormatException}; the zlib wrapper's header, length and Adler-32 are checked as zlib checks them.
 */
class InflatersTest {

    /** Genotype-like bytes: few distinct values, runs, as in VCF text and BGEN probabilities. */
    static byte[] data(int n, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (r.nextInt(10) < 8 ? '0' + r.nextInt(2) : r.nextInt(256));
        }
        return b;
    }

    static byte[] deflate(byte[] in, int level, boolean nowrap) {
        Deflater d = new Deflater(level, nowrap);
        d.setInput(in);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    @org.junit.jupiter.api.Test
    void isaLLoadsOnLinuxX86() {
        boolean linuxX86 = System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").equals("amd64");
        assertThat(Inflaters.implementation())
                .as("GKL ships libgkl_compression.so for Linux x86-64: the fast path must be the one tested here")
                .isEqualTo(linuxX86 && System.getProperty("musubi.inflater") == null ? "isa-l" : "jdk");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void inflatesWhatWasDeflatedAtEveryLevel(boolean isal) throws Exception {
        Inflater inf = Inflaters.raw(isal);
        try {
            for (int level : new int[] {0, 1, 6, 9}) {
                for (int n : new int[] {0, 1, 100, 65_280, 300_000}) {
                    byte[] src = data(n, level * 31L + n);
                    byte[] comp = deflate(src, level, true);
                    byte[] out = new byte[n + 10];
                    assertThat(Inflaters.inflate(inf, comp, 0, comp.length, out, n))
                            .as("level %d, %d bytes", level, n)
                            .isEqualTo(n);
                    assertThat(Arrays.copyOf(out, n)).isEqualTo(src);
                    // at an offset inside a larger array, as BGZF and BGEN blocks are
                    byte[] framed = new byte[comp.length + 17];
                    System.arraycopy(comp, 0, framed, 9, comp.length);
                    Arrays.fill(out, (byte) 0);
                    assertThat(Inflaters.inflate(inf, framed, 9, comp.length, out, n))
                            .isEqualTo(n);
                    assertThat(Arrays.copyOf(out, n)).isEqualTo(src);
                }
            }
        } finally {
            inf.end();
        }
    }

    /**
     * A fixed-Huffman block whose first code is a match (length 3, distance 1) before any output: both zlib and ISA-L
     * refuse it, as a DataFormatException.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aMatchBeforeAnyOutputIsBadData(boolean isal) {
        // bits, first bit first: BFINAL 1, BTYPE 01 (fixed; LSB first: 1 0), code 257 = 0000001 (7 bits, MSB first),
        // distance code 0 = 00000, then end of block 256 = 0000000
        String bits = "1" + "10" + "0000001" + "00000" + "0000000";
        byte[] in = new byte[(bits.length() + 7) / 8 + 4];
        for (int i = 0; i < bits.length(); i++) {
            if (bits.charAt(i) == '1') {
                in[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        Inflater inf = Inflaters.raw(isal);
        try {
            assertThatThrownBy(() -> Inflaters.inflate(inf, in, 0, in.length, new byte[64], 64))
                    .isInstanceOf(DataFormatException.class);
        } finally {
            inf.end();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void zlibStreamsAreCheckedAsZlibChecksThem(boolean isal) throws Exception {
        byte[] src = data(50_000, 5);
        byte[] z = deflate(src, 6, false);
        Inflater inf = Inflaters.raw(isal);
        try {
            byte[] out = new byte[src.length + 8];
            Inflaters.inflateZlib(inf, z, 0, z.length, out, src.length);
            assertThat(Arrays.copyOf(out, src.length)).isEqualTo(src);

            byte[] badSum = z.clone();
            badSum[badSum.length - 1] ^= 1;
            assertThatThrownBy(() -> Inflaters.inflateZlib(inf, badSum, 0, badSum.length, out, src.length))
                    .isInstanceOf(DataFormatException.class)
                    .hasMessage("incorrect data check");
            byte[] badHeader = z.clone();
            badHeader[0] = 0x79; // compression method 9
            assertThatThrownBy(() -> Inflaters.inflateZlib(inf, badHeader, 0, badHeader.length, out, src.length))
                    .hasMessage("incorrect header check");
            byte[] dict = z.clone();
            dict[1] = (byte) (0x20 | (31 - ((0x78 << 8 | 0x20) % 31)) % 31); // FDICT set, check bits still valid
            dict[0] = 0x78;
            assertThatThrownBy(() -> Inflaters.inflateZlib(inf, dict, 0, dict.length, out, src.length))
                    .hasMessage("it needs a preset dictionary");
            assertThatThrownBy(() -> Inflaters.inflateZlib(inf, z, 0, z.length, out, src.length - 1))
                    .hasMessage("it decompresses to more than " + (src.length - 1) + " bytes, not " + (src.length - 1));
            byte[] big = new byte[src.length + 100];
            assertThatThrownBy(() -> Inflaters.inflateZlib(inf, z, 0, z.length, big, src.length + 50))
                    .hasMessage("it decompresses to " + src.length + " bytes, not " + (src.length + 50));
            assertThatThrownBy(() -> Inflaters.inflateZlib(inf, z, 0, 5, out, src.length))
                    .hasMessage("5 bytes are too short for a zlib stream");
        } finally {
            inf.end();
        }
    }
}
