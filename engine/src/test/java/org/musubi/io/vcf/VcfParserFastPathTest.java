package org.musubi.io.vcf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The GT-only fast path decodes exactly what the general path does: the same random genotypes parsed from a
 * GT-only record (fast path) and from a GT:DP record (general path) give identical codes, ploidy and phase.
 */
class VcfParserFastPathTest {
    static final String[] TOKENS = {
        "0/0", "0/1", "1/0", "1/1", "./.", "0|0", "0|1", "1|0", "1|1", ".|.", "0/.", ".|1", "1", "0", ".", "0/0", "0/0",
        "0/0"
    };

    @Test
    void fastAndGeneralPathsAgreeOnRandomRecords() throws Exception {
        Random rnd = new Random(42);
        for (int n : new int[] {1, 2, 3, 31, 200}) {
            for (int rep = 0; rep < 200; rep++) {
                String[] g = new String[n];
                // Mostly simple tokens, sometimes a run of them before an unusual one (hand-over mid-record).
                int simpleUntil = rnd.nextInt(n + 1);
                for (int s = 0; s < n; s++) {
                    g[s] = s < simpleUntil ? TOKENS[rnd.nextInt(5)] : TOKENS[rnd.nextInt(TOKENS.length)];
                }
                StringBuilder fast = new StringBuilder("1\t100\t.\tA\tG\t.\t.\t.\tGT");
                StringBuilder general = new StringBuilder("1\t100\t.\tA\tG\t.\t.\t.\tGT:DP");
                for (String t : g) {
                    fast.append('\t').append(t);
                    general.append('\t').append(t).append(":7");
                }
                VcfRecordParser a = new VcfRecordParser(n, VcfRecordParser.DosageField.NONE);
                VcfRecordParser b = new VcfRecordParser(n, VcfRecordParser.DosageField.NONE);
                byte[] fa = fast.toString().getBytes(StandardCharsets.UTF_8);
                byte[] gb = general.toString().getBytes(StandardCharsets.UTF_8);
                a.parse(fa, fa.length);
                b.parse(gb, gb.length);
                String ctx = String.join(" ", g);
                assertThat(Arrays.copyOf(a.gt[0], n)).as(ctx).isEqualTo(Arrays.copyOf(b.gt[0], n));
                assertThat(a.anyPloidy).as(ctx).isEqualTo(b.anyPloidy);
                assertThat(a.anyPhase).as(ctx).isEqualTo(b.anyPhase);
                if (a.anyPloidy) {
                    assertThat(Arrays.copyOf(a.ploidy[0], n)).as(ctx).isEqualTo(Arrays.copyOf(b.ploidy[0], n));
                }
                if (a.anyPhase) {
                    assertThat(Arrays.copyOf(a.phase[0], n)).as(ctx).isEqualTo(Arrays.copyOf(b.phase[0], n));
                }
            }
        }
    }
}
