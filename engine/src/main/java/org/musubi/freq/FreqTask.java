package org.musubi.freq;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.PloidyCode;
import org.musubi.freq.count.HweMemo;
import org.musubi.freq.count.StrataCounter;
import org.musubi.genome.Contig;
import org.musubi.genome.GenomeBuild;
import org.musubi.release.ReleaseGate;

/**
 * One task's work: count every stratum of each variant ({@link StrataCounter} on the packed calls, or the table's
 * stored counts for "all" where they are the answer) into {@link AlleleCountAccumulator}s, then HWE (all samples,
 * diploid calls), FAF and grpmax (both memoised per JVM). Emits one row per variant and
 * stratum ({@link #SCHEMA}); the per-variant fields (HWE, grpmax, fafmax) are set on the "all" row only.
 */
final class FreqTask {
    static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("contig", DataTypes.StringType, false),
        DataTypes.createStructField("pos", DataTypes.IntegerType, false),
        DataTypes.createStructField("id", DataTypes.StringType, true),
        DataTypes.createStructField("ref", DataTypes.StringType, false),
        DataTypes.createStructField("alt", DataTypes.StringType, false),
        DataTypes.createStructField("alt_index", DataTypes.IntegerType, false),
        DataTypes.createStructField("stratum_index", DataTypes.IntegerType, false),
        DataTypes.createStructField("stratum", DataTypes.StringType, false),
        DataTypes.createStructField("population", DataTypes.StringType, true),
        DataTypes.createStructField("sex", DataTypes.StringType, true),
        DataTypes.createStructField("ac", DataTypes.LongType, true),
        DataTypes.createStructField("an", DataTypes.LongType, true),
        DataTypes.createStructField("af", DataTypes.DoubleType, true),
        DataTypes.createStructField("nhomalt", DataTypes.LongType, true),
        DataTypes.createStructField("nhemialt", DataTypes.LongType, true),
        DataTypes.createStructField("n_called", DataTypes.LongType, true),
        DataTypes.createStructField("n_het", DataTypes.LongType, true),
        DataTypes.createStructField("n_homref", DataTypes.LongType, true),
        DataTypes.createStructField("faf95", DataTypes.DoubleType, true),
        DataTypes.createStructField("faf99", DataTypes.DoubleType, true),
        DataTypes.createStructField("hwe_p", DataTypes.DoubleType, true),
        DataTypes.createStructField("hwe_midp", DataTypes.DoubleType, true),
        DataTypes.createStructField("grpmax", DataTypes.StringType, true),
        DataTypes.createStructField("fafmax_faf95_max", DataTypes.DoubleType, true),
        DataTypes.createStructField("fafmax_faf95_max_gen_anc", DataTypes.StringType, true)
    });

    static final int I_CONTIG = SCHEMA.fieldIndex("contig");
    static final int I_POS = SCHEMA.fieldIndex("pos");
    static final int I_ID = SCHEMA.fieldIndex("id");
    static final int I_REF = SCHEMA.fieldIndex("ref");
    static final int I_ALT = SCHEMA.fieldIndex("alt");
    static final int I_ALT_INDEX = SCHEMA.fieldIndex("alt_index");
    static final int I_STRATUM_INDEX = SCHEMA.fieldIndex("stratum_index");
    static final int I_AC = SCHEMA.fieldIndex("ac");
    static final int I_AN = SCHEMA.fieldIndex("an");
    static final int I_AF = SCHEMA.fieldIndex("af");
    static final int I_NHOMALT = SCHEMA.fieldIndex("nhomalt");
    static final int I_NHEMIALT = SCHEMA.fieldIndex("nhemialt");
    static final int I_FAF95 = SCHEMA.fieldIndex("faf95");
    static final int I_FAF99 = SCHEMA.fieldIndex("faf99");
    static final int I_HWE_P = SCHEMA.fieldIndex("hwe_p");
    static final int I_HWE_MIDP = SCHEMA.fieldIndex("hwe_midp");
    static final int I_GRPMAX = SCHEMA.fieldIndex("grpmax");
    static final int I_FAFMAX = SCHEMA.fieldIndex("fafmax_faf95_max");
    static final int I_FAFMAX_GEN_ANC = SCHEMA.fieldIndex("fafmax_faf95_max_gen_anc");

    private final FreqDesign d;
    private final CallsView view = new CallsView();
    private final AlleleCountAccumulator[] acc;
    private final StrataCounter counter;
    /** [site class]: every sample expected diploid and none excluded (the "all" stratum is the stored counts). */
    private final boolean[] storedOk = new boolean[3];
    /** [stratum][cell]: the {@link StrataCounter} histograms of the current variant. */
    private final long[][] hist;
    /** [metric][stratum] all false: nothing hidden (no release gate); never written. */
    private final boolean[][] noneHidden;
    /** The contig of the last variant (by identity) and its site class apart from X's PARs: a file's rows share one. */
    private String lastContig;

    private boolean lastIsX;
    private boolean lastIsY;

    /** The FAF and HWE memos' answer of the current lookup (no array per variant). */
    private final double[] pair = new double[2];

    FreqTask(FreqDesign design) {
        this.d = design;
        int n = design.sampleCount;
        int m = design.strata.size();
        this.acc = new AlleleCountAccumulator[m];
        for (int k = 0; k < m; k++) {
            acc[k] = new AlleleCountAccumulator();
        }
        byte[][] expected = new byte[3][n];
        for (int i = 0; i < n; i++) {
            expected[StrataCounter.AUTOSOMAL][i] =
                    (byte) AlleleCountAccumulator.expectedPloidy(design.sex[i], false, false);
            expected[StrataCounter.X_NON_PAR][i] =
                    (byte) AlleleCountAccumulator.expectedPloidy(design.sex[i], true, false);
            expected[StrataCounter.Y][i] = (byte) AlleleCountAccumulator.expectedPloidy(design.sex[i], false, true);
        }
        this.counter = new StrataCounter(n, m, design.sampleStrata, design.excluded, expected);
        for (int c = 0; c < 3; c++) {
            storedOk[c] = counter.allDiploid(c);
        }
        this.hist = new long[m][StrataCounter.CELLS];
        this.noneHidden = new boolean[9][m];
    }

    /**
     * Whether the rows of {@code contig} that have no ploidy codes need their calls: for strata other than "all",
     * or where a sample is excluded or not expected diploid. Otherwise the stored counts are the whole answer.
     */
    boolean needsCalls(String contig) {
        if (acc.length > 1) {
            return true;
        }
        if (Contig.isY(contig)) {
            return !storedOk[StrataCounter.Y];
        }
        if (Contig.isX(contig)) {
            return !storedOk[StrataCounter.AUTOSOMAL] || !storedOk[StrataCounter.X_NON_PAR];
        }
        return !storedOk[StrataCounter.AUTOSOMAL];
    }

    /** Input columns: contig, pos, id, ref, alt, alt_index, calls, ploidy. */
    Iterator<Row> run(Iterator<Row> in) {
        List<Row> out = new ArrayList<>();
        while (in.hasNext()) {
            Row r = in.next();
            count(
                    r.getString(0),
                    r.getInt(1),
                    r.isNullAt(2) ? null : r.getString(2),
                    r.getString(3),
                    r.getString(4),
                    r.getInt(5),
                    (byte[]) r.get(6),
                    r.isNullAt(7) ? null : (byte[]) r.get(7),
                    null,
                    out);
        }
        return out.iterator();
    }

    /** Counts every stratum of one variant from its calls (ploidy null: all calls diploid-coded). */
    void count(
            String contig,
            int pos,
            String id,
            String ref,
            String alt,
            int altIndex,
            byte[] callsEnc,
            byte[] ploidyEnc,
            List<Row> out) {
        count(contig, pos, id, ref, alt, altIndex, callsEnc, ploidyEnc, null, out);
    }

    /**
     * Counts every stratum of one variant (ploidy null: all calls diploid-coded) and appends its rows to out.
     *
     * @param callsEnc the calls; may be null when {@code stored} is given, the row has no ploidy codes and {@link
     *     #needsCalls} is false for the contig
     * @param stored the table's stored {@code n_called, n_het, n_hom_alt} of the row, or null (then the calls count)
     */
    void count(
            String contig,
            int pos,
            String id,
            String ref,
            String alt,
            int altIndex,
            byte[] callsEnc,
            byte[] ploidyEnc,
            long[] stored,
            List<Row> out) {
        int n = d.sampleCount;
        if (contig != lastContig) {
            lastIsX = Contig.isX(contig);
            lastIsY = Contig.isY(contig);
            lastContig = contig;
        }
        boolean xNonPar = lastIsX && GenomeBuild.isXNonPar(contig, pos, d.build);
        boolean y = lastIsY;
        int cls = y ? StrataCounter.Y : xNonPar ? StrataCounter.X_NON_PAR : StrataCounter.AUTOSOMAL;
        for (AlleleCountAccumulator a : acc) {
            a.clear();
        }
        boolean fromStored = stored != null && ploidyEnc == null && storedOk[cls];
        if (fromStored) {
            // every sample diploid, none excluded: the stored counts are stratum "all"
            acc[0].add(GenotypeCode.HOM_REF, PloidyCode.DIPLOID, 2, stored[0] - stored[1] - stored[2]);
            acc[0].add(GenotypeCode.HET, PloidyCode.DIPLOID, 2, stored[1]);
            acc[0].add(GenotypeCode.HOM_ALT, PloidyCode.DIPLOID, 2, stored[2]);
        }
        if (!fromStored || acc.length > 1) {
            view.reset(callsEnc, n);
            counter.count(cls, view, ploidyEnc, !fromStored, hist);
            for (int k = fromStored ? 1 : 0; k < acc.length; k++) {
                long[] h = hist[k];
                for (int c = 0; c < StrataCounter.CELLS; c++) {
                    if (h[c] != 0) {
                        acc[k].add(c & 3, (c >>> 2) & 3, (c >>> 4) + 1, h[c]);
                    }
                }
            }
        }
        int m = acc.length;
        AlleleCountAccumulator.Result[] res = new AlleleCountAccumulator.Result[m];
        for (int k = 0; k < m; k++) {
            res[k] = acc[k].result();
        }
        long[] hw = acc[0].diploidCounts();
        // The release gate: [metric][stratum] hidden. Metrics: ac, an, nhomalt, nhemialt, n_called, n_het, n_homref,
        // an - ac (hides ac), and the HWE genotype counts of "all" (hide the HWE P).
        boolean[][] hide = noneHidden;
        if (d.k > 0) {
            long[][] c = new long[9][m];
            long[] samples = new long[m];
            for (int k = 0; k < m; k++) {
                AlleleCountAccumulator.Result x = res[k];
                c[0][k] = x.ac();
                c[1][k] = x.an();
                c[2][k] = x.nhomalt();
                c[3][k] = x.nhemialt();
                c[4][k] = x.nCalled();
                c[5][k] = x.nHet();
                c[6][k] = x.nHomRef();
                c[7][k] = x.an() - x.ac();
                c[8][k] = k == 0 ? minPositive(hw) : 0;
                samples[k] = d.strata.get(k).samples();
            }
            hide = ReleaseGate.hidden(c, samples, d.partitions, d.k);
        }
        Long[][] shown = new Long[7][m];
        Double[] af = new Double[m];
        Double[] f95 = new Double[m];
        Double[] f99 = new Double[m];
        for (int k = 0; k < m; k++) {
            AlleleCountAccumulator.Result x = res[k];
            long[] v = {x.ac(), x.an(), x.nhomalt(), x.nhemialt(), x.nCalled(), x.nHet(), x.nHomRef()};
            for (int i = 0; i < 7; i++) {
                shown[i][k] = hide[i][k] ? null : v[i];
            }
            if (hide[7][k]) {
                shown[0][k] = null;
            }
            if (shown[0][k] != null && shown[1][k] != null) {
                af[k] = x.an() == 0 ? null : x.af();
                FilterAlleleFrequency.faf95And99(x.ac(), x.an(), pair);
                f95[k] = pair[0];
                f99[k] = pair[1];
            }
        }
        FreqDesign.GroupMax gm = d.groupMax(af, f95, shown);
        Double hweP = null;
        Double hweMidP = null;
        if (hw[0] + hw[1] + hw[2] > 0 && !hide[8][0]) {
            HweMemo.pAndMidP(hw[0], hw[1], hw[2], pair);
            hweP = pair[0];
            hweMidP = pair[1];
        }
        Integer boxedPos = pos; // one box for the variant's rows
        for (int k = 0; k < m; k++) {
            FreqDesign.Stratum s = d.strata.get(k);
            boolean all = k == 0;
            out.add(RowFactory.create(
                    contig,
                    boxedPos,
                    id,
                    ref,
                    alt,
                    altIndex,
                    k,
                    s.name(),
                    s.population(),
                    s.sex(),
                    shown[0][k],
                    shown[1][k],
                    af[k],
                    shown[2][k],
                    shown[3][k],
                    shown[4][k],
                    shown[5][k],
                    shown[6][k],
                    f95[k],
                    f99[k],
                    all ? hweP : null,
                    all ? hweMidP : null,
                    all ? gm.grpmax() : null,
                    all ? gm.fafmax() : null,
                    all ? gm.fafmaxGroup() : null));
        }
    }

    /** The smallest positive of the counts (0 if none): one small genotype class hides the HWE P. */
    private static long minPositive(long[] c) {
        long min = 0;
        for (long v : c) {
            if (v > 0 && (min == 0 || v < min)) {
                min = v;
            }
        }
        return min;
    }
}
