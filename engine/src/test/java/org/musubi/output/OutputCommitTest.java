package org.musubi.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;

class OutputCommitTest {
    @TempDir
    Path tmp;

    private final Configuration conf = new Configuration();

    @Test
    void directoryOutputAppearsWithSuccessOrNotAtAll() throws IOException {
        String out = tmp.resolve("out").toString();
        assertThrows(
                IllegalStateException.class,
                () -> OutputRun.run(out, false, conf, c -> {
                    c.writeFile("a.txt", bytes("half"));
                    throw new IllegalStateException("boom");
                }));
        assertEquals(List.of(), names(tmp), "a failed run leaves nothing");
        OutputRun.run(out, false, conf, c -> {
            c.writeFile("a.txt", bytes("one"));
            return null;
        });
        assertTrue(Files.exists(tmp.resolve("out/_SUCCESS")));
        assertThrows(MusubiUserException.class, () -> OutputRun.run(out, false, conf, c -> null));
        OutputRun.run(out, true, conf, c -> {
            c.writeFile("b.txt", bytes("two"));
            return null;
        });
        assertEquals(List.of("_SUCCESS", "b.txt"), names(tmp.resolve("out")));
        assertEquals(List.of("out"), names(tmp), "the old output moved aside is deleted");
    }

    @Test
    void fileOutputMovesTheFileAndItsSidecarsAndLeavesTheWorkingFiles() throws IOException {
        String out = tmp.resolve("x.vcf.gz").toString();
        Files.writeString(tmp.resolve("x.vcf.gz"), "old");
        for (String content : List.of("new", "newer")) {
            OutputRun.runFile(out, true, conf, c -> {
                write(c, c.file(), content);
                write(c, new org.apache.hadoop.fs.Path(c.staging(), "x.vcf.gz.tbi"), "index " + content);
                write(c, new org.apache.hadoop.fs.Path(c.staging(), "_part-000000"), "part");
                return null;
            });
            assertArrayEquals(bytes(content), Files.readAllBytes(tmp.resolve("x.vcf.gz")));
            assertEquals("index " + content, Files.readString(tmp.resolve("x.vcf.gz.tbi")));
        }
        assertEquals(List.of("x.vcf.gz", "x.vcf.gz.tbi"), names(tmp));
        assertThrows(MusubiUserException.class, () -> OutputRun.runFile(out, false, conf, c -> null));
    }

    private static void write(OutputCommit c, org.apache.hadoop.fs.Path p, String s) throws IOException {
        try (OutputStream o = c.fs().create(p, true)) {
            o.write(bytes(s));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Names in a directory, without Hadoop's .crc files. */
    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".crc"))
                    .sorted()
                    .toList();
        }
    }
}
