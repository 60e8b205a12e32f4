package org.musubi.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musubi.testing.Fixtures;

/** The between-bank heterogeneity test and Hudson's Fst: hand-countable cases and SciPy on 300 random tables. */
class AlleleHeterogeneityTest {
    @Test
    void chiSquareByHand() {
        // [[10, 20], [20, 10]] as AC = (10, 20), AN = (30, 30): expected 15 everywhere, chi2 = 4 * 25/15 = 20/3
        AlleleHeterogeneity.Result r = AlleleHeterogeneity.test(new long[] {10, 20}, new long[] {30, 30}, 2);
        assertThat(r.method()).isEqualTo(AlleleHeterogeneity.Method.CHISQ);
        assertThat(r.chisq()).isCloseTo(20.0 / 3, within(1e-12));
        assertThat(r.df()).isEqualTo(1);
        // P(chi2_1 > 20/3) = erfc(sqrt(10/3)) = 0.009823274507519235 (R: pchisq(20/3, 1, lower = FALSE))
        assertThat(r.p()).isCloseTo(0.009823274507519235, within(1e-15));
    }

    @Test
    void fisherByHand() {
        // [[3, 1], [1, 3]]: tables with a = 0..4 have probabilities 1, 16, 36, 16, 1 (/70); the two-sided P sums
        // those no more probable than 16/70: (1 + 16 + 16 + 1) / 70 = 34/70 (R fisher.test gives 0.4857)
        assertThat(AlleleHeterogeneity.fisherExactP(3, 1, 1, 3)).isCloseTo(34.0 / 70, within(1e-14));
        AlleleHeterogeneity.Result r = AlleleHeterogeneity.test(new long[] {3, 1}, new long[] {4, 4}, 2);
        assertThat(r.method()).isEqualTo(AlleleHeterogeneity.Method.FISHER);
        assertThat(r.p()).isCloseTo(34.0 / 70, within(1e-14));
        assertThat(AlleleHeterogeneity.fisherExactP(0, 5, 5, 0)).isCloseTo(2.0 / 252, within(1e-15));
    }

    @Test
    void untestableTables() {
        // monomorphic across the groups, or one group with data
        assertThat(AlleleHeterogeneity.test(new long[] {0, 0, 0}, new long[] {10, 20, 30}, 3)
                        .method())
                .isEqualTo(AlleleHeterogeneity.Method.NONE);
        assertThat(AlleleHeterogeneity.test(new long[] {10, 20}, new long[] {10, 20}, 2)
                        .method())
                .isEqualTo(AlleleHeterogeneity.Method.NONE);
        AlleleHeterogeneity.Result one = AlleleHeterogeneity.test(new long[] {3, 0}, new long[] {10, 0}, 2);
        assertThat(one.method()).isEqualTo(AlleleHeterogeneity.Method.NONE);
        assertThat(one.groups()).isEqualTo(1);
        // a group with AN = 0 is left out: df counts the other two
        AlleleHeterogeneity.Result r = AlleleHeterogeneity.test(new long[] {10, 0, 20}, new long[] {30, 0, 30}, 3);
        assertThat(r.df()).isEqualTo(1);
        assertThat(r.chisq()).isCloseTo(20.0 / 3, within(1e-12));
    }

    /**
     * SciPy 1.17 ({@code chi2_contingency(correction=False)}, {@code fisher_exact}) on 300 random 2 x B tables,
     * B = 2..5, many with small counts (data/freq/merge_heterogeneity_oracle.py). Tolerances: the statistic is the
     * same sum in another order (relative 1e-12); chi-square P relative 1e-10 (Distributions is accurate to 2e-13,
     * SciPy's gammaincc to ~1e-14); Fisher P relative 1e-9 (log-gamma sums of terms up to ~1e5 lose ~1e-11
     * absolute in ln P each).
     */
    @Test
    void agreesWithScipyOnRandomTables() throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.resource("data/freq/heterogeneity.tables.tsv"));
        int fisher = 0;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            int b = Integer.parseInt(f[0]);
            long[] ac =
                    Arrays.stream(f[1].split(",")).mapToLong(Long::parseLong).toArray();
            long[] an =
                    Arrays.stream(f[2].split(",")).mapToLong(Long::parseLong).toArray();
            AlleleHeterogeneity.Result r = AlleleHeterogeneity.test(ac, an, b);
            int groups = (int) Arrays.stream(an).filter(n -> n > 0).count();
            assertThat(r.method().name().toLowerCase(java.util.Locale.ROOT))
                    .as(l)
                    .isEqualTo(f[3]);
            assertThat(r.chisq()).as(l).isCloseTo(Double.parseDouble(f[4]), within(1e-12 * Double.parseDouble(f[4])));
            assertThat(r.df()).as(l).isEqualTo(groups - 1).isEqualTo(Integer.parseInt(f[5]));
            double p = Double.parseDouble(f[6]);
            double tol = f[3].equals("fisher") ? 1e-9 : 1e-10;
            assertThat(r.p()).as(l).isCloseTo(p, within(tol * p + 1e-300));
            fisher += f[3].equals("fisher") ? 1 : 0;
        }
        assertThat(lines).hasSize(301);
        assertThat(fisher).isGreaterThan(10);
    }

    @Test
    void hudsonFstByHand() {
        // p1 = 5/10, p2 = 1/10: N = 0.4^2 - 0.25/9 - 0.09/9 = 0.16 - 0.34/9; D = 0.5*0.9 + 0.1*0.5 = 0.5
        HudsonFst f = new HudsonFst();
        assertThat(f.add(5, 10, 1, 10)).isTrue();
        assertThat(f.fst()).isCloseTo((0.16 - 0.34 / 9) / 0.5, within(1e-15));
        // a second variant, p1 = p2 = 1/2 with n = 4: N = -0.25/3 - 0.25/3, D = 0.5; ratio of the sums
        assertThat(f.add(2, 4, 2, 4)).isTrue();
        assertThat(f.fst()).isCloseTo((0.16 - 0.34 / 9 - 0.5 / 3) / 1.0, within(1e-15));
        // absent in both, fixed in both, or too few alleles: not counted
        assertThat(f.add(0, 10, 0, 10)).isFalse();
        assertThat(f.add(10, 10, 4, 4)).isFalse();
        assertThat(f.add(1, 1, 4, 10)).isFalse();
        assertThat(f.variants()).isEqualTo(2);
        HudsonFst g = new HudsonFst();
        g.add(5, 10, 1, 10);
        HudsonFst h = new HudsonFst();
        h.add(2, 4, 2, 4);
        assertThat(g.merge(h).fst()).isEqualTo(f.fst());
        assertThat(new HudsonFst().fst()).isNaN();
    }
}
