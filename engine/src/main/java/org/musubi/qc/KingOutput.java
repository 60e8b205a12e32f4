package org.musubi.qc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.musubi.output.OutputCommit;
import org.musubi.output.PartConcat;
import org.musubi.output.PartFiles;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.stats.qc.KinshipDegree;

/**
 * Step 4's outputs: {@code king.kin0} as plink2 {@code --make-king-table} writes it (ID1 the later sample, rows in
 * plink2's order, HETHET and IBS0 as proportions of NSNP, pairs with kinship below {@code --king-table-filter} left
 * out), {@code king.parquet} (a directory of Parquet parts, one per column band, in kin0 order: the same pairs with
 * raw counts, degree, and the manifest's recorded relationship) and,
 * where the manifest records a pedigree, {@code king.pedigree.tsv}: every pair where the inferred degree and the
 * recorded relationship disagree (a recorded parent–offspring or full-sib pair not found as first degree, or a pair
 * in different families found first or second degree).
 */
final class KingOutput {
    static final String KIN0 = "king.kin0";
    static final String PARQUET = "king.parquet";
    static final String PEDIGREE = "king.pedigree.tsv";

    private KingOutput() {}

    static MessageType schema() {
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

    /** The pairs above {@code --king-cutoff} (sample positions, kin0 order), for the unrelated step. */
    record Edges(int[] hi, int[] lo) {}

    /**
     * Writes the outputs for the pairs at or above the table filter from the tile parts ({@link KingBands}: one
     * Spark task per column band), {@code king.kin0} concatenated from the bands' parts ({@link PartConcat}), {@code
     * king.parquet} a directory of the bands' Parquet parts (band order = kin0 order); {@code samples} maps the
     * pairs' positions to table indices. Returns the pairs above {@code cutoff} (NaN: none).
     */
    static Edges write(
            JavaSparkContext jsc,
            OutputCommit commit,
            QcCohort cohort,
            int[] samples,
            KingPass.Result king,
            String partsDir,
            double cutoff,
            QcRequest req,
            Map<String, Object> summary)
            throws IOException {
        boolean pedigree = Pedigree.recorded(cohort);
        int side = king.tileSide();
        int bands = (samples.length + side - 1) / side;
        List<List<PartFiles.Part>> perBand = new ArrayList<>();
        for (int j = 0; j < bands; j++) {
            perBand.add(new ArrayList<>());
        }
        for (int t = 0; t < king.tiles().size(); t++) {
            KingPass.Tile tile = king.tiles().get(t); // tiles run I-major, so each band's list is in I order
            perBand.get(tile.colStart() / side).add(king.parts().get(t));
        }
        List<KingBands.Band> list = new ArrayList<>();
        for (int j = 0; j < bands; j++) {
            list.add(new KingBands.Band(j, j * side, Math.min(samples.length, (j + 1) * side), perBand.get(j)));
        }
        KingBands.Context ctx = new KingBands.Context(samples, cohort, pedigree, req.kingTableFilter(), cutoff);
        Broadcast<KingBands.Context> bc = jsc.broadcast(ctx);
        SerializableConf sconf = new SerializableConf(commit.fs().getConf());
        List<KingBands.Result> results;
        try (Progress p = Progress.start(jsc, "qc king output", bands)) {
            results = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(list, Math.max(1, bands))
                    .map(b -> KingBands.merge(b, bc.value(), partsDir, sconf.get()))
                    .collect());
        }
        bc.destroy();
        FileSystem fs = commit.fs();
        Map<String, Integer> degrees = new LinkedHashMap<>();
        for (KinshipDegree d : KinshipDegree.values()) {
            degrees.put(d.label, 0);
        }
        List<String> disagree = new ArrayList<>();
        Set<Long> accounted = new HashSet<>();
        long written = 0;
        int edgeCount = 0;
        Path parquetDir = new Path(commit.staging(), PARQUET);
        fs.mkdirs(parquetDir);
        try (PartConcat kin0 = PartConcat.create(fs, new Path(commit.staging(), KIN0), PartConcat.Codec.PLAIN)) {
            kin0.header(("#" + cohort.idHeader("1") + "\t" + cohort.idHeader("2") + "\tNSNP\tHETHET\tIBS0\tKINSHIP\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (KingBands.Result r : results) {
                kin0.append(fs, new Path(r.kin0().path()));
                PartFiles.promote(
                        fs,
                        new Path(r.parquet().path()),
                        new Path(
                                parquetDir,
                                String.format(
                                        Locale.ROOT,
                                        "part-%05d.parquet",
                                        r.kin0().index())));
                written += r.kin0().count();
                KinshipDegree[] all = KinshipDegree.values();
                for (int d = 0; d < all.length; d++) {
                    degrees.merge(all[d].label, (int) r.degrees()[d], Integer::sum);
                }
                disagree.addAll(r.disagree());
                for (long k : r.accounted()) {
                    accounted.add(k);
                }
                edgeCount += r.edges().length / 2;
            }
        }
        int[] hi = new int[edgeCount];
        int[] lo = new int[edgeCount];
        int e = 0;
        for (KingBands.Result r : results) {
            for (int k = 0; k < r.edges().length; k += 2, e++) {
                hi[e] = r.edges()[k];
                lo[e] = r.edges()[k + 1];
            }
        }
        fs.delete(new Path(partsDir), true);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples.length);
        m.put("variants", king.variants());
        m.put("table_filter", req.kingTableFilter());
        m.put("pairs_written", written);
        m.put("pairs_by_degree", degrees);
        m.put("tiles", king.tiles().size());
        m.put("tile_samples", king.tileSide());
        if (pedigree) {
            Pedigree ped = new Pedigree(cohort);
            boolean[] in = new boolean[cohort.size()];
            for (int s : samples) {
                in[s] = true;
            }
            int recorded1st = 0;
            for (int[] pr : ped.firstDegreePairs(in)) {
                recorded1st++;
                // a recorded first-degree pair neither found first degree nor listed above (KING did not write it)
                if (!accounted.contains(KingBands.key(pr[0], pr[1]))) {
                    String rel = ped.relation(pr[1], pr[0]);
                    disagree.add(cohort.idColumns(pr[1]) + "\t" + cohort.idColumns(pr[0]) + "\t" + rel + "\tbelow "
                            + req.kingTableFilter() + "\tNA");
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
        return new Edges(hi, lo);
    }
}
