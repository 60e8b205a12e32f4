package org.musubi.prs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.musubi.error.MusubiUserException;
import org.musubi.samples.PhenotypeFile;

/**
 * The outcomes of a PRS evaluation matched to the table's samples, as {@code gwas} reads them: PLINK-style files
 * ({@link PhenotypeFile}), samples matched to IID or FID_IID, 0/1 or 1/2 outcomes are binary (1/2: 1 = control),
 * anything else quantitative; non-numeric covariates become 0/1 dummies (first level sorted is the reference),
 * covariates constant over an outcome's samples are dropped. A sample is evaluated when it has the outcome and every
 * covariate and is not withdrawn; the others are counted, never dropped silently.
 */
public final class PrsOutcomes {
    private PrsOutcomes() {}

    /** One outcome, ready to evaluate: {@code rows[r]} is the table sample index of evaluation row r. */
    public record Outcome(
            String name,
            boolean binary,
            String coding,
            int[] rows,
            double[] y,
            double[] covariates,
            List<String> covariateNames,
            List<String> droppedCovariates,
            int missing) {}

    /**
     * @param tableSamples sample IDs of the table, in table order
     * @param unmatchedTableSamples table samples without a row in the outcome file
     * @param firstUnmatched up to 5 of them (IDs; internal outputs only)
     * @param fileSamplesNotInTable outcome-file samples that are not in the table
     * @param withdrawn table samples left out by the release policy
     */
    public record Outcomes(
            List<Outcome> outcomes,
            int tableSamples,
            int unmatchedTableSamples,
            List<String> firstUnmatched,
            int fileSamplesNotInTable,
            int withdrawn,
            List<String> notes) {}

    public static Outcomes prepare(
            List<String> sampleIds,
            PhenotypeFile outcome,
            List<String> outcomeNames,
            PhenotypeFile covar,
            List<String> covarNames,
            Set<String> withdrawn) {
        int n = sampleIds.size();
        List<String> notes = new ArrayList<>();
        String[][] orow = new String[n][];
        String[][] crow = new String[n][];
        int matched = 0;
        List<String> unmatched = new ArrayList<>();
        int withdrawnCount = 0;
        for (int i = 0; i < n; i++) {
            String id = sampleIds.get(i);
            orow[i] = outcome.lookup(id);
            if (orow[i] != null) {
                matched++;
            } else if (unmatched.size() < 5) {
                unmatched.add(id);
            }
            crow[i] = covar == null ? new String[0] : covar.lookup(id);
            if (withdrawn.contains(id)) {
                withdrawnCount++;
            }
        }
        if (matched == 0) {
            List<String> fileIds = outcome.sampleIds();
            throw new MusubiUserException(outcome.path + ": none of its " + fileIds.size() + " sample IDs (first: "
                    + String.join(", ", fileIds.subList(0, Math.min(3, fileIds.size())))
                    + ") matches a sample of the table (first: "
                    + String.join(", ", sampleIds.subList(0, Math.min(3, n)))
                    + "); IDs are matched to IID, or to FID_IID");
        }
        if (matched < n) {
            notes.add(String.format(
                    Locale.ROOT,
                    "%d of %d table samples have no row in %s; they are left out",
                    n - matched,
                    n,
                    outcome.path));
        }
        int extra = outcome.sampleIds().size() - matched;
        if (extra > 0) {
            notes.add(extra + " sample(s) of " + outcome.path + " are not in the table and are ignored");
        }
        // Covariates (numeric, or 0/1 dummies of a categorical column).
        List<String> covCols = covar == null ? List.of() : covarNames.isEmpty() ? covar.columns : covarNames;
        PhenotypeFile.CovariateColumns cov = covar == null
                ? PhenotypeFile.CovariateColumns.NONE
                : covar.covariates(covCols, sampleIds, crow, notes::add);
        List<String> covNames = cov.names();
        List<double[]> covValues = cov.values();
        List<String> names = outcomeNames.isEmpty() ? outcome.columns : outcomeNames;
        if (names.isEmpty()) {
            throw new MusubiUserException(outcome.path + ": no outcome columns after FID/IID");
        }
        List<Outcome> out = new ArrayList<>();
        for (String name : names) {
            int oi = outcome.columnIndex(name);
            double[] y = new double[n];
            TreeSet<Double> distinct = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                y[i] = orow[i] == null ? Double.NaN : outcome.numeric(sampleIds.get(i), orow[i], oi);
                if (!Double.isNaN(y[i]) && distinct.size() <= 3) {
                    distinct.add(y[i]);
                }
            }
            boolean is01 = distinct.equals(new TreeSet<>(List.of(0.0, 1.0)));
            boolean is12 = distinct.equals(new TreeSet<>(List.of(1.0, 2.0)));
            boolean binary = is01 || is12;
            if (distinct.size() < 2) {
                throw new MusubiUserException(outcome.path + ": outcome " + name + " has "
                        + (distinct.isEmpty() ? "no value" : "the single value " + distinct.first())
                        + " over the table's samples; an outcome needs at least two values");
            }
            List<Integer> rows = new ArrayList<>();
            int missing = 0;
            for (int i = 0; i < n; i++) {
                if (orow[i] == null || withdrawn.contains(sampleIds.get(i))) {
                    continue;
                }
                boolean ok = !Double.isNaN(y[i]);
                for (int c = 0; ok && c < covValues.size(); c++) {
                    ok = !Double.isNaN(covValues.get(c)[i]);
                }
                if (ok) {
                    rows.add(i);
                } else {
                    missing++;
                }
            }
            if (missing > 0) {
                notes.add("outcome " + name + ": " + missing + " matched sample(s) lack the outcome or a covariate;"
                        + " they are left out");
            }
            int m = rows.size();
            if (m == 0) {
                throw new MusubiUserException(
                        "outcome " + name + ": no table sample has the outcome and every covariate"
                                + (withdrawn.isEmpty() ? "" : " and is not withdrawn") + " (" + missing
                                + " matched samples lack one); check the missing codes (--missing-code) and --covar-name");
            }
            int[] r = rows.stream().mapToInt(Integer::intValue).toArray();
            double[] yv = new double[m];
            for (int j = 0; j < m; j++) {
                yv[j] = is12 ? y[r[j]] - 1 : y[r[j]];
            }
            List<String> used = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            List<double[]> cols = new ArrayList<>();
            for (int c = 0; c < covValues.size(); c++) {
                double[] v = covValues.get(c);
                boolean constant = true;
                for (int j = 1; j < m && constant; j++) {
                    constant = v[r[j]] == v[r[0]];
                }
                if (constant) {
                    dropped.add(covNames.get(c));
                } else {
                    used.add(covNames.get(c));
                    double[] col = new double[m];
                    for (int j = 0; j < m; j++) {
                        col[j] = v[r[j]];
                    }
                    cols.add(col);
                }
            }
            if (!dropped.isEmpty()) {
                notes.add("outcome " + name + ": covariate(s) " + String.join(", ", dropped)
                        + " constant over its samples, dropped");
            }
            double[] colMajor = new double[m * cols.size()];
            for (int c = 0; c < cols.size(); c++) {
                System.arraycopy(cols.get(c), 0, colMajor, c * m, m);
            }
            String coding = binary ? (is12 ? "1/2 (1 = control, 2 = case)" : "0/1 (1 = case)") : "quantitative";
            out.add(new Outcome(name, binary, coding, r, yv, colMajor, used, dropped, missing));
        }
        return new Outcomes(out, n, n - matched, unmatched, Math.max(0, extra), withdrawnCount, notes);
    }
}
