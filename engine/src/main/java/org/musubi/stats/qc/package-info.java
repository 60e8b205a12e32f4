/**
 * Sample/variant QC and relatedness kernels with PLINK semantics (SPECS §7): plain Java on primitive arrays, no
 * Spark, Hadoop or Scala (the root pom's RestrictImports rule covers {@code org.musubi.stats.**}). The {@code qc}
 * job's plans ({@code org.musubi.qc}) feed them blocks of genotype codes read through {@code
 * table.scan.GenotypeBlocks}.
 *
 * <h2>Glossary</h2>
 *
 * <ul>
 *   <li><b>code</b>: a hard call as {@code format.calls.GenotypeCode} stores it: 0 hom-REF, 1 het, 2 hom-ALT (a
 *       haploid ALT call is 2), 3 missing.
 *   <li><b>block</b>: B variants × n samples, column-major: variant j's codes at {@code [j·n, (j+1)·n)}.
 *   <li><b>ehet</b>: a variant's expected heterozygosity 2p(1−p) from the founders' REF frequency p (PLINK 2
 *       {@code --het}); <b>F</b> = 1 − O(HET)/E(HET) over a sample's called variants.
 *   <li><b>founder</b>: a sample whose PAT and MAT are both {@code 0} (or unknown), as plink2's {@code .psam}.
 *   <li><b>planes</b>: KING's bit planes, 64 variants per {@code long}, per sample: hom (hom-REF or hom-ALT) and
 *       ref-or-het (plink2's encoding; a missing call sets neither), {@code KingBlock}.
 * </ul>
 */
package org.musubi.stats.qc;
