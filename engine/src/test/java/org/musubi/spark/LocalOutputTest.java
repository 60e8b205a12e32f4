package org.musubi.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalOutput}: local paths are written directly only under {@code RawLocalFileSystem} (Musubi's setting for
 * {@code file:}), with their parent directories, replacing what was there, the same bytes as through Hadoop.
 */
class LocalOutputTest {
    @TempDir
    Path tmp;

    private static Configuration raw() {
        Configuration c = new Configuration(false);
        c.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
        c.set("fs.defaultFS", "file:///");
        return c;
    }

    @Test
    void localOnlyUnderTheRawLocalFileSystem() {
        org.apache.hadoop.fs.Path p =
                new org.apache.hadoop.fs.Path(tmp.resolve("a/b.txt").toString());
        assertThat(LocalOutput.localFile(p, raw()))
                .isEqualTo(tmp.resolve("a/b.txt").toFile());
        assertThat(LocalOutput.localFile(new org.apache.hadoop.fs.Path("file:" + tmp.resolve("c")), raw()))
                .isEqualTo(tmp.resolve("c").toFile());
        Configuration checksummed = raw();
        checksummed.set("fs.file.impl", "org.apache.hadoop.fs.LocalFileSystem");
        assertThat(LocalOutput.localFile(p, checksummed)).isNull();
        assertThat(LocalOutput.localFile(new org.apache.hadoop.fs.Path("s3a://bucket/x"), raw()))
                .isNull();
        Configuration hdfs = raw();
        hdfs.set("fs.defaultFS", "hdfs://nn:8020");
        assertThat(LocalOutput.localFile(new org.apache.hadoop.fs.Path("/x/y"), hdfs))
                .isNull();
    }

    @Test
    void createsParentsAndReplaces() throws Exception {
        org.apache.hadoop.fs.Path p =
                new org.apache.hadoop.fs.Path(tmp.resolve("d/e/f.txt").toString());
        try (OutputStream o = LocalOutput.create(p, raw())) {
            o.write("first, longer".getBytes(StandardCharsets.UTF_8));
        }
        try (OutputStream o = LocalOutput.create(p, raw())) {
            o.write("second".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.readString(tmp.resolve("d/e/f.txt"))).isEqualTo("second");
        assertThat(tmp.resolve("d/e").toFile().list()).containsExactly("f.txt"); // no .crc side file
    }

    @Test
    void parquetOutputFileCountsItsBytes() throws Exception {
        OutputFile f = LocalOutput.parquet(
                new org.apache.hadoop.fs.Path(tmp.resolve("g/h.parquet").toString()), raw());
        try (PositionOutputStream o = f.createOrOverwrite(0)) {
            o.write(new byte[] {1, 2, 3});
            o.write(4);
            assertThat(o.getPos()).isEqualTo(4);
        }
        assertThat(Files.readAllBytes(tmp.resolve("g/h.parquet"))).containsExactly(1, 2, 3, 4);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.create(0)).isInstanceOf(java.io.IOException.class);
    }
}
