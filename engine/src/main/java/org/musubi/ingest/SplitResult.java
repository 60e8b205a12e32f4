package org.musubi.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** What a task reports back for its split: files written, counts, bad records. */
public final class SplitResult implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One Parquet file written by the task (path relative to the task's attempt directory). */
    public record WrittenFile(String contig, String relativePath, long rows, int firstPos, int lastPos)
            implements Serializable {}

    public int splitIndex;
    /** SHA-256 of the file's bytes (checksum tasks only). */
    public String sha256;

    public int fileIndex;
    /** Lines owned by the split (header lines included for the first split). */
    public long lines;
    /** VCF records read (data lines, good and bad). */
    public long records;

    public long rows;
    public long multiallelicRecords;
    public boolean anyPhase;
    public boolean anyDosage;
    public String attemptDir;
    public final List<WrittenFile> files = new ArrayList<>();
    public final List<QuarantineRecord> bad = new ArrayList<>();
    public long badCount;
    /** Strict mode: the first bad record, at which the split stopped. */
    public QuarantineRecord fatal;
    /** Sex evidence from chrX outside the PARs, or null if the split had none. */
    public SexEvidence sex;
    /** Contigs in order of appearance. */
    public final List<String> contigs = new ArrayList<>();
}
