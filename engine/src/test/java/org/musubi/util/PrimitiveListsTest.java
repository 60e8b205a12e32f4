package org.musubi.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link IntList}, {@link LongList}, {@link DoubleList}: growth past the capacity, reserve, copies. */
class PrimitiveListsTest {
    @Test
    void growKeepingTheValues() {
        IntList i = new IntList(1);
        LongList l = new LongList(0);
        DoubleList d = new DoubleList();
        for (int k = 0; k < 1000; k++) {
            i.add(k);
            l.add((long) k << 33);
            d.add(k / 4.0);
        }
        assertThat(i.size()).isEqualTo(1000);
        assertThat(l.size()).isEqualTo(1000);
        assertThat(d.size()).isEqualTo(1000);
        for (int k = 0; k < 1000; k++) {
            assertThat(i.get(k)).isEqualTo(k);
            assertThat(l.get(k)).isEqualTo((long) k << 33);
            assertThat(d.get(k)).isEqualTo(k / 4.0);
        }
        assertThat(i.toArray()).hasSize(1000).startsWith(0, 1, 2);
        assertThat(i.array().length).isGreaterThanOrEqualTo(1000);
        assertThatThrownBy(() -> i.get(1000)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void reserveMakesRoomWithoutChangingTheSize() {
        IntList i = new IntList(2);
        i.add(7);
        i.reserve(100);
        assertThat(i.size()).isEqualTo(1);
        assertThat(i.array().length).isGreaterThanOrEqualTo(101);
        assertThat(i.get(0)).isEqualTo(7);
    }
}
