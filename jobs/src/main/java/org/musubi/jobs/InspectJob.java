package org.musubi.jobs;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.musubi.format.TableMetadata;
import org.musubi.spark.Progress;
import org.musubi.spark.SparkSessions;
import org.musubi.table.IntegrityCheck;
import org.musubi.table.VariantTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code musubi inspect}: what a table holds, from its metadata and Parquet footers (no scan, no Spark). */
@Command(
        name = "inspect",
        header = "Show what a variant table holds (reads metadata only).",
        sortOptions = false,
        description = {"Show a variant table: samples, variants per contig, size on disk, format version."},
        footer = {"", "Example:", "  bin/musubi inspect --table cohort.mvt"})
public final class InspectJob implements java.util.concurrent.Callable<Integer> {
    @Option(
            names = "--table",
            required = true,
            paramLabel = "DIR",
            description = "the variant table (with --verify: a table or a job's output directory)")
    String table;

    @Option(
            names = "--verify",
            description = "read every file in full and check it against the checksums recorded when it was"
                    + " written; list each damaged file (exit 1 if any)")
    boolean verify;

    @Option(
            names = "--conf",
            paramLabel = "KEY=VALUE",
            description =
                    "Hadoop file system setting as spark.hadoop.KEY=VALUE (repeatable), as the other jobs take it")
    java.util.Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "Musubi log level: WARN, INFO (default), DEBUG")
    String logLevel;

    @Option(names = "--debug", description = "print stack traces of errors")
    boolean debug;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "show this help and exit")
    boolean help;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        JobBase.setLogLevel(logLevel);
        // the Hadoop configuration the other jobs' sessions carry, without starting Spark
        Configuration conf =
                SparkSessions.hadoopConfiguration(SparkSessions.settings("musubi inspect", "local[1]", this.conf));
        if (verify) {
            return verify(conf);
        }
        VariantTable t = VariantTable.open(table, conf);
        TableMetadata m = t.metadata;
        Map<String, long[]> perContig = new LinkedHashMap<>();
        for (String c : m.contigs) {
            perContig.put(c, new long[2]);
        }
        long rows = 0;
        for (VariantTable.VariantFile f : t.files(conf)) {
            long[] a = perContig.computeIfAbsent(f.contig(), k -> new long[2]);
            a[0] += f.rows();
            a[1] += f.bytes();
            rows += f.rows();
        }
        long size = t.sizeOnDisk();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("table          %s%n", t.dir);
        out.printf(
                "format         %s (written by musubi %s, %s)%n",
                m.formatVersion, m.writer.engineVersion, m.writer.createdAt);
        if (m.inputFormat != null) {
            out.printf("made from      %s%n", m.bgen != null ? m.bgen.describe() : m.inputFormat);
        }
        if (m.bgen != null) {
            out.printf(
                    "hard calls     plink2 rule, --hard-call-threshold %s; REF = %s allele; samples from %s;"
                            + " split by %s%n",
                    m.bgen.hardCallThreshold, m.bgen.refAllele, m.bgen.sampleIds, m.bgen.splitBy);
        }
        out.printf("bank           %s%n", m.bank == null ? "-" : m.bank);
        out.printf("genome build   %s%n", m.genomeBuild == null ? "unknown" : m.genomeBuild);
        out.printf("samples        %d (sex from %s)%n", m.sampleCount, m.sexSource);
        if (m.sexManifestDisagreements != null && m.sexManifestDisagreements > 0) {
            out.printf(
                    "sex check      %d sample(s) whose manifest sex differs from their chrX calls (samples.parquet:"
                            + " sex_inferred, sex_evidence)%n",
                    m.sexManifestDisagreements);
        }
        out.printf(
                "variants       %d biallelic rows from %d records (%d multi-allelic split)%n",
                rows, m.recordCount, m.multiallelicSplitCount);
        out.printf(
                "quarantined    %d record(s)%s%n",
                m.quarantinedCount,
                m.quarantinedCount > 0 ? " (see " + TableMetadata.QUARANTINE + "/records.tsv)" : "");
        out.printf("phase/dosage   %s / %s%n", m.hasPhase ? "yes" : "no", m.hasDosage ? "yes" : "no");
        out.printf(
                "size on disk   %s (%.3f bytes per genotype)%n",
                Progress.bytes(size),
                rows * (double) m.sampleCount == 0 ? 0.0 : size / (rows * (double) m.sampleCount));
        out.printf("sources        %d file(s)%n", m.sources.size());
        for (TableMetadata.SourceFile s : m.sources) {
            out.printf("  %s  %s  sha256:%s%n", s.path, Progress.bytes(s.size), s.checksum);
        }
        out.printf("%-14s %12s %12s%n", "contig", "variants", "bytes");
        perContig.forEach((c, a) -> out.printf("%-14s %12d %12d%n", c, a[0], a[1]));
        out.flush();
        return 0;
    }

    /** {@code --verify}: every file of the directory against its digest; the damaged ones listed, exit 1 if any. */
    private int verify(Configuration conf) throws java.io.IOException {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(table);
        org.apache.hadoop.fs.FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir)) {
            throw new org.musubi.error.MusubiUserException(table + " does not exist");
        }
        IntegrityCheck.Result r = IntegrityCheck.check(fs, dir);
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InspectJob.class);
        r.warnings().forEach(log::warn);
        PrintWriter out = spec.commandLine().getOut();
        for (String d : r.damaged()) {
            out.println("DAMAGED  " + d);
        }
        out.printf(
                "verified %s: %d file(s) checked, %d damaged%n",
                table, r.checked(), r.damaged().size());
        out.flush();
        return r.damaged().isEmpty() ? 0 : 1;
    }
}
