package org.musubi.prs.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.Varint;

/**
 * The sweeps of {@link ScoreKernel} over a TwoBitVector's bytes (layout: {@code org.musubi.format.calls} package
 * comment), fused: no sample index or code array in between, no second pass. A sweep adds, for every sample whose
 * code c is not the vector's default, the deltas of c for each of the variant's {@code nw} weights ({@code ds[c × nw
 * + j]}, {@code dn[c × nw + j]}) to its score and named-dosage sums at {@code [sample × ns + sc[j]]} (the kernel's
 * sample-major layout: one sample's scores are updated together). DENSE rows go a byte of four samples at a time
 * (all-zero 8-byte words skipped; with one weight a byte's four codes are added without a branch, the caller giving
 * the default HOM_REF and MISSING a delta of 0 for the sweep); SPARSE rows walk the gaps and the packed values
 * together (the values start at {@code length − ceil(K/4)}, where the vector ends). Missing calls are not given a
 * value here: their sample indices are returned for the caller to add once the variant's frequency is known.
 * Malformed input throws {@link IllegalArgumentException} (the reader's invariants: sample indices below N, gaps
 * ending where the values start, no exception equal to the default).
 */
final class CallSweeps {
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The low bit of each 2-bit field of a word. */
    private static final long LOW = 0x5555555555555555L;

    private CallSweeps() {}

    /**
     * A DENSE body of {@code n} codes at {@code off}, for a variant with {@code nw} weights on the scores {@code
     * sc[0..nw)}: adds to every non-HOM_REF sample's scores the row {@code [c × nw, (c+1) × nw)} of {@code ds} /
     * {@code dn} its code c picks, counts the codes into {@code counts} and writes the indices of the missing samples
     * into {@code miss}; each sample's scores are updated together. For two or more weights ({@link #dense1} takes a
     * row with one). The body's pad bits must be zero (the caller checks them).
     *
     * @return the number of missing samples written into {@code miss}
     */
    static int dense(
            byte[] calls,
            int off,
            int n,
            double[] ds,
            double[] dn,
            int nw,
            int[] sc,
            double[] su,
            double[] na,
            int ns,
            int[] counts,
            int[] miss) {
        int full = n >>> 2; // bytes holding four samples
        int m = 0;
        int b = 0;
        // codes counted by plane as TwoBitPacking.packedHistogram (low bit, high bit, both), on the non-zero words
        long c1 = 0;
        long c2 = 0;
        long c3 = 0;
        for (; b + 8 <= full; b += 8) {
            long w = (long) LONG_LE.get(calls, off + b);
            if (w == 0) {
                continue;
            }
            long lo = w & LOW;
            long hi = (w >>> 1) & LOW;
            int both = Long.bitCount(lo & hi);
            c1 += Long.bitCount(lo) - both;
            c2 += Long.bitCount(hi) - both;
            c3 += both;
            for (int k = 0; k < 8; k++) {
                int x = (int) (w >>> (k << 3)) & 0xFF;
                if (x != 0) {
                    m = addByteMulti(x, (b + k) << 2, 4, ds, dn, nw, sc, su, na, ns, miss, m);
                }
            }
        }
        int end = (n + 3) >>> 2; // the last byte's pad bits are zero: it counts as its codes alone
        for (; b < end; b++) {
            int x = calls[off + b] & 0xFF;
            if (x != 0) {
                int lo = x & 0x55;
                int hi = (x >>> 1) & 0x55;
                int both = Integer.bitCount(lo & hi);
                c1 += Integer.bitCount(lo) - both;
                c2 += Integer.bitCount(hi) - both;
                c3 += both;
                m = addByteMulti(x, b << 2, b < full ? 4 : n & 3, ds, dn, nw, sc, su, na, ns, miss, m);
            }
        }
        counts[1] = (int) c1;
        counts[2] = (int) c2;
        counts[3] = (int) c3;
        counts[0] = (int) (n - c1 - c2 - c3);
        return m;
    }

    /**
     * {@link #dense} of a row with one weight, on score {@code s}: the named dosages not added to {@code na} but as
     * the byte's ALT allele counts ({@link #ALT_LANES}) to {@code lanes[byte × ns + s]} (the kernel's 16-bit lanes,
     * four samples in a long).
     */
    static int dense1(
            byte[] calls,
            int off,
            int n,
            double[] ds,
            double[] table,
            int s,
            double[] su,
            long[] lanes,
            int ns,
            int[] counts,
            int[] miss) {
        int full = n >>> 2;
        int m = 0;
        int b = 0;
        long c1 = 0;
        long c2 = 0;
        long c3 = 0;
        // each byte's four deltas in a row of a table (the same values as ds[code]: no shift per sample)
        double[] byByte = byteTable(ds, table);
        for (; b + 8 <= full; b += 8) {
            long w = (long) LONG_LE.get(calls, off + b);
            if (w == 0) {
                continue;
            }
            long lo = w & LOW;
            long hi = (w >>> 1) & LOW;
            int both = Long.bitCount(lo & hi);
            c1 += Long.bitCount(lo) - both;
            c2 += Long.bitCount(hi) - both;
            c3 += both;
            for (int k = 0; k < 8; k++) {
                int x = (int) (w >>> (k << 3)) & 0xFF;
                int i0 = (b + k) << 2;
                int o = i0 * ns + s;
                int t = x << 2;
                su[o] += byByte[t];
                su[o + ns] += byByte[t + 1];
                su[o + 2 * ns] += byByte[t + 2];
                su[o + 3 * ns] += byByte[t + 3];
                lanes[(b + k) * ns + s] += ALT_LANES[x];
            }
            // missing calls, the word's samples in order: the set bits of lo & hi (code 3's low bits), bit 2j
            // being sample 4b + j
            for (long mm = lo & hi; mm != 0; mm &= mm - 1) {
                miss[m++] = (b << 2) + (Long.numberOfTrailingZeros(mm) >>> 1);
            }
        }
        int end = (n + 3) >>> 2;
        for (; b < end; b++) {
            int x = calls[off + b] & 0xFF;
            if (x != 0) {
                int lo = x & 0x55;
                int hi = (x >>> 1) & 0x55;
                int both = Integer.bitCount(lo & hi);
                c1 += Integer.bitCount(lo) - both;
                c2 += Integer.bitCount(hi) - both;
                c3 += both;
                int count = b < full ? 4 : n & 3;
                int i0 = b << 2;
                for (int k = 0, o = i0 * ns + s; k < count; k++, o += ns) {
                    su[o] += ds[(x >>> (k << 1)) & 3];
                }
                lanes[b * ns + s] += ALT_LANES[x];
                m = missing(x, i0, count, miss, m);
            }
        }
        counts[1] = (int) c1;
        counts[2] = (int) c2;
        counts[3] = (int) c3;
        counts[0] = (int) (n - c1 - c2 - c3);
        return m;
    }

    /** {@code table[4x + k]} = {@code ds[code k of byte x]} for the 256 bytes. */
    private static double[] byteTable(double[] ds, double[] table) {
        double[] t = table;
        for (int c3 = 0; c3 < 4; c3++) {
            for (int c2 = 0; c2 < 4; c2++) {
                for (int c1 = 0; c1 < 4; c1++) {
                    for (int c0 = 0; c0 < 4; c0++) {
                        int i = ((c3 << 6) | (c2 << 4) | (c1 << 2) | c0) << 2;
                        t[i] = ds[c0];
                        t[i + 1] = ds[c1];
                        t[i + 2] = ds[c2];
                        t[i + 3] = ds[c3];
                    }
                }
            }
        }
        return t;
    }

    /** Per byte of four codes: each sample's ALT allele count (HET 1, HOM_ALT 2, else 0) in its 16-bit lane. */
    private static final long[] ALT_LANES = new long[256];

    static {
        for (int x = 0; x < 256; x++) {
            long v = 0;
            for (int k = 0; k < 4; k++) {
                int c = (x >>> (k << 1)) & 3;
                v |= (long) (c == 1 ? 1 : c == 2 ? 2 : 0) << (k << 4);
            }
            ALT_LANES[x] = v;
        }
    }

    /** Writes the missing samples among the first {@code count} of byte {@code x} into {@code miss}. */
    private static int missing(int x, int i0, int count, int[] miss, int m) {
        for (int k = 0; k < count; k++) {
            if (((x >>> (k << 1)) & 3) == GenotypeCode.MISSING) {
                miss[m++] = i0 + k;
            }
        }
        return m;
    }

    /** The first {@code count} samples of byte {@code x}, sample {@code i0} first. */
    private static int addByteMulti(
            int x,
            int i0,
            int count,
            double[] ds,
            double[] dn,
            int nw,
            int[] sc,
            double[] su,
            double[] na,
            int ns,
            int[] miss,
            int m) {
        for (int k = 0; k < count; k++) {
            int c = (x >>> (k << 1)) & 3;
            if (c == GenotypeCode.MISSING) {
                miss[m++] = i0 + k;
            } else if (c != 0) {
                addMulti(c * nw, (i0 + k) * ns, ds, dn, nw, sc, su, na);
            }
        }
        return m;
    }

    /** Adds row {@code t} of the tables to the sample whose scores start at {@code o}. */
    private static void addMulti(int t, int o, double[] ds, double[] dn, int nw, int[] sc, double[] su, double[] na) {
        for (int j = 0; j < nw; j++) {
            int i = o + sc[j];
            su[i] += ds[t + j];
            na[i] += dn[t + j];
        }
    }

    /**
     * A SPARSE vector of {@code n} samples whose default {@code d} is not MISSING, ending at {@code end}, with its K
     * and the offset of its first gap, for a variant with {@code nw} weights (as {@link #dense}): adds the deltas of its exceptions that
     * are not missing, counts their codes into {@code counts} (the default's count not included) and writes the
     * indices of the missing ones into {@code miss}. With one weight ({@link #sparse1}) the caller has counted the
     * codes before ({@link #exceptionCodes}, for p̂), so {@code counts} is left as it is and the missing calls' deltas
     * are added too.
     *
     * @return the number of missing samples written into {@code miss}
     */
    static int sparse(
            byte[] calls,
            int gapsStart,
            int end,
            int k,
            int n,
            int d,
            double[] ds,
            double[] dn,
            int nw,
            int[] sc,
            double[] su,
            double[] na,
            int ns,
            int[] counts,
            int[] miss) {
        int values = end - ((k + 3) >>> 2);
        if (nw == 1) {
            return sparse1(calls, gapsStart, values, k, n, d, ds, dn, su, na, sc[0], ns, miss);
        }
        int p = gapsStart;
        int idx = -1;
        int m = 0;
        int c1 = 0;
        int c2 = 0;
        for (int j = 0; j < k; j++) {
            long r = Varint.readChecked(calls, p);
            idx += Varint.value(r) + 1;
            p = Varint.next(r);
            int c = (calls[values + (j >>> 2)] >>> ((j & 3) << 1)) & 3;
            if (idx >= n || idx < 0 || c == d) {
                throw badException(j, idx, n, d);
            }
            if (c == GenotypeCode.MISSING) {
                miss[m++] = idx;
                continue;
            }
            c1 += c & 1; // codes 0-2 counted without a branch (HOM_REF ones found at the end)
            c2 += c >>> 1;
            addMulti(c * nw, idx * ns, ds, dn, nw, sc, su, na);
        }
        return finish(p, values, k, m, c1, c2, counts);
    }

    /**
     * {@link #sparse} with one weight, on score {@code s}, without a branch per exception: a missing call is added
     * with MISSING's delta ({@code ds[3]}, {@code dn[3]}: the caller knows p̂ before the sweep, {@link
     * #exceptionCodes}) and its index written at once, kept when the code is MISSING (rare variants list most of
     * their missing calls among few carriers: a branch on the code is mispredicted often).
     */
    private static int sparse1(
            byte[] calls,
            int gapsStart,
            int values,
            int k,
            int n,
            int d,
            double[] ds,
            double[] dn,
            double[] su,
            double[] na,
            int s,
            int ns,
            int[] miss) {
        int p = gapsStart;
        int idx = -1;
        int m = 0;
        for (int j = 0; j < k; j++) {
            long r = Varint.readChecked(calls, p);
            idx += Varint.value(r) + 1;
            p = Varint.next(r);
            int c = (calls[values + (j >>> 2)] >>> ((j & 3) << 1)) & 3;
            if (idx >= n || idx < 0 || c == d) {
                throw badException(j, idx, n, d);
            }
            miss[m] = idx;
            m += c & (c >>> 1); // kept when the code is MISSING
            int o = idx * ns + s;
            su[o] += ds[c];
            na[o] += dn[c];
        }
        gapsEnd(p, values, k);
        return m;
    }

    /**
     * The codes of a SPARSE vector's {@code k} exceptions, counted from its packed values (the last {@code ceil(k/4)}
     * bytes before {@code end}; the last byte's unused fields ignored) without walking its gaps: {@code counts[c]} =
     * the number of exceptions with code c. The same counts as {@link #sparse}'s walk gives (before it adds the
     * default's), for a well-formed vector; a malformed one is refused by the walk.
     */
    static void exceptionCodes(byte[] calls, int end, int k, int[] counts) {
        int full = k >>> 2;
        int values = end - ((k + 3) >>> 2);
        int c1 = 0;
        int c2 = 0;
        int c3 = 0;
        int b = 0;
        for (; b + 8 <= full; b += 8) {
            long w = (long) LONG_LE.get(calls, values + b);
            long lo = w & LOW;
            long hi = (w >>> 1) & LOW;
            int both = Long.bitCount(lo & hi);
            c1 += Long.bitCount(lo) - both;
            c2 += Long.bitCount(hi) - both;
            c3 += both;
        }
        for (; b < full; b++) {
            int x = calls[values + b] & 0xFF;
            c1 += Integer.bitCount(x & ~(x >>> 1) & 0x55);
            c2 += Integer.bitCount((x >>> 1) & ~x & 0x55);
            c3 += Integer.bitCount(x & (x >>> 1) & 0x55);
        }
        if ((k & 3) != 0) {
            int x = calls[values + full] & ((1 << ((k & 3) << 1)) - 1);
            c1 += Integer.bitCount(x & ~(x >>> 1) & 0x55);
            c2 += Integer.bitCount((x >>> 1) & ~x & 0x55);
            c3 += Integer.bitCount(x & (x >>> 1) & 0x55);
        }
        counts[0] = k - c1 - c2 - c3;
        counts[1] = c1;
        counts[2] = c2;
        counts[3] = c3;
    }

    private static IllegalArgumentException badException(int j, int idx, int n, int d) {
        return new IllegalArgumentException(
                idx >= n || idx < 0
                        ? "exception " + j + " has sample index " + idx + ", past the last sample (N=" + n + ")"
                        : "exception " + j + " has value " + d + ", the default value");
    }

    /** A SPARSE walk's end: its gaps must end where the values start; the counts of its codes into {@code counts}. */
    private static int finish(int p, int values, int k, int m, int c1, int c2, int[] counts) {
        gapsEnd(p, values, k);
        counts[0] = k - m - c1 - c2;
        counts[1] = c1;
        counts[2] = c2;
        counts[3] = m;
        return m;
    }

    /** The gaps of K exceptions must end where their packed values start. */
    private static void gapsEnd(int p, int values, int k) {
        if (p != values) {
            throw new IllegalArgumentException("SPARSE gaps end at byte offset " + p + ", the packed values of K=" + k
                    + " exceptions start at " + values);
        }
    }
}
