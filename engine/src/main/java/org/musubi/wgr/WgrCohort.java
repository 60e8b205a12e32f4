package org.musubi.wgr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.musubi.error.MusubiUserException;
import org.musubi.samples.PhenotypeFile;
import org.musubi.samples.SampleIds;
import org.musubi.samples.SampleList;
import org.musubi.table.SamplesFile;
import org.musubi.table.VariantTable;

/**
 * The samples and traits of a {@code wgr} run, as REGENIE's step 1 picks them: table samples (in table order, the
 * order of the CV folds) in the keep list, with a phenotype row holding at least one value and every covariate
 * present. Quantitative traits keep every sample (missing values mean-imputed, as REGENIE); a binary trait masks
 * its missing ones. Every phenotype of a run is of one kind (REGENIE's {@code --bt} is per run).
 */
final class WgrCohort {
    /** Fewest non-missing values a phenotype may have. */
    static final int MIN_SAMPLES = 50;

    final int[] samples;
    /** The {@code .loco} header's IDs: FID_IID as the phenotype file gives them. */
    final String[] ids;

    final List<String> names = new ArrayList<>();
    /** Per phenotype its values over the analysis samples (binary: 0/1), NaN where missing. */
    final List<double[]> values = new ArrayList<>();

    final List<String> covariateNames;
    final List<double[]> covariates = new ArrayList<>();
    final boolean binary;
    final List<String> notes = new ArrayList<>();

    private WgrCohort(int[] samples, String[] ids, List<String> covariateNames, boolean binary) {
        this.samples = samples;
        this.ids = ids;
        this.covariateNames = covariateNames;
        this.binary = binary;
    }

    int size() {
        return samples.length;
    }

    static WgrCohort read(VariantTable table, Configuration conf, WgrRequest req) throws IOException {
        List<String> tableIds = new ArrayList<>();
        for (SamplesFile.Sample s : table.samples(conf)) {
            tableIds.add(s.id());
        }
        int n = tableIds.size();
        PhenotypeFile pheno = PhenotypeFile.read("--pheno", req.phenoFile(), req.missingCode(), conf);
        PhenotypeFile covar = req.covarFile() == null
                ? null
                : PhenotypeFile.read("--covar", req.covarFile(), req.missingCode(), conf);
        Set<String> keep = req.keep() == null
                ? null
                : SampleList.read("--keep", new Path(req.keep()), conf)
                        .match(tableIds)
                        .ids(tableIds);
        List<String> names = req.phenoNames().isEmpty() ? pheno.columns : req.phenoNames();
        if (names.isEmpty()) {
            throw new MusubiUserException(pheno.path + ": no phenotype columns after FID/IID");
        }
        int[] pcols = new int[names.size()];
        for (int p = 0; p < pcols.length; p++) {
            pcols[p] = pheno.columnIndex(names.get(p));
        }
        String[][] prow = new String[n][];
        String[][] crow = new String[n][];
        for (int i = 0; i < n; i++) {
            prow[i] = pheno.lookup(tableIds.get(i));
            crow[i] = covar == null ? new String[0] : covar.lookup(tableIds.get(i));
        }
        List<String> covCols =
                covar == null ? List.of() : req.covarNames().isEmpty() ? covar.columns : req.covarNames();
        List<String> notes = new ArrayList<>();
        PhenotypeFile.CovariateColumns cov = covar == null
                ? PhenotypeFile.CovariateColumns.NONE
                : covar.covariates(covCols, tableIds, crow, notes::add);
        List<Integer> kept = new ArrayList<>();
        int noPheno = 0;
        int noCovar = 0;
        for (int i = 0; i < n; i++) {
            if (keep != null && !keep.contains(tableIds.get(i))) {
                continue;
            }
            boolean any = false;
            if (prow[i] != null) {
                for (int pc : pcols) {
                    any |= !pheno.isMissing(prow[i][pc]);
                }
            }
            if (!any) {
                noPheno++;
                continue;
            }
            boolean covOk = crow[i] != null;
            for (double[] v : cov.values()) {
                covOk &= !Double.isNaN(v[i]);
            }
            if (!covOk) {
                noCovar++;
                continue;
            }
            kept.add(i);
        }
        int[] samples = kept.stream().mapToInt(Integer::intValue).toArray();
        if (samples.length == 0) {
            throw new MusubiUserException(pheno.path + ": no table sample has a phenotype value"
                    + (covar == null ? "" : " and every covariate of " + covar.path)
                    + (keep == null ? "" : " among the --keep samples")
                    + "; IDs are matched to IID, or to FID_IID");
        }
        if (noPheno > 0) {
            notes.add(noPheno + " sample(s) without any value of " + String.join(", ", names) + " left out");
        }
        if (noCovar > 0) {
            notes.add(noCovar + " sample(s) with a missing covariate left out");
        }
        String[] ids = new String[samples.length];
        for (int k = 0; k < samples.length; k++) {
            SampleIds.Entry e = pheno.entry(tableIds.get(samples[k]));
            ids[k] = e.family() + "_" + e.iid();
        }
        // values and kind
        List<double[]> vals = new ArrayList<>();
        List<Boolean> isBinary = new ArrayList<>();
        for (int p = 0; p < pcols.length; p++) {
            double[] y = new double[samples.length];
            TreeSet<Double> distinct = new TreeSet<>();
            int present = 0;
            for (int k = 0; k < samples.length; k++) {
                String id = tableIds.get(samples[k]);
                y[k] = pheno.numeric(id, prow[samples[k]], pcols[p]);
                if (!Double.isNaN(y[k])) {
                    present++;
                    if (distinct.size() <= 3) {
                        distinct.add(y[k]);
                    }
                }
            }
            if (present < MIN_SAMPLES) {
                throw new MusubiUserException(String.format(
                        Locale.ROOT,
                        "%s: phenotype %s has %d non-missing value(s) among the %d analysis samples; wgr needs at"
                                + " least %d (drop the column with --pheno-name)",
                        pheno.path,
                        names.get(p),
                        present,
                        samples.length,
                        MIN_SAMPLES));
            }
            boolean is01 = distinct.equals(new TreeSet<>(List.of(0.0, 1.0)));
            boolean is12 = distinct.equals(new TreeSet<>(List.of(1.0, 2.0)));
            boolean bin =
                    switch (req.binary()) {
                        case "auto" -> is01 || is12;
                        case "logistic" -> true;
                        default -> false;
                    };
            if (bin && !(is01 || is12)) {
                throw new MusubiUserException(pheno.path + ": phenotype " + names.get(p) + " is not binary (values "
                        + distinct + "…); --binary logistic needs 0/1 or 1/2 coding (1 = control, 2 = case)");
            }
            if (bin && is12) {
                for (int k = 0; k < y.length; k++) {
                    y[k] -= 1;
                }
            }
            vals.add(y);
            isBinary.add(bin);
        }
        boolean binary = isBinary.get(0);
        for (int p = 1; p < names.size(); p++) {
            if (isBinary.get(p) != binary) {
                throw new MusubiUserException(
                        "phenotypes " + names.get(0) + " (" + (binary ? "binary" : "quantitative")
                                + ") and " + names.get(p) + " (" + (binary ? "quantitative" : "binary")
                                + ") are of different kinds; run wgr once per kind (--pheno-name), as REGENIE's --bt is per run");
            }
        }
        WgrCohort c = new WgrCohort(samples, ids, cov.names(), binary);
        c.names.addAll(names);
        c.values.addAll(vals);
        for (double[] v : cov.values()) {
            double[] s = new double[samples.length];
            for (int k = 0; k < samples.length; k++) {
                s[k] = v[samples[k]];
            }
            c.covariates.add(s);
        }
        c.notes.addAll(notes);
        return c;
    }

    /** Per phenotype its observed samples (binary), or null (quantitative: missing values are mean-imputed). */
    boolean[] mask(int p) {
        if (!binary) {
            return null;
        }
        double[] y = values.get(p);
        boolean[] m = new boolean[y.length];
        for (int k = 0; k < y.length; k++) {
            m[k] = !Double.isNaN(y[k]);
        }
        return m;
    }

    /** Missing values of phenotype p among the analysis samples. */
    int missing(int p) {
        int k = 0;
        for (double v : values.get(p)) {
            k += Double.isNaN(v) ? 1 : 0;
        }
        return k;
    }
}
