/**
 * Kernels of {@code freq} (no Spark, Hadoop or Scala; the root pom's RestrictImports rule checks it): {@link
 * org.musubi.freq.count.StrataCounter}, the per-stratum genotype histograms of a variant from its packed calls (bit
 * masks on DENSE rows, carriers on SPARSE rows), and {@link org.musubi.freq.count.HweMemo}, the HWE exact P and mid-P
 * memoised per JVM in a {@link org.musubi.freq.count.PairCache} (also FAF's cache). Glossary: a stratum is a set of samples (all, a population, a sex, population × sex); the
 * expected ploidy (0, 1, 2) is what a sample should have at a site given its sex (X outside the PARs, Y).
 */
package org.musubi.freq.count;
