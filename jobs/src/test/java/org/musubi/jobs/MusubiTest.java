package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MusubiTest {
    @Test
    void unknownJobIsAUserError() {
        assertThat(Musubi.execute("no-such-job")).isEqualTo(1);
    }

    @Test
    void helpExitsZero() {
        assertThat(Musubi.execute("--help")).isEqualTo(0);
    }

    @Test
    void noJobAndMistypedJobAreUserErrors() {
        assertThat(Musubi.execute()).isEqualTo(1);
        assertThat(Musubi.execute("gwsa", "--help")).isEqualTo(1);
    }

    @Test
    void aMistypedJobNamesTheNearestOne() {
        CommandLine cl = new CommandLine(new Musubi());
        assertThat(Musubi.unknownJob("gwsa", cl)).isEqualTo("musubi: error: unknown job 'gwsa' (did you mean gwas?)");
        assertThat(Musubi.unknownJob("frq-merge", cl)).endsWith("(did you mean freq-merge?)");
        assertThat(Musubi.unknownJob("Ingset", cl)).endsWith("(did you mean ingest?)");
        assertThat(Musubi.unknownJob("plink", cl)).isEqualTo("musubi: error: unknown job 'plink'");
        assertThat(Musubi.editDistance("gwsa", "gwas")).isEqualTo(1);
        assertThat(Musubi.editDistance("", "meta")).isEqualTo(4);
    }
}
