/**
 * Writing a variant table, for every reader (VCF ingest and simulate today; BGEN, PLINK and ADAM next).
 *
 * <p>In each task the reader fills {@link org.musubi.table.write.RowSink#row()} with a variant's site fields, calls
 * {@link org.musubi.table.write.RowSink#checkOrder} and {@link org.musubi.table.write.RowSink#checkNew} for the
 * record, then {@link org.musubi.table.write.RowSink#write} with each row's genotype, ploidy, phase and dosage
 * arrays; the sink computes the stored counts, packs the calls ({@code format.calls}), accumulates the chrX sex
 * evidence ({@link org.musubi.stats.SexEvidence}) and writes one Parquet file per contig run. The task returns the
 * sink's {@link org.musubi.table.write.WrittenRows}; on the driver a {@link org.musubi.table.write.TableAssembler}
 * takes them in genome order, moves the files under {@code variants/}, and writes {@code samples.parquet},
 * {@code _table.json} and {@code _SUCCESS}. The reader sets what only it knows (bank, build, sources, header) on
 * the assembler's metadata.
 */
package org.musubi.table.write;
