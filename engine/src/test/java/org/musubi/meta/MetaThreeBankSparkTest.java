package org.musubi.meta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.gwas.GwasPlan;
import org.musubi.gwas.GwasRequest;
import org.musubi.testing.Fixtures;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acceptance check: the CINECA cohort (2504 samples, 829 chr22 variants) split into the three banks of
 * the freq oracles (EUR+AMR 850, AFR 661, EAS+SAS 993 samples), a linear GWAS of glow's Continuous_Trait_1 with
 * its six covariates in each bank ({@code gwas --keep}), the three GWAS-SSF files meta-analysed, and the result
 * compared with one GWAS of the pooled cohort.
 *
 * <p>What theory says, and what is tested. Per bank, OLS estimates β with variance σ²/S_b, where S_b is the
 * bank's genotype sum of squares after its covariates; the inverse-variance meta-analysis has variance 1/Σ(1/SE_b²)
 * = σ²/ΣS_b. A pooled regression that gives each bank its own intercept (the bank as a covariate) uses the same
 * within-bank genotype variation, so with a common σ² and common covariate effects its variance is also
 * σ²/ΣS_b (up to the few covariate degrees of freedom the banks spend separately), and both estimate the same β
 * (the meta-analysis is OLS in the model with bank-specific covariate effects; Hausman: Var(β_M − β_P) =
 * Var(β_M) − Var(β_P)). Hence, on variants with enough minor alleles in every bank for the asymptotics (MAC ≥ 20
 * in each, all three banks present):
 *
 * <ul>
 *   <li>SE_meta / SE_pooled within 1 ± {@link #SE_RATIO_TOL} for every variant: residual variances estimated
 *       separately per bank differ from the pooled one by sampling error ≈ √(2/n_b) ≤ 5.5% (AFR, 661 samples) on
 *       the variance, ≤ 2.8% on an SE, and the bank-specific covariate fits cost 12 of ~2500 degrees of freedom
 *       (0.5%); 5% bounds both with room for a bank whose true residual variance differs a little;
 *   <li>|β_meta − β_pooled| ≤ {@link #BETA_SD_TOL} · SE_pooled: by Hausman the difference has SD
 *       SE_pooled·√(ratio² − 1) ≤ 0.32·SE_pooled at ratio 1.05, so 4 SD over ~800 variants is 1.3 SE;
 *   <li>correlation of Z_meta and Z_pooled over the variants ≥ {@link #Z_CORR_MIN}: under Hausman corr(β_M, β_P) =
 *       SE_P/SE_M ≥ 1/1.05 = 0.952 per variant.
 * </ul>
 *
 * Measured (2026-11-30): 748 of 829 variants compared; SE ratio median 0.9955, range 0.9660–1.0460; max
 * |Δβ|/SE_pooled 0.416; corr(Z) 0.9937.
 *
 * The pooled GWAS without the bank covariate is not the comparator: it also uses the between-bank (ancestry)
 * differences in allele frequency and phenotype mean, which the per-bank analyses discard.
 */
class MetaThreeBankSparkTest extends SparkTestBase {
    private static final Logger LOG = LoggerFactory.getLogger(MetaThreeBankSparkTest.class);
    static final double SE_RATIO_TOL = 0.05;
    static final double BETA_SD_TOL = 1.3;
    static final double Z_CORR_MIN = 0.95;
    static final String[] BANKS = {"bankA_EUR_AMR", "bankB_AFR", "bankC_EAS_SAS"};

    @TempDir
    static Path tmp;

    @Test
    void metaOfThreeBanksApproximatesThePooledGwas() throws Exception {
        Path table = tmp.resolve("cineca.mvt");
        Ingests.ingest(spark(), Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz"), table, false, 2);
        Path pheno = Fixtures.resource("data/glow/gwas/continuous.tsv");
        // covariates + the bank (a category: dummies) for the bank-adjusted pooled GWAS
        Map<String, String> bankOf = new HashMap<>();
        for (String b : BANKS) {
            for (String id : Files.readAllLines(Fixtures.resource("data/freq/cineca." + b + ".vcfnames.txt"))) {
                bankOf.put(id.substring(id.indexOf('_') + 1), b);
            }
        }
        assertThat(bankOf).hasSize(2504);
        List<String> cov = Files.readAllLines(Fixtures.resource("data/glow/gwas/covariates.tsv"));
        StringBuilder withBank = new StringBuilder(cov.get(0)).append("\tbank\n");
        for (String l : cov.subList(1, cov.size())) {
            String iid = l.split("\t")[0];
            withBank.append(l).append('\t').append(bankOf.get(iid)).append('\n');
        }
        Path covBank = tmp.resolve("covariates_bank.tsv");
        Files.writeString(covBank, withBank.toString());
        String covar = Fixtures.resource("data/glow/gwas/covariates.tsv").toString();

        List<String> inputs = new ArrayList<>();
        for (String b : BANKS) {
            Path out = tmp.resolve("gwas-" + b);
            GwasPlan.run(
                    spark(),
                    gwas(table, pheno, covar, Fixtures.resource("data/freq/cineca." + b + ".vcfnames.txt"), out));
            inputs.add(out.resolve("Continuous_Trait_1.tsv.gz").toString());
        }
        Path pooled = tmp.resolve("gwas-pooled");
        GwasPlan.run(spark(), gwas(table, pheno, covBank.toString(), null, pooled));
        Path meta = tmp.resolve("meta");
        MetaPlan.run(
                spark(),
                MetaRequest.builder()
                        .inputs(inputs)
                        .randomEffects(true)
                        .out(meta.toString())
                        .arguments(List.of("meta", "test"))
                        .build());

        // per-bank minor allele counts from each bank's GWAS-SSF (EAF × 2 × n)
        List<Map<String, Double>> mac = new ArrayList<>();
        for (String in : inputs) {
            Map<String, Double> m = new HashMap<>();
            for (String[] f : ssf(Path.of(in))) {
                double eaf = Double.parseDouble(f[6]);
                m.put(key(f), Math.min(eaf, 1 - eaf) * 2 * Double.parseDouble(f[12]));
            }
            mac.add(m);
        }
        Map<String, String[]> pooledRows = byPosition(pooled.resolve("Continuous_Trait_1.tsv.gz"));
        List<String[]> metaRows = ssf(meta.resolve("meta.tsv.gz"));
        int compared = 0;
        double maxRatioDev = 0;
        double maxBetaDiff = 0;
        List<Double> zm = new ArrayList<>();
        List<Double> zp = new ArrayList<>();
        double[] ratios = new double[metaRows.size()];
        for (String[] m : metaRows) {
            String pos = key(m);
            boolean everyBank = m[11].indexOf('?') < 0;
            boolean common = true;
            for (Map<String, Double> b : mac) {
                common &= b.containsKey(pos) && b.get(pos) >= 20;
            }
            String[] p = pooledRows.get(pos);
            if (!everyBank || !common || p == null) {
                continue;
            }
            // align the pooled effect allele (its minor allele) to the meta's Allele1 (ALT)
            double sign = p[2].equals(m[2]) ? 1 : -1;
            assertThat(sign > 0 ? p[3] : p[2]).isEqualTo(m[3]);
            double bm = Double.parseDouble(m[4]);
            double sm = Double.parseDouble(m[5]);
            double bp = sign * Double.parseDouble(p[4]);
            double sp = Double.parseDouble(p[5]);
            double ratio = sm / sp;
            ratios[compared] = ratio;
            maxRatioDev = Math.max(maxRatioDev, Math.abs(ratio - 1));
            maxBetaDiff = Math.max(maxBetaDiff, Math.abs(bm - bp) / sp);
            assertThat(ratio).as("SE ratio at %s", pos).isBetween(1 - SE_RATIO_TOL, 1 + SE_RATIO_TOL);
            assertThat(Math.abs(bm - bp)).as("β difference at %s", pos).isLessThanOrEqualTo(BETA_SD_TOL * sp);
            zm.add(bm / sm);
            zp.add(bp / sp);
            compared++;
        }
        double corr = correlation(zm, zp);
        double[] r = Arrays.copyOf(ratios, compared);
        Arrays.sort(r);
        LOG.info(
                "three banks vs pooled: {} variants compared of {}; SE ratio median {} (range {}–{}), max |Δβ|/SE {},"
                        + " corr(Z) {}",
                compared,
                metaRows.size(),
                String.format(Locale.ROOT, "%.4f", r[compared / 2]),
                String.format(Locale.ROOT, "%.4f", r[0]),
                String.format(Locale.ROOT, "%.4f", r[compared - 1]),
                String.format(Locale.ROOT, "%.3f", maxBetaDiff),
                String.format(Locale.ROOT, "%.4f", corr));
        assertThat(compared).as("variants common in every bank").isGreaterThan(300);
        assertThat(corr).isGreaterThanOrEqualTo(Z_CORR_MIN);
        // the banks' GWAS chose their own minor allele as A1: the meta had to swap many of them
        JsonNode s = new ObjectMapper().readTree(meta.resolve("summary.json").toFile());
        assertThat(s.at("/alignment/swapped").asInt()).isGreaterThan(0);
        assertThat(s.at("/dropped_by_reason").size()).isZero();
        assertThat(s.at("/variants_by_number_of_studies/3").asInt()).isGreaterThanOrEqualTo(compared);
    }

    static GwasRequest gwas(Path table, Path pheno, String covar, Path keep, Path out) {
        return GwasRequest.builder()
                .table(table.toString())
                .phenoFile(pheno.toString())
                .phenoNames(List.of("Continuous_Trait_1"))
                .covarFile(covar)
                .model("linear")
                .keep(keep == null ? null : keep.toString())
                .out(out.toString())
                .arguments(List.of("gwas", "test"))
                .build();
    }

    static List<String[]> ssf(Path p) throws IOException {
        List<String> lines = MetaSparkTest.gunzipLines(p);
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            rows.add(l.split("\t", -1));
        }
        return rows;
    }

    static Map<String, String[]> byPosition(Path p) throws IOException {
        Map<String, String[]> m = new HashMap<>();
        for (String[] f : ssf(p)) {
            m.put(key(f), f);
        }
        return m;
    }

    /** position and unordered alleles of a GWAS-SSF row (the cohort has multi-allelic sites split in rows) */
    static String key(String[] f) {
        return f[1] + ":" + (f[2].compareTo(f[3]) < 0 ? f[2] + "/" + f[3] : f[3] + "/" + f[2]);
    }

    static double correlation(List<Double> x, List<Double> y) {
        int n = x.size();
        double mx = x.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double my = y.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x.get(i) - mx;
            double dy = y.get(i) - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
