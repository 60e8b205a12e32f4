package org.musubi.gwas;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.freq.ReleasePolicy;
import org.musubi.stats.FirthMode;
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
    private final String partsDir;
    private final GwasDesign.PhenotypeInfo info;
    private final FirthMode firthMode;
    private final VariantTable table;
    private final GwasRequest req;
    private final List<String> contigs;
    private final ReleasePolicy policy;
    private final boolean logistic;
    private final String glmName;
    private final String ssfName;
    private final MessageDigest md5;
    private final OutputStream glm;
    private final OutputStream ssf;

    private long tested;
    private long failed;
    private long significant;
    private long eafFloored;
    private long nSuppressed;
    private final Map<String, Long> errcodes = new LinkedHashMap<>();
    private double[] nlp = new double[1 << 12];
    private double[] cum = new double[1 << 12];
    private int[] contigOf = new int[1 << 12];
    private int count;
    private final double[] contigStart;
    private final double[] contigEnd;
    private double offset;
    private int lastContig = -1;
    private double lastContigMax;
    private boolean closed;

    PhenotypeOutput(
            FileSystem fs,
            Path dir,
            String partsDir,
            GwasDesign.PhenotypeInfo info,
            FirthMode firthMode,
            VariantTable table,
            GwasRequest req,
            List<String> contigs,
            ReleasePolicy policy)
            throws IOException {
        this.fs = fs;
        this.policy = policy;
        this.dir = dir;
        this.partsDir = partsDir;
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
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        glm = new BufferedOutputStream(fs.create(new Path(dir, glmName)), 1 << 16);
        ssf = new BufferedOutputStream(new DigestOutputStream(fs.create(new Path(dir, ssfName)), md5), 1 << 16);
        glm.write(("#CHROM\tPOS\tID\tREF\tALT\tA1\t"
                        + (hybrid ? "FIRTH?\t" : "")
                        + (logistic
                                ? "TEST\tOBS_CT\tOR\tLOG(OR)_SE\tZ_STAT\tP\tERRCODE\n"
                                : "TEST\tOBS_CT\tBETA\tSE\tT_STAT\tP\tERRCODE\n"))
                .getBytes(StandardCharsets.UTF_8));
        // the header is a gzip member of its own; each part adds one
        try (OutputStream header = new GZIPOutputStream(new NonClosing(ssf))) {
            header.write(("chromosome\tbase_pair_location\teffect_allele\tother_allele\t"
                            + (logistic ? "odds_ratio" : "beta")
                            + "\tstandard_error\teffect_allele_frequency\tp_value\tvariant_id\trsid\tci_upper"
                            + "\tci_lower\tn\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    String name() {
        return info.name();
    }

    /** Appends one task's part (parts in genome order) and deletes its files. */
    void add(GwasPartWriter.Part part) throws IOException {
        Path g = GwasPartWriter.glmPart(partsDir, info.name(), part.partition);
        Path z = GwasPartWriter.ssfPart(partsDir, info.name(), part.partition);
        Path pts = GwasPartWriter.pointsPart(partsDir, info.name(), part.partition);
        try (InputStream in = fs.open(g)) {
            in.transferTo(glm);
        }
        try (InputStream in = fs.open(z)) {
            in.transferTo(ssf);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(pts), 1 << 16))) {
            GwasPartWriter.readPoints(in, this::point);
        }
        fs.delete(g, false);
        fs.delete(z, false);
        fs.delete(pts, false);
        tested += part.tested;
        failed += part.failed;
        significant += part.significant;
        eafFloored += part.eafFloored;
        nSuppressed += part.nSuppressed;
        part.errcodes.forEach((k, v) -> errcodes.merge(k, v, Long::sum));
    }

    /** One variant's point of the plots, in genome order. */
    private void point(double negLog10P, int ci, int pos) {
        if (ci != lastContig) {
            if (lastContig >= 0) {
                offset += lastContigMax;
            }
            lastContig = ci;
            lastContigMax = 0;
        }
        lastContigMax = Math.max(lastContigMax, pos);
        if (count == nlp.length) {
            nlp = Arrays.copyOf(nlp, count * 2);
            cum = Arrays.copyOf(cum, count * 2);
            contigOf = Arrays.copyOf(contigOf, count * 2);
        }
        nlp[count] = negLog10P;
        cum[count] = offset + pos;
        contigOf[count] = ci;
        contigStart[ci] = Math.min(contigStart[ci], offset + pos);
        contigEnd[ci] = Math.max(contigEnd[ci], offset + pos);
        count++;
    }

    /** Lets a gzip member be finished without closing the file it is written to. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Closes the text files, writes the metadata and plots; returns the phenotype's summary entry. */
    Map<String, Object> finish() throws IOException {
        close();
        String name = info.name();
        double lambda = GwasPlan.lambdaGc(nlp, count);
        try (OutputStream o = fs.create(new Path(dir, name + ".manhattan.png"))) {
            GwasPlots.manhattan(
                    o,
                    name + " (" + (logistic ? "logistic" : "linear") + ")",
                    contigOf,
                    cum,
                    nlp,
                    count,
                    contigs,
                    contigStart,
                    contigEnd);
        }
        try (OutputStream o = fs.create(new Path(dir, name + ".qq.png"))) {
            GwasPlots.qq(o, String.format(Locale.ROOT, "%s  λGC = %.3f", name, lambda), nlp, count);
        }
        GwasPlan.writeSsfMeta(
                fs, dir, ssfName, HexFormat.of().formatHex(md5.digest()), info, firthMode, table, req, policy);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", GwasPlan.modelDescription(info.kind(), firthMode));
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
        m.put("files", List.of(glmName, ssfName, ssfName + "-meta.yaml", name + ".manhattan.png", name + ".qq.png"));
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
            ssf.close();
        }
    }
}
