/**
 * The BGEN v1.1/v1.2 reader kernel (SPECS §9.1), plain Java with no Spark or Hadoop imports: {@link
 * org.musubi.io.bgen.BgenHeader} (header and sample IDs), {@link org.musubi.io.bgen.BgenReader} (variant blocks from
 * any {@link org.musubi.io.bgen.ByteSource}, or a skim of their headers), {@link org.musubi.io.bgen.BgenGenotypes}
 * (decompression and probabilities → allele dosages) and {@link org.musubi.io.bgen.BgenRows} (dosages → the table's
 * biallelic rows with plink2's hard calls). Ingest ({@code ingest.bgen}) feeds them Hadoop streams and the rows to a
 * {@code table.write.RowSink}.
 */
package org.musubi.io.bgen;
