/**
 * The packed calls of the variant table: one row per biallelic variant, its N samples' calls
 * packed 2 bits a sample, dense when common and sparse when rare. No Spark, Hadoop or Scala here
 * (a build rule enforces it): kernels use these classes on primitive arrays.
 *
 * <h2>Glossary</h2>
 *
 * <ul>
 *   <li><b>code</b>: a 2-bit value, {@code 0..3}: {@link org.musubi.format.calls.GenotypeCode},
 *       {@link org.musubi.format.calls.PhaseCode}, {@link org.musubi.format.calls.PloidyCode}.
 *   <li><b>N</b> ({@code sampleCount}): the number of samples; sample indices are {@code 0..N-1},
 *       the order of the table's sample manifest.
 *   <li><b>default value d</b>: the most frequent code of a SPARSE vector; <b>exceptions</b>: the K
 *       samples whose code differs from d.
 *   <li><b>non-ref</b>: genotype code other than HOM_REF (missing included); equals "non-default"
 *       only when {@code d == HOM_REF}.
 * </ul>
 *
 * <h2>Columns and their codecs</h2>
 *
 * <ul>
 *   <li>genotypes (required): a {@link org.musubi.format.calls.TwoBitVector} of {@code
 *       GenotypeCode}s, read through {@link org.musubi.format.calls.CallsView};
 *   <li>phase, ploidy (optional): a {@code TwoBitVector} of {@code PhaseCode}s / {@code
 *       PloidyCode}s. A writer stores {@code null} when every value is 0 (unphased / diploid),
 *       never an all-default vector ({@link org.musubi.format.calls.TwoBitVector#encodeOrNull});
 *   <li>dosages (optional): {@link org.musubi.format.calls.DosageCodec}, 16-bit fixed point;
 *   <li>{@code n_called, ac, an, n_het, n_hom_alt, n_hemi_alt, af}: {@link
 *       org.musubi.format.calls.CallCounts}.
 * </ul>
 *
 * <h2>TwoBitVector byte layout</h2>
 *
 * <pre>{@code
 * vector   := header varint(N) body
 * header   := 1 byte: bits 0-1 encoding (0 DENSE, 1 SPARSE)
 *                     bits 2-3 default value d (SPARSE only; 0 for DENSE)
 *                     bits 4-7 reserved, 0
 * body     := DENSE | SPARSE
 * DENSE    := ceil(N/4) bytes: the value of sample i is bits 2*(i%4)..2*(i%4)+1 of byte i/4
 *             (sample 0 in the low bits); pad bits after sample N-1 are 0
 * SPARSE   := varint(K) K*varint(gap) ceil(K/4) bytes of packed values
 *             the K exceptions are the samples whose value != d, in increasing index order;
 *             gap_j = idx_j - idx_(j-1) - 1 with idx_(-1) = -1;
 *             packed value j = value of exception j, laid out as in DENSE (pad bits 0)
 * varint   := unsigned LEB128: 7 bits a byte, low group first, high bit = more bytes follow
 * }</pre>
 *
 * <p>Invariants (the decoder rejects anything else with an {@code IllegalArgumentException} that
 * names the problem and its byte offset): reserved bits 0; encoding 0 or 1; DENSE has {@code d =
 * 0}; varints minimal and at most {@code 2^31 - 1}; {@code K <= N}; exception indices strictly
 * increasing and below N; no exception equal to d; pad bits 0; no trailing bytes. The encoder picks
 * d = the most frequent value (ties: lowest) and writes SPARSE only when strictly smaller than
 * DENSE.
 *
 * <h2>Dosage byte layout</h2>
 *
 * <pre>{@code
 * dosages := varint(N) N*uint16     little-endian, round(dosage * 16384), 0xFFFF = missing
 * }</pre>
 */
package org.musubi.format.calls;
