package org.musubi.gwas;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
import org.apache.spark.sql.Row;
import org.musubi.freq.ReleasePolicy;
import org.musubi.stats.FirthMode;
import org.musubi.table.VariantTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text outputs of one phenotype, fed its result rows in genome order: the PLINK 2 glm file, the GWAS-SSF file
 * (md5 computed while writing) and, on {@link #finish()}, its metadata, the Manhattan and QQ plots and the
 * phenotype's entry of the run summary (with λGC).
 */
final class PhenotypeOutput implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PhenotypeOutput.class);
    private static final double Z_975 = 1.959963984540054;

    private final FileSystem fs;
    private final Path dir;
    private final GwasDesign.PhenotypeInfo info;
    private final FirthMode firthMode;
    private final VariantTable table;
    private final GwasRequest req;
    private final List<String> contigs;
    private final ReleasePolicy policy;
    private final boolean logistic;
    private final boolean hybrid;
    private final String glmName;
    private final String ssfName;
    private final MessageDigest md5;
    private final Writer glm;
    private final Writer ssf;

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
    private String lastContig;
    private double lastContigMax;
    private boolean closed;

    PhenotypeOutput(
            FileSystem fs,
            Path dir,
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
        this.info = info;
        this.firthMode = firthMode;
        this.table = table;
        this.req = req;
        this.contigs = contigs;
        this.logistic = info.kind() == GwasDesign.Kind.LOGISTIC;
        this.hybrid = logistic && firthMode == FirthMode.FIRTH_FALLBACK;
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
        glm = new BufferedWriter(
                new OutputStreamWriter(fs.create(new Path(dir, glmName)), StandardCharsets.UTF_8), 1 << 16);
        OutputStream ssfRaw = fs.create(new Path(dir, ssfName));
        ssf = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(new DigestOutputStream(ssfRaw, md5), 1 << 16), StandardCharsets.UTF_8));
        glm.write("#CHROM\tPOS\tID\tREF\tALT\tA1\t"
                + (hybrid ? "FIRTH?\t" : "")
                + (logistic
                        ? "TEST\tOBS_CT\tOR\tLOG(OR)_SE\tZ_STAT\tP\tERRCODE\n"
                        : "TEST\tOBS_CT\tBETA\tSE\tT_STAT\tP\tERRCODE\n"));
        ssf.write("chromosome\tbase_pair_location\teffect_allele\tother_allele\t"
                + (logistic ? "odds_ratio" : "beta")
                + "\tstandard_error\teffect_allele_frequency\tp_value\tvariant_id\trsid\tci_upper\tci_lower\tn\n");
    }

    String name() {
        return info.name();
    }

    /** One result row ({@link GwasResults#SCHEMA}), in genome order. */
    void add(Row r) throws IOException {
        String contig = r.getString(r.fieldIndex(GwasResults.CONTIG));
        int pos = r.getInt(r.fieldIndex(GwasResults.POS));
        int idIndex = r.fieldIndex(GwasResults.ID);
        String id = r.isNullAt(idIndex) ? null : r.getString(idIndex);
        String ref = r.getString(r.fieldIndex(GwasResults.REF));
        String alt = r.getString(r.fieldIndex(GwasResults.ALT));
        String a1 = r.getString(r.fieldIndex(GwasResults.A1));
        String err = r.getString(r.fieldIndex(GwasResults.ERRCODE));
        int obs = r.getInt(r.fieldIndex(GwasResults.OBS_CT));
        // statistics: without error, and with UNFINISHED (PLINK prints both)
        boolean ok = !r.isNullAt(r.fieldIndex(GwasResults.BETA));
        double beta = ok ? r.getDouble(r.fieldIndex(GwasResults.BETA)) : Double.NaN;
        double se = ok ? r.getDouble(r.fieldIndex(GwasResults.SE)) : Double.NaN;
        double stat = ok ? r.getDouble(r.fieldIndex(GwasResults.STAT)) : Double.NaN;
        double negLog10 = ok ? r.getDouble(r.fieldIndex(GwasResults.NEG_LOG10_P)) : Double.NaN;
        double lnP = -negLog10 * Math.log(10);
        tested++;
        if (!ok) {
            failed++;
            errcodes.merge(err, 1L, Long::sum);
        } else if (negLog10 >= -Math.log10(5e-8)) {
            significant++;
        }
        StringBuilder b = new StringBuilder(160);
        b.append(contig)
                .append('\t')
                .append(pos)
                .append('\t')
                .append(id == null ? "." : id)
                .append('\t');
        b.append(ref).append('\t').append(alt).append('\t').append(a1).append('\t');
        if (hybrid) {
            int fi = r.fieldIndex(GwasResults.FIRTH);
            b.append(!r.isNullAt(fi) && r.getBoolean(fi) ? "Y" : "N").append('\t');
        }
        b.append("ADD\t").append(obs).append('\t');
        b.append(ok ? NumberFormats.g6(logistic ? Math.exp(beta) : beta) : "NA").append('\t');
        b.append(ok ? NumberFormats.g6(se) : "NA").append('\t');
        b.append(ok ? NumberFormats.g6(stat) : "NA").append('\t');
        b.append(ok ? NumberFormats.pFromLn(lnP) : "NA").append('\t');
        b.append(err).append('\n');
        glm.write(b.toString());
        String chrom = GwasPlan.ssfChromosome(contig);
        String other = a1.equals(alt) ? ref : alt;
        if (ok && chrom != null && isAcgt(a1) && isAcgt(other)) {
            int fi = r.fieldIndex(GwasResults.A1_FREQ);
            double freq = r.isNullAt(fi) ? Double.NaN : r.getDouble(fi);
            if (policy != null && !Double.isNaN(freq) && obs > 0) {
                // EAF floor (SPECS §5.2): a minor allele count 2·n·MAF below k is shown as exactly k
                double floor = Math.min(0.5, policy.k() / (2.0 * obs));
                if (freq < floor || freq > 1 - floor) {
                    freq = freq < floor ? floor : 1 - floor;
                    eafFloored++;
                }
            }
            double lo = beta - Z_975 * se;
            double hi = beta + Z_975 * se;
            StringBuilder s = new StringBuilder(160);
            s.append(chrom)
                    .append('\t')
                    .append(pos)
                    .append('\t')
                    .append(a1)
                    .append('\t')
                    .append(other);
            s.append('\t').append(NumberFormats.g6(logistic ? Math.exp(beta) : beta));
            s.append('\t').append(NumberFormats.g6(se));
            s.append('\t').append(Double.isNaN(freq) ? "#NA" : NumberFormats.g6(freq));
            s.append('\t').append(NumberFormats.pFromLn(lnP));
            s.append('\t')
                    .append(chrom)
                    .append('_')
                    .append(pos)
                    .append('_')
                    .append(ref)
                    .append('_');
            s.append(alt);
            s.append('\t').append(id != null && id.matches("rs[0-9]+") ? id : "#NA");
            s.append('\t').append(NumberFormats.g6(logistic ? Math.exp(hi) : hi));
            s.append('\t').append(NumberFormats.g6(logistic ? Math.exp(lo) : lo));
            if (policy != null && !policy.releasable(obs)) {
                s.append("\t#NA\n");
                nSuppressed++;
            } else {
                s.append('\t').append(obs).append('\n');
            }
            ssf.write(s.toString());
        }
        // plot data
        if (!contig.equals(lastContig)) {
            if (lastContig != null) {
                offset += lastContigMax;
            }
            lastContig = contig;
            lastContigMax = 0;
        }
        lastContigMax = Math.max(lastContigMax, pos);
        if (count == nlp.length) {
            nlp = Arrays.copyOf(nlp, count * 2);
            cum = Arrays.copyOf(cum, count * 2);
            contigOf = Arrays.copyOf(contigOf, count * 2);
        }
        int ci = Math.max(0, contigs.indexOf(contig));
        nlp[count] = negLog10;
        cum[count] = offset + pos;
        contigOf[count] = ci;
        contigStart[ci] = Math.min(contigStart[ci], offset + pos);
        contigEnd[ci] = Math.max(contigEnd[ci], offset + pos);
        count++;
    }

    private static boolean isAcgt(String allele) {
        if (allele.isEmpty()) {
            return false;
        }
        for (int i = 0; i < allele.length(); i++) {
            char c = allele.charAt(i);
            if (c != 'A' && c != 'C' && c != 'G' && c != 'T') {
                return false;
            }
        }
        return true;
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
