package org.musubi.io.plink;

import java.nio.charset.StandardCharsets;
import org.musubi.io.vcf.BadRecordException;
import org.musubi.io.vcf.BadRecordException.Reason;

/**
 * One {@code .bim} line, parsed in place (reused from line to line): {@code chrom id cM bp A1 A2}, separated by tabs
 * or spaces. The alleles become REF and ALT by plink2's convention (A1 = ALT, A2 = REF) unless the reader says A1 is
 * REF. A missing allele ({@code 0} or {@code .}) is {@code .}; a missing ID ({@code .}) is null. Allele codes are
 * kept as written (PLINK allows any code without whitespace, e.g. {@code 1}/{@code 2}). A bad line throws a
 * {@link BadRecordException} naming the column and value.
 */
public final class BimRecord {
    private static final String[] COLUMNS = {"chrom", "id", "cM", "bp", "A1", "A2"};

    private final boolean a1IsAlt;
    private final int[] from = new int[6];
    private final int[] to = new int[6];

    public String chrom;
    /** null when the line has {@code .}. */
    public String id;

    public int pos;
    public String ref;
    public String alt;

    /** @param a1IsAlt plink2's convention (A1 = ALT, the default); false for files made with A1 = REF */
    public BimRecord(boolean a1IsAlt) {
        this.a1IsAlt = a1IsAlt;
    }

    /** Parses {@code b[0, len)}. */
    public void parse(byte[] b, int len) throws BadRecordException {
        int k = 0;
        int i = 0;
        while (i < len) {
            while (i < len && isSpace(b[i])) {
                i++;
            }
            if (i == len) {
                break;
            }
            int start = i;
            while (i < len && !isSpace(b[i])) {
                i++;
            }
            if (k == 6) {
                k++;
                break;
            }
            from[k] = start;
            to[k] = i;
            k++;
        }
        if (k != 6) {
            throw new BadRecordException(
                    Reason.COLUMN_COUNT,
                    "line",
                    str(b, 0, Math.min(len, 200)),
                    (k > 6 ? "more than 6" : Integer.toString(k)) + " columns; a .bim line has 6 (chrom id cM bp A1"
                            + " A2)",
                    "check that the .bim belongs to the .bed and is not truncated");
        }
        chrom = str(b, from[0], to[0]);
        id = to[1] - from[1] == 1 && b[from[1]] == '.' ? null : str(b, from[1], to[1]);
        pos = parsePos(b, from[3], to[3]);
        String a1 = allele(b, from[4], to[4]);
        String a2 = allele(b, from[5], to[5]);
        ref = a1IsAlt ? a2 : a1;
        alt = a1IsAlt ? a1 : a2;
    }

    private static int parsePos(byte[] b, int f, int t) throws BadRecordException {
        long v = 0;
        boolean neg = f < t && b[f] == '-';
        int i = neg ? f + 1 : f;
        if (i == t || t - i > 10) {
            throw badPos(b, f, t, "not a base-pair position");
        }
        for (; i < t; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw badPos(b, f, t, "not a base-pair position");
            }
            v = v * 10 + d;
        }
        if (neg || v == 0) {
            throw badPos(
                    b, f, t, "position " + (neg ? "negative (PLINK 1 marks excluded variants so)" : "0 (unknown)"));
        }
        if (v > Integer.MAX_VALUE) {
            throw badPos(b, f, t, "position past 2^31 - 1");
        }
        return (int) v;
    }

    private static BadRecordException badPos(byte[] b, int f, int t, String problem) {
        return new BadRecordException(
                Reason.BAD_POS,
                COLUMNS[3],
                str(b, f, t),
                problem,
                "drop such variants first (plink2 --bfile x --exclude ids.txt --make-bed), or ingest with"
                        + " --stringency lenient to quarantine them");
    }

    private static String allele(byte[] b, int f, int t) {
        if (t - f == 1 && (b[f] == '0' || b[f] == '.')) {
            return ".";
        }
        return str(b, f, t);
    }

    private static boolean isSpace(byte x) {
        return x == ' ' || x == '\t' || x == '\r';
    }

    private static String str(byte[] b, int f, int t) {
        return new String(b, f, t - f, StandardCharsets.UTF_8);
    }
}
