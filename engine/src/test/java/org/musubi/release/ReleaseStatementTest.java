package org.musubi.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The release statement reads back as written: from a summary's JSON and from a -meta.yaml line. */
class ReleaseStatementTest {
    @Test
    void roundTripsThroughJsonAndYaml() throws Exception {
        ReleaseStatement s = new ReleaseStatement(
                false,
                "internal: x",
                "p",
                "conf/release.yaml",
                20,
                "floor",
                10,
                null,
                List.of("a"),
                List.of("f.tsv.gz"));
        ObjectMapper json = new ObjectMapper();
        assertThat(ReleaseStatement.from(
                        json.readTree(json.writeValueAsString(Map.of(ReleaseStatement.KEY, s.toMap())))))
                .isEqualTo(s);
        assertThat(ReleaseStatement.fromYaml("file_type: GWAS-SSF v1.0\n" + s.yamlLine()))
                .isEqualTo(s);
        assertThat(ReleaseStatement.fromYaml("file_type: GWAS-SSF v1.0\n")).isNull();
        assertThat(ReleaseStatement.from(json.readTree("{\"release\":\"internal: not for release\"}")))
                .isNull();
        ReleaseStatement internal = ReleaseStatement.internal("internal: not for release");
        assertThat(internal.releasable()).isFalse();
        assertThat(internal.toMap()).containsEntry("k", null).containsEntry("releasable", false);
    }

    @Test
    void aReleasableStatementNamesThePolicyFileWithoutTheBanksPath() {
        assertThat(ReleaseStatement.policyFileAsStated("/bank/secure/conf/release.yaml", true))
                .isEqualTo("release.yaml");
        assertThat(ReleaseStatement.policyFileAsStated("hdfs://nn:8020/conf/release.yaml", true))
                .isEqualTo("release.yaml");
        assertThat(ReleaseStatement.policyFileAsStated("release.yaml", true)).isEqualTo("release.yaml");
        assertThat(ReleaseStatement.policyFileAsStated("/bank/secure/conf/release.yaml", false))
                .isEqualTo("/bank/secure/conf/release.yaml");
        assertThat(ReleaseStatement.policyFileAsStated(null, true)).isNull();
    }
}
