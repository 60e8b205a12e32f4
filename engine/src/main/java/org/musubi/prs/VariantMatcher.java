package org.musubi.prs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.musubi.format.Alleles;
import org.musubi.genome.Contig;

/**
 * Matches scoring-file rows to a table's variants as pgsc_calc / pygscatalog do (SPECS §1.3): join on chromosome,
 * position and alleles with match types in priority order {@code refalt, altref, refalt_flip, altref_flip} (rows
 * without other allele: {@code no_oa_ref, no_oa_alt, no_oa_ref_flip, no_oa_alt_flip}); label best matches,
 * duplicate best matches and duplicate IDs; exclude strand-ambiguous and multi-allelic targets unless asked. Rows
 * without a position match on the table's ID column. No Spark.
 */
public final class VariantMatcher {
    private VariantMatcher() {}

    /** Match types, best first. */
    public static final List<String> MATCH_TYPES = List.of(
            "refalt",
            "altref",
            "refalt_flip",
            "altref_flip",
            "no_oa_ref",
            "no_oa_alt",
            "no_oa_ref_flip",
            "no_oa_alt_flip");

    /**
     * A table variant.
     *
     * @param contig the table's contig name (as stored)
     * @param multiallelic whether the row comes from a split multi-allelic record
     */
    public record Target(String contig, int pos, String ref, String alt, String id, boolean multiallelic)
            implements Serializable {
        /** {@code contig:pos:ref:alt} with the table's contig name: the key the scoring pass looks rows up by. */
        public String key() {
            return contig + ":" + pos + ":" + ref + ":" + alt;
        }
    }

    /** Matching options. */
    public record Options(boolean keepAmbiguous, boolean keepMultiallelic, double minOverlap) {
        public static Options defaults() {
            return new Options(false, false, 0.75);
        }
    }

    /**
     * One candidate pair (scoring row, target), or an unmatched scoring row ({@code target == null}).
     *
     * @param row index of the scoring row in its file's variants
     * @param effectIsAlt whether the effect allele is the target's ALT
     */
    public record Candidate(
            int row,
            ScoringFile.Variant variant,
            Target target,
            String matchType,
            boolean effectIsAlt,
            boolean ambiguous,
            boolean flipped,
            boolean bestMatch,
            boolean duplicateBestMatch,
            boolean duplicateId,
            boolean exclude,
            String status) {}

    /** The result for one scoring file: one candidate row per (row, target) pair, unmatched rows once. */
    public record FileMatch(
            ScoringFile file, List<Candidate> log, long rows, long matched, long excluded, long unmatched) {
        public double matchRate() {
            return rows == 0 ? 0 : (double) matched / rows;
        }
    }

    /** Index of the best match type of a row against a target, or -1. */
    static int matchType(String ea, String oa, String ref, String alt) {
        String eaf = Alleles.complement(ea);
        if (oa != null) {
            String oaf = Alleles.complement(oa);
            if (ref.equals(ea) && alt.equals(oa)) {
                return 0;
            }
            if (alt.equals(ea) && ref.equals(oa)) {
                return 1;
            }
            if (eaf != null && oaf != null) {
                if (ref.equals(eaf) && alt.equals(oaf)) {
                    return 2;
                }
                if (alt.equals(eaf) && ref.equals(oaf)) {
                    return 3;
                }
            }
            return -1;
        }
        if (ref.equals(ea)) {
            return 4;
        }
        if (alt.equals(ea)) {
            return 5;
        }
        if (eaf != null) {
            if (ref.equals(eaf)) {
                return 6;
            }
            if (alt.equals(eaf)) {
                return 7;
            }
        }
        return -1;
    }

    /** Index of targets by position and by ID. */
    public static final class TargetIndex {
        final Map<String, List<Target>> byPos = new HashMap<>();
        final Map<String, List<Target>> byId = new HashMap<>();

        public TargetIndex(Iterable<Target> targets) {
            for (Target t : targets) {
                byPos.computeIfAbsent(Contig.canonical(t.contig()) + ":" + t.pos(), k -> new ArrayList<>(1))
                        .add(t);
                if (t.id() != null) {
                    byId.computeIfAbsent(t.id(), k -> new ArrayList<>(1)).add(t);
                }
            }
        }

        List<Target> candidates(ScoringFile.Variant v) {
            List<Target> l = v.chr() != null ? byPos.get(v.chr() + ":" + v.pos()) : byId.get(v.rsId());
            return l == null ? List.of() : l;
        }
    }

    /** Matches one file's rows. */
    public static FileMatch match(ScoringFile file, TargetIndex index, Options opt) {
        List<ScoringFile.Variant> rows = file.variants();
        List<Candidate> log = new ArrayList<>();
        // Pass 1: best matches per row.
        record Pair(int row, Target t, int type, boolean best, boolean dupBest) {}
        List<List<Pair>> perRow = new ArrayList<>(rows.size());
        Map<String, Integer> bestPerTarget = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            ScoringFile.Variant v = rows.get(r);
            List<Pair> pairs = new ArrayList<>(1);
            int best = Integer.MAX_VALUE;
            int nBest = 0;
            for (Target t : index.candidates(v)) {
                int type = matchType(v.effectAllele(), v.otherAllele(), t.ref(), t.alt());
                if (type < 0) {
                    continue;
                }
                pairs.add(new Pair(r, t, type, false, false));
                if (type < best) {
                    best = type;
                    nBest = 1;
                } else if (type == best) {
                    nBest++;
                }
            }
            boolean first = true;
            for (int i = 0; i < pairs.size(); i++) {
                Pair p = pairs.get(i);
                if (p.type() == best) {
                    pairs.set(i, new Pair(r, p.t(), p.type(), first, nBest > 1));
                    if (first) {
                        bestPerTarget.merge(p.t().key(), 1, Integer::sum);
                    }
                    first = false;
                }
            }
            perRow.add(pairs);
        }
        long matched = 0;
        long excluded = 0;
        long unmatched = 0;
        for (int r = 0; r < rows.size(); r++) {
            ScoringFile.Variant v = rows.get(r);
            List<Pair> pairs = perRow.get(r);
            if (pairs.isEmpty()) {
                unmatched++;
                log.add(new Candidate(r, v, null, null, false, false, false, false, false, false, true, "unmatched"));
                continue;
            }
            for (Pair p : pairs) {
                Target t = p.t();
                String type = MATCH_TYPES.get(p.type());
                boolean amb = Alleles.isStrandAmbiguous(t.ref(), t.alt());
                boolean dupId = p.best() && bestPerTarget.get(t.key()) > 1;
                boolean exclude =
                        (amb && !opt.keepAmbiguous()) || (t.multiallelic() && !opt.keepMultiallelic()) || dupId;
                boolean effectIsAlt = type.startsWith("alt") || type.startsWith("no_oa_alt");
                String status;
                if (!p.best()) {
                    status = "not_best";
                } else if (exclude) {
                    status = "excluded";
                    excluded++;
                } else {
                    status = "matched";
                    matched++;
                }
                log.add(new Candidate(
                        r,
                        v,
                        t,
                        type,
                        effectIsAlt,
                        amb,
                        type.endsWith("_flip"),
                        p.best(),
                        p.dupBest(),
                        dupId,
                        exclude,
                        status));
            }
        }
        return new FileMatch(file, log, rows.size(), matched, excluded, unmatched);
    }

    /** Percent with two decimals, as pgsc_calc's report. */
    static String percent(long count, long total) {
        return String.format(Locale.ROOT, "%.2f", total == 0 ? 0.0 : 100.0 * count / total);
    }
}
