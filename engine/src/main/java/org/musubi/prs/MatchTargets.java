package org.musubi.prs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.musubi.genome.Contig;
import org.musubi.util.IntList;

/**
 * The table variants a score is matched against ({@link VariantMatcher}), as columns in table order: contig name
 * (as stored; one string per variant file), position, REF, ALT, ID and the multi-allelic flag. Lookups go through
 * primitive arrays: the positions sorted per canonical contig (a binary search per scoring row) and, built on the
 * first lookup by ID, a chain of the targets of each ID. Target keys ({@code contig:pos:ref:alt}) are numbered:
 * {@link #keyOf} gives the first target with the same key (duplicate table rows share it). Filled by the prs
 * plan from the candidate scan's columns ({@link Builder}); no object per target.
 */
final class MatchTargets {
    final int size;
    final String[] contig;
    final int[] pos;
    final String[] ref;
    final String[] alt;
    final String[] id;
    final boolean[] multi;
    /** For target t, the first target (in table order) at its position with its contig name and alleles. */
    final int[] keyOf;
    /** Canonical contig name → its segment of {@link #sortedPos} / {@link #sortedTarget}. */
    private final Map<String, Integer> contigIds = new HashMap<>();

    private final int[] segStart;
    private final int[] sortedPos;
    private final int[] sortedTarget;
    private Map<String, Integer> idHead;
    private int[] idNext;
    /** Number of candidates the last {@link #candidates} call found. */
    int found;

    /** The targets {@code 0..size)} of the given columns (the arrays may be longer; they are not copied). */
    MatchTargets(int size, String[] contig, int[] pos, String[] ref, String[] alt, String[] id, boolean[] multi) {
        this.size = size;
        this.contig = contig;
        this.pos = pos;
        this.ref = ref;
        this.alt = alt;
        this.id = id;
        this.multi = multi;
        // contig numbers by canonical name (the contig strings are shared per file: look up on a change only)
        int[] cid = new int[size];
        List<int[]> counts = new ArrayList<>();
        String lastName = null;
        int last = -1;
        for (int t = 0; t < size; t++) {
            if (last < 0 || !contig[t].equals(lastName)) {
                lastName = contig[t];
                last = contigIds.computeIfAbsent(Contig.canonical(lastName), k -> {
                    counts.add(new int[1]);
                    return counts.size() - 1;
                });
            }
            cid[t] = last;
            counts.get(last)[0]++;
        }
        int nc = counts.size();
        segStart = new int[nc + 1];
        for (int c = 0; c < nc; c++) {
            segStart[c + 1] = segStart[c] + counts.get(c)[0];
        }
        // per contig, (pos, target) packed in a long and sorted: positions ascending, then table order
        int[] fill = Arrays.copyOf(segStart, nc);
        long[] packed = new long[size];
        for (int t = 0; t < size; t++) {
            packed[fill[cid[t]]++] = ((long) pos[t] << 32) | t;
        }
        for (int c = 0; c < nc; c++) {
            Arrays.sort(packed, segStart[c], segStart[c + 1]);
        }
        sortedPos = new int[size];
        sortedTarget = new int[size];
        for (int k = 0; k < size; k++) {
            sortedPos[k] = (int) (packed[k] >>> 32);
            sortedTarget[k] = (int) packed[k];
        }
        keyOf = new int[size];
        for (int c = 0; c < nc; c++) {
            for (int k = segStart[c]; k < segStart[c + 1]; k++) {
                int t = sortedTarget[k];
                keyOf[t] = t;
                for (int j = k - 1; j >= segStart[c] && sortedPos[j] == sortedPos[k]; j--) {
                    int u = sortedTarget[j];
                    if (contig[u].equals(contig[t]) && ref[u].equals(ref[t]) && alt[u].equals(alt[t])) {
                        keyOf[t] = keyOf[u];
                        break;
                    }
                }
            }
        }
    }

    /** Target {@code t} as a record. */
    VariantMatcher.Target target(int t) {
        return new VariantMatcher.Target(contig[t], pos[t], ref[t], alt[t], id[t], multi[t]);
    }

    /**
     * The targets a row may match, ascending: at its contig and position, or with its ID when it has no position;
     * none for an unusable row. Written into {@code buf} (grown when needed: the array used is returned), their
     * number in {@link #found}.
     */
    int[] candidates(ScoringFile.Variant v, int[] buf) {
        found = 0;
        if (v.unusable() != null) {
            return buf;
        }
        if (v.chr() != null) {
            Integer c = contigIds.get(v.chr());
            if (c == null) {
                return buf;
            }
            int lo = segStart[c];
            int hi = segStart[c + 1];
            int end = hi;
            int p = v.pos();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sortedPos[mid] < p) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int k = lo; k < end && sortedPos[k] == p; k++) {
                buf = put(buf, sortedTarget[k]);
            }
            return buf;
        }
        if (v.rsId() == null) {
            return buf;
        }
        if (idHead == null) {
            idHead = new HashMap<>();
            idNext = new int[size];
            for (int t = size - 1; t >= 0; t--) {
                Integer next = id[t] == null ? null : idHead.put(id[t], t);
                idNext[t] = next == null ? -1 : next;
            }
        }
        Integer h = idHead.get(v.rsId());
        for (int t = h == null ? -1 : h; t >= 0; t = idNext[t]) {
            buf = put(buf, t);
        }
        return buf;
    }

    private int[] put(int[] buf, int t) {
        int[] b = found == buf.length ? Arrays.copyOf(buf, 2 * buf.length) : buf;
        b[found++] = t;
        return b;
    }

    /** Target columns being filled, one variant at a time. */
    static final class Builder {
        private final List<String> contig = new ArrayList<>();
        private final IntList pos = new IntList();
        private final List<String> ref = new ArrayList<>();
        private final List<String> alt = new ArrayList<>();
        private final List<String> id = new ArrayList<>();
        private final IntList multi = new IntList();

        /** Makes room for {@code more} further targets. */
        Builder reserve(int more) {
            pos.reserve(more);
            multi.reserve(more);
            return this;
        }

        Builder add(String ctg, int p, String r, String a, String i, boolean m) {
            contig.add(ctg);
            pos.add(p);
            ref.add(r);
            alt.add(a);
            id.add(i);
            multi.add(m ? 1 : 0);
            return this;
        }

        int size() {
            return pos.size();
        }

        MatchTargets build() {
            int n = pos.size();
            boolean[] m = new boolean[n];
            for (int t = 0; t < n; t++) {
                m[t] = multi.get(t) != 0;
            }
            String[] none = new String[0];
            return new MatchTargets(
                    n, contig.toArray(none), pos.array(), ref.toArray(none), alt.toArray(none), id.toArray(none), m);
        }
    }
}
