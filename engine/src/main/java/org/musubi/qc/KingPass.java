package org.musubi.qc;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.musubi.output.PartFiles;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.stats.qc.KingBlock;
import org.musubi.stats.qc.KingCounts;
import org.musubi.stats.qc.KingKernel;
import org.musubi.table.scan.GenotypeBlocks;
import org.musubi.table.scan.Slice;

/**
 * Step 4, KING-robust kinship (plink2 {@code --make-king-table}), on the autosomal variants (those that passed
 * variant QC when it ran) of the samples (those that passed sample QC when it ran). The sample-pair triangle is cut
 * into tiles of S × S samples (S = {@code --king-tile}, or chosen so that there are about as many tiles as tasks):
 * one Spark task per tile (I ≤ J), each reading every autosomal variant of the table for its tile's samples only, in
 * blocks of {@value #BLOCK} variants, and counting the tile's pairs with {@link KingKernel}'s bit planes. A task
 * writes its pairs whose kinship is at or above {@code threshold} (or NaN: kept, as plink2 keeps them) as a binary
 * part file ({@link PartFiles}; seven ints per pair: ID1, ID2, IBS0, HETHET, HET1_HOM2, HET2_HOM1, HOMHOM, in plink2's
 * order within the tile: by ID1, then ID2) and returns only its path and counts; {@link KingBands} merges the parts
 * of each column band into the outputs. No pair goes through the driver.
 *
 * <p>Memory per task: 20 bytes per pair of the tile (20·S²: 21 MiB at S = 1024, 84 MiB at the default cap S = 2048)
 * plus {@link #DEFER_BYTES} at most of kept blocks (the deferred missing-call terms), 2S·{@value #BLOCK} bytes of codes, 2S·{@value #BLOCK}/4 bytes of planes, 24 bytes per sample and 4 per
 * missing call of a block, and 4 bytes per table sample (the tile's positions); independent of the cohort's size but
 * for that map and the pairs at or above the threshold. Work: ⌈n/S⌉(⌈n/S⌉+1)/2 tiles, n²·M/2 pair-variant counts in
 * all (n² scaling); each tile reads every variant's calls but decodes only its own 2S samples' codes ({@link
 * GenotypeBlocks} with a subset), so reading is n/4 bytes per variant and tile (Parquet pages), decoding 2S.
 */
final class KingPass {
    static final int BLOCK = 4096;

    /**
     * Bytes per task for the blocks whose missing-call terms {@link KingKernel#deferMissing} keeps for the pairs that
     * may reach the threshold (16 blocks of a 2 × 2048-sample tile, 32 of a triangle tile; later blocks take them at
     * once).
     */
    static final long DEFER_BYTES = 32L << 20;

    private KingPass() {}

    /** A pair's counts; {@code hi} and {@code lo} are positions in the sample list, hi &gt; lo (plink2's ID1, ID2). */
    record Pair(int hi, int lo, int ibs0, int hethet, int het1hom2, int het2hom1, int homhom) implements Serializable {
        double kinship() {
            return KingCounts.kinship(ibs0, hethet, het1hom2, het2hom1);
        }

        long nsnp() {
            return KingCounts.nsnp(hethet, het1hom2, het2hom1, homhom);
        }
    }

    record Tile(int rowStart, int rowEnd, int colStart, int colEnd) implements Serializable {
        boolean triangle() {
            return rowStart == colStart;
        }
    }

    /** A tile task's result: its part file (count: pairs written) and the variants it counted. */
    record TilePart(PartFiles.Part part, long variants) implements Serializable {}

    /** The tiles (in {@link #tiles} order) and their parts, one per tile. */
    record Result(List<Tile> tiles, List<PartFiles.Part> parts, long variants, int tileSide) {}

    /** Tile side for n samples and about {@code tasks} tiles: a multiple of 64 in [64, 2048]. */
    static int tileSide(int n, int tasks, int requested) {
        if (requested > 0) {
            return requested;
        }
        int blocks = Math.max(1, (int) Math.floor((Math.sqrt(8.0 * tasks + 1) - 1) / 2));
        int side = (int) Math.ceil((double) n / blocks);
        side = (side + 63) / 64 * 64;
        return Math.max(64, Math.min(2048, side));
    }

    static List<Tile> tiles(int n, int side) {
        List<Tile> out = new ArrayList<>();
        for (int i = 0; i < n; i += side) {
            for (int j = i; j < n; j += side) {
                out.add(new Tile(i, Math.min(n, i + side), j, Math.min(n, j + side)));
            }
        }
        return out;
    }

    static Result run(
            JavaSparkContext jsc,
            Configuration conf,
            List<Slice> autosomes,
            int tableSamples,
            int[] samples,
            Set<String> excluded,
            int side,
            double threshold,
            String partsDir) {
        List<Tile> tiles = tiles(samples.length, side);
        SerializableConf sconf = new SerializableConf(conf);
        Broadcast<Set<String>> bx = jsc.broadcast(excluded);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < tiles.size(); i++) {
            idx.add(i);
        }
        List<TilePart> parts;
        try (Progress p = Progress.start(jsc, "qc king", tiles.size())) {
            parts = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(idx, Math.max(1, idx.size()))
                    .map(i -> tile(
                            i,
                            tiles.get(i),
                            autosomes,
                            tableSamples,
                            samples,
                            bx.value(),
                            threshold,
                            partsDir,
                            sconf.get()))
                    .collect());
        }
        bx.destroy();
        List<PartFiles.Part> out = new ArrayList<>();
        long variants = 0;
        for (TilePart part : parts) {
            out.add(part.part());
            variants = Math.max(variants, part.variants());
        }
        out.sort(Comparator.comparingInt(PartFiles.Part::index));
        return new Result(tiles, out, variants, side);
    }

    static TilePart tile(
            int index,
            Tile t,
            List<Slice> autosomes,
            int tableSamples,
            int[] samples,
            Set<String> excluded,
            double threshold,
            String partsDir,
            Configuration conf)
            throws IOException {
        int rows = t.rowEnd() - t.rowStart();
        int cols = t.colEnd() - t.colStart();
        int s = t.triangle() ? rows : rows + cols;
        int[] subset = new int[s];
        for (int r = 0; r < rows; r++) {
            subset[r] = samples[t.rowStart() + r];
        }
        if (!t.triangle()) {
            for (int c = 0; c < cols; c++) {
                subset[rows + c] = samples[t.colStart() + c];
            }
        }
        KingKernel kernel = new KingKernel(rows, cols, t.triangle());
        kernel.deferMissing(DEFER_BYTES);
        KingBlock planes = new KingBlock(s, BLOCK);
        boolean[] use = new boolean[BLOCK];
        long variants = 0;
        try (GenotypeBlocks blocks = GenotypeBlocks.over(autosomes, tableSamples)
                .values(GenotypeBlocks.Values.CODES)
                .blockSize(BLOCK)
                .samples(subset)
                .open(conf)) {
            while (blocks.next()) {
                int b = blocks.size();
                for (int j = 0; j < b; j++) {
                    use[j] = excluded.isEmpty()
                            || !excluded.contains(
                                    blocks.contig() + ":" + blocks.pos(j) + ":" + blocks.ref(j) + ":" + blocks.alt(j));
                    variants += use[j] ? 1 : 0;
                }
                planes.fill(blocks.codes(), s, b, use);
                kernel.add(planes, 0, t.triangle() ? 0 : rows);
            }
        }
        int[] k = kernel.counts(threshold);
        long[] kept = kept(k, rows, cols, t.triangle(), threshold);
        Path part = PartFiles.attemptPath(partsDir, index, ".pairs");
        try (DataOutputStream o = new DataOutputStream(
                new BufferedOutputStream(part.getFileSystem(conf).create(part, true), 1 << 16))) {
            for (long key : kept) {
                int c = (int) (key >>> 32);
                int r = (int) key;
                int at = (r * cols + c) * KingCounts.FIELDS;
                o.writeInt(t.colStart() + c);
                o.writeInt(t.rowStart() + r);
                for (int f = 0; f < KingCounts.FIELDS; f++) {
                    o.writeInt(k[at + f]);
                }
            }
        }
        long written = kept.length;
        PartFiles.written(index);
        return new TilePart(new PartFiles.Part(index, part.toString(), written), variants);
    }

    /**
     * The tile's pairs whose kinship is at or above {@code threshold} (or NaN), as column · 2³² + row in plink2's order
     * (by column, then row): found in one sweep in the counts' own (row) order, a pair whose kinship is below the
     * threshold by far more than rounding passed without its division.
     */
    static long[] kept(int[] k, int rows, int cols, boolean triangle, double threshold) {
        org.musubi.util.LongList out = new org.musubi.util.LongList();
        double far = 0.5 - threshold;
        for (int r = 0; r < rows; r++) {
            for (int c = triangle ? r + 1 : 0; c < cols; c++) {
                int at = (r * cols + c) * KingCounts.FIELDS;
                long ibs0 = k[at + KingCounts.IBS0];
                long hethet = k[at + KingCounts.HETHET];
                long h12 = k[at + KingCounts.HET1_HOM2];
                long h21 = k[at + KingCounts.HET2_HOM1];
                long num = 4 * ibs0 + h12 + h21;
                long den = 4 * (hethet + Math.min(h12, h21));
                if (den > 0 && num >= 0 && num > (far + 1e-6) * den) {
                    continue; // 0.5 − num/den below the threshold by more than 1e-6
                }
                if (!(KingCounts.kinship(ibs0, hethet, h12, h21) < threshold)) {
                    out.add((long) c << 32 | r);
                }
            }
        }
        long[] keys = out.toArray();
        java.util.Arrays.sort(keys);
        return keys;
    }

    /**
     * Reads the next pair of a tile part written by {@link #tile}; null at its end. A part that ends inside a pair was
     * cut short after its task wrote it: an error naming it ({@link KingBands#damaged}), not a shorter list.
     */
    static Pair read(java.io.DataInputStream in, String part) throws IOException {
        int hi;
        try {
            hi = in.readInt();
        } catch (java.io.EOFException e) {
            return null;
        }
        try {
            return new Pair(hi, in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt());
        } catch (java.io.EOFException e) {
            throw KingBands.damaged(part, "it ends inside a pair");
        }
    }
}
