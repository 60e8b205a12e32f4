package org.musubi.gwas;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.musubi.format.Alleles;
import org.musubi.format.ContigPaths;
import org.musubi.format.NumberFormats;
import org.musubi.genome.Contig;
import org.musubi.io.ssf.GwasSsf;
import org.musubi.output.PartFiles;
import org.musubi.release.ReleaseGate;
import org.musubi.stats.Distributions;

/**
 * What one GWAS task writes, in genome order, from the results of its slice of the table: per phenotype it has a
 * result for, one part of the PLINK 2 glm file, one gzip member of the GWAS-SSF file, a points file (−log10 P,
 * contig, position: what the plots and λGC need) and one Parquet file of the results, all under {@code
 * <staging>/_parts/<phenotype>/} with this task attempt's names ({@link PartFiles}). It returns a {@link Part} per
 * phenotype with the counts and the paths; the driver ({@link PhenotypeOutput}) writes the headers, concatenates the
 * parts in task order (gzip members concatenate into one valid gzip file, RFC 1952 §2.2) and moves the Parquet file
 * to {@code results.parquet/phenotype=<name>/}.
 */
final class GwasPartWriter implements Closeable {
    private static final double Z_975 = 1.959963984540054;
    private static final double GENOME_WIDE_NLP = -Math.log10(5e-8);

    /** What one task wrote for one phenotype. */
    static final class Part implements Serializable {
        private static final long serialVersionUID = 1L;
        final String phenotype;
        final int partition;
        /** This attempt's parts: the path without the {@code .glm}, {@code .ssf.gz}, {@code .pts}, {@code .parquet}. */
        final String attempt;
        /** Where the Parquet part goes in {@code results.parquet}. */
        final String parquet;

        long tested;
        long failed;
        long significant;
        long eafFloored;
        long nSuppressed;
        final Map<String, Long> errcodes = new LinkedHashMap<>();

        Part(String phenotype, int partition, String attempt, String parquet) {
            this.phenotype = phenotype;
            this.partition = partition;
            this.attempt = attempt;
            this.parquet = parquet;
        }

        Path glm() {
            return new Path(attempt + ".glm");
        }

        Path ssf() {
            return new Path(attempt + ".ssf.gz");
        }

        Path points() {
            return new Path(attempt + ".pts");
        }

        Path parquetPart() {
            return new Path(attempt + ".parquet");
        }

        /** {@code gwas --pred}: the part of the {@code .regenie} file. */
        Path regenie() {
            return new Path(attempt + ".regenie");
        }
    }

    /** The per-task settings of the writer (travel to the tasks). */
    record Settings(
            String partsDir,
            String resultsDir,
            List<String> phenotypes,
            boolean[] logistic,
            boolean[] hybrid,
            List<String> contigs,
            int releaseK)
            implements Serializable {}

    /** The open files of one phenotype in this task. */
    private static final class Open {
        final Part part;
        final Writer glm;
        final Writer ssf;
        final DataOutputStream points;
        final ParquetWriter<GwasResult> parquet;
        /** {@code gwas --pred}: the {@code .regenie} part, opened with the first REGENIE result. */
        Writer regenie;

        Open(Part part, Writer glm, Writer ssf, DataOutputStream points, ParquetWriter<GwasResult> parquet) {
            this.part = part;
            this.glm = glm;
            this.ssf = ssf;
            this.points = points;
            this.parquet = parquet;
        }

        void close() throws IOException {
            try (Writer r = regenie;
                    Writer g = glm;
                    Writer s = ssf;
                    DataOutputStream p = points;
                    ParquetWriter<GwasResult> q = parquet) {
                // closed in reverse order, each even if another fails
            }
        }
    }

    private final Settings settings;
    private final int partition;
    private final FileSystem fs;
    private final Configuration conf;
    private final Open[] open;
    private final Map<String, Integer> contigIdx = new LinkedHashMap<>();
    private final StringBuilder line = new StringBuilder(256);
    private String lastContig;
    private int lastContigIndex;

    GwasPartWriter(Settings settings, int partition, Configuration conf) throws IOException {
        this.settings = settings;
        this.partition = partition;
        this.conf = conf;
        this.fs = new Path(settings.partsDir()).getFileSystem(conf);
        this.open = new Open[settings.phenotypes().size()];
        for (int i = 0; i < settings.contigs().size(); i++) {
            contigIdx.put(settings.contigs().get(i), i);
        }
    }

    /** The points file's records: −log10 P (double), contig index (int), position (int). */
    static void readPoints(DataInputStream in, PointSink sink) throws IOException {
        while (true) {
            double nlp;
            try {
                nlp = in.readDouble();
            } catch (java.io.EOFException end) {
                return;
            }
            sink.point(nlp, in.readInt(), in.readInt());
        }
    }

    /** Receives the points of a part. */
    @FunctionalInterface
    interface PointSink {
        void point(double negLog10P, int contig, int pos);
    }

    private Open open(int phenotype) throws IOException {
        Open o = open[phenotype];
        if (o != null) {
            return o;
        }
        String name = settings.phenotypes().get(phenotype);
        Path pq = new Path(
                new Path(settings.resultsDir(), ContigPaths.partition(GwasResults.PHENOTYPE, name)),
                String.format(Locale.ROOT, "part-%05d.zstd.parquet", partition));
        String attempt = PartFiles.attemptPath(settings.partsDir() + "/" + name, partition, "")
                .toString();
        Part part = new Part(name, partition, attempt, pq.toString());
        Writer glm = new BufferedWriter(
                new OutputStreamWriter(fs.create(part.glm(), true), StandardCharsets.UTF_8), 1 << 16);
        Writer ssf = new BufferedWriter(
                new OutputStreamWriter(
                        new GZIPOutputStream(fs.create(part.ssf(), true), 1 << 16), StandardCharsets.UTF_8),
                1 << 16);
        DataOutputStream points =
                new DataOutputStream(new BufferedOutputStream(fs.create(part.points(), true), 1 << 16));
        o = new Open(part, glm, ssf, points, GwasResultsParquet.open(part.parquetPart(), conf));
        open[phenotype] = o;
        return o;
    }

    /** One result: a glm line, a GWAS-SSF line when it has statistics, a point and a Parquet row. */
    void add(GwasResult r) throws IOException {
        Open o = open(r.phenotype);
        Part part = o.part;
        boolean logistic = settings.logistic()[r.phenotype];
        boolean hybrid = settings.hybrid()[r.phenotype];
        boolean ok = r.ok();
        double beta = r.beta;
        double se = r.se;
        double negLog10 = ok ? Distributions.lnPToNegLog10P(r.lnP) : Double.NaN;
        part.tested++;
        if (!ok) {
            part.failed++;
            part.errcodes.merge(r.errcode, 1L, Long::sum);
        } else if (negLog10 >= GENOME_WIDE_NLP) {
            part.significant++;
        }
        StringBuilder b = line;
        b.setLength(0);
        b.append(r.contig)
                .append('\t')
                .append(r.pos)
                .append('\t')
                .append(r.id == null ? "." : r.id)
                .append('\t');
        b.append(r.ref).append('\t').append(r.alt).append('\t').append(r.a1).append('\t');
        if (hybrid) {
            b.append(r.firth == 1 ? "Y" : "N").append('\t');
        }
        b.append("ADD\t").append(r.obsCt).append('\t');
        b.append(ok ? NumberFormats.g6(logistic ? Math.exp(beta) : beta) : "NA").append('\t');
        b.append(ok ? NumberFormats.g6(se) : "NA").append('\t');
        b.append(ok ? NumberFormats.g6(r.stat) : "NA").append('\t');
        b.append(ok ? NumberFormats.pFromLn(r.lnP) : "NA").append('\t');
        b.append(r.errcode).append('\n');
        o.glm.append(b);
        String chrom = Contig.ssfCode(r.contig);
        String other = r.a1.equals(r.alt) ? r.ref : r.alt;
        int obs = r.obsCt;
        int releaseK = settings.releaseK();
        if (ok && chrom != null && Alleles.isAcgt(r.a1) && Alleles.isAcgt(other)) {
            double freq = r.a1Freq;
            // EAF floor (SPECS §5.2): a minor allele count 2·n·MAF below k is shown as exactly k
            double floored = ReleaseGate.floorFrequency(freq, releaseK, obs);
            if (Double.compare(floored, freq) != 0) {
                freq = floored;
                part.eafFloored++;
            }
            double lo = beta - Z_975 * se;
            double hi = beta + Z_975 * se;
            b.setLength(0);
            b.append(chrom)
                    .append('\t')
                    .append(r.pos)
                    .append('\t')
                    .append(r.a1)
                    .append('\t')
                    .append(other);
            b.append('\t').append(NumberFormats.g6(logistic ? Math.exp(beta) : beta));
            b.append('\t').append(NumberFormats.g6(se));
            b.append('\t').append(GwasSsf.num(freq));
            b.append('\t').append(NumberFormats.pFromLn(r.lnP));
            GwasSsf.variantId(b.append('\t'), chrom, r.pos, r.ref, r.alt);
            b.append('\t').append(r.id != null && isRsid(r.id) ? r.id : GwasSsf.NA);
            b.append('\t').append(NumberFormats.g6(logistic ? Math.exp(hi) : hi));
            b.append('\t').append(NumberFormats.g6(logistic ? Math.exp(lo) : lo));
            if (ReleaseGate.small(obs, releaseK)) {
                b.append('\t').append(GwasSsf.NA).append('\n');
                part.nSuppressed++;
            } else {
                b.append('\t').append(obs).append('\n');
            }
            o.ssf.append(b);
        }
        if (!r.contig.equals(lastContig)) {
            lastContig = r.contig;
            Integer ci = contigIdx.get(r.contig);
            lastContigIndex = ci == null ? 0 : ci;
        }
        if (r.regenie != null) {
            if (o.regenie == null) {
                o.regenie = new BufferedWriter(
                        new OutputStreamWriter(fs.create(part.regenie(), true), StandardCharsets.UTF_8), 1 << 16);
            }
            RegenieLines.append(b, r);
            o.regenie.append(b);
        }
        o.points.writeDouble(negLog10);
        o.points.writeInt(lastContigIndex);
        o.points.writeInt(r.pos);
        o.parquet.write(r);
    }

    /** Closes this task's files and returns its parts, phenotypes in design order. */
    List<Part> finish() throws IOException {
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < open.length; i++) {
            if (open[i] != null) {
                Open o = open[i];
                open[i] = null;
                o.close();
                parts.add(o.part);
            }
        }
        PartFiles.written(partition);
        return parts;
    }

    /** Closes what is still open (after a failure). */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (int i = 0; i < open.length; i++) {
            if (open[i] != null) {
                try {
                    open[i].close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
                open[i] = null;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** {@code rs[0-9]+}. */
    static boolean isRsid(String id) {
        if (id.length() < 3 || !id.startsWith("rs")) {
            return false;
        }
        for (int i = 2; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
