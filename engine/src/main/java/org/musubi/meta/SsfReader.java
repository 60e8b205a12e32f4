package org.musubi.meta;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;
import org.musubi.format.Alleles;
import org.musubi.genome.Contig;
import org.musubi.stats.MetaAnalysis;

/**
 * Streams the data lines of one GWAS-SSF file (gzip, bgzip or plain TSV; columns found by name, extra columns
 * ignored) as {@link SsfRecord}s, for files written by Musubi's {@code gwas}, plink2 {@code --gwas-ssf} and other
 * tools. Malformed values stop the run with the file, line, column, value and the fix; lines that are well formed
 * but cannot be combined (no estimate, a non-ACGT allele, a contig outside 1–25) come back with a drop reason.
 *
 * <p>Effects: {@code beta}, or {@code odds_ratio} / {@code hazard_ratio} (taken as ln), or, in the sample-size
 * scheme only, {@code z-score}. A missing {@code standard_error} is derived from a 95% {@code ci_lower}/{@code
 * ci_upper} when both are present: {@code (ln hi − ln lo)/(2·1.96)} for ratios, {@code (hi − lo)/(2·1.96)} for beta
 * (the record says so). REF is known from {@code ref_allele} (EA/OA) or from a {@code variant_id} of the form
 * {@code chr_pos_REF_ALT} whose alleles are the line's two alleles.
 */
public final class SsfReader implements Iterator<SsfRecord>, Closeable {
    static final double Z_975 = 1.959963984540054;
    private static final Pattern VARIANT_ID = Pattern.compile("(?:chr)?[^_]+_[0-9]+_([ACGTacgt]+)_([ACGTacgt]+)");
    private static final Pattern YAML_SAMPLE_SIZE = Pattern.compile("^\\s*-?\\s*sample_size:\\s*([0-9]+)\\s*$");

    /** Effect scale of a file. */
    public enum Scale {
        BETA,
        ODDS_RATIO,
        HAZARD_RATIO,
        Z_SCORE
    }

    private final String file;
    private final int study;
    private final boolean sampleSize;
    private final BufferedReader in;
    private final boolean tabs;
    private final int columns;
    private final int chrom;
    private final int pos;
    private final int ea;
    private final int oa;
    private final int effect;
    private final Scale scale;
    private final int se;
    private final int ciLower;
    private final int ciUpper;
    private final int eaf;
    private final int p;
    private final int negLog10P;
    private final int zCol;
    private final int n;
    private final int refAllele;
    private final int variantId;
    private final int rsid;
    private final double metadataN;
    private long lineNo;
    private SsfRecord next;

    /**
     * Opens a file and checks its header.
     *
     * @param sampleSize whether the sample-size scheme will combine it (needs p or z and n, not SE)
     */
    public static SsfReader open(String file, int study, boolean sampleSize, Configuration conf) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(conf);
        if (!fs.exists(path)) {
            throw new MusubiUserException(file + ": no such file (give the GWAS-SSF .tsv.gz files of the studies)");
        }
        org.musubi.integrity.OutputDigests.verify(fs, path);
        org.musubi.integrity.OutputDigests.verify(fs, new Path(file + "-meta.yaml"));
        InputStream raw = new BufferedInputStream(fs.open(path), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream data = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8), 1 << 16);
        double metaN = Double.NaN;
        Path yaml = new Path(file + "-meta.yaml");
        if (fs.exists(yaml)) {
            try (InputStream y = fs.open(yaml)) {
                for (String l : new String(y.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    Matcher m = YAML_SAMPLE_SIZE.matcher(l);
                    if (m.matches() && Double.isNaN(metaN)) {
                        metaN = Double.parseDouble(m.group(1));
                    }
                }
            }
        }
        try {
            return new SsfReader(file, study, sampleSize, r, metaN);
        } catch (RuntimeException | IOException e) {
            r.close();
            throw e;
        }
    }

    private SsfReader(String file, int study, boolean sampleSize, BufferedReader in, double metadataN)
            throws IOException {
        this.file = file;
        this.study = study;
        this.sampleSize = sampleSize;
        this.in = in;
        this.metadataN = metadataN;
        String header = in.readLine();
        lineNo = 1;
        while (header != null && header.startsWith("##")) {
            header = in.readLine();
            lineNo++;
        }
        if (header == null) {
            throw new MusubiUserException(file + ": empty file; a GWAS-SSF file starts with a header line"
                    + " (chromosome base_pair_location effect_allele other_allele beta standard_error …)");
        }
        tabs = header.indexOf('\t') >= 0;
        String[] h = split(header.strip());
        columns = h.length;
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < h.length; i++) {
            idx.putIfAbsent(h[i].strip().toLowerCase(Locale.ROOT), i);
        }
        chrom = required(idx, "chromosome", h);
        pos = required(idx, "base_pair_location", h);
        ea = required(idx, "effect_allele", h);
        oa = required(idx, "other_allele", h);
        int beta = idx.getOrDefault("beta", -1);
        int or = idx.getOrDefault("odds_ratio", -1);
        int hr = idx.getOrDefault("hazard_ratio", -1);
        zCol = idx.getOrDefault("z-score", idx.getOrDefault("z_score", -1));
        if (beta >= 0) {
            effect = beta;
            scale = Scale.BETA;
        } else if (or >= 0) {
            effect = or;
            scale = Scale.ODDS_RATIO;
        } else if (hr >= 0) {
            effect = hr;
            scale = Scale.HAZARD_RATIO;
        } else if (zCol >= 0) {
            effect = -1;
            scale = Scale.Z_SCORE;
            if (!sampleSize) {
                throw new MusubiUserException(file + ": has a z-score but no beta, odds_ratio or hazard_ratio column;"
                        + " inverse-variance weighting needs effects and standard errors: use --scheme samplesize");
            }
        } else {
            throw new MusubiUserException(file + ": no effect column (beta, odds_ratio, hazard_ratio or z-score) in"
                    + " the header [" + String.join(" ", h) + "]; give a GWAS-SSF file");
        }
        se = idx.getOrDefault("standard_error", -1);
        ciLower = idx.getOrDefault("ci_lower", -1);
        ciUpper = idx.getOrDefault("ci_upper", -1);
        if (!sampleSize && se < 0 && (ciLower < 0 || ciUpper < 0)) {
            throw new MusubiUserException(
                    file + ": no standard_error column (nor ci_lower and ci_upper to derive"
                            + " it from); inverse-variance weighting needs it (or use --scheme samplesize with p-values and n)");
        }
        eaf = idx.getOrDefault("effect_allele_frequency", -1);
        p = idx.getOrDefault("p_value", -1);
        negLog10P = idx.getOrDefault("neg_log_10_p_value", -1);
        n = idx.getOrDefault("n", -1);
        refAllele = idx.getOrDefault("ref_allele", -1);
        variantId = idx.getOrDefault("variant_id", -1);
        rsid = idx.getOrDefault("rsid", -1);
        if (sampleSize) {
            if (p < 0 && negLog10P < 0 && zCol < 0 && se < 0) {
                throw new MusubiUserException(file + ": no p_value, neg_log_10_p_value or z-score column; the"
                        + " sample-size scheme combines Z scores from them");
            }
            if (n < 0 && Double.isNaN(metadataN)) {
                throw new MusubiUserException(file + ": no n column and no samples/sample_size in " + file
                        + "-meta.yaml; the sample-size scheme weights by N: add an n column or the metadata file");
            }
        }
        advance();
    }

    private static int required(Map<String, Integer> idx, String name, String[] header) {
        Integer i = idx.get(name);
        if (i == null) {
            throw new MusubiUserException("GWAS-SSF column '" + name + "' is missing from the header ["
                    + String.join(" ", header) + "]; GWAS-SSF needs chromosome, base_pair_location, effect_allele,"
                    + " other_allele, an effect and its standard_error");
        }
        return i;
    }

    private String[] split(String line) {
        return tabs ? line.split("\t", -1) : line.split("\\s+", -1);
    }

    /** The effect scale of the file (ln is taken of ratios). */
    public Scale scale() {
        return scale;
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public SsfRecord next() {
        if (next == null) {
            throw new NoSuchElementException();
        }
        SsfRecord r = next;
        advance();
        return r;
    }

    private void advance() {
        try {
            next = null;
            String l;
            while ((l = in.readLine()) != null) {
                lineNo++;
                if (l.isBlank()) {
                    continue;
                }
                next = parse(l);
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": read error at line " + lineNo, e);
        }
    }

    private SsfRecord parse(String line) {
        String[] f = split(tabs ? stripEol(line) : line.strip());
        if (f.length != columns) {
            throw bad("has " + f.length + " fields, the header has " + columns, "fix the file's columns");
        }
        String chromCode = Contig.ssfCodeOfSsfValue(f[chrom].strip());
        int position = parsePosition(f[pos].strip());
        String a1 = f[ea].strip().toUpperCase(Locale.ROOT);
        String a2 = f[oa].strip().toUpperCase(Locale.ROOT);
        double b = Double.NaN;
        if (effect >= 0) {
            b = number(
                    f,
                    effect,
                    scale == Scale.BETA ? "beta" : scale == Scale.ODDS_RATIO ? "odds_ratio" : "hazard_ratio");
            if (scale != Scale.BETA && !Double.isNaN(b)) {
                if (b < 0) {
                    throw bad(
                            "column " + (scale == Scale.ODDS_RATIO ? "odds_ratio" : "hazard_ratio") + " = " + f[effect]
                                    + " is negative",
                            "ratios are >= 0 (give ln(OR) as beta instead)");
                }
                b = Math.log(b);
            }
        }
        double s = se >= 0 ? number(f, se, "standard_error") : Double.NaN;
        if (s < 0) {
            throw bad("column standard_error = " + f[se] + " is negative", "standard errors are >= 0");
        }
        boolean fromCi = false;
        if (Double.isNaN(s) && ciLower >= 0 && ciUpper >= 0 && effect >= 0) {
            double lo = number(f, ciLower, "ci_lower");
            double hi = number(f, ciUpper, "ci_upper");
            if (!Double.isNaN(lo) && !Double.isNaN(hi)) {
                if (hi < lo) {
                    throw bad("ci_upper " + f[ciUpper] + " < ci_lower " + f[ciLower], "swap or fix the interval");
                }
                s = scale == Scale.BETA ? (hi - lo) / (2 * Z_975) : (Math.log(hi) - Math.log(lo)) / (2 * Z_975);
                fromCi = true;
            }
        }
        double freq = eaf >= 0 ? number(f, eaf, "effect_allele_frequency") : Double.NaN;
        if (freq < 0 || freq > 1) {
            throw bad("column effect_allele_frequency = " + f[eaf] + " is outside [0, 1]", "fix the frequency");
        }
        double lnPv = Double.NaN;
        if (p >= 0) {
            double pv = number(f, p, "p_value");
            if (pv < 0 || pv > 1) {
                throw bad("column p_value = " + f[p] + " is outside [0, 1]", "fix the p-value");
            }
            lnPv = pv > 0 ? Math.log(pv) : Double.NaN; // 0: underflowed, no information left
        } else if (negLog10P >= 0) {
            double v = number(f, negLog10P, "neg_log_10_p_value");
            if (v < 0) {
                throw bad("column neg_log_10_p_value = " + f[negLog10P] + " is negative", "fix the p-value");
            }
            lnPv = Double.isInfinite(v) ? Double.NaN : -v * Math.log(10);
        }
        double zv = zCol >= 0 ? number(f, zCol, "z-score") : Double.NaN;
        double nv = n >= 0 ? number(f, n, "n") : Double.NaN;
        if (nv < 0) {
            throw bad("column n = " + f[n] + " is negative", "fix the sample size");
        }
        if (Double.isNaN(nv)) {
            nv = metadataN;
        }
        String refA = null;
        if (refAllele >= 0) {
            String v = f[refAllele].strip();
            if (v.equals("EA")) {
                refA = a1;
            } else if (v.equals("OA")) {
                refA = a2;
            }
        }
        if (refA == null && variantId >= 0) {
            Matcher m = VARIANT_ID.matcher(f[variantId].strip());
            if (m.matches()) {
                String r = m.group(1).toUpperCase(Locale.ROOT);
                String a = m.group(2).toUpperCase(Locale.ROOT);
                if ((r.equals(a1) && a.equals(a2)) || (r.equals(a2) && a.equals(a1))) {
                    refA = r;
                }
            }
        }
        String rs = null;
        if (rsid >= 0) {
            String v = f[rsid].strip();
            if (v.matches("rs[0-9]+")) {
                rs = v;
            }
        }
        SsfRecord rec = new SsfRecord(
                study, lineNo, chromCode, position, a1, a2, b, s, freq, lnPv, zv, nv, refA, rs, fromCi, null, null);
        if (chromCode == null) {
            return rec.dropped(SsfRecord.Drop.UNKNOWN_CHROMOSOME, "chromosome " + f[chrom].strip());
        }
        if (!Alleles.isAcgt(a1) || !Alleles.isAcgt(a2)) {
            return rec.dropped(SsfRecord.Drop.NON_ACGT_ALLELE, a1 + "/" + a2);
        }
        if (a1.equals(a2)) {
            return rec.dropped(SsfRecord.Drop.SAME_ALLELES, a1 + "/" + a2);
        }
        if (!sampleSize) {
            if (!Double.isFinite(b) || !Double.isFinite(s) || s <= 0) {
                return rec.dropped(SsfRecord.Drop.NO_ESTIMATE, "effect " + fmt(b) + ", standard error " + fmt(s));
            }
            return rec;
        }
        // sample-size scheme: a signed Z from P (METAL), else the z-score column, else beta/SE
        double zs;
        if (!Double.isNaN(lnPv)) {
            double sign = !Double.isNaN(b) ? Math.signum(b) : !Double.isNaN(zv) ? Math.signum(zv) : Double.NaN;
            if (Double.isNaN(sign)) {
                return rec.dropped(SsfRecord.Drop.NO_ESTIMATE, "p-value without an effect direction");
            }
            zs = sign * MetaAnalysis.absZFromLnP(lnPv);
        } else if (Double.isFinite(zv)) {
            zs = zv;
        } else if (Double.isFinite(b) && Double.isFinite(s) && s > 0) {
            zs = b / s;
        } else {
            return rec.dropped(SsfRecord.Drop.NO_P_VALUE, "no p-value, z-score or effect with standard error");
        }
        if (!(nv > 0)) {
            return rec.dropped(SsfRecord.Drop.NO_SAMPLE_SIZE, "n " + fmt(nv));
        }
        return new SsfRecord(
                study, lineNo, chromCode, position, a1, a2, b, s, freq, lnPv, zs, nv, refA, rs, fromCi, null, null);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "#NA" : Double.toString(v);
    }

    private static String stripEol(String l) {
        return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
    }

    /** A number, or NaN for a missing value (#NA, NA, empty, '.', nan); inf/-inf are infinities. */
    private double number(String[] f, int col, String name) {
        String v = f[col].strip();
        switch (v) {
            case "#NA", "NA", "", ".", "nan", "NaN", "NAN" -> {
                return Double.NaN;
            }
            case "inf", "Inf", "INF", "+inf", "Infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-Inf", "-INF", "-Infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                // Double.parseDouble also takes hex and a trailing 'd'/'f': refuse those, they are not TSV numbers
                char last = v.charAt(v.length() - 1);
                if (!Character.isDigit(last) && last != '.') {
                    throw bad("column " + name + " = '" + v + "' is not a number", "write a number or #NA");
                }
                try {
                    return Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw bad("column " + name + " = '" + v + "' is not a number", "write a number or #NA");
                }
            }
        }
    }

    private int parsePosition(String v) {
        try {
            int x = Integer.parseInt(v);
            if (x > 0) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad("base_pair_location '" + v + "' is not a positive integer", "fix the position");
    }

    private MusubiUserException bad(String what, String fix) {
        return new MusubiUserException(file + " line " + lineNo + ": " + what + "; " + fix);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
