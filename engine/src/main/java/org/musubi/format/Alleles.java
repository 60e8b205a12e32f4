package org.musubi.format;

/**
 * Allele helpers shared by PRS matching, meta-analysis alignment and the GWAS-SSF writer: A/C/G/T checks and
 * base-by-base complements (not reversed, as pgsc_calc flips strands).
 */
public final class Alleles {
    private Alleles() {}

    /** A non-empty allele of A, C, G and T only. */
    public static boolean isAcgt(String allele) {
        if (allele.isEmpty()) {
            return false;
        }
        for (int i = 0; i < allele.length(); i++) {
            char c = allele.charAt(i);
            if (c != 'A' && c != 'C' && c != 'G' && c != 'T') {
                return false;
            }
        }
        return true;
    }

    /** The complement of an A/C/G/T allele, base by base (not reversed); null for null or any other allele. */
    public static String complement(String allele) {
        if (allele == null) {
            return null;
        }
        char[] c = allele.toCharArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = switch (c[i]) {
                case 'A' -> 'T';
                case 'T' -> 'A';
                case 'C' -> 'G';
                case 'G' -> 'C';
                default -> 0;
            };
            if (c[i] == 0) {
                return null;
            }
        }
        return new String(c);
    }

    /** An A/T or C/G SNP: the complement of one allele is the other, so the alleles cannot tell the strand. */
    public static boolean isStrandAmbiguous(String a, String b) {
        return a.length() == 1 && b.length() == 1 && b.equals(complement(a));
    }
}
