package org.musubi.wgr;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.musubi.error.MusubiUserException;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.stats.wgr.Level0;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.GenotypeBlocks;
import org.musubi.table.scan.Slice;

/**
 * Level 0 on Spark: the table's variants cut into REGENIE's blocks (per contig, B consecutive variants from the
 * contig's first, the last block of a contig shorter), the blocks dealt in contiguous runs to the tasks; each task
 * reads its blocks through {@link GenotypeBlocks} (ALT dosages of the analysis samples, missing values
 * mean-imputed) and returns each block's level-0 features ({@link Level0#features}: n × 5 per phenotype). The
 * genotypes never leave the task; a task holds one block (n × B doubles) and its features at a time, whatever the
 * number of blocks. A block's result depends only on the block, so the features are identical for any number of
 * tasks. The features come back to the driver by {@code collect}, in tasks of at most 64 MiB and Spark jobs of at
 * most 512 MiB (under the default {@code spark.driver.maxResultSize}).
 */
final class Level0Pass {
    private Level0Pass() {}

    /**
     * One block: its index in genome order, contig, variant count and the table rows it covers (per slice its kept
     * row numbers when the run selects variants, {@link KeptVariants}; else null: every row of the slices).
     */
    record Block(int index, String contig, int variants, List<Slice> slices, List<long[]> rows)
            implements Serializable {
        Block(int index, String contig, int variants, List<Slice> slices) {
            this(index, contig, variants, slices, null);
        }
    }

    /** A block's features (per phenotype n × L column-major) and its variants dropped as constant. */
    record Part(int index, double[][] features, int dropped) implements Serializable {}

    /**
     * The blocks of {@code files} (in genome order; files of one contig are consecutive) of {@code blockSize}
     * variants.
     */
    static List<Block> plan(List<VariantTable.VariantFile> files, int blockSize) {
        return plan(files, null, blockSize);
    }

    /**
     * The blocks of {@code blockSize} variants over the kept rows of {@code files} (in genome order; files of one
     * contig are consecutive): {@code kept} per file its kept row numbers ascending, or null for every row.
     */
    static List<Block> plan(List<VariantTable.VariantFile> files, List<long[]> kept, int blockSize) {
        List<Block> out = new ArrayList<>();
        int i = 0;
        while (i < files.size()) {
            String contig = files.get(i).contig();
            int j = i;
            long rows = 0;
            while (j < files.size() && files.get(j).contig().equals(contig)) {
                rows += kept == null ? files.get(j).rows() : kept.get(j).length;
                j++;
            }
            if (rows > 0 && rows < blockSize) {
                throw new MusubiUserException("contig " + contig + " has " + rows + " variant(s)"
                        + (kept == null ? "" : " kept") + ", fewer than --block-size " + blockSize
                        + "; use --block-size " + rows + " or less");
            }
            // walk the contig's (kept) rows in blocks of blockSize
            int fi = i;
            long inFile = 0; // index into the file's rows (kept rows when selecting)
            for (long start = 0; start < rows; start += blockSize) {
                long want = Math.min(blockSize, rows - start);
                List<Slice> slices = new ArrayList<>();
                List<long[]> sets = kept == null ? null : new ArrayList<>();
                long got = 0;
                while (got < want) {
                    VariantTable.VariantFile f = files.get(fi);
                    long size = kept == null ? f.rows() : kept.get(fi).length;
                    long take = Math.min(size - inFile, want - got);
                    if (take > 0 && kept == null) {
                        slices.add(new Slice(f, inFile, inFile + take));
                    } else if (take > 0) {
                        long[] r = java.util.Arrays.copyOfRange(kept.get(fi), (int) inFile, (int) (inFile + take));
                        slices.add(new Slice(f, r[0], r[r.length - 1] + 1));
                        sets.add(r);
                    }
                    inFile += take;
                    got += take;
                    if (inFile == size) {
                        fi++;
                        inFile = 0;
                    }
                }
                out.add(new Block(out.size(), contig, (int) want, slices, sets));
            }
            i = j;
        }
        return out;
    }

    /** The blocks dealt into {@code tasks} contiguous runs of about equal size. */
    static List<List<Block>> deal(List<Block> blocks, int tasks) {
        int t = Math.max(1, Math.min(tasks, blocks.size()));
        List<List<Block>> out = new ArrayList<>(t);
        for (int k = 0; k < t; k++) {
            int from = (int) ((long) blocks.size() * k / t);
            int to = (int) ((long) blocks.size() * (k + 1) / t);
            out.add(new ArrayList<>(blocks.subList(from, to)));
        }
        return out;
    }

    /** Most feature bytes one task returns (the pass deals more tasks when the blocks would exceed it). */
    static final long TASK_BYTES = 64L << 20;

    /** Most feature bytes one Spark job collects (under Spark's default {@code spark.driver.maxResultSize}, 1g). */
    static final long JOB_BYTES = 512L << 20;

    /** Feature bytes of one block: n × L doubles per phenotype. */
    static long blockBytes(int n, int ridgeValues, int phenotypes) {
        return (long) n * ridgeValues * phenotypes * Double.BYTES;
    }

    /** Tasks for {@code blocks}: at least {@code requested}, and enough that none returns more than TASK_BYTES. */
    static int tasks(int blocks, int requested, long blockBytes) {
        long perTask = Math.max(1, TASK_BYTES / Math.max(1, blockBytes));
        long needed = (blocks + perTask - 1) / perTask;
        return (int) Math.max(1, Math.min(blocks, Math.max(requested, needed)));
    }

    /**
     * Runs the tasks, in as many Spark jobs as keep each job's collected features under JOB_BYTES; the parts come
     * back in block order.
     */
    static List<Part> run(
            JavaSparkContext jsc,
            Configuration conf,
            List<List<Block>> tasks,
            int tableSamples,
            int[] samples,
            Level0 level0,
            int blockSize,
            long blockBytes) {
        SerializableConf sconf = new SerializableConf(conf);
        Broadcast<Level0> b = jsc.broadcast(level0);
        List<Part> parts = new ArrayList<>();
        try (Progress p = Progress.start(jsc, "wgr level 0", tasks.size())) {
            int from = 0;
            while (from < tasks.size()) {
                int to = from;
                long bytes = 0;
                while (to < tasks.size() && (to == from || bytes + tasks.get(to).size() * blockBytes <= JOB_BYTES)) {
                    bytes += tasks.get(to).size() * blockBytes;
                    to++;
                }
                List<List<Block>> batch = tasks.subList(from, to);
                List<List<Part>> got = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(batch, batch.size())
                        .map(t -> task(t, tableSamples, samples, b.value(), blockSize, sconf.get()))
                        .collect());
                for (List<Part> g : got) {
                    parts.addAll(g);
                }
                from = to;
            }
        }
        b.destroy();
        return parts;
    }

    static List<Part> task(
            List<Block> blocks, int tableSamples, int[] samples, Level0 level0, int blockSize, Configuration conf)
            throws IOException {
        List<Part> out = new ArrayList<>();
        if (blocks.isEmpty()) {
            return out;
        }
        List<Slice> slices = new ArrayList<>();
        List<long[]> rows = blocks.get(0).rows() == null ? null : new ArrayList<>();
        for (Block bl : blocks) {
            slices.addAll(bl.slices());
            if (rows != null) {
                rows.addAll(bl.rows());
            }
        }
        try (GenotypeBlocks gb = GenotypeBlocks.over(slices, tableSamples)
                .rows(rows)
                .values(GenotypeBlocks.Values.DOSAGES)
                .blockSize(blockSize)
                .samples(samples)
                .open(conf)) {
            for (Block bl : blocks) {
                if (!gb.next() || gb.size() != bl.variants() || !gb.contig().equals(bl.contig())) {
                    throw new IllegalStateException("wgr: block " + bl.index() + " read as " + gb.size()
                            + " variants of " + gb.contig() + ", planned " + bl.variants() + " of " + bl.contig());
                }
                int b = gb.size();
                double[] g = gb.dosages(); // standardised in place: the next block overwrites it anyway
                int kept = level0.standardize(g, b);
                out.add(new Part(bl.index(), level0.features(g, kept), b - kept));
            }
        }
        return out;
    }
}
