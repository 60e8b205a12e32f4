package org.musubi.qc;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.stats.pca.BlockProducts;
import org.musubi.stats.pca.ExactSums;
import org.musubi.stats.pca.SparseBlock;
import org.musubi.stats.pca.Standardize;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.GenotypeBlocks;
import org.musubi.table.scan.Slice;

/**
 * Step 6's passes over the PCA variants (SPECS §7.5). The autosomal files are cut into chunks of {@value #CHUNK}
 * rows; tasks take runs of chunks, read each through {@link GenotypeBlocks} (hard calls), standardise the kept
 * variants with {@link Standardize} (q over the PCA samples' founders, read in the same row) and take the block
 * products of {@link BlockProducts} (the GRM) or {@link SparseBlock} (the Krylov panels and the projection: only the
 * samples off each variant's most common call are touched). Each chunk's double products go into {@link ExactSums}, so the driver's totals,
 * hence every output, are the same for any number of tasks. The passes: {@link #gram} (exact mode's GRM, n × n
 * packed) and {@link #project} (allele weights and every table sample's projection, from this run's PCs or another
 * bank's weights); approx mode's Krylov products A·P (n × L panels: it never forms n × n) run on {@link PcaCache},
 * which reads the chunks once through {@link #scan} and reduces with {@link #sums} and {@link #projection}.
 *
 * <p>Memory per task: a block of codes and of x (about 32 MiB), and the chunk's products: n(n+1)/2 doubles and
 * twice that in longs for the GRM, 3·n·L values for a panel, 3·N·k for the projections.
 */
final class PcaPass {
    static final int CHUNK = 4096;

    private PcaPass() {}

    /**
     * What the passes share: the table's sample count, the PCA samples (table indices, table order), the positions
     * among them of the samples whose calls give q, and the variant set.
     */
    record Setup(int tableSamples, int[] pca, int[] freqAt, PcaVariants variants) implements Serializable {}

    /**
     * A pass's totals, the variants it used and, for the GRM, per pair (packed upper triangle) the variants where
     * both samples are missing (the diagonal: where the sample is), or null when no call was missing.
     */
    record Sums(ExactSums sums, long variants, int[] missing) implements Serializable {}

    /** A used variant of the projection pass, with its ALT frequency and allele weights w/√λ (plink2's ×2). */
    record Weighted(String contig, int pos, String id, String ref, String alt, double q, double[] c)
            implements Serializable {}

    /** The projection pass's result: the used variants in genome order and Σ x·c per table sample (N × k). */
    record Projection(List<Weighted> variants, ExactSums sums, long used) implements Serializable {}

    /** A reference variant for {@code --pca-from}: its alleles, ALT frequency and weights c = −2·(ALT row's weight). */
    record Reference(String ref, String alt, double q, double[] c) implements Serializable {}

    static List<Slice> chunks(List<VariantTable.VariantFile> files) {
        List<Slice> out = new ArrayList<>();
        for (VariantTable.VariantFile f : files) {
            for (long r = 0; r < f.rows(); r += CHUNK) {
                out.add(new Slice(f, r, Math.min(f.rows(), r + CHUNK)));
            }
        }
        return out;
    }

    /**
     * Receives a block of kept variants: their standardised values x (b × n; not filled when the scan was asked not
     * to), with the variants' rows among the block's codes and their frequencies.
     */
    interface Sink {
        void block(double[] x, int b, GenotypeBlocks blocks, int[] rows, double[] q);
    }

    static int blockSize(int n) {
        return Math.max(16, Math.min(512, (4 << 20) / Math.max(1, n)));
    }

    /**
     * Reads a chunk for the samples {@code subset} (table indices; null for all) and hands the kept variants'
     * standardised blocks to the sink; returns the count kept. With {@code ref}, the variants and their frequencies
     * are the reference's (matched by ID, alleles either way round), else {@code setup}'s with q from {@code freqAt}
     * (positions in the subset). With {@code standardise} false the sink's x is left unfilled (its products start
     * from the codes).
     */
    static long scan(
            Slice chunk,
            Setup setup,
            int[] subset,
            int[] freqAt,
            Map<String, Reference> ref,
            boolean standardise,
            Configuration conf,
            Sink sink)
            throws IOException {
        int n = subset == null ? setup.tableSamples() : subset.length;
        int bs = blockSize(n);
        double[] x = new double[bs * n];
        int[] rows = new int[bs];
        double[] q = new double[bs];
        long kept = 0;
        try (GenotypeBlocks blocks = GenotypeBlocks.over(List.of(chunk), setup.tableSamples())
                .values(GenotypeBlocks.Values.CODES)
                .blockSize(bs)
                .samples(subset)
                .open(conf)) {
            while (blocks.next()) {
                byte[] codes = blocks.codes();
                int b = 0;
                for (int j = 0; j < blocks.size(); j++) {
                    String contig = blocks.contig();
                    double[] value;
                    if (ref != null) {
                        Reference r = ref.get(
                                PcaVariants.id(contig, blocks.pos(j), blocks.id(j), blocks.ref(j), blocks.alt(j)));
                        boolean same = r != null
                                && r.ref().equals(blocks.ref(j))
                                && r.alt().equals(blocks.alt(j));
                        boolean flip = r != null
                                && r.ref().equals(blocks.alt(j))
                                && r.alt().equals(blocks.ref(j));
                        if (!same && !flip) {
                            continue;
                        }
                        q[b] = r.q();
                        value = Standardize.values(r.q(), flip);
                    } else {
                        if (!setup.variants()
                                .candidate(contig, blocks.pos(j), blocks.id(j), blocks.ref(j), blocks.alt(j))) {
                            continue;
                        }
                        double f = Standardize.altFreq(codes, j * n, freqAt);
                        if (!(f > 0 && f < 1)
                                || Standardize.maf(f) < setup.variants().minMaf()) {
                            continue;
                        }
                        q[b] = f;
                        value = Standardize.values(f, false);
                    }
                    if (standardise) {
                        Standardize.fill(codes, j * n, null, n, value, x, b * n);
                    }
                    rows[b++] = j;
                }
                if (b > 0) {
                    sink.block(x, b, blocks, rows, q);
                    kept += b;
                }
            }
        }
        return kept;
    }

    /** Exact mode: the GRM XXᵀ over the PCA samples (packed upper triangle, not yet divided by m). */
    static Sums gram(JavaSparkContext jsc, Configuration conf, List<Slice> chunks, Setup setup, int tasks) {
        int n = setup.pca().length;
        long size = (long) n * (n + 1) / 2;
        SerializableConf sconf = new SerializableConf(conf);
        return sums(jsc, over(jsc, chunks, tasks), "qc pca grm", (int) size, chunk -> {
            double[] part = new double[(int) size];
            int[][] missing = {null};
            long m = scan(
                    chunk, setup, setup.pca(), setup.freqAt(), null, true, sconf.get(), (x, b, blocks, rows, q) -> {
                        BlockProducts.addGram(x, b, n, part);
                        for (int j = 0; j < b; j++) {
                            if (blocks.missing(rows[j]) > 0) {
                                if (missing[0] == null) {
                                    missing[0] = new int[(int) size];
                                }
                                BlockProducts.addMissingPairs(blocks.codes(), rows[j] * n, n, missing[0]);
                            }
                        }
                    });
            return new Object[] {part, m, missing[0]};
        });
    }

    /** The chunks as an RDD of at most {@code tasks} partitions (runs of consecutive chunks). */
    static JavaRDD<Slice> over(JavaSparkContext jsc, List<Slice> chunks, int tasks) {
        return jsc.parallelize(chunks, Math.max(1, Math.min(tasks, chunks.size())));
    }

    @FunctionalInterface
    interface Product<T> extends Serializable {
        /** {double[] products, Long variants, int[] missing pairs or null} of one item (a chunk). */
        Object[] of(T item) throws IOException;
    }

    /**
     * The products of every item, each item's added exactly ({@link ExactSums}), so the totals do not depend on how
     * the items are cut into partitions.
     */
    static <T> Sums sums(JavaSparkContext jsc, JavaRDD<T> items, String what, int size, Product<T> product) {
        List<Sums> out;
        try (Progress p = Progress.start(jsc, what, items.getNumPartitions())) {
            out = SparkErrors.userErrorsUnwrapped(() -> items.mapPartitions((Iterator<T> it) -> {
                        ExactSums total = new ExactSums(size);
                        long m = 0;
                        int[] missing = null;
                        while (it.hasNext()) {
                            Object[] r = product.of(it.next());
                            total.add((double[]) r[0]);
                            m += (Long) r[1];
                            missing = add(missing, (int[]) r[2]);
                        }
                        return List.of(new Sums(total, m, missing)).iterator();
                    })
                    .collect());
        }
        ExactSums total = new ExactSums(size);
        long m = 0;
        int[] missing = null;
        for (Sums s : out) {
            total.merge(s.sums());
            m += s.variants();
            missing = add(missing, s.missing());
        }
        return new Sums(total, m, missing);
    }

    private static int[] add(int[] into, int[] more) {
        if (more == null) {
            return into;
        }
        if (into == null) {
            return more.clone();
        }
        for (int i = 0; i < into.length; i++) {
            into[i] += more[i];
        }
        return into;
    }

    /**
     * The projection pass over every table sample: with {@code pcs} (the PCA samples' unit eigenvectors, n × k
     * sample-major) and {@code invSqrtLambda}, each PCA variant's weights c = Xᵀu/√λ (over the PCA samples) and Σ
     * x·c per sample; with {@code ref}, the reference's variants and weights instead. A block whose alleles are the
     * table's own is taken from its codes; one with a reference's flipped alleles from its standardised values.
     */
    static Projection project(
            JavaSparkContext jsc,
            Configuration conf,
            List<Slice> chunks,
            Setup setup,
            int tasks,
            double[] pcs,
            double[] invSqrtLambda,
            int k,
            Map<String, Reference> ref) {
        int bigN = setup.tableSamples();
        int[] pca = setup.pca();
        int[] freqTable = new int[setup.freqAt().length];
        for (int i = 0; i < freqTable.length; i++) {
            freqTable[i] = pca[setup.freqAt()[i]];
        }
        SerializableConf sconf = new SerializableConf(conf);
        boolean fromRef = ref != null;
        return projection(
                jsc,
                over(jsc, chunks, tasks),
                setup,
                k,
                pcs,
                ref,
                (chunk, u, r, work, part, used) ->
                        scan(chunk, setup, null, freqTable, r, fromRef, sconf.get(), (x, b, blocks, rows, q) -> {
                            byte[] codes = blocks.codes();
                            double[][] values = new double[b][];
                            boolean flipped = false;
                            for (int j = 0; j < b; j++) {
                                int jr = rows[j];
                                values[j] = Standardize.values(q[j], false);
                                if (r == null) {
                                    for (int i = 0; i < pca.length; i++) {
                                        work.xs[i] = values[j][codes[jr * bigN + pca[i]]];
                                    }
                                    work.weights(u, invSqrtLambda, j);
                                } else {
                                    Reference rv = r.get(PcaVariants.id(
                                            blocks.contig(),
                                            blocks.pos(jr),
                                            blocks.id(jr),
                                            blocks.ref(jr),
                                            blocks.alt(jr)));
                                    flipped |= !rv.ref().equals(blocks.ref(jr));
                                    System.arraycopy(rv.c(), 0, work.c, j * k, k);
                                }
                                used.add(work.weighted(
                                        blocks.contig(),
                                        blocks.pos(jr),
                                        blocks.id(jr),
                                        blocks.ref(jr),
                                        blocks.alt(jr),
                                        q[j],
                                        j));
                            }
                            if (flipped) {
                                work.sparse.set(x, b);
                            } else {
                                work.sparse.set(codes, rows, values, b);
                            }
                            work.sparse.addXt(work.c, k, part);
                        }));
    }

    /** A projection task's buffers: the block by call value, the block's weights (b × k), one variant's x. */
    static final class Work {
        final SparseBlock sparse;
        final double[] c;
        final double[] xs;
        private final int k;

        Work(int bigN, int n, int k) {
            this.sparse = new SparseBlock(bigN);
            this.c = new double[blockSize(bigN) * k];
            this.xs = new double[n];
            this.k = k;
        }

        /**
         * Variant j's weights c_j = Σ_i x_i·u_i / √λ over the PCA samples (x in {@link #xs}), each PC summed in
         * sample order.
         */
        void weights(double[] u, double[] invSqrtLambda, int j) {
            int n = xs.length;
            for (int pc = 0; pc < k; pc++) {
                double w = 0;
                for (int i = 0; i < n; i++) {
                    w += xs[i] * u[i * k + pc];
                }
                c[j * k + pc] = w * invSqrtLambda[pc];
            }
        }

        Weighted weighted(String contig, int pos, String id, String ref, String alt, double q, int j) {
            return new Weighted(contig, pos, id, ref, alt, q, java.util.Arrays.copyOfRange(c, j * k, (j + 1) * k));
        }
    }

    @FunctionalInterface
    interface Projector<T> extends Serializable {
        /**
         * Adds one item's Σ x·c over the table samples to {@code part} (N × k) and its used variants to {@code
         * used}; returns their count. {@code u} the PCA samples' PCs, {@code r} the reference or null.
         */
        long of(T item, double[] u, Map<String, Reference> r, Work work, double[] part, List<Weighted> used)
                throws IOException;
    }

    /** The projection over the items (chunks), each item's sums added exactly: the same for any partitioning. */
    static <T> Projection projection(
            JavaSparkContext jsc,
            JavaRDD<T> items,
            Setup setup,
            int k,
            double[] pcs,
            Map<String, Reference> ref,
            Projector<T> per) {
        int bigN = setup.tableSamples();
        int n = setup.pca().length;
        Broadcast<double[]> bu = jsc.broadcast(pcs == null ? new double[0] : pcs);
        boolean fromRef = ref != null;
        Broadcast<Map<String, Reference>> br = jsc.broadcast(fromRef ? ref : Map.of());
        List<Projection> out;
        try (Progress p = Progress.start(jsc, "qc pca projection", items.getNumPartitions())) {
            out = SparkErrors.userErrorsUnwrapped(() -> items.mapPartitions((Iterator<T> it) -> {
                        double[] u = bu.value();
                        Map<String, Reference> r = fromRef ? br.value() : null;
                        List<Weighted> used = new ArrayList<>();
                        ExactSums total = new ExactSums(bigN * k);
                        double[] part = new double[bigN * k];
                        Work work = new Work(bigN, n, k);
                        long m = 0;
                        while (it.hasNext()) {
                            java.util.Arrays.fill(part, 0);
                            m += per.of(it.next(), u, r, work, part, used);
                            total.add(part);
                        }
                        return List.of(new Projection(used, total, m)).iterator();
                    })
                    .collect());
        } finally {
            bu.destroy();
            br.destroy();
        }
        List<Weighted> used = new ArrayList<>();
        ExactSums total = new ExactSums(bigN * k);
        long m = 0;
        for (Projection pr : out) {
            used.addAll(pr.variants());
            total.merge(pr.sums());
            m += pr.used();
        }
        return new Projection(used, total, m);
    }
}
