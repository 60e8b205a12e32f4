package org.musubi.freq.count;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
 * twice within one job); two ways at 2^20 slots lose 270 and 2,200.
 *
 * <p>Inline: a slot is four longs of one array — a version, the key and the two values' bits — so that a pair of
 * slots is 64 contiguous bytes and a lookup costs one or two cache misses (an entry object and its value array behind
 * a reference, as before, cost three dependent misses: the slot, the entry, the array; at 2^20 slots the cache is far
 * larger than the CPU's caches, so every lookup of a warm job missed them). A slot is read as a sequence lock: a
 * writer claims it by moving its version from even to odd (compare-and-set; a slot being written by another thread is
 * left alone: the cache is lossy), writes key and values, and publishes the next even version with release
 * semantics; a reader takes the values only if the version, read before (acquire) and after (behind a load fence)
 * the key and values, is the same even number, so it never sees the key of one write with the values of another.
 * Version 0 marks an empty slot. No boxing, no locks, no resizing, no allocation on a hit. Pure Java.
 */
public final class PairCache {
    /** Computes the two values of a key (a pure function of the key). */
    @FunctionalInterface
    public interface Compute {
        double[] of(long key);
    }

    private static final VarHandle AT = MethodHandles.arrayElementVarHandle(long[].class);

    /** Longs per slot: version, key, bits of value 0, bits of value 1. */
    private static final int W = 4;

    private final long[] t;
    private final int shift;

    /** A cache of {@code 2^bits} slots (1 ≤ bits ≤ 26). */
    public PairCache(int bits) {
        if (bits < 1 || bits > 26) {
            throw new IllegalArgumentException("bits must be in 1..26, got " + bits);
        }
        this.t = new long[W << bits];
        this.shift = 64 - bits;
    }

    /** The slot of a key: the high bits of a multiplicative (Fibonacci) hash. */
    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    /** The cached values of {@code key} (a new array), or null when neither slot of its pair holds it. */
    public double[] get(long key) {
        double[] out = new double[2];
        return get(key, out) ? out : null;
    }

    /** Whether a slot of its pair holds {@code key}; if so its values are in {@code out[0]}, {@code out[1]}. */
    public boolean get(long key, double[] out) {
        int s = slot(key);
        return read(s * W, key, out) || read((s ^ 1) * W, key, out);
    }

    /** The values of {@code key}: cached, or computed by {@code f} and cached (a new array). */
    public double[] get(long key, Compute f) {
        double[] out = new double[2];
        get(key, f, out);
        return out;
    }

    /** The values of {@code key} into {@code out[0]}, {@code out[1]}: cached, or computed by {@code f} and cached. */
    public void get(long key, Compute f, double[] out) {
        int s = slot(key);
        int a = s * W;
        int b = (s ^ 1) * W;
        if (read(a, key, out) || read(b, key, out)) {
            return;
        }
        double[] v = f.of(key);
        out[0] = v[0];
        out[1] = v[1];
        // the other slot of the pair when this one is taken and that one empty, else this one
        write((long) AT.getAcquire(t, a) != 0 && (long) AT.getAcquire(t, b) == 0 ? b : a, key, v[0], v[1]);
    }

    /** Reads the slot at {@code i} if it holds {@code key} (a consistent, published write): values to out. */
    private boolean read(int i, long key, double[] out) {
        long v = (long) AT.getAcquire(t, i);
        if (v == 0 || (v & 1) != 0 || t[i + 1] != key) {
            return false;
        }
        long x = t[i + 2];
        long y = t[i + 3];
        VarHandle.loadLoadFence();
        if (t[i] != v) {
            return false; // rewritten while read
        }
        out[0] = Double.longBitsToDouble(x);
        out[1] = Double.longBitsToDouble(y);
        return true;
    }

    /** Writes the slot at {@code i} unless another thread is writing it. */
    private void write(int i, long key, double x, double y) {
        long v = (long) AT.getAcquire(t, i);
        if ((v & 1) != 0 || !AT.compareAndSet(t, i, v, v + 1)) {
            return;
        }
        t[i + 1] = key;
        t[i + 2] = Double.doubleToRawLongBits(x);
        t[i + 3] = Double.doubleToRawLongBits(y);
        AT.setRelease(t, i, v + 2);
    }
}
