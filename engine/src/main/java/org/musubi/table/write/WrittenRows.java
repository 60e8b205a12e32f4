package org.musubi.table.write;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.musubi.stats.SexEvidence;

/**
 * What one {@link RowSink} wrote (a task's share of a table), sent back to the driver for {@link TableAssembler}:
 * the files per contig run, the rows, whether any row had phase or dosage, and the sex evidence from chrX.
 */
public final class WrittenRows implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * One Parquet file of one contig run (path relative to {@link #dir}), with its first and last position and its
     * digests (null: {@link TableAssembler} computes them).
     */
    public record File(
            String contig,
            String relativePath,
            long rows,
            int firstPos,
            int lastPos,
            org.musubi.integrity.ParquetDigest digest)
            implements Serializable {
        public File(String contig, String relativePath, long rows, int firstPos, int lastPos) {
            this(contig, relativePath, rows, firstPos, lastPos, null);
        }
    }

    /** The task's directory the files lie in. */
    public final String dir;

    public final List<File> files = new ArrayList<>();
    /** Contigs in order of appearance. */
    public final List<String> contigs = new ArrayList<>();

    public long rows;
    public boolean anyPhase;
    public boolean anyDosage;
    /** Evidence from rows of biallelic records on chrX outside the PARs, or null if there were none. */
    public SexEvidence sex;

    WrittenRows(String dir) {
        this.dir = dir;
    }
}
