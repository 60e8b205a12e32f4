package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MusubiTest {
    @Test
    void unknownJobIsAUserError() {
        assertThat(Musubi.execute("no-such-job")).isEqualTo(1);
    }

    @Test
    void helpExitsZero() {
        assertThat(Musubi.execute("--help")).isEqualTo(0);
    }
}
