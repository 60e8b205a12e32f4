package org.musubi.io.vcf;

/**
 * A VCF record that cannot be ingested: which column, the bad value, why, and how to fix it. Thrown by the parser
 * and turned by ingest into a strict-mode error (with file and line) or a quarantine record.
 */
public final class BadRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Quarantine reason codes. */
    public enum Reason {
        COLUMN_COUNT,
        BAD_CHROM,
        BAD_POS,
        BAD_ID,
        BAD_REF,
        BAD_ALT,
        BAD_QUAL,
        BAD_FILTER,
        BAD_INFO,
        BAD_FORMAT,
        BAD_GT,
        BAD_PLOIDY,
        BAD_SAMPLE_FIELD,
        BAD_DOSAGE,
        UNSORTED,
        DUPLICATE,
        HEADER_IN_BODY,
        EMPTY_LINE,
        /** PLINK 1: the variant's bytes lie past the end of a truncated {@code .bed} (lenient mode). */
        TRUNCATED
    }

    public final Reason reason;
    public final String field;
    public final String value;
    public final String fix;

    public BadRecordException(Reason reason, String field, String value, String problem, String fix) {
        super(problem);
        this.reason = reason;
        this.field = field;
        this.value = value;
        this.fix = fix;
    }

    /** "column X: value 'v': problem; fix". */
    public String describe() {
        String v = value == null ? "" : value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return field + " '" + v + "': " + getMessage() + (fix == null ? "" : "; " + fix);
    }
}
