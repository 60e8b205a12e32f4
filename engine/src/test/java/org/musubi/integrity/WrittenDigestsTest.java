package org.musubi.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrittenDigestsTest {
    @TempDir
    Path tmp;

    private static void write(FileSystem fs, org.apache.hadoop.fs.Path p, String text) throws Exception {
        try (OutputStream o = fs.create(p, true)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aDigestCountsForTheFileAsWrittenOnly() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path p =
                new org.apache.hadoop.fs.Path(tmp.resolve("a.txt").toUri());
        write(fs, p, "abc\n");
        WrittenDigests.record(fs, p, FileDigest.of("abc\n".getBytes(StandardCharsets.UTF_8)));
        FileStatus st = fs.getFileStatus(p);
        assertEquals(FileDigest.of(fs, p), WrittenDigests.take(st));
        assertNull(WrittenDigests.take(st), "taken once");

        // written again by another writer, same size, other bytes: the recorded digest no longer counts
        WrittenDigests.record(fs, p, FileDigest.of("abc\n".getBytes(StandardCharsets.UTF_8)));
        long recorded = fs.getFileStatus(p).getModificationTime();
        write(fs, p, "xyz\n");
        fs.setTimes(p, recorded + 2000, -1);
        FileStatus changed = fs.getFileStatus(p);
        assertEquals(4, changed.getLen());
        assertNull(WrittenDigests.take(changed));
        assertEquals(FileDigest.of("xyz\n".getBytes(StandardCharsets.UTF_8)), WrittenDigests.of(fs, changed));
    }
}
