package org.musubi.freq.count;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cache returns what the function computes, computes a cached key once, and keeps one key per slot. */
class PairCacheTest {
    private static double[] f(long key) {
        return new double[] {key * 0.5, -key};
    }

    @Test
    void hitsReturnTheCachedValuesAndMissesCompute() {
        PairCache c = new PairCache(4);
        AtomicLong calls = new AtomicLong();
        PairCache.Compute counted = k -> {
            calls.incrementAndGet();
            return f(k);
        };
        assertThat(c.get(7)).isNull();
        double[] first = c.get(7, counted);
        assertThat(first).containsExactly(3.5, -7.0);
        assertThat(c.get(7, counted)).containsExactly(first);
        assertThat(c.get(7)).containsExactly(first);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void theValuesGoIntoTheCallersArrayOnHitsAndMisses() {
        PairCache c = new PairCache(4);
        AtomicLong calls = new AtomicLong();
        PairCache.Compute counted = k -> {
            calls.incrementAndGet();
            return f(k);
        };
        double[] out = new double[2];
        assertThat(c.get(9, out)).isFalse();
        c.get(9, counted, out);
        assertThat(out).containsExactly(4.5, -9.0);
        out[0] = out[1] = 0;
        c.get(9, counted, out);
        assertThat(out).containsExactly(4.5, -9.0);
        out[0] = out[1] = 0;
        assertThat(c.get(9, out)).isTrue();
        assertThat(out).containsExactly(4.5, -9.0);
        assertThat(calls.get()).isEqualTo(1);
        // values kept bit for bit: -0.0, NaN, infinities
        PairCache.Compute odd = k -> new double[] {-0.0, k == 1 ? Double.NaN : Double.NEGATIVE_INFINITY};
        c.get(1, odd, out);
        assertThat(c.get(1, out)).isTrue();
        assertThat(Double.doubleToRawLongBits(out[0])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(out[1]).isNaN();
    }

    @Test
    void aKeyReplacesAnotherOfItsPair() {
        PairCache c = new PairCache(1); // two slots: among three keys two share one
        for (long k = 0; k < 3; k++) {
            c.get(k, PairCacheTest::f);
        }
        int present = 0;
        for (long k = 0; k < 3; k++) {
            double[] v = c.get(k);
            if (v != null) {
                assertThat(v).containsExactly(f(k));
                present++;
            }
        }
        assertThat(present).isBetween(1, 2);
        for (long k = 0; k < 1000; k++) { // whatever was evicted, the answer is right
            assertThat(c.get(k % 5, PairCacheTest::f)).containsExactly(f(k % 5));
        }
    }

    @Test
    void aPairOfSlotsHoldsTwoKeysWhateverTheirHashes() {
        PairCache c = new PairCache(1); // one pair: any two keys fit, a third replaces one of them
        AtomicLong calls = new AtomicLong();
        PairCache.Compute counted = k -> {
            calls.incrementAndGet();
            return f(k);
        };
        for (long a = 0; a < 20; a++) {
            for (long b = a + 1; b < 20; b++) {
                PairCache p = new PairCache(1);
                p.get(a, PairCacheTest::f);
                p.get(b, PairCacheTest::f);
                assertThat(p.get(a)).containsExactly(f(a));
                assertThat(p.get(b)).containsExactly(f(b));
            }
        }
        c.get(10, counted);
        c.get(11, counted);
        c.get(12, counted);
        int present = 0;
        for (long k = 10; k < 13; k++) {
            present += c.get(k) == null ? 0 : 1;
        }
        assertThat(present).isEqualTo(2);
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void threadsSharingOneCacheAlwaysGetTheValuesOfTheirKey() throws InterruptedException {
        PairCache c = new PairCache(6);
        List<Thread> threads = new ArrayList<>();
        AtomicLong wrong = new AtomicLong();
        for (int t = 0; t < 4; t++) {
            int seed = t;
            threads.add(new Thread(() -> {
                for (long i = 0; i < 200_000; i++) {
                    long k = (i * 31 + seed) % 500;
                    double[] v = c.get(k, PairCacheTest::f);
                    if (v[0] != k * 0.5 || v[1] != -k) {
                        wrong.incrementAndGet();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(wrong.get()).isZero();
    }

    @Test
    void writersRacingOnOnePairNeverMixOneKeysValuesWithAnothers() throws InterruptedException {
        // one pair of slots rewritten by every thread all the time: a reader must get its key's values or a miss
        PairCache c = new PairCache(1);
        List<Thread> threads = new ArrayList<>();
        AtomicLong wrong = new AtomicLong();
        for (int t = 0; t < 4; t++) {
            int seed = t;
            threads.add(new Thread(() -> {
                double[] out = new double[2];
                for (long i = 0; i < 300_000; i++) {
                    long k = (i * 7 + seed) % 64;
                    c.get(k, PairCacheTest::f, out);
                    if (out[0] != k * 0.5 || out[1] != -k) {
                        wrong.incrementAndGet();
                    }
                    if (c.get(k ^ 1, out) && (out[0] != (k ^ 1) * 0.5 || out[1] != -(k ^ 1))) {
                        wrong.incrementAndGet();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(wrong.get()).isZero();
    }

    @Test
    void refusesBadSizes() {
        assertThatThrownBy(() -> new PairCache(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PairCache(27)).isInstanceOf(IllegalArgumentException.class);
    }
}
