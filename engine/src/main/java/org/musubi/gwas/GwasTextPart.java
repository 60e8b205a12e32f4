package org.musubi.gwas;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.musubi.format.Alleles;
import org.musubi.spark.SerializableConf;

/**
 * The text outputs of GWAS results, formatted in parallel: each Spark task gets a range of result rows in
 * (phenotype, genome) order and writes, per phenotype it holds, one part of the PLINK 2 glm file and one gzip
 * member of the GWAS-SSF file under {@code <staging>/_parts/}; it returns a {@link Part} with the counts and the
 * values the plots and λGC need. The driver ({@link PhenotypeOutput}) writes the headers and concatenates the
 * parts in order (gzip members concatenate into one valid gzip file, RFC 1952 §2.2).
 */
final class GwasTextPart implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double Z_975 = 1.959963984540054;
    private static final double GENOME_WIDE_NLP = -Math.log10(5e-8);

    /** What one task wrote for one phenotype. */
    static final class Part implements Serializable {
        private static final long serialVersionUID = 1L;
        final String phenotype;
        final int partition;
        long tested;
        long failed;
        long significant;
        long eafFloored;
        long nSuppressed;
        final Map<String, Long> errcodes = new LinkedHashMap<>();
        int count;
        double[] nlp = new double[256];
        int[] contigIndex = new int[256];
        int[] pos = new int[256];

        Part(String phenotype, int partition) {
            this.phenotype = phenotype;
            this.partition = partition;
        }

        void addPoint(double negLog10, int contig, int position) {
            if (count == nlp.length) {
                nlp = Arrays.copyOf(nlp, count * 2);
                contigIndex = Arrays.copyOf(contigIndex, count * 2);
                pos = Arrays.copyOf(pos, count * 2);
            }
            nlp[count] = negLog10;
            contigIndex[count] = contig;
            pos[count] = position;
            count++;
        }
    }

    private final SerializableConf conf;
    private final String partsDir;
    private final Map<String, Boolean> logisticByPhenotype;
    private final Map<String, Boolean> hybridByPhenotype;
    private final List<String> contigs;
    /** The release gate's k for the GWAS-SSF file (SPECS §5.2), or 0 without a release policy. */
    private final int releaseK;

    GwasTextPart(
            SerializableConf conf,
            String partsDir,
            Map<String, Boolean> logisticByPhenotype,
            Map<String, Boolean> hybridByPhenotype,
            List<String> contigs,
            int releaseK) {
        this.conf = conf;
        this.releaseK = releaseK;
        this.partsDir = partsDir;
        this.logisticByPhenotype = logisticByPhenotype;
        this.hybridByPhenotype = hybridByPhenotype;
        this.contigs = List.copyOf(contigs);
    }

    static Path glmPart(String partsDir, String phenotype, int partition) {
        return new Path(partsDir, phenotype + "/" + String.format(java.util.Locale.ROOT, "%05d", partition) + ".glm");
    }

    static Path ssfPart(String partsDir, String phenotype, int partition) {
        return new Path(
                partsDir, phenotype + "/" + String.format(java.util.Locale.ROOT, "%05d", partition) + ".ssf.gz");
    }

    /** Writes the parts of one task; rows are in (phenotype, genome) order. */
    Iterator<Part> write(int partition, Iterator<Row> rows) throws IOException {
        List<Part> done = new ArrayList<>();
        FileSystem fs = new Path(partsDir).getFileSystem(conf.get());
        Map<String, Integer> contigIdx = new LinkedHashMap<>();
        for (int i = 0; i < contigs.size(); i++) {
            contigIdx.put(contigs.get(i), i);
        }
        Part part = null;
        Writer glm = null;
        Writer ssf = null;
        boolean logistic = false;
        boolean hybrid = false;
        try {
            while (rows.hasNext()) {
                Row r = rows.next();
                String name = r.getString(r.fieldIndex(GwasResults.PHENOTYPE));
                if (part == null || !part.phenotype.equals(name)) {
                    if (part != null) {
                        glm.close();
                        ssf.close();
                        done.add(part);
                    }
                    part = new Part(name, partition);
                    logistic = Boolean.TRUE.equals(logisticByPhenotype.get(name));
                    hybrid = Boolean.TRUE.equals(hybridByPhenotype.get(name));
                    glm = new BufferedWriter(
                            new OutputStreamWriter(
                                    fs.create(glmPart(partsDir, name, partition), true), StandardCharsets.UTF_8),
                            1 << 16);
                    ssf = new BufferedWriter(
                            new OutputStreamWriter(
                                    new GZIPOutputStream(fs.create(ssfPart(partsDir, name, partition), true), 1 << 16),
                                    StandardCharsets.UTF_8),
                            1 << 16);
                }
                add(r, part, glm, ssf, logistic, hybrid, contigIdx, releaseK);
            }
            if (part != null) {
                glm.close();
                ssf.close();
                done.add(part);
                glm = null;
                ssf = null;
            }
        } finally {
            if (glm != null) {
                glm.close();
            }
            if (ssf != null) {
                ssf.close();
            }
        }
        return done.iterator();
    }

    /** One result row ({@link GwasResults#SCHEMA}) as a glm line and, when it has statistics, a GWAS-SSF line. */
    private static void add(
            Row r,
            Part part,
            Writer glm,
            Writer ssf,
            boolean logistic,
            boolean hybrid,
            Map<String, Integer> contigIdx,
            int releaseK)
            throws IOException {
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
        part.tested++;
        if (!ok) {
            part.failed++;
            part.errcodes.merge(err, 1L, Long::sum);
        } else if (negLog10 >= GENOME_WIDE_NLP) {
            part.significant++;
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
        if (ok && chrom != null && Alleles.isAcgt(a1) && Alleles.isAcgt(other)) {
            int fi = r.fieldIndex(GwasResults.A1_FREQ);
            double freq = r.isNullAt(fi) ? Double.NaN : r.getDouble(fi);
            if (releaseK > 0 && !Double.isNaN(freq) && obs > 0) {
                // EAF floor (SPECS §5.2): a minor allele count 2·n·MAF below k is shown as exactly k
                double floor = Math.min(0.5, releaseK / (2.0 * obs));
                if (freq < floor || freq > 1 - floor) {
                    freq = freq < floor ? floor : 1 - floor;
                    part.eafFloored++;
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
            s.append('\t').append(id != null && isRsid(id) ? id : "#NA");
            s.append('\t').append(NumberFormats.g6(logistic ? Math.exp(hi) : hi));
            s.append('\t').append(NumberFormats.g6(logistic ? Math.exp(lo) : lo));
            if (releaseK > 0 && obs > 0 && obs < releaseK) {
                s.append("\t#NA\n");
                part.nSuppressed++;
            } else {
                s.append('\t').append(obs).append('\n');
            }
            ssf.write(s.toString());
        }
        Integer ci = contigIdx.get(contig);
        part.addPoint(negLog10, ci == null ? 0 : ci, pos);
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
