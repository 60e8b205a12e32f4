package org.musubi.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
import org.musubi.genome.Contig;
import org.musubi.genome.GenomeBuild;
import org.musubi.io.InputPaths;
import org.musubi.io.bgen.BgenException;
import org.musubi.io.bgen.BgenHeader;
import org.musubi.output.OutputCommit;
import org.musubi.output.PartFiles;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.table.write.TableAssembler;
import org.musubi.table.write.VariantFileWriter;
import org.musubi.table.write.WrittenRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BGEN → variant table on Spark (SPECS §9.1): reads the header and sample IDs on the driver, plans splits at
 * variant offsets ({@link BgenSplits}: the {@code .bgi}, or one skim of block headers), runs one {@link
 * BgenSplitIngester} per split plus one checksum task, then assembles the table ({@link TableAssembler}) with
 * where it came from in {@code _table.json} ({@link TableMetadata.BgenSource}). {@link IngestPlan} hands a {@code
 * .bgen} input here.
 */
final class BgenIngestPlan {
    private static final Logger LOG = LoggerFactory.getLogger(BgenIngestPlan.class);

    private BgenIngestPlan() {}

    /** Whether the inputs are BGEN files (by extension: every input, file or glob, ends with {@code .bgen}). */
    static boolean isBgen(List<String> inputs) {
        return !inputs.isEmpty()
                && inputs.stream()
                        .allMatch(i -> i.toLowerCase(java.util.Locale.ROOT).endsWith(".bgen"));
    }

    /** One input file: its header, sample IDs and splits. */
    private record Input(String path, long length, BgenHeader header, BgenSampleIds.Ids ids, BgenSplits.Plan plan) {
        /** What its tasks need. */
        Source source() {
            return new Source(path, length, header, plan.splits());
        }
    }

    /** What a task reads: a file, its header and splits. */
    private record Source(String path, long length, BgenHeader header, List<BgenSplits.Split> splits)
            implements java.io.Serializable {}

    /** One task: a split of an input, or ({@code split} −1) the input's checksum. */
    private record Task(int file, int split) implements java.io.Serializable {}

    static IngestPlan.Summary runInto(
            JavaSparkContext jsc, Configuration conf, IngestRequest req, OutputCommit commit, long t0)
            throws IOException {
        List<String> paths = InputPaths.expand(req.inputs(), conf);
        BgenIngestOptions bgen = req.bgen() == null ? BgenIngestOptions.DEFAULT : req.bgen();
        int target = req.partitions() > 0 ? req.partitions() : Math.max(2, jsc.defaultParallelism() * 3);
        List<Input> inputs = inputs(paths, bgen, target, conf);
        String[] ids = inputs.get(0).ids().ids();
        IngestPlan.warnWhitespaceSampleNames(ids);
        if (req.genomeBuild() == null) {
            LOG.warn("ingest: genome build unknown (a BGEN names none): the table records 'unknown'; give"
                    + " --genome-build GRCh37 or GRCh38");
        }
        IngestOptions options = new IngestOptions(
                req.options().lenient(),
                req.options().maxBadRecords(),
                req.options().dosage(),
                List.of(),
                GenomeBuild.parse(req.genomeBuild()));
        List<Task> tasks = new ArrayList<>();
        for (int f = 0; f < inputs.size(); f++) {
            for (int i = 0; i < inputs.get(f).plan().splits().size(); i++) {
                tasks.add(new Task(f, i));
            }
            tasks.add(new Task(f, -1));
        }

        List<Source> sources = inputs.stream().map(Input::source).toList();
        String attemptRoot = new Path(commit.staging(), "_tasks").toString();
        // the 16-bit dosage column is most of a BGEN table's bytes: compressed at the faster ZSTD level
        SerializableConf sconf =
                new SerializableConf(VariantFileWriter.withZstdLevel(conf, VariantFileWriter.DOSAGE_ZSTD_LEVEL));
        LongAccumulator done = jsc.sc().longAccumulator("variants written");
        List<BgenSplitIngester.Result> results;
        try (Progress progress = Progress.start(jsc, "ingest", tasks.size(), done, "variants")) {
            results = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(
                            IntStream.range(0, tasks.size()).boxed().toList(), tasks.size())
                    .map(t -> {
                        BgenSplitIngester.Result r =
                                runTask(t, tasks.get(t), sources, options, bgen, sconf, attemptRoot);
                        done.add(r.written == null ? 0 : r.written.rows);
                        return r;
                    })
                    .collect());
        }
        results = new ArrayList<>(results);
        results.sort(Comparator.comparingInt(r -> r.splitIndex)); // the task index: files, then splits, in order
        String[] sha = new String[inputs.size()];
        long[] records = new long[inputs.size()];
        List<List<BgenSplitIngester.Result>> data = new ArrayList<>();
        for (int f = 0; f < inputs.size(); f++) {
            data.add(new ArrayList<>());
        }
        for (BgenSplitIngester.Result r : results) {
            int f = tasks.get(r.splitIndex).file();
            if (r.sha256 != null) {
                sha[f] = r.sha256;
            } else {
                data.get(f).add(r);
                records[f] += r.records;
            }
        }
        for (int f = 0; f < inputs.size(); f++) {
            failOnFatal(req, inputs.get(f).path(), data.get(f));
        }

        TableAssembler table = new TableAssembler(commit.fs(), commit.staging());
        TableMetadata meta = table.metadata();
        meta.bank = req.bank();
        meta.inputFormat = "bgen";
        meta.genomeBuild = req.genomeBuild();
        meta.sampleCount = ids.length;
        meta.dosageSource = "BGEN probabilities";
        long bits = 0;
        boolean phased = false;
        for (int f : fileOrder(data)) {
            for (BgenSplitIngester.Result r : data.get(f)) {
                meta.multiallelicSplitCount += r.multiallelicRecords;
                bits |= r.bits;
                phased |= r.phased;
                table.add(r.written, inputs.get(f).path());
            }
        }
        commit.fs().delete(new Path(attemptRoot), true);
        writeQuarantine(req, inputs, data, commit, meta);
        IngestSamples.write(req, ids, null, table, conf);
        for (int f = 0; f < inputs.size(); f++) {
            Input in = inputs.get(f);
            meta.recordCount += records[f];
            meta.sources.add(new TableMetadata.SourceFile(in.path(), in.length(), "SHA-256", sha[f], records[f]));
        }
        meta.bgen = source(inputs, bits, phased, bgen);
        table.finish("ingest", req.arguments());
        return new IngestPlan.Summary(req.output(), meta, (System.nanoTime() - t0) / 1_000_000_000L);
    }

    /**
     * Reads each file's header and sample IDs (every file must have the first's samples, in its order) and plans its
     * splits, {@code target} shared among the files by size.
     */
    private static List<Input> inputs(List<String> paths, BgenIngestOptions bgen, int target, Configuration conf)
            throws IOException {
        long total = 0;
        List<Long> lengths = new ArrayList<>();
        for (String p : paths) {
            Path file = new Path(p);
            long length = file.getFileSystem(conf).getFileStatus(file).getLen();
            lengths.add(length);
            total += length;
        }
        List<Input> out = new ArrayList<>();
        for (int f = 0; f < paths.size(); f++) {
            String path = paths.get(f);
            Path file = new Path(path);
            long length = lengths.get(f);
            BgenHeader h;
            try (FSDataInputStream in = file.getFileSystem(conf).open(file)) {
                h = BgenHeader.read(BgenSplits.source(in, length));
            } catch (BgenException e) {
                throw new MusubiUserException(path + ": " + e.describe(null), e);
            }
            BgenSampleIds.Ids ids = BgenSampleIds.resolve(h, path, bgen.sampleFile(), conf);
            if (!out.isEmpty()) {
                sameSamples(out.get(0), path, ids);
            }
            int share = (int) Math.max(1, Math.round((double) target * length / Math.max(1, total)));
            BgenSplits.Plan plan = BgenSplits.plan(file, length, h, share, true, conf);
            if (plan.reordered()) {
                LOG.warn(
                        "ingest: the variants of {} are not in genome order: each task reads its share of them by"
                                + " offset, in contig (first appearance) and position order",
                        path);
            }
            LOG.info(
                    "ingest: {} ({}), {} samples, {} variants, {} split(s) by {}",
                    path,
                    h.describe(),
                    h.sampleCount,
                    h.variantCount,
                    plan.splits().size(),
                    plan.by());
            out.add(new Input(path, length, h, ids, plan));
        }
        return out;
    }

    /** The shards of one cohort must have the same samples in the same order. */
    private static void sameSamples(Input first, String path, BgenSampleIds.Ids ids) {
        String[] a = first.ids().ids();
        String[] b = ids.ids();
        if (a.length != b.length) {
            throw new MusubiUserException(path + " has " + b.length + " samples but " + first.path() + " has "
                    + a.length + ": the BGEN files of one ingest must hold the same samples in the same order"
                    + " (ingest them apart, or subset them with plink2 --keep first)");
        }
        int i = Arrays.mismatch(a, b);
        if (i >= 0) {
            throw new MusubiUserException("the samples of " + first.path() + " and " + path + " differ: sample "
                    + (i + 1) + " is '" + a[i] + "' in the first and '" + b[i] + "' in the second; the BGEN"
                    + " files of one ingest must hold the same samples in the same order");
        }
    }

    /**
     * The files in genome order of their first row (contig, then position): shards given in any order, or by a glob
     * that sorts chr10 before chr2. Files whose rows overlap are refused by {@link TableAssembler#add}.
     */
    private static List<Integer> fileOrder(List<List<BgenSplitIngester.Result>> data) {
        List<WrittenRows.File> first = new ArrayList<>();
        for (List<BgenSplitIngester.Result> d : data) {
            first.add(d.stream()
                    .filter(r -> r.written != null && !r.written.files.isEmpty())
                    .map(r -> r.written.files.get(0))
                    .findFirst()
                    .orElse(null));
        }
        Comparator<WrittenRows.File> genome = Comparator.comparing(WrittenRows.File::contig, Contig.ORDER)
                .thenComparingInt(WrittenRows.File::firstPos);
        List<Integer> order =
                new ArrayList<>(IntStream.range(0, data.size()).boxed().toList());
        order.sort(Comparator.comparing(first::get, Comparator.nullsLast(genome)));
        return order;
    }

    /** Where the table came from: one value per field where the files agree, the values joined where not. */
    private static TableMetadata.BgenSource source(
            List<Input> inputs, long bits, boolean phased, BgenIngestOptions bgen) {
        TableMetadata.BgenSource src = new TableMetadata.BgenSource();
        java.util.Set<String> versions = new java.util.LinkedHashSet<>();
        java.util.Set<String> compressions = new java.util.LinkedHashSet<>();
        java.util.Set<String> idSources = new java.util.LinkedHashSet<>();
        java.util.Set<String> splitBy = new java.util.LinkedHashSet<>();
        for (Input in : inputs) {
            versions.add(in.header().layout == 1 ? "1.1" : "1.2");
            compressions.add(in.header().compression.name().toLowerCase(java.util.Locale.ROOT));
            idSources.add(in.ids().source());
            splitBy.add(in.plan().by());
        }
        src.version = String.join(",", versions);
        src.layout = inputs.get(0).header().layout;
        src.compression = String.join(",", compressions);
        for (int b = 1; b <= 32; b++) {
            if ((bits & (1L << b)) != 0) {
                src.bitsPerProbability.add(b);
            }
        }
        src.phased = phased;
        src.hardCallThreshold = bgen.hardCallThreshold();
        src.refAllele = bgen.refFirst() ? "first" : "last";
        src.sampleIds = String.join(",", idSources);
        src.splitBy = String.join(",", splitBy);
        return src;
    }

    private static BgenSplitIngester.Result runTask(
            int index,
            Task task,
            List<Source> inputs,
            IngestOptions options,
            BgenIngestOptions bgen,
            SerializableConf sconf,
            String attemptRoot)
            throws IOException {
        Configuration conf = sconf.get();
        Source in = inputs.get(task.file());
        if (task.split() < 0) {
            BgenSplitIngester.Result r = new BgenSplitIngester.Result();
            r.splitIndex = index;
            r.sha256 = FileChecksum.sha256(in.path(), conf);
            return r;
        }
        Path dir = new Path(attemptRoot, PartFiles.attemptName("split", index, ""));
        BgenSplitIngester.Result r = new BgenSplitIngester(
                        index,
                        in.splits().get(task.split()),
                        in.header(),
                        new Path(in.path()),
                        in.length(),
                        options,
                        bgen,
                        conf,
                        dir)
                .run();
        PartFiles.written(index);
        return r;
    }

    /** The first split that stopped at a bad variant (strict) or at too many (lenient) fails the run. */
    private static void failOnFatal(IngestRequest req, String path, List<BgenSplitIngester.Result> data) {
        for (BgenSplitIngester.Result r : data) {
            QuarantineRecord q = r.fatal;
            if (q == null) {
                continue;
            }
            String where = path + ": variant " + q.lineInSplit()
                    + (q.contig() != null ? " (" + q.contig() + ":" + q.pos() + ")" : "") + ", "
                    + q.recordPrefix();
            String what = q.problem() + (q.fix() == null ? "" : "; " + q.fix());
            if (req.options().lenient()) {
                throw new MusubiUserException(
                        where + ": more than " + req.options().maxBadRecords() + " bad variants; the last: " + what
                                + ". Raise --max-bad-records to go on");
            }
            throw new MusubiUserException(
                    where + ": " + what + ". (--stringency lenient quarantines bad variants instead of stopping)");
        }
    }

    /** {@code _quarantine/records.tsv}: for BGEN, {@code line} is the variant's 1-based index in the file. */
    private static void writeQuarantine(
            IngestRequest req,
            List<Input> inputs,
            List<List<BgenSplitIngester.Result>> data,
            OutputCommit commit,
            TableMetadata meta)
            throws IOException {
        StringBuilder sb = new StringBuilder("file\tline\tchrom\tpos\treason\tfield\tvalue\tmessage\trecord_start\n");
        int lines = 0;
        for (int f = 0; f < inputs.size(); f++) {
            String path = inputs.get(f).path();
            for (BgenSplitIngester.Result r : data.get(f)) {
                meta.quarantinedCount += r.badCount;
                for (QuarantineRecord b : r.bad) {
                    lines++;
                    sb.append(String.join(
                                    "\t",
                                    path,
                                    Long.toString(b.lineInSplit()),
                                    b.contig() == null ? "" : b.contig(),
                                    b.pos() == null ? "" : b.pos(),
                                    b.reason(),
                                    b.field(),
                                    b.value() == null ? "" : b.value(),
                                    (b.problem() + (b.fix() == null ? "" : "; " + b.fix())).replace('\t', ' '),
                                    b.recordPrefix()))
                            .append('\n');
                }
            }
        }
        if (lines > 0) {
            commit.writeFile(
                    TableMetadata.QUARANTINE + "/records.tsv", sb.toString().getBytes(StandardCharsets.UTF_8));
            LOG.warn(
                    "ingest: {} bad variant(s) quarantined in {}/{}/records.tsv",
                    meta.quarantinedCount,
                    req.output(),
                    TableMetadata.QUARANTINE);
        }
    }
}
