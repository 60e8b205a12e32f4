package org.musubi.io.vcf;

import static org.musubi.io.vcf.BadRecordException.Reason.BAD_INFO;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the record parser checks INFO and FORMAT values against: the header's {@code ##INFO} / {@code ##FORMAT}
 * definitions, completed by the keys the VCF specification reserves (a file may use {@code AC}, {@code DP},
 * {@code PL} … without defining them). A key that is neither defined nor reserved is accepted as it is (htslib only
 * warns about it).
 *
 * <p>INFO is checked fully (per record, cheap): key syntax, duplicate keys, the number of values (Number=fixed, A,
 * R), the type of every value (Integer with BCF's range and reserved values, Float, Flag, Character) and the meaning
 * of reserved keys (counts are not negative, CIGAR syntax). FORMAT values are checked per sample with what costs
 * next to nothing while the parser skips the bytes anyway: the number of values (commas + 1) against Number, and a
 * character-class test of the type; a full parse happens only for the rare values that need it (a '.' in an Integer
 * list, letters in a Float such as {@code NaN}).
 *
 * <p>Serializable: ingest builds one per input file on the driver and ships it to the tasks.
 */
public final class VcfRecordChecks implements Serializable {
    private static final long serialVersionUID = 1L;

    // Value types.
    static final int INTEGER = 0;
    static final int FLOAT = 1;
    static final int FLAG = 2;
    static final int CHARACTER = 3;
    static final int STRING = 4;

    // Number kinds.
    static final int FIXED = 0;
    static final int PER_ALT = 1; // A
    static final int PER_ALLELE = 2; // R
    static final int PER_GENOTYPE = 3; // G
    static final int ANY = 4; // '.', or a kind this engine does not check (4.4+ LA/LR/LG/P/M)

    // Extra meaning of reserved keys.
    static final int PLAIN = 0;
    static final int NON_NEGATIVE = 1;
    static final int CIGAR = 2;

    /**
     * One INFO or FORMAT definition as checked: type, Number (kind and fixed count) and, where the header loosens a
     * reserved key (Minimac's {@code AF} Number=1 for the reserved Number=A), the reserved Number as a second
     * accepted count.
     */
    record Def(String key, int type, int kind, int count, int kind2, int count2, int meaning) implements Serializable {
        Def withAlternative(int k2, int c2) {
            return new Def(key, type, kind, count, k2, c2, meaning);
        }

        Def withMeaning(int m) {
            return new Def(key, type, kind, count, kind2, count2, m);
        }
    }

    /** The INFO keys the specification reserves (VCF 4.3 table 1; SB is left out as the conformance suite does). */
    static final Map<String, Def> RESERVED_INFO = new HashMap<>();
    /** The FORMAT keys the specification reserves (VCF 4.3 table 2). */
    static final Map<String, Def> RESERVED_FORMAT = new HashMap<>();
    /**
     * VCF 4.2's GLE (Number=G, String): checked in header definitions only, its values ("0:-75.2,1:-223.4") are not
     * countable.
     */
    private static final Def GLE = new Def("GLE", STRING, PER_GENOTYPE, 0, -1, 0, PLAIN);

    private static void info(String key, int type, int kind, int count, int meaning) {
        RESERVED_INFO.put(key, new Def(key, type, kind, count, -1, 0, meaning));
    }

    private static void format(String key, int type, int kind, int count) {
        RESERVED_FORMAT.put(key, new Def(key, type, kind, count, -1, 0, PLAIN));
    }

    static {
        info("AA", STRING, FIXED, 1, PLAIN);
        info("AC", INTEGER, PER_ALT, 0, NON_NEGATIVE);
        info("AD", INTEGER, PER_ALLELE, 0, NON_NEGATIVE);
        info("ADF", INTEGER, PER_ALLELE, 0, NON_NEGATIVE);
        info("ADR", INTEGER, PER_ALLELE, 0, NON_NEGATIVE);
        info("AF", FLOAT, PER_ALT, 0, NON_NEGATIVE);
        info("AN", INTEGER, FIXED, 1, NON_NEGATIVE);
        info("BQ", FLOAT, FIXED, 1, PLAIN);
        info("CIGAR", STRING, PER_ALT, 0, CIGAR);
        info("DB", FLAG, FIXED, 0, PLAIN);
        info("DP", INTEGER, FIXED, 1, NON_NEGATIVE);
        info("END", INTEGER, FIXED, 1, NON_NEGATIVE);
        info("H2", FLAG, FIXED, 0, PLAIN);
        info("H3", FLAG, FIXED, 0, PLAIN);
        info("MQ", FLOAT, FIXED, 1, PLAIN);
        info("MQ0", INTEGER, FIXED, 1, NON_NEGATIVE);
        info("NS", INTEGER, FIXED, 1, NON_NEGATIVE);
        info("SOMATIC", FLAG, FIXED, 0, PLAIN);
        info("VALIDATED", FLAG, FIXED, 0, PLAIN);
        info("1000G", FLAG, FIXED, 0, PLAIN);

        format("AD", INTEGER, PER_ALLELE, 0);
        format("ADF", INTEGER, PER_ALLELE, 0);
        format("ADR", INTEGER, PER_ALLELE, 0);
        format("DP", INTEGER, FIXED, 1);
        format("EC", INTEGER, PER_ALT, 0);
        format("FT", STRING, FIXED, 1);
        format("GL", FLOAT, PER_GENOTYPE, 0);
        format("GP", FLOAT, PER_GENOTYPE, 0);
        format("GQ", INTEGER, FIXED, 1);
        format("GT", STRING, FIXED, 1);
        format("HQ", INTEGER, FIXED, 2);
        format("MQ", INTEGER, FIXED, 1);
        format("PL", INTEGER, PER_GENOTYPE, 0);
        format("PQ", INTEGER, FIXED, 1);
        format("PS", INTEGER, FIXED, 1);
    }

    /** Keys whose header Type is not compared with the reserved one (the suite checks only MQ's Number). */
    private static final Set<String> INFO_TYPE_UNCHECKED = Set.of("MQ");

    private final Map<String, Def> info;
    private final Map<String, Def> format;

    private VcfRecordChecks(Map<String, Def> info, Map<String, Def> format) {
        this.info = info;
        this.format = format;
    }

    /** Checks against the reserved keys only (no header at hand). */
    public static VcfRecordChecks reservedOnly() {
        return new VcfRecordChecks(new HashMap<>(RESERVED_INFO), new HashMap<>(RESERVED_FORMAT));
    }

    /**
     * Builds the checks from header definitions. Call {@link #headerConflict} first: a definition that contradicts
     * a reserved key is a header error, so here every reserved key is compatible.
     */
    static VcfRecordChecks of(Map<String, VcfHeaderInfo.InfoDef> infoDefs, Map<String, VcfHeaderInfo.InfoDef> fmtDefs) {
        return new VcfRecordChecks(merge(infoDefs, RESERVED_INFO), merge(fmtDefs, RESERVED_FORMAT));
    }

    private static Map<String, Def> merge(Map<String, VcfHeaderInfo.InfoDef> defs, Map<String, Def> reserved) {
        Map<String, Def> out = new HashMap<>(reserved);
        for (VcfHeaderInfo.InfoDef d : defs.values()) {
            Def h = fromHeader(d);
            Def r = reserved.get(d.key());
            if (r == null && h.type() == STRING) {
                // A String's commas are not counted: free text such as Description-like values holds commas.
                h = new Def(h.key(), STRING, ANY, 0, -1, 0, PLAIN);
            }
            if (r != null) {
                h = h.withMeaning(r.meaning());
                if (h.kind() != r.kind() || h.count() != r.count()) {
                    h = h.withAlternative(r.kind(), r.count());
                }
            }
            out.put(d.key(), h);
        }
        return out;
    }

    static Def fromHeader(VcfHeaderInfo.InfoDef d) {
        int type =
                switch (d.type()) {
                    case Integer -> INTEGER;
                    case Float -> FLOAT;
                    case Flag -> FLAG;
                    case Character -> CHARACTER;
                    default -> STRING;
                };
        int kind =
                switch (d.countType()) {
                    case INTEGER -> FIXED;
                    case A -> PER_ALT;
                    case R -> PER_ALLELE;
                    case G -> PER_GENOTYPE;
                    default -> ANY;
                };
        return new Def(d.key(), type, kind, kind == FIXED ? Math.max(d.count(), 0) : 0, -1, 0, PLAIN);
    }

    /**
     * Whether a header definition contradicts the specification's reserved key: null when compatible, else what is
     * wrong. Number "." and, for Number=A/R/G, the count these take on a biallelic site (A=1, R=2, G=2 or 3) are
     * accepted: GATK 3 wrote {@code AD} with Number=., Minimac writes {@code AF} with Number=1 and {@code GP} with
     * Number=3.
     */
    static String headerConflict(boolean isInfo, String key, String number, String type) {
        Def r = reserved(isInfo, key);
        if (r == null) {
            return null;
        }
        String want = typeName(r.type());
        boolean typeOk = type.equals(want) || (isInfo && INFO_TYPE_UNCHECKED.contains(key));
        if (!typeOk) {
            return "the specification reserves " + key + " with Type=" + want + ", not Type=" + type;
        }
        String rn = numberName(r.kind(), r.count());
        boolean numberOk = number.equals(rn)
                || (number.equals(".") && r.kind() != FIXED)
                || (r.kind() == PER_ALT && number.equals("1"))
                || (r.kind() == PER_ALLELE && number.equals("2"))
                || (r.kind() == PER_GENOTYPE && (number.equals("2") || number.equals("3")));
        if (!numberOk) {
            return "the specification reserves " + key + " with Number=" + rn + ", not Number=" + number;
        }
        return null;
    }

    /** The reserved definition of an INFO or FORMAT key, or null. */
    static Def reserved(boolean isInfo, String key) {
        return isInfo ? RESERVED_INFO.get(key) : key.equals("GLE") ? GLE : RESERVED_FORMAT.get(key);
    }

    static String typeName(int t) {
        return switch (t) {
            case INTEGER -> "Integer";
            case FLOAT -> "Float";
            case FLAG -> "Flag";
            case CHARACTER -> "Character";
            default -> "String";
        };
    }

    static String numberName(int kind, int count) {
        return switch (kind) {
            case FIXED -> Integer.toString(count);
            case PER_ALT -> "A";
            case PER_ALLELE -> "R";
            case PER_GENOTYPE -> "G";
            default -> ".";
        };
    }

    /** The definition of a FORMAT key, or null when it is neither defined nor reserved. */
    Def formatDef(String key) {
        return format.get(key);
    }

    /** The definition of an INFO key, or null when it is neither defined nor reserved. */
    Def infoDef(String key) {
        return info.get(key);
    }

    // ---------------------------------------------------------------- counts

    /**
     * The number of values {@code kind}/{@code count} asks for: -1 for any number; for Number=G, {@code ploidy} 1
     * or 2 gives the haploid or diploid count, 0 (unknown ploidy) gives -2 (the caller accepts either).
     */
    static int expected(int kind, int count, int altCount, int ploidy) {
        return switch (kind) {
            case FIXED -> count;
                // With no ALT allele (ALT '.') tools disagree on per-allele counts: any is accepted.
            case PER_ALT -> altCount == 0 ? -1 : altCount;
            case PER_ALLELE -> altCount == 0 ? -1 : altCount + 1;
            case PER_GENOTYPE -> altCount == 0
                    ? -1
                    : ploidy == 1 ? altCount + 1 : ploidy == 2 ? (altCount + 1) * (altCount + 2) / 2 : -2;
            default -> -1;
        };
    }

    static boolean countMatches(int want, int values, int altCount) {
        if (want == -1) {
            return true;
        }
        if (want == -2) {
            return values == altCount + 1 || values == (altCount + 1) * (altCount + 2) / 2;
        }
        return values == want;
    }

    static String countText(int kind, int count, int altCount, int ploidy) {
        int want = expected(kind, count, altCount, ploidy);
        String n = numberName(kind, count);
        String why =
                switch (kind) {
                    case PER_ALT -> " (one per ALT allele; " + altCount + " ALT)";
                    case PER_ALLELE -> " (one per allele, REF included; " + altCount + " ALT)";
                    case PER_GENOTYPE -> ploidy == 0
                            ? " (one per possible genotype: " + (altCount + 1) + " haploid or "
                                    + (altCount + 1) * (altCount + 2) / 2 + " diploid)"
                            : " (one per possible genotype of ploidy " + ploidy + " with " + (altCount + 1)
                                    + " alleles)";
                    default -> "";
                };
        return "Number=" + n + " means " + (want < 0 ? "" : want + " value(s)") + why;
    }

    // ---------------------------------------------------------------- INFO

    /**
     * Checks the INFO column {@code b[from, to)} of a record with {@code altCount} ALT alleles; {@code seen} is the
     * caller's scratch set (this object is shared, read-only, by the parsers of a file).
     */
    void checkInfo(byte[] b, int from, int to, int altCount, Set<String> seen) throws BadRecordException {
        if (to - from == 1 && b[from] == '.') {
            return;
        }
        if (to == from) {
            throw new BadRecordException(BAD_INFO, "INFO", "", "empty INFO column", "write '.' for no INFO");
        }
        seen.clear();
        int p = from;
        while (p < to) {
            int e = p;
            int eq = -1;
            while (e < to && b[e] != ';') {
                if (b[e] == '=' && eq < 0) {
                    eq = e;
                }
                e++;
            }
            if (e == p) {
                p++; // an empty entry (";;" or a trailing ';') is tolerated, as htslib does
                continue;
            }
            int kEnd = eq < 0 ? e : eq;
            checkInfoKey(b, p, kEnd, e);
            String key = VcfRecordParser.str(b, p, kEnd);
            if (!seen.add(key)) {
                throw new BadRecordException(
                        BAD_INFO,
                        "INFO/" + key,
                        VcfRecordParser.str(b, from, to),
                        "the key " + key + " appears twice in the INFO column",
                        "keep one value per key");
            }
            Def d = info.get(key);
            if (d != null) {
                if (d.type() == FLAG) {
                    if (eq >= 0 && !(e - eq == 2 && (b[eq + 1] == '0' || b[eq + 1] == '1'))) {
                        throw new BadRecordException(
                                BAD_INFO,
                                "INFO/" + key,
                                VcfRecordParser.str(b, p, e),
                                key + " is a Flag: it takes no value",
                                "write just '" + key + "' (present) or leave it out (absent)");
                    }
                } else if (eq < 0) {
                    throw new BadRecordException(
                            BAD_INFO,
                            "INFO/" + key,
                            key,
                            key + " has Type=" + typeName(d.type()) + " but no value (only Flags go without one)",
                            "write " + key + "=<value>, or " + key + "=. when it is missing");
                } else {
                    checkValues("INFO/" + key, d, b, eq + 1, e, altCount, 0, BAD_INFO);
                }
            }
            p = e + 1;
        }
    }

    private static void checkInfoKey(byte[] b, int from, int to, int entryEnd) throws BadRecordException {
        boolean ok = to > from;
        for (int i = from; ok && i < to; i++) {
            byte x = b[i];
            ok = x > ' ' && x < 127 && x != ',';
        }
        if (!ok) {
            throw new BadRecordException(
                    BAD_INFO,
                    "INFO",
                    VcfRecordParser.str(b, from, entryEnd),
                    "INFO keys are non-empty names without whitespace or ','",
                    "fix the INFO column (key=value pairs separated by ';')");
        }
    }

    /**
     * Checks a comma-separated value list against its definition; {@code ploidy} is used for Number=G (0: unknown).
     */
    static void checkValues(
            String field, Def d, byte[] b, int from, int to, int altCount, int ploidy, BadRecordException.Reason reason)
            throws BadRecordException {
        if (to == from) {
            throw new BadRecordException(
                    reason, field, "", "empty value", "write '.' for a missing value, or leave the key out");
        }
        int values = 1;
        for (int i = from; i < to; i++) {
            if (b[i] == ',') {
                values++;
            }
        }
        boolean missing = to - from == 1 && b[from] == '.';
        if (!missing) {
            checkCount(field, d, b, from, to, values, altCount, ploidy, reason);
        }
        int st = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == ',') {
                String problem = valueProblem(d, b, st, i);
                if (problem != null) {
                    throw new BadRecordException(
                            reason, field, VcfRecordParser.str(b, from, to), problem, fixFor(d, problem));
                }
                st = i + 1;
            }
        }
    }

    static void checkCount(
            String field,
            Def d,
            byte[] b,
            int from,
            int to,
            int values,
            int altCount,
            int ploidy,
            BadRecordException.Reason reason)
            throws BadRecordException {
        if (countMatches(expected(d.kind(), d.count(), altCount, ploidy), values, altCount)) {
            return;
        }
        if (d.kind2() >= 0 && countMatches(expected(d.kind2(), d.count2(), altCount, ploidy), values, altCount)) {
            return;
        }
        throw new BadRecordException(
                reason,
                field,
                VcfRecordParser.str(b, from, to),
                values + " comma-separated value(s) but " + countText(d.kind(), d.count(), altCount, ploidy),
                "write the number of values the header's Number asks for ('.' when missing), or fix the ##"
                        + (reason == BAD_INFO ? "INFO" : "FORMAT") + " definition");
    }

    static String fixFor(Def d, String problem) {
        if (problem.startsWith(NEGATIVE)) {
            return "fix the value (" + d.key() + " counts or measures something, so it is >= 0)";
        }
        if (d.meaning() == CIGAR) {
            return "write a CIGAR per ALT allele, or '.'";
        }
        return switch (d.type()) {
            case INTEGER -> "write integers from -2147483640 to 2147483647 (or '.'), or declare the field Type=Float"
                    + " / String in the header";
            case FLOAT -> "write decimal numbers (or '.'), or declare the field Type=String in the header";
            case CHARACTER -> "write single characters (or '.'), or declare the field Type=String in the header";
            default -> "fix the value";
        };
    }

    /** Starts the problem of a negative value of a reserved count or frequency. */
    static final String NEGATIVE = "by the specification, ";

    /** What is wrong with one value {@code b[from, to)} of the list, or null. */
    static String valueProblem(Def d, byte[] b, int from, int to) {
        if (to - from == 1 && b[from] == '.') {
            return null;
        }
        if (to == from) {
            return "an empty value in the list (write '.' for a missing one)";
        }
        switch (d.type()) {
            case INTEGER -> {
                int i = from;
                boolean neg = false;
                if (b[i] == '-' || b[i] == '+') {
                    neg = b[i] == '-';
                    i++;
                }
                if (i == to) {
                    return "'" + VcfRecordParser.str(b, from, to) + "' is not an integer";
                }
                long v = 0;
                for (; i < to; i++) {
                    int c = b[i] - '0';
                    if (c < 0 || c > 9) {
                        return "'" + VcfRecordParser.str(b, from, to) + "' is not an integer (Type=Integer)";
                    }
                    v = v * 10 + c;
                    if (v > 1L << 32) {
                        break;
                    }
                }
                if (neg) {
                    v = -v;
                }
                if (v > Integer.MAX_VALUE) {
                    return "'" + VcfRecordParser.str(b, from, to) + "' overflows a 32-bit VCF Integer (max 2147483647)";
                }
                if (v < Integer.MIN_VALUE) {
                    return "'" + VcfRecordParser.str(b, from, to)
                            + "' underflows a 32-bit VCF Integer (min -2147483640)";
                }
                if (v < Integer.MIN_VALUE + 8) {
                    return "'" + VcfRecordParser.str(b, from, to) + "' is one of the values -2147483648..-2147483641"
                            + " that BCF reserves (missing, end of vector)";
                }
                if (d.meaning() == NON_NEGATIVE && v < 0) {
                    return NEGATIVE + d.key() + " cannot be negative";
                }
                return null;
            }
            case FLOAT -> {
                double v = parseFloat(b, from, to);
                if (v == BAD_FLOAT) {
                    return "'" + VcfRecordParser.str(b, from, to) + "' is not a number (Type=Float)";
                }
                if (d.meaning() == NON_NEGATIVE && v < 0) {
                    return NEGATIVE + d.key() + " cannot be negative";
                }
                return null;
            }
            case CHARACTER -> {
                return to - from == 1 ? null : "'" + VcfRecordParser.str(b, from, to) + "' is not one character";
            }
            case FLAG -> {
                return "a Flag takes no value";
            }
            default -> {
                if (d.meaning() == CIGAR && !isCigar(b, from, to)) {
                    return "'" + VcfRecordParser.str(b, from, to) + "' is not a CIGAR string (e.g. 1M2I3D)";
                }
                return null;
            }
        }
    }

    /** Returned by {@link #parseFloat} for text that is not a VCF Float. */
    static final double BAD_FLOAT = -Double.MAX_VALUE;

    /**
     * Parses a VCF Float: {@code [+-]?(digits[.digits]|.digits)([eE][+-]?digits)?} or, case-insensitively,
     * {@code [+-]?(inf|infinity|nan)}. Returns {@link #BAD_FLOAT} when the text is none of these.
     */
    static double parseFloat(byte[] b, int from, int to) {
        int i = from;
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            i++;
        }
        if (i < to && !(b[i] >= '0' && b[i] <= '9') && b[i] != '.') {
            String w = VcfRecordParser.str(b, i, to).toLowerCase(Locale.ROOT);
            boolean neg = b[from] == '-';
            return switch (w) {
                case "nan" -> Double.NaN;
                case "inf", "infinity" -> neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                default -> BAD_FLOAT;
            };
        }
        int digits = 0;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
            digits++;
        }
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return BAD_FLOAT;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int ed = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
                ed++;
            }
            if (ed == 0) {
                return BAD_FLOAT;
            }
        }
        if (i != to) {
            return BAD_FLOAT;
        }
        return Double.parseDouble(VcfRecordParser.str(b, from, to));
    }

    private static boolean isCigar(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int d = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
                d++;
            }
            if (d == 0 || i == to || "MIDNSHP=X".indexOf(b[i]) < 0) {
                return false;
            }
            i++;
        }
        return true;
    }

    // ---------------------------------------------------------------- FORMAT character classes

    // Byte classes for the per-sample scan: the parser ORs them over a subfield's bytes while skipping it.
    static final int C_DIGIT = 1;
    static final int C_DOT = 2;
    static final int C_SIGN = 4;
    static final int C_EXP = 8;
    static final int C_NANINF = 16; // other letters of nan / inf / infinity
    static final int C_OTHER = 32;
    static final int C_COMMA = 64; // must stay 64: the parser counts commas as (class >>> 6)
    static final int C_STOP = 128; // ':' and TAB end a subfield

    static final byte[] CLASS = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            CLASS[i] = C_OTHER;
        }
        for (int c = '0'; c <= '9'; c++) {
            CLASS[c] = C_DIGIT;
        }
        CLASS['.'] = C_DOT;
        CLASS['+'] = C_SIGN;
        CLASS['-'] = C_SIGN;
        CLASS['e'] = C_EXP;
        CLASS['E'] = C_EXP;
        for (char c : "naifty".toCharArray()) {
            CLASS[c] = C_NANINF;
            CLASS[Character.toUpperCase(c)] = C_NANINF;
        }
        CLASS[','] = C_COMMA;
        CLASS[':'] = (byte) C_STOP;
        CLASS['\t'] = (byte) C_STOP;
    }

    /**
     * The byte classes that, seen in a FORMAT value of type {@code type}, call for the exact check: for an Integer
     * anything but digits, signs and commas ('.' too: a missing element); for a Float letters other than e/E;
     * every Character value (rare); nothing for a String.
     */
    static int slowClasses(int type) {
        return switch (type) {
            case INTEGER -> C_DOT | C_EXP | C_NANINF | C_OTHER;
            case FLOAT -> C_NANINF | C_OTHER;
            case CHARACTER -> C_DIGIT | C_DOT | C_SIGN | C_EXP | C_NANINF | C_OTHER | C_COMMA;
            default -> 0;
        };
    }
}
