/**
 * Principal component analysis kernels with plink2 semantics (SPECS §7.5): plain Java on primitive arrays, no Spark,
 * Hadoop or Scala (the root pom's RestrictImports rule covers {@code org.musubi.stats.**}). The {@code qc} job's PCA
 * step ({@code org.musubi.qc.PcaPass}) feeds {@link org.musubi.stats.pca.Standardize}, {@link
 * org.musubi.stats.pca.BlockProducts} and {@link org.musubi.stats.pca.SparseBlock} blocks of genotype codes read through {@code table.scan.GenotypeBlocks}, sums
 * the tasks' products with {@link org.musubi.stats.pca.ExactSums} (the same totals for any number of tasks) and
 * solves on the driver with {@link org.musubi.stats.pca.BlockKrylov}.
 *
 * <h2>Glossary</h2>
 *
 * <ul>
 *   <li><b>x</b>: a standardised genotype, plink2's {@code (g − 2q)/√(2q(1−q))} with g the ALT allele count and q
 *       the ALT frequency over the PCA samples' founders; a missing call is 0.
 *   <li><b>block</b>: b variants × n samples of x, variant-major: variant j's values at {@code [j·n, (j+1)·n)}.
 *   <li><b>GRM</b>: A = XXᵀ/m over the m PCA variants (n × n); the PCs are its top eigenvectors (unit norm) and
 *       the eigenvalues are plink2's {@code .eigenval}.
 *   <li><b>panel</b>: an n × L matrix stored sample-major ({@code [i·L + c]}), what the Krylov passes multiply.
 * </ul>
 */
package org.musubi.stats.pca;
