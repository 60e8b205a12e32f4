package org.musubi.export;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.musubi.Version;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
import org.musubi.format.VariantTableSchema.InfoColumn;
import org.musubi.output.OutputCommit;
import org.musubi.output.OutputRun;
import org.musubi.output.PartConcat;
import org.musubi.output.PartFiles;
import org.musubi.output.Tabix;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.table.SamplesFile;
import org.musubi.table.VariantTable;
import org.musubi.table.scan.Slice;
import org.musubi.table.scan.TableScan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Variant table → VCF. Each task formats one variant file (genome order) into a headerless BGZF part; the driver
 * writes the header, concatenates the parts in order (BGZF members concatenate into a valid file) and adds the EOF
 * block, writes the {@code .tbi} index next to it, and commits both ({@link OutputRun#runFile}). The result is
 * bgzipped, sorted and tabix-indexable.
 */
public final class ExportPlan {
    private static final Logger LOG = LoggerFactory.getLogger(ExportPlan.class);

    private ExportPlan() {}

    /** What export writes. */
    public record Request(String table, String output, boolean overwrite, boolean index, List<String> arguments) {}

    /** Rows written and where. */
    public record Summary(String output, long variants, int samples, String index) {}

    public static Summary run(SparkSession spark, Request req) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        VariantTable table = VariantTable.open(req.table(), conf);
        TableMetadata meta = table.metadata;
        if (meta.variantCount == 0) {
            // a header-only VCF is the faithful export of a table without variants: written, and said so
            LOG.warn("export: {} has no variants; the VCF will hold the header only", req.table());
        }
        Path out = new Path(req.output());
        FileSystem fs = out.getFileSystem(conf);
        if (fs.exists(out) && !req.overwrite()) {
            throw new MusubiUserException("output " + req.output() + " already exists; pass --overwrite to replace it");
        }
        String lower = out.getName().toLowerCase(Locale.ROOT);
        boolean bgzf = lower.endsWith(".gz") || lower.endsWith(".bgz");
        if (!bgzf && !lower.endsWith(".vcf")) {
            throw new MusubiUserException("--output " + req.output() + ": name the file .vcf.gz (bgzip) or .vcf");
        }
        List<SamplesFile.Sample> samples = table.samples(conf);
        List<VariantTable.VariantFile> files = table.files(conf);
        List<InfoColumn> info = infoColumns(meta);
        boolean dosage = meta.hasDosage;
        return OutputRun.runFile(
                req.output(),
                req.overwrite(),
                conf,
                commit -> write(jsc, conf, req, meta, samples, files, info, dosage, bgzf, commit));
    }

    private static Summary write(
            JavaSparkContext jsc,
            Configuration conf,
            Request req,
            TableMetadata meta,
            List<SamplesFile.Sample> samples,
            List<VariantTable.VariantFile> files,
            List<InfoColumn> info,
            boolean dosage,
            boolean bgzf,
            OutputCommit commit)
            throws IOException {
        FileSystem fs = commit.fs();
        SerializableConf sconf = new SerializableConf(conf);
        int n = samples.size();
        String partsDir = new Path(commit.staging(), "_parts").toString();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            idx.add(i);
        }
        List<PartFiles.Part> parts = List.of();
        if (!files.isEmpty()) {
            try (Progress p = Progress.start(jsc, "export", files.size())) {
                parts = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(idx, files.size())
                        .map(i -> writePart(files.get(i), i, n, info, dosage, bgzf, partsDir, sconf))
                        .collect());
            }
        }
        long variants = 0;
        Path file = commit.file();
        try (PartConcat o = PartConcat.create(fs, file, bgzf ? PartConcat.Codec.BGZF : PartConcat.Codec.PLAIN)) {
            o.header(header(meta, samples, dosage, req.arguments()).getBytes(StandardCharsets.UTF_8));
            for (PartFiles.Part part : parts) {
                o.append(fs, new Path(part.path()));
                variants += part.count();
            }
        }
        String indexPath = null;
        if (bgzf && req.index()) {
            Tabix.index(fs, file);
            indexPath = req.output() + ".tbi";
        }
        LOG.info("export: wrote {} ({} variants × {} samples)", req.output(), variants, n);
        return new Summary(req.output(), variants, n, indexPath);
    }

    static PartFiles.Part writePart(
            VariantTable.VariantFile f,
            int index,
            int n,
            List<InfoColumn> info,
            boolean dosage,
            boolean bgzf,
            String partsDir,
            SerializableConf sconf)
            throws IOException {
        Configuration conf = sconf.get();
        Path part = PartFiles.attemptPath(partsDir, index, "");
        FileSystem fs = part.getFileSystem(conf);
        VcfRowFormatter fmt = new VcfRowFormatter(n, info, dosage);
        long rows = 0;
        try (OutputStream raw = fs.create(part, true);
                TableScan scan = TableScan.over(Slice.of(f))
                        .columns(VcfRowFormatter.columns(info))
                        .open(conf)) {
            BlockCompressedOutputStream b = bgzf ? new BlockCompressedOutputStream(raw, (File) null) : null;
            OutputStream o = bgzf ? b : raw;
            while (scan.next()) {
                fmt.format(scan);
                o.write(fmt.buffer(), 0, fmt.length());
                o.write('\n');
                rows++;
            }
            if (b != null) {
                b.close(false);
            }
        }
        PartFiles.written(index);
        return new PartFiles.Part(index, part.toString(), rows);
    }

    static List<InfoColumn> infoColumns(TableMetadata meta) {
        return meta.infoColumns == null ? List.of() : meta.infoColumns;
    }

    static String header(TableMetadata meta, List<SamplesFile.Sample> samples, boolean dosage, List<String> args) {
        StringBuilder h = new StringBuilder();
        boolean ac = false;
        boolean an = false;
        boolean gt = false;
        boolean ds = false;
        boolean old = false;
        List<String> lines = new ArrayList<>(meta.vcfHeader);
        if (lines.isEmpty() || !lines.get(0).startsWith("##fileformat=")) {
            lines.add(0, "##fileformat=VCFv4.2");
        }
        for (String l : lines) {
            ac |= l.startsWith("##INFO=<ID=AC,");
            an |= l.startsWith("##INFO=<ID=AN,");
            old |= l.startsWith("##INFO=<ID=OLD_MULTIALLELIC,");
            gt |= l.startsWith("##FORMAT=<ID=GT,");
            ds |= l.startsWith("##FORMAT=<ID=DS,");
        }
        for (String l : lines) {
            h.append(l).append('\n');
        }
        for (String c : meta.contigs) {
            if (!meta.contigLengths.containsKey(c)) {
                h.append("##contig=<ID=").append(c).append(">\n");
            }
        }
        if (!ac) {
            h.append("##INFO=<ID=AC,Number=A,Type=Integer,Description=\"Allele count in genotypes\">\n");
        }
        if (!an) {
            h.append(
                    "##INFO=<ID=AN,Number=1,Type=Integer,Description=\"Total number of alleles in called genotypes\">\n");
        }
        if (!old && meta.multiallelicSplitCount > 0) {
            h.append("##INFO=<ID=OLD_MULTIALLELIC,Number=1,Type=String,Description=\"Original chr:pos:ref/alt"
                    + " encoding of a split multi-allelic record\">\n");
        }
        if (!gt && !samples.isEmpty()) {
            h.append("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n");
        }
        if (dosage && !ds) {
            h.append("##FORMAT=<ID=DS,Number=A,Type=Float,Description=\"Alternate allele dosage\">\n");
        }
        h.append("##musubi_exportVersion=").append(Version.ENGINE).append('\n');
        h.append("##musubi_exportCommand=").append(String.join(" ", args)).append('\n');
        h.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO");
        if (!samples.isEmpty()) {
            h.append("\tFORMAT");
            for (SamplesFile.Sample s : samples) {
                h.append('\t').append(s.id());
            }
        }
        h.append('\n');
        return h.toString();
    }
}
