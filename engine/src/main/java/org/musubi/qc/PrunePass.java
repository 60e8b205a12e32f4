package org.musubi.qc;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.musubi.genome.Contig;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.stats.qc.IndepPairwise;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.GenotypeBlocks;
import org.musubi.table.scan.ScanPlan;
import org.musubi.table.scan.Slice;

/**
 * Step 3, LD pruning (plink2 {@code --indep-pairwise}), on the autosomes: one unit per contig, the units spread over
 * the tasks (a contig's window sweep is sequential, and plink2 itself only runs contigs — or kb-window parts split by
 * gaps — in parallel; cutting a contig into overlapping windows would change which variant a removal chain keeps).
 * Each unit reads its contig's rows as blocks of {@value #BLOCK} variants of codes for the founders among the kept
 * samples ({@link GenotypeBlocks}), keeps the candidates ({@link PruneSettings}: passed variant QC, founders' MAF,
 * outside the excluded ranges) and pushes them through {@link IndepPairwise}. The driver concatenates the units in
 * the table's contig order, so the result does not depend on the number of tasks.
 *
 * <p>Memory per task: one block of codes ({@value #BLOCK} × founders bytes) plus the current window's bit planes
 * (n/4 bytes per variant of the window), the candidates' keys and IDs of one contig.
 */
final class PrunePass {
    static final int BLOCK = 256;

    private PrunePass() {}

    /** One contig's rows. */
    record Unit(String contig, List<Slice> slices) implements Serializable {}

    /**
     * One contig's candidates in genome order ({@code key} {@code contig:pos:ref:alt}, {@code id} the table's ID or
     * null), which of them the sweep removed, and how many rows each filter left out.
     */
    record Part(
            String contig,
            List<String> keys,
            List<String> ids,
            long[] removed,
            int rows,
            int failedQc,
            int inRange,
            int belowMaf)
            implements Serializable {}

    /** Autosomal contigs of the table, each with its files in table order. */
    static List<Unit> units(List<VariantTable.VariantFile> files) {
        Map<String, List<VariantTable.VariantFile>> byContig = new LinkedHashMap<>();
        for (VariantTable.VariantFile f : files) {
            if (Contig.kind(f.contig()) == Contig.Kind.AUTOSOME) {
                byContig.computeIfAbsent(f.contig(), c -> new ArrayList<>()).add(f);
            }
        }
        List<Unit> out = new ArrayList<>();
        byContig.forEach((c, fs) -> out.add(new Unit(c, ScanPlan.perFile(fs))));
        return out;
    }

    static List<Part> run(
            JavaSparkContext jsc,
            Configuration conf,
            List<Unit> units,
            int tableSamples,
            int[] founders,
            Set<String> failing,
            GenomeRanges ranges,
            PruneSettings s,
            int tasks) {
        SerializableConf sconf = new SerializableConf(conf);
        Broadcast<Set<String>> bx = jsc.broadcast(failing);
        int slices = Math.max(1, Math.min(tasks, units.size()));
        List<Part> parts;
        try (Progress p = Progress.start(jsc, "qc prune", slices)) {
            parts = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(units, slices)
                    .map(u -> unit(u, tableSamples, founders, bx.value(), ranges, s, sconf.get()))
                    .collect());
        }
        bx.destroy();
        return parts;
    }

    static Part unit(
            Unit u,
            int tableSamples,
            int[] founders,
            Set<String> failing,
            GenomeRanges ranges,
            PruneSettings s,
            Configuration conf)
            throws IOException {
        int n = founders.length;
        IndepPairwise sweep = new IndepPairwise(n, s.kernelWindow(), s.kb(), s.step(), s.r2());
        double minMaf = s.maf() * (1 - 0x1p-44); // plink2 --maf: min_maf·(1 − 2⁻⁴⁴), freq below it fails
        List<String> keys = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int rows = 0;
        int failedQc = 0;
        int inRange = 0;
        int belowMaf = 0;
        try (GenotypeBlocks blocks = GenotypeBlocks.over(u.slices(), tableSamples)
                .values(GenotypeBlocks.Values.CODES)
                .blockSize(BLOCK)
                .samples(founders)
                .open(conf)) {
            while (blocks.next()) {
                byte[] codes = blocks.codes();
                for (int j = 0; j < blocks.size(); j++) {
                    rows++;
                    int pos = blocks.pos(j);
                    String key = blocks.contig() + ":" + pos + ":" + blocks.ref(j) + ":" + blocks.alt(j);
                    if (!failing.isEmpty() && failing.contains(key)) {
                        failedQc++;
                        continue;
                    }
                    if (ranges.contains(blocks.contig(), pos)) {
                        inRange++;
                        continue;
                    }
                    if (minMaf > 0 && maf(codes, j * n, n) < minMaf) {
                        belowMaf++;
                        continue;
                    }
                    keys.add(key);
                    ids.add(blocks.id(j));
                    sweep.add(pos, codes, j * n);
                }
            }
        }
        sweep.finish();
        return new Part(u.contig(), keys, ids, sweep.removed().toLongArray(), rows, failedQc, inRange, belowMaf);
    }

    /** The founders' minor allele frequency from hard calls; NaN when none is called (plink2 then keeps it). */
    static double maf(byte[] codes, int offset, int n) {
        int alt = 0;
        int called = 0;
        for (int i = offset; i < offset + n; i++) {
            int c = codes[i];
            if (c != 3) {
                alt += c;
                called++;
            }
        }
        double f = (double) alt / (2.0 * called);
        return Math.min(f, 1 - f);
    }
}
