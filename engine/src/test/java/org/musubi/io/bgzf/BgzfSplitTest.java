package org.musubi.io.bgzf;

import static org.assertj.core.api.Assertions.assertThat;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.io.LineReader;

/**
 * Splitting a BGZF file at block starts reads every line exactly once, for any split points, including lines that
 * start exactly at a block start and lines longer than a block.
 */
class BgzfSplitTest {
    @TempDir
    Path tmp;

    @Test
    void everySplitPlanReadsEachLineOnce() throws Exception {
        Random rnd = new Random(7);
        List<String> lines = new ArrayList<>();
        Path file = tmp.resolve("x.gz");
        try (BlockCompressedOutputStream o = new BlockCompressedOutputStream(file.toFile())) {
            for (int i = 0; i < 3000; i++) {
                // Short lines, and now and then one longer than a BGZF block.
                int len = rnd.nextInt(50) == 0 ? 70_000 + rnd.nextInt(5000) : 1 + rnd.nextInt(300);
                StringBuilder b = new StringBuilder(i + ":");
                while (b.length() < len) {
                    b.append((char) ('a' + rnd.nextInt(26)));
                }
                lines.add(b.toString());
                o.write((b + "\n").getBytes(StandardCharsets.US_ASCII));
                if (rnd.nextInt(20) == 0) {
                    o.flush(); // ends a block right after a newline: the next line starts at (block, 0)
                }
            }
        }
        Configuration conf = new Configuration();
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file.toUri());
        FileSystem fs = p.getFileSystem(conf);
        long size = fs.getFileStatus(p).getLen();
        for (int parts : new int[] {1, 2, 3, 7, 16, 61, 200}) {
            List<Long> starts = new ArrayList<>();
            starts.add(0L);
            try (FSDataInputStream in = fs.open(p)) {
                for (int k = 1; k < parts; k++) {
                    long b = BgzfBlocks.nextBlockStart(in, size * k / parts, size);
                    if (b < size && b > starts.get(starts.size() - 1)) {
                        starts.add(b);
                    }
                }
            }
            List<String> read = new ArrayList<>();
            for (int s = 0; s < starts.size(); s++) {
                long end = s + 1 < starts.size() ? starts.get(s + 1) : size;
                try (LineReader r = new BgzfLineReader(fs.open(p), file.toString(), starts.get(s), end)) {
                    while (r.next()) {
                        read.add(new String(r.buffer(), 0, r.length(), StandardCharsets.US_ASCII));
                    }
                }
            }
            assertThat(read).as("%d parts, %d splits", parts, starts.size()).isEqualTo(lines);
        }
    }

    /** A damaged BGZF block is an error naming the file and the block's offset, whichever inflater runs. */
    @Test
    void aDamagedBlockIsAnErrorNamingItsOffset() throws Exception {
        Path file = tmp.resolve("d.gz");
        Random rnd = new Random(11);
        try (BlockCompressedOutputStream o = new BlockCompressedOutputStream(file.toFile())) {
            for (int i = 0; i < 4000; i++) {
                o.write((i + "\t" + rnd.nextInt(1000) + "\tA\tC\t0/1\t0/0\t1/1\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        byte[] good = java.nio.file.Files.readAllBytes(file);
        int second = ((good[16] & 0xff) | (good[17] & 0xff) << 8) + 1; // the second block's offset
        assertThat(second).isLessThan(good.length - 28);
        for (int where : new int[] {
            second + 18 + 5,
            second + 18 + 200,
            second + ((good[second + 16] & 0xff) | (good[second + 17] & 0xff) << 8) + 1 - 8 /* its CRC32 */
        }) {
            byte[] bad = good.clone();
            bad[where] ^= 0x5a;
            Path d = tmp.resolve("bad-" + where + ".gz");
            java.nio.file.Files.write(d, bad);
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(d.toUri());
            FileSystem fs = p.getFileSystem(new Configuration());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                        try (LineReader r = new BgzfLineReader(fs.open(p), d.toString(), 0, bad.length)) {
                            while (r.next()) {
                                // read every line
                            }
                        }
                    })
                    .as("byte %d flipped", where)
                    .isInstanceOf(org.musubi.io.CorruptInputException.class)
                    .hasMessageContaining(d.toString())
                    .hasMessageContaining("offset " + second);
        }
    }
}
