package org.musubi.gwas;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.io.ssf.GwasSsf;
import org.musubi.output.PartConcat;
import org.musubi.output.PartFiles;
import org.musubi.plot.GenomePlots;
import org.musubi.release.ReleasePolicy;
import org.musubi.stats.FirthMode;
import org.musubi.stats.GenomicControl;
import org.musubi.table.VariantTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text outputs of one phenotype, assembled on the driver from the parts the tasks wrote ({@link
 * GwasPartWriter}), in task (= genome) order: the PLINK 2 glm file and the GWAS-SSF file (header, then the parts
 * concatenated; md5 computed while writing) and, on {@link #finish()}, its metadata, the Manhattan and QQ plots and
 * the phenotype's entry of the run summary (with λGC).
 */
final class PhenotypeOutput implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PhenotypeOutput.class);

    private final FileSystem fs;
    private final Path dir;
    private final GwasDesign.PhenotypeInfo info;
    private final FirthMode firthMode;
    private final VariantTable table;
    private final GwasRequest req;
    private final List<String> contigs;
    private final ReleasePolicy policy;
    private final boolean logistic;
    private final String glmName;
    private final String ssfName;
    private final PartConcat glm;
    private final PartConcat ssf;
    /** {@code gwas --pred}: the {@code .regenie} file; null otherwise. */
    private final PartConcat regenie;

    private long tested;
    private long failed;
    private long significant;
    private long eafFloored;
    private long nSuppressed;
    private final Map<String, Long> errcodes = new LinkedHashMap<>();
    /** The parts' points files, in genome order: read again for λGC and the plots, never held in memory. */
    private final List<Path> pointFiles = new ArrayList<>();

    private final GenomePlots.Positions cumPos = new GenomePlots.Positions();
    /** Points with a −log10 P (not NaN), their maximum, and the largest genome-wide position. */
    private long finite;

    private double maxNlp;
    private double maxCum = 1;
    private final double[] contigStart;
    private final double[] contigEnd;
    private boolean closed;

    /** What --maf/--min-call-rate applied (for the GWAS-SSF metadata), or null. */
    private final String filterNote;

    PhenotypeOutput(
            FileSystem fs,
            Path dir,
            GwasDesign.PhenotypeInfo info,
            FirthMode firthMode,
            VariantTable table,
            GwasRequest req,
            List<String> contigs,
            ReleasePolicy policy,
            String filterNote)
            throws IOException {
        this.filterNote = filterNote;
        this.fs = fs;
        this.policy = policy;
        this.dir = dir;
        this.info = info;
        this.firthMode = firthMode;
        this.table = table;
        this.req = req;
        this.contigs = contigs;
        this.logistic = info.kind() == GwasDesign.Kind.LOGISTIC;
        boolean hybrid = logistic && firthMode == FirthMode.FIRTH_FALLBACK;
        this.glmName = info.name() + GwasPlan.glmSuffix(info.kind(), firthMode);
        this.ssfName = info.name() + ".tsv.gz";
        contigStart = new double[contigs.size()];
        contigEnd = new double[contigs.size()];
        Arrays.fill(contigStart, Double.MAX_VALUE);
        Arrays.fill(contigEnd, -1);
        glm = PartConcat.create(fs, new Path(dir, glmName), PartConcat.Codec.PLAIN);
        ssf = PartConcat.createWithMd5(fs, new Path(dir, ssfName), PartConcat.Codec.GZIP_MEMBERS);
        glm.header(("#CHROM\tPOS\tID\tREF\tALT\tA1\t"
                        + (hybrid ? "FIRTH?\t" : "")
                        + (logistic
                                ? "TEST\tOBS_CT\tOR\tLOG(OR)_SE\tZ_STAT\tP\tERRCODE\n"
                                : "TEST\tOBS_CT\tBETA\tSE\tT_STAT\tP\tERRCODE\n"))
                .getBytes(StandardCharsets.UTF_8));
        regenie = req.pred() == null
                ? null
                : PartConcat.create(fs, new Path(dir, info.name() + ".regenie"), PartConcat.Codec.PLAIN);
        if (regenie != null) {
            regenie.header(RegenieLines.HEADER.getBytes(StandardCharsets.UTF_8));
        }
        // the header is a gzip member of its own; each part adds one
        ssf.header(GwasSsf.header(
                        logistic ? "odds_ratio" : "beta", List.of("variant_id", "rsid", "ci_upper", "ci_lower", "n"))
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends one task's part (parts in genome order): its text files are copied and deleted, its points file is
     * read for the extents and kept for {@link #finish()}.
     */
    void add(GwasPartWriter.Part part) throws IOException {
        Path g = part.glm();
        Path z = part.ssf();
        Path pts = part.points();
        glm.append(fs, g);
        ssf.append(fs, z);
        if (regenie != null && fs.exists(part.regenie())) {
            regenie.append(fs, part.regenie());
            fs.delete(part.regenie(), false);
        }
        PartFiles.promote(fs, part.parquetPart(), new Path(part.parquet));
        // first pass over the points: contig extents, maxima and the count (the file is kept for finish())
        readPoints(pts, (nlp, ci, pos) -> {
            double cum = cumPos.at(ci, pos);
            contigStart[ci] = Math.min(contigStart[ci], cum);
            contigEnd[ci] = Math.max(contigEnd[ci], cum);
            maxCum = Math.max(maxCum, cum);
            if (!Double.isNaN(nlp)) {
                finite++;
                maxNlp = Math.max(maxNlp, nlp);
            }
        });
        pointFiles.add(pts);
        fs.delete(g, false);
        fs.delete(z, false);
        tested += part.tested;
        failed += part.failed;
        significant += part.significant;
        eafFloored += part.eafFloored;
        nSuppressed += part.nSuppressed;
        part.errcodes.forEach((k, v) -> errcodes.merge(k, v, Long::sum));
    }

    private void readPoints(Path p, GwasPartWriter.PointSink sink) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(p), 1 << 16))) {
            GwasPartWriter.readPoints(in, sink);
        }
    }

    /** Every point of the phenotype, in genome order. */
    private void forEachPoint(GwasPartWriter.PointSink sink) throws IOException {
        for (Path p : pointFiles) {
            readPoints(p, sink);
        }
    }

    /** λGC of the phenotype's points ({@link GenomicControl}, streamed from the points files). */
    double lambdaGc() throws IOException {
        return GenomicControl.lambda(sink -> forEachPoint((nlp, ci, pos) -> sink.accept(nlp)), finite, maxNlp);
    }

    /** Closes the text files, writes the metadata and plots; returns the phenotype's summary entry. */
    Map<String, Object> finish() throws IOException {
        close();
        String name = info.name();
        double lambda = lambdaGc();
        try (OutputStream o = fs.create(new Path(dir, name + ".manhattan.png"))) {
            GenomePlots.Manhattan m =
                    new GenomePlots.Manhattan(name + " (" + (logistic ? "logistic" : "linear") + ")", maxCum, maxNlp);
            GenomePlots.Positions c = new GenomePlots.Positions();
            forEachPoint((nlp, ci, pos) -> m.point(ci, c.at(ci, pos), nlp));
            m.write(o, contigs, contigStart, contigEnd);
        }
        try (OutputStream o = fs.create(new Path(dir, name + ".qq.png"))) {
            GenomePlots.Qq q = new GenomePlots.Qq(finite, maxNlp);
            forEachPoint((nlp, ci, pos) -> q.add(nlp));
            q.write(o, String.format(Locale.ROOT, "%s  λGC = %.3f", name, lambda));
        }
        for (Path p : pointFiles) {
            fs.delete(p, false);
        }
        GwasPlan.writeSsfMeta(fs, dir, ssfName, ssf.md5Hex(), info, firthMode, table, req, policy, filterNote);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", GwasPlan.modelDescription(info.kind(), firthMode, req));
        m.put("coding", info.coding());
        m.put("samples", info.samples());
        if (logistic) {
            m.put("cases", info.cases());
            m.put("controls", info.controls());
        }
        m.put("covariates", info.covariates());
        m.put("covariates_dropped_constant", info.droppedCovariates());
        m.put("variants_tested", tested);
        m.put("variants_failed", failed);
        m.put("errcodes", errcodes);
        m.put("p_below_5e-8", significant);
        m.put("lambda_gc", Double.isNaN(lambda) ? null : lambda);
        if (policy != null) {
            m.put("ssf_eaf_floored", eafFloored);
            m.put("ssf_n_suppressed", nSuppressed);
        }
        List<String> files = new ArrayList<>(
                List.of(glmName, ssfName, ssfName + "-meta.yaml", name + ".manhattan.png", name + ".qq.png"));
        if (regenie != null) {
            files.add(name + ".regenie");
            m.put("pred", req.pred().predList());
        }
        m.put("files", files);
        LOG.info(
                "gwas: {}: {} variants, {} failed, {} with P < 5e-8, λGC = {}",
                name,
                tested,
                failed,
                significant,
                String.format(Locale.ROOT, "%.3f", lambda));
        return m;
    }

    /** Closes the text files (idempotent). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            glm.close();
        } finally {
            try {
                ssf.close();
            } finally {
                if (regenie != null) {
                    regenie.close();
                }
            }
        }
    }
}
