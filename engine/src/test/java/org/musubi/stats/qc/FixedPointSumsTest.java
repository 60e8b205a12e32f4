package org.musubi.stats.qc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Fixed-point sums are the same whatever the order and grouping of the additions. */
class FixedPointSumsTest {
    @Test
    void orderAndMergesDoNotChangeTheSum() {
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[10_000];
        double exact = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() * 0.5;
            exact += x[i];
        }
        FixedPointSums one = new FixedPointSums(1);
        for (double v : x) {
            one.addFixed(0, FixedPointSums.fixed(v));
        }
        FixedPointSums merged = new FixedPointSums(1);
        for (int part = 7; part >= 0; part--) {
            FixedPointSums p = new FixedPointSums(1);
            for (int i = x.length - 1 - part; i >= 0; i -= 8) {
                p.addFixed(0, FixedPointSums.fixed(x[i]));
            }
            merged.merge(p);
        }
        assertThat(merged.value(0)).isEqualTo(one.value(0));
        assertThat(one.value(0)).isCloseTo(exact, within(1e-9));
    }

    /**
     * A value added to every sample but a few, kept as one total less the few's sums ({@link
     * FixedPointSums#addTotalLess}), gives each sample the sum of adding it to each: borrows between the two words
     * included (values up to just below 2), on top of what a sample had.
     */
    @Test
    void totalLessTheSkippedIsTheSumOfTheRest() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 50;
        FixedPointSums each = new FixedPointSums(n);
        FixedPointSums total = new FixedPointSums(1);
        FixedPointSums skipped = new FixedPointSums(n);
        FixedPointSums viaTotal = new FixedPointSums(n);
        for (int i = 0; i < n; i++) {
            long before = FixedPointSums.fixed(r.nextDouble());
            each.addFixed(i, before);
            viaTotal.addFixed(i, before);
        }
        for (int v = 0; v < 5000; v++) {
            double x = r.nextInt(4) == 0 ? Math.nextDown(2.0) - r.nextDouble() * 1e-12 : r.nextDouble() * 2;
            long f = FixedPointSums.fixed(x);
            total.addFixed(0, f);
            for (int i = 0; i < n; i++) {
                if (r.nextInt(i % 5 + 2) == 0) {
                    skipped.addFixed(i, f);
                } else {
                    each.addFixed(i, f);
                }
            }
        }
        viaTotal.addTotalLess(total, 0, skipped);
        for (int i = 0; i < n; i++) {
            assertThat(viaTotal.exact(i)).as("sample %d", i).isEqualTo(each.exact(i));
        }
        FixedPointSums tooMuch = new FixedPointSums(n);
        tooMuch.addFixed(3, FixedPointSums.fixed(1.5));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new FixedPointSums(n).addTotalLess(new FixedPointSums(1), 0, tooMuch))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample 3");
    }

    @Test
    void sexCheckCallsAsPlink() {
        SexCheck s = SexCheck.DEFAULT;
        assertThat(s.snpSex(0.81)).isEqualTo(1);
        assertThat(s.snpSex(0.8)).isZero();
        assertThat(s.snpSex(0.19)).isEqualTo(2);
        assertThat(s.snpSex(Double.NaN)).isZero();
        assertThat(s.ok(2, 0.1)).isTrue();
        assertThat(s.ok(1, 0.1)).isFalse();
        assertThat(s.ok(0, 0.1)).isFalse();
    }
}
