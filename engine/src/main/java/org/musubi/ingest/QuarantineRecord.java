package org.musubi.ingest;

import java.io.Serializable;

/**
 * A bad input record and why: written to {@code _quarantine/} in lenient mode, or reported as the error in strict
 * mode.
 *
 * @param lineInSplit 0-based index of the line among the lines its split owns
 * @param contig CHROM as written, or null if unreadable
 * @param pos POS as written, or null
 */
public record QuarantineRecord(
        int splitIndex,
        long lineInSplit,
        String contig,
        String pos,
        String reason,
        String field,
        String value,
        String problem,
        String fix,
        String recordPrefix)
        implements Serializable {

    /** "column 'value': problem; fix". */
    public String describe() {
        String v = value == null ? "" : " '" + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + "'";
        return field + v + ": " + problem + (fix == null ? "" : "; " + fix);
    }
}
