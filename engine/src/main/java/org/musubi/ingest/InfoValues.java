package org.musubi.ingest;

import org.musubi.format.VariantTableSchema.InfoColumn;
import org.musubi.io.vcf.BadRecordException;

/** Converts a raw INFO value to the value of its table column for one split row. */
final class InfoValues {
    private InfoValues() {}

    /**
     * @param raw the value as written (null: key absent; "": flag present)
     * @param j 0-based index of the row's ALT among the record's ALTs
     */
    static Object convert(InfoColumn col, String raw, int j, int altCount) throws BadRecordException {
        if (col.type() == org.musubi.format.VariantTableSchema.InfoType.FLAG) {
            if (raw != null && !raw.isEmpty()) {
                throw bad(col, raw, "a Flag takes no value");
            }
            return raw != null;
        }
        if (raw == null || raw.equals(".")) {
            return null;
        }
        if (raw.isEmpty()) {
            throw bad(col, raw, "no value given");
        }
        String v = raw;
        if (col.perAlt()) {
            String[] parts = raw.split(",", -1);
            if (parts.length != Math.max(1, altCount)) {
                throw bad(col, raw, "Number=A field has " + parts.length + " values for " + altCount + " ALT alleles");
            }
            v = parts[j];
            if (v.equals(".")) {
                return null;
            }
        }
        try {
            return switch (col.type()) {
                case INT -> Long.parseLong(v);
                case FLOAT -> Double.parseDouble(v);
                case STRING -> v;
                case FLAG -> throw new IllegalStateException();
            };
        } catch (NumberFormatException e) {
            throw bad(col, raw, "not a number of the header's Type");
        }
    }

    private static BadRecordException bad(InfoColumn col, String raw, String problem) {
        return new BadRecordException(
                BadRecordException.Reason.BAD_INFO,
                "INFO/" + col.key(),
                raw,
                problem,
                "fix the value, or leave the field out of --info-fields");
    }
}
