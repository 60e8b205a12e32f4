package org.musubi.freq;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.musubi.error.MusubiUserException;
import org.musubi.release.ReleaseGate;
import org.musubi.stats.AlleleHeterogeneity;

/**
 * One task's work in {@code freq-merge}: each input row is one variant with the stratum rows of every bank that
 * has it; each output row is one variant and merged stratum ({@link #schema}).
 *
 * <p>Rules (../shared/SPECS.md §5.2):
 *
 * <ul>
 *   <li>Counts add up: AC, AN, nhomalt, nhemialt, n_called, n_het, n_homref are sums over the banks. AF and the FAF
 *       are recomputed from the merged AC and AN (never from the banks' AFs or FAFs).
 *   <li>A bank that suppressed a count contributes nothing to it and the merged cell is {@code partial}. AC and AN
 *       go together: a bank adds to them only when it released both, so AF = AC/AN stays a frequency over the same
 *       alleles.
 *   <li>A bank whose output lacks the variant did not observe it: it has no AN there, it is not counted as AN = 0
 *       and does not make the cell partial; {@code n_banks} says how many banks have the variant.
 *   <li>A bank without a stratum (no samples of that population) adds nothing to it.
 *   <li>The merged counts go through the release gate again ({@link ReleaseGate}, the merged k, complementary
 *       suppression over the merged strata).
 *   <li>The per-bank columns ({@code AC_<bank>}, {@code AN_<bank>}, {@code AF_<bank>}) are the bank's released
 *       values, gated again at the merged k (a count 0 < c < k is hidden, with the AF). The heterogeneity test
 *       ({@link AlleleHeterogeneity}, on the "all" row) uses exactly these shown per-bank counts.
 *   <li>HWE is not merged: a test on the pooled genotype counts of differentiated banks measures the Wahlund effect,
 *       not a departure from HWE within a bank, and the banks' P values cannot be combined into the pooled one.
 * </ul>
 */
final class FreqMergeTask {
    /** Input struct fields, in order. */
    static final List<String> BANK_FIELDS =
            List.of("bank", "stratum", "id", "ac", "an", "nhomalt", "nhemialt", "n_called", "n_het", "n_homref");

    /** The counts merged, in {@link #BANK_FIELDS} order from index 3. */
    static final int COUNTS = 7;

    /** What the task needs: broadcast from the driver. */
    record Spec(FreqDesign design, List<String> bankKeys) implements Serializable {}

    static StructType schema(List<String> bankKeys) {
        List<StructField> f = new ArrayList<>(List.of(
                DataTypes.createStructField("contig", DataTypes.StringType, false),
                DataTypes.createStructField("pos", DataTypes.IntegerType, false),
                DataTypes.createStructField("id", DataTypes.StringType, true),
                DataTypes.createStructField("ref", DataTypes.StringType, false),
                DataTypes.createStructField("alt", DataTypes.StringType, false),
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
                DataTypes.createStructField("partial", DataTypes.BooleanType, false),
                DataTypes.createStructField("n_banks", DataTypes.IntegerType, false),
                DataTypes.createStructField("grpmax", DataTypes.StringType, true),
                DataTypes.createStructField("fafmax_faf95_max", DataTypes.DoubleType, true),
                DataTypes.createStructField("fafmax_faf95_max_gen_anc", DataTypes.StringType, true),
                DataTypes.createStructField("het_test", DataTypes.StringType, true),
                DataTypes.createStructField("het_banks", DataTypes.IntegerType, true),
                DataTypes.createStructField("het_chisq", DataTypes.DoubleType, true),
                DataTypes.createStructField("het_df", DataTypes.IntegerType, true),
                DataTypes.createStructField("het_p", DataTypes.DoubleType, true)));
        for (String b : bankKeys) {
            f.add(DataTypes.createStructField("AC_" + b, DataTypes.LongType, true));
            f.add(DataTypes.createStructField("AN_" + b, DataTypes.LongType, true));
            f.add(DataTypes.createStructField("AF_" + b, DataTypes.DoubleType, true));
        }
        return new StructType(f.toArray(new StructField[0]));
    }

    private final FreqDesign d;
    private final List<String> bankKeys;
    private final StructType rowSchema;
    private final Map<String, Integer> stratumIndex = new HashMap<>();

    FreqMergeTask(Spec spec) {
        this.d = spec.design();
        this.bankKeys = spec.bankKeys();
        this.rowSchema = schema(bankKeys);
        for (int k = 0; k < d.strata.size(); k++) {
            stratumIndex.put(d.strata.get(k).name(), k);
        }
    }

    /** Input columns: contig, pos, ref, alt, banks (array of {@link #BANK_FIELDS} structs). */
    Iterator<Row> run(Iterator<Row> in) {
        List<Row> out = new ArrayList<>();
        while (in.hasNext()) {
            merge(in.next(), out);
        }
        return out.iterator();
    }

    private void merge(Row r, List<Row> out) {
        merge(r.getString(0), r.getInt(1), r.getString(2), r.getString(3), r.getList(4), out);
    }

    /** Merges one variant: {@code rows} are its stratum rows of every bank, as {@link #BANK_FIELDS} structs. */
    void merge(String contig, int pos, String ref, String alt, List<Row> rows, List<Row> out) {
        int m = d.strata.size();
        int banks = bankKeys.size();
        // bank values as released: [bank][stratum][count], null = suppressed or no such stratum in the bank
        Long[][][] v = new Long[banks][m][];
        boolean[] present = new boolean[banks];
        String[] ids = new String[banks];
        for (Row b : rows) {
            int bank = b.getInt(0);
            Integer k = stratumIndex.get(b.getString(1));
            if (k == null) {
                throw new IllegalStateException("stratum " + b.getString(1) + " not in the merged design");
            }
            if (v[bank][k] != null) {
                throw new MusubiUserException("bank " + bankKeys.get(bank) + " has " + contig + ":" + pos + ":" + ref
                        + ":" + alt + " more than once (stratum " + b.getString(1) + "); normalise and deduplicate"
                        + " its input (e.g. bcftools norm -m -any -d exact), re-ingest and re-run freq");
            }
            Long[] c = new Long[COUNTS];
            for (int i = 0; i < COUNTS; i++) {
                c[i] = b.isNullAt(3 + i) ? null : b.getLong(3 + i);
            }
            v[bank][k] = c;
            present[bank] = true;
            if (!b.isNullAt(2) && ids[bank] == null) {
                ids[bank] = b.getString(2);
            }
        }
        int nBanks = 0;
        String id = null;
        for (int b = 0; b < banks; b++) {
            if (present[b]) {
                nBanks++;
                if (id == null) {
                    id = ids[b];
                }
            }
        }
        // merge: [metric][stratum]; metric 0 ac, 1 an (pairs only), 2.. the others
        long[][] sum = new long[COUNTS][m];
        boolean[] partial = new boolean[m];
        for (int k = 0; k < m; k++) {
            for (int b = 0; b < banks; b++) {
                Long[] c = v[b][k];
                if (c == null) {
                    continue;
                }
                if (c[0] != null && c[1] != null) {
                    sum[0][k] += c[0];
                    sum[1][k] += c[1];
                } else {
                    partial[k] = true;
                }
                for (int i = 2; i < COUNTS; i++) {
                    if (c[i] != null) {
                        sum[i][k] += c[i];
                    } else {
                        partial[k] = true;
                    }
                }
            }
        }
        // the release gate on the merged counts (metrics as FreqTask's, without the HWE counts)
        boolean[][] hide = new boolean[COUNTS + 1][m];
        if (d.k > 0) {
            long[][] c = new long[COUNTS + 1][m];
            long[] samples = new long[m];
            for (int k = 0; k < m; k++) {
                for (int i = 0; i < COUNTS; i++) {
                    c[i][k] = sum[i][k];
                }
                c[COUNTS][k] = sum[1][k] - sum[0][k];
                samples[k] = d.strata.get(k).samples();
            }
            hide = ReleaseGate.hidden(c, samples, d.partitions, d.k);
        }
        Long[][] shown = new Long[COUNTS][m];
        Double[] af = new Double[m];
        Double[] f95 = new Double[m];
        Double[] f99 = new Double[m];
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < COUNTS; i++) {
                shown[i][k] = hide[i][k] ? null : sum[i][k];
            }
            if (hide[COUNTS][k]) {
                shown[0][k] = null;
            }
            if (shown[0][k] != null && shown[1][k] != null) {
                long ac = sum[0][k];
                long an = sum[1][k];
                af[k] = an == 0 ? null : (double) ac / an;
                double[] f = FilterAlleleFrequency.faf95And99(ac, an);
                f95[k] = f[0];
                f99[k] = f[1];
            }
        }
        FreqDesign.GroupMax gm = d.groupMax(af, f95, shown);
        // per-bank columns, gated again at the merged k
        Long[][] bankAc = new Long[banks][m];
        Long[][] bankAn = new Long[banks][m];
        Double[][] bankAf = new Double[banks][m];
        for (int b = 0; b < banks; b++) {
            for (int k = 0; k < m; k++) {
                Long[] c = v[b][k];
                if (c == null) {
                    continue;
                }
                Long ac = c[0];
                Long an = c[1];
                if (ac != null && (!releasable(ac) || (an != null && !releasable(an - ac)))) {
                    ac = null;
                }
                if (an != null && !releasable(an)) {
                    an = null;
                }
                bankAc[b][k] = ac;
                bankAn[b][k] = an;
                bankAf[b][k] = ac != null && an != null && an > 0 ? (double) ac / an : null;
            }
        }
        // heterogeneity across banks on the "all" row, from the shown per-bank counts
        long[] hAc = new long[banks];
        long[] hAn = new long[banks];
        int hb = 0;
        for (int b = 0; b < banks; b++) {
            if (bankAc[b][0] != null && bankAn[b][0] != null) {
                hAc[hb] = bankAc[b][0];
                hAn[hb] = bankAn[b][0];
                hb++;
            }
        }
        AlleleHeterogeneity.Result het = AlleleHeterogeneity.test(hAc, hAn, hb);
        boolean tested = het.method() != AlleleHeterogeneity.Method.NONE;

        for (int k = 0; k < m; k++) {
            FreqDesign.Stratum s = d.strata.get(k);
            boolean all = k == 0;
            List<Object> row = new ArrayList<>(29 + 3 * banks);
            row.add(contig);
            row.add(pos);
            row.add(id);
            row.add(ref);
            row.add(alt);
            row.add(k);
            row.add(s.name());
            row.add(s.population());
            row.add(s.sex());
            row.add(shown[0][k]);
            row.add(shown[1][k]);
            row.add(af[k]);
            for (int i = 2; i < COUNTS; i++) {
                row.add(shown[i][k]);
            }
            row.add(f95[k]);
            row.add(f99[k]);
            row.add(partial[k]);
            row.add(nBanks);
            row.add(all ? gm.grpmax() : null);
            row.add(all ? gm.fafmax() : null);
            row.add(all ? gm.fafmaxGroup() : null);
            row.add(all ? het.method().name().toLowerCase(java.util.Locale.ROOT) : null);
            row.add(all ? het.groups() : null);
            row.add(all && tested ? het.chisq() : null);
            row.add(all && tested ? het.df() : null);
            row.add(all && tested ? het.p() : null);
            for (int b = 0; b < banks; b++) {
                row.add(bankAc[b][k]);
                row.add(bankAn[b][k]);
                row.add(bankAf[b][k]);
            }
            out.add(new GenericRowWithSchema(row.toArray(), rowSchema));
        }
    }

    private boolean releasable(long c) {
        return !ReleaseGate.small(c, d.k);
    }
}
