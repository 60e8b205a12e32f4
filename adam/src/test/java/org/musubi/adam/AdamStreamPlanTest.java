package org.musubi.adam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming path's split planner: balanced cuts, and the positions each split passes over or completes. */
class AdamStreamPlanTest {
    private static AdamStreamPlan.Key key(long start) {
        return new AdamStreamPlan.Key("1", 0, start);
    }

    private static AdamStreamPlan.Group group(int i, long first, long last) {
        return new AdamStreamPlan.Group(new AdamStreamPlan.GroupRef("f", i), 100, 1000, key(first), key(last));
    }

    @Test
    void aPositionOverSeveralRowGroupsGoesWholeToTheSplitWhereItStarts() {
        List<AdamStreamPlan.Group> groups =
                List.of(group(0, 10, 20), group(1, 20, 20), group(2, 20, 30), group(3, 31, 40));
        List<AdamStreamPlan.Split> s = AdamStreamPlan.cut(groups, 4, 2);
        assertThat(s).hasSize(4);
        assertThat(s.get(0).skip).isNull();
        assertThat(s.get(0).tailKey).isEqualTo(key(20));
        assertThat(s.get(0).tail).extracting(AdamStreamPlan.GroupRef::group).containsExactly(1, 2);
        // split 1 holds only position 20, which split 0 owns: it passes over all of it, tail included
        assertThat(s.get(1).skip).isEqualTo(key(20));
        assertThat(s.get(1).tailKey).isEqualTo(key(20));
        assertThat(s.get(2).skip).isEqualTo(key(20));
        assertThat(s.get(2).tail).isEmpty();
        assertThat(s.get(3).skip).isNull();
        assertThat(s.get(3).tail).isEmpty();
    }

    @Test
    void splitsAreContiguousAndAboutEqualInBytesAndNeverMoreThanTheRowGroups() {
        List<AdamStreamPlan.Group> groups = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            groups.add(group(i, i * 10L, i * 10L + 5));
        }
        List<AdamStreamPlan.Split> three = AdamStreamPlan.cut(groups, 3, 2);
        assertThat(three).extracting(x -> x.groups.size()).containsExactly(3, 4, 3);
        assertThat(three.stream().flatMap(x -> x.groups.stream()).map(AdamStreamPlan.GroupRef::group))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(AdamStreamPlan.cut(groups, 50, 2)).hasSize(10);
        assertThat(AdamStreamPlan.cut(groups, 1, 2)).hasSize(1);
        // 0: one split per core at least (small stores)
        assertThat(AdamStreamPlan.cut(groups, 0, 2)).hasSize(2);
        assertThat(AdamStreamPlan.cut(List.of(), 0, 2)).hasSize(1);
    }

    private static AdamStreamPlan.FileProbe file(String path, long first, long last) {
        return new AdamStreamPlan.FileProbe(
                path,
                List.of(new AdamStreamPlan.Group(new AdamStreamPlan.GroupRef(path, 0), 10, 10, key(first), key(last))),
                null);
    }

    @Test
    void filesAreOrderedByTheirPositionsAndOverlapIsRefused() {
        // a file of one position sorts before the file that goes on from that position
        AdamStreamPlan.Plan ok =
                AdamStreamPlan.fromProbes(List.of(file("b", 200, 300), file("c", 200, 200), file("a", 100, 200)), 3, 2);
        assertThat(ok.notStreamable()).isNull();
        assertThat(ok.splits().stream().flatMap(x -> x.groups.stream()).map(AdamStreamPlan.GroupRef::path))
                .containsExactly("a", "c", "b");
        // position 200 starts in a: a's split reads c and the start of b for it; the others pass over it
        assertThat(ok.splits().get(0).tail)
                .extracting(AdamStreamPlan.GroupRef::path)
                .containsExactly("c", "b");
        assertThat(ok.splits().get(2).skip).isEqualTo(key(200));

        AdamStreamPlan.Plan overlap =
                AdamStreamPlan.fromProbes(List.of(file("a", 100, 200), file("b", 150, 300)), 2, 2);
        assertThat(overlap.notStreamable()).startsWith("files overlap: b starts at 1:151");
        AdamStreamPlan.Plan unsorted = AdamStreamPlan.fromProbes(
                List.of(file("a", 100, 200), new AdamStreamPlan.FileProbe("b", List.of(), "not in genome order")),
                2,
                2);
        assertThat(unsorted.notStreamable()).isEqualTo("b: not in genome order");
    }
}
