package org.musubi.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.jobs.options.OutputDirOptions;
import org.musubi.jobs.options.TableOption;
import org.musubi.qc.PruneSettings;
import org.musubi.qc.QcPlan;
import org.musubi.qc.QcRequest;
import org.musubi.qc.QcStep;
import org.musubi.stats.qc.SexCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code musubi qc}: sample and variant QC, KING-robust kinship, an unrelated set and PCA with GWAS covariates, with
 * plink2's semantics.
 */
@Command(
        name = "qc",
        header = "Sample/variant QC, KING, unrelated set, PCA covariates (plink2).",
        sortOptions = false,
        description = {
            "Steps (--steps, any subset, run in this order): sample (call rate as plink2",
            "--missing, het F on autosomes as --het, sex check on chrX outside the PARs as",
            "--check-sex), variant (call rate, HWE exact and MAF over founders), prune (LD",
            "pruning as plink2 --indep-pairwise on common autosomal variants that passed",
            "QC, outside long-range LD regions), king (KING-robust kinship on autosomes as",
            "--make-king-table, on the samples and variants that passed QC), unrelated",
            "(plink2 --king-cutoff's greedy unrelated set), pca (plink2 --pca K on the",
            "unrelated set, else the QC-passing samples, over the pruned set, else",
            "autosomal variants passing variant QC, with MAF >= --pca-min-maf; every other",
            "sample projected onto the same axes).",
            "",
            "Outputs: qc.smiss, qc.het, qc.sexcheck, samples.qc.tsv, keep.samples.txt,",
            "qc.vmiss, variants.qc.parquet, keep.variants.txt, prune.in, prune.out,",
            "keep.variants.pruned.txt, king.kin0, king.parquet, king.pedigree.tsv (when the",
            "manifest has FID/PAT/MAT), unrelated.txt, unrelated.remove.txt, pca.eigenvec,",
            "pca.eigenval, pca.eigenvec.allele, pca.afreq, pca.projected.eigenvec,",
            "covariates.tsv, pca.html and summary.json. keep.samples.txt and unrelated.txt",
            "are read by gwas --keep, covariates.tsv by gwas --covar.",
            "",
            "Projected PCs are on the .eigenvec scale: PC = -SCORE_SUM / (m *",
            "sqrt(eigenvalue)) of plink2 --score pca.eigenvec.allele 2 5 header-read",
            "variance-standardize --read-freq pca.afreq."
        },
        footer = {
            "",
            "Examples:",
            "  bin/musubi qc --table cohort.mvt --out cohort.qc/",
            "  bin/musubi qc --table cohort.mvt --steps king,unrelated --king-cutoff 0.177 \\",
            "      --out cohort.king/",
            "  bin/musubi qc --table cohort.mvt --steps sample,variant,king,unrelated,pca \\",
            "      --pca 10 --out cohort.qc/"
        })
public final class QcJob extends JobBase {
    @Mixin
    TableOption input;

    @Option(
            names = "--steps",
            split = ",",
            paramLabel = "S",
            description = "steps to run: sample, variant, prune, king, unrelated, pca (default: all but pca)")
    List<String> steps = new ArrayList<>(List.of("sample", "variant", "prune", "king", "unrelated"));

    @Option(
            names = "--sample-min-call-rate",
            paramLabel = "F",
            description = "samples called at fewer variants fail (default ${DEFAULT-VALUE})")
    double sampleMinCallRate = 0.95;

    @Option(
            names = "--het-sd",
            paramLabel = "K",
            description = "samples with het F more than K SD from the mean fail; 0: off (default ${DEFAULT-VALUE})")
    double hetSd = 3;

    @Option(
            names = "--max-female-xf",
            paramLabel = "F",
            description = "sex check: chrX F below this is XX (default ${DEFAULT-VALUE})")
    double maxFemaleXf = 0.2;

    @Option(
            names = "--min-male-xf",
            paramLabel = "F",
            description = "sex check: chrX F above this is XY (default ${DEFAULT-VALUE})")
    double minMaleXf = 0.8;

    @Option(
            names = "--variant-min-call-rate",
            paramLabel = "F",
            description = "variants called in fewer samples fail (default ${DEFAULT-VALUE})")
    double variantMinCallRate = 0.95;

    @Option(
            names = "--hwe",
            paramLabel = "P",
            description = "variants with founders' HWE exact p below P fail; 0: off (default ${DEFAULT-VALUE})")
    double hwe = 1e-6;

    @Option(names = "--maf", paramLabel = "F", description = "variants with founders' MAF below F fail (default: off)")
    double maf;

    @Option(
            names = "--prune-window",
            paramLabel = "W",
            description = "LD pruning window: variants (50) or kb (1000kb), as plink2 --indep-pairwise (default"
                    + " ${DEFAULT-VALUE})")
    String pruneWindow = "1000kb";

    @Option(
            names = "--prune-step",
            paramLabel = "S",
            description = "LD pruning: variants the window advances by; 1 with kb (default ${DEFAULT-VALUE})")
    int pruneStep = 1;

    @Option(
            names = "--prune-r2",
            paramLabel = "R2",
            description = "LD pruning: pairs with r² above R2 lose their lower-MAF variant (default ${DEFAULT-VALUE})")
    double pruneR2 = 0.1;

    @Option(
            names = "--prune-maf",
            paramLabel = "F",
            description = "LD pruning: only variants with founders' MAF >= F (default ${DEFAULT-VALUE})")
    double pruneMaf = 0.01;

    @Option(
            names = "--exclude-range",
            paramLabel = "FILE",
            description = "LD pruning: leave out these ranges (plink --exclude range format: CHR START END) instead of"
                    + " the build's long-range LD regions (conf/long-range-ld-*.txt)")
    String excludeRange;

    @Option(
            names = "--no-long-range-ld",
            description = "LD pruning: keep the long-range LD regions in (default: left out)")
    boolean noLongRangeLd;

    @Option(
            names = "--king-table-filter",
            paramLabel = "PHI",
            description = "king.kin0 lists pairs with kinship >= PHI (default ${DEFAULT-VALUE})")
    double kingTableFilter = 0.0442;

    @Option(
            names = "--king-cutoff",
            paramLabel = "PHI",
            description = "unrelated set: pairs with kinship > PHI are related (default ${DEFAULT-VALUE})")
    double kingCutoff = 0.0884;

    @Option(
            names = "--king-tile",
            paramLabel = "N",
            description = "KING: samples per side of a tile of sample pairs (default: automatic)")
    int kingTile;

    @Option(names = "--pca", paramLabel = "K", description = "pca: principal components (default ${DEFAULT-VALUE})")
    int pcaK = 10;

    @Option(
            names = "--pca-mode",
            paramLabel = "M",
            description = "pca: exact (GRM) or approx (randomized block Krylov, as plink2 --pca approx);"
                    + " default exact up to 5000 PCA samples")
    String pcaMode;

    @Option(
            names = "--pca-variants",
            paramLabel = "FILE",
            description = "pca: only these variant IDs (one per line, e.g. plink2's .prune.in)")
    String pcaVariants;

    @Option(
            names = "--pca-min-maf",
            paramLabel = "F",
            description = "pca: least minor allele frequency of a PCA variant (default ${DEFAULT-VALUE})")
    double pcaMinMaf = 0.01;

    @Option(
            names = "--pca-from",
            paramLabel = "DIR",
            description = "pca: project every sample onto the PCA of another qc output DIR instead of fitting")
    String pcaFrom;

    @Option(names = "--partitions", paramLabel = "N", description = "tasks (default: automatic)")
    int partitions;

    @Mixin
    OutputDirOptions output;

    private QcRequest request;

    @Override
    protected String name() {
        return "qc";
    }

    @Override
    protected String output() {
        return output.out;
    }

    @Override
    protected void validate() {
        checkPartitions(partitions);
        rate("--sample-min-call-rate", sampleMinCallRate);
        rate("--variant-min-call-rate", variantMinCallRate);
        rate("--hwe", hwe);
        if (!(maf >= 0 && maf <= 0.5)) {
            throw new MusubiUserException("--maf " + maf + ": use a minor allele frequency in [0, 0.5]");
        }
        if (!(hetSd >= 0)) {
            throw new MusubiUserException("--het-sd " + hetSd + ": use a number of standard deviations >= 0 (0: off)");
        }
        if (!(maxFemaleXf <= minMaleXf)) {
            throw new MusubiUserException("--max-female-xf " + maxFemaleXf + " is above --min-male-xf " + minMaleXf
                    + ": the female threshold must not exceed the male one (plink: 0.2 and 0.8)");
        }
        if (kingTile < 0) {
            throw new MusubiUserException("--king-tile " + kingTile + ": use a positive number of samples, or 0");
        }
        if (pcaMode != null && !pcaMode.equals("exact") && !pcaMode.equals("approx")) {
            throw new MusubiUserException("--pca-mode " + pcaMode + ": use exact or approx");
        }
        if (pcaK < 1) {
            throw new MusubiUserException("--pca " + pcaK + ": use a number of principal components >= 1");
        }
        if (!(pcaMinMaf >= 0 && pcaMinMaf < 0.5)) {
            throw new MusubiUserException("--pca-min-maf " + pcaMinMaf + ": use a minor allele frequency in [0, 0.5)");
        }
        request = QcRequest.builder()
                .table(input.table)
                .steps(QcStep.parse(steps))
                .sampleMinCallRate(sampleMinCallRate)
                .hetSd(hetSd)
                .sexCheck(new SexCheck(maxFemaleXf, minMaleXf))
                .variantMinCallRate(variantMinCallRate)
                .hwe(hwe)
                .maf(maf)
                .kingTableFilter(kingTableFilter)
                .kingCutoff(kingCutoff)
                .kingTile(kingTile)
                .prune(PruneSettings.of(pruneWindow, pruneStep, pruneR2, pruneMaf, !noLongRangeLd, excludeRange))
                .partitions(partitions)
                .pcaK(pcaK)
                .pcaMode(pcaMode)
                .pcaVariants(pcaVariants)
                .pcaMinMaf(pcaMinMaf)
                .pcaFrom(pcaFrom)
                .out(output.out)
                .overwrite(output.overwrite)
                .arguments(arguments())
                .build();
    }

    private static void rate(String option, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new MusubiUserException(option + " " + v + ": use a value in [0, 1]");
        }
    }

    @Override
    protected int run(SparkSession spark) throws Exception {
        QcPlan.run(spark, request);
        return 0;
    }
}
