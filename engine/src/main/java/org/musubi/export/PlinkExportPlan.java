package org.musubi.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.format.VariantTableSchema;
import org.musubi.format.calls.CallsView;
import org.musubi.io.plink.BedCodec;
import org.musubi.io.plink.FamRecord;
import org.musubi.output.OutputCommit;
import org.musubi.output.OutputRun;
import org.musubi.output.PartConcat;
import org.musubi.output.PartFiles;
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
 * Variant table → PLINK 1 fileset {@code <prefix>.bed/.bim/.fam}, as plink2 {@code --make-bed} writes it: A1 = ALT,
 * A2 = REF, one {@code .bim} line per table row (split multi-allelic rows stay biallelic rows with their IDs;
 * missing ID {@code .}, cM 0), hard calls only (phase and dosage are not in a {@code .bed}; a haploid call is written
 * homozygous). Each task encodes one variant file into a {@code .bed} part and a {@code .bim} part; the driver
 * concatenates them in genome order ({@link PartConcat}, the {@code .bed} magic as its header), writes the {@code
 * .fam} from {@code samples.parquet} (FID, parents and phenotype from the {@code .fam} columns ingest keeps, sex
 * from {@code sex}) and commits the three files together.
 */
public final class PlinkExportPlan {
    private static final Logger LOG = LoggerFactory.getLogger(PlinkExportPlan.class);
    private static final String[] SUFFIXES = {".bed", ".bim", ".fam"};

    private PlinkExportPlan() {}

    public static ExportPlan.Summary run(SparkSession spark, ExportPlan.Request req) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        VariantTable table = VariantTable.open(req.table(), conf);
        String prefix = stripSuffix(req.output());
        for (String s : SUFFIXES) {
            Path p = new Path(prefix + s);
            if (p.getFileSystem(conf).exists(p) && !req.overwrite()) {
                throw new MusubiUserException("output " + p + " already exists; choose another --output prefix or"
                        + " pass --overwrite to replace it");
            }
        }
        List<SamplesFile.Sample> samples = table.samples(conf);
        if (samples.isEmpty()) {
            throw new MusubiUserException(req.table() + ": the table has no samples; a PLINK fileset needs at least"
                    + " one (export --format vcf writes a sites-only file)");
        }
        Map<String, String[]> fam = SamplesFile.readColumns(table.samplesPath(), conf, FamRecord.EXTRA_COLUMNS);
        byte[] famBytes = famFile(samples, fam, req.table());
        List<VariantTable.VariantFile> files = table.files(conf);
        return OutputRun.runFile(
                prefix,
                req.overwrite(),
                conf,
                commit -> write(jsc, conf, prefix, samples.size(), files, famBytes, commit));
    }

    private static ExportPlan.Summary write(
            JavaSparkContext jsc,
            Configuration conf,
            String prefix,
            int n,
            List<VariantTable.VariantFile> files,
            byte[] famBytes,
            OutputCommit commit)
            throws IOException {
        FileSystem fs = commit.fs();
        SerializableConf sconf = new SerializableConf(conf);
        String partsDir = new Path(commit.staging(), "_parts").toString();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            idx.add(i);
        }
        List<PartFiles.Part[]> parts = List.of();
        if (!files.isEmpty()) {
            try (Progress p = Progress.start(jsc, "export", files.size())) {
                parts = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(idx, files.size())
                        .map(i -> writeParts(files.get(i), i, n, partsDir, sconf))
                        .collect());
            }
        }
        String name = commit.output().getName();
        long variants = 0;
        try (PartConcat bed = PartConcat.create(fs, new Path(commit.staging(), name + ".bed"), PartConcat.Codec.PLAIN);
                PartConcat bim =
                        PartConcat.create(fs, new Path(commit.staging(), name + ".bim"), PartConcat.Codec.PLAIN)) {
            bed.header(BedCodec.MAGIC);
            for (PartFiles.Part[] p : parts) {
                bed.append(fs, new Path(p[0].path()));
                bim.append(fs, new Path(p[1].path()));
                variants += p[0].count();
            }
        }
        commit.writeFile(name + ".fam", famBytes);
        LOG.info("export: wrote {}.bed/.bim/.fam ({} variants × {} samples)", prefix, variants, n);
        return new ExportPlan.Summary(prefix + ".bed", variants, n, null);
    }

    /** One variant file as a {@code .bed} part (no magic) and a {@code .bim} part. */
    static PartFiles.Part[] writeParts(
            VariantTable.VariantFile f, int index, int n, String partsDir, SerializableConf sconf) throws IOException {
        Configuration conf = sconf.get();
        Path bedPart = PartFiles.attemptPath(partsDir, index, ".bed");
        Path bimPart = PartFiles.attemptPath(partsDir, index, ".bim");
        FileSystem fs = bedPart.getFileSystem(conf);
        CallsView view = new CallsView();
        byte[] gt = new byte[n];
        byte[] bytes = new byte[BedCodec.bytesPerVariant(n)];
        StringBuilder line = new StringBuilder();
        long rows = 0;
        try (OutputStream bed = fs.create(bedPart, true);
                OutputStream bim = fs.create(bimPart, true);
                TableScan scan = TableScan.over(Slice.of(f))
                        .columns(
                                VariantTableSchema.POS,
                                VariantTableSchema.ID,
                                VariantTableSchema.REF,
                                VariantTableSchema.ALT,
                                VariantTableSchema.CALLS)
                        .open(conf)) {
            while (scan.next()) {
                view.reset(scan.column(VariantTableSchema.CALLS).bytes(), n);
                view.decodeDense(gt);
                BedCodec.encode(gt, n, bytes, 0);
                bed.write(bytes);
                String id = scan.column(VariantTableSchema.ID).string();
                line.setLength(0);
                line.append(scan.contig())
                        .append('\t')
                        .append(id == null ? "." : id)
                        .append("\t0\t")
                        .append(scan.column(VariantTableSchema.POS).int32())
                        .append('\t')
                        .append(scan.column(VariantTableSchema.ALT).string())
                        .append('\t')
                        .append(scan.column(VariantTableSchema.REF).string())
                        .append('\n');
                bim.write(line.toString().getBytes(StandardCharsets.UTF_8));
                rows++;
            }
        }
        PartFiles.written(index);
        return new PartFiles.Part[] {
            new PartFiles.Part(index, bedPart.toString(), rows), new PartFiles.Part(index, bimPart.toString(), rows)
        };
    }

    /**
     * The {@code .fam}: FID from the table's {@code FID} column (else {@code 0}), IID the sample ID without its
     * {@code FID_} prefix, parents from {@code PAT}/{@code MAT} (else {@code 0}), sex 1 (XY), 2 (XX) or 0, phenotype
     * from {@code PHENO1} (else {@code -9}).
     */
    static byte[] famFile(List<SamplesFile.Sample> samples, Map<String, String[]> cols, String table) {
        String[] fid = cols.get("FID");
        String[] pat = cols.get("PAT");
        String[] mat = cols.get("MAT");
        String[] pheno = cols.get("PHENO1");
        StringBuilder sb = new StringBuilder();
        for (SamplesFile.Sample s : samples) {
            int i = s.index();
            String id = s.id();
            if (id.chars().anyMatch(Character::isWhitespace)) {
                throw new MusubiUserException(table + ": sample '" + id + "' has whitespace in its ID, which a .fam"
                        + " cannot hold; rename the samples (bcftools reheader --samples) and ingest again");
            }
            String f = fid == null || fid[i] == null ? "0" : fid[i];
            String iid = !f.equals("0") && id.startsWith(f + "_") ? id.substring(f.length() + 1) : id;
            sb.append(f).append('\t').append(iid).append('\t');
            sb.append(or0(pat, i)).append('\t').append(or0(mat, i)).append('\t');
            sb.append("XY".equals(s.sex()) ? "1" : "XX".equals(s.sex()) ? "2" : "0")
                    .append('\t');
            sb.append(pheno == null || pheno[i] == null ? "-9" : pheno[i]).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String or0(String[] col, int i) {
        return col == null || col[i] == null ? "0" : col[i];
    }

    private static String stripSuffix(String out) {
        for (String s : SUFFIXES) {
            if (out.endsWith(s)) {
                return out.substring(0, out.length() - s.length());
            }
        }
        return out;
    }
}
