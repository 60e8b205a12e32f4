package org.musubi.qc;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.musubi.format.VariantTableSchema;
import org.musubi.format.calls.CallsView;
import org.musubi.genome.Contig;
import org.musubi.genome.GenomeBuild;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.stats.qc.PackedSampleCounts;
import org.musubi.stats.qc.QcSamples;
import org.musubi.stats.qc.Region;
import org.musubi.stats.qc.SampleCounts;
import org.musubi.stats.qc.VariantQcStats;
import org.musubi.table.scan.Slice;
import org.musubi.table.scan.TableScan;

/**
 * The sample and variant QC steps' one pass over the table: the rows cut into contiguous slices ({@code
 * table.scan.ScanPlan#slices}), one task per slice list, each reading its rows' packed calls (the variant columns and
 * {@code calls} only) and counting them by bit plane with {@link PackedSampleCounts} (per sample: missing calls,
 * {@code --het}, the sex check; per variant ({@link Variants}): missing calls, founders' genotype and allele counts),
 * the same counts as {@code SampleCounts#add} from every decoded call. The driver merges the tasks' sample counts in
 * task order (integer and fixed-point sums: the same totals for any number of tasks) and concatenates their variants
 * in genome order. Variant QC without sample QC ({@link Counts#VARIANTS}) keeps no per-sample counts and decodes no row
 * whole ({@link VariantOnlyCounts}: stored counts, less the non-founders' calls, outside X and Y; the packed calls
 * counted by sample set elsewhere): the same counts as from the calls.
 *
 * <p>Memory per task: the sample counts and counters (about 110 bytes per sample), one row's packed words, and its
 * variants' counts (about 40 bytes per variant plus the IDs).
 */
final class CountPass {
    private CountPass() {}

    /** Per-variant counts of a run of variants, in genome order, as primitive columns. */
    static final class Variants implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<String> contig = new ArrayList<>();
        final List<String> id = new ArrayList<>();
        final List<String> ref = new ArrayList<>();
        final List<String> alt = new ArrayList<>();
        int size;
        int[] pos = new int[16];
        int[][] counts = new int[16][];

        void add(String c, int p, String i, String r, String a, VariantQcStats v) {
            if (size == pos.length) {
                pos = java.util.Arrays.copyOf(pos, size * 2);
                counts = java.util.Arrays.copyOf(counts, size * 2);
            }
            contig.add(c);
            id.add(i);
            ref.add(r);
            alt.add(a);
            pos[size] = p;
            counts[size] = new int[] {v.missing, v.obs, v.homRef, v.het, v.homAlt, v.refAlleles, v.altAlleles};
            size++;
        }

        /** Replaces variant k's counts. */
        void set(int k, VariantQcStats v) {
            counts[k] = new int[] {v.missing, v.obs, v.homRef, v.het, v.homAlt, v.refAlleles, v.altAlleles};
        }

        void addAll(Variants o) {
            for (int k = 0; k < o.size; k++) {
                VariantQcStats v = o.stats(k);
                add(o.contig.get(k), o.pos[k], o.id.get(k), o.ref.get(k), o.alt.get(k), v);
            }
        }

        VariantQcStats stats(int k) {
            VariantQcStats v = new VariantQcStats();
            int[] c = counts[k];
            v.missing = c[0];
            v.obs = c[1];
            v.homRef = c[2];
            v.het = c[3];
            v.homAlt = c[4];
            v.refAlleles = c[5];
            v.altAlleles = c[6];
            return v;
        }

        /** {@code contig:pos:ref:alt}, the key of keep.variants.txt. */
        String key(int k) {
            return contig.get(k) + ":" + pos[k] + ":" + ref.get(k) + ":" + alt.get(k);
        }
    }

    /** A task's result. */
    record Part(int task, Variants variants, SampleCounts samples) implements Serializable {}

    /** The merged result. */
    record Result(Variants variants, SampleCounts samples) {}

    /**
     * What a pass counts: the per-sample counts (sample QC alone: no variant's row kept, its IDs and alleles not
     * read), the per-variant counts (variant QC alone), or both.
     */
    enum Counts {
        SAMPLES,
        VARIANTS,
        BOTH;

        boolean samples() {
            return this != VARIANTS;
        }

        boolean variants() {
            return this != SAMPLES;
        }
    }

    static Region region(String contig, int pos, GenomeBuild build) {
        return switch (Contig.kind(contig)) {
            case AUTOSOME -> Region.AUTOSOME;
            case X -> GenomeBuild.isXNonPar(contig, pos, build) ? Region.X_NONPAR : Region.X_PAR;
            case Y -> Region.Y;
            default -> Region.OTHER;
        };
    }

    static Result run(
            JavaSparkContext jsc,
            Configuration conf,
            List<List<Slice>> tasks,
            QcSamples samples,
            GenomeBuild build,
            Counts what) {
        SerializableConf sconf = new SerializableConf(conf);
        Broadcast<QcSamples> bs = jsc.broadcast(samples);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            idx.add(i);
        }
        List<Part> parts;
        try (Progress p = Progress.start(jsc, "qc counts", tasks.size())) {
            parts = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(idx, Math.max(1, idx.size()))
                    .map(i -> count(i, tasks.get(i), bs.value(), build, what, sconf.get()))
                    .collect());
        }
        bs.destroy();
        List<Part> sorted = new ArrayList<>(parts);
        sorted.sort(java.util.Comparator.comparingInt(Part::task));
        Variants variants = new Variants();
        SampleCounts counts = what.samples() ? new SampleCounts(samples) : SampleCounts.variantsOnly(samples);
        for (Part part : sorted) {
            variants.addAll(part.variants());
            counts.merge(part.samples());
        }
        return new Result(variants, counts);
    }

    static Part count(
            int task, List<Slice> slices, QcSamples samples, GenomeBuild build, Counts what, Configuration conf)
            throws IOException {
        Variants variants = new Variants();
        if (!what.samples()) {
            VariantOnlyCounts only = new VariantOnlyCounts(samples, build, conf);
            for (Slice slice : slices) {
                only.slice(slice, variants);
            }
            return new Part(task, variants, SampleCounts.variantsOnly(samples));
        }
        PackedSampleCounts counts = new PackedSampleCounts(samples);
        calls(slices, samples.size(), build, counts, what.variants() ? variants : null, conf);
        return new Part(task, variants, counts.finish());
    }

    /**
     * Counts the calls of the slices' rows, as packed words, into {@code counts} and {@code variants} (null: the
     * variants' rows are not kept, and only their positions read).
     */
    private static void calls(
            List<Slice> slices,
            int n,
            GenomeBuild build,
            PackedSampleCounts counts,
            Variants variants,
            Configuration conf)
            throws IOException {
        CallsView view = new CallsView();
        VariantQcStats v = new VariantQcStats();
        for (Slice slice : slices) {
            try (TableScan scan = TableScan.over(slice)
                    .columns(variants != null ? TableScan.VARIANT : List.of(VariantTableSchema.POS))
                    .columns(VariantTableSchema.CALLS)
                    .open(conf)) {
                TableScan.Column calls = scan.column(VariantTableSchema.CALLS);
                String contig = scan.contig();
                while (scan.next()) {
                    int pos = scan.pos();
                    counts.add(view.reset(calls.bytes(), n), region(contig, pos, build), v);
                    if (variants != null) {
                        variants.add(contig, pos, scan.id(), scan.ref(), scan.alt(), v);
                    }
                }
            }
        }
    }
}
