package org.musubi.freq.count;

/**
 * A lossy, lock-free cache from a {@code long} key to a pair of doubles, for values that depend on a few counts
 * only and are costly to compute: freq's HWE P / mid-P ({@link HweMemo}, key: the genotype counts) and FAF95 / FAF99
 * ({@code FilterAlleleFrequency}, key: AC and AN). One instance is shared by every task of the JVM, so what one
 * task computed the next one finds.
 *
 * <p>Two-way: a key may sit in a pair of adjacent slots (its hash's slot and the other of the pair); a new key takes a
 * free one of its pair, else replaces the key in its hash's slot. Direct-mapped (one slot per key), a cache of 2^20
 * slots lost 3,500 of the 99,000 distinct FAF keys of the 20k × 250k bench's table to collisions, and at 2^18 slots
 * (HWE's before) 45,000 of its 120,000 HWE keys, computed again by every later job on that table (and 2,400 HWE tables
 * twice within one job); two ways at 2^20 slots lose 270 and 2,200. A slot holds an immutable entry published by a
 * plain array store: its final fields make the entry safe to read from any thread, and a racing reader sees either the
 * old entry, the new one or none (then it computes the value itself). No boxing, no locks, no resizing; a hit costs one
 * hash and one or two loads and compares (the pair shares a cache line). Pure Java.
 */
public final class PairCache {
    /** An entry: the key and its two values (as the compute function returned them). */
    private static final class Entry {
        final long key;
        final double[] values;

        Entry(long key, double[] values) {
            this.key = key;
            this.values = values;
        }
    }

    /** Computes the two values of a key (a pure function of the key). */
    @FunctionalInterface
    public interface Compute {
        double[] of(long key);
    }

    private final Entry[] slots;
    private final int shift;

    /** A cache of {@code 2^bits} slots (1 ≤ bits ≤ 26). */
    public PairCache(int bits) {
        if (bits < 1 || bits > 26) {
            throw new IllegalArgumentException("bits must be in 1..26, got " + bits);
        }
        this.slots = new Entry[1 << bits];
        this.shift = 64 - bits;
    }

    /** The slot of a key: the high bits of a multiplicative (Fibonacci) hash. */
    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    /** The cached values of {@code key}, or null when neither slot of its pair holds it. */
    public double[] get(long key) {
        int s = slot(key);
        Entry e = slots[s];
        if (e != null && e.key == key) {
            return e.values;
        }
        e = slots[s ^ 1];
        return e != null && e.key == key ? e.values : null;
    }

    /** The values of {@code key}: cached, or computed by {@code f} and cached. Do not modify the array returned. */
    public double[] get(long key, Compute f) {
        int s = slot(key);
        Entry e = slots[s];
        if (e != null && e.key == key) {
            return e.values;
        }
        Entry o = slots[s ^ 1];
        if (o != null && o.key == key) {
            return o.values;
        }
        double[] v = f.of(key);
        slots[e != null && o == null ? s ^ 1 : s] = new Entry(key, v);
        return v;
    }
}
