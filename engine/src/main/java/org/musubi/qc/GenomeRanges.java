package org.musubi.qc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.musubi.error.MusubiUserException;
import org.musubi.genome.Contig;

/**
 * Genome ranges as plink's {@code --exclude range} file gives them ({@code CHR START END [LABEL]}, whitespace
 * separated, 1-based with both ends inclusive; blank lines and {@code #} comments skipped), for asking whether a
 * variant lies in one. Contigs match by {@code genome.Contig#canonical} ({@code chr1} is {@code 1}). Used by the
 * {@code qc} job's LD pruning for the long-range LD lists ({@code conf/long-range-ld-*.txt}) and {@code
 * --exclude-range}.
 */
public final class GenomeRanges implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** No range. */
    public static final GenomeRanges NONE = new GenomeRanges(Map.of(), 0);

    // per canonical contig: starts and ends, sorted by start
    private final Map<String, int[][]> byContig;
    private final int size;

    private GenomeRanges(Map<String, int[][]> byContig, int size) {
        this.byContig = byContig;
        this.size = size;
    }

    /** Parses a range file's lines; {@code source} names it in errors. A bad line is a user error. */
    public static GenomeRanges parse(List<String> lines, String source) {
        Map<String, List<int[]>> m = new HashMap<>();
        int size = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\\s+");
            int start;
            int end;
            try {
                if (f.length < 3) {
                    throw new NumberFormatException();
                }
                start = Integer.parseInt(f[1]);
                end = Integer.parseInt(f[2]);
            } catch (NumberFormatException e) {
                throw new MusubiUserException(source + " line " + (i + 1) + ": '" + l + "' is not a range; use CHR"
                        + " START END [LABEL] (plink --exclude range format)");
            }
            if (start < 0 || end < start) {
                throw new MusubiUserException(source + " line " + (i + 1) + ": range " + start + "-" + end
                        + " is empty or negative; use START <= END");
            }
            m.computeIfAbsent(Contig.canonical(f[0]), k -> new ArrayList<>()).add(new int[] {start, end});
            size++;
        }
        Map<String, int[][]> out = new HashMap<>();
        for (Map.Entry<String, List<int[]>> e : m.entrySet()) {
            int[][] r = e.getValue().toArray(new int[0][]);
            Arrays.sort(r, (a, b) -> Integer.compare(a[0], b[0]));
            out.put(e.getKey(), r);
        }
        return new GenomeRanges(out, size);
    }

    /** Whether {@code pos} on {@code contig} lies in a range (ends inclusive). */
    public boolean contains(String contig, int pos) {
        int[][] r = byContig.get(Contig.canonical(contig));
        if (r == null) {
            return false;
        }
        for (int[] x : r) {
            if (x[0] > pos) {
                return false;
            }
            if (pos <= x[1]) {
                return true;
            }
        }
        return false;
    }

    /** Ranges read. */
    public int size() {
        return size;
    }
}
