package org.musubi.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
import org.musubi.format.VariantTableSchema.InfoColumn;
import org.musubi.genome.GenomeBuild;
import org.musubi.io.CorruptInputException;
import org.musubi.io.InputFile;
import org.musubi.io.InputPaths;
import org.musubi.io.bgzf.BgzfBlocks;
import org.musubi.io.vcf.VcfHeaderInfo;
import org.musubi.io.vcf.VcfRecordChecks;
import org.musubi.io.vcf.VcfRecordParser.DosageField;
import org.musubi.output.OutputCommit;
import org.musubi.output.OutputRun;
import org.musubi.output.PartFiles;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.table.write.TableAssembler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VCF → variant table on Spark: plans block-aligned splits on the driver, runs one {@link SplitIngester} per task
 * (plus one checksum task per file), then assembles the table from the splits' rows ({@link TableAssembler}: order
 * across splits, files, {@code samples.parquet}, {@code _table.json}) and commits it atomically.
 */
public final class IngestPlan {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPlan.class);

    /** Smallest split worth a task. */
    static final long MIN_SPLIT_BYTES = 256 * 1024;

    private IngestPlan() {}

    /** Summary of a finished ingest. */
    public record Summary(String table, TableMetadata metadata, long seconds) {}

    public static Summary run(SparkSession spark, IngestRequest req) throws IOException {
        long t0 = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        return OutputRun.run(req.output(), req.overwrite(), conf, commit -> runInto(jsc, conf, req, commit, t0));
    }

    private static Summary runInto(
            JavaSparkContext jsc, Configuration conf, IngestRequest req, OutputCommit commit, long t0)
            throws IOException {
        if (BgenIngestPlan.isBgen(req.inputs())) {
            return BgenIngestPlan.runInto(jsc, conf, req, commit, t0);
        }
        PlinkIngestPlan.Fileset plink = PlinkIngestPlan.fileset(req.inputs(), conf);
        if (plink != null) {
            return PlinkIngestPlan.runInto(jsc, conf, req, plink, commit, t0);
        }
        List<InputFile> files = new ArrayList<>();
        List<VcfHeaderInfo> headers = readHeaders(req, conf, files);
        VcfHeaderInfo first = headers.get(0);
        checkSameSamples(headers);
        int n = first.samples.length;
        List<InfoColumn> info = first.infoColumns(req.infoFields());
        String buildName = req.genomeBuild() != null ? req.genomeBuild() : first.guessBuild();
        if (buildName == null) {
            LOG.warn("ingest: genome build unknown (no --genome-build; the header has no ##reference or ##assembly"
                    + " naming it and no ##contig length of GRCh37 or GRCh38): the table records 'unknown';"
                    + " freq-merge refuses a bank without a build and gwas writes genome_assembly NR for meta:"
                    + " give --genome-build GRCh37 or GRCh38");
        } else if (req.genomeBuild() == null) {
            LOG.info("ingest: genome build {}, from the VCF header", buildName);
        }
        warnWhitespaceSampleNames(first.samples);
        IngestOptions options = new IngestOptions(
                req.options().lenient(),
                req.options().maxBadRecords(),
                dosageField(req.dosageField(), first),
                info,
                GenomeBuild.parse(buildName));

        int target = req.partitions() > 0 ? req.partitions() : Math.max(2, jsc.defaultParallelism() * 3);
        List<SplitSpec> splits = planSplits(files, headers, target, conf);
        LOG.info(
                "ingest: {} file(s), {} samples, {} split(s), {} input",
                files.size(),
                n,
                splits.size() - files.size(),
                Progress.bytes(files.stream().mapToLong(InputFile::size).sum()));
        String attemptRoot = new Path(commit.staging(), "_tasks").toString();
        List<SplitResult> results = runSplits(jsc, conf, splits, n, options, headers, attemptRoot);

        Map<Integer, String> checksums = new LinkedHashMap<>();
        List<SplitResult> data = new ArrayList<>();
        for (SplitResult r : results) {
            if (r.sha256 != null) {
                checksums.put(r.fileIndex, r.sha256);
            } else {
                data.add(r);
            }
        }
        long[] lineBase = lineBases(data, splits.size());
        failOnFatal(req, files, data, lineBase);
        List<SplitResult> inOrder =
                UnsortedInput.sortWhereNeeded(jsc, conf, splits, data, n, options, headers, attemptRoot);
        if (inOrder != data) {
            LOG.info(
                    "ingest: records out of genome order in {} file(s): sorted in a second pass",
                    countFiles(inOrder, data));
            data = inOrder;
            failOnFatal(req, files, data, lineBase);
        }

        TableAssembler table = new TableAssembler(commit.fs(), commit.staging());
        TableMetadata meta = describe(table.metadata(), req, first, info, buildName);
        for (SplitResult r : data) {
            meta.recordCount += r.records;
            meta.multiallelicSplitCount += r.multiallelicRecords;
            table.add(r.written, files.get(r.fileIndex).path());
        }
        commit.fs().delete(new Path(attemptRoot), true);
        writeQuarantine(req, files, data, lineBase, commit, meta);
        writeSamples(req, first, table, conf);
        meta.sources.addAll(sources(files, data, checksums));
        table.finish("ingest", req.arguments());
        long secs = (System.nanoTime() - t0) / 1_000_000_000L;
        return new Summary(req.output(), meta, secs);
    }

    /** What the table is, from the request and the first header. */
    private static TableMetadata describe(
            TableMetadata meta, IngestRequest req, VcfHeaderInfo first, List<InfoColumn> info, String buildName) {
        meta.bank = req.bank();
        meta.inputFormat = "vcf";
        meta.genomeBuild = buildName;
        meta.sampleCount = first.samples.length;
        meta.vcfHeader = new ArrayList<>(first.metaLines);
        meta.infoFields = req.infoFields();
        meta.infoColumns = info;
        meta.contigLengths.putAll(first.contigLengths);
        return meta;
    }

    /** Sample names with whitespace can never match the whitespace-separated phenotype files of gwas and prs. */
    static void warnWhitespaceSampleNames(String[] samples) {
        List<String> spaced = new ArrayList<>();
        for (String sample : samples) {
            if (sample.chars().anyMatch(Character::isWhitespace)) {
                spaced.add("'" + sample + "'");
            }
        }
        if (!spaced.isEmpty()) {
            LOG.warn(
                    "ingest: {} sample name(s) contain whitespace (first: {}): phenotype, covariate and --keep files"
                            + " are whitespace-separated, so gwas and prs can never match them; rename them first"
                            + " (bcftools reheader --samples)",
                    spaced.size(),
                    String.join(", ", spaced.subList(0, Math.min(3, spaced.size()))));
        }
    }

    /** Probes each input and reads its header (a corrupt file is a user error naming it). */
    private static List<VcfHeaderInfo> readHeaders(IngestRequest req, Configuration conf, List<InputFile> files)
            throws IOException {
        List<VcfHeaderInfo> headers = new ArrayList<>();
        for (String p : InputPaths.expand(req.inputs(), conf)) {
            InputFile f = InputFile.probe(p, conf);
            files.add(f);
            try {
                headers.add(VcfHeaderInfo.read(f, conf));
            } catch (CorruptInputException e) {
                throw new MusubiUserException(e.getMessage(), e);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new MusubiUserException(
                        p + ": the compressed data is corrupt or truncated (" + e.getMessage()
                                + "); re-copy or re-compress the file",
                        e);
            }
        }
        return headers;
    }

    /** One task per split (data or checksum), results in split order. */
    private static List<SplitResult> runSplits(
            JavaSparkContext jsc,
            Configuration conf,
            List<SplitSpec> splits,
            int n,
            IngestOptions options,
            List<VcfHeaderInfo> headers,
            String attemptRoot) {
        // Each file's INFO/FORMAT definitions, for the record checks in the tasks.
        List<VcfRecordChecks> checks = new ArrayList<>();
        for (VcfHeaderInfo h : headers) {
            checks.add(h.recordChecks());
        }
        SerializableConf sconf = new SerializableConf(conf);
        List<SplitResult> results;
        LongAccumulator variantsDone = jsc.sc().longAccumulator("variants written");
        try (Progress progress = Progress.start(jsc, "ingest", splits.size(), variantsDone, "variants")) {
            results = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(splits, splits.size())
                    .map(split -> {
                        SplitResult r = runSplit(split, n, options, checks.get(split.fileIndex()), sconf, attemptRoot);
                        variantsDone.add(r.written == null ? 0 : r.written.rows);
                        return r;
                    })
                    .collect());
        }
        results = new ArrayList<>(results);
        results.sort(Comparator.comparingInt(r -> r.splitIndex));
        return results;
    }

    /** Absolute line numbers: the lines of earlier splits of the same file, plus the line in the split. */
    private static long[] lineBases(List<SplitResult> data, int splits) {
        long[] lineBase = new long[splits];
        long base = 0;
        int lastFile = -1;
        for (SplitResult r : data) {
            if (r.fileIndex != lastFile) {
                base = 0;
                lastFile = r.fileIndex;
            }
            lineBase[r.splitIndex] = base;
            base += r.lines;
        }
        return lineBase;
    }

    /** The files the sorted pass ingested again. */
    private static long countFiles(List<SplitResult> inOrder, List<SplitResult> data) {
        return inOrder.stream()
                .filter(r -> !data.contains(r))
                .mapToInt(r -> r.fileIndex)
                .distinct()
                .count();
    }

    /** The first split that stopped at a bad record (strict) or at too many (lenient) fails the run. */
    static void failOnFatal(IngestRequest req, List<InputFile> files, List<SplitResult> data, long[] lineBase) {
        for (SplitResult r : data) {
            if (r.fatal != null) {
                QuarantineRecord q = r.fatal;
                long line = lineBase[q.splitIndex()] + q.lineInSplit() + 1;
                String where = files.get(r.fileIndex).path() + " line " + line
                        + (q.contig() != null ? " (" + q.contig() + ":" + q.pos() + ")" : "");
                if (req.options().lenient()) {
                    throw new MusubiUserException(where + ": more than "
                            + req.options().maxBadRecords()
                            + " bad records; the last: " + q.describe() + ". Is this a VCF? Raise --max-bad-records"
                            + " to go on");
                }
                throw new MusubiUserException(where + ": " + q.describe()
                        + ". (--stringency lenient quarantines bad records instead of stopping)");
            }
        }
    }

    /** {@code _quarantine/records.tsv} with the bad records, if any (lenient mode). */
    static void writeQuarantine(
            IngestRequest req,
            List<InputFile> files,
            List<SplitResult> data,
            long[] lineBase,
            OutputCommit commit,
            TableMetadata meta)
            throws IOException {
        List<String> q = new ArrayList<>();
        for (SplitResult r : data) {
            meta.quarantinedCount += r.badCount;
            for (QuarantineRecord b : r.bad) {
                long line = lineBase[b.splitIndex()] + b.lineInSplit() + 1;
                q.add(String.join(
                        "\t",
                        files.get(r.fileIndex).path(),
                        Long.toString(line),
                        nz(b.contig()),
                        nz(b.pos()),
                        b.reason(),
                        b.field(),
                        tsv(b.value()),
                        tsv(b.problem() + (b.fix() == null ? "" : "; " + b.fix())),
                        tsv(b.recordPrefix())));
            }
        }
        if (!q.isEmpty()) {
            StringBuilder sb =
                    new StringBuilder("file\tline\tchrom\tpos\treason\tfield\tvalue\tmessage\trecord_start\n");
            for (String l : q) {
                sb.append(l).append('\n');
            }
            commit.writeFile(
                    TableMetadata.QUARANTINE + "/records.tsv", sb.toString().getBytes(StandardCharsets.UTF_8));
            LOG.warn(
                    "ingest: {} bad record(s) quarantined in {}/{}/records.tsv",
                    meta.quarantinedCount,
                    req.output(),
                    TableMetadata.QUARANTINE);
        }
    }

    /** Each input file with its size, checksum and records, for {@code _table.json}. */
    private static List<TableMetadata.SourceFile> sources(
            List<InputFile> files, List<SplitResult> data, Map<Integer, String> checksums) {
        List<TableMetadata.SourceFile> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            InputFile f = files.get(i);
            long recs = 0;
            for (SplitResult r : data) {
                if (r.fileIndex == i) {
                    recs += r.records;
                }
            }
            out.add(new TableMetadata.SourceFile(f.path(), f.size(), "SHA-256", checksums.get(i), recs));
        }
        return out;
    }

    static DosageField dosageField(String requested, VcfHeaderInfo header) {
        if (requested == null) {
            return DosageField.NONE;
        }
        if (requested.equals("auto")) {
            return header.format.containsKey("DS")
                    ? DosageField.DS
                    : header.format.containsKey("GP") ? DosageField.GP : DosageField.NONE;
        }
        if (!header.format.containsKey(requested)) {
            throw new MusubiUserException(header.path + ": --dosage " + requested + " but no ##FORMAT=<ID=" + requested
                    + "> line in the header; use --dosage none");
        }
        return DosageField.valueOf(requested);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String tsv(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ');
    }

    static SplitResult runSplit(
            SplitSpec split,
            int n,
            IngestOptions options,
            VcfRecordChecks checks,
            SerializableConf sconf,
            String attemptRoot)
            throws IOException {
        Configuration conf = sconf.get();
        if (split.checksumOnly()) {
            SplitResult r = new SplitResult();
            r.splitIndex = split.index();
            r.fileIndex = split.fileIndex();
            r.sha256 = FileChecksum.sha256(split.file().path(), conf);
            return r;
        }
        Path dir = new Path(attemptRoot, PartFiles.attemptName("split", split.index(), ""));
        try {
            SplitResult r = new SplitIngester(split, n, options, checks, conf, dir).run();
            PartFiles.written(split.index());
            return r;
        } catch (CorruptInputException e) {
            throw new MusubiUserException(e.getMessage(), e);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new MusubiUserException(
                    split.file().path() + ": the compressed data is corrupt or truncated (" + e.getMessage()
                            + "); re-copy or re-compress the file",
                    e);
        }
    }

    /** All input files must list the same samples in the same order. */
    static void checkSameSamples(List<VcfHeaderInfo> headers) {
        VcfHeaderInfo a = headers.get(0);
        for (VcfHeaderInfo b : headers.subList(1, headers.size())) {
            if (java.util.Arrays.equals(a.samples, b.samples)) {
                continue;
            }
            LinkedHashSet<String> onlyA = new LinkedHashSet<>(List.of(a.samples));
            List.of(b.samples).forEach(onlyA::remove);
            LinkedHashSet<String> onlyB = new LinkedHashSet<>(List.of(b.samples));
            List.of(a.samples).forEach(onlyB::remove);
            String detail;
            if (onlyA.isEmpty() && onlyB.isEmpty()) {
                int i = 0;
                while (a.samples[i].equals(b.samples[i])) {
                    i++;
                }
                detail = "the same samples in another order (first difference at column " + (10 + i) + ": '"
                        + a.samples[i] + "' vs '" + b.samples[i] + "')";
            } else {
                detail = a.samples.length + " vs " + b.samples.length + " samples; only in the first: " + few(onlyA)
                        + "; only in " + b.path + ": " + few(onlyB);
            }
            throw new MusubiUserException("the inputs disagree on samples: " + a.path + " and " + b.path + " have "
                    + detail + ". Shards of one cohort must list the same samples in the same order (bcftools"
                    + " view -S samples.txt reorders them)");
        }
    }

    private static String few(java.util.Collection<String> s) {
        if (s.isEmpty()) {
            return "none";
        }
        List<String> l = new ArrayList<>(s);
        return s.size() + " (" + String.join(", ", l.subList(0, Math.min(5, l.size()))) + (l.size() > 5 ? ", …" : "")
                + ")";
    }

    /**
     * Splits BGZF files at block starts into about {@code target} pieces in all (at least {@link #MIN_SPLIT_BYTES}
     * each); other files are one split each. Split boundaries lie past the header. Also adds one checksum task
     * per file.
     */
    static List<SplitSpec> planSplits(
            List<InputFile> files, List<VcfHeaderInfo> headers, int target, Configuration conf) throws IOException {
        long total = Math.max(1, files.stream().mapToLong(InputFile::size).sum());
        long splitSize = Math.max(MIN_SPLIT_BYTES, (total + target - 1) / target);
        List<SplitSpec> out = new ArrayList<>();
        int idx = 0;
        for (int f = 0; f < files.size(); f++) {
            InputFile file = files.get(f);
            List<Long> starts = new ArrayList<>();
            starts.add(0L);
            if (file.compression() == InputFile.Compression.BGZF && file.size() > splitSize) {
                long headerBlock = headers.get(f).firstRecordPosition >>> 16;
                Path p = new Path(file.path());
                try (FSDataInputStream in = p.getFileSystem(conf).open(p)) {
                    for (long off = splitSize; off < file.size(); off += splitSize) {
                        long b = BgzfBlocks.nextBlockStart(in, off, file.size());
                        if (b > headerBlock && b < file.size() && b > starts.get(starts.size() - 1)) {
                            starts.add(b);
                        }
                    }
                }
            }
            for (int s = 0; s < starts.size(); s++) {
                long end = s + 1 < starts.size() ? starts.get(s + 1) : file.size();
                out.add(new SplitSpec(idx++, f, file, starts.get(s), end, s == 0, false));
            }
        }
        for (int f = 0; f < files.size(); f++) {
            out.add(new SplitSpec(idx++, f, files.get(f), 0, files.get(f).size(), false, true));
        }
        return Collections.unmodifiableList(out);
    }

    /** {@code samples.parquet}: the header's samples with the manifest's fields, sex inferred where it has none. */
    private static void writeSamples(IngestRequest req, VcfHeaderInfo header, TableAssembler table, Configuration conf)
            throws IOException {
        IngestSamples.write(req, header.samples, null, table, conf);
    }
}
