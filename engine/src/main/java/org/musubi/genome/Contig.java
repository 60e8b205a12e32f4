package org.musubi.genome;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a contig name means, one rule for every job (ingest's chrX ploidy, gwas's sex-chromosome models and GWAS-SSF
 * codes, freq's chrY, freq-merge's name check, meta's SSF reader, prs's matching, simulate): plink2's chromosome
 * codes ({@code GetChrCodeRaw}).
 *
 * <ul>
 *   <li>An optional {@code chr} prefix, in any case, is ignored; so is case in the names X, Y, XY, M, MT, PAR1, PAR2.
 *   <li>1–22 (leading zero allowed, {@code 01} = 1) are autosomes; X or 23 is {@link Kind#X}; Y or 24 is {@link
 *       Kind#Y}; XY, PAR1, PAR2 or 25 is {@link Kind#XY} (the pseudo-autosomal part, stored apart); M, MT or 26 is
 *       {@link Kind#MT}. Anything else (0, 27, {@code chrUn_gl000220}, ...) is {@link Kind#OTHER}.
 *   <li>PLINK codes: 1–22, 23 X, 24 Y, 25 XY, 26 MT ({@link #plinkCode}). GWAS-SSF codes: 1–22, 23 X (and XY), 24 Y,
 *       25 MT ({@link #ssfCode}); read back from an SSF file by {@link #ssfCodeOfSsfValue}, where 25 is MT.
 *   <li>Order: by PLINK code (1–22, X, Y, XY, MT), then other contigs by name ({@link #ORDER}).
 * </ul>
 *
 * PARs of a contig stored as X are found by position through the {@link GenomeBuild}.
 */
public final class Contig {
    private Contig() {}

    /** The kind of a contig. */
    public enum Kind {
        AUTOSOME,
        X,
        Y,
        /** The pseudo-autosomal regions stored as their own contig (PLINK's XY, 25). */
        XY,
        MT,
        OTHER
    }

    /** PLINK's codes of X, Y, XY and MT. */
    public static final int PLINK_X = 23;

    public static final int PLINK_Y = 24;
    public static final int PLINK_XY = 25;
    public static final int PLINK_MT = 26;

    /** Canonical names of the PLINK codes 23–26. */
    private static final String[] SEX_MT_NAMES = {"X", "Y", "XY", "MT"};

    /** The name without a {@code chr} prefix (any case). */
    public static String stripChr(String name) {
        return name.regionMatches(true, 0, "chr", 0, 3) ? name.substring(3) : name;
    }

    /** The PLINK code of a contig: 1–22, 23 X, 24 Y, 25 XY, 26 MT; 0 for any other contig. */
    public static int plinkCode(String name) {
        String s = stripChr(name);
        int n = s.length();
        if (n == 1 || n == 2) {
            char a = s.charAt(0);
            char b = n == 2 ? s.charAt(1) : 0;
            if (a >= '0' && a <= '9' && (n == 1 || (b >= '0' && b <= '9'))) {
                int code = n == 1 ? a - '0' : (a - '0') * 10 + (b - '0');
                return code <= PLINK_MT ? code : 0;
            }
        }
        return switch (s.toUpperCase(Locale.ROOT)) {
            case "X" -> PLINK_X;
            case "Y" -> PLINK_Y;
            case "XY", "PAR1", "PAR2" -> PLINK_XY;
            case "M", "MT" -> PLINK_MT;
            default -> 0;
        };
    }

    /** The kind of a contig. */
    public static Kind kind(String name) {
        int code = plinkCode(name);
        return switch (code) {
            case 0 -> Kind.OTHER;
            case PLINK_X -> Kind.X;
            case PLINK_Y -> Kind.Y;
            case PLINK_XY -> Kind.XY;
            case PLINK_MT -> Kind.MT;
            default -> Kind.AUTOSOME;
        };
    }

    /** X (23, chrX, x, ...). */
    public static boolean isX(String name) {
        return plinkCode(name) == PLINK_X;
    }

    /** Y (24, chrY, y, ...). */
    public static boolean isY(String name) {
        return plinkCode(name) == PLINK_Y;
    }

    /**
     * The canonical name: 1–22, X, Y, XY or MT for the contigs with a PLINK code, else the name without its {@code
     * chr} prefix. Two names are the same contig exactly when their canonical names are equal.
     */
    public static String canonical(String name) {
        int code = plinkCode(name);
        if (code == 0) {
            return stripChr(name);
        }
        return code < PLINK_X ? Integer.toString(code) : SEX_MT_NAMES[code - PLINK_X];
    }

    /** The GWAS-SSF chromosome code of a contig: 1–22, 23 for X and XY, 24 for Y, 25 for MT; null for others. */
    public static String ssfCode(String name) {
        int code = plinkCode(name);
        return switch (code) {
            case 0 -> null;
            case PLINK_X, PLINK_XY -> "23";
            case PLINK_Y -> "24";
            case PLINK_MT -> "25";
            default -> Integer.toString(code);
        };
    }

    /**
     * The GWAS-SSF code of a chromosome value read from a GWAS-SSF file, where numbers are SSF codes (23 X, 24 Y, 25
     * MT; 26 and above are not valid) and names (X, XY, PAR1, PAR2, Y, M, MT, any case, optional chr) as {@link
     * #ssfCode}; null for any other value.
     */
    public static String ssfCodeOfSsfValue(String value) {
        String s = stripChr(value);
        if (!s.isEmpty() && s.charAt(0) >= '0' && s.charAt(0) <= '9') {
            int code = plinkCode(s);
            return code >= 1 && code <= 25 ? Integer.toString(code) : null;
        }
        return ssfCode(s);
    }

    /** The contig names of the GWAS-SSF codes 1–25, in code order (1–22, X, Y, MT). */
    public static final List<String> SSF_NAMES = List.of(
            "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19",
            "20", "21", "22", "X", "Y", "MT");

    /** Genome order: by PLINK code (1–22, X, Y, XY, MT), then other contigs by canonical name. */
    public static final Comparator<String> ORDER = Comparator.<String>comparingInt(
                    c -> plinkCode(c) == 0 ? Integer.MAX_VALUE : plinkCode(c))
            .thenComparing(Contig::canonical);
}
