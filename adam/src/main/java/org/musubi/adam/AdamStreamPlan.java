package org.musubi.adam;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.spark.api.java.JavaSparkContext;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;

/**
 * Whether an ADAM genotype dataset can be ingested without a shuffle, and its splits when it can. A first pass of
 * tasks (about one per Parquet file) reads only the referenceName and start columns and checks that each file's genotypes
 * are in genome order of their positions (contigs in {@code _references.avro}'s order, then unknown contigs by name;
 * starts not decreasing), as ADAM writes them from a sorted VCF or a sorted dataset and Musubi's export writes them.
 * The driver then orders the files by their first position and checks that they do not overlap (one position may
 * continue from one file into the next). When all holds, the row groups in that order are cut into splits of about
 * equal compressed size, each reading its own positions ({@link AdamStreamReader}: a position across a row-group or
 * file boundary goes whole to the split where it starts); otherwise {@link #plan} says why and ingest takes the
 * shuffle path. Nothing is assumed: a dataset that is not in order is detected here, never written out of order.
 */
final class AdamStreamPlan {
    /** Target compressed bytes of a split when {@code --partitions} is 0 (at least one split per core). */
    static final long SPLIT_BYTES = 64L << 20;

    private AdamStreamPlan() {}

    /** A position: contig (its index in {@code _references.avro}, or MAX for others, then its name) and 0-based start. */
    record Key(String contig, int order, long start) implements Serializable, Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Integer.compare(order, o.order);
            if (c == 0) {
                c = contig.compareTo(o.contig);
            }
            return c != 0 ? c : Long.compare(start, o.start);
        }

        @Override
        public String toString() {
            return contig + ":" + (start + 1);
        }
    }

    /** Row group {@code group} of file {@code path}. */
    record GroupRef(String path, int group) implements Serializable {}

    /** One row group as the probe saw it. */
    record Group(GroupRef ref, long rows, long bytes, Key first, Key last) implements Serializable {}

    /** One file as the probe saw it: its row groups, or why it cannot be streamed. */
    record FileProbe(String path, List<Group> groups, String notStreamable) implements Serializable {}

    /** What a task of the streaming path reads. */
    static final class Split implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<GroupRef> groups = new ArrayList<>();
        /** The previous split's last position, when this split's first row group continues it (passed over). */
        Key skip;
        /** This split's last position, when the following row groups continue it: {@link #tail} is read for it. */
        Key tailKey;

        final List<GroupRef> tail = new ArrayList<>();
    }

    /** The plan: splits, or why the dataset takes the shuffle path. */
    record Plan(List<Split> splits, int rowGroups, String notStreamable) {}

    /**
     * Probes the dataset's Parquet files (in tasks) and plans the splits: {@code requested} of them (0: one per
     * {@link #SPLIT_BYTES}, at least one per core), at most one per row group.
     */
    static Plan plan(
            JavaSparkContext jsc,
            SerializableConf sconf,
            List<String> files,
            Map<String, Integer> order,
            int requested) {
        if (files.isEmpty()) {
            return new Plan(List.of(), 0, "no Parquet files");
        }
        // one task per file, up to four per core (a store of thousands of files: several files a task)
        int slices = Math.min(files.size(), Math.max(1, 4 * jsc.defaultParallelism()));
        List<FileProbe> probes = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(files, slices)
                .map(p -> probe(p, sconf.get(), order))
                .collect());
        return fromProbes(probes, requested, jsc.defaultParallelism());
    }

    /** The plan from the files' probes: files in genome order, not overlapping, then {@link #cut}. */
    static Plan fromProbes(List<FileProbe> probes, int requested, int cores) {
        List<Group> groups = new ArrayList<>();
        List<FileProbe> sorted = new ArrayList<>();
        for (FileProbe f : probes) {
            if (f.notStreamable() != null) {
                return new Plan(List.of(), 0, f.path() + ": " + f.notStreamable());
            }
            if (!f.groups().isEmpty()) {
                sorted.add(f);
            }
        }
        // by first position, then last (a file of one position before the file that goes on from it)
        sorted.sort(Comparator.<FileProbe, Key>comparing(f -> f.groups().get(0).first())
                .thenComparing(f -> f.groups().get(f.groups().size() - 1).last()));
        for (FileProbe f : sorted) {
            Group head = f.groups().get(0);
            if (!groups.isEmpty() && groups.get(groups.size() - 1).last().compareTo(head.first()) > 0) {
                return new Plan(
                        List.of(),
                        0,
                        "files overlap: " + f.path() + " starts at " + head.first() + ", before the end ("
                                + groups.get(groups.size() - 1).last() + ") of "
                                + groups.get(groups.size() - 1).ref().path());
            }
            groups.addAll(f.groups());
        }
        return new Plan(cut(groups, requested, cores), groups.size(), null);
    }

    /** Cuts row groups (in genome order) into splits of about equal compressed size. */
    static List<Split> cut(List<Group> groups, int requested, int cores) {
        long total = 0;
        for (Group g : groups) {
            total += Math.max(1, g.bytes());
        }
        int want = requested > 0 ? requested : (int) Math.max(cores, (total + SPLIT_BYTES - 1) / SPLIT_BYTES);
        int n = Math.max(1, Math.min(want, groups.size()));
        List<Split> out = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        long before = 0;
        int from = 0;
        for (int i = 0; i < groups.size(); i++) {
            long b = Math.max(1, groups.get(i).bytes());
            // a group goes to the split its middle byte falls in
            int k = (int) Math.min(n - 1, (before + b / 2) * n / total);
            if (k >= ranges.size() + 1 && i > from) {
                ranges.add(new int[] {from, i});
                from = i;
            }
            before += b;
        }
        ranges.add(new int[] {from, groups.size()});
        for (int[] r : ranges) {
            Split s = new Split();
            for (int i = r[0]; i < r[1]; i++) {
                s.groups.add(groups.get(i).ref());
            }
            if (r[0] > 0 && r[0] < groups.size()) {
                Key prev = groups.get(r[0] - 1).last();
                if (prev.compareTo(groups.get(r[0]).first()) == 0) {
                    s.skip = prev;
                }
            }
            if (r[1] > r[0] && r[1] < groups.size()) {
                Key last = groups.get(r[1] - 1).last();
                for (int j = r[1]; j < groups.size() && groups.get(j).first().compareTo(last) == 0; j++) {
                    s.tailKey = last;
                    s.tail.add(groups.get(j).ref());
                    if (groups.get(j).last().compareTo(last) != 0) {
                        break;
                    }
                }
            }
            out.add(s);
        }
        return out;
    }

    /** One file's row groups with their first and last positions, or why its genotypes are not in order. */
    static FileProbe probe(String path, Configuration conf, Map<String, Integer> order) throws IOException {
        try (ParquetFileReader fr = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), conf))) {
            var schema = fr.getFooter().getFileMetaData().getSchema();
            if (AdamColumns.of(schema, false) == null) {
                return new FileProbe(path, List.of(), "not the ADAM genotype schema the streaming reader knows");
            }
            AdamColumns c = AdamColumns.of(schema, true);
            fr.setRequestedSchema(c.projection());
            String createdBy = fr.getFooter().getFileMetaData().getCreatedBy();
            List<BlockMetaData> blocks = fr.getRowGroups();
            List<Group> groups = new ArrayList<>();
            Key prev = null;
            Binary prevContig = null;
            String name = null;
            int ord = 0;
            for (int g = 0; g < blocks.size(); g++) {
                long rows = blocks.get(g).getRowCount();
                if (rows == 0) {
                    continue;
                }
                PageReadStore pages = fr.readRowGroup(g);
                c.bind(pages, createdBy);
                Key first = null;
                for (long i = 0; i < rows; i++) {
                    Binary rc = c.referenceName.binary();
                    boolean has = c.start.present();
                    long st = has ? c.start.r.getLong() : -1;
                    c.start.next();
                    if (rc == null || !has) {
                        return new FileProbe(path, List.of(), "a genotype without referenceName or start");
                    }
                    if (!rc.equals(prevContig)) {
                        name = rc.toStringUsingUTF8();
                        ord = order.getOrDefault(name, Integer.MAX_VALUE);
                        prevContig = rc.copy();
                        Key k = new Key(name, ord, st);
                        if (prev != null && prev.compareTo(k) >= 0) {
                            return new FileProbe(path, List.of(), "not in genome order (" + k + " after " + prev + ")");
                        }
                        prev = k;
                    } else if (st != prev.start()) {
                        if (st < prev.start()) {
                            return new FileProbe(
                                    path,
                                    List.of(),
                                    "not in genome order (" + name + ":" + (st + 1) + " after " + prev + ")");
                        }
                        prev = new Key(name, ord, st);
                    }
                    if (first == null) {
                        first = prev;
                    }
                }
                groups.add(new Group(new GroupRef(path, g), rows, blocks.get(g).getCompressedSize(), first, prev));
            }
            return new FileProbe(path, groups, null);
        }
    }
}
