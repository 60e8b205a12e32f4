package org.musubi.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.musubi.table.write.WrittenRows;

/** What a task reports back for its split: rows written, counts, bad records. */
public final class SplitResult implements Serializable {
    private static final long serialVersionUID = 1L;

    public int splitIndex;
    /** SHA-256 of the file's bytes (checksum tasks only). */
    public String sha256;

    public int fileIndex;
    /** Lines owned by the split (header lines included for the first split). */
    public long lines;
    /** VCF records read (data lines, good and bad). */
    public long records;

    public long multiallelicRecords;
    /** The rows written (null for checksum tasks). */
    public WrittenRows written;

    public final List<QuarantineRecord> bad = new ArrayList<>();
    public long badCount;
    /** Strict mode: the first bad record, at which the split stopped. */
    public QuarantineRecord fatal;
}
