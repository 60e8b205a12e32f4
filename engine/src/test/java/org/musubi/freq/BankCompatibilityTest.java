package org.musubi.freq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.musubi.error.MusubiUserException;

/** {@link BankCompatibility#check}: what merged banks share, and the reasons banks are refused. */
class BankCompatibilityTest {
    static BankFreq bank(
            String name, String build, List<String> strataBy, Map<String, Long> strata, Object... contigs) {
        Map<String, Long> c = new LinkedHashMap<>();
        for (int i = 0; i < contigs.length; i += 2) {
            c.put((String) contigs[i], (Long) contigs[i + 1]);
        }
        return new BankFreq("out/" + name, name, build, 0, "", strataBy, strata, c, 10);
    }

    static final List<String> POP = List.of("population");

    @Test
    void contigsInFirstSeenOrderWithLengthsAndEveryBanksPopulations() {
        BankCompatibility c = BankCompatibility.check(List.of(
                bank("A", "GRCh38", POP, Map.of("all", 10L, "EUR", 6L, "AFR", 4L), "chr2", 100L, "chr1", null),
                bank("B", "GRCh38", POP, Map.of("all", 5L, "EAS", 5L), "chr1", 200L, "chrX", 300L)));
        assertThat(c.build()).isEqualTo("GRCh38");
        assertThat(c.strataBy()).isEqualTo(POP);
        assertThat(c.contigs())
                .containsExactly(Map.entry("chr2", 100L), Map.entry("chr1", 200L), Map.entry("chrX", 300L));
        assertThat(c.populations()).containsExactly("AFR", "EAS", "EUR");
    }

    @Test
    void refusesBanksThatCannotBeMerged() {
        Map<String, Long> all = Map.of("all", 10L);
        assertThatThrownBy(() -> BankCompatibility.check(List.of(
                        bank("A", "GRCh38", List.of(), all, "1", 10L), bank("a", "GRCh38", List.of(), all, "1", 10L))))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("are both bank 'a'");
        assertThatThrownBy(() -> BankCompatibility.check(List.of(
                        bank("A", "GRCh38", List.of(), all, "1", 10L), bank("B", "GRCh37", List.of(), all, "1", 10L))))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("positions of different builds cannot be merged");
        assertThatThrownBy(() -> BankCompatibility.check(List.of(
                        bank("A", "GRCh38", POP, all, "1", 10L), bank("B", "GRCh38", List.of(), all, "1", 10L))))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("by nothing (all samples only)");
        assertThatThrownBy(() -> BankCompatibility.check(List.of(
                        bank("A", "GRCh38", List.of(), all, "chr1", 10L),
                        bank("B", "GRCh38", List.of(), all, "1", 10L))))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("names a contig 'chr1' and bank B names it '1'");
        assertThatThrownBy(() -> BankCompatibility.check(List.of(
                        bank("A", "GRCh38", List.of(), all, "1", 10L), bank("B", "GRCh38", List.of(), all, "1", 11L))))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("contig 1 is 10 bp long in bank A but 11 bp in bank B");
    }
}
