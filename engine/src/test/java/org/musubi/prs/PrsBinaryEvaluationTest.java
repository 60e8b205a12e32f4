package org.musubi.prs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The binary outcome's steps, in the order the output lists their rows. */
class PrsBinaryEvaluationTest {
    private static PrsEvaluation.Input input(int covariates) {
        Random r = new Random(3);
        int n = 400;
        double[] pgs = new double[n];
        double[] y = new double[n];
        double[] cv = new double[n * covariates];
        for (int i = 0; i < n; i++) {
            pgs[i] = r.nextGaussian();
            for (int j = 0; j < covariates; j++) {
                cv[j * n + i] = r.nextGaussian();
            }
            y[i] = pgs[i] + r.nextGaussian() > 0.8 ? 1 : 0;
        }
        List<String> names = covariates == 0 ? List.of() : List.of("age", "sex").subList(0, covariates);
        return new PrsEvaluation.Input("s", "o", true, pgs, y, cv, names, PrsEvaluation.Basis.ALL, 0.1, 0);
    }

    @Test
    void stepsAddTheirRowsInOutputOrder() {
        PrsEvaluation.Result res = PrsEvaluation.evaluate(input(2));
        List<String> names =
                res.metrics().stream().map(PrsEvaluation.Metric::name).toList();
        assertThat(names.subList(0, 11))
                .containsExactly(
                        "auc_covariates",
                        "auc_covariates_pgs",
                        "auc_difference",
                        "auc_pgs",
                        "or_per_sd",
                        "nagelkerke_r2_covariates",
                        "nagelkerke_r2_covariates_pgs",
                        "nagelkerke_r2_gain",
                        "r2_observed_gain",
                        "r2_liability_gain",
                        "or_top_1pct_vs_rest");
        assertThat(names.get(names.size() - 1)).isEqualTo("calibration_slope");
        assertThat(res.roc().stream().map(PrsEvaluation.Curve::name))
                .containsExactly("covariates", "PGS", "covariates + PGS");
        // groups: 4 top x % pairs, 10 PGS deciles, 10 calibration deciles
        assertThat(res.groups()).hasSize(28);
        assertThat(res.histogram().names()).containsExactly("cases", "controls");
    }

    @Test
    void runEqualsEvaluateWithoutCovariates() {
        PrsEvaluation.Input in = input(0);
        PrsEvaluation.Result res = PrsEvaluation.evaluate(in);
        double[] z = new double[in.n()];
        boolean[] isCase = new boolean[in.n()];
        long cases = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = (in.pgs()[i] - res.mean()) / res.sd();
            isCase[i] = in.y()[i] == 1;
            cases += isCase[i] ? 1 : 0;
        }
        PrsBinaryEvaluation b = new PrsBinaryEvaluation(in, z, isCase, cases);
        b.run(PrsEvaluation.design(in, null, null), PrsEvaluation.design(in, z, null));
        assertThat(b.metrics).isEqualTo(res.metrics());
        assertThat(b.groups).isEqualTo(res.groups());
        assertThat(b.roc).extracting(PrsEvaluation.Curve::name).containsExactly("PGS");
    }
}
