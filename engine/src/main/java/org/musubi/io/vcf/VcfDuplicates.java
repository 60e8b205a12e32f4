package org.musubi.io.vcf;

import static org.musubi.io.vcf.BadRecordException.Reason.DUPLICATE;

import java.util.Arrays;

/**
 * The duplicate check of one split's records ({@link VcfRecordParser}): the variants of recent records, trimmed of
 * the bases their REF and ALT share; only those at or after the current POS matter. Not thread-safe.
 */
final class VcfDuplicates {
    private String winContig;
    private int winSize;
    private int[] winPos = new int[8];
    private String[] winRef = new String[8];
    private String[] winAlt = new String[8];
    private String[] winWhat = new String[8];

    /**
     * Rejects a variant seen before in this split: same contig and, once REF and ALT are trimmed of their common
     * trailing then leading bases, the same position, REF and ALT ({@code 1:123 TAT>TGT} is {@code 1:124 A>G}).
     * Symbolic, breakend, '*' and missing alleles are left to the caller's exact comparison.
     */
    void check(String contig, int pos, String ref, String[] alts, int altCount) throws BadRecordException {
        if (contig != winContig) {
            winContig = contig;
            winSize = 0;
        }
        // Trimming only moves a variant right, and records are sorted: entries before POS can never match again.
        int k = 0;
        for (int i = 0; i < winSize; i++) {
            if (winPos[i] >= pos) {
                winPos[k] = winPos[i];
                winRef[k] = winRef[i];
                winAlt[k] = winAlt[i];
                winWhat[k] = winWhat[i];
                k++;
            }
        }
        winSize = k;
        int first = winSize;
        for (int j = 0; j < altCount; j++) {
            String a = alts[j];
            if (!isPlainBases(a)) {
                continue;
            }
            String r = ref;
            int rl = r.length();
            int al = a.length();
            while (rl > 1 && al > 1 && upper(r.charAt(rl - 1)) == upper(a.charAt(al - 1))) {
                rl--;
                al--;
            }
            int s = 0;
            while (rl - s > 1 && al - s > 1 && upper(r.charAt(s)) == upper(a.charAt(s))) {
                s++;
            }
            int np = pos + s;
            String nr = s == 0 && rl == r.length() ? r : r.substring(s, rl);
            String na = s == 0 && al == a.length() ? a : a.substring(s, al);
            for (int i = 0; i < winSize; i++) {
                if (winPos[i] == np && winRef[i].equalsIgnoreCase(nr) && winAlt[i].equalsIgnoreCase(na)) {
                    String what = contig + ":" + pos + " " + ref + ">" + a;
                    String norm = contig + ":" + np + " " + nr + ">" + na;
                    throw new BadRecordException(
                            DUPLICATE,
                            "ALT",
                            a,
                            "variant " + what + (what.equals(norm) ? "" : " (= " + norm + " once trimmed)")
                                    + (i >= first ? " appears twice in the record" : " duplicates " + winWhat[i]),
                            "remove the duplicate (bcftools norm -m-any -d exact, after normalising)");
                }
            }
            if (winSize == winPos.length) {
                int cap = winSize * 2;
                winPos = Arrays.copyOf(winPos, cap);
                winRef = Arrays.copyOf(winRef, cap);
                winAlt = Arrays.copyOf(winAlt, cap);
                winWhat = Arrays.copyOf(winWhat, cap);
            }
            winPos[winSize] = np;
            winRef[winSize] = nr;
            winAlt[winSize] = na;
            winWhat[winSize] = "the earlier record " + contig + ":" + pos + " " + ref + ">" + a;
            winSize++;
        }
    }

    private static boolean isPlainBases(String a) {
        for (int i = 0; i < a.length(); i++) {
            if (!VcfFixedColumns.isBase((byte) a.charAt(i))) {
                return false;
            }
        }
        return !a.isEmpty();
    }

    private static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
    }
}
