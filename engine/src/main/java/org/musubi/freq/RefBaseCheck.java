package org.musubi.freq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.musubi.error.MusubiUserException;

/**
 * One reference base per position: two banks whose variants at a position start with different REF bases were
 * built on different references, or one has its alleles swapped (REF/ALT) or not normalised. Collects the
 * conflicting positions (the first three in contig-name and position order) and refuses them after the pass.
 */
final class RefBaseCheck {
    private final Set<Character> bases = new HashSet<>();
    private final TreeSet<String> what = new TreeSet<>(FreqMergePlan::codePointOrder);
    /** The first three conflicts: contig, position, what each bank has there. */
    private final TreeMap<Object[], List<String>> bad =
            new TreeMap<>(Comparator.<Object[], byte[]>comparing(o -> utf8((String) o[0]), Arrays::compareUnsigned)
                    .thenComparingInt(o -> (Integer) o[1]));

    /** One bank's variant at the current position. */
    void add(String bank, String ref, String alt) {
        bases.add(Character.toUpperCase(ref.charAt(0)));
        what.add(bank + " " + ref + ">" + alt);
    }

    /** Ends the position: a conflict if its variants start with different bases. */
    void endPosition(String contig, int pos) {
        if (bases.size() > 1) {
            bad.put(new Object[] {contig, pos}, new ArrayList<>(what));
            if (bad.size() > 3) {
                bad.pollLastEntry();
            }
        }
        bases.clear();
        what.clear();
    }

    /** After the pass: refuses the conflicts found, naming the first and how many. */
    void throwIfConflicts() {
        if (bad.isEmpty()) {
            return;
        }
        Map.Entry<Object[], List<String>> first = bad.firstEntry();
        throw new MusubiUserException("conflicting allele representations at " + first.getKey()[0] + ":"
                + first.getKey()[1] + ": " + String.join(", ", first.getValue()) + " (" + bad.size()
                + (bad.size() == 3 ? "+" : "") + " positions): the banks disagree on the reference base, so they"
                + " used different references or one swapped REF and ALT; normalise every bank's input against"
                + " the same reference (bcftools norm -f ref.fa -c s -m -any), re-ingest and re-run freq");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
