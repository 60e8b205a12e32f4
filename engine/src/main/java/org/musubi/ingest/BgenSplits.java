package org.musubi.ingest;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;
import org.musubi.io.bgen.BgenException;
import org.musubi.io.bgen.BgenHeader;
import org.musubi.io.bgen.BgenReader;
import org.musubi.io.bgen.ByteSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the tasks of a BGEN ingest on the driver: splits at variant starts of about equal bytes, from the
 * {@code .bgi} index beside the file (SQLite, read with sqlite-jdbc) when there is one, else from one skim of the
 * block headers (identifying data and block length; the genotype blocks are skipped). No task rescans the file:
 * each starts at its own variant offset.
 */
final class BgenSplits {
    private static final Logger LOG = LoggerFactory.getLogger(BgenSplits.class);
    private static final long MIN_SPLIT_BYTES = 64 * 1024;

    /**
     * Variants from offset {@code start} (variant number {@code firstVariant}, 1-based) up to {@code end}; or, for a
     * file not in genome order, the variants at {@code offsets} (numbered {@code numbers}), read in that order.
     */
    record Split(int index, long start, long end, long firstVariant, long[] offsets, long[] numbers)
            implements Serializable {}

    /** The splits, how they were found ({@code bgi} or {@code skim}) and whether the file had to be reordered. */
    record Plan(List<Split> splits, String by, boolean reordered) {}

    private BgenSplits() {}

    static Plan plan(Path bgen, long length, BgenHeader h, int target, boolean useIndex, Configuration conf)
            throws IOException {
        long splitSize = Math.max(MIN_SPLIT_BYTES, (length - h.firstVariant + target - 1) / Math.max(1, target));
        Path bgi = bgen.suffix(".bgi");
        FileSystem fs = bgen.getFileSystem(conf);
        Cutter cut = new Cutter(splitSize, length);
        String by;
        if (useIndex && fs.exists(bgi)) {
            fromIndex(bgen, bgi, h, cut, conf);
            by = "bgi";
        } else {
            skim(bgen, length, h, cut, conf);
            by = "skim";
        }
        if (cut.sorted) {
            return new Plan(cut.finish(), by, false);
        }
        return new Plan(cut.reordered(target), by, true);
    }

    /** Accumulates variant offsets into splits of about {@code size} bytes. */
    private static final class Cutter {
        final long size;
        final long length;
        final List<Split> out = new ArrayList<>();
        long start = -1;
        long first;
        long count;
        // every variant's offset, contig (rank of first appearance) and position, for a file not in genome order
        long[] offsets = new long[1024];
        int[] contigs = new int[1024];
        int[] positions = new int[1024];
        final java.util.Map<String, Integer> contigRank = new java.util.HashMap<>();
        boolean sorted = true;
        int lastContig = -1;
        int lastPos;

        Cutter(long size, long length) {
            this.size = size;
            this.length = length;
        }

        void variant(long offset, String contig, int pos) {
            int c = contigRank.computeIfAbsent(contig, k -> contigRank.size());
            if (c == lastContig ? pos < lastPos : c < contigRank.size() - 1) {
                sorted = false;
            }
            lastContig = c;
            lastPos = pos;
            int i = (int) count;
            if (i == offsets.length) {
                offsets = java.util.Arrays.copyOf(offsets, 2 * i);
                contigs = java.util.Arrays.copyOf(contigs, 2 * i);
                positions = java.util.Arrays.copyOf(positions, 2 * i);
            }
            offsets[i] = offset;
            contigs[i] = c;
            positions[i] = pos;
            count++;
            if (start < 0) {
                start = offset;
                first = count;
            } else if (offset - start >= size) {
                out.add(new Split(out.size(), start, offset, first, null, null));
                start = offset;
                first = count;
            }
        }

        List<Split> finish() {
            if (start >= 0) {
                out.add(new Split(out.size(), start, length, first, null, null));
            }
            return out;
        }

        /** Splits of about equal variant counts over the variants in genome order (contig, position, file order). */
        List<Split> reordered(int target) {
            int m = (int) count;
            Integer[] order = new Integer[m];
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(
                    order,
                    (a, b) -> contigs[a] != contigs[b]
                            ? Integer.compare(contigs[a], contigs[b])
                            : positions[a] != positions[b]
                                    ? Integer.compare(positions[a], positions[b])
                                    : Integer.compare(a, b));
            int per = Math.max(1, (m + target - 1) / Math.max(1, target));
            List<Split> splits = new ArrayList<>();
            for (int from = 0; from < m; from += per) {
                int to = Math.min(m, from + per);
                long[] offs = new long[to - from];
                long[] nums = new long[to - from];
                for (int i = from; i < to; i++) {
                    offs[i - from] = offsets[order[i]];
                    nums[i - from] = order[i] + 1L;
                }
                splits.add(new Split(splits.size(), 0, 0, 0, offs, nums));
            }
            return splits;
        }
    }

    private static void fromIndex(Path bgen, Path bgi, BgenHeader h, Cutter cut, Configuration conf)
            throws IOException {
        FileSystem fs = bgi.getFileSystem(conf);
        File local;
        File copy = null;
        if (fs instanceof LocalFileSystem || "file".equals(fs.getUri().getScheme())) {
            local = new File(fs.makeQualified(bgi).toUri().getPath());
        } else {
            copy = File.createTempFile("musubi-", ".bgi");
            fs.copyToLocalFile(false, bgi, new Path(copy.getAbsolutePath()), true);
            local = copy;
        }
        long firstOffset = -1;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + local.getAbsolutePath());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT file_start_position, chromosome, position FROM Variant ORDER BY file_start_position")) {
            while (rs.next()) {
                long off = rs.getLong(1);
                if (firstOffset < 0) {
                    firstOffset = off;
                }
                cut.variant(off, rs.getString(2), rs.getInt(3));
            }
        } catch (SQLException e) {
            throw new MusubiUserException(
                    bgi + ": not a readable BGEN index (" + e.getMessage() + "); re-create it with bgenix -g " + bgen
                            + " -index -clobber, or remove it (the file is then split by a skim of its blocks)",
                    e);
        } finally {
            if (copy != null) {
                copy.delete();
            }
        }
        if (cut.count != h.variantCount || (cut.count > 0 && firstOffset != h.firstVariant)) {
            throw new MusubiUserException(bgi + " does not match " + bgen + ": it lists " + cut.count
                    + " variants from byte " + firstOffset + ", the BGEN header " + h.variantCount + " from byte "
                    + h.firstVariant + "; re-create the index with bgenix -g " + bgen + " -index -clobber");
        }
        LOG.info("ingest: {} variants indexed by {}", cut.count, bgi);
    }

    /**
     * Reads each variant's identifying data and block length, skipping its genotype block. A block that runs past
     * the end stops the skim: the last split reaches the end and its task reports the variant.
     */
    private static void skim(Path bgen, long length, BgenHeader h, Cutter cut, Configuration conf) throws IOException {
        try (FSDataInputStream in = bgen.getFileSystem(conf).open(bgen)) {
            BgenReader r = new BgenReader(source(in, length), h, 64 * 1024);
            r.seek(h.firstVariant, 1);
            while (r.hasNext(length) && cut.count < h.variantCount) {
                long at = r.position();
                try {
                    r.skipVariant();
                    cut.variant(at, r.chrom, r.pos);
                } catch (BgenException e) {
                    // the task that reads this variant reports it; it sorts last if its position is unknown
                    cut.variant(at, r.chrom == null ? "\uffff" : r.chrom, r.chrom == null ? Integer.MAX_VALUE : r.pos);
                    break;
                }
            }
        }
        if (cut.count != h.variantCount) {
            LOG.warn("ingest: {} holds {} variant(s) but its header says {}", bgen, cut.count, h.variantCount);
        }
    }

    /** A kernel byte source over a Hadoop stream (positioned reads). */
    static ByteSource source(FSDataInputStream in, long length) {
        return new ByteSource() {
            @Override
            public void readFully(long position, byte[] buf, int off, int len) throws IOException {
                in.readFully(position, buf, off, len);
            }

            @Override
            public long length() {
                return length;
            }
        };
    }
}
