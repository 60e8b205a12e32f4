package org.musubi.qc;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.musubi.spark.SerializableConf;
import org.musubi.stats.pca.SparseBlock;
import org.musubi.stats.pca.Standardize;
import org.musubi.table.scan.Slice;
import org.musubi.util.DoubleList;
import org.musubi.util.IntList;

/**
 * The PCA variants of approx mode read once: each chunk's kept variants over the PCA samples as 2-bit codes
 * ({@link SparseBlock#pack}, a quarter byte per call: 7 MB at 20,000 samples × 1,337 variants) with their ALT
 * frequencies and IDs, block by block as {@link PcaPass#scan} cut them, kept by Spark (serialized, memory and disk)
 * across the Krylov passes, so that each pass costs only its products ({@link SparseBlock#set(long[], int, double[][],
 * int)}, then {@code xtq} and {@code addXt}); released by {@link #close}. When the PCA samples are every table sample
 * in table order, the projection pass runs on it too; otherwise {@link PcaPass#project} reads the table for the other
 * samples. Every product equals the table-reading pass's to the bit (same blocks, same per-block state).
 */
final class PcaCache implements AutoCloseable {
    /** One chunk's kept variants, block by block: codes (b × words), frequencies and IDs in genome order. */
    record Chunk(
            long[][] codes, double[] q, String contig, int[] pos, String[] id, String[] ref, String[] alt, int[] sizes)
            implements Serializable {
        long variants() {
            return q.length;
        }
    }

    private final JavaSparkContext jsc;
    private final PcaPass.Setup setup;
    private final JavaRDD<Chunk> chunks;

    private PcaCache(JavaSparkContext jsc, PcaPass.Setup setup, JavaRDD<Chunk> chunks) {
        this.jsc = jsc;
        this.setup = setup;
        this.chunks = chunks;
    }

    /** The cache over the chunks (read by the first pass that uses it). */
    static PcaCache of(JavaSparkContext jsc, Configuration conf, List<Slice> slices, PcaPass.Setup setup, int tasks) {
        SerializableConf sconf = new SerializableConf(conf);
        JavaRDD<Chunk> rdd = PcaPass.over(jsc, slices, tasks)
                .map(slice -> read(slice, setup, sconf.get()))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        return new PcaCache(jsc, setup, rdd);
    }

    private static Chunk read(Slice slice, PcaPass.Setup setup, Configuration conf) throws java.io.IOException {
        int n = setup.pca().length;
        int words = SparseBlock.words(n);
        List<long[]> codes = new ArrayList<>();
        IntList sizes = new IntList();
        DoubleList q = new DoubleList();
        IntList pos = new IntList();
        List<String> id = new ArrayList<>();
        List<String> ref = new ArrayList<>();
        List<String> alt = new ArrayList<>();
        String[] contig = {slice.file().contig()};
        PcaPass.scan(slice, setup, setup.pca(), setup.freqAt(), null, false, conf, (x, b, blocks, rows, f) -> {
            long[] packed = new long[b * words];
            for (int j = 0; j < b; j++) {
                int jr = rows[j];
                SparseBlock.pack(blocks.codes(), jr * n, n, packed, j * words);
                q.add(f[j]);
                pos.add(blocks.pos(jr));
                id.add(blocks.id(jr));
                ref.add(blocks.ref(jr));
                alt.add(blocks.alt(jr));
            }
            contig[0] = blocks.contig();
            codes.add(packed);
            sizes.add(b);
        });
        return new Chunk(
                codes.toArray(new long[0][]),
                q.toArray(),
                contig[0],
                pos.toArray(),
                id.toArray(new String[0]),
                ref.toArray(new String[0]),
                alt.toArray(new String[0]),
                sizes.toArray());
    }

    /** Approx mode's X(XᵀP) for a panel P (n × cols over the PCA samples), not yet divided by m. */
    PcaPass.Sums multiply(double[] p, int cols) {
        int n = setup.pca().length;
        var bp = jsc.broadcast(p);
        try {
            return PcaPass.sums(jsc, chunks, "qc pca krylov", n * cols, chunk -> {
                double[] panel = bp.value();
                double[] part = new double[n * cols];
                double[] t = new double[PcaPass.blockSize(n) * cols];
                double[] colSums = SparseBlock.columnSums(panel, n, cols);
                SparseBlock sparse = new SparseBlock(n);
                int at = 0;
                for (int blk = 0; blk < chunk.sizes().length; blk++) {
                    int b = chunk.sizes()[blk];
                    sparse.set(chunk.codes()[blk], 0, values(chunk, at, b), b);
                    sparse.xtq(panel, cols, colSums, t);
                    sparse.addXt(t, cols, part);
                    at += b;
                }
                return new Object[] {part, chunk.variants(), null};
            });
        } finally {
            bp.destroy();
        }
    }

    private static double[][] values(Chunk chunk, int at, int b) {
        double[][] values = new double[b][];
        for (int j = 0; j < b; j++) {
            values[j] = Standardize.values(chunk.q()[at + j], false);
        }
        return values;
    }

    PcaPass.Setup setup() {
        return setup;
    }

    /** Whether the PCA samples are the table's samples in table order (then {@link #project} serves). */
    boolean coversTable() {
        int[] pca = setup.pca();
        if (pca.length != setup.tableSamples()) {
            return false;
        }
        for (int i = 0; i < pca.length; i++) {
            if (pca[i] != i) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link PcaPass#project} of this run's PCs when {@link #coversTable}: the same weights, sums and variants, from
     * the cached codes.
     */
    PcaPass.Projection project(double[] pcs, double[] invSqrtLambda, int k) {
        if (!coversTable()) {
            throw new IllegalStateException("the PCA samples are not the table's samples");
        }
        int n = setup.pca().length;
        int words = SparseBlock.words(n);
        return PcaPass.projection(jsc, chunks, setup, k, pcs, null, (chunk, u, r, work, part, used) -> {
            int at = 0;
            for (int blk = 0; blk < chunk.sizes().length; blk++) {
                int b = chunk.sizes()[blk];
                long[] packed = chunk.codes()[blk];
                double[][] values = values(chunk, at, b);
                for (int j = 0; j < b; j++) {
                    double[] v = values[j];
                    int off = j * words;
                    for (int i = 0; i < n; i++) {
                        work.xs[i] = v[(int) (packed[off + (i >>> 5)] >>> ((i & 31) << 1)) & 3];
                    }
                    work.weights(u, invSqrtLambda, j);
                    int g = at + j;
                    used.add(work.weighted(
                            chunk.contig(),
                            chunk.pos()[g],
                            chunk.id()[g],
                            chunk.ref()[g],
                            chunk.alt()[g],
                            chunk.q()[g],
                            j));
                }
                work.sparse.set(packed, 0, values, b);
                work.sparse.addXt(work.c, k, part);
                at += b;
            }
            return chunk.variants();
        });
    }

    /** Drops the cached blocks from the executors. */
    @Override
    public void close() {
        chunks.unpersist(false);
    }
}
