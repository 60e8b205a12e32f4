/**
 * Integrity of what Musubi writes: every file of a table or a job's output has a digest recorded when it is
 * written, and every reader checks it before it uses the bytes.
 *
 * <ul>
 *   <li>{@code _SUCCESS} holds the digest of the directory's manifest ({@code _table.json}, or the run summary);
 *       {@link Manifests} writes and checks it.
 *   <li>The manifest holds the digests of the other files: {@code _table.json}'s {@code files}, the run summary's
 *       {@code file_digests} ({@link FileDigest}: size and CRC32C of the whole file).
 *   <li>A variant Parquet file, of which a task reads only some columns and row groups, has a CRC32C per column
 *       chunk and one of its tail (indexes and footer) ({@link ParquetDigest}); {@link VerifyingInputFile} checks
 *       the chunks a reader reads as they pass, so verification costs no extra read.
 *   <li>A mismatch is an {@link IntegrityException}: a user error naming the file, the byte range and the fix.
 *       {@code table.IntegrityCheck} checks a whole directory ({@code inspect --verify}).
 * </ul>
 *
 * This package sits below {@code format} and {@code table} (it imports neither): {@code format.TableMetadata}
 * records its digests.
 *
 * Directories written before digests existed (an empty {@code _SUCCESS}) are read unverified, with one INFO line.
 */
package org.musubi.integrity;
