/**
 * PLINK 1 binary filesets ({@code .bed/.bim/.fam}), plain Java on bytes and streams (no Spark or Hadoop: a build
 * rule enforces it): the {@code .bed} codec ({@link org.musubi.io.plink.BedCodec}), {@code .bim} lines by byte
 * range ({@link org.musubi.io.plink.BimLines}) and their fields ({@link org.musubi.io.plink.BimRecord}), and
 * {@code .fam} lines ({@link org.musubi.io.plink.FamRecord}). Used by ingest (PLINK 1 in), export (PLINK 1 out)
 * and the sample manifest ({@code .fam}).
 *
 * <h2>Conventions</h2>
 *
 * <ul>
 *   <li>plink2's: {@code .bim} column 5 (A1) is ALT and column 6 (A2) is REF, unless the reader is told the file
 *       was made the other way ({@code a1IsAlt = false}). Allele {@code 0} or {@code .} is a missing allele,
 *       stored as {@code .}.
 *   <li>{@code .bed}: magic {@code 6c 1b 01} (variant-major), then per variant ceil(N/4) bytes; sample i in byte
 *       i/4 at bits 2·(i mod 4), low bits first; {@code 00} hom A1, {@code 01} missing, {@code 10} het, {@code 11}
 *       hom A2 (SPECS §9.2).
 *   <li>A {@code .bim} line belongs to the byte range its first byte lies in; empty lines are skipped and do not
 *       count as variants.
 * </ul>
 */
package org.musubi.io.plink;
