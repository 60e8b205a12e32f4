package org.musubi.meta;

/** Allele helpers for alignment: ACGT checks and base-by-base complements (not reversed, as pgsc_calc). */
final class Alleles {
    private Alleles() {}

    static boolean isAcgt(String allele) {
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

    static String complement(String allele) {
        char[] c = new char[allele.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = switch (allele.charAt(i)) {
                case 'A' -> 'T';
                case 'T' -> 'A';
                case 'C' -> 'G';
                case 'G' -> 'C';
                default -> allele.charAt(i);
            };
        }
        return new String(c);
    }

    /** An A/T or C/G SNP: the complement of one allele is the other, so the alleles cannot tell the strand. */
    static boolean isPalindromic(String a, String b) {
        return a.length() == 1 && b.length() == 1 && complement(a).equals(b);
    }
}
