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
import org.musubi.output.OutputCommit;
import org.musubi.stats.qc.KinshipDegree;

/**
 * Step 4's outputs: {@code king.kin0} as plink2 {@code --make-king-table} writes it (ID1 the later sample, rows in
 * plink2's order, HETHET and IBS0 as proportions of NSNP, pairs with kinship below {@code --king-table-filter} left
 * out), {@code king.parquet} (the same pairs with raw counts, degree, and the manifest's recorded relationship) and,
 * where the manifest records a pedigree, {@code king.pedigree.tsv}: every pair where the inferred degree and the
 * recorded relationship disagree (a recorded parent–offspring or full-sib pair not found as first degree, or a pair
 * in different families found first or second degree).
 */
final class KingOutput {
    static final String KIN0 = "king.kin0";
    static final String PARQUET = "king.parquet";
    static final String PEDIGREE = "king.pedigree.tsv";

    private KingOutput() {}

    private static MessageType schema() {
        LogicalTypeAnnotation str = LogicalTypeAnnotation.stringType();
        return Types.buildMessage()
                .optional(PrimitiveTypeName.BINARY)
                .as(str)
                .named("fid1")
                .required(PrimitiveTypeName.BINARY)
                .as(str)
                .named("iid1")
                .optional(PrimitiveTypeName.BINARY)
                .as(str)
                .named("fid2")
                .required(PrimitiveTypeName.BINARY)
                .as(str)
                .named("iid2")
                .required(PrimitiveTypeName.INT64)
                .named("nsnp")
                .required(PrimitiveTypeName.INT32)
                .named("hethet_ct")
                .required(PrimitiveTypeName.INT32)
                .named("ibs0_ct")
                .required(PrimitiveTypeName.INT32)
                .named("het1_hom2_ct")
                .required(PrimitiveTypeName.INT32)
                .named("het2_hom1_ct")
                .required(PrimitiveTypeName.INT32)
                .named("homhom_ct")
                .required(PrimitiveTypeName.DOUBLE)
                .named("kinship")
                .required(PrimitiveTypeName.BINARY)
                .as(str)
                .named("degree")
                .optional(PrimitiveTypeName.BINARY)
                .as(str)
                .named("recorded")
                .named("king");
    }

    /**
     * Writes the outputs for the pairs at or above the table filter; {@code samples} maps the pairs' positions to
     * table indices.
     */
    static void write(
            OutputCommit commit,
            QcCohort cohort,
            int[] samples,
            KingPass.Result king,
            QcRequest req,
            Map<String, Object> summary)
            throws IOException {
        boolean pedigree = Pedigree.recorded(cohort);
        Pedigree ped = new Pedigree(cohort);
        Map<String, Integer> degrees = new LinkedHashMap<>();
        for (KinshipDegree d : KinshipDegree.values()) {
            degrees.put(d.label, 0);
        }
        List<String> disagree = new ArrayList<>();
        Set<Long> listedPairs = new HashSet<>();
        Set<Long> found1st = new HashSet<>();
        MessageType schema = schema();
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        long written = 0;
        try (ParquetWriter<Group> pw = ExampleParquetWriter.builder(new Path(commit.staging(), PARQUET))
                        .withConf(commit.fs().getConf())
                        .withType(schema)
                        .withCompressionCodec(CompressionCodecName.ZSTD)
                        .build();
                java.io.Writer kin0 = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                        commit.fs().create(new Path(commit.staging(), KIN0)),
                        java.nio.charset.StandardCharsets.UTF_8))) {
            kin0.write("#" + cohort.idHeader("1") + "\t" + cohort.idHeader("2") + "\tNSNP\tHETHET\tIBS0\tKINSHIP\n");
            for (KingPass.Pair p : king.pairs()) {
                double phi = p.kinship();
                if (phi < req.kingTableFilter()) {
                    continue;
                }
                written++;
                int a = samples[p.hi()];
                int b = samples[p.lo()];
                long nsnp = p.nsnp();
                double recip = 1.0 / nsnp;
                kin0.write(cohort.idColumns(a) + "\t" + cohort.idColumns(b) + "\t" + nsnp + "\t"
                        + QcText.g(recip * p.hethet()) + "\t" + QcText.g(recip * p.ibs0()) + "\t" + QcText.g(phi)
                        + "\n");
                KinshipDegree d = KinshipDegree.of(phi);
                degrees.merge(d.label, 1, Integer::sum);
                String rel = pedigree ? ped.relation(a, b) : null;
                if (d == KinshipDegree.FIRST) {
                    found1st.add(key(a, b));
                }
                if (rel != null
                        && ((Pedigree.firstDegree(rel) && d != KinshipDegree.FIRST)
                                || (rel.equals(Pedigree.UNRELATED) && d.compareTo(KinshipDegree.SECOND) <= 0))) {
                    disagree.add(cohort.idColumns(a) + "\t" + cohort.idColumns(b) + "\t" + rel + "\t" + d.label + "\t"
                            + QcText.g(phi));
                    listedPairs.add(key(a, b));
                }
                Group g = groups.newGroup();
                if (cohort.hasFid()) {
                    g.append("fid1", cohort.fid(a));
                }
                g.append("iid1", cohort.ids.get(a));
                if (cohort.hasFid()) {
                    g.append("fid2", cohort.fid(b));
                }
                g.append("iid2", cohort.ids.get(b))
                        .append("nsnp", nsnp)
                        .append("hethet_ct", p.hethet())
                        .append("ibs0_ct", p.ibs0())
                        .append("het1_hom2_ct", p.het1hom2())
                        .append("het2_hom1_ct", p.het2hom1())
                        .append("homhom_ct", p.homhom())
                        .append("kinship", phi)
                        .append("degree", d.label);
                if (rel != null) {
                    g.append("recorded", rel);
                }
                pw.write(g);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples.length);
        m.put("variants", king.variants());
        m.put("table_filter", req.kingTableFilter());
        m.put("pairs_written", written);
        m.put("pairs_by_degree", degrees);
        m.put("tiles", king.tiles());
        m.put("tile_samples", king.tileSide());
        if (pedigree) {
            boolean[] in = new boolean[cohort.size()];
            for (int s : samples) {
                in[s] = true;
            }
            int recorded1st = 0;
            for (int[] pr : ped.firstDegreePairs(in)) {
                recorded1st++;
                if (!found1st.contains(key(pr[0], pr[1]))) {
                    // a recorded first-degree pair not found first degree: listed above when KING wrote it
                    if (!listedPairs.contains(key(pr[0], pr[1]))) {
                        String rel = ped.relation(pr[1], pr[0]);
                        disagree.add(cohort.idColumns(pr[1]) + "\t" + cohort.idColumns(pr[0]) + "\t" + rel + "\tbelow "
                                + req.kingTableFilter() + "\tNA");
                    }
                }
            }
            QcText.write(commit, PEDIGREE, w -> {
                w.write("#" + cohort.idHeader("1") + "\t" + cohort.idHeader("2") + "\tRECORDED\tINFERRED\tKINSHIP\n");
                for (String l : disagree) {
                    w.write(l + "\n");
                }
            });
            m.put("recorded_first_degree_pairs", recorded1st);
            m.put("pedigree_disagreements", disagree.size());
        }
        summary.put("king", m);
    }

    private static long key(int a, int b) {
        return ((long) Math.min(a, b) << 32) | Math.max(a, b);
    }
}
