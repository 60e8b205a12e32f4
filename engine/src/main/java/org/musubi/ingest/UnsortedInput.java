package org.musubi.ingest;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaSparkContext;
import org.musubi.error.MusubiUserException;
import org.musubi.io.CorruptInputException;
import org.musubi.io.RecordLines;
import org.musubi.io.vcf.VcfHeaderInfo;
import org.musubi.io.vcf.VcfRecordChecks;
import org.musubi.output.PartFiles;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.table.write.WrittenRows;
import scala.Tuple2;

/**
 * Input files whose records are not in genome order (a contig not contiguous, positions going back), as htslib
 * reads them: ingest's first pass finds them at no cost to sorted files (a split that meets such a record stops
 * writing, {@link SplitResult#unsorted}; splits of one file that overlap each other), then {@link #sortWhereNeeded}
 * ingests those files again in a second Spark pass: each task reads a split's lines and keys them by (file, contig,
 * position, line), a shuffle sorts them into ranges of the genome ({@link RangeOfGenome}, cut from the extents the
 * first pass saw), and each range is ingested in order ({@link SplitIngester#runSorted}). Records at one position
 * keep their order in the file, so duplicates are found as in a sorted file and bad records keep their line numbers.
 * Used by {@link IngestPlan}.
 */
final class UnsortedInput {
    private UnsortedInput() {}

    /**
     * The data results with every unsorted file's results replaced by those of its sorted pass (in genome order, at
     * the place of the file's first split); the same list when every file is in order.
     */
    static List<SplitResult> sortWhereNeeded(
            JavaSparkContext jsc,
            Configuration conf,
            List<SplitSpec> splits,
            List<SplitResult> data,
            int n,
            IngestOptions options,
            List<VcfHeaderInfo> headers,
            String attemptRoot) {
        TreeSet<Integer> unsorted = unsortedFiles(data);
        if (unsorted.isEmpty()) {
            return data;
        }
        RangeOfGenome ranges = RangeOfGenome.of(unsorted, data, splits, headers);
        List<SplitSpec> toRead = new ArrayList<>();
        for (SplitSpec s : splits) {
            if (!s.checksumOnly() && unsorted.contains(s.fileIndex())) {
                toRead.add(s);
            }
        }
        List<VcfRecordChecks> checks = new ArrayList<>();
        for (VcfHeaderInfo h : headers) {
            checks.add(h.recordChecks());
        }
        Map<Integer, SplitSpec> firstSplit = new LinkedHashMap<>();
        toRead.forEach(s -> firstSplit.putIfAbsent(s.fileIndex(), s));
        SerializableConf sconf = new SerializableConf(conf);
        int taskBase = splits.size();
        List<SplitResult> sorted = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(toRead, toRead.size())
                .flatMapToPair(split -> new KeyedLines(split, ranges, sconf.get()))
                .repartitionAndSortWithinPartitions(ranges)
                .mapPartitionsWithIndex(
                        (p, it) -> {
                            SplitSpec first = firstSplit.get(ranges.fileOf(p));
                            Path dir = new Path(attemptRoot, PartFiles.attemptName("sorted", p, ""));
                            SplitIngester ingester = new SplitIngester(
                                    first, n, options, checks.get(first.fileIndex()), sconf.get(), dir, taskBase + p);
                            SplitResult r = ingester.runSorted(new Iterator<>() {
                                @Override
                                public boolean hasNext() {
                                    return it.hasNext();
                                }

                                @Override
                                public SplitIngester.SortedLine next() {
                                    Tuple2<Key, byte[]> t = it.next();
                                    return new SplitIngester.SortedLine(t._1().split, t._1().line, t._2());
                                }
                            });
                            PartFiles.written(taskBase + p);
                            return List.of(r).iterator();
                        },
                        true)
                .collect());
        List<SplitResult> out = new ArrayList<>();
        TreeSet<Integer> placed = new TreeSet<>();
        for (SplitResult r : data) {
            if (!unsorted.contains(r.fileIndex)) {
                out.add(r);
            } else if (placed.add(r.fileIndex)) {
                for (SplitResult s : sorted) {
                    if (s.fileIndex == r.fileIndex) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    /** Files with a split that met a record out of order, or with splits whose positions on a contig overlap. */
    static TreeSet<Integer> unsortedFiles(List<SplitResult> data) {
        TreeSet<Integer> out = new TreeSet<>();
        Map<String, Integer> lastPos = new LinkedHashMap<>();
        for (SplitResult r : data) {
            if (r.unsorted) {
                out.add(r.fileIndex);
                continue;
            }
            for (WrittenRows.File f : r.written.files) {
                String key = r.fileIndex + "\t" + f.contig();
                Integer prev = lastPos.get(key);
                if (prev != null && f.firstPos() < prev) {
                    out.add(r.fileIndex);
                }
                lastPos.merge(key, f.lastPos(), Math::max);
            }
        }
        return out;
    }

    /** POS of a record line from offset {@code from} (digits up to a tab); 0 when it is not a number. */
    static long parsePos(byte[] b, int from, int len) {
        long pos = 0;
        int i = from;
        for (; i < len && b[i] != '\t'; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || pos > Integer.MAX_VALUE) {
                return 0;
            }
            pos = pos * 10 + d;
        }
        return i == from ? 0 : Math.min(pos, Integer.MAX_VALUE);
    }

    /**
     * A record's place in the sort: its file, its contig's rank (header {@code ##contig} order, then order of
     * appearance; a contig the first pass did not see sorts last, by name), its position, then its split and line.
     */
    static final class Key implements Comparable<Key>, Serializable {
        private static final long serialVersionUID = 1L;

        final int file;
        final int rank;
        /** Only for a contig without a rank. */
        final String contig;

        final int pos;
        final int split;
        final long line;

        Key(int file, int rank, String contig, int pos, int split, long line) {
            this.file = file;
            this.rank = rank;
            this.contig = contig;
            this.pos = pos;
            this.split = split;
            this.line = line;
        }

        /** Order of (file, rank, contig, pos): the part the partitioner sees. */
        int compareSite(Key o) {
            int c = Integer.compare(file, o.file);
            if (c == 0) {
                c = Integer.compare(rank, o.rank);
            }
            if (c == 0 && contig != null && o.contig != null) {
                c = contig.compareTo(o.contig);
            }
            return c != 0 ? c : Integer.compare(pos, o.pos);
        }

        @Override
        public int compareTo(Key o) {
            int c = compareSite(o);
            if (c == 0) {
                c = Integer.compare(split, o.split);
            }
            return c != 0 ? c : Long.compare(line, o.line);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && compareTo(k) == 0;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(line) * 31 + split;
        }
    }

    /**
     * The sorted pass's partitions: per unsorted file, its contigs cut into position ranges of about equal record
     * counts (from the extents the first pass saw: contig runs written before the first record out of order, then
     * the scanned rest), about as many as the file had splits; a contig the first pass did not see goes to the
     * file's last range. Records at one site always share a partition.
     */
    static final class RangeOfGenome extends Partitioner {
        private static final long serialVersionUID = 1L;

        /** Per file: contig name → rank. */
        private final Map<Integer, Map<String, Integer>> ranks = new LinkedHashMap<>();
        /** Range starts, in order (file, rank, pos), each the first key of a partition. */
        private final List<Key> starts = new ArrayList<>();

        static RangeOfGenome of(
                TreeSet<Integer> files, List<SplitResult> data, List<SplitSpec> splits, List<VcfHeaderInfo> headers) {
            RangeOfGenome g = new RangeOfGenome();
            for (int f : files) {
                Map<String, long[]> extent = new LinkedHashMap<>();
                for (SplitResult r : data) {
                    if (r.fileIndex != f) {
                        continue;
                    }
                    for (WrittenRows.File w : r.written.files) {
                        add(extent, w.contig(), w.firstPos(), w.lastPos(), w.rows());
                    }
                    r.unsortedExtent.forEach((c, e) -> add(extent, c, e[0], e[1], e[2]));
                }
                Map<String, Integer> rank = new LinkedHashMap<>();
                for (String c : headers.get(f).contigLengths.keySet()) {
                    rank.putIfAbsent(c, rank.size());
                }
                for (String c : extent.keySet()) {
                    rank.putIfAbsent(c, rank.size());
                }
                g.ranks.put(f, rank);
                long total = Math.max(
                        1, extent.values().stream().mapToLong(e -> e[2]).sum());
                long pieces = Math.max(
                        1,
                        splits.stream()
                                .filter(s -> s.fileIndex() == f && !s.checksumOnly())
                                .count());
                List<Key> fileStarts = new ArrayList<>();
                extent.forEach((c, e) -> {
                    int k = (int) Math.max(1, Math.round((double) e[2] / total * pieces));
                    long span = e[1] - e[0] + 1;
                    for (int j = 0; j < k; j++) {
                        int pos = j == 0 ? 0 : (int) (e[0] + span * j / k);
                        fileStarts.add(new Key(f, rank.get(c), null, pos, 0, 0));
                    }
                });
                fileStarts.sort(Key::compareSite);
                if (fileStarts.isEmpty()) {
                    fileStarts.add(new Key(f, 0, null, 0, 0, 0));
                }
                g.starts.addAll(fileStarts);
            }
            return g;
        }

        private static void add(Map<String, long[]> extent, String contig, long min, long max, long count) {
            long[] e = extent.computeIfAbsent(contig, k -> new long[] {min, max, 0});
            e[0] = Math.min(e[0], min);
            e[1] = Math.max(e[1], max);
            e[2] += count;
        }

        /** The key of a record line of file {@code file}. */
        Key key(int file, byte[] b, int len, int split, long line) {
            int t1 = 0;
            while (t1 < len && b[t1] != '\t') {
                t1++;
            }
            String contig = new String(b, 0, t1, StandardCharsets.UTF_8);
            Integer rank = ranks.get(file).get(contig);
            int pos = t1 < len ? (int) parsePos(b, t1 + 1, len) : 0;
            return rank == null
                    ? new Key(file, Integer.MAX_VALUE, contig, pos, split, line)
                    : new Key(file, rank, null, pos, split, line);
        }

        int fileOf(int partition) {
            return starts.get(partition).file;
        }

        @Override
        public int numPartitions() {
            return starts.size();
        }

        @Override
        public int getPartition(Object key) {
            Key k = (Key) key;
            int lo = 0;
            int hi = starts.size() - 1;
            // the last range start at or before the key (the file's first range when the key is before all)
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                Key s = starts.get(mid);
                if (s.file < k.file || (s.file == k.file && s.compareSite(k) <= 0)) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            while (lo + 1 < starts.size() && starts.get(lo).file < k.file) {
                lo++;
            }
            return lo;
        }
    }

    /** A split's record lines, keyed (the header lines of a file's first split skipped, but counted). */
    private static final class KeyedLines implements Iterator<Tuple2<Key, byte[]>> {
        private final SplitSpec split;
        private final RangeOfGenome ranges;
        private final RecordLines lines;
        private Tuple2<Key, byte[]> next;

        KeyedLines(SplitSpec split, RangeOfGenome ranges, Configuration conf) throws IOException {
            this.split = split;
            this.ranges = ranges;
            this.lines = new RecordLines(split.file().open(conf, split.start(), split.end()), split.first());
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            try {
                if (lines.next()) {
                    byte[] b = lines.buffer();
                    int len = lines.length();
                    next = new Tuple2<>(
                            ranges.key(split.fileIndex(), b, len, split.index(), lines.lineNo()),
                            Arrays.copyOf(b, len));
                    return true;
                }
                lines.close();
                return false;
            } catch (CorruptInputException e) {
                throw new MusubiUserException(e.getMessage(), e);
            } catch (IOException e) {
                throw new MusubiUserException(
                        split.file().path() + ": the input could not be read (" + e.getMessage()
                                + "); re-copy or re-compress the file",
                        e);
            }
        }

        @Override
        public Tuple2<Key, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Tuple2<Key, byte[]> t = next;
            next = null;
            return t;
        }
    }
}
