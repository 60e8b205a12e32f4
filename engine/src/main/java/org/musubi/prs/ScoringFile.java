package org.musubi.prs;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.musubi.error.MusubiUserException;
import org.musubi.genome.Contig;

/**
 * A parsed scoring file: PGS Catalog format 2.0 (plain or gzip, {@code #key=value} header kept, columns by name,
 * harmonized {@code hm_*} columns preferred) or a plink2-style {@code ID effect_allele weight…} file (one score per
 * weight column). No Spark.
 *
 * @param path the file, as given
 * @param header {@code #key=value} metadata lines, in order
 * @param scoreNames one name per weight column ({@code #pgs_id}, else {@code #pgs_name}, else the file name; the
 *     column names for plink2-style files)
 * @param variants every data row, in file order (rows that cannot be matched carry {@link Variant#unusable()})
 * @param warnings notes (complex rows, rows left unmatched and why)
 */
public record ScoringFile(
        String path,
        Map<String, String> header,
        List<String> scoreNames,
        List<Variant> variants,
        List<String> warnings) {

    /** Dosage model of a row. */
    public enum EffectType {
        ADDITIVE,
        DOMINANT,
        RECESSIVE
    }

    /**
     * One scoring row.
     *
     * @param line 1-based line in the file
     * @param rsId rsID or plink2 ID, null if missing
     * @param chr chromosome (harmonized when given), null if missing
     * @param pos position (harmonized when given), 0 if missing
     * @param effectAllele effect allele (upper case)
     * @param otherAllele other allele, null if missing or ambiguous ({@code A/C})
     * @param weights one weight per score of the file
     * @param unusable why the row cannot be matched (one of {@link #UNUSABLE_REASONS}), null for a row to match:
     *     pgsc_calc keeps such rows and counts them unmatched, so they stay in the file's row count
     */
    public record Variant(
            long line,
            String rsId,
            String chr,
            int pos,
            String effectAllele,
            String otherAllele,
            double[] weights,
            EffectType effectType,
            String unusable) {}

    /** Effect allele other than A/C/G/T (HLA, APOE and other complex alleles): never matches a target allele. */
    public static final String COMPLEX_ALLELE = "complex_allele";
    /** An empty effect allele (pgsc_calc reads the row and never matches it). */
    public static final String NO_EFFECT_ALLELE = "no_effect_allele";
    /** Neither a chromosome and position nor an rsID: nothing to match on. */
    public static final String NO_POSITION_OR_RSID = "no_position_or_rsid";
    /** A harmonized ({@code hm_*}) file whose row has no harmonized position (harmonisation failed) and no rsID. */
    public static final String HARMONISATION_FAILED = "harmonisation_failed";
    /** The reasons a row is unusable, as written in {@code match_log}'s {@code unmatched_reason} column. */
    public static final List<String> UNUSABLE_REASONS =
            List.of(COMPLEX_ALLELE, NO_EFFECT_ALLELE, NO_POSITION_OR_RSID, HARMONISATION_FAILED);

    /** Whether {@code s} is one or more of A, C, G, T (a plain loop: it runs for every scoring row, twice). */
    static boolean acgt(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c != 'A' && c != 'C' && c != 'G' && c != 'T') {
                return false;
            }
        }
        return n > 0;
    }

    /** Reads a file; {@code in} may be gzip-compressed (detected by its magic bytes). */
    public static ScoringFile read(String path, InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
        b.mark(2);
        int m0 = b.read();
        int m1 = b.read();
        b.reset();
        InputStream data = (m0 == 0x1f && m1 == 0x8b) ? new GZIPInputStream(b, 1 << 16) : b;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8), 1 << 16)) {
            return parse(path, r);
        }
    }

    private static ScoringFile parse(String path, BufferedReader r) throws IOException {
        Map<String, String> header = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        String line;
        long lineNo = 0;
        String[] cols = null;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.startsWith("#")) {
                if (!line.startsWith("##")) {
                    int eq = line.indexOf('=');
                    if (eq > 1) {
                        header.put(
                                line.substring(1, eq).strip(),
                                line.substring(eq + 1).strip());
                    }
                }
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            cols = line.split("\t", -1);
            if (cols.length == 1) {
                cols = line.strip().split("\\s+");
            }
            break;
        }
        if (cols == null) {
            throw new MusubiUserException(path + ": no column header line; a scoring file needs a header such as"
                    + " 'chr_name chr_position effect_allele other_allele effect_weight' or 'ID effect_allele weight'");
        }
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < cols.length; i++) {
            cols[i] = cols[i].strip();
            idx.putIfAbsent(cols[i], i);
        }
        if (idx.containsKey("rsid")) {
            idx.putIfAbsent("rsID", idx.get("rsid")); // pygscatalog's alias (OPGS files)
        }
        boolean plink = !idx.containsKey("effect_weight")
                && !idx.containsKey("chr_name")
                && !idx.containsKey("rsID")
                && !idx.containsKey("dosage_0_weight")
                && cols.length >= 3
                && cols[0].equalsIgnoreCase("ID");
        return plink
                ? parsePlink(path, r, lineNo, cols, header, warnings)
                : parsePgs(path, r, lineNo, idx, header, warnings);
    }

    private static ScoringFile parsePlink(
            String path,
            BufferedReader r,
            long lineNo,
            String[] cols,
            Map<String, String> header,
            List<String> warnings)
            throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 2; i < cols.length; i++) {
            names.add(cols[i]);
        }
        List<Variant> out = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.indexOf('\t') >= 0
                    ? line.split("\t", -1)
                    : line.strip().split("\\s+");
            if (f.length != cols.length) {
                throw bad(
                        path,
                        lineNo,
                        "(row)",
                        line,
                        "has " + f.length + " columns, the header has " + cols.length,
                        "give one value per header column");
            }
            String id = f[0].strip();
            String ea = f[1].strip().toUpperCase(Locale.ROOT);
            if (ea.isEmpty()) {
                throw bad(path, lineNo, cols[1], ea, "effect allele is empty", "give the effect allele");
            }
            double[] w = new double[names.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = parseWeight(path, lineNo, cols[i + 2], f[i + 2]);
            }
            // IDs of the form chr:pos[:a1:a2] give a position (and the other allele).
            String chr = null;
            int pos = 0;
            String oa = null;
            String[] p = id.split(":");
            if (p.length == 2 || p.length == 4) {
                try {
                    pos = Integer.parseInt(p[1]);
                    chr = Contig.canonical(p[0].strip());
                    if (p.length == 4) {
                        String a1 = p[2].toUpperCase(Locale.ROOT);
                        String a2 = p[3].toUpperCase(Locale.ROOT);
                        oa = a1.equals(ea) ? a2 : a2.equals(ea) ? a1 : null;
                    }
                } catch (NumberFormatException e) {
                    pos = 0;
                    chr = null;
                }
            }
            out.add(new Variant(lineNo, id.isEmpty() ? null : id, chr, pos, ea, oa, w, EffectType.ADDITIVE, null));
        }
        return new ScoringFile(path, header, names, out, warnings);
    }

    private static ScoringFile parsePgs(
            String path,
            BufferedReader r,
            long lineNo,
            Map<String, Integer> idx,
            Map<String, String> header,
            List<String> warnings)
            throws IOException {
        if (!idx.containsKey("effect_weight")) {
            if (idx.containsKey("dosage_0_weight")
                    || idx.containsKey("dosage_1_weight")
                    || idx.containsKey("dosage_2_weight")) {
                throw new MusubiUserException(
                        path + ": a non-additive score (dosage_0/1/2_weight columns without"
                                + " effect_weight) is not supported, as in pgsc_calc; use a score with an effect_weight column");
            }
            throw new MusubiUserException(path + ": no effect_weight column; a PGS Catalog scoring file needs"
                    + " effect_allele and effect_weight (or a plink2-style header 'ID effect_allele weight…')");
        }
        if (!idx.containsKey("effect_allele")) {
            throw new MusubiUserException(path + ": no effect_allele column; add it (PGS Catalog format 2.0)");
        }
        boolean hasPos = (idx.containsKey("chr_name") && idx.containsKey("chr_position"))
                || (idx.containsKey("hm_chr") && idx.containsKey("hm_pos"));
        if (!hasPos && !idx.containsKey("rsID") && !idx.containsKey("hm_rsID")) {
            throw new MusubiUserException(path + ": neither chr_name/chr_position nor rsID columns; give one of them");
        }
        String name = header.getOrDefault("pgs_id", header.get("pgs_name"));
        if (name == null || name.isBlank()) {
            name = baseName(path);
        }
        // As pgsc_calc (pygscatalog remap_harmonised): in a harmonized file the position is the harmonized one only.
        boolean harmonized = idx.containsKey("hm_chr") && idx.containsKey("hm_pos");
        List<Variant> out = new ArrayList<>();
        long complex = 0;
        long complexScored = 0;
        long complexAlleles = 0;
        long noKey = 0;
        long noAllele = 0;
        String line;
        int ncol = idx.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        // the columns' indexes, -1 when absent: no map lookup per row
        int cChr = column(idx, harmonized ? "hm_chr" : "chr_name");
        int cPos = column(idx, harmonized ? "hm_pos" : "chr_position");
        String posCol = harmonized ? "hm_pos" : "chr_position";
        int cHmRs = column(idx, "hm_rsID");
        int cRs = column(idx, "rsID");
        int cEa = column(idx, "effect_allele");
        int cOa = column(idx, "other_allele");
        int cHmOa = column(idx, "hm_inferOtherAllele");
        int cW = column(idx, "effect_weight");
        int cDom = column(idx, "is_dominant");
        int cRec = column(idx, "is_recessive");
        int cHap = column(idx, "is_haplotype");
        int cDip = column(idx, "is_diplotype");
        int cInt = column(idx, "is_interaction");
        String[] f = new String[ncol];
        String lastChr = null;
        String lastCanonical = null;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int nf = countFields(line);
            if (nf < ncol) {
                throw bad(
                        path,
                        lineNo,
                        "(row)",
                        line,
                        "has " + nf + " tab-separated columns, the header has " + ncol,
                        "the file must be tab-separated with one value per header column");
            }
            splitTabs(line, f);
            String chr = get(f, cChr);
            String posS = get(f, cPos);
            int pos = 0;
            if (posS != null) {
                try {
                    pos = Integer.parseInt(posS);
                } catch (NumberFormatException e) {
                    pos = -1;
                }
                if (pos <= 0) {
                    throw bad(
                            path,
                            lineNo,
                            posCol,
                            posS,
                            "is not a positive integer position",
                            "give a 1-based position or leave the field empty");
                }
            }
            if (chr == null || pos <= 0) {
                chr = null;
                pos = 0;
            } else {
                if (!chr.equals(lastChr)) { // rows come contig by contig: one conversion per run of rows
                    lastChr = chr;
                    lastCanonical = Contig.canonical(chr.strip());
                }
                chr = lastCanonical;
            }
            String rs = get(f, cHmRs);
            if (rs == null) {
                rs = get(f, cRs);
            }
            if (".".equals(rs)) {
                rs = null;
            }
            String ea = get(f, cEa);
            ea = ea == null ? "" : ea.toUpperCase(Locale.ROOT);
            String oa = get(f, cOa);
            if (oa == null) {
                oa = get(f, cHmOa);
            }
            if (oa != null) {
                oa = oa.toUpperCase(Locale.ROOT);
                if (oa.contains("/") || !acgt(oa)) {
                    oa = null;
                }
            }
            String ws = get(f, cW);
            if (ws == null) {
                throw bad(path, lineNo, "effect_weight", "", "is empty", "give a numeric weight");
            }
            double w = parseWeight(path, lineNo, "effect_weight", ws);
            boolean dom = flag(path, lineNo, get(f, cDom), "is_dominant");
            boolean rec = flag(path, lineNo, get(f, cRec), "is_recessive");
            if (dom && rec) {
                throw bad(
                        path,
                        lineNo,
                        "is_dominant/is_recessive",
                        "TRUE/TRUE",
                        "both set",
                        "a row is dominant or recessive, not both");
            }
            boolean complexRow = flag(path, lineNo, get(f, cHap), "is_haplotype")
                    || flag(path, lineNo, get(f, cDip), "is_diplotype")
                    || flag(path, lineNo, get(f, cInt), "is_interaction");
            String unusable = null;
            if (ea.isEmpty()) {
                unusable = NO_EFFECT_ALLELE;
                noAllele++;
            } else if (!acgt(ea)) {
                unusable = COMPLEX_ALLELE;
                complexAlleles++;
            } else if (chr == null && rs == null) {
                unusable = harmonized ? HARMONISATION_FAILED : NO_POSITION_OR_RSID;
                noKey++;
            }
            if (unusable != null) {
                chr = null;
                pos = 0;
            }
            if (complexRow) {
                complex++;
                complexScored += unusable == null ? 1 : 0;
            }
            EffectType t = dom ? EffectType.DOMINANT : rec ? EffectType.RECESSIVE : EffectType.ADDITIVE;
            out.add(new Variant(lineNo, rs, chr, pos, ea, oa, new double[] {w}, t, unusable));
        }
        if (complex > 0) {
            warnings.add(path + ": complex file: " + complex + " haplotype/diplotype/interaction rows, " + complexScored
                    + " of them (A/C/G/T alleles) scored as ordinary variants");
        }
        if (complexAlleles > 0) {
            warnings.add(path + ": " + complexAlleles + " rows with an effect allele other than A/C/G/T (HLA etc.)"
                    + " are unmatched (" + COMPLEX_ALLELE + "), as in pgsc_calc");
        }
        if (noAllele > 0) {
            warnings.add(
                    path + ": " + noAllele + " rows with no effect allele are unmatched (" + NO_EFFECT_ALLELE + ")");
        }
        if (noKey > 0) {
            warnings.add(path + ": " + noKey + " rows with no position and no rsID are unmatched ("
                    + (harmonized ? HARMONISATION_FAILED : NO_POSITION_OR_RSID) + ")");
        }
        return new ScoringFile(path, Collections.unmodifiableMap(header), List.of(name), out, warnings);
    }

    /** The index of column {@code col}, -1 when the header has none. */
    private static int column(Map<String, Integer> idx, String col) {
        Integer i = idx.get(col);
        return i == null ? -1 : i;
    }

    /** The number of tab-separated fields of {@code line} (as {@code line.split("\t", -1).length}). */
    private static int countFields(String line) {
        int nf = 1;
        for (int i = line.indexOf('\t'); i >= 0; i = line.indexOf('\t', i + 1)) {
            nf++;
        }
        return nf;
    }

    /** The first {@code f.length} tab-separated fields of {@code line} into {@code f} (it has at least as many). */
    private static void splitTabs(String line, String[] f) {
        int start = 0;
        for (int k = 0; k < f.length; k++) {
            int end = line.indexOf('\t', start);
            if (end < 0) {
                end = line.length();
            }
            f[k] = line.substring(start, end);
            start = end + 1;
        }
    }

    /** Field {@code i} stripped, null when the column is absent ({@code i < 0}) or the field empty. */
    private static String get(String[] f, int i) {
        if (i < 0 || i >= f.length) {
            return null;
        }
        String v = f[i].strip();
        return v.isEmpty() ? null : v;
    }

    /** A TRUE/FALSE column's value {@code v} (already {@link #get}), false when empty. */
    private static boolean flag(String path, long line, String v, String col) {
        if (v == null) {
            return false;
        }
        return switch (v.toUpperCase(Locale.ROOT)) {
            case "TRUE", "T", "1" -> true;
            case "FALSE", "F", "0" -> false;
            default -> throw bad(path, line, col, v, "is not TRUE or FALSE", "write TRUE, FALSE or leave it empty");
        };
    }

    private static double parseWeight(String path, long line, String col, String v) {
        try {
            double d = Double.parseDouble(v.strip());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(path, line, col, v, "is not a finite number", "give a numeric weight such as 0.0123 or -1.2e-3");
    }

    static MusubiUserException bad(String path, long line, String col, String value, String problem, String fix) {
        String v = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return new MusubiUserException(
                path + ": line " + line + ", column " + col + ": value '" + v + "' " + problem + "; " + fix);
    }

    static String baseName(String path) {
        String n = path.substring(path.lastIndexOf('/') + 1);
        for (String ext : new String[] {".gz", ".txt", ".tsv"}) {
            if (n.endsWith(ext)) {
                n = n.substring(0, n.length() - ext.length());
            }
        }
        return n;
    }
}
