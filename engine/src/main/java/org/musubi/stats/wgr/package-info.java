/**
 * Whole-genome regression kernels, REGENIE v1.0.6.7's step 1 (SPECS §8.1): plain Java on primitive arrays, no
 * Spark, Hadoop or Scala (the root pom's RestrictImports rule covers {@code org.musubi.stats.**}). The {@code wgr}
 * job's plan ({@code org.musubi.wgr}) prepares the covariate basis and phenotypes here ({@link
 * org.musubi.stats.wgr.WgrPhenotypes}), runs {@link org.musubi.stats.wgr.Level0} in Spark tasks on blocks read
 * through {@code table.scan.GenotypeBlocks}, and {@link org.musubi.stats.wgr.Level1} / {@link
 * org.musubi.stats.wgr.Level1Logistic} on the driver.
 *
 * <h2>Glossary</h2>
 *
 * <ul>
 *   <li><b>n</b>: samples in the analysis, in table order (folds are contiguous runs of them, as REGENIE's).
 *   <li><b>block</b>: b consecutive variants of one chromosome, n × b column-major (variant j at {@code [j·n,
 *       (j+1)·n)}).
 *   <li><b>L</b>: ridge values per level (5: h² ∈ {0.01, 0.25, 0.5, 0.75, 0.99}, {@link
 *       org.musubi.stats.wgr.RidgeGrid}).
 *   <li><b>features</b>: level-0 predictions, n × (blocks·L) column-major per phenotype, block k's at columns
 *       {@code [k·L, (k+1)·L)}, each centred and scaled over the phenotype's samples.
 *   <li><b>mask</b>: per phenotype, the samples whose value is observed (binary traits; a quantitative trait's
 *       missing values are mean-imputed, as REGENIE's step 1, so its mask is all true).
 *   <li><b>group</b>: the feature columns of one chromosome; LOCO = total prediction − the group's contribution.
 * </ul>
 */
package org.musubi.stats.wgr;
