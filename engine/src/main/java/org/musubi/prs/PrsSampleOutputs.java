package org.musubi.prs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.RowFactory;
import org.musubi.output.FastGzip;
import org.musubi.output.OutputCommit;
import org.musubi.spark.RowParquetWriter;
import org.musubi.util.ByteText;

/**
 * The per-sample files {@link PrsPlan} writes on the driver once the scores are summed: per score
 * {@code <score>.sscore} (PLINK 2 columns), and {@code scores.tsv.gz} and {@code scores.parquet} (long format,
 * pgsc_calc-like); none with a release policy. Numbers as {@link PrsOutputs#num}.
 */
final class PrsSampleOutputs {
    private PrsSampleOutputs() {}

    /**
     * Writes the per-sample outputs of every score (none when {@code perSample} is false: a release policy is set)
     * and returns each score's entry of {@code summary.json}. {@code scores.parquet} is written by a second driver
     * thread while this one writes the text files.
     */
    static Map<String, Object> write(
            OutputCommit commit,
            Configuration conf,
            boolean perSample,
            String dataset,
            List<String> ids,
            List<PrsPlan.Score> scores,
            List<VariantMatcher.FileMatch> matches,
            ScoreAccumulator total)
            throws IOException {
        int nScores = scores.size();
        ScoreAccumulator.ScoreResult[] results = new ScoreAccumulator.ScoreResult[nScores];
        Map<String, Object> perScore = new LinkedHashMap<>();
        for (int si = 0; si < nScores; si++) {
            PrsPlan.Score s = scores.get(si);
            results[si] = total.result(si);
            VariantMatcher.FileMatch m = matches.get(s.file());
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("file", m.file().path());
            info.put("scoring_rows", m.rows());
            info.put("matched", m.matched());
            info.put("excluded", m.excluded());
            info.put("unmatched", m.unmatched());
            info.put("match_rate", m.matchRate());
            info.put("variants_scored", results[si].variants());
            info.put("header", m.file().header());
            info.put("warnings", m.file().warnings());
            perScore.put(s.name(), info);
        }
        if (!perSample) {
            return perScore;
        }
        FutureTask<Void> parquet = PrsOutputs.startThread("prs-scores-parquet", () -> {
            writeParquet(commit, conf, ids, scores, results);
            return null;
        });
        try {
            writeText(commit, dataset, ids, scores, results);
        } catch (IOException | RuntimeException | Error e) {
            PrsOutputs.awaitQuietly(parquet);
            throw e;
        }
        PrsOutputs.await(parquet);
        return perScore;
    }

    /** {@code <score>.sscore} per score and {@code scores.tsv.gz}. */
    private static void writeText(
            OutputCommit commit,
            String dataset,
            List<String> ids,
            List<PrsPlan.Score> scores,
            ScoreAccumulator.ScoreResult[] results)
            throws IOException {
        int n = ids.size();
        FileSystem fs = commit.fs();
        try (OutputStream tsv = FastGzip.open(fs.create(new Path(commit.staging(), "scores.tsv.gz")))) {
            ByteText tl = new ByteText();
            tl.add("sampleset\tIID\tPGS\tSUM\tDENOM\tAVG\tALLELE_CT\n");
            for (int si = 0; si < scores.size(); si++) {
                PrsPlan.Score s = scores.get(si);
                ScoreAccumulator.ScoreResult r = results[si];
                try (OutputStream w =
                        fs.create(new Path(commit.staging(), PrsOutputs.safeName(s.name()) + ".sscore"))) {
                    ByteText sl = new ByteText();
                    sl.add("#IID\tALLELE_CT\tDENOM\tNAMED_ALLELE_DOSAGE_SUM\t")
                            .add(s.name())
                            .add("_AVG\t")
                            .add(s.name())
                            .add("_SUM\n");
                    for (int i = 0; i < n; i++) {
                        String avg = PrsOutputs.num(r.avg(i));
                        String sum = PrsOutputs.num(r.sum()[i]);
                        sl.add(ids.get(i))
                                .add('\t')
                                .add(r.alleleCt()[i])
                                .add('\t')
                                .add(r.denom()[i])
                                .add('\t');
                        sl.add(PrsOutputs.num(r.namedDosage()[i]))
                                .add('\t')
                                .add(avg)
                                .add('\t')
                                .add(sum)
                                .add('\n');
                        sl.flushTo(w);
                        tl.add(dataset)
                                .add('\t')
                                .add(ids.get(i))
                                .add('\t')
                                .add(s.name())
                                .add('\t')
                                .add(sum);
                        tl.add('\t')
                                .add(r.denom()[i])
                                .add('\t')
                                .add(avg)
                                .add('\t')
                                .add(r.alleleCt()[i])
                                .add('\n');
                        tl.flushTo(tsv);
                    }
                    sl.writeTo(w);
                }
            }
            tl.writeTo(tsv);
        }
    }

    /** {@code scores.parquet}: one part file (long format, score by score) and its {@code _SUCCESS}. */
    private static void writeParquet(
            OutputCommit commit,
            Configuration conf,
            List<String> ids,
            List<PrsPlan.Score> scores,
            ScoreAccumulator.ScoreResult[] results)
            throws IOException {
        try (RowParquetWriter parquet = RowParquetWriter.open(
                new Path(commit.staging(), "scores.parquet/part-00000.zstd.parquet"),
                PrsPlan.SCORES_SCHEMA,
                "zstd",
                conf)) {
            for (int si = 0; si < scores.size(); si++) {
                PrsPlan.Score s = scores.get(si);
                ScoreAccumulator.ScoreResult r = results[si];
                for (int i = 0; i < ids.size(); i++) {
                    double a = r.avg(i);
                    parquet.write(RowFactory.create(
                            i,
                            ids.get(i),
                            s.name(),
                            r.sum()[i],
                            r.denom()[i],
                            Double.isNaN(a) ? null : a,
                            r.alleleCt()[i],
                            r.namedDosage()[i],
                            r.variants()));
                }
            }
        }
        commit.fs()
                .create(new Path(commit.staging(), "scores.parquet/_SUCCESS"))
                .close();
    }
}
