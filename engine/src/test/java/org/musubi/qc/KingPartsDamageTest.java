package org.musubi.qc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.musubi.error.MusubiUserException;
import org.musubi.output.PartFiles;

/**
 * KING's binary pair parts (written by the tile tasks, merged by the band tasks of the same run) refuse damage
 * instead of losing pairs: a part cut inside a pair, and one cut at a pair boundary (fewer pairs than its task wrote).
 */
class KingPartsDamageTest {
    /** Two pairs as {@code KingPass.tile} writes them: hi, lo, then the kernel's fields. */
    private static byte[] twoPairs() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream o = new DataOutputStream(b)) {
            for (int[] p : new int[][] {{5, 1, 0, 40, 3, 4, 50}, {7, 2, 1, 30, 6, 5, 60}}) {
                for (int v : p) {
                    o.writeInt(v);
                }
            }
        }
        return b.toByteArray();
    }

    @Test
    void aWholePartReadsItsPairsThenEnds() throws Exception {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(twoPairs()));
        KingPass.Pair a = KingPass.read(in, "p");
        KingPass.Pair b = KingPass.read(in, "p");
        assertThat(a).isEqualTo(new KingPass.Pair(5, 1, 0, 40, 3, 4, 50));
        assertThat(b).isEqualTo(new KingPass.Pair(7, 2, 1, 30, 6, 5, 60));
        assertThat(KingPass.read(in, "p")).isNull();
        KingBands.checkComplete(new PartFiles.Part(0, "p", 2), 2);
    }

    @Test
    void aPartCutInsideAPairIsAnErrorNamingIt() throws Exception {
        byte[] all = twoPairs();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(Arrays.copyOf(all, all.length - 6)));
        assertThat(KingPass.read(in, "x/part-00003.pairs")).isNotNull();
        assertThatThrownBy(() -> KingPass.read(in, "x/part-00003.pairs"))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("KING pair part x/part-00003.pairs was damaged while qc ran")
                .hasMessageContaining("it ends inside a pair")
                .hasMessageContaining("run qc again");
    }

    @Test
    void aPartCutAtAPairBoundaryIsRefusedByItsCount() throws Exception {
        byte[] all = twoPairs();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(Arrays.copyOf(all, all.length / 2)));
        long read = 0;
        while (KingPass.read(in, "x/part-00004.pairs") != null) {
            read++;
        }
        assertThat(read).isEqualTo(1);
        long n = read;
        assertThatThrownBy(() -> KingBands.checkComplete(new PartFiles.Part(4, "x/part-00004.pairs", 2), n))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("x/part-00004.pairs")
                .hasMessageContaining("1 pairs read of the 2 its task wrote");
    }
}
