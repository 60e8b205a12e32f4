package org.musubi.qc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musubi.error.MusubiUserException;

/** {@link PruneSettings}' option checks and {@link GenomeRanges} on the committed long-range LD lists. */
class PruneSettingsTest {
    @Test
    void windowsInVariantsOrKb() {
        PruneSettings s = PruneSettings.of("1000kb", 1, 0.1, 0.01, true, null);
        assertThat(s.kb()).isTrue();
        assertThat(s.kernelWindow()).isEqualTo(1_000_000);
        assertThat(s.windowText()).isEqualTo("1000kb");
        PruneSettings c = PruneSettings.of("50", 5, 0.2, 0, false, null);
        assertThat(c.kb()).isFalse();
        assertThat(c.kernelWindow()).isEqualTo(50);
        assertThat(PruneSettings.DEFAULT.windowText()).isEqualTo("1000kb");
    }

    @Test
    void badOptionsAreOneLine() {
        assertThatThrownBy(() -> PruneSettings.of("fifty", 1, 0.1, 0, true, null))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("--prune-window fifty");
        assertThatThrownBy(() -> PruneSettings.of("50", 51, 0.1, 0, true, null))
                .hasMessageContaining("--prune-step 51");
        assertThatThrownBy(() -> PruneSettings.of("500kb", 5, 0.1, 0, true, null))
                .hasMessageContaining("--prune-step 5: use 1 with a kb window");
        assertThatThrownBy(() -> PruneSettings.of("50", 5, 1, 0, true, null)).hasMessageContaining("--prune-r2 1.0");
        assertThatThrownBy(() -> PruneSettings.of("1", 1, 0.1, 0, true, null)).hasMessageContaining("--prune-window 1");
        assertThatThrownBy(() -> PruneSettings.of("0.001kb", 1, 0.1, 0, true, null))
                .hasMessageContaining("at least 2 bp");
        assertThatThrownBy(() -> PruneSettings.of("50", 1, 0.1, 0.6, true, null))
                .hasMessageContaining("--prune-maf");
    }

    @Test
    void longRangeLdListsAsCommitted() throws IOException {
        for (String build : List.of("GRCh37", "GRCh38")) {
            List<String> lines = Files.readAllLines(Path.of("..", "conf", "long-range-ld-" + build + ".txt"));
            GenomeRanges r = GenomeRanges.parse(lines, build);
            assertThat(r.size()).isEqualTo(build.equals("GRCh37") ? 20 : 43);
            // the MHC, on both builds
            assertThat(r.contains("chr6", 30_000_000)).isTrue();
            assertThat(r.contains("6", 24_000_000)).isFalse();
            assertThat(PruneStep.class.getResource("long-range-ld-" + build + ".txt"))
                    .as("bundled into the engine jar")
                    .isNotNull();
        }
        GenomeRanges g37 =
                GenomeRanges.parse(Files.readAllLines(Path.of("..", "conf", "long-range-ld-GRCh37.txt")), "GRCh37");
        assertThat(g37.contains("8", 7_962_589)).isTrue();
        assertThat(g37.contains("8", 11_962_591)).isTrue();
        assertThat(g37.contains("8", 11_962_592)).isFalse();
    }

    @Test
    void badRangeLineIsOneLine() {
        assertThatThrownBy(() -> GenomeRanges.parse(List.of("# c", "1 10 20 a", "2 x 5"), "r.txt"))
                .isInstanceOf(MusubiUserException.class)
                .hasMessage("r.txt line 3: '2 x 5' is not a range; use CHR START END [LABEL] (plink --exclude range"
                        + " format)");
        assertThatThrownBy(() -> GenomeRanges.parse(List.of("1 20 10"), "r.txt"))
                .hasMessageContaining("line 1");
    }
}
