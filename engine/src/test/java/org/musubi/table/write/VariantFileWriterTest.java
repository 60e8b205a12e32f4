package org.musubi.table.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariantFileWriterTest {
    @TempDir
    Path tmp;

    @Test
    void rowGroupSizeIsEightMibUnlessConfigured() {
        Configuration conf = new Configuration(false);
        assertThat(VariantFileWriter.rowGroupBytes(conf)).isEqualTo(8L << 20);
        conf.setLong(VariantFileWriter.ROW_GROUP_BYTES_KEY, 64L << 20);
        assertThat(VariantFileWriter.rowGroupBytes(conf)).isEqualTo(64L << 20);
        conf.setLong(VariantFileWriter.ROW_GROUP_BYTES_KEY, 1000);
        assertThatThrownBy(() -> VariantFileWriter.rowGroupBytes(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(VariantFileWriter.ROW_GROUP_BYTES_KEY);
    }

    /**
     * The string columns' values are byte-array Binaries ({@code VariantWriteSupport.utf8}, cheaper to make and to look
     * up in the dictionary writer than {@link org.apache.parquet.io.api.Binary#fromString}'s): the same bytes, hash,
     * equality and order as parquet-mr's own, so a table's pages, dictionaries and statistics are unchanged.
     */
    @Test
    void stringValuesAreTheBytesOfParquetsOwnStringBinary() {
        String[] values = {
            "", "A", "ACGT", "rs123", "1:12345:A:C", "<DEL>", "é", "日本", "\uD83D\uDE00", "\uD800x", "x\uDC00"
        };
        var cmp = org.apache.parquet.schema.PrimitiveComparator.UNSIGNED_LEXICOGRAPHICAL_BINARY_COMPARATOR;
        for (String v : values) {
            var ours = VariantWriteSupport.utf8(v);
            var theirs = org.apache.parquet.io.api.Binary.fromString(v);
            assertThat(ours.getBytes()).as(v).isEqualTo(theirs.getBytes());
            assertThat(ours.hashCode()).as(v).isEqualTo(theirs.hashCode());
            assertThat(ours).as(v).isEqualTo(theirs);
            assertThat(theirs).as(v).isEqualTo(ours);
            assertThat(ours.toStringUsingUTF8()).as(v).isEqualTo(theirs.toStringUsingUTF8());
            for (String w : values) {
                var other = org.apache.parquet.io.api.Binary.fromString(w);
                assertThat(Integer.signum(cmp.compare(ours, other)))
                        .as(v + " vs " + w)
                        .isEqualTo(Integer.signum(cmp.compare(theirs, other)));
            }
        }
    }

    @Test
    void zstdLevelIsSetOnACopyUnlessTheUserSetOne() {
        Configuration conf = new Configuration(false);
        Configuration c = VariantFileWriter.withZstdLevel(conf, VariantFileWriter.DOSAGE_ZSTD_LEVEL);
        assertThat(c.getInt(VariantFileWriter.ZSTD_LEVEL_KEY, 3)).isEqualTo(1);
        assertThat(conf.get(VariantFileWriter.ZSTD_LEVEL_KEY)).isNull();
        conf.setInt(VariantFileWriter.ZSTD_LEVEL_KEY, 5);
        assertThat(VariantFileWriter.withZstdLevel(conf, 1).getInt(VariantFileWriter.ZSTD_LEVEL_KEY, 3))
                .isEqualTo(5);
    }

    /**
     * Each file is written at its own configuration's ZSTD level, whatever the JVM wrote before: parquet-mr caches one
     * codec per JVM, configured by its first writer, so without {@code VariantFileWriter.Codecs} the second and third
     * files below would get the first one's level.
     */
    @Test
    void eachFileHasItsOwnZstdLevelWhateverWasWrittenBefore() throws Exception {
        long[] level1 = writeAtLevel("a", 1);
        long[] level19 = writeAtLevel("b", 19);
        long[] level1Again = writeAtLevel("c", 1);
        long[] level19Again = writeAtLevel("d", 19);
        assertThat(level19[0]).as("compressed bytes at 19 vs 1").isLessThan(level1[0] * 9 / 10);
        assertThat(level1Again).isEqualTo(level1);
        assertThat(level19Again).isEqualTo(level19);
    }

    /** Writes the same skewed calls at ZSTD {@code level}; returns the calls chunk's compressed size and CRC32C. */
    private long[] writeAtLevel(String name, int level) throws Exception {
        Configuration conf = new Configuration(false);
        conf.setInt(VariantFileWriter.ZSTD_LEVEL_KEY, level);
        org.apache.hadoop.fs.Path file =
                new org.apache.hadoop.fs.Path(tmp.resolve(name + ".parquet").toUri());
        Random rnd = new Random(11);
        org.musubi.integrity.ParquetDigest written;
        try (VariantFileWriter w = new VariantFileWriter(file, conf, List.of())) {
            VariantRow r = new VariantRow();
            r.ref = "A";
            r.alt = "C";
            r.info = new Object[0];
            byte[] calls = new byte[2000];
            for (int i = 0; i < 2000; i++) {
                for (int k = 0; k < calls.length; k++) {
                    // two bits a sample, mostly 0: compressible, and level-sensitive
                    calls[k] = (byte) (rnd.nextInt(8) == 0 ? rnd.nextInt(256) : rnd.nextInt(4) == 0 ? 0x04 : 0);
                }
                r.pos = 1000 + i;
                r.calls = calls;
                r.callsLength = calls.length;
                r.nCalled = 8000;
                r.an = 16000;
                r.ac = i;
                r.af = r.ac / (double) r.an;
                w.write(r);
            }
            w.close();
            written = w.digest(conf);
        }
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            long size = reader.getRowGroups().stream()
                    .flatMap(g -> g.getColumns().stream())
                    .filter(c -> c.getPath().toDotString().equals(org.musubi.format.VariantTableSchema.CALLS))
                    .mapToLong(c -> c.getTotalSize())
                    .sum();
            return new long[] {size, java.util.Arrays.hashCode(written.chunkCrcs())};
        }
    }

    /** The writer's buffer is one row group: a long file is cut into groups of about the configured size. */
    @Test
    void aLongFileIsCutIntoRowGroupsOfTheConfiguredSize() throws Exception {
        Configuration conf = new Configuration(false);
        long groupBytes = 1 << 20;
        conf.setLong(VariantFileWriter.ROW_GROUP_BYTES_KEY, groupBytes);
        org.apache.hadoop.fs.Path file =
                new org.apache.hadoop.fs.Path(tmp.resolve("v.parquet").toUri());
        int rows = 20_000;
        int samples = 4000;
        Random rnd = new Random(7);
        org.musubi.integrity.ParquetDigest written;
        try (VariantFileWriter w = new VariantFileWriter(file, conf, List.of())) {
            VariantRow r = new VariantRow();
            r.ref = "A";
            r.alt = "C";
            r.info = new Object[0];
            byte[] calls = new byte[samples / 4];
            for (int i = 0; i < rows; i++) {
                rnd.nextBytes(calls); // incompressible: about 1 KB a row on disk
                r.pos = 1000 + i;
                r.calls = calls;
                r.callsLength = calls.length;
                r.nCalled = samples;
                r.an = 2 * samples;
                r.ac = i % 100;
                r.af = r.ac / (double) r.an;
                w.write(r);
            }
            w.close();
            written = w.digest(conf);
        }
        // The digests computed while writing are those of the file read back (every chunk, the tail, the whole).
        assertThat(written).isEqualTo(org.musubi.integrity.ParquetDigest.of(file.getFileSystem(conf), file));
        assertThat(written.chunkCrcs()).hasSizeGreaterThan(100);
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            List<BlockMetaData> groups = reader.getRowGroups();
            assertThat(groups.stream().mapToLong(BlockMetaData::getRowCount).sum())
                    .isEqualTo(rows);
            assertThat(groups).hasSizeGreaterThan(10);
            for (BlockMetaData g : groups) {
                assertThat(g.getCompressedSize()).isLessThan(groupBytes * 3 / 2);
            }
        }
    }

    /**
     * The calls column's statistics are those of the values written, though the writer hands parquet-mr one reused
     * encoder buffer for every row (a Binary taken as constant kept pointing at that buffer: min and max came out as
     * whatever it held last, at the first min's length).
     */
    @Test
    void callsStatisticsAreTheWrittenValuesThoughTheBufferIsReused() throws Exception {
        Configuration conf = new Configuration(false);
        org.apache.hadoop.fs.Path file =
                new org.apache.hadoop.fs.Path(tmp.resolve("s.parquet").toUri());
        Random rnd = new Random(11);
        byte[] min = null;
        byte[] max = null;
        try (VariantFileWriter w = new VariantFileWriter(file, conf, List.of())) {
            VariantRow r = new VariantRow();
            r.ref = "A";
            r.alt = "C";
            r.info = new Object[0];
            byte[] buffer = new byte[64];
            for (int i = 0; i < 500; i++) {
                int len = 8 + rnd.nextInt(40);
                rnd.nextBytes(buffer);
                byte[] v = java.util.Arrays.copyOf(buffer, len);
                if (min == null || java.util.Arrays.compareUnsigned(v, min) < 0) {
                    min = v;
                }
                if (max == null || java.util.Arrays.compareUnsigned(v, max) > 0) {
                    max = v;
                }
                r.pos = 1000 + i;
                r.calls = buffer;
                r.callsLength = len;
                r.nCalled = 4;
                r.an = 8;
                r.ac = 1;
                r.af = 0.125;
                w.write(r);
            }
        }
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            var calls = reader.getRowGroups().get(0).getColumns().stream()
                    .filter(c -> c.getPath().toDotString().equals(org.musubi.format.VariantTableSchema.CALLS))
                    .findFirst()
                    .orElseThrow();
            var stats = calls.getStatistics();
            assertThat(stats.getMinBytes()).isEqualTo(min);
            assertThat(stats.getMaxBytes()).isEqualTo(max);
        }
    }
}
