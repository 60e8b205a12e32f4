package org.musubi.prs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.musubi.format.Alleles;
import org.musubi.genome.Contig;

/**
 * {@link VariantMatcher} on columns ({@link MatchTargets}: sorted positions per contig, key numbers, ID chains)
 * against the object-per-row matcher it replaced ({@link #reference}: hash maps of {@code chr:pos} and ID strings,
 * best matches counted per {@code contig:pos:ref:alt} key), on random tables and scores with every edge case at
 * once: multi-allelic sites (several rows at one position), duplicate table rows (one key twice), strand-ambiguous
 * and flipped alleles, rows without other allele, rsID-only rows, one contig under two names ({@code chr2} and
 * {@code 2}), positions absent from the table, unusable rows; every option combination.
 */
class VariantMatcherColumnsTest {
    private static final String[] BASES = {"A", "C", "G", "T"};

    @Test
    void sameLogAsTheObjectMatcherOnRandomInput() throws Exception {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 30; trial++) {
            List<VariantMatcher.Target> targets = new ArrayList<>();
            String[] contigs = {"chr1", "chr2", "2", "chrX"};
            for (int i = 0; i < 300; i++) {
                String c = contigs[rnd.nextInt(contigs.length)];
                int pos = 100 + rnd.nextInt(150); // dense: many rows share a position
                String ref = allele(rnd);
                String alt = allele(rnd);
                if (alt.equals(ref)) {
                    alt = ref + "T";
                }
                targets.add(new VariantMatcher.Target(
                        c, pos, ref, alt, rnd.nextInt(4) == 0 ? null : "rs" + rnd.nextInt(200), rnd.nextInt(6) == 0));
                if (rnd.nextInt(20) == 0) {
                    targets.add(targets.get(targets.size() - 1)); // a duplicate table row
                }
            }
            StringBuilder text =
                    new StringBuilder("chr_name\tchr_position\trsID\teffect_allele\tother_allele\teffect_weight\n");
            for (int r = 0; r < 250; r++) {
                boolean byId = rnd.nextInt(5) == 0;
                String chr = byId ? "" : new String[] {"1", "2", "X", "3"}[rnd.nextInt(4)];
                String pos = byId ? "" : Integer.toString(90 + rnd.nextInt(170));
                String id = rnd.nextInt(3) == 0 || byId ? "rs" + rnd.nextInt(220) : "";
                String ea = rnd.nextInt(40) == 0 ? "HLA" : allele(rnd);
                String oa = rnd.nextInt(4) == 0 ? "" : allele(rnd);
                text.append(chr)
                        .append('\t')
                        .append(pos)
                        .append('\t')
                        .append(id)
                        .append('\t')
                        .append(ea)
                        .append('\t')
                        .append(oa)
                        .append('\t')
                        .append(rnd.nextGaussian())
                        .append('\n');
            }
            ScoringFile f = ScoringFile.read(
                    "t.txt", new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
            VariantMatcher.TargetIndex index = new VariantMatcher.TargetIndex(targets);
            for (int o = 0; o < 4; o++) {
                VariantMatcher.Options opt = new VariantMatcher.Options(o % 2 == 1, o >= 2, 0.75);
                VariantMatcher.FileMatch m = VariantMatcher.match(f, index, opt);
                List<VariantMatcher.Candidate> want = reference(f, targets, opt);
                assertThat(m.log()).as("trial %d, options %s", trial, opt).containsExactlyElementsOf(want);
                assertThat(m.matched())
                        .isEqualTo(want.stream()
                                .filter(c -> "matched".equals(c.status()))
                                .count());
                assertThat(m.excluded())
                        .isEqualTo(want.stream()
                                .filter(c -> "excluded".equals(c.status()))
                                .count());
                assertThat(m.unmatched())
                        .isEqualTo(want.stream().filter(c -> c.target() == null).count());
            }
        }
    }

    private static String allele(Random rnd) {
        return rnd.nextInt(8) == 0 ? BASES[rnd.nextInt(4)] + BASES[rnd.nextInt(4)] : BASES[rnd.nextInt(4)];
    }

    /** The matcher before it went to columns (its code, unchanged but for the index built inline). */
    static List<VariantMatcher.Candidate> reference(
            ScoringFile file, List<VariantMatcher.Target> targets, VariantMatcher.Options opt) {
        Map<String, List<VariantMatcher.Target>> byPos = new HashMap<>();
        Map<String, List<VariantMatcher.Target>> byId = new HashMap<>();
        for (VariantMatcher.Target t : targets) {
            byPos.computeIfAbsent(Contig.canonical(t.contig()) + ":" + t.pos(), k -> new ArrayList<>())
                    .add(t);
            if (t.id() != null) {
                byId.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(t);
            }
        }
        List<ScoringFile.Variant> rows = file.variants();
        record Pair(VariantMatcher.Target t, int type, boolean best, boolean dupBest) {}
        List<List<Pair>> perRow = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Map<String, Integer> bestPerTarget = new HashMap<>();
        for (ScoringFile.Variant v : rows) {
            List<VariantMatcher.Target> found = v.unusable() != null
                    ? List.of()
                    : (v.chr() != null ? byPos.get(v.chr() + ":" + v.pos()) : byId.get(v.rsId()));
            found = found == null ? List.of() : found;
            reasons.add(
                    v.unusable() != null
                            ? v.unusable()
                            : found.isEmpty() ? VariantMatcher.NOT_IN_TARGET : VariantMatcher.ALLELES_DIFFER);
            List<Pair> pairs = new ArrayList<>();
            int best = Integer.MAX_VALUE;
            int nBest = 0;
            for (VariantMatcher.Target t : found) {
                int type = VariantMatcher.matchType(v.effectAllele(), v.otherAllele(), t.ref(), t.alt());
                if (type < 0) {
                    continue;
                }
                pairs.add(new Pair(t, type, false, false));
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
                    pairs.set(i, new Pair(p.t(), p.type(), first, nBest > 1));
                    if (first) {
                        bestPerTarget.merge(p.t().key(), 1, Integer::sum);
                    }
                    first = false;
                }
            }
            perRow.add(pairs);
        }
        List<VariantMatcher.Candidate> log = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            ScoringFile.Variant v = rows.get(r);
            if (perRow.get(r).isEmpty()) {
                log.add(new VariantMatcher.Candidate(
                        r, v, null, null, false, false, false, false, false, false, true, "unmatched", reasons.get(r)));
                continue;
            }
            for (Pair p : perRow.get(r)) {
                VariantMatcher.Target t = p.t();
                String type = VariantMatcher.MATCH_TYPES.get(p.type());
                boolean amb = Alleles.isStrandAmbiguous(t.ref(), t.alt());
                boolean dupId = p.best() && bestPerTarget.get(t.key()) > 1;
                boolean exclude =
                        (amb && !opt.keepAmbiguous()) || (t.multiallelic() && !opt.keepMultiallelic()) || dupId;
                String status = !p.best() ? "not_best" : exclude ? "excluded" : "matched";
                log.add(new VariantMatcher.Candidate(
                        r,
                        v,
                        t,
                        type,
                        type.startsWith("alt") || type.startsWith("no_oa_alt"),
                        amb,
                        type.endsWith("_flip"),
                        p.best(),
                        p.dupBest(),
                        dupId,
                        exclude,
                        status,
                        null));
            }
        }
        return log;
    }
}
