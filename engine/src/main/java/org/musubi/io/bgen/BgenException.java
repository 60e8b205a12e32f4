package org.musubi.io.bgen;

/**
 * A BGEN file (or a variant in it) that cannot be read: why, where (variant and byte offset) and the fix. Thrown by
 * the decoder; ingest turns it into a strict-mode error line (with the file) or, for a variant, a quarantine line.
 */
public final class BgenException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong (the quarantine reason). */
    public enum Reason {
        BAD_MAGIC,
        BAD_HEADER,
        TRUNCATED,
        BAD_BLOCK,
        BAD_PROBABILITIES,
        UNSUPPORTED
    }

    public final Reason reason;
    /** Byte offset in the file of the variant (or the header field) at fault. */
    public final long offset;
    /** 1-based index of the variant in the file, or 0 for the header. */
    public final long variant;

    public final String fix;

    public BgenException(Reason reason, long variant, long offset, String problem, String fix) {
        super(problem);
        this.reason = reason;
        this.variant = variant;
        this.offset = offset;
        this.fix = fix;
    }

    /** Whether the file cannot be read past this point (as opposed to one bad variant that can be skipped). */
    public boolean fatal() {
        return reason == Reason.BAD_MAGIC || reason == Reason.BAD_HEADER || reason == Reason.TRUNCATED;
    }

    /** "variant N (where), byte offset X: problem; fix" ({@code where} may be null). */
    public String describe(String where) {
        String at = variant > 0
                ? "variant " + variant + (where == null ? "" : " (" + where + ")") + ", byte offset " + offset
                : "header, byte offset " + offset;
        return at + ": " + getMessage() + (fix == null ? "" : "; " + fix);
    }
}
