package org.musubi.ingest;

import java.io.Serializable;
import org.musubi.io.InputFile;

/**
 * One unit of ingest work: the lines of {@code file} owned by the byte range [start, end) (block offsets of a BGZF
 * file; the whole file for other compressions).
 *
 * @param index position of this split in the job (files in input order, splits in file order)
 * @param fileIndex index of the file among the inputs
 * @param first whether the split starts the file (it then reads past the header)
 * @param checksumOnly a task that only computes the file's SHA-256 (one per file, run beside the ingest tasks)
 */
public record SplitSpec(
        int index, int fileIndex, InputFile file, long start, long end, boolean first, boolean checksumOnly)
        implements Serializable {}
