package org.musubi.prs.kernel;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.DosageCodec;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.TwoBitVector;
import org.musubi.format.calls.Varint;

/**
 * The PRS scoring kernel: per-sample sums of several scores at once (PLINK 2 {@code --score} semantics) over the
 * table's packed calls, fed one variant at a time and merged across tasks. Its memory is O(scores × samples),
 * independent of the number of variants; the sums are sample-major ({@code [sample × scores + score]}), so the
 * scores of one carrier are updated together. Used by {@code prs} (through {@code ScoreAccumulator} and
 * {@code PrsTableScan}); plain Java on primitive arrays, no per-variant objects.
 *
 * <p>A variant's weights come as a slice {@code [from, to)} of flat arrays (score index, effect allele is ALT,
 * weight, effect type: {@link #ADDITIVE}, {@link #DOMINANT}, {@link #RECESSIVE}). Per variant the effect-allele
 * frequency p̂ comes from the called genotypes (or non-missing dosages); with mean imputation a missing genotype
 * adds {@code w·f(2p̂)}, without it the sample's ALLELE_CT and DENOM shrink. Dominant rows use {@code f(d) =
 * min(d, 1)}, recessive {@code max(d − 1, 0)} (imputed dosages are transformed too). Genotype codes are read as
 * diploid.
 *
 * <p>Hard calls: a per-variant table gives, for each 2-bit code and each of the variant's weights, the score,
 * named-dosage and missing-count increments relative to the vector's default code (HOM_REF for DENSE rows). The
 * default code's value is added once per score (to a per-score base), and only the samples with another code are
 * touched: O(non-reference samples) on DENSE rows (all-HOM_REF words skipped), O(carriers) on SPARSE rows, whatever
 * their default. A variant is swept straight from the vector's bytes, whatever its number of weights ({@link
 * CallSweeps}: a DENSE row a byte of four samples at a time, a SPARSE row's gaps and values in one pass; with several
 * weights each sample's scores are updated together); only SPARSE rows whose default is MISSING (and malformed
 * vectors, for the reader's error) go through {@link CallsView}'s non-default samples. Both give every sample the
 * same additions in the same order (the same sums to the last bit). A one-weight DENSE row adds its score deltas
 * through a table by byte of four codes and its named dosages as ALT allele counts in 16-bit lanes (four samples in
 * a long, moved into the sums before they could overflow): integers, so the same sums. Calls can be read where a
 * Parquet page holds them ({@code calls[off, off + len)}, no copy per row). Dosage rows are read from the 16-bit
 * codes of the encoding directly (no decoded copy).
 */
public final class ScoreKernel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Effect types (the ordinals of the scoring file's {@code effect_type}). */
    public static final byte ADDITIVE = 0;

    public static final byte DOMINANT = 1;
    public static final byte RECESSIVE = 2;

    private static final double INV_SCALE = 1.0 / DosageCodec.SCALE;
    private static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private final int nScores;
    private final int n;
    private final boolean meanImpute;
    private final double[] base;
    private final double[] baseNamed;
    private final long[] baseMissing;
    private final long[] variants;
    /** [sample * nScores + score]; null until the first variant. */
    private double[] sum;

    private double[] named;
    private int[] missing;
    /**
     * One-weight DENSE rows' named dosages, not yet in {@link #named}: per byte of four samples and score a long of
     * four 16-bit counts ({@code [byte × scores + score]}, sample 4·byte + k in bits 16k..16k+15) of the ALT alleles
     * of rows whose effect allele is ALT ({@code lanesAlt}) and of those whose effect allele is REF ({@code
     * lanesRef}, subtracted): one addition per non-zero byte instead of four. Integers, so moving them into {@code
     * named} later gives the same sums to the last bit; moved before a count can reach 2^16, and before the sums are
     * merged, read or serialised.
     */
    private transient long[] lanesAlt;

    private transient long[] lanesRef;
    /** A one-weight DENSE row's deltas by byte of four codes ({@code CallSweeps.dense1}'s table). */
    private transient double[] byteTable;

    /** Rows added to the lanes since they were last moved into {@link #named}. */
    private transient int laneRows;

    private transient CallsView view;
    private transient int[] idx;
    private transient byte[] codes;
    private transient int[] counts;
    /** Per-variant tables: [code * weights + j]. */
    private transient double[] dSum;

    private transient double[] dNamed;

    /** The score of each of a variant's weights. */
    private transient int[] sc;

    public ScoreKernel(int nScores, int sampleCount, boolean meanImpute) {
        this.nScores = nScores;
        this.n = sampleCount;
        this.meanImpute = meanImpute;
        this.base = new double[nScores];
        this.baseNamed = new double[nScores];
        this.baseMissing = new long[nScores];
        this.variants = new long[nScores];
    }

    public int scoreCount() {
        return nScores;
    }

    public int sampleCount() {
        return n;
    }

    private void ensure() {
        if (sum == null) {
            sum = new double[nScores * n];
            named = new double[nScores * n];
            missing = new int[nScores * n];
        }
        if (view == null) {
            view = new CallsView();
            idx = new int[n];
            codes = new byte[n];
            counts = new int[4];
            dSum = new double[16];
            dNamed = new double[16];
            sc = new int[4];
        }
    }

    /** {@code f(d)} of an effect type. */
    public static double transform(byte type, double d) {
        return switch (type) {
            case DOMINANT -> Math.min(d, 1.0);
            case RECESSIVE -> Math.max(d - 1.0, 0.0);
            default -> d;
        };
    }

    /**
     * Adds one variant: its dosages when {@code dosage} is non-null, else its hard calls.
     *
     * @param calls the encoded calls (TwoBitVector)
     * @param dosage the encoded dosages, or null
     * @param score score index of each weight
     * @param effectIsAlt whether each weight's effect allele is the variant's ALT (else REF)
     * @param weight the weights
     * @param type the effect types
     * @param from first weight of this variant
     * @param to one past its last weight
     */
    public void add(
            byte[] calls,
            byte[] dosage,
            int[] score,
            boolean[] effectIsAlt,
            double[] weight,
            byte[] type,
            int from,
            int to) {
        add(calls, 0, calls == null ? 0 : calls.length, dosage, score, effectIsAlt, weight, type, from, to);
    }

    /**
     * {@link #add(byte[], byte[], int[], boolean[], double[], byte[], int, int)} of calls that lie in {@code
     * calls[off, off + len)} (a Parquet page's bytes, read where they are: no copy per row); not written to.
     */
    public void add(
            byte[] calls,
            int off,
            int len,
            byte[] dosage,
            int[] score,
            boolean[] effectIsAlt,
            double[] weight,
            byte[] type,
            int from,
            int to) {
        ensure();
        if (dosage != null) {
            addDosage(dosage, score, effectIsAlt, weight, type, from, to);
        } else {
            addCalls(calls, off, off + len, score, effectIsAlt, weight, type, from, to);
        }
    }

    /** A lane grows by at most 2 per row: moved into {@link #named} before it could pass 2^16 − 1. */
    private static final int MAX_LANE_ROWS = 32767;

    /** Moves the lanes' counts into {@link #named} and clears them. */
    private void flushLanes() {
        if (lanesAlt == null || laneRows == 0) {
            return;
        }
        long[] la = lanesAlt;
        long[] lr = lanesRef;
        double[] na = named;
        int ns = nScores;
        for (int b = 0; b < la.length; b++) {
            long a = la[b];
            long r = lr[b];
            if ((a | r) == 0) {
                continue;
            }
            la[b] = 0;
            lr[b] = 0;
            int i0 = (b / ns) << 2;
            int o = i0 * ns + b % ns;
            for (int k = 0; k < 4 && i0 + k < n; k++, o += ns) {
                int sh = k << 4;
                na[o] += (int) ((a >>> sh) & 0xFFFF) - (int) ((r >>> sh) & 0xFFFF);
            }
        }
        laneRows = 0;
    }

    private void writeObject(java.io.ObjectOutputStream o) throws java.io.IOException {
        flushLanes();
        o.defaultWriteObject();
    }

    /** Hard calls in {@code calls[off, end)}. */
    private void addCalls(
            byte[] calls,
            int off,
            int end,
            int[] score,
            boolean[] effectIsAlt,
            double[] weight,
            byte[] type,
            int from,
            int to) {
        int nw = to - from;
        int h = end == off ? 0xFF : calls[off] & 0xFF;
        boolean sparse = (h & 3) == TwoBitVector.SPARSE;
        int d = (h >>> 2) & 3;
        if (nw < 1 || h > 15 || (h & 3) > 1 || (sparse && d == GenotypeCode.MISSING) || (!sparse && d != 0)) {
            addCallsGeneral(calls, off, end, score, effectIsAlt, weight, type, from, to);
            return;
        }
        // a fused sweep of the bytes (CallSweeps), missing calls added once p̂ is known
        long r = Varint.readWithin(calls, off + 1, end);
        int p = Varint.next(r);
        if (Varint.value(r) != n) {
            addCallsGeneral(calls, off, end, score, effectIsAlt, weight, type, from, to); // the reader's error
            return;
        }
        if (sc.length < nw) {
            sc = new int[nw];
        }
        System.arraycopy(score, from, sc, 0, nw);
        int m;
        if (!sparse) {
            // the checks of CallsView.reset: the body ends where the vector does, its pad bits zero
            int body = (n + 3) >>> 2;
            if (end - p != body || ((n & 3) != 0 && ((calls[end - 1] & 0xFF) >>> ((n & 3) << 1)) != 0)) {
                addCallsGeneral(calls, off, end, score, effectIsAlt, weight, type, from, to); // the reader's error
                return;
            }
            tables(0, 0, score, effectIsAlt, weight, type, from, nw, false); // codes 0-2 do not depend on p̂
            if (nw == 1) { // the branch-free sweep adds every code's delta (MISSING's 0; missing calls come after it)
                if (lanesAlt == null) {
                    byteTable = new double[1024];
                    lanesAlt = new long[((n + 3) >>> 2) * nScores];
                    lanesRef = new long[lanesAlt.length];
                } else if (laneRows >= MAX_LANE_ROWS) {
                    flushLanes();
                }
                laneRows++;
                m = CallSweeps.dense1(
                        calls,
                        p,
                        n,
                        dSum,
                        byteTable,
                        sc[0],
                        sum,
                        effectIsAlt[from] ? lanesAlt : lanesRef,
                        nScores,
                        counts,
                        idx);
            } else {
                m = CallSweeps.dense(calls, p, n, dSum, dNamed, nw, sc, sum, named, nScores, counts, idx);
            }
            tables(pAlt(counts), 0, score, effectIsAlt, weight, type, from, nw, true);
        } else {
            r = Varint.readWithin(calls, p, end);
            int k = Varint.value(r);
            p = Varint.next(r);
            if (k < 0 || k > n || end - ((k + 3) >>> 2) < p + k) {
                addCallsGeneral(calls, off, end, score, effectIsAlt, weight, type, from, to); // the reader's error
                return;
            }
            if (nw == 1) {
                // p̂ first, from the exceptions' packed codes (no walk of the gaps): the sweep adds a missing call's
                // own value (what the loop below adds after it for several weights, to the same sums in the same
                // order), and the missing calls are left only their count
                CallSweeps.exceptionCodes(calls, end, k, counts);
                counts[d] += n - k;
                tables(pAlt(counts), d, score, effectIsAlt, weight, type, from, 1, true);
                m = CallSweeps.sparse(calls, p, end, k, n, d, dSum, dNamed, 1, sc, sum, named, nScores, counts, idx);
                int[] mc = missing;
                for (int q = 0, s = sc[0], ns = nScores; q < m; q++) {
                    mc[idx[q] * ns + s]++;
                }
                return;
            }
            tables(0, d, score, effectIsAlt, weight, type, from, nw, false); // codes 0-2 do not depend on p̂
            m = CallSweeps.sparse(calls, p, end, k, n, d, dSum, dNamed, nw, sc, sum, named, nScores, counts, idx);
            counts[d] += n - k;
            tables(pAlt(counts), d, score, effectIsAlt, weight, type, from, nw, true);
        }
        int t = GenotypeCode.MISSING * nw;
        for (int q = 0; q < m; q++) {
            int o = idx[q] * nScores;
            for (int j = 0; j < nw; j++) {
                int i = o + sc[j];
                sum[i] += dSum[t + j];
                named[i] += dNamed[t + j];
                missing[i]++;
            }
        }
    }

    /** p̂(ALT) from the code counts (0 when nothing is called). */
    private static double pAlt(int[] counts) {
        long called = (long) counts[0] + counts[1] + counts[2];
        return called == 0 ? 0 : (counts[1] + 2.0 * counts[2]) / (2.0 * called);
    }

    /**
     * The per-code tables of a variant's weights {@code from .. from+nw-1} ({@code dSum}/{@code dNamed}
     * {@code [code × nw + j]}: value and named dosage relative to the default code {@code d}'s), and with {@code
     * addBase} the default's value, named dosage and missing count added to the per-score bases and the variant
     * counted; without it (the tables of codes 0-2, made before p̂ is known) MISSING's row is 0.
     */
    private void tables(
            double pAlt,
            int d,
            int[] score,
            boolean[] effectIsAlt,
            double[] weight,
            byte[] type,
            int from,
            int nw,
            boolean addBase) {
        if (dSum.length < 4 * nw) {
            dSum = new double[4 * nw];
            dNamed = new double[4 * nw];
        }
        double[] ds = dSum;
        double[] dn = dNamed;
        for (int j = 0; j < nw; j++) {
            int x = from + j;
            int s = score[x];
            boolean ea = effectIsAlt[x];
            double w = weight[x];
            byte t = type[x];
            double pe = ea ? pAlt : 1 - pAlt;
            double dRef = ea ? 0 : 2;
            double dHom = ea ? 2 : 0;
            // value and named dosage of each code, then relative to the default code's
            double v0 = w * transform(t, dRef);
            double v1 = w * transform(t, 1);
            double v2 = w * transform(t, dHom);
            double v3 = meanImpute ? w * transform(t, 2 * pe) : 0;
            double vd = d == 0 ? v0 : d == 1 ? v1 : d == 2 ? v2 : v3;
            double nd = d == 0 ? dRef : d == 1 ? 1 : d == 2 ? dHom : 0;
            if (addBase) {
                base[s] += vd;
                baseNamed[s] += nd;
                if (d == GenotypeCode.MISSING) {
                    baseMissing[s]++;
                }
                variants[s]++;
            }
            ds[j] = v0 - vd;
            ds[nw + j] = v1 - vd;
            ds[2 * nw + j] = v2 - vd;
            // MISSING's: 0 before p̂ is known (the single-weight sweeps add it without a branch, then the caller
            // adds the missing calls' values from the second call's tables)
            ds[3 * nw + j] = addBase ? v3 - vd : 0;
            dn[j] = dRef - nd;
            dn[nw + j] = 1 - nd;
            dn[2 * nw + j] = dHom - nd;
            dn[3 * nw + j] = addBase ? -nd : 0;
        }
    }

    /** {@link #add} of hard calls through the general path alone (for the tests that compare the sweeps with it). */
    void addThroughView(
            byte[] calls, int[] score, boolean[] effectIsAlt, double[] weight, byte[] type, int from, int to) {
        ensure();
        addCallsGeneral(calls, 0, calls.length, score, effectIsAlt, weight, type, from, to);
    }

    /**
     * Any vector in {@code calls[off, end)} and any number of weights: through {@link CallsView}'s non-default
     * samples (a copy of the vector when it is part of a larger array: this path is rare).
     */
    private void addCallsGeneral(
            byte[] calls,
            int off,
            int end,
            int[] score,
            boolean[] effectIsAlt,
            double[] weight,
            byte[] type,
            int from,
            int to) {
        CallsView v = view.reset(off == 0 && end == calls.length ? calls : Arrays.copyOfRange(calls, off, end), n);
        v.codeCounts(counts);
        int d = v.defaultCode();
        int nw = to - from;
        tables(pAlt(counts), d, score, effectIsAlt, weight, type, from, nw, true);
        double[] ds = dSum;
        double[] dn = dNamed;
        int m = v.nonDefaultSamples(idx, codes);
        double[] su = sum;
        double[] na = named;
        int[] mi = missing;
        int[] ix = idx;
        byte[] cs = codes;
        int ns = nScores;
        int missIn = d == GenotypeCode.MISSING ? -1 : 0;
        if (nw == 1) {
            int s = score[from];
            for (int k = 0; k < m; k++) {
                int c = cs[k];
                int i = ix[k] * ns + s;
                su[i] += ds[c];
                na[i] += dn[c];
                if (c == GenotypeCode.MISSING) {
                    mi[i]++;
                } else {
                    mi[i] += missIn;
                }
            }
            return;
        }
        for (int k = 0; k < m; k++) {
            int c = cs[k];
            int o = ix[k] * ns;
            int t = c * nw;
            int dm = c == GenotypeCode.MISSING ? 1 : missIn;
            for (int j = 0; j < nw; j++) {
                int i = o + score[from + j];
                su[i] += ds[t + j];
                na[i] += dn[t + j];
                mi[i] += dm;
            }
        }
    }

    private void addDosage(
            byte[] dosage, int[] score, boolean[] effectIsAlt, double[] weight, byte[] type, int from, int to) {
        int p0 = DosageCodec.codesOffset(dosage, n);
        // the sum of the non-missing codes is exact in a long (each dosage is code / 2^14)
        long tot = 0;
        long called = 0;
        for (int i = 0, p = p0; i < n; i++, p += 2) {
            int c = (short) SHORT_LE.get(dosage, p) & 0xFFFF;
            if (c <= DosageCodec.MAX_CODE) {
                tot += c;
                called++;
            } else if (c != DosageCodec.MISSING) {
                DosageCodec.decodeCodes(dosage, n, new char[n]); // throws the codec's error for the bad code
            }
        }
        double pAlt = called == 0 ? 0 : (tot * INV_SCALE) / (2.0 * called);
        int nw = to - from;
        if (sc.length < nw) {
            sc = new int[nw];
        }
        if (dSum.length < 4 * nw) {
            dSum = new double[4 * nw];
            dNamed = new double[4 * nw];
        }
        // per weight: its score, weight, missing value, and (in dNamed) 1 when the effect allele is ALT, its type
        int[] ss = sc;
        double[] ws = dSum;
        double[] meta = dNamed;
        for (int j = 0; j < nw; j++) {
            int x = from + j;
            ss[j] = score[x];
            ws[j] = weight[x];
            double pe = effectIsAlt[x] ? pAlt : 1 - pAlt;
            ws[nw + j] = meanImpute ? weight[x] * transform(type[x], 2 * pe) : 0;
            meta[j] = effectIsAlt[x] ? 1 : 0;
            meta[nw + j] = type[x];
            variants[score[x]]++;
        }
        int ns = nScores;
        double[] su = sum;
        double[] na = named;
        int[] mi = missing;
        // sample-major: each sample's scores together, the weights of one sample in their order
        for (int i = 0, o = 0, p = p0; i < n; i++, o += ns, p += 2) {
            int c = (short) SHORT_LE.get(dosage, p) & 0xFFFF;
            if (c == DosageCodec.MISSING) {
                for (int j = 0; j < nw; j++) {
                    su[o + ss[j]] += ws[nw + j];
                    mi[o + ss[j]]++;
                }
                continue;
            }
            double dd = c * INV_SCALE;
            for (int j = 0; j < nw; j++) {
                double de = meta[j] != 0 ? dd : 2 - dd;
                byte t = (byte) meta[nw + j];
                double w = ws[j];
                su[o + ss[j]] += t == ADDITIVE ? w * de : w * transform(t, de);
                na[o + ss[j]] += de;
            }
        }
    }

    /** Adds {@code o} into this kernel's sums and returns this. */
    public ScoreKernel merge(ScoreKernel o) {
        if (o.nScores != nScores || o.n != n) {
            throw new IllegalArgumentException("score kernels of different shapes");
        }
        flushLanes();
        o.flushLanes();
        for (int s = 0; s < nScores; s++) {
            base[s] += o.base[s];
            baseNamed[s] += o.baseNamed[s];
            baseMissing[s] += o.baseMissing[s];
            variants[s] += o.variants[s];
        }
        if (o.sum != null) {
            if (sum == null) {
                sum = o.sum.clone();
                named = o.named.clone();
                missing = o.missing.clone();
            } else {
                double[] a = sum;
                double[] b = o.sum;
                double[] c = named;
                double[] e = o.named;
                int[] f = missing;
                int[] g = o.missing;
                for (int i = 0; i < a.length; i++) {
                    a[i] += b[i];
                    c[i] += e[i];
                    f[i] += g[i];
                }
            }
        }
        return this;
    }

    /** Variants scored for score {@code s}. */
    public long variants(int s) {
        return variants[s];
    }

    /** Score sum of score {@code s} for every sample, into {@code out[0..N)}. */
    public void sums(int s, double[] out) {
        for (int i = 0, o = s; i < n; i++, o += nScores) {
            out[i] = base[s] + (sum == null ? 0 : sum[o]);
        }
    }

    /** Named-allele dosage sum of score {@code s} for every sample, into {@code out[0..N)}. */
    public void namedDosages(int s, double[] out) {
        flushLanes();
        for (int i = 0, o = s; i < n; i++, o += nScores) {
            out[i] = baseNamed[s] + (named == null ? 0 : named[o]);
        }
    }

    /** Missing genotypes (or dosages) of score {@code s}'s variants for every sample, into {@code out[0..N)}. */
    public void missingCounts(int s, long[] out) {
        for (int i = 0, o = s; i < n; i++, o += nScores) {
            out[i] = baseMissing[s] + (missing == null ? 0 : missing[o]);
        }
    }

    public boolean meanImpute() {
        return meanImpute;
    }
}
