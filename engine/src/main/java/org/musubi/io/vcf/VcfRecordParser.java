package org.musubi.io.vcf;

import static org.musubi.io.vcf.BadRecordException.Reason.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.PhaseCode;
import org.musubi.format.calls.PloidyCode;

/**
 * Parses one VCF data line into its fixed columns and, for each ALT allele, the genotype codes of all samples as
 * the split biallelic variant REF/ALT_j sees them (other ALT alleles count as REF, as {@code bcftools norm -m-any}
 * does). No object is made per genotype: codes go into reused {@code byte[]} arrays.
 *
 * <p>Per sample and ALT j: a diploid call {@code a/b} with both alleles called has code (a==j)+(b==j); one allele
 * missing ({@code 0/.}) is {@link GenotypeCode#MISSING} with ploidy HALF_REF or HALF_ALT; a haploid call is 0, 2 or
 * MISSING with ploidy HAPLOID. A phased het is PHASED, or PHASED_SWAPPED when ALT_j is on the first haplotype.
 *
 * <p>Validation (VCF 4.3 syntax, applied to every 4.x file): CHROM, POS, ID, REF, ALT, QUAL and FILTER syntax; INFO
 * against the header definitions and the reserved keys ({@link VcfRecordChecks}); FORMAT key syntax; per sample the
 * GT syntax and allele range, the number of subfields, and for every other subfield the number of values and a
 * character-class type test, done while the bytes are skipped anyway. A record whose variant, once trimmed of the
 * bases its REF and ALT share, equals a variant of an earlier record of the split is a duplicate. The fixed columns'
 * syntax: {@link VcfFixedColumns}; the duplicate check: {@link VcfDuplicates}; INFO and FORMAT values: {@link
 * VcfRecordChecks}.
 */
public final class VcfRecordParser {
    /** Where dosages come from. */
    public enum DosageField {
        NONE,
        DS,
        GP
    }

    private final int n;
    private final DosageField dosageField;
    private final VcfRecordChecks checks;

    // Fixed columns of the last record.
    public String contig;
    public int pos;
    public String id;
    public String ref;
    public String[] alts = new String[4];
    /** Number of ALT alleles as written, 0 for ALT '.'; rows made = max(1, altCount). */
    public int altCount;

    public boolean hasQual;
    public double qual;
    /** FILTER values; null for '.'. */
    public String[] filters;

    private int infoStart;
    private int infoEnd;
    private byte[] line;

    // Per-ALT genotype arrays (index j-1 for ALT j), reused across records; valid for [0, n).
    public byte[][] gt = new byte[0][];
    public byte[][] ploidy = new byte[0][];
    public byte[][] phase = new byte[0][];
    public double[][] dosage = new double[0][];
    public boolean anyPloidy;
    public boolean anyPhase;
    public boolean anyDosage;

    private final int[] cut = new int[10];
    private byte[] lastContig = new byte[0];
    private final double[] gpTmp = new double[3];
    private final java.util.HashSet<String> infoKeys = new java.util.HashSet<>();

    // FORMAT column of the last record, parsed once per distinct FORMAT string.
    private byte[] fmtBytes = new byte[0];
    private int fmtLen = -1;
    private boolean fmtMissing;
    private int formatCount;
    private int gtIndex;
    private int dsIndex;
    private int gpIndex;
    private String[] fmtKeys = new String[8];
    private VcfRecordChecks.Def[] fmtDefs = new VcfRecordChecks.Def[8];
    // Per record, per subfield: the values a diploid / haploid / unknown-ploidy sample must give (-1: any), and the
    // byte classes (VcfRecordChecks.C_*) that send a value to the exact check.
    private int[] wantDiploid = new int[8];
    private int[] wantHaploid = new int[8];
    private int[] wantUnknown = new int[8];
    private int[] forbid = new int[8];

    /** Variants of recent records of the split, for the duplicate check. */
    private final VcfDuplicates duplicates = new VcfDuplicates();

    public VcfRecordParser(int sampleCount, DosageField dosageField) {
        this(sampleCount, dosageField, VcfRecordChecks.reservedOnly());
    }

    /** A parser checking INFO and FORMAT values against {@code checks} (see {@link VcfHeaderInfo#recordChecks}). */
    public VcfRecordParser(int sampleCount, DosageField dosageField, VcfRecordChecks checks) {
        this.n = sampleCount;
        this.dosageField = dosageField;
        this.checks = checks;
    }

    /** Parses {@code b[0, len)} (a data line without its terminator). */
    public void parse(byte[] b, int len) throws BadRecordException {
        this.line = b;
        if (len == 0) {
            throw new BadRecordException(EMPTY_LINE, "line", "", "empty line among the records", "remove it");
        }
        if (b[0] == '#') {
            throw new BadRecordException(
                    HEADER_IN_BODY,
                    "line",
                    new String(b, 0, Math.min(len, 40), StandardCharsets.UTF_8),
                    "header line after the first record",
                    "header lines must all come before the records");
        }
        int fixedCols = n > 0 ? 9 : 8;
        int c = 0;
        cut[0] = -1;
        for (int i = 0; i < len && c < fixedCols; i++) {
            if (b[i] == '\t') {
                cut[++c] = i;
            }
        }
        if (c < fixedCols) {
            if (c == fixedCols - 1 && n == 0) {
                cut[++c] = len;
            } else if (n > 0) {
                throw new BadRecordException(
                        COLUMN_COUNT,
                        "line",
                        null,
                        "has " + (c + 1) + " tab-separated columns, the header says " + (9 + n),
                        "every record needs #CHROM…FORMAT and one column per sample");
            } else {
                throw new BadRecordException(
                        COLUMN_COUNT,
                        "line",
                        null,
                        "has " + (c + 1) + " tab-separated columns, a VCF record needs 8",
                        "check the file is tab-separated and not truncated");
            }
        }
        parseChrom(b, 0, cut[1]);
        pos = VcfFixedColumns.parsePos(b, cut[1] + 1, cut[2]);
        id = VcfFixedColumns.parseId(b, cut[2] + 1, cut[3]);
        ref = VcfFixedColumns.parseRef(b, cut[3] + 1, cut[4]);
        parseAlt(b, cut[4] + 1, cut[5]);
        parseQual(b, cut[5] + 1, cut[6]);
        filters = VcfFixedColumns.parseFilter(b, cut[6] + 1, cut[7]);
        infoStart = cut[7] + 1;
        infoEnd = cut[8];
        checks.checkInfo(b, infoStart, infoEnd, altCount, infoKeys);
        if (n > 0) {
            parseSamples(b, cut[8] + 1, cut[9], cut[9] + 1, len);
        }
        duplicates.check(contig, pos, ref, alts, altCount);
    }

    // ---------------------------------------------------------------- fixed columns

    /** CHROM, checked once per run of records on one contig ({@link VcfFixedColumns#checkContig}). */
    private void parseChrom(byte[] b, int from, int to) throws BadRecordException {
        if (to - from == lastContig.length && Arrays.equals(b, from, to, lastContig, 0, lastContig.length)) {
            return;
        }
        VcfFixedColumns.checkContig(b, from, to);
        lastContig = Arrays.copyOfRange(b, from, to);
        contig = new String(lastContig, StandardCharsets.UTF_8);
    }

    private void parseAlt(byte[] b, int from, int to) throws BadRecordException {
        altCount = 0;
        if (to - from == 1 && b[from] == '.') {
            return;
        }
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == ',') {
                if (altCount == alts.length) {
                    alts = Arrays.copyOf(alts, alts.length * 2);
                }
                alts[altCount++] = VcfFixedColumns.checkAllele(b, start, i, from, to);
                start = i + 1;
            }
        }
    }

    /** QUAL: '.', or a non-negative Float (NaN, Inf and Infinity in any case, with an optional sign). */
    private void parseQual(byte[] b, int from, int to) throws BadRecordException {
        if (to - from == 1 && b[from] == '.') {
            hasQual = false;
            return;
        }
        hasQual = true;
        qual = VcfRecordChecks.parseFloat(b, from, to);
        if (qual == VcfRecordChecks.BAD_FLOAT) {
            qual = Double.NaN;
            throw new BadRecordException(
                    BAD_QUAL, "QUAL", str(b, from, to), "not a number", "write a Phred quality or '.'");
        }
        if (qual < 0) {
            throw new BadRecordException(
                    BAD_QUAL, "QUAL", str(b, from, to), "negative quality", "QUAL is a Phred score >= 0, or '.'");
        }
    }

    // ---------------------------------------------------------------- INFO

    /** The raw value of INFO key {@code key} in the last record: null if absent, "" for a flag. */
    public String infoValue(String key) {
        int p = infoStart;
        int end = infoEnd;
        if (end - p == 1 && line[p] == '.') {
            return null;
        }
        int klen = key.length();
        while (p < end) {
            int semi = p;
            while (semi < end && line[semi] != ';') {
                semi++;
            }
            boolean match = semi - p >= klen;
            for (int i = 0; match && i < klen; i++) {
                match = line[p + i] == key.charAt(i);
            }
            if (match) {
                if (p + klen == semi) {
                    return "";
                }
                if (line[p + klen] == '=') {
                    return str(line, p + klen + 1, semi);
                }
            }
            p = semi + 1;
        }
        return null;
    }

    /** The INFO column of the last record, as written. */
    public String infoColumn() {
        return str(line, infoStart, infoEnd);
    }

    // ---------------------------------------------------------------- samples

    private void ensureArrays() {
        if (gt.length < altCount || (gt.length > 0 && gt[0].length < n)) {
            int k = Math.max(altCount, gt.length);
            gt = new byte[k][n];
            ploidy = new byte[k][n];
            phase = new byte[k][n];
            dosage = new double[k][dosageField == DosageField.NONE ? 0 : n];
        }
    }

    /** Parses the FORMAT column when it differs from the previous record's. */
    private void parseFormat(byte[] b, int fmtFrom, int fmtTo) throws BadRecordException {
        int len = fmtTo - fmtFrom;
        if (len == fmtLen && Arrays.equals(b, fmtFrom, fmtTo, fmtBytes, 0, len)) {
            return;
        }
        fmtLen = -1;
        gtIndex = -1;
        dsIndex = -1;
        gpIndex = -1;
        // FORMAT '.': no genotype data in this record (htslib writes it so); every sample column must be '.'.
        fmtMissing = len == 1 && b[fmtFrom] == '.';
        int k = 0;
        int start = fmtFrom;
        for (int i = fmtFrom; i <= fmtTo && !fmtMissing; i++) {
            if (i == fmtTo || b[i] == ':') {
                boolean ok = i > start && (isAlpha(b[start]) || b[start] == '_');
                for (int j = start + 1; ok && j < i; j++) {
                    ok = isAlpha(b[j]) || (b[j] >= '0' && b[j] <= '9') || b[j] == '_' || b[j] == '.';
                }
                String key = str(b, start, i);
                for (int j = 0; ok && j < k; j++) {
                    ok = !fmtKeys[j].equals(key);
                }
                if (!ok) {
                    throw new BadRecordException(
                            BAD_FORMAT,
                            "FORMAT",
                            str(b, fmtFrom, fmtTo),
                            "FORMAT keys must be non-empty, unique names matching [A-Za-z_][0-9A-Za-z_.]* ('" + key
                                    + "' is not)",
                            "fix the FORMAT column");
                }
                if (k == fmtKeys.length) {
                    fmtKeys = Arrays.copyOf(fmtKeys, k * 2);
                    fmtDefs = Arrays.copyOf(fmtDefs, k * 2);
                    wantDiploid = Arrays.copyOf(wantDiploid, k * 2);
                    wantHaploid = Arrays.copyOf(wantHaploid, k * 2);
                    wantUnknown = Arrays.copyOf(wantUnknown, k * 2);
                    forbid = Arrays.copyOf(forbid, k * 2);
                }
                fmtKeys[k] = key;
                fmtDefs[k] = key.equals("GT") ? null : checks.formatDef(key);
                if (key.equals("GT")) {
                    gtIndex = k;
                } else if (key.equals("DS")) {
                    dsIndex = k;
                } else if (key.equals("GP")) {
                    gpIndex = k;
                }
                k++;
                start = i + 1;
            }
        }
        if (gtIndex > 0) {
            throw new BadRecordException(
                    BAD_FORMAT,
                    "FORMAT",
                    str(b, fmtFrom, fmtTo),
                    "GT must be the first FORMAT key",
                    "reorder the FORMAT keys (bcftools view rewrites them)");
        }
        formatCount = k;
        if (fmtBytes.length < len) {
            fmtBytes = new byte[Math.max(len, 2 * fmtBytes.length)];
        }
        System.arraycopy(b, fmtFrom, fmtBytes, 0, len);
        fmtLen = len;
    }

    private static boolean isAlpha(byte x) {
        return (x >= 'A' && x <= 'Z') || (x >= 'a' && x <= 'z');
    }

    private void parseSamples(byte[] b, int fmtFrom, int fmtTo, int from, int len) throws BadRecordException {
        int rows = Math.max(1, altCount);
        int savedAlt = altCount;
        altCount = rows;
        ensureArrays();
        altCount = savedAlt;
        anyPloidy = false;
        anyPhase = false;
        anyDosage = false;
        parseFormat(b, fmtFrom, fmtTo);
        int formatCount = this.formatCount;
        int gtIndex = this.gtIndex;
        boolean gp = dosageField == DosageField.GP;
        int dIndex = dosageField == DosageField.DS ? dsIndex : gp ? gpIndex : -1;
        if (gp && altCount > 1) {
            dIndex = -1; // GP dosages are taken for biallelic records only
        }
        if (dIndex >= 0 && !gp && altCount > 1) {
            VcfRecordChecks.Def d = fmtDefs[dIndex];
            if (d != null && d.kind() == VcfRecordChecks.FIXED && d.count() == 1) {
                dIndex = -1; // DS declared Number=1: one dosage for all ALT alleles says nothing per ALT
            }
        }
        // What each subfield must hold in this record. The fast test per value is two array reads: the classes of
        // its bytes against forbid[], its comma count against want*[]; anything else (and '.') goes to checkSubfield.
        VcfRecordChecks.Def[] defs = fmtDefs;
        int[] forbid = this.forbid;
        for (int k = 0; k < formatCount; k++) {
            VcfRecordChecks.Def d = defs[k];
            if (d == null || k == dIndex) {
                wantDiploid[k] = wantHaploid[k] = wantUnknown[k] = -1;
                forbid[k] = 0;
            } else {
                wantDiploid[k] = VcfRecordChecks.expected(d.kind(), d.count(), altCount, 2);
                wantHaploid[k] = VcfRecordChecks.expected(d.kind(), d.count(), altCount, 1);
                // Unknown ploidy, Number=G: the diploid count passes fast, the haploid one through the exact check.
                wantUnknown[k] = wantDiploid[k];
                forbid[k] = VcfRecordChecks.slowClasses(d.type());
            }
        }
        byte[] cls = VcfRecordChecks.CLASS;
        int p = from;
        byte[] g0 = gt[0];
        int s0 = 0;
        if (gtIndex == 0 && formatCount == 1 && !fmtMissing && altCount == 1) {
            // Fast path for GT-only biallelic records: "a/b" tokens of single-character alleles, decoded four bytes
            // at a time through a table. The first token it cannot decode hands over to the general loop below.
            final int last = n - 1;
            while (s0 < n) {
                int end = p + 3;
                if (s0 < last ? end >= len || b[end] != '\t' : end != len) {
                    break;
                }
                int sep = b[p + 1];
                int c = SIMPLE_GT[(b[p] & 0xff) << 8 | (b[p + 2] & 0xff)];
                if (c < 0 || (sep != '/' && sep != '|')) {
                    break;
                }
                if (sep == '|') {
                    int a1 = b[p] == '.' ? -1 : b[p] - '0';
                    int a2 = b[p + 2] == '.' ? -1 : b[p + 2] - '0';
                    code(0, 1, s0, a1, a2, 2, true, g0);
                } else {
                    g0[s0] = (byte) c;
                    if (anyPloidy) {
                        ploidy[0][s0] = (byte) PloidyCode.DIPLOID;
                    }
                    if (anyPhase) {
                        phase[0][s0] = (byte) PhaseCode.UNPHASED;
                    }
                }
                p = end + 1;
                s0++;
            }
            if (s0 == n) {
                return;
            }
        }
        for (int s = s0; s < n; s++) {
            if (p > len || (p == len && s < n)) {
                throw new BadRecordException(
                        COLUMN_COUNT,
                        "line",
                        null,
                        "has " + (9 + s) + " tab-separated columns, the header says " + (9 + n),
                        "every record needs one column per sample");
            }
            int a1 = -1;
            int a2 = -1;
            int ploid = 2;
            boolean phased = false;
            if (gtIndex == 0) {
                // allele 1
                int x = b[p];
                if (x == '.') {
                    p++;
                } else if (x >= '0' && x <= '9') {
                    a1 = x - '0';
                    p++;
                    while (p < len && (x = b[p]) >= '0' && x <= '9') {
                        a1 = a1 * 10 + (x - '0');
                        p++;
                    }
                } else {
                    throw badGt(b, p, len, s, "not an allele index or '.'");
                }
                if (p < len && ((x = b[p]) == '/' || x == '|')) {
                    phased = x == '|';
                    p++;
                    x = p < len ? b[p] : 0;
                    if (x == '.') {
                        p++;
                    } else if (x >= '0' && x <= '9') {
                        a2 = x - '0';
                        p++;
                        while (p < len && (x = b[p]) >= '0' && x <= '9') {
                            a2 = a2 * 10 + (x - '0');
                            p++;
                        }
                    } else {
                        throw badGt(b, p, len, s, "second allele is not an allele index or '.'");
                    }
                    if (p < len && ((x = b[p]) == '/' || x == '|')) {
                        throw new BadRecordException(
                                BAD_PLOIDY,
                                "sample " + (s + 1) + " GT",
                                gtToken(b, p, len),
                                "ploidy above 2 is not supported",
                                "split polyploid calls or drop the sample");
                    }
                } else {
                    ploid = 1;
                }
                if (p < len && b[p] != ':' && b[p] != '\t') {
                    throw badGt(b, p, len, s, "unexpected character after the genotype");
                }
                if (a1 > altCount || a2 > altCount) {
                    throw new BadRecordException(
                            BAD_GT,
                            "sample " + (s + 1) + " GT",
                            gtToken(b, p, len),
                            "allele index " + Math.max(a1, a2) + " but the record has " + altCount + " ALT allele(s)",
                            "fix the genotype or the ALT column");
                }
            }
            // Codes for each split row.
            if (altCount <= 1) {
                code(0, 1, s, a1, a2, ploid, phased, g0);
            } else {
                for (int j = 1; j <= altCount; j++) {
                    code(j - 1, j, s, a1, a2, ploid, phased, gt[j - 1]);
                }
            }
            // Skip the rest of the sample field: pick up the dosage subfield, count the subfields and, for each
            // defined subfield, its values (commas) and the classes of its bytes.
            int sub = gtIndex == 0 ? 1 : 0;
            if (fmtMissing) {
                if (!(p < len && b[p] == '.' && (p + 1 == len || b[p + 1] == '\t'))) {
                    throw new BadRecordException(
                            BAD_SAMPLE_FIELD,
                            "sample " + (s + 1),
                            sampleToken(b, p, len),
                            "FORMAT is '.' (no sample data) but the sample column holds data",
                            "write '.' in every sample column, or list the keys in FORMAT");
                }
                p++;
            } else if (gtIndex == 0 && (p >= len || b[p] == '\t')) {
                // only GT
            } else {
                if (gtIndex == 0) {
                    p++; // past ':'
                }
                int subStart = p;
                int[] want =
                        gtIndex != 0 || (ploid == 1 && a1 < 0) ? wantUnknown : ploid == 1 ? wantHaploid : wantDiploid;
                while (true) {
                    int mask = 0;
                    int commas = 0;
                    int x;
                    while (p < len && (x = cls[b[p] & 0xff]) >= 0) {
                        mask |= x;
                        commas += x >>> 6;
                        p++;
                    }
                    if (sub >= formatCount) {
                        throw new BadRecordException(
                                BAD_SAMPLE_FIELD,
                                "sample " + (s + 1),
                                sampleToken(b, subStart, len),
                                "has more ':'-separated subfields than the " + formatCount + " FORMAT lists",
                                "fix the sample column or the FORMAT column");
                    }
                    if (sub == dIndex) {
                        dosageValue(b, subStart, p, s, ploid, gp);
                    } else {
                        int w = want[sub];
                        if ((mask & forbid[sub]) != 0 || (w >= 0 && w != commas + 1)) {
                            checkSubfield(
                                    b,
                                    subStart,
                                    p,
                                    s,
                                    sub,
                                    commas + 1,
                                    gtIndex != 0 || (a1 < 0 && ploid == 1) ? 0 : ploid);
                        }
                    }
                    sub++;
                    if (p >= len || b[p] == '\t') {
                        break;
                    }
                    p++;
                    subStart = p;
                }
            }
            if (dIndex >= 0 && sub <= dIndex && anyDosage) {
                for (int j = 0; j < Math.max(1, altCount); j++) {
                    dosage[j][s] = Double.NaN;
                }
            }
            if (s < n - 1) {
                if (p >= len) {
                    throw new BadRecordException(
                            COLUMN_COUNT,
                            "line",
                            null,
                            "has " + (10 + s) + " tab-separated columns, the header says " + (9 + n),
                            "every record needs one column per sample");
                }
                p++; // past '\t'
            } else if (p < len) {
                throw new BadRecordException(
                        COLUMN_COUNT,
                        "line",
                        null,
                        "has more than " + (9 + n) + " tab-separated columns (the header has " + n + " samples)",
                        "every record needs exactly one column per sample");
            }
        }
    }

    /** The exact check of one subfield value whose quick check failed: count, then each value's type. */
    private void checkSubfield(byte[] b, int from, int to, int s, int sub, int values, int ploidy)
            throws BadRecordException {
        if (to == from || (to - from == 1 && b[from] == '.')) {
            return; // missing
        }
        VcfRecordChecks.Def d = fmtDefs[sub];
        String field = "sample " + (s + 1) + " " + fmtKeys[sub];
        VcfRecordChecks.checkCount(field, d, b, from, to, values, altCount, ploidy, BAD_SAMPLE_FIELD);
        int st = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == ',') {
                String problem = VcfRecordChecks.valueProblem(d, b, st, i);
                if (problem != null) {
                    throw new BadRecordException(
                            BAD_SAMPLE_FIELD,
                            field,
                            str(b, from, to),
                            problem + " (" + fmtKeys[sub] + " is Type=" + VcfRecordChecks.typeName(d.type()) + ")",
                            VcfRecordChecks.fixFor(d, problem));
                }
                st = i + 1;
            }
        }
    }

    /**
     * Genotype code of a biallelic diploid call "x/y" with single-character alleles x, y in {0, 1, .}, indexed by
     * {@code x << 8 | y}; -1 for anything else (half calls and other alleles take the general path).
     */
    private static final byte[] SIMPLE_GT = new byte[1 << 16];

    static {
        java.util.Arrays.fill(SIMPLE_GT, (byte) -1);
        SIMPLE_GT['0' << 8 | '0'] = (byte) GenotypeCode.HOM_REF;
        SIMPLE_GT['0' << 8 | '1'] = (byte) GenotypeCode.HET;
        SIMPLE_GT['1' << 8 | '0'] = (byte) GenotypeCode.HET;
        SIMPLE_GT['1' << 8 | '1'] = (byte) GenotypeCode.HOM_ALT;
        SIMPLE_GT['.' << 8 | '.'] = (byte) GenotypeCode.MISSING;
    }

    private void code(int row, int j, int s, int a1, int a2, int ploid, boolean phased, byte[] g) {
        int c;
        int pl = PloidyCode.DIPLOID;
        int ph = phased ? PhaseCode.PHASED : PhaseCode.UNPHASED;
        if (ploid == 1) {
            c = a1 < 0 ? GenotypeCode.MISSING : a1 == j ? GenotypeCode.HOM_ALT : GenotypeCode.HOM_REF;
            pl = PloidyCode.HAPLOID;
            ph = PhaseCode.UNPHASED;
        } else if (a1 >= 0 && a2 >= 0) {
            c = (a1 == j ? 1 : 0) + (a2 == j ? 1 : 0);
            if (phased && c == 1 && a1 == j) {
                ph = PhaseCode.PHASED_SWAPPED;
            }
        } else if (a1 < 0 && a2 < 0) {
            c = GenotypeCode.MISSING;
        } else {
            c = GenotypeCode.MISSING;
            int called = a1 >= 0 ? a1 : a2;
            pl = called == j ? PloidyCode.HALF_ALT : PloidyCode.HALF_REF;
            if (phased && a1 < 0) {
                ph = PhaseCode.PHASED_SWAPPED; // '.|0': the missing allele is on the first haplotype
            }
        }
        g[s] = (byte) c;
        if (pl != PloidyCode.DIPLOID && !anyPloidy) {
            anyPloidy = true;
            for (int r = 0; r < ploidy.length; r++) {
                Arrays.fill(ploidy[r], 0, s, (byte) PloidyCode.DIPLOID);
            }
        }
        if (anyPloidy) {
            ploidy[row][s] = (byte) pl;
        }
        if (ph != PhaseCode.UNPHASED && !anyPhase) {
            anyPhase = true;
            for (int r = 0; r < phase.length; r++) {
                Arrays.fill(phase[r], 0, s, (byte) PhaseCode.UNPHASED);
            }
        }
        if (anyPhase) {
            phase[row][s] = (byte) ph;
        }
    }

    private void dosageValue(byte[] b, int from, int to, int s, int ploid, boolean gp) throws BadRecordException {
        int rows = Math.max(1, altCount);
        if (!anyDosage) {
            anyDosage = true;
            for (int r = 0; r < rows; r++) {
                Arrays.fill(dosage[r], 0, s, Double.NaN);
            }
        }
        if (to - from == 1 && b[from] == '.' || to == from) {
            for (int r = 0; r < rows; r++) {
                dosage[r][s] = Double.NaN;
            }
            return;
        }
        int expect = gp ? (ploid == 1 ? 2 : 3) : rows;
        double[] vals = gp ? gpTmp : null;
        int k = 0;
        int st = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == ',') {
                if (k >= expect) {
                    throw badDosage(b, from, to, s, "more values than expected (" + expect + ")");
                }
                double v = parseDouble(b, st, i, s);
                if (gp) {
                    vals[k] = v;
                } else {
                    if (!Double.isNaN(v) && (v < -1e-6 || v > ploid + 1e-6)) {
                        throw badDosage(b, from, to, s, "dosage outside [0, ploidy]");
                    }
                    dosage[k][s] = Math.min(Math.max(v, 0), ploid);
                }
                k++;
                st = i + 1;
            }
        }
        if (k != expect) {
            throw badDosage(b, from, to, s, "expected " + expect + " comma-separated values, found " + k);
        }
        if (gp) {
            double d = ploid == 1 ? vals[1] : vals[1] + 2 * vals[2];
            if (!Double.isNaN(d) && (d < -1e-6 || d > ploid + 1e-3)) {
                throw badDosage(b, from, to, s, "genotype probabilities give a dosage outside [0, ploidy]");
            }
            dosage[0][s] = Math.min(Math.max(d, 0), ploid);
        }
    }

    private double parseDouble(byte[] b, int from, int to, int s) throws BadRecordException {
        if (to - from == 1 && b[from] == '.') {
            return Double.NaN;
        }
        // Fast path: [digits][.digits]
        long mant = 0;
        int scale = 0;
        boolean dot = false;
        boolean simple = to > from && to - from < 18;
        for (int i = from; simple && i < to; i++) {
            byte x = b[i];
            if (x >= '0' && x <= '9') {
                mant = mant * 10 + (x - '0');
                if (dot) {
                    scale++;
                }
            } else if (x == '.' && !dot) {
                dot = true;
            } else {
                simple = false;
            }
        }
        if (simple && (to - from > 1 || !dot)) {
            return mant / POW10[scale];
        }
        double v = VcfRecordChecks.parseFloat(b, from, to);
        if (v == VcfRecordChecks.BAD_FLOAT) {
            throw badDosage(b, from, to, s, "not a number");
        }
        return v;
    }

    private static final double[] POW10 = new double[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private BadRecordException badDosage(byte[] b, int from, int to, int s, String problem) {
        return new BadRecordException(
                BAD_DOSAGE,
                "sample " + (s + 1) + " " + (dosageField == DosageField.GP ? "GP" : "DS"),
                str(b, from, to),
                problem,
                "fix the value or ingest without dosages (--dosage none)");
    }

    private static BadRecordException badGt(byte[] b, int p, int len, int s, String problem) {
        return new BadRecordException(
                BAD_GT,
                "sample " + (s + 1) + " GT",
                gtToken(b, p, len),
                problem,
                "GT is allele indices separated by '/' or '|', or '.' for missing");
    }

    private static String gtToken(byte[] b, int p, int len) {
        int a = p;
        while (a > 0 && b[a - 1] != '\t') {
            a--;
        }
        int e = p;
        while (e < len && b[e] != '\t' && b[e] != ':') {
            e++;
        }
        return str(b, a, e);
    }

    /** The whole sample column around {@code p}. */
    private static String sampleToken(byte[] b, int p, int len) {
        int a = Math.min(p, len);
        while (a > 0 && b[a - 1] != '\t') {
            a--;
        }
        int e = Math.min(p, len);
        while (e < len && b[e] != '\t') {
            e++;
        }
        return str(b, a, e);
    }

    static String str(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    public int sampleCount() {
        return n;
    }
}
