package org.musubi.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.Version;

class RunSummaryTest {
    @TempDir
    Path tmp;

    @Test
    void theJobsKeysComeFirstUnchangedThenJobVersionAndFiles() throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("table", "t");
        fields.put("seconds", 1.5);
        fields.put("arguments", List.of("--x", "1"));
        fields.put("release_statement", Map.of("releasable", true));
        String out = tmp.resolve("out").toString();
        OutputRun.run(out, false, new Configuration(), c -> {
            c.writeFile("b.tsv", new byte[0]);
            c.writeFile("a.parquet/part-0", new byte[0]);
            c.writeFile("_parts/p", new byte[0]);
            RunSummary.write(c, "gwas", fields);
            return null;
        });
        JsonNode s = new ObjectMapper().readTree(tmp.resolve("out/summary.json").toFile());
        List<String> keys = new ArrayList<>();
        s.fieldNames().forEachRemaining(keys::add);
        assertEquals(
                List.of(
                        "table",
                        "seconds",
                        "arguments",
                        "release_statement",
                        "job",
                        "engine_version",
                        "files_written",
                        "file_digests"),
                keys);
        assertEquals(
                "{\"a.parquet/part-0\":{\"size\":0,\"crc32c\":\"00000000\"},"
                        + "\"b.tsv\":{\"size\":0,\"crc32c\":\"00000000\"}}",
                s.get("file_digests").toString());
        assertEquals("gwas", s.get("job").asText());
        assertEquals(Version.ENGINE, s.get("engine_version").asText());
        assertEquals(true, s.get("release_statement").get("releasable").asBoolean());
        assertEquals(
                "[\"a.parquet/\",\"b.tsv\",\"summary.json\"]",
                s.get("files_written").toString());
        assertEquals(4, fields.size(), "the caller's map is not changed");
    }

    @Test
    void aSummaryWithoutArgumentsOrSecondsIsRefused() throws IOException {
        String out = tmp.resolve("out2").toString();
        assertThrows(
                IllegalStateException.class,
                () -> OutputRun.run(out, false, new Configuration(), c -> {
                    RunSummary.write(c, "meta", Map.of("seconds", 1));
                    return null;
                }));
    }
}
