package org.musubi.meta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.musubi.Version;
import org.musubi.format.NumberFormats;
import org.musubi.io.ssf.GwasSsf;
import org.musubi.release.ReleaseStatement;
import org.musubi.stats.Distributions;

/**
 * The {@code meta} job's output formats, one {@link MetaResult} at a time: the columns and row of {@code
 * meta.parquet}, the lines of the METAL-style {@code meta.tbl} and of the GWAS-SSF {@code meta.tsv.gz}, and that
 * file's {@code -meta.yaml}. {@link MetaPlan} writes them in genome order.
 */
final class MetaFormats {
    /** The GWAS-SSF output's name. */
    static final String SSF = "meta.tsv.gz";

    /** Columns of {@code meta.parquet}. */
    static final StructType SCHEMA = new StructType()
            .add("chromosome", DataTypes.StringType, false)
            .add("base_pair_location", DataTypes.IntegerType, false)
            .add("marker_name", DataTypes.StringType, false)
            .add("allele1", DataTypes.StringType, false)
            .add("allele2", DataTypes.StringType, false)
            .add("ref_known", DataTypes.BooleanType, false)
            .add("rsid", DataTypes.StringType, true)
            .add("studies", DataTypes.IntegerType, false)
            .add("direction", DataTypes.StringType, false)
            .add("freq1", DataTypes.DoubleType, true)
            .add("freq_se", DataTypes.DoubleType, true)
            .add("min_freq", DataTypes.DoubleType, true)
            .add("max_freq", DataTypes.DoubleType, true)
            .add("effect", DataTypes.DoubleType, true)
            .add("std_err", DataTypes.DoubleType, true)
            .add("weight", DataTypes.DoubleType, true)
            .add("z", DataTypes.DoubleType, false)
            .add("neg_log10_p", DataTypes.DoubleType, false)
            .add("het_isq", DataTypes.DoubleType, false)
            .add("het_chisq", DataTypes.DoubleType, false)
            .add("het_df", DataTypes.IntegerType, false)
            .add("het_neg_log10_p", DataTypes.DoubleType, false)
            .add("tau2", DataTypes.DoubleType, true)
            .add("effect_random", DataTypes.DoubleType, true)
            .add("std_err_random", DataTypes.DoubleType, true)
            .add("neg_log10_p_random", DataTypes.DoubleType, true)
            .add("n", DataTypes.DoubleType, true);

    private MetaFormats() {}

    /** The header line of {@code meta.tbl} (METAL's columns). */
    static String tblHeader(boolean sampleSize, boolean random) {
        return "MarkerName\tAllele1\tAllele2\tFreq1\tFreqSE\tMinFreq\tMaxFreq\t"
                + (sampleSize ? "Weight\tZscore" : "Effect\tStdErr")
                + "\tP-value\tDirection\tHetISq\tHetChiSq\tHetDf\tHetPVal"
                + (random ? "\tTau2\tEffectRandom\tStdErrRandom\tP-valueRandom" : "")
                + "\n";
    }

    /** The header line of {@link #SSF}: the GWAS-SSF columns, then the meta-analysis' own. */
    static String ssfHeader(String effectColumn, boolean random) {
        List<String> optional = new ArrayList<>(
                List.of("variant_id", "rsid", "n", "direction", "het_isq", "het_chisq", "het_df", "het_p_value"));
        if (random) {
            optional.addAll(List.of("tau2", effectColumn + "_random", "standard_error_random", "p_value_random"));
        }
        return GwasSsf.header(effectColumn, optional);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "NA" : NumberFormats.g6(v);
    }

    static String tblLine(MetaResult r, boolean sampleSize, boolean random) {
        StringBuilder b = new StringBuilder(200);
        b.append(r.markerName()).append('\t').append(r.allele1()).append('\t').append(r.allele2());
        b.append('\t').append(num(r.freq1())).append('\t').append(num(r.freqSe()));
        b.append('\t').append(num(r.minFreq())).append('\t').append(num(r.maxFreq()));
        if (sampleSize) {
            b.append('\t').append(num(r.weight())).append('\t').append(num(r.z()));
        } else {
            b.append('\t').append(num(r.effect())).append('\t').append(num(r.stdErr()));
        }
        b.append('\t').append(NumberFormats.pFromLn(r.lnP())).append('\t').append(r.direction());
        b.append('\t').append(num(r.hetISq())).append('\t').append(num(r.hetChiSq()));
        b.append('\t').append(r.hetDf()).append('\t').append(NumberFormats.pFromLn(r.hetLnP()));
        if (random) {
            b.append('\t').append(num(r.tau2())).append('\t').append(num(r.effectRandom()));
            b.append('\t').append(num(r.stdErrRandom())).append('\t').append(NumberFormats.pFromLn(r.lnPRandom()));
        }
        return b.append('\n').toString();
    }

    static String ssfLine(MetaResult r, boolean sampleSize, boolean random, boolean ratio) {
        StringBuilder b = new StringBuilder(200);
        b.append(r.chrom())
                .append('\t')
                .append(r.pos())
                .append('\t')
                .append(r.allele1())
                .append('\t');
        b.append(r.allele2()).append('\t');
        if (sampleSize) {
            b.append(GwasSsf.num(r.z())).append('\t').append(GwasSsf.NA);
        } else {
            b.append(GwasSsf.num(ratio ? Math.exp(r.effect()) : r.effect()))
                    .append('\t')
                    .append(GwasSsf.num(r.stdErr()));
        }
        b.append('\t').append(GwasSsf.num(r.freq1())).append('\t').append(NumberFormats.pFromLn(r.lnP()));
        b.append('\t');
        if (r.refKnown()) {
            GwasSsf.variantId(b, r.chrom(), r.pos(), r.allele2(), r.allele1());
        } else {
            b.append(GwasSsf.NA);
        }
        b.append('\t').append(r.rsid() == null ? GwasSsf.NA : r.rsid());
        b.append('\t').append(GwasSsf.num(r.n()));
        b.append('\t').append(r.direction());
        b.append('\t').append(GwasSsf.num(r.hetISq())).append('\t').append(GwasSsf.num(r.hetChiSq()));
        b.append('\t').append(r.hetDf()).append('\t').append(NumberFormats.pFromLn(r.hetLnP()));
        if (random) {
            b.append('\t').append(GwasSsf.num(r.tau2()));
            b.append('\t').append(GwasSsf.num(ratio ? Math.exp(r.effectRandom()) : r.effectRandom()));
            b.append('\t')
                    .append(GwasSsf.num(r.stdErrRandom()))
                    .append('\t')
                    .append(NumberFormats.pFromLn(r.lnPRandom()));
        }
        return b.append('\n').toString();
    }

    static Row row(MetaResult r) {
        return RowFactory.create(
                r.chrom(),
                r.pos(),
                r.markerName(),
                r.allele1(),
                r.allele2(),
                r.refKnown(),
                r.rsid(),
                r.studies(),
                r.direction(),
                nullIfNaN(r.freq1()),
                nullIfNaN(r.freqSe()),
                nullIfNaN(r.minFreq()),
                nullIfNaN(r.maxFreq()),
                nullIfNaN(r.effect()),
                nullIfNaN(r.stdErr()),
                nullIfNaN(r.weight()),
                r.z(),
                Distributions.lnPToNegLog10P(r.lnP()),
                r.hetISq(),
                r.hetChiSq(),
                r.hetDf(),
                Distributions.lnPToNegLog10P(r.hetLnP()),
                nullIfNaN(r.tau2()),
                nullIfNaN(r.effectRandom()),
                nullIfNaN(r.stdErrRandom()),
                nullIfNaN(Distributions.lnPToNegLog10P(r.lnPRandom())),
                nullIfNaN(r.n()));
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** The input GWAS-SSF files' release statements ({@code -meta.yaml}), combined. */
    static ReleaseStatement inputsStatement(List<String> inputs, Configuration conf) throws IOException {
        List<ReleaseStatement> in = new ArrayList<>();
        for (String f : inputs) {
            Path y = new Path(f + "-meta.yaml");
            FileSystem yfs = y.getFileSystem(conf);
            org.musubi.integrity.OutputDigests.verify(yfs, y);
            in.add(
                    yfs.exists(y)
                            ? ReleaseStatement.fromYaml(new String(readAll(yfs, y), StandardCharsets.UTF_8))
                            : null);
        }
        return ReleaseStatement.combined(in);
    }

    private static byte[] readAll(FileSystem fs, Path p) throws IOException {
        try (InputStream is = fs.open(p)) {
            return is.readAllBytes();
        }
    }

    /** The GWAS-SSF metadata of {@link #SSF}: assembly as the inputs' metadata agree on it (else NR). */
    static void writeYaml(
            FileSystem fs, Path dir, MetaRequest req, String md5, String effectColumn, ReleaseStatement release)
            throws IOException {
        String assembly = null;
        boolean agree = true;
        for (String in : req.inputs()) {
            Path y = new Path(in + "-meta.yaml");
            Configuration conf = fs.getConf();
            FileSystem yfs = y.getFileSystem(conf);
            String a = null;
            if (yfs.exists(y)) {
                org.musubi.integrity.OutputDigests.verify(yfs, y);
                try (InputStream s = yfs.open(y)) {
                    for (String l : new String(s.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        if (l.startsWith("genome_assembly:")) {
                            a = l.substring("genome_assembly:".length()).strip();
                        }
                    }
                }
            }
            if (a == null || (assembly != null && !assembly.equals(a))) {
                agree = false;
            }
            assembly = a;
        }
        StringBuilder y = GwasSsf.metadata(agree ? assembly : null);
        GwasSsf.dataFile(y, SSF, md5);
        y.append("analysis_software: Musubi ")
                .append(Version.ENGINE)
                .append(" meta (")
                .append(
                        req.sampleSize()
                                ? "sample-size weighted Z, METAL SCHEME SAMPLESIZE"
                                : "fixed-effects inverse variance, METAL SCHEME STDERR")
                .append(")\n");
        y.append("author_notes: meta-analysis of ").append(req.inputs().size()).append(" studies (");
        for (int i = 0; i < req.inputs().size(); i++) {
            y.append(i == 0 ? "" : ", ").append(new Path(req.inputs().get(i)).getName());
        }
        y.append("); ").append(effectColumn).append(" of the effect allele; n is the sum over the studies combined\n");
        y.append(release.yamlLine());
        GwasSsf.writeMetadata(fs, dir, SSF, y);
    }
}
