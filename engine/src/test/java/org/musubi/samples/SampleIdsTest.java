package org.musubi.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one sample-ID rule: IID, or FID_IID with the FID checked (the IID when the file gives none). */
class SampleIdsTest {
    @Test
    void iidOrFidIidWithTheFidChecked() {
        SampleIds.Entry iidOnly = new SampleIds.Entry(null, "S1");
        assertThat(SampleIds.matches("S1", iidOnly)).isTrue();
        assertThat(SampleIds.matches("S1_S1", iidOnly)).isTrue();
        assertThat(SampleIds.matches("F1_S1", iidOnly)).isFalse();
        assertThat(SampleIds.matches("XS1", iidOnly)).isFalse();
        SampleIds.Entry withFid = new SampleIds.Entry("F1", "S1");
        assertThat(SampleIds.matches("F1_S1", withFid)).isTrue();
        assertThat(SampleIds.matches("S1", withFid)).isTrue();
        assertThat(SampleIds.matches("S1_S1", withFid)).isFalse();
        assertThat(SampleIds.matches("F2_S1", withFid)).isFalse();
        // underscores inside the FID or the IID
        assertThat(SampleIds.matches("A_B_C", new SampleIds.Entry("A_B", "C"))).isTrue();
        assertThat(SampleIds.matches("A_B_C", new SampleIds.Entry("A", "B_C"))).isTrue();
    }

    @Test
    void indexLooksUpByTheRuleAndListsMatchEveryEntry() {
        SampleIds.Index<String> index = new SampleIds.Index<>();
        index.put(new SampleIds.Entry("F1", "S1"), "a");
        index.put(new SampleIds.Entry(null, "S2"), "b");
        index.put(new SampleIds.Entry("A_B", "C"), "c");
        assertThat(index.lookup("F1_S1").value()).isEqualTo("a");
        assertThat(index.lookup("S1").value()).isEqualTo("a");
        assertThat(index.lookup("S2_S2").value()).isEqualTo("b");
        assertThat(index.lookup("X_S2")).isNull();
        assertThat(index.lookup("A_B_C").value()).isEqualTo("c");

        SampleList list = SampleList.parse("w.txt", "#FID IID\nIID\nS1\nF9 S2\n\n# note\nS3\n");
        assertThat(list.size()).isEqualTo(3);
        SampleList.Match m = list.match(List.of("S1_S1", "F9_S2", "S2_S2", "S4"));
        assertThat(m.inList()).containsExactly(true, true, false, false);
        assertThat(m.count()).isEqualTo(2);
        assertThat(m.unmatched()).containsExactly(new SampleIds.Entry(null, "S3"));
        assertThat(SampleList.nearMiss(new SampleIds.Entry(null, "S9"), List.of("F_S9")))
                .contains("'F S9'")
                .contains("F_S9");
    }
}
