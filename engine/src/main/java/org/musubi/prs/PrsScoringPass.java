package org.musubi.prs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.table.VariantTable;

/**
 * The scoring job of {@link PrsPlan}: the matched rows of each variant file with their weights (flat arrays, {@link
 * PrsTableScan.ScoreWork}), summed per sample by tasks over their files ({@link PrsTableScan#score}); the partial sums
 * merged in genome order.
 */
final class PrsScoringPass {
    private PrsScoringPass() {}

    /**
     * The scoring job: per variant file its matched rows (by row number) and their weights as flat arrays, each task
     * summing over its files; the partial sums merged in genome order.
     */
    static ScoreAccumulator run(
            JavaSparkContext jsc,
            Broadcast<SerializableConf> sconf,
            List<VariantTable.VariantFile> vfiles,
            List<PrsPlan.Score> scores,
            List<VariantMatcher.FileMatch> matches,
            int[] fileOf,
            long[] rowOf,
            int n,
            boolean mi) {
        // Per variant file: the matched rows (by row number) and their weights, as flat arrays.
        PrsTableScan.WorkBuilder[] builders = new PrsTableScan.WorkBuilder[vfiles.size()];
        for (int si = 0; si < scores.size(); si++) {
            PrsPlan.Score s = scores.get(si);
            VariantMatcher.FileMatch m = matches.get(s.file());
            List<ScoringFile.Variant> rows = m.file().variants();
            for (int k = 0; k < m.size(); k++) {
                if (m.status(k) == VariantMatcher.MATCHED) {
                    int t = m.target(k);
                    int f = fileOf[t];
                    if (builders[f] == null) {
                        builders[f] = new PrsTableScan.WorkBuilder();
                    }
                    ScoringFile.Variant v = rows.get(m.row(k));
                    builders[f].add(
                            rowOf[t],
                            si,
                            VariantMatcher.effectIsAlt(m.type(k)),
                            v.weights()[s.column()],
                            v.effectType());
                }
            }
        }
        List<PrsTableScan.ScoreWork> scoreWork = new ArrayList<>();
        for (int f = 0; f < vfiles.size(); f++) {
            if (builders[f] != null) {
                scoreWork.add(builders[f].build(vfiles.get(f)));
            }
        }
        int nScores = scores.size();
        ScoreAccumulator total = new ScoreAccumulator(nScores, n, mi);
        if (!scoreWork.isEmpty()) {
            JavaRDD<ScoreAccumulator> parts = jsc.parallelize(scoreWork, PrsPlan.slices(scoreWork.size(), jsc))
                    .mapPartitions((Iterator<PrsTableScan.ScoreWork> it) -> {
                        ScoreAccumulator acc = new ScoreAccumulator(nScores, n, mi);
                        while (it.hasNext()) {
                            PrsTableScan.score(it.next(), acc, sconf.value().get());
                        }
                        return List.of(acc).iterator();
                    });
            if ((long) parts.getNumPartitions() * nScores * n <= PrsPlan.MAX_COLLECTED_SUMS) {
                // The partial sums in genome order: the same totals, to the last bit, from run to run.
                for (ScoreAccumulator a : SparkErrors.userErrorsUnwrapped(parts::collect)) {
                    total.merge(a);
                }
            } else {
                total = SparkErrors.userErrorsUnwrapped(() -> parts.treeAggregate(
                        new ScoreAccumulator(nScores, n, mi), ScoreAccumulator::merge, ScoreAccumulator::merge));
            }
        }
        return total;
    }
}
