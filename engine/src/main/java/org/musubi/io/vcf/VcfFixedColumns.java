package org.musubi.io.vcf;

import static org.musubi.io.vcf.BadRecordException.Reason.*;
import static org.musubi.io.vcf.VcfRecordParser.str;

/**
 * Syntax checks of a VCF record's fixed columns (VCF 4.3): CHROM, POS, ID, REF, each ALT allele and FILTER. Each
 * reads one column's bytes {@code b[from, to)} and returns its value, or throws a {@link BadRecordException} naming
 * the column, the bad value and the fix. Stateless; {@link VcfRecordParser} keeps the values of the last record.
 */
final class VcfFixedColumns {
    private VcfFixedColumns() {}

    /**
     * Contig names per VCF 4.3: {@code [0-9A-Za-z!#$%&+./:;?@^_|~-][0-9A-Za-z!#$%&*+./:;=?@^_|~-]*}, optionally
     * wrapped in angle brackets ({@code <ID>}, an assembly contig).
     */
    static void checkContig(byte[] b, int from, int to) throws BadRecordException {
        int lo = from;
        int hi = to;
        if (to - from >= 2 && b[from] == '<' && b[to - 1] == '>') {
            lo++;
            hi--;
        }
        if (to == from) {
            throw new BadRecordException(BAD_CHROM, "CHROM", "", "empty contig name", "fill in the contig");
        }
        boolean ok = hi > lo;
        for (int i = lo; ok && i < hi; i++) {
            ok = isContigChar(b[i], i == lo);
        }
        if (!ok) {
            throw new BadRecordException(
                    BAD_CHROM,
                    "CHROM",
                    str(b, from, to),
                    "contig names may not contain whitespace, quotes, ',', '(', ')', '<', '>', '[', ']', '{', '}',"
                            + " '\\' or '`', nor start with '*' or '='",
                    "rename the contig (bcftools annotate --rename-chrs)");
        }
    }

    static boolean isContigChar(byte x, boolean first) {
        if (x <= ' ' || x >= 127) {
            return false;
        }
        return switch (x) {
            case '"', '\'', ',', '(', ')', '<', '>', '[', ']', '{', '}', '\\', '`' -> false;
            case '*', '=' -> !first;
            default -> true;
        };
    }

    static int parsePos(byte[] b, int from, int to) throws BadRecordException {
        if (to == from || to - from > 10) {
            throw badPos(b, from, to);
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw badPos(b, from, to);
            }
            v = v * 10 + d;
        }
        if (v > Integer.MAX_VALUE) {
            throw badPos(b, from, to);
        }
        return (int) v;
    }

    private static BadRecordException badPos(byte[] b, int from, int to) {
        return new BadRecordException(
                BAD_POS,
                "POS",
                str(b, from, to),
                "not a position (an integer from 0 to 2147483647)",
                "fix the POS column");
    }

    static String parseId(byte[] b, int from, int to) throws BadRecordException {
        if (to - from == 1 && b[from] == '.') {
            return null;
        }
        if (to == from) {
            throw new BadRecordException(BAD_ID, "ID", "", "empty ID", "write '.' for a missing ID");
        }
        boolean semi = false;
        for (int i = from; i < to; i++) {
            byte x = b[i];
            if (x <= ' ' || x >= 127) {
                throw new BadRecordException(
                        BAD_ID, "ID", str(b, from, to), "IDs may not contain whitespace", "fix the ID column");
            }
            semi |= x == ';';
        }
        String s = str(b, from, to);
        if (semi) {
            String[] parts = s.split(";", -1);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String p : parts) {
                if (p.isEmpty() || p.equals(".") || !seen.add(p)) {
                    throw new BadRecordException(
                            BAD_ID,
                            "ID",
                            s,
                            "a ';'-separated ID list with an empty, '.' or repeated element",
                            "list each ID once, or write '.'");
                }
            }
        }
        return s;
    }

    static boolean isBase(byte x) {
        return switch (x) {
            case 'A', 'C', 'G', 'T', 'N', 'a', 'c', 'g', 't', 'n' -> true;
            default -> false;
        };
    }

    static String parseRef(byte[] b, int from, int to) throws BadRecordException {
        if (to == from) {
            throw new BadRecordException(BAD_REF, "REF", "", "empty REF", "REF must be one or more of A,C,G,T,N");
        }
        for (int i = from; i < to; i++) {
            if (!isBase(b[i])) {
                throw new BadRecordException(
                        BAD_REF,
                        "REF",
                        str(b, from, to),
                        to - from == 1 && b[from] == '.'
                                ? "REF is missing ('.'); REF holds the reference bases at POS"
                                : "REF may only hold the bases A, C, G, T, N",
                        "fix the REF allele (normalise against the reference with bcftools norm -f)");
            }
        }
        return str(b, from, to);
    }

    static String checkAllele(byte[] b, int from, int to, int colFrom, int colTo) throws BadRecordException {
        String problem = null;
        if (to == from) {
            problem = "empty ALT allele";
        } else if (b[from] == '<') {
            if (b[to - 1] != '>' || to - from < 3) {
                problem = "symbolic ALT allele without a closing '>'";
            } else {
                for (int i = from + 1; i < to - 1; i++) {
                    if (b[i] == '<' || b[i] == '>' || b[i] <= ' ' || b[i] == ',') {
                        problem = "symbolic ALT allele with '<', '>', ',' or whitespace inside";
                        break;
                    }
                }
            }
        } else if (to - from == 1 && b[from] == '*') {
            // spanning deletion
        } else {
            boolean bracket = false;
            for (int i = from; i < to; i++) {
                bracket |= b[i] == '[' || b[i] == ']';
            }
            if (bracket) {
                problem = checkBreakend(b, from, to);
            } else {
                int lo = from;
                int hi = to;
                if (to - from > 1 && b[from] == '.') {
                    lo++; // single breakend .A
                } else if (to - from > 1 && b[to - 1] == '.') {
                    hi--; // single breakend A.
                }
                for (int i = lo; i < hi; i++) {
                    if (!isBase(b[i])) {
                        problem = "ALT alleles are bases (A,C,G,T,N), '*', <SYMBOLIC> or a breakend";
                        break;
                    }
                }
            }
        }
        if (problem != null) {
            throw new BadRecordException(
                    BAD_ALT, "ALT", str(b, colFrom, colTo), problem, "fix the ALT column (comma-separated alleles)");
        }
        return str(b, from, to);
    }

    /** Checks a breakend allele: t[p[, t]p], ]p]t or [p[t with p = chrom:pos. */
    private static String checkBreakend(byte[] b, int from, int to) {
        String s = str(b, from, to);
        if (!s.matches(
                "([ACGTNacgtn]+[\\[\\]][^\\[\\]:]+:[0-9]+[\\[\\]])|([\\[\\]][^\\[\\]:]+:[0-9]+[\\[\\]][ACGTNacgtn]+)")) {
            return "malformed breakend (expected t[chr:pos[, t]chr:pos], ]chr:pos]t or [chr:pos[t)";
        }
        char open = s.indexOf('[') >= 0 ? '[' : ']';
        if (s.chars().filter(ch -> ch == '[' || ch == ']').anyMatch(ch -> ch != open)) {
            return "breakend mixes '[' and ']'";
        }
        return null;
    }

    /** FILTER: null for '.', else 'PASS' or ';'-separated filter names (none empty, '.', '0' or repeated). */
    static String[] parseFilter(byte[] b, int from, int to) throws BadRecordException {
        if (to - from == 1 && b[from] == '.') {
            return null;
        }
        if (to - from == 4 && b[from] == 'P' && b[from + 1] == 'A' && b[from + 2] == 'S' && b[from + 3] == 'S') {
            return PASS;
        }
        String s = str(b, from, to);
        String[] parts = s.split(";", -1);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String p : parts) {
            boolean ok = !p.isEmpty() && !p.equals(".") && !p.equals("0") && seen.add(p);
            for (int i = 0; ok && i < p.length(); i++) {
                ok = p.charAt(i) > ' ' && p.charAt(i) < 127;
            }
            if (!ok) {
                throw new BadRecordException(
                        BAD_FILTER,
                        "FILTER",
                        s,
                        "FILTER is 'PASS', '.' or ';'-separated filter names (no empty, '.', '0' or repeated"
                                + " names, no whitespace)",
                        "fix the FILTER column");
            }
        }
        return parts;
    }

    private static final String[] PASS = {"PASS"};
}
