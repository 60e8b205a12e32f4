package org.musubi.io.plink;

import java.util.List;

/**
 * One {@code .fam} line: {@code FID IID father mother sex phenotype}, separated by tabs or spaces (the phenotype may
 * be absent). A parent {@code 0} is unknown (null); sex is the raw code ({@code 1} male, {@code 2} female, else
 * unknown); a phenotype {@code -9} (or absent) is missing (null). Used by PLINK ingest (the fileset's samples) and
 * by the sample manifest when it is a {@code .fam}.
 */
public record FamRecord(String fid, String iid, String father, String mother, String sex, String phenotype) {
    /** The psam-style names of the columns a {@code .fam} adds to the sample manifest: family, parents, phenotype. */
    public static final List<String> EXTRA_COLUMNS = List.of("FID", "PAT", "MAT", "PHENO1");

    /** The line's fields, or null when it is blank; an error message (without file or line) when malformed. */
    public static FamRecord parse(String line) {
        String l = line.strip();
        if (l.isEmpty()) {
            return null;
        }
        String[] f = new String[6];
        int k = fields(l, f);
        if (k < 5 || k > 6) {
            throw new IllegalArgumentException(
                    "a .fam line has 6 columns (FID IID father mother sex phenotype)," + " found " + k);
        }
        return new FamRecord(
                f[0],
                f[1],
                parent(f[2]),
                parent(f[3]),
                f[4],
                k < 6 || f[5].equals("-9") || f[5].equals("NA") ? null : f[5]);
    }

    /**
     * Splits a stripped line at runs of the characters regex {@code \s} matches (space, tab, newline, vertical tab,
     * form feed, carriage return), as {@code l.split("\\s+")} does, into {@code f} (at most its length) and returns
     * the number of fields, counting those past {@code f.length}. No regex: the driver parses each {@code .fam} line
     * twice per ingest (the samples and the manifest), 10⁵–10⁶ lines in a biobank.
     */
    static int fields(String l, String[] f) {
        int k = 0;
        int n = l.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(l.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int start = i;
            while (i < n && !isSpace(l.charAt(i))) {
                i++;
            }
            if (k < f.length) {
                f[k] = l.substring(start, i);
            }
            k++;
        }
        return k;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** The values of {@link #EXTRA_COLUMNS}: FID, father, mother, phenotype (null when unknown). */
    public String[] extras() {
        return new String[] {fid, father, mother, phenotype};
    }

    /**
     * The sample's name as plink2 {@code --export vcf} writes it: {@code FID_IID}, or the IID alone when every FID of
     * the fileset is {@code 0} ({@code allFidZero}).
     */
    public String vcfName(boolean allFidZero) {
        return allFidZero ? iid : fid + "_" + iid;
    }

    private static String parent(String s) {
        return s.equals("0") ? null : s;
    }
}
