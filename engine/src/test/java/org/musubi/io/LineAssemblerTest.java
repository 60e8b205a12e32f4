package org.musubi.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineAssemblerTest {
    /** The plain byte loop the eight-bytes-at-a-time scan replaces. */
    private static int naive(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void newlineScanEqualsTheByteLoopAtEveryOffsetAndWithNearMissBytes() {
        Random r = new Random(7);
        // bytes that differ from '\n' (0x0A) in one bit, 0x00, 0x80 and 0xFF: the zero-byte trick's hard cases
        byte[] alphabet = {'\n', 0x0B, 0x08, 0x0E, 0x02, 0x1A, 0x4A, (byte) 0x8A, 0x00, (byte) 0x80, (byte) 0xFF, 'A'};
        for (int trial = 0; trial < 20000; trial++) {
            byte[] b = new byte[1 + r.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextInt(4) == 0 ? alphabet[r.nextInt(alphabet.length)] : (byte) r.nextInt(256);
            }
            int from = r.nextInt(b.length);
            int to = from + r.nextInt(b.length - from + 1);
            assertThat(LineAssembler.indexOfNewline(b, from, to))
                    .as("trial %d", trial)
                    .isEqualTo(naive(b, from, to));
        }
    }

    @Test
    void linesAcrossChunksAndCrLf() {
        byte[] text = "first line\r\nsecond, longer than eight bytes\nthird".getBytes(StandardCharsets.US_ASCII);
        LineAssembler a = new LineAssembler();
        // chunks of 5 bytes: every line spans chunks
        StringBuilder got = new StringBuilder();
        int p = 0;
        while (p < text.length) {
            int end = Math.min(text.length, p + 5);
            int q = p;
            while (q < end) {
                int next = a.take(text, q, end);
                if (next < 0) {
                    break;
                }
                got.append(new String(a.buffer(), 0, a.length(), StandardCharsets.US_ASCII))
                        .append('|');
                a.clear();
                q = next;
            }
            p = end;
        }
        got.append(new String(a.buffer(), 0, a.length(), StandardCharsets.US_ASCII));
        assertThat(got.toString()).isEqualTo("first line|second, longer than eight bytes|third");
    }
}
