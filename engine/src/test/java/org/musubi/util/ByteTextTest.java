package org.musubi.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ByteText}: the bytes an {@link OutputStreamWriter} in UTF-8 writes for the same text (ASCII, other
 * characters, surrogate pairs, integers as {@link Long#toString}, booleans), through growth and chunked flushing.
 */
class ByteTextTest {
    @Test
    void sameBytesAsAUtf8WriterWhateverTheFlushes() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        ByteText t = new ByteText();
        Random r = new Random(7);
        String[] texts = {"", "chr1", "A,\"B\"", "é", "日本", "x\uD83D\uDE00y", null};
        String longText = "a".repeat(70_000);
        long[] longs = {0, 1, -1, 9, 10, -10, 123_456_789_012L, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE};
        try (Writer w = new OutputStreamWriter(expected, StandardCharsets.UTF_8)) {
            for (int line = 0; line < 5_000; line++) {
                String s = r.nextInt(100) == 0 ? longText : texts[r.nextInt(texts.length)];
                long v = r.nextBoolean() ? longs[r.nextInt(longs.length)] : r.nextLong();
                boolean z = r.nextBoolean();
                w.write((s == null ? "" : s) + "\t" + v + "\t" + z + "\n");
                t.add(s).add('\t').add(v).add('\t').add(z).add('\n');
                t.flushTo(actual);
                assertThat(t.length()).isLessThan(ByteText.CHUNK + 80_000);
            }
        }
        t.writeTo(actual);
        assertThat(t.length()).isZero();
        assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void heldTextAsStringAndBytes() {
        ByteText t = new ByteText().add("ß=").add(-42L).add(' ').add(true);
        assertThat(t.toString()).isEqualTo("ß=-42 true");
        assertThat(t.toBytes()).isEqualTo("ß=-42 true".getBytes(StandardCharsets.UTF_8));
    }
}
