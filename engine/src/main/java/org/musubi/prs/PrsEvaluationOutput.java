package org.musubi.prs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.musubi.error.MusubiUserException;
import org.musubi.output.OutputCommit;
import org.musubi.plot.Html;
import org.musubi.release.ReleasePolicy;
import org.musubi.release.ReleaseStatement;
import org.musubi.samples.PhenotypeFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the evaluation of every score against every outcome on the driver (the per-sample sums are already there)
 * and writes {@code evaluation.tsv}, {@code evaluation_ppm.csv}, {@code deciles.tsv}, {@code calibration.tsv} (binary
 * outcomes) and {@code prs_report.html} into the commit; returns the {@code evaluation} section of summary.json.
 * With a release policy, withdrawn samples are left out, every count passes the gate, and no sample ID is written
 * (the unmatched-sample report gives counts only).
 */
final class PrsEvaluationOutput {
    private static final Logger LOG = LoggerFactory.getLogger(PrsEvaluationOutput.class);

    private PrsEvaluationOutput() {}

    static Map<String, Object> write(
            OutputCommit commit,
            String dataset,
            List<String> sampleIds,
            List<PrsPlan.Score> scores,
            double[][] sums,
            PhenotypeFile outcomeFile,
            PhenotypeFile covarFile,
            PrsRequest.Evaluation ev,
            ReleasePolicy policy,
            Set<String> withdrawn)
            throws IOException {
        long t0 = System.nanoTime();
        int k = policy == null ? 0 : policy.k();
        PrsOutcomes.Outcomes oc =
                PrsOutcomes.prepare(sampleIds, outcomeFile, ev.outcomeNames(), covarFile, ev.covarNames(), withdrawn);
        oc.notes().forEach(n -> LOG.warn("prs: {}", n));
        refuseBinaryOnlyOptions(oc, ev);
        List<PrsEvaluation.Result> results = new ArrayList<>();
        Map<String, Object> outcomes = new LinkedHashMap<>();
        for (PrsOutcomes.Outcome o : oc.outcomes()) {
            PrsEvaluation.Result first = null;
            for (int si = 0; si < scores.size(); si++) {
                double[] pgs = new double[o.rows().length];
                for (int j = 0; j < pgs.length; j++) {
                    pgs[j] = sums[si][o.rows()[j]];
                }
                PrsEvaluation.Result r = PrsEvaluation.evaluate(new PrsEvaluation.Input(
                        scores.get(si).name(),
                        o.name(),
                        o.binary(),
                        pgs,
                        o.y(),
                        o.covariates(),
                        o.covariateNames(),
                        ev.basis(),
                        o.binary() ? ev.prevalence() : Double.NaN,
                        k));
                // an estimate a small cell cannot give (a decile OR, a top-1% OR) is NA in evaluation.tsv: expected
                // on small cohorts, not a fault, hence INFO
                r.notes()
                        .forEach(n -> LOG.info(
                                "prs: {} / {}: not estimated, NA in evaluation.tsv: {}",
                                r.input().score(),
                                r.input().outcome(),
                                n));
                results.add(r);
                if (first == null) {
                    first = r;
                }
                PrsEvaluation.Metric main = r.metric(o.binary() ? "or_per_sd" : "beta_per_sd");
                PrsEvaluation.Metric auc =
                        r.metric("auc_covariates_pgs") != null ? r.metric("auc_covariates_pgs") : r.metric("auc_pgs");
                LOG.info(
                        "prs: {} vs {}: {} = {} [{}, {}]{}",
                        r.input().score(),
                        o.name(),
                        main.name(),
                        Html.sig(main.estimate()),
                        Html.sig(main.lower()),
                        Html.sig(main.upper()),
                        auc == null ? "" : ", AUC = " + Html.sig(auc.estimate()));
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("type", o.binary() ? "binary" : "quantitative");
            info.put("coding", o.coding());
            info.put("samples", gate(first.n(), first.countsHidden()));
            if (o.binary()) {
                info.put("cases", gate(first.cases(), first.countsHidden()));
                info.put("controls", gate(first.controls(), first.countsHidden()));
            }
            info.put("missing_outcome_or_covariate", gate(o.missing(), policy));
            info.put("covariates", o.covariateNames());
            info.put("dropped_constant_covariates", o.droppedCovariates());
            outcomes.put(o.name(), info);
        }
        String release =
                policy == null ? "internal: not for release (counts not gated)" : policy.describe() + "; for sharing";
        commit.writeFile("evaluation.tsv", bytes(PrsReport.evaluationTsv(results, release)));
        commit.writeFile("evaluation_ppm.csv", bytes(PrsReport.ppmCsv(results, dataset)));
        commit.writeFile("deciles.tsv", bytes(PrsReport.groupsTsv(results, false)));
        if (results.stream().anyMatch(r -> r.input().binary())) {
            commit.writeFile("calibration.tsv", bytes(PrsReport.groupsTsv(results, true)));
        }
        List<String> notes = new ArrayList<>();
        notes.add("Table samples without a row in " + outcomeFile.path + ": "
                + gate(oc.unmatchedTableSamples(), policy) + "; samples of that file not in the table: "
                + gate(oc.fileSamplesNotInTable(), policy)
                + (policy == null ? "" : "; withdrawn samples left out: " + oc.withdrawn()) + ".");
        notes.add("Scores are the per-sample SUM (PLINK 2 --score); evaluated with covariates "
                + (covarFile == null ? "none" : "from " + covarFile.path) + ".");
        commit.writeFile(
                "prs_report.html", bytes(PrsReport.html(results, "PRS evaluation: " + dataset, release, notes)));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outcome_file", outcomeFile.path);
        out.put("covariate_file", covarFile == null ? null : covarFile.path);
        out.put("standardisation", ev.basis() == PrsEvaluation.Basis.ALL ? "all" : "controls");
        out.put("prevalence", Double.isNaN(ev.prevalence()) ? null : ev.prevalence());
        out.put("release", release);
        out.put(
                ReleaseStatement.KEY,
                ReleaseStatement.counts(policy, policy == null ? 0 : policy.k(), release, withdrawn.size())
                        .toMap());
        Map<String, Object> unmatched = new LinkedHashMap<>();
        unmatched.put("table_samples_without_outcome_row", gate(oc.unmatchedTableSamples(), policy));
        if (policy == null) {
            unmatched.put("first", oc.firstUnmatched());
        }
        unmatched.put("outcome_file_samples_not_in_table", gate(oc.fileSamplesNotInTable(), policy));
        if (policy != null) {
            unmatched.put("withdrawn_samples_excluded", oc.withdrawn());
        }
        out.put("sample_matching", unmatched);
        out.put("outcomes", outcomes);
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (PrsEvaluation.Result r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (PrsEvaluation.Metric x : r.metrics()) {
                m.put(x.name(), x.suppressed() || Double.isNaN(x.estimate()) ? null : x.estimate());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> perScore =
                    (Map<String, Object>) metrics.computeIfAbsent(r.input().score(), s -> new LinkedHashMap<>());
            perScore.put(r.input().outcome(), m);
        }
        out.put("metrics", metrics);
        out.put(
                "outputs",
                List.of("evaluation.tsv", "evaluation_ppm.csv", "deciles.tsv", "calibration.tsv", "prs_report.html"));
        out.put("seconds", (System.nanoTime() - t0) / 1e9);
        return out;
    }

    private static Object gate(long c, boolean hidden) {
        return hidden ? PrsReport.SUPPRESSED : c;
    }

    private static Object gate(long c, ReleasePolicy policy) {
        return policy == null || policy.releasable(c) ? c : PrsReport.SUPPRESSED;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** --prevalence and --standardise controls apply to binary outcomes only: refused when every outcome is not. */
    private static void refuseBinaryOnlyOptions(PrsOutcomes.Outcomes oc, PrsRequest.Evaluation ev) {
        if (oc.outcomes().stream().anyMatch(PrsOutcomes.Outcome::binary)) {
            return;
        }
        String names = String.join(
                ", ", oc.outcomes().stream().map(PrsOutcomes.Outcome::name).toList());
        String why = " has no effect: every outcome evaluated (" + names + ") is quantitative; it applies to binary"
                + " (0/1 or 1/2) outcomes: leave it out";
        if (!Double.isNaN(ev.prevalence())) {
            throw new MusubiUserException("--prevalence" + why);
        }
        if (ev.basis() == PrsEvaluation.Basis.CONTROLS) {
            throw new MusubiUserException("--standardise controls" + why);
        }
    }
}
