package org.musubi.qc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.musubi.genome.Contig;
import org.musubi.output.OutputCommit;
import org.musubi.spark.RowParquetWriter;
import org.musubi.stats.HweExact;
import org.musubi.stats.qc.VariantQcStats;

/**
 * Step 2, variant QC, from the counting pass's per-variant counts: writes plink2's {@code qc.vmiss} ({@code
 * --missing}), {@code variants.qc.parquet} (every variant: missing calls, the founders' genotype counts, ALT
 * frequency, MAF, HWE exact p (plink2 {@code --hardy}: founders; XX founders on X; none on Y and MT), PASS and the
 * reasons it fails) and {@code keep.variants.txt} (the passing variants as {@code contig:pos:ref:alt}, usable as
 * plink2 {@code --extract} after {@code --set-all-var-ids @:#:$r:$a}). A variant fails when its call rate is below
 * the minimum, its HWE p below {@code --hwe} or its MAF below {@code --maf}.
 */
final class VariantQcOutput {
    static final String VMISS = "qc.vmiss";
    static final String PARQUET = "variants.qc.parquet";
    static final String KEEP = "keep.variants.txt";

    private VariantQcOutput() {}

    /** The Parquet columns, nullable where the value can be missing (NaN statistics, no ID, no reasons). */
    static final StructType SCHEMA = new StructType()
            .add("contig", DataTypes.StringType, false)
            .add("pos", DataTypes.IntegerType, false)
            .add("id", DataTypes.StringType, true)
            .add("ref", DataTypes.StringType, false)
            .add("alt", DataTypes.StringType, false)
            .add("missing_ct", DataTypes.IntegerType, false)
            .add("obs_ct", DataTypes.IntegerType, false)
            .add("f_miss", DataTypes.DoubleType, true)
            .add("founder_hom_ref", DataTypes.IntegerType, false)
            .add("founder_het", DataTypes.IntegerType, false)
            .add("founder_hom_alt", DataTypes.IntegerType, false)
            .add("alt_freq", DataTypes.DoubleType, true)
            .add("maf", DataTypes.DoubleType, true)
            .add("hwe_p", DataTypes.DoubleType, true)
            .add("pass", DataTypes.BooleanType, false)
            .add("reasons", DataTypes.StringType, true);

    /**
     * Writes the outputs; returns the keys ({@code contig:pos:ref:alt}) of the failing variants, and adds the step's
     * keys to {@code summary}.
     */
    static Set<String> write(OutputCommit commit, CountPass.Variants vs, QcRequest req, Map<String, Object> summary)
            throws IOException {
        Set<String> failing = new HashSet<>();
        Map<String, Integer> reasons = new LinkedHashMap<>();
        Path parquet = new Path(commit.staging(), PARQUET);
        // values straight to parquet-mr's column writers (the Group record path cost more than the counts themselves)
        try (RowParquetWriter pw = RowParquetWriter.open(
                        parquet, SCHEMA, "zstd", commit.fs().getConf());
                java.io.Writer vmiss = QcText.open(commit, VMISS);
                java.io.Writer keep = QcText.open(commit, KEEP)) {
            vmiss.write("#CHROM\tID\tMISSING_CT\tOBS_CT\tF_MISS\n");
            for (int k = 0; k < vs.size; k++) {
                VariantQcStats v = vs.stats(k);
                String contig = vs.contig.get(k);
                String id = vs.id.get(k);
                Contig.Kind kind = Contig.kind(contig);
                double hwe = kind == Contig.Kind.Y || kind == Contig.Kind.MT
                        ? Double.NaN
                        : HweExact.p(v.homRef, v.het, v.homAlt);
                double fMiss = v.missingRate();
                List<String> why = new ArrayList<>();
                if (v.obs > 0 && v.missing > (1 - req.variantMinCallRate()) * v.obs * (1 + 1e-9)) {
                    why.add("call_rate");
                }
                if (req.hwe() > 0 && hwe < req.hwe()) {
                    why.add("hwe");
                }
                if (req.maf() > 0 && !(v.maf() >= req.maf())) {
                    why.add("maf");
                }
                vmiss.write(contig + "\t" + (id == null ? "." : id) + "\t" + v.missing + "\t" + v.obs + "\t"
                        + QcText.g(fMiss) + "\n");
                pw.write(RowFactory.create(
                        contig,
                        vs.pos[k],
                        id,
                        vs.ref.get(k),
                        vs.alt.get(k),
                        v.missing,
                        v.obs,
                        orNull(fMiss),
                        v.homRef,
                        v.het,
                        v.homAlt,
                        orNull(v.altFreq()),
                        orNull(v.maf()),
                        orNull(hwe),
                        why.isEmpty(),
                        why.isEmpty() ? null : String.join(",", why)));
                if (!why.isEmpty()) {
                    failing.add(vs.key(k));
                    for (String r : why) {
                        reasons.merge(r, 1, Integer::sum);
                    }
                } else {
                    keep.write(vs.key(k) + "\n");
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("variants", vs.size);
        m.put("passing", vs.size - failing.size());
        m.put("failing", failing.size());
        m.put("failing_by_reason", reasons);
        m.put("min_call_rate", req.variantMinCallRate());
        m.put("hwe", req.hwe());
        m.put("maf", req.maf());
        summary.put("variant_qc", m);
        return failing;
    }

    /** A statistic as its Parquet value: null where it is NaN (not computable). */
    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
