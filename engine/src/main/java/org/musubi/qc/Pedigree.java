package org.musubi.qc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The relationships a manifest records (FID, PAT, MAT): what KING's inferred degrees are compared against.
 * Parent–offspring (PAT or MAT names the other sample) and full sibs (same non-zero PAT and MAT) are first degree,
 * half sibs (one shared non-zero parent) second; other pairs in one FID are {@code same-family} (no expected
 * degree), pairs in different FIDs {@code unrelated}.
 */
final class Pedigree {
    static final String PARENT_OFFSPRING = "parent-offspring";
    static final String FULL_SIBS = "full-sibs";
    static final String HALF_SIBS = "half-sibs";
    static final String SAME_FAMILY = "same-family";
    static final String UNRELATED = "unrelated";

    private final QcCohort cohort;

    Pedigree(QcCohort cohort) {
        this.cohort = cohort;
    }

    /** Whether the manifest records any pedigree (FID, PAT or MAT). */
    static boolean recorded(QcCohort c) {
        return c.fid != null || c.pat != null || c.mat != null;
    }

    private String parent(String[] col, int i) {
        String p = col == null ? null : col[i];
        return p == null || p.equals("0") ? null : p;
    }

    /** The recorded relationship of table samples a and b. */
    String relation(int a, int b) {
        String ida = cohort.ids.get(a);
        String idb = cohort.ids.get(b);
        String pa = parent(cohort.pat, a);
        String ma = parent(cohort.mat, a);
        String pb = parent(cohort.pat, b);
        String mb = parent(cohort.mat, b);
        if (idb.equals(pa) || idb.equals(ma) || ida.equals(pb) || ida.equals(mb)) {
            return PARENT_OFFSPRING;
        }
        boolean samePat = pa != null && pa.equals(pb);
        boolean sameMat = ma != null && ma.equals(mb);
        if (samePat && sameMat) {
            return FULL_SIBS;
        }
        if (samePat || sameMat) {
            return HALF_SIBS;
        }
        if (cohort.fid != null && Objects.equals(cohort.fid[a], cohort.fid[b]) && cohort.fid[a] != null) {
            return SAME_FAMILY;
        }
        return UNRELATED;
    }

    /** Whether a recorded relationship expects first degree. */
    static boolean firstDegree(String relation) {
        return relation.equals(PARENT_OFFSPRING) || relation.equals(FULL_SIBS);
    }

    /** The recorded first-degree pairs (table indices, a &lt; b) among the samples flagged in {@code in}. */
    List<int[]> firstDegreePairs(boolean[] in) {
        Map<String, Integer> byId = new HashMap<>();
        for (int i = 0; i < cohort.size(); i++) {
            byId.put(cohort.ids.get(i), i);
        }
        List<int[]> out = new ArrayList<>();
        Map<String, List<Integer>> sibs = new HashMap<>();
        for (int i = 0; i < cohort.size(); i++) {
            if (!in[i]) {
                continue;
            }
            for (String[] col : new String[][] {cohort.pat, cohort.mat}) {
                String p = parent(col, i);
                Integer j = p == null ? null : byId.get(p);
                if (j != null && in[j]) {
                    out.add(new int[] {Math.min(i, j), Math.max(i, j)});
                }
            }
            String pa = parent(cohort.pat, i);
            String ma = parent(cohort.mat, i);
            if (pa != null && ma != null) {
                sibs.computeIfAbsent(pa + "\t" + ma, k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> g : sibs.values()) {
            for (int x = 0; x < g.size(); x++) {
                for (int y = x + 1; y < g.size(); y++) {
                    out.add(new int[] {g.get(x), g.get(y)});
                }
            }
        }
        return out;
    }
}
