package org.musubi.freq;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.musubi.error.MusubiUserException;

/** {@link RefBaseCheck}: one reference base per position across banks. */
class RefBaseCheckTest {
    @Test
    void sameFirstBaseInEveryBankIsNoConflict() {
        RefBaseCheck c = new RefBaseCheck();
        c.add("A", "AT", "A");
        c.add("B", "a", "G"); // case does not matter
        c.endPosition("1", 100);
        assertThatCode(c::throwIfConflicts).doesNotThrowAnyException();
    }

    @Test
    void namesTheFirstConflictInContigNameAndPositionOrderAndCountsUpToThreePlus() {
        RefBaseCheck c = new RefBaseCheck();
        for (String[] at : new String[][] {{"2", "5"}, {"10", "7"}, {"10", "3"}, {"1", "9"}}) {
            c.add("B", "C", "T");
            c.add("A", "G", "A");
            c.endPosition(at[0], Integer.parseInt(at[1]));
        }
        c.add("A", "G", "A"); // one bank alone: no conflict, and the sets start empty at each position
        c.endPosition("1", 1);
        // "1" < "10" < "2" as bytes; the first three kept: 1:9, 10:3, 10:7
        assertThatThrownBy(c::throwIfConflicts)
                .isInstanceOf(MusubiUserException.class)
                .hasMessageStartingWith("conflicting allele representations at 1:9: A G>A, B C>T (3+ positions)");
    }

    @Test
    void countsFewerThanThreeExactly() {
        RefBaseCheck c = new RefBaseCheck();
        c.add("A", "A", "C");
        c.add("B", "T", "C");
        c.endPosition("X", 5);
        assertThatThrownBy(c::throwIfConflicts).hasMessageContaining("at X:5: A A>C, B T>C (1 positions)");
    }
}
