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
import org.musubi.format.VariantTableSchema;
import org.musubi.format.calls.CallsView;
import org.musubi.genome.Contig;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.stats.qc.IndepPairwise;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.ScanPlan;
import org.musubi.table.scan.Slice;
import org.musubi.table.scan.TableScan;

/**
 * Step 3, LD pruning (plink2 {@code --indep-pairwise}), on the autosomes: one unit per contig, the units spread over
 * the tasks (a contig's window sweep is sequential, and plink2 itself only runs contigs — or kb-window parts split by
 * gaps — in parallel; cutting a contig into overlapping windows would change which variant a removal chain keeps).
 * Each unit reads its contig's rows' packed calls (the variant columns and {@code calls}; {@code
 * CallsView#packedWords}), keeps the candidates ({@link PruneSettings}: passed variant QC, founders' MAF, outside the
 * excluded ranges) and pushes them through a packed {@link IndepPairwise} counting the founders among the kept samples
 * (their calls' bit planes gathered word-wise, the other samples' bits clear: the sums of a sweep over the founders'
 * codes). The driver concatenates the units in the table's contig order, so the result does not depend on the number
 * of tasks.
 *
 * <p>Memory per task: one row's packed words, the current window's bit planes (N/4 bytes per variant of the window,
 * N the table's samples), the candidates' keys and IDs of one contig.
 */
final class PrunePass {
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
        long[] counted = new long[(tableSamples + 63) >>> 6];
        for (int i : founders) {
            counted[i >>> 6] |= 1L << (i & 63);
        }
        IndepPairwise sweep = IndepPairwise.packed(tableSamples, counted, s.kernelWindow(), s.kb(), s.step(), s.r2());
        double minMaf = s.maf() * (1 - 0x1p-44); // plink2 --maf: min_maf·(1 − 2⁻⁴⁴), freq below it fails
        List<String> keys = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int rows = 0;
        int failedQc = 0;
        int inRange = 0;
        int belowMaf = 0;
        CallsView view = new CallsView();
        long[] calls = new long[(tableSamples + 31) >>> 5];
        for (Slice slice : u.slices()) {
            try (TableScan scan = TableScan.over(slice)
                    .columns(TableScan.VARIANT)
                    .columns(VariantTableSchema.CALLS)
                    .open(conf)) {
                TableScan.Column c = scan.column(VariantTableSchema.CALLS);
                String contig = scan.contig();
                while (scan.next()) {
                    rows++;
                    int pos = scan.pos();
                    String key = contig + ":" + pos + ":" + scan.ref() + ":" + scan.alt();
                    if (!failing.isEmpty() && failing.contains(key)) {
                        failedQc++;
                        continue;
                    }
                    if (ranges.contains(contig, pos)) {
                        inRange++;
                        continue;
                    }
                    view.reset(c.bytes(), tableSamples).packedWords(calls);
                    if (minMaf > 0 && maf(calls, counted) < minMaf) {
                        belowMaf++;
                        continue;
                    }
                    keys.add(key);
                    ids.add(scan.id());
                    sweep.addPacked(pos, calls);
                }
            }
        }
        sweep.finish();
        return new Part(u.contig(), keys, ids, sweep.removed().toLongArray(), rows, failedQc, inRange, belowMaf);
    }

    /**
     * The counted samples' (founders') minor allele frequency from their hard calls, packed ({@code
     * CallsView#packedWords}; {@code counted} one bit per sample); NaN when none is called (plink2 then keeps it).
     */
    static double maf(long[] calls, long[] counted) {
        int callWords = calls.length;
        int alt = 0;
        int called = 0;
        for (int w = 0; w < counted.length; w++) {
            long a = calls[2 * w];
            long b = 2 * w + 1 < callWords ? calls[2 * w + 1] : 0;
            long lo = IndepPairwise.evenBits(a) | (IndepPairwise.evenBits(b) << 32);
            long hi = IndepPairwise.evenBits(a >>> 1) | (IndepPairwise.evenBits(b >>> 1) << 32);
            long m = counted[w];
            alt += Long.bitCount(lo & ~hi & m) + 2 * Long.bitCount(hi & ~lo & m);
            called += Long.bitCount(m & ~(lo & hi));
        }
        double f = (double) alt / (2.0 * called);
        return Math.min(f, 1 - f);
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
