package org.musubi.table.write;

/**
 * A record {@link RowSink} refuses: out of order or a duplicate. Says which column, the value, why and the fix;
 * the reader turns it into its own bad-record report (ingest: a strict-mode error or a quarantine line).
 */
public final class RowRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why: records out of genome order, or a variant written twice. */
    public enum Reason {
        UNSORTED,
        DUPLICATE
    }

    public final Reason reason;
    public final String field;
    public final String value;
    public final String fix;

    RowRejectedException(Reason reason, String field, String value, String problem, String fix) {
        super(problem);
        this.reason = reason;
        this.field = field;
        this.value = value;
        this.fix = fix;
    }
}
