package org.musubi.io.plink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code .fam} lines split as {@code split("\\s+")} splits them (the regex is the oracle), and parsed. */
class FamRecordTest {
    /** Separators and look-alikes: the six {@code \s} characters and Unicode spaces regex {@code \s} does not match. */
    private static final char[] ALPHABET = {
        ' ', '\t', '\n', 0x0B, '\f', '\r', '\u00a0', '\u2003', '\u001c', '\u3000', 'a', 'B', '0', '9', '_', '-', '.',
        'é'
    };

    @Test
    void fieldsAreTheRegexSplitOfAStrippedLine() {
        Random rnd = new Random(15);
        for (int t = 0; t < 200_000; t++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(24);
            for (int i = 0; i < len; i++) {
                sb.append(ALPHABET[rnd.nextInt(ALPHABET.length)]);
            }
            String l = sb.toString().strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] expected = l.split("\\s+");
            String[] f = new String[8];
            int k = FamRecord.fields(l, f);
            assertThat(k).as("'%s'", l).isEqualTo(expected.length);
            assertThat(Arrays.copyOf(f, Math.min(k, 8)))
                    .as("'%s'", l)
                    .containsExactly(Arrays.copyOf(expected, Math.min(k, 8)));
        }
    }

    @Test
    void countsFieldsPastTheArray() {
        String[] f = new String[2];
        assertThat(FamRecord.fields("a b\tc  d", f)).isEqualTo(4);
        assertThat(f).containsExactly("a", "b");
    }

    @Test
    void parsesLines() {
        assertThat(FamRecord.parse(" F1\tI1 0 P2  2 -9\r")).isEqualTo(new FamRecord("F1", "I1", null, "P2", "2", null));
        assertThat(FamRecord.parse("F I D M 1")).isEqualTo(new FamRecord("F", "I", "D", "M", "1", null));
        assertThat(FamRecord.parse("F I 0 0 1 NA").phenotype()).isNull();
        assertThat(FamRecord.parse("F I 0 0 1 1.5").phenotype()).isEqualTo("1.5");
        assertThat(FamRecord.parse(" \t ")).isNull();
        assertThatThrownBy(() -> FamRecord.parse("F I 0 0 1 2 3")).hasMessageContaining("found 7");
        assertThatThrownBy(() -> FamRecord.parse("F I 0 0")).hasMessageContaining("found 4");
    }
}
