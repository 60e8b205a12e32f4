package org.musubi.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
import org.musubi.genome.GenomeBuild;
import org.musubi.io.InputFile;
import org.musubi.io.plink.BedCodec;
import org.musubi.io.plink.BimLines;
import org.musubi.io.plink.FamRecord;
import org.musubi.io.vcf.VcfRecordParser.DosageField;
import org.musubi.output.OutputCommit;
import org.musubi.output.PartFiles;
import org.musubi.samples.SampleManifest;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.table.write.TableAssembler;
import org.musubi.table.write.VariantFileWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PLINK 1 fileset ({@code .bed/.bim/.fam}) → variant table on Spark. The driver reads the {@code .bed}'s 3-byte
 * header and the {@code .fam} (the samples; {@code samples.parquet} needs them), never the {@code .bim}: it cuts
 * the {@code .bim} into byte ranges, a first pass counts each range's lines ({@link BimLines#count}: one
 * sequential read of the {@code .bim}, spread over Spark tasks when it is larger than {@link #DRIVER_COUNT_BYTES},
 * else on the driver), and the running sum of the counts gives each range's
 * first variant, hence by arithmetic its {@code .bed} offset. The total is checked against the {@code .bed} size
 * before anything is written. The second pass runs one {@link PlinkSplitIngester} per range (plus one checksum task
 * per file) and the table is assembled as VCF ingest's ({@link TableAssembler}, quarantine, samples).
 *
 * <p>Samples are named as plink2 {@code --export vcf} names them ({@code FID_IID}, or the IID when every FID is
 * {@code 0}); sex, family, parents and phenotype come from the {@code .fam} ({@link IngestSamples}).
 */
final class PlinkIngestPlan {
    private static final Logger LOG = LoggerFactory.getLogger(PlinkIngestPlan.class);

    /** Smallest automatic {@code .bim} range (about 2000 variants). */
    static final long MIN_RANGE_BYTES = 64 * 1024;

    /**
     * Largest {@code .bim} whose ranges the driver counts itself (a sequential read of at most 64 MiB, about 2
     * million variants, takes well under a second): a Spark job of its own costs more than that on a small fileset.
     * A larger {@code .bim} is counted by tasks, never read whole on the driver.
     */
    static final long DRIVER_COUNT_BYTES = 64L << 20;

    private PlinkIngestPlan() {}

    /** The three files of a fileset, with the sizes the splits are planned from. */
    record Fileset(String bed, String bim, String fam, long bedSize, long bimSize) implements Serializable {}

    /**
     * The fileset an ingest input names ({@code x.bed}, {@code x.bim}, {@code x.fam} or the prefix {@code x} when
     * {@code x} itself does not exist but {@code x.bed} does), or null when the input is not a PLINK fileset.
     */
    static Fileset fileset(List<String> inputs, Configuration conf) throws IOException {
        String prefix = null;
        for (String in : inputs) {
            String lower = in.toLowerCase(Locale.ROOT);
            String p = lower.endsWith(".bed") || lower.endsWith(".bim") || lower.endsWith(".fam")
                    ? in.substring(0, in.length() - 4)
                    : null;
            if (p == null && !lower.contains("*") && !lower.contains("?")) {
                Path path = new Path(in);
                FileSystem fs = path.getFileSystem(conf);
                if (!fs.exists(path) && fs.exists(new Path(in + ".bed"))) {
                    p = in;
                }
            }
            if (p != null && inputs.size() > 1) {
                throw new MusubiUserException("--input " + in + ": a PLINK fileset is ingested alone (one --input,"
                        + " x.bed or the prefix x); merge filesets first (plink2 --pmerge-list) or ingest each");
            }
            prefix = p;
        }
        if (prefix == null) {
            return null;
        }
        long[] sizes = new long[3];
        String[] names = {prefix + ".bed", prefix + ".bim", prefix + ".fam"};
        for (int i = 0; i < 3; i++) {
            Path p = new Path(names[i]);
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) {
                throw new MusubiUserException(names[i] + ": not found; a PLINK 1 fileset is " + prefix + ".bed, "
                        + prefix + ".bim and " + prefix + ".fam side by side");
            }
            sizes[i] = fs.getFileStatus(p).getLen();
        }
        return new Fileset(names[0], names[1], names[2], sizes[0], sizes[1]);
    }

    static IngestPlan.Summary runInto(
            JavaSparkContext jsc, Configuration conf, IngestRequest req, Fileset f, OutputCommit commit, long t0)
            throws IOException {
        checkHeader(f, conf);
        List<String> famLines = readLines(f.fam(), conf);
        List<FamRecord> fam = parseFam(f.fam(), famLines);
        int n = fam.size();
        boolean allFidZero = fam.stream().allMatch(r -> r.fid().equals("0"));
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = fam.get(i).vcfName(allFidZero);
        }
        IngestPlan.warnWhitespaceSampleNames(ids);
        if (req.genomeBuild() == null) {
            LOG.warn("ingest: genome build unknown (a PLINK fileset does not say): the table records 'unknown';"
                    + " freq-merge refuses a bank without a build: give --genome-build GRCh37 or GRCh38");
        }
        boolean a1IsAlt = !"a1".equals(req.plinkRef());
        IngestOptions options = new IngestOptions(
                req.options().lenient(),
                req.options().maxBadRecords(),
                DosageField.NONE,
                List.of(),
                GenomeBuild.parse(req.genomeBuild()));

        List<PlinkSplitIngester.Split> splits = planSplits(jsc, conf, req, f, DRIVER_COUNT_BYTES);
        long m = splits.isEmpty()
                ? 0
                : splits.get(splits.size() - 1).firstVariant()
                        + splits.get(splits.size() - 1).variants();
        checkSize(f, m, n, req.options().lenient());
        LOG.info(
                "ingest: PLINK fileset {} ({} variants × {} samples, A1 = {}), {} split(s), {} .bed",
                f.bed(),
                m,
                n,
                a1IsAlt ? "ALT" : "REF",
                splits.size(),
                Progress.bytes(f.bedSize()));

        String attemptRoot = new Path(commit.staging(), "_tasks").toString();
        List<SplitResult> results = runSplits(jsc, conf, f, splits, n, a1IsAlt, options, attemptRoot);
        String[] checksums = new String[3];
        List<SplitResult> data = new ArrayList<>();
        for (SplitResult r : results) {
            if (r.sha256 != null) {
                checksums[r.fileIndex] = r.sha256;
            } else {
                data.add(r);
            }
        }
        long[] lineBase = new long[splits.size()];
        for (PlinkSplitIngester.Split s : splits) {
            lineBase[s.index()] = s.firstVariant();
        }
        List<InputFile> bimFile = List.of(new InputFile(f.bim(), f.bimSize(), InputFile.Compression.PLAIN));
        IngestPlan.failOnFatal(req, bimFile, data, lineBase);

        TableAssembler table = new TableAssembler(commit.fs(), commit.staging());
        TableMetadata meta = table.metadata();
        meta.bank = req.bank();
        meta.inputFormat = "plink";
        meta.genomeBuild = req.genomeBuild();
        meta.sampleCount = n;
        for (SplitResult r : data) {
            meta.recordCount += r.records;
            table.add(r.written, f.bim());
        }
        commit.fs().delete(new Path(attemptRoot), true);
        IngestPlan.writeQuarantine(req, bimFile, data, lineBase, commit, meta);
        IngestSamples.write(req, ids, SampleManifest.readFam(f.fam(), famLines), table, conf);
        meta.sources.add(new TableMetadata.SourceFile(f.bed(), f.bedSize(), "SHA-256", checksums[0], m));
        meta.sources.add(new TableMetadata.SourceFile(f.bim(), f.bimSize(), "SHA-256", checksums[1], m));
        meta.sources.add(new TableMetadata.SourceFile(f.fam(), size(f.fam(), conf), "SHA-256", checksums[2], n));
        table.finish("ingest", req.arguments());
        return new IngestPlan.Summary(req.output(), meta, (System.nanoTime() - t0) / 1_000_000_000L);
    }

    /** The {@code .bed} must start with the variant-major magic. */
    static void checkHeader(Fileset f, Configuration conf) throws IOException {
        Path p = new Path(f.bed());
        byte[] b = new byte[BedCodec.HEADER_BYTES];
        int len;
        try (FSDataInputStream in = p.getFileSystem(conf).open(p)) {
            len = in.readNBytes(b, 0, b.length);
        }
        String prefix = f.bed().substring(0, f.bed().length() - 4);
        switch (BedCodec.header(b, len)) {
            case VARIANT_MAJOR -> {}
            case SAMPLE_MAJOR -> throw new MusubiUserException(f.bed() + " byte 2: sample-major .bed (PLINK 1.0's"
                    + " legacy layout, header 6c 1b 00); only variant-major .bed files are read: convert it with"
                    + " plink --bfile " + prefix + " --make-bed --out " + prefix + ".vmajor (PLINK 1.9) and ingest "
                    + prefix + ".vmajor.bed");
            case NOT_BED -> throw new MusubiUserException(f.bed() + " byte 0: not a PLINK 1 .bed (it starts with "
                    + hex(b, len) + "; a .bed starts with 6c 1b 01): check the path; a PLINK 2 .pgen converts with"
                    + " plink2 --pfile " + prefix + " --make-bed --out " + prefix);
        }
    }

    /**
     * The {@code .bed} size must be 3 + M × ceil(N/4). A shorter one is truncated: refused in strict mode (naming
     * the variant and byte offset where it ends), its missing variants quarantined in lenient mode.
     */
    static void checkSize(Fileset f, long m, int n, boolean lenient) {
        long expected = BedCodec.fileSize(m, n);
        if (f.bedSize() == expected) {
            return;
        }
        int bpv = BedCodec.bytesPerVariant(n);
        long bedVariants = (f.bedSize() - BedCodec.HEADER_BYTES) / bpv;
        String counts = f.bed() + ": " + new Path(f.bim()).getName() + " has " + m + " variants and "
                + new Path(f.fam()).getName() + " " + n + " samples, so the .bed should be 3 + " + m + " × " + bpv
                + " = " + expected + " bytes, but it is " + f.bedSize();
        if (f.bedSize() < expected && (f.bedSize() - BedCodec.HEADER_BYTES) % bpv != 0) {
            long off = BedCodec.offset(bedVariants, n);
            if (lenient) {
                LOG.warn(
                        "ingest: {}; the .bed ends inside variant {} (byte offset {}): the {} variant(s) from there"
                                + " on are quarantined (--stringency lenient)",
                        counts,
                        bedVariants + 1,
                        off,
                        m - bedVariants);
                return;
            }
            throw new MusubiUserException(counts + ": it is truncated inside variant " + (bedVariants + 1)
                    + " (.bim line " + (bedVariants + 1) + ", byte offset " + off + "); re-copy the .bed (or"
                    + " --stringency lenient quarantines the variants past its end)");
        }
        throw new MusubiUserException(counts + " ("
                + ((f.bedSize() - BedCodec.HEADER_BYTES) % bpv == 0
                        ? "the size of " + bedVariants + " variants"
                        : "not a whole number of variants")
                + "): the .bim or .fam line count does not match the .bed; use the .bim and .fam made with this"
                + " .bed (or regenerate the fileset: plink2 --bfile x --make-bed)");
    }

    /**
     * The {@code .bim} cut into byte ranges ({@code --partitions}, else 3 per core of at least {@link
     * #MIN_RANGE_BYTES}), each with its line count and its first variant; the lines are counted on the driver when the
     * {@code .bim} has at most {@code driverCountBytes}, else by one Spark task per range.
     */
    static List<PlinkSplitIngester.Split> planSplits(
            JavaSparkContext jsc, Configuration conf, IngestRequest req, Fileset f, long driverCountBytes)
            throws IOException {
        long bytes = Math.max(1, f.bimSize());
        long size = req.partitions() > 0
                ? (bytes + req.partitions() - 1) / req.partitions()
                : Math.max(MIN_RANGE_BYTES, bytes / Math.max(2, jsc.defaultParallelism() * 3) + 1);
        List<long[]> ranges = new ArrayList<>();
        for (long s = 0; s < f.bimSize(); s += size) {
            ranges.add(new long[] {s, Math.min(f.bimSize(), s + size)});
        }
        String bim = f.bim();
        List<Long> counts;
        if (f.bimSize() <= driverCountBytes) {
            counts = new ArrayList<>();
            for (long[] r : ranges) {
                counts.add(countLines(bim, r, conf));
            }
        } else {
            SerializableConf sconf = new SerializableConf(conf);
            counts = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(ranges, Math.max(1, ranges.size()))
                    .map(r -> countLines(bim, r, sconf.get()))
                    .collect());
        }
        List<PlinkSplitIngester.Split> out = new ArrayList<>();
        long first = 0;
        for (int i = 0; i < ranges.size(); i++) {
            out.add(new PlinkSplitIngester.Split(i, ranges.get(i)[0], ranges.get(i)[1], first, counts.get(i)));
            first += counts.get(i);
        }
        return out;
    }

    /** The non-empty {@code .bim} lines starting in byte range {@code r} ({@link BimLines#count}). */
    private static long countLines(String bim, long[] r, Configuration conf) throws IOException {
        Path p = new Path(bim);
        try (FSDataInputStream in = p.getFileSystem(conf).open(p)) {
            in.seek(BimLines.streamStart(r[0]));
            return BimLines.count(in, r[0], r[1]);
        }
    }

    /** One task per split and one checksum task per file; results in split order. */
    private static List<SplitResult> runSplits(
            JavaSparkContext jsc,
            Configuration conf,
            Fileset f,
            List<PlinkSplitIngester.Split> splits,
            int n,
            boolean a1IsAlt,
            IngestOptions options,
            String attemptRoot) {
        // the packed calls are most of a .bed table's bytes: compressed at the faster ZSTD level. The configuration
        // reaches the tasks as a broadcast (as prs and freq): deserialized once per executor (in local mode not at
        // all), not once per task
        Broadcast<SerializableConf> sconf = jsc.broadcast(
                new SerializableConf(VariantFileWriter.withZstdLevel(conf, VariantFileWriter.CALLS_ZSTD_LEVEL)));
        List<Integer> tasks = new ArrayList<>();
        for (int i = 0; i < splits.size() + 3; i++) {
            tasks.add(i);
        }
        LongAccumulator done = jsc.sc().longAccumulator("variants written");
        List<SplitResult> results;
        try (Progress progress = Progress.start(jsc, "ingest", tasks.size(), done, "variants")) {
            results = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(tasks, tasks.size())
                    .map(i -> {
                        if (i >= splits.size()) {
                            SplitResult r = new SplitResult();
                            r.splitIndex = i;
                            r.fileIndex = i - splits.size();
                            String file = r.fileIndex == 0 ? f.bed() : r.fileIndex == 1 ? f.bim() : f.fam();
                            r.sha256 = FileChecksum.sha256(file, sconf.value().get());
                            return r;
                        }
                        PlinkSplitIngester.Split s = splits.get(i);
                        Path dir = new Path(attemptRoot, PartFiles.attemptName("split", s.index(), ""));
                        SplitResult r = new PlinkSplitIngester(
                                        s, f, n, a1IsAlt, options, sconf.value().get(), dir)
                                .run();
                        PartFiles.written(s.index());
                        done.add(r.written.rows);
                        return r;
                    })
                    .collect());
        } finally {
            sconf.destroy();
        }
        results = new ArrayList<>(results);
        results.sort(Comparator.comparingInt(r -> r.splitIndex));
        return results;
    }

    private static List<FamRecord> parseFam(String path, List<String> lines) {
        List<FamRecord> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            try {
                FamRecord r = FamRecord.parse(lines.get(i));
                if (r != null) {
                    out.add(r);
                }
            } catch (IllegalArgumentException e) {
                throw new MusubiUserException(path + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new MusubiUserException(
                    path + ": no samples; a .fam has one line per sample (FID IID father" + " mother sex phenotype)");
        }
        return out;
    }

    private static List<String> readLines(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(p.getFileSystem(conf).open(p), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                lines.add(l);
            }
        }
        return lines;
    }

    private static long size(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        return p.getFileSystem(conf).getFileStatus(p).getLen();
    }

    private static String hex(byte[] b, int len) {
        if (len == 0) {
            return "nothing (an empty file)";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(i > 0 ? " " : "").append(String.format(Locale.ROOT, "%02x", b[i] & 0xff));
        }
        return sb.toString();
    }
}
