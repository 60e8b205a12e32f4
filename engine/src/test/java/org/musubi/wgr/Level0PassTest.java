package org.musubi.wgr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.musubi.error.MusubiUserException;
import org.musubi.table.VariantTable.VariantFile;
import org.musubi.table.scan.Slice;

/** Level 0's block plan (REGENIE's blocks across the files of a contig), task dealing and result sizing. */
class Level0PassTest {
    private static VariantFile file(String contig, int order, String path, long rows) {
        return new VariantFile(contig, order, path, rows, 0, 1);
    }

    @Test
    void blocksRunAcrossTheFilesOfAContigAndRestartAtEachContig() {
        VariantFile a1 = file("1", 0, "a1", 150);
        VariantFile a2 = file("1", 0, "a2", 120);
        VariantFile b = file("2", 1, "b", 230);
        List<Level0Pass.Block> blocks = Level0Pass.plan(List.of(a1, a2, b), 100);
        assertThat(blocks).extracting(Level0Pass.Block::variants).containsExactly(100, 100, 70, 100, 100, 30);
        assertThat(blocks).extracting(Level0Pass.Block::contig).containsExactly("1", "1", "1", "2", "2", "2");
        assertThat(blocks.get(1).slices()).containsExactly(new Slice(a1, 100, 150), new Slice(a2, 0, 50));
        assertThat(blocks.get(2).slices()).containsExactly(new Slice(a2, 50, 120));
        assertThat(blocks.get(5).slices()).containsExactly(new Slice(b, 200, 230));
        assertThatThrownBy(() -> Level0Pass.plan(List.of(a1, a2, b), 250))
                .isInstanceOf(MusubiUserException.class)
                .hasMessage("contig 2 has 230 variant(s), fewer than --block-size 250; use --block-size 230 or less");
    }

    @Test
    void tasksAreContiguousAndSizedByTheirResults() {
        List<Level0Pass.Block> blocks = Level0Pass.plan(List.of(file("1", 0, "a", 1000)), 100);
        List<List<Level0Pass.Block>> dealt = Level0Pass.deal(blocks, 3);
        assertThat(dealt).extracting(List::size).containsExactly(3, 3, 4);
        assertThat(dealt.get(1).get(0).index()).isEqualTo(3);
        // 100k samples x 5 x 2 phenotypes = 8 MB a block: at most 8 blocks (64 MiB) a task
        long bytes = Level0Pass.blockBytes(100_000, 5, 2);
        assertThat(Level0Pass.tasks(100, 4, bytes)).isEqualTo(13);
        assertThat(Level0Pass.tasks(100, 40, bytes)).isEqualTo(40);
        assertThat(Level0Pass.tasks(3, 40, bytes)).isEqualTo(3);
    }
}
