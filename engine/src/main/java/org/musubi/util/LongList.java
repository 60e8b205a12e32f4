package org.musubi.util;

import java.util.Arrays;

/**
 * A growable list of {@code long} values on one primitive array (no boxing): the columns that a job fills one row at a
 * time before it knows how many there are (prs: the candidate rows, the match targets, the matches of a scoring
 * file, the weights of each variant file). {@link IntList}, {@link LongList} and {@link DoubleList} are the same
 * class for three element types.
 */
public final class LongList {
    private long[] a;
    private int size;

    public LongList() {
        this(16);
    }

    /** An empty list with room for {@code capacity} values. */
    public LongList(int capacity) {
        a = new long[Math.max(1, capacity)];
    }

    /** Appends {@code v}. */
    public void add(long v) {
        if (size == a.length) {
            a = Arrays.copyOf(a, Math.max(2 * size, 16));
        }
        a[size++] = v;
    }

    /** The value at {@code i} (below {@link #size}). */
    public long get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " >= size " + size);
        }
        return a[i];
    }

    public int size() {
        return size;
    }

    /** Makes room for {@code more} further values. */
    public void reserve(int more) {
        if (size + more > a.length) {
            a = Arrays.copyOf(a, Math.max(size + more, 2 * a.length));
        }
    }

    /** The backing array (its first {@link #size} values are the list; not a copy: valid until the next add). */
    public long[] array() {
        return a;
    }

    /** The values as an array of exactly {@link #size} (a copy). */
    public long[] toArray() {
        return Arrays.copyOf(a, size);
    }
}
