package org.musubi.qc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.musubi.format.NumberFormats;
import org.musubi.output.OutputCommit;
import org.musubi.stats.qc.SampleCounts;
import org.musubi.stats.qc.SexCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 1, sample QC, from the merged {@link SampleCounts}: writes plink2's {@code qc.smiss} ({@code --missing}),
 * {@code qc.het} ({@code --het}), {@code qc.sexcheck} ({@code --check-sex}; only when X has variants outside the
 * PARs), {@code samples.qc.tsv} (every sample, every statistic, PASS and the reasons it fails) and {@code
 * keep.samples.txt} (the passing samples, as {@code gwas --keep} reads them). A sample fails when its call rate is
 * below the minimum or its het F is more than {@code hetSd} standard deviations (over all samples) from the mean; a
 * manifest sex that contradicts chrX is reported (SEX_STATUS {@code PROBLEM}, a warning) but does not fail it.
 */
final class SampleQcOutput {
    private static final Logger LOG = LoggerFactory.getLogger(SampleQcOutput.class);

    static final String SMISS = "qc.smiss";
    static final String HET = "qc.het";
    static final String SEXCHECK = "qc.sexcheck";
    static final String TABLE = "samples.qc.tsv";
    static final String KEEP = "keep.samples.txt";

    private SampleQcOutput() {}

    /** Writes the outputs; returns which samples pass, and adds the step's keys to {@code summary}. */
    static boolean[] write(
            OutputCommit commit, QcCohort cohort, SampleCounts c, QcRequest req, Map<String, Object> summary)
            throws IOException {
        int n = cohort.size();
        // each sample's IDs, F values and their text once, for every file that prints them
        String[] ids = new String[n];
        double[] hetF = new double[n];
        String[] hetFText = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = cohort.idColumns(i);
            hetF[i] = c.hetF(i);
            hetFText[i] = NumberFormats.g6(hetF[i]);
        }
        double mean = 0;
        double sd = Double.NaN;
        int finite = 0;
        for (int i = 0; i < n; i++) {
            double f = hetF[i];
            if (Double.isFinite(f)) {
                mean += f;
                finite++;
            }
        }
        mean /= finite;
        if (finite > 1) {
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double f = hetF[i];
                if (Double.isFinite(f)) {
                    ss += (f - mean) * (f - mean);
                }
            }
            sd = Math.sqrt(ss / (finite - 1));
        }
        boolean sexCheck = c.xVariants > 0;
        double[] xF = new double[n];
        String[] xFText = new String[n];
        if (sexCheck) {
            for (int i = 0; i < n; i++) {
                xF[i] = c.xF(i);
                xFText[i] = NumberFormats.g6(xF[i]);
            }
        }
        SexCheck sc = req.sexCheck();
        boolean[] pass = new boolean[n];
        List<String> problems = new ArrayList<>();
        List<String> unconfirmed = new ArrayList<>();
        Map<String, Integer> reasons = new LinkedHashMap<>();
        final double hetMean = mean;
        final double hetSd = sd;
        String[] sexStatus = new String[n]; // plink2 --check-sex STATUS, as .sexcheck and samples.qc.tsv say it
        for (int i = 0; i < n; i++) {
            sexStatus[i] = !sexCheck ? "NA" : sc.ok(cohort.pedSex(i), xF[i]) ? "OK" : "PROBLEM";
        }
        QcText.write(commit, SMISS, w -> {
            w.write("#" + cohort.idHeader("") + "\tMISSING_CT\tOBS_CT\tF_MISS\n");
            for (int i = 0; i < n; i++) {
                w.write(ids[i] + "\t" + c.missing[i] + "\t" + c.obs[i] + "\t"
                        + QcText.g((double) c.missing[i] / c.obs[i]) + "\n");
            }
        });
        QcText.write(commit, HET, w -> {
            w.write("#" + cohort.idHeader("") + "\tO(HOM)\tE(HOM)\tOBS_CT\tF\n");
            for (int i = 0; i < n; i++) {
                w.write(ids[i] + "\t" + (c.hetObs[i] - c.hetHet[i]) + "\t"
                        + QcText.g(c.hetObs[i] - c.hetExpected.value(i)) + "\t" + c.hetObs[i] + "\t"
                        + QcText.g(hetF[i], hetFText[i]) + "\n");
            }
        });
        if (sexCheck) {
            QcText.write(commit, SEXCHECK, w -> {
                w.write("#" + cohort.idHeader("") + "\tPEDSEX\tSNPSEX\tSTATUS\tF\n");
                for (int i = 0; i < n; i++) {
                    w.write(ids[i] + "\t" + cohort.pedSex(i) + "\t" + sc.snpSex(xF[i]) + "\t" + sexStatus[i] + "\t"
                            + QcText.g(xF[i], xFText[i]) + "\n");
                }
            });
        }
        QcText.write(commit, TABLE, w -> {
            w.write(
                    "#" + cohort.idHeader("")
                            + "\tCALL_RATE\tMISSING_CT\tOBS_CT\tHET_F\tHET_Z\tX_F\tPEDSEX\tSNPSEX\tSEX_STATUS\tPASS\tREASONS\n");
            for (int i = 0; i < n; i++) {
                List<String> why = new ArrayList<>();
                double callRate = c.obs[i] == 0 ? Double.NaN : 1 - (double) c.missing[i] / c.obs[i];
                if (!(callRate >= req.sampleMinCallRate())) {
                    why.add("call_rate");
                }
                double f = hetF[i];
                double z = (f - hetMean) / hetSd;
                if (req.hetSd() > 0 && Double.isFinite(z) && Math.abs(z) > req.hetSd()) {
                    why.add(z > 0 ? "het_high" : "het_low");
                }
                double xf = xF[i];
                String status = sexStatus[i];
                if (status.equals("PROBLEM") && cohort.pedSex(i) != 0) {
                    // F in the ambiguous band (SNPSEX 0) cannot confirm the manifest; only the opposite sex contradicts
                    // it
                    (sc.snpSex(xf) == 0 ? unconfirmed : problems).add(cohort.ids.get(i));
                }
                pass[i] = why.isEmpty();
                for (String r : why) {
                    reasons.merge(r, 1, Integer::sum);
                }
                w.write(ids[i] + "\t" + NumberFormats.g6(callRate) + "\t" + c.missing[i] + "\t" + c.obs[i] + "\t"
                        + hetFText[i] + "\t" + NumberFormats.g6(z) + "\t" + (sexCheck ? xFText[i] : "NA") + "\t"
                        + cohort.pedSex(i) + "\t"
                        + (sexCheck ? Integer.toString(sc.snpSex(xf)) : "NA") + "\t" + status + "\t"
                        + (pass[i] ? "Y" : "N") + "\t" + (why.isEmpty() ? "." : String.join(",", why)) + "\n");
            }
        });
        QcText.write(commit, KEEP, w -> {
            for (int i = 0; i < n; i++) {
                if (pass[i]) {
                    w.write(ids[i] + "\n");
                }
            }
        });
        int passing = 0;
        for (boolean p : pass) {
            passing += p ? 1 : 0;
        }
        if (!unconfirmed.isEmpty()) {
            LOG.info(
                    "qc: {} sample(s) whose chrX F lies between the {}/{} thresholds, so chrX neither confirms nor"
                            + " contradicts their manifest sex (few chrX variants make F noisy), e.g. {}: SEX_STATUS"
                            + " PROBLEM in {} and {}, as plink2 --check-sex; they are kept",
                    unconfirmed.size(),
                    sc.maxFemaleF(),
                    sc.minMaleF(),
                    unconfirmed.subList(0, Math.min(3, unconfirmed.size())),
                    TABLE,
                    SEXCHECK);
        }
        if (!problems.isEmpty()) {
            LOG.warn(
                    "qc: {} sample(s) whose manifest sex contradicts chrX (chrX F on the other side of the {}/{} thresholds), e.g."
                            + " {}: listed with SEX_STATUS PROBLEM in {} and {}; they are kept (fix the manifest or"
                            + " remove them with gwas --keep)",
                    problems.size(),
                    sc.maxFemaleF(),
                    sc.minMaleF(),
                    problems.subList(0, Math.min(3, problems.size())),
                    TABLE,
                    SEXCHECK);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", n);
        m.put("passing", passing);
        m.put("failing", n - passing);
        m.put("failing_by_reason", reasons);
        m.put("min_call_rate", req.sampleMinCallRate());
        m.put("het_sd", req.hetSd());
        m.put("het_f_mean", Double.isFinite(hetMean) ? hetMean : null);
        m.put("het_f_sd", Double.isFinite(hetSd) ? hetSd : null);
        m.put("het_variants", c.hetVariants);
        m.put("sex_check_variants", c.xVariants);
        m.put("sex_check", sexCheck ? "done" : "no chrX variants outside the PARs: no sex check");
        m.put("sex_mismatches", problems.size());
        m.put("sex_unconfirmed", unconfirmed.size());
        summary.put("sample_qc", m);
        return pass;
    }
}
