package org.musubi.io.plink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every line belongs to exactly one byte range, whatever the cut points; the first pass counts what the second reads. */
class BimLinesTest {
    private static final String BIM = "1\tsnp1\t0\t10\tC\tA\n\n23 snp2 0.5 20 C A\r\n24\tsnp3\t1\t30\tC\tA\n"
            + "\r\n25\tsnp4\t2\t40\tC\tA\n26\tsnp5\t2.5\t50\tC\tA";

    @Test
    void everyCutGivesEachLineOnce() throws IOException {
        byte[] b = BIM.getBytes(StandardCharsets.UTF_8);
        List<String> whole = lines(b, 0, b.length);
        assertThat(whole).hasSize(5);
        assertThat(whole.get(1)).isEqualTo("23 snp2 0.5 20 C A");
        for (int cut1 = 0; cut1 <= b.length; cut1++) {
            for (int cut2 = cut1; cut2 <= b.length; cut2 = nextCut(cut1, cut2, b.length)) {
                List<String> all = new ArrayList<>();
                long counted = 0;
                for (int[] r : new int[][] {{0, cut1}, {cut1, cut2}, {cut2, b.length}}) {
                    List<String> part = lines(b, r[0], r[1]);
                    long c = BimLines.count(stream(b, r[0]), r[0], r[1]);
                    assertThat(c).as("range %d-%d", r[0], r[1]).isEqualTo(part.size());
                    counted += c;
                    all.addAll(part);
                }
                assertThat(all).as("cuts %d %d", cut1, cut2).isEqualTo(whole);
                assertThat(counted).isEqualTo(5);
            }
        }
    }

    /** Every second cut up to 24 bytes past the first (each line-boundary case), then the end. */
    private static int nextCut(int cut1, int cut2, int length) {
        return cut2 < cut1 + 24 || cut2 == length ? cut2 + 1 : length;
    }

    private static ByteArrayInputStream stream(byte[] b, int start) {
        int s = (int) BimLines.streamStart(start);
        return new ByteArrayInputStream(b, s, b.length - s);
    }

    private static List<String> lines(byte[] b, int start, int end) throws IOException {
        List<String> out = new ArrayList<>();
        try (BimLines l = BimLines.open(stream(b, start), start, end)) {
            while (l.next()) {
                out.add(new String(l.buffer(), 0, l.length(), StandardCharsets.UTF_8));
                assertThat(l.position()).isBetween((long) start, (long) end - 1);
            }
        }
        return out;
    }
}
