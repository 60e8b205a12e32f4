package org.musubi.qc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.musubi.genome.Contig;
import org.musubi.output.OutputCommit;
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

    private static MessageType schema() {
        LogicalTypeAnnotation str = LogicalTypeAnnotation.stringType();
        return Types.buildMessage()
                .required(PrimitiveTypeName.BINARY)
                .as(str)
                .named("contig")
                .required(PrimitiveTypeName.INT32)
                .named("pos")
                .optional(PrimitiveTypeName.BINARY)
                .as(str)
                .named("id")
                .required(PrimitiveTypeName.BINARY)
                .as(str)
                .named("ref")
                .required(PrimitiveTypeName.BINARY)
                .as(str)
                .named("alt")
                .required(PrimitiveTypeName.INT32)
                .named("missing_ct")
                .required(PrimitiveTypeName.INT32)
                .named("obs_ct")
                .optional(PrimitiveTypeName.DOUBLE)
                .named("f_miss")
                .required(PrimitiveTypeName.INT32)
                .named("founder_hom_ref")
                .required(PrimitiveTypeName.INT32)
                .named("founder_het")
                .required(PrimitiveTypeName.INT32)
                .named("founder_hom_alt")
                .optional(PrimitiveTypeName.DOUBLE)
                .named("alt_freq")
                .optional(PrimitiveTypeName.DOUBLE)
                .named("maf")
                .optional(PrimitiveTypeName.DOUBLE)
                .named("hwe_p")
                .required(PrimitiveTypeName.BOOLEAN)
                .named("pass")
                .optional(PrimitiveTypeName.BINARY)
                .as(str)
                .named("reasons")
                .named("variant_qc");
    }

    /**
     * Writes the outputs; returns the keys ({@code contig:pos:ref:alt}) of the failing variants, and adds the step's
     * keys to {@code summary}.
     */
    static Set<String> write(OutputCommit commit, CountPass.Variants vs, QcRequest req, Map<String, Object> summary)
            throws IOException {
        Set<String> failing = new HashSet<>();
        Map<String, Integer> reasons = new LinkedHashMap<>();
        MessageType schema = schema();
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        Path parquet = new Path(commit.staging(), PARQUET);
        try (ParquetWriter<Group> pw = ExampleParquetWriter.builder(parquet)
                        .withConf(commit.fs().getConf())
                        .withType(schema)
                        .withCompressionCodec(CompressionCodecName.ZSTD)
                        .build();
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
                Group g = groups.newGroup().append("contig", contig).append("pos", vs.pos[k]);
                if (id != null) {
                    g.append("id", id);
                }
                g.append("ref", vs.ref.get(k))
                        .append("alt", vs.alt.get(k))
                        .append("missing_ct", v.missing)
                        .append("obs_ct", v.obs);
                optional(g, "f_miss", fMiss);
                g.append("founder_hom_ref", v.homRef)
                        .append("founder_het", v.het)
                        .append("founder_hom_alt", v.homAlt);
                optional(g, "alt_freq", v.altFreq());
                optional(g, "maf", v.maf());
                optional(g, "hwe_p", hwe);
                g.append("pass", why.isEmpty());
                if (!why.isEmpty()) {
                    g.append("reasons", String.join(",", why));
                    failing.add(vs.key(k));
                    for (String r : why) {
                        reasons.merge(r, 1, Integer::sum);
                    }
                } else {
                    keep.write(vs.key(k) + "\n");
                }
                pw.write(g);
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

    private static void optional(Group g, String field, double v) {
        if (!Double.isNaN(v)) {
            g.append(field, v);
        }
    }
}
