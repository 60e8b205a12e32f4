package org.musubi.freq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** freq-merge's order of the variants at a position: REF then ALT, each by UTF-8 bytes, as Spark sorts strings. */
class FreqMergePlanTest {
    @Test
    void alleleKeysSortAsRefThenAltByUtf8Bytes() {
        String[] pieces = {"A", "C", "G", "T", "N", "*", "<DEL>", "AC", "\u00e9", "\uffe0", "\ud83d\ude00", ""};
        Random rnd = new Random(7);
        for (int t = 0; t < 20000; t++) {
            String[] a = {allele(rnd, pieces), allele(rnd, pieces)};
            String[] b = {allele(rnd, pieces), allele(rnd, pieces)};
            int want = Arrays.compareUnsigned(utf8(a[0]), utf8(b[0]));
            if (want == 0) {
                want = Arrays.compareUnsigned(utf8(a[1]), utf8(b[1]));
            }
            int got = FreqMergePlan.ALLELE_ORDER.compare(a[0] + "\t" + a[1], b[0] + "\t" + b[1]);
            assertThat(Integer.signum(got))
                    .as("%s vs %s", Arrays.toString(a), Arrays.toString(b))
                    .isEqualTo(Integer.signum(want));
        }
    }

    private static String allele(Random rnd, String[] pieces) {
        StringBuilder s = new StringBuilder(pieces[rnd.nextInt(pieces.length - 1)]);
        for (int n = rnd.nextInt(3); n > 0; n--) {
            s.append(pieces[rnd.nextInt(pieces.length)]);
        }
        return s.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
