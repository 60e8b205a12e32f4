package org.musubi.format.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The unchecked decoders against the checking one and against hand-written bytes. */
class VarintTest {
    @Test
    void readCheckedAndReadWithinAgreeWithReadOnEveryWidth() {
        Random rnd = new Random(7);
        byte[] buf = new byte[4096];
        int[] values = new int[600];
        int pos = 0;
        for (int i = 0; i < values.length; i++) {
            // every width 1-5 bytes, the boundaries included
            int width = i % 5;
            int v =
                    switch (i % 3) {
                        case 0 -> width == 0 ? rnd.nextInt(128) : (1 << (7 * width)) + rnd.nextInt(1 << (7 * width));
                        case 1 -> width == 0 ? 0 : (1 << (7 * width)) - 1;
                        default -> rnd.nextInt(Integer.MAX_VALUE);
                    };
            values[i] = v & Integer.MAX_VALUE;
            pos = Varint.write(buf, pos, values[i]);
        }
        int end = pos;
        int p = 0;
        int q = 0;
        for (int v : values) {
            long checked = Varint.read(buf, p, "value");
            long fast = Varint.readChecked(buf, p);
            long within = Varint.readWithin(buf, q, end);
            assertThat(Varint.value(fast)).isEqualTo(v).isEqualTo(Varint.value(checked));
            assertThat(Varint.next(fast)).isEqualTo(Varint.next(checked)).isEqualTo(p + Varint.size(v));
            assertThat(within).isEqualTo(fast);
            p = Varint.next(fast);
            q = Varint.next(within);
        }
        assertThat(p).isEqualTo(end);
    }

    @Test
    void readWithinStopsAtTheEndAndAfterFiveBytes() {
        // 300 = 0xAC 0x02; cut after its first byte, it reads as 44 and stops at the end
        byte[] b = {(byte) 0xAC, 0x02};
        assertThat(Varint.readWithin(b, 0, 2)).isEqualTo((300L << 32) | 2);
        assertThat(Varint.readWithin(b, 0, 1)).isEqualTo((44L << 32) | 1);
        assertThat(Varint.readWithin(b, 0, 0)).isEqualTo(0L);
        // continuation bits on six bytes: at most five are read
        byte[] run = {(byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};
        assertThat(Varint.next(Varint.readWithin(run, 0, run.length))).isEqualTo(5);
    }
}
