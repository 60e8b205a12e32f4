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

    /** The split met a record out of genome order: its rows are not used, the file is ingested again sorted. */
    public boolean unsorted;
    /** Of an unsorted split, from that record on: per contig (in order of appearance) {min pos, max pos, records}. */
    public final java.util.LinkedHashMap<String, long[]> unsortedExtent = new java.util.LinkedHashMap<>();

    /** Adds a record line's CHROM and POS to {@link #unsortedExtent} (a line without them is left out). */
    void extent(byte[] b, int len) {
        int t1 = 0;
        while (t1 < len && b[t1] != '\t') {
            t1++;
        }
        if (t1 == 0 || t1 == len) {
            return;
        }
        long pos = UnsortedInput.parsePos(b, t1 + 1, len);
        long[] e = unsortedExtent.computeIfAbsent(
                new String(b, 0, t1, java.nio.charset.StandardCharsets.UTF_8), k -> new long[] {pos, pos, 0});
        e[0] = Math.min(e[0], pos);
        e[1] = Math.max(e[1], pos);
        e[2]++;
    }
}
