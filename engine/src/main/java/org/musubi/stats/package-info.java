/**
 * GWAS regression kernels: plain Java on primitive {@code double[]} arrays, no Spark, Hadoop or
 * Scala (a build rule enforces it). The plan layer prepares one {@link
 * org.musubi.stats.CovariateBasis} per sample set on the driver, broadcasts it with the kernels
 * ({@link org.musubi.stats.LinearRegression}, {@link org.musubi.stats.LogisticRegression}), and
 * each task tests blocks of variants against all phenotypes into reusable result buffers. The
 * semantics are PLINK 2 {@code --glm}'s (SPECS §3): predictors, per-variant sample dropping,
 * {@code --max-corr}/{@code --vif}, firth-fallback and the {@code ERRCODE} values ({@link
 * org.musubi.stats.GlmErrcode}). Other kernels here: meta-analysis, and {@link
 * org.musubi.stats.SexEvidence} (chrX sex inference, fed by the table writer).
 *
 * <h2>Glossary</h2>
 *
 * <ul>
 *   <li><b>n</b> ({@code sampleCount}): samples with every phenotype of the set and every
 *       covariate; arrays indexed by sample use that order.
 *   <li><b>c</b>, <b>k</b>: covariates, and predictors without the genotype ({@code k = c + 1}:
 *       the intercept is column 0, added by {@link org.musubi.stats.CovariateBasis}). A variant's
 *       model has {@code k + 1} predictors, PLINK's {@code PREDICTOR_CT}.
 *   <li><b>m</b> ({@code phenotypeCount}): phenotypes tested together (linear only).
 *   <li><b>C</b>, <b>Q</b>, <b>R</b>: the n×k design {@code [1, covariates]} and its thin QR.
 *   <li><b>g</b>, <b>dosage</b>: the A1 allele count per sample, 0..2, fractional allowed; {@code
 *       NaN} = missing. A1 is the tested allele (PLINK: the minor one).
 *   <li><b>OBS_CT</b> ({@code obsCt}): samples used for a variant (missing genotypes dropped, or
 *       all n under mean imputation).
 *   <li><b>lnP</b>: natural log of a p-value ({@link org.musubi.stats.Distributions}); p-values
 *       never leave log space inside the engine, so 1e-400 is representable.
 *   <li><b>colMajor</b>: matrix layout, element {@code (i, j)} of an {@code r}-row matrix at
 *       {@code [i + j * r]}.
 * </ul>
 */
package org.musubi.stats;
