package org.musubi.release;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReleaseGateTest {
    /** Strata: 0 all, 1 XX, 2 XY. */
    static final int[][] SEX = {{0, 1, 2}};

    @Test
    void smallCountsAreHiddenAndZeroIsShown() {
        boolean[][] h = ReleaseGate.hidden(new long[][] {{0, 0, 0}, {25, 20, 5}}, new long[] {100, 50, 50}, SEX, 20);
        assertThat(h[0]).containsExactly(false, false, false);
        // 5 < 20 hidden; then XX is hidden too, or 25 - 20 would give it
        assertThat(h[1]).containsExactly(false, true, true);
    }

    @Test
    void complementarySuppressionHidesTheSmallestShownPart() {
        int[][] pops = {{0, 1, 2, 3}};
        boolean[][] h = ReleaseGate.hidden(new long[][] {{100, 3, 40, 57}}, new long[] {300, 100, 100, 100}, pops, 20);
        assertThat(h[0]).containsExactly(false, true, true, false);
        // two parts hidden already: nothing more
        h = ReleaseGate.hidden(new long[][] {{100, 3, 4, 93}}, new long[] {300, 100, 100, 100}, pops, 20);
        assertThat(h[0]).containsExactly(false, true, true, false);
    }

    @Test
    void smallStrataHideAllTheirCountsAndAOnePartTotalIsHidden() {
        // XY has 10 samples (< k): all its counts hidden, then XX (the only other part) too
        boolean[][] h = ReleaseGate.hidden(new long[][] {{0, 0, 0}, {60, 40, 20}}, new long[] {60, 50, 10}, SEX, 20);
        assertThat(h[0]).containsExactly(false, true, true);
        assertThat(h[1]).containsExactly(false, true, true);
        // a partition with one part: hiding it hides the total
        h = ReleaseGate.hidden(new long[][] {{30, 3}}, new long[] {100, 100}, new int[][] {{0, 1}}, 20);
        assertThat(h[0]).containsExactly(true, true);
    }

    @Test
    void cascadesAcrossNestedPartitions() {
        // 0 all → 1 P1, 2 P2; 1 P1 → 3 P1_XX, 4 P1_XY
        int[][] parts = {{0, 1, 2}, {1, 3, 4}};
        boolean[][] h = ReleaseGate.hidden(
                new long[][] {{200, 30, 170, 25, 5}}, new long[] {500, 200, 300, 100, 100}, parts, 20);
        assertThat(h[0]).containsExactly(false, false, false, true, true);
        h = ReleaseGate.hidden(new long[][] {{200, 10, 190, 5, 5}}, new long[] {500, 200, 300, 100, 100}, parts, 20);
        // P1 hidden → P2 hidden (complement); P1's parts hidden by k
        assertThat(h[0]).containsExactly(false, true, true, true, true);
    }
}
