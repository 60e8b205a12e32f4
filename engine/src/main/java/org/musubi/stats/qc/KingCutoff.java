package org.musubi.stats.qc;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * plink2's {@code --king-cutoff} pruning ({@code KinshipPruneDestructive} in {@code plink2_matrix_calc.cc}, SPECS
 * §7.4) on the graph of pairs whose kinship is above the cutoff: while an edge remains, if some sample has exactly
 * one relative left, remove that relative (of the first such sample by index); otherwise remove the first sample
 * (by index) with the most relatives. The same removals as plink2 for the same graph and sample order.
 */
public final class KingCutoff {
    private KingCutoff() {}

    /**
     * The samples to remove, ascending, of {@code n} samples with the edges {@code (a[k], b[k])} (indices in
     * {@code [0, n)}, a ≠ b; repeated edges count once).
     */
    public static int[] remove(int n, int[] a, int[] b) {
        List<TreeSet<Integer>> adj = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            adj.add(null);
        }
        for (int k = 0; k < a.length; k++) {
            if (a[k] == b[k]) {
                throw new IllegalArgumentException("a sample cannot be its own relative: " + a[k]);
            }
            edges(adj, a[k]).add(b[k]);
            edges(adj, b[k]).add(a[k]);
        }
        TreeSet<Integer> live = new TreeSet<>();
        TreeSet<Integer> degreeOne = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            TreeSet<Integer> e = adj.get(i);
            if (e != null && !e.isEmpty()) {
                live.add(i);
                if (e.size() == 1) {
                    degreeOne.add(i);
                }
            }
        }
        boolean[] removed = new boolean[n];
        int removedCount = 0;
        while (!live.isEmpty()) {
            int prune;
            if (!degreeOne.isEmpty()) {
                prune = adj.get(degreeOne.first()).first();
            } else {
                prune = -1;
                int best = -1;
                for (int i : live) {
                    int d = adj.get(i).size();
                    if (d > best) {
                        best = d;
                        prune = i;
                    }
                }
            }
            for (int s : adj.get(prune)) {
                TreeSet<Integer> e = adj.get(s);
                e.remove(prune);
                if (e.isEmpty()) {
                    live.remove(s);
                    degreeOne.remove(s);
                } else if (e.size() == 1) {
                    degreeOne.add(s);
                }
            }
            adj.get(prune).clear();
            live.remove(prune);
            degreeOne.remove(prune);
            removed[prune] = true;
            removedCount++;
        }
        int[] out = new int[removedCount];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (removed[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    private static TreeSet<Integer> edges(List<TreeSet<Integer>> adj, int i) {
        TreeSet<Integer> e = adj.get(i);
        if (e == null) {
            e = new TreeSet<>();
            adj.set(i, e);
        }
        return e;
    }
}
