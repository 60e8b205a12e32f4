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
