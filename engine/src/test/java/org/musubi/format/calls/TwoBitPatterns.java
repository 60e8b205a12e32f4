package org.musubi.format.calls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The vectors the codec tests run over: every N in {@link #SIZES} (around the 4-value byte and
 * 32-value word boundaries, up to 100,000) times every pattern (all-default for each value; one
 * exception at the first, middle and last index; random exceptions at fixed densities over three
 * backgrounds; uniform codes; runs). Seeds are fixed, so a failure names a reproducible vector.
 */
final class TwoBitPatterns {
    static final int[] SIZES = {0, 1, 2, 3, 4, 5, 31, 32, 33, 63, 64, 65, 100, 1000, 100_000};
    static final double[] DENSITIES = {0, 1e-5, 1e-3, 0.01, 0.1, 0.5, 1.0};

    /** One test vector; {@code values.length} is N. */
    record Pattern(String name, byte[] values) {
        int n() {
            return values.length;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Pattern> all;

    private TwoBitPatterns() {}

    /** All patterns, built once (about 40 per size). */
    static synchronized List<Pattern> all() {
        if (all == null) {
            List<Pattern> out = new ArrayList<>();
            for (int n : SIZES) {
                addPatterns(out, n);
            }
            all = List.copyOf(out);
        }
        return all;
    }

    private static void addPatterns(List<Pattern> out, int n) {
        for (int d = 0; d < 4; d++) {
            byte[] v = new byte[n];
            Arrays.fill(v, (byte) d);
            out.add(new Pattern("N=" + n + " all " + d, v));
        }
        if (n > 0) {
            int[][] backgroundAndValue = {{0, 1}, {0, 2}, {0, 3}, {2, 0}, {3, 1}};
            int[] positions = {0, n / 2, n - 1};
            String[] where = {"first", "middle", "last"};
            for (int[] bv : backgroundAndValue) {
                for (int p = 0; p < positions.length; p++) {
                    byte[] v = new byte[n];
                    Arrays.fill(v, (byte) bv[0]);
                    v[positions[p]] = (byte) bv[1];
                    out.add(new Pattern("N=" + n + " background " + bv[0] + " single " + bv[1] + " at " + where[p], v));
                }
            }
        }
        int seed = 0;
        for (int background : new int[] {0, 2, 3}) {
            for (double density : DENSITIES) {
                Random rnd = new Random(1_000_003L * n + 31L * seed++);
                byte[] v = new byte[n];
                for (int i = 0; i < n; i++) {
                    int x = background;
                    if (rnd.nextDouble() < density) {
                        x = (background + 1 + rnd.nextInt(3)) & 3;
                    }
                    v[i] = (byte) x;
                }
                out.add(new Pattern("N=" + n + " background " + background + " density " + density, v));
            }
        }
        Random rnd = new Random(7_000_001L * n + 1);
        byte[] uniform = new byte[n];
        for (int i = 0; i < n; i++) {
            uniform[i] = (byte) rnd.nextInt(4);
        }
        out.add(new Pattern("N=" + n + " uniform four codes", uniform));
        byte[] runs = new byte[n];
        for (int i = 0; i < n; ) {
            int len = 1 + (int) (-Math.log(1 - rnd.nextDouble()) * 20);
            byte x = (byte) rnd.nextInt(4);
            for (int end = Math.min(n, i + len); i < end; i++) {
                runs[i] = x;
            }
        }
        out.add(new Pattern("N=" + n + " runs", runs));
    }
}
