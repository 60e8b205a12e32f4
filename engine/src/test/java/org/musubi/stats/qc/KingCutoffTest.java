package org.musubi.stats.qc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** plink2 {@code KinshipPruneDestructive}'s greedy rule, on graphs worked by hand. */
class KingCutoffTest {
    @Test
    void aDegreeOneSampleLosesItsRelative() {
        // path 0-1-2: 0 has one relative (1): remove 1; 0 and 2 stay
        assertThat(KingCutoff.remove(3, new int[] {0, 1}, new int[] {1, 2})).containsExactly(1);
        // trio: child 2 related to 0 and 1 (parents unrelated): 0 has degree 1 → its relative 2 goes
        assertThat(KingCutoff.remove(4, new int[] {2, 2}, new int[] {0, 1})).containsExactly(2);
    }

    @Test
    void withoutDegreeOneTheFirstSampleWithTheMostRelativesGoes() {
        // triangle 0-1-2 (all degree 2): remove 0 (first of the maxima); then 1-2 is an edge with degree-1 vertex 1:
        // its relative 2 goes
        assertThat(KingCutoff.remove(3, new int[] {0, 0, 1}, new int[] {1, 2, 2}))
                .containsExactly(0, 2);
        // K4 plus pendant: 0..3 complete, 4-3; 4 has degree 1 → remove 3; left triangle 0-1-2 → remove 0, then 2
        int[] a = {0, 0, 0, 1, 1, 2, 3};
        int[] b = {1, 2, 3, 2, 3, 3, 4};
        assertThat(KingCutoff.remove(5, a, b)).containsExactly(0, 2, 3);
    }

    @Test
    void noEdgesNoRemovals() {
        assertThat(KingCutoff.remove(3, new int[0], new int[0])).isEmpty();
    }
}
