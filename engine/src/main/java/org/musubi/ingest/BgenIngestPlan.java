package org.musubi.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
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

    /** Whether the inputs are a BGEN file (by extension). */
    static boolean isBgen(List<String> inputs) {
        return inputs.size() == 1
                && inputs.get(0).toLowerCase(java.util.Locale.ROOT).endsWith(".bgen");
    }

    static IngestPlan.Summary runInto(
            JavaSparkContext jsc, Configuration conf, IngestRequest req, OutputCommit commit, long t0)
            throws IOException {
        List<String> paths = InputPaths.expand(req.inputs(), conf);
        String path = paths.get(0);
        Path file = new Path(path);
        FileSystem fs = file.getFileSystem(conf);
        long length = fs.getFileStatus(file).getLen();
        BgenIngestOptions bgen = req.bgen() == null ? BgenIngestOptions.DEFAULT : req.bgen();
        BgenHeader h;
        try (FSDataInputStream in = fs.open(file)) {
            h = BgenHeader.read(BgenSplits.source(in, length));
        } catch (BgenException e) {
            throw new MusubiUserException(path + ": " + e.describe(null), e);
        }
        BgenSampleIds.Ids ids = BgenSampleIds.resolve(h, path, bgen.sampleFile(), conf);
        IngestPlan.warnWhitespaceSampleNames(ids.ids());
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
        int target = req.partitions() > 0 ? req.partitions() : Math.max(2, jsc.defaultParallelism() * 3);
        BgenSplits.Plan plan = BgenSplits.plan(file, length, h, target, true, conf);
        List<BgenSplits.Split> splits = plan.splits();
        if (plan.reordered()) {
            LOG.warn(
                    "ingest: the variants of {} are not in genome order: each task reads its share of them by offset,"
                            + " in contig (first appearance) and position order",
                    path);
        }
        LOG.info(
                "ingest: {} ({}), {} samples, {} variants, {} split(s) by {}",
                path,
                h.describe(),
                h.sampleCount,
                h.variantCount,
                splits.size(),
                plan.by());

        String attemptRoot = new Path(commit.staging(), "_tasks").toString();
        SerializableConf sconf = new SerializableConf(conf);
        int tasks = splits.size() + 1;
        LongAccumulator done = jsc.sc().longAccumulator("variants written");
        List<BgenSplitIngester.Result> results;
        try (Progress progress = Progress.start(jsc, "ingest", tasks, done, "variants")) {
            results = SparkErrors.userErrorsUnwrapped(
                    () -> jsc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks)
                            .map(i -> {
                                BgenSplitIngester.Result r =
                                        runTask(i, splits, h, path, length, options, bgen, sconf, attemptRoot);
                                done.add(r.written == null ? 0 : r.written.rows);
                                return r;
                            })
                            .collect());
        }
        results = new ArrayList<>(results);
        results.sort(Comparator.comparingInt(r -> r.splitIndex));
        String sha = null;
        List<BgenSplitIngester.Result> data = new ArrayList<>();
        for (BgenSplitIngester.Result r : results) {
            if (r.sha256 != null) {
                sha = r.sha256;
            } else {
                data.add(r);
            }
        }
        failOnFatal(req, path, data);

        TableAssembler table = new TableAssembler(commit.fs(), commit.staging());
        TableMetadata meta = table.metadata();
        meta.bank = req.bank();
        meta.inputFormat = "bgen";
        meta.genomeBuild = req.genomeBuild();
        meta.sampleCount = h.sampleCount;
        meta.dosageSource = "BGEN probabilities";
        long records = 0;
        long bits = 0;
        boolean phased = false;
        for (BgenSplitIngester.Result r : data) {
            records += r.records;
            meta.multiallelicSplitCount += r.multiallelicRecords;
            bits |= r.bits;
            phased |= r.phased;
            table.add(r.written, path);
        }
        meta.recordCount = records;
        commit.fs().delete(new Path(attemptRoot), true);
        writeQuarantine(req, path, data, commit, meta);
        IngestSamples.write(req, ids.ids(), null, table, conf);
        meta.sources.add(new TableMetadata.SourceFile(path, length, "SHA-256", sha, records));
        TableMetadata.BgenSource src = new TableMetadata.BgenSource();
        src.version = h.layout == 1 ? "1.1" : "1.2";
        src.layout = h.layout;
        src.compression = h.compression.name().toLowerCase(java.util.Locale.ROOT);
        for (int b = 1; b <= 32; b++) {
            if ((bits & (1L << b)) != 0) {
                src.bitsPerProbability.add(b);
            }
        }
        src.phased = phased;
        src.hardCallThreshold = bgen.hardCallThreshold();
        src.refAllele = bgen.refFirst() ? "first" : "last";
        src.sampleIds = ids.source();
        src.splitBy = plan.by();
        meta.bgen = src;
        table.finish("ingest", req.arguments());
        return new IngestPlan.Summary(req.output(), meta, (System.nanoTime() - t0) / 1_000_000_000L);
    }

    private static BgenSplitIngester.Result runTask(
            int i,
            List<BgenSplits.Split> splits,
            BgenHeader h,
            String path,
            long length,
            IngestOptions options,
            BgenIngestOptions bgen,
            SerializableConf sconf,
            String attemptRoot)
            throws IOException {
        Configuration conf = sconf.get();
        if (i == splits.size()) {
            BgenSplitIngester.Result r = new BgenSplitIngester.Result();
            r.splitIndex = i;
            r.sha256 = FileChecksum.sha256(path, conf);
            return r;
        }
        Path dir = new Path(attemptRoot, PartFiles.attemptName("split", i, ""));
        BgenSplitIngester.Result r =
                new BgenSplitIngester(splits.get(i), h, new Path(path), length, options, bgen, conf, dir).run();
        PartFiles.written(i);
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
            String path,
            List<BgenSplitIngester.Result> data,
            OutputCommit commit,
            TableMetadata meta)
            throws IOException {
        StringBuilder sb = new StringBuilder("file\tline\tchrom\tpos\treason\tfield\tvalue\tmessage\trecord_start\n");
        int lines = 0;
        for (BgenSplitIngester.Result r : data) {
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
