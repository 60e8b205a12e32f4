package org.musubi.io.vcf;

import java.util.Objects;
import org.musubi.format.NumberFormats;

/**
 * The text of a sites-only VCF (VCF 4.2, no FORMAT or sample columns): a {@link Header} builder and a {@link Line}
 * builder with {@code key=value} INFO fields. Floats are printed by {@link NumberFormats#javaG6}, a missing INFO as
 * {@code .}. Used by freq and freq-merge for {@code frequencies.sites.vcf.gz}; the callers choose the order of the
 * lines and compress them.
 */
public final class SitesVcf {
    private SitesVcf() {}

    /** The header: {@code ##fileformat}, then meta, contig and INFO lines in the order added, then {@code #CHROM}. */
    public static final class Header {
        private final StringBuilder h = new StringBuilder("##fileformat=VCFv4.2\n");

        /** A {@code ##key=value} line. */
        public Header meta(String key, Object value) {
            h.append("##").append(key).append('=').append(value).append('\n');
            return this;
        }

        /** A {@code ##contig} line; the length is left out when null. */
        public Header contig(String id, Long length) {
            h.append("##contig=<ID=").append(id);
            if (length != null) {
                h.append(",length=").append(length);
            }
            h.append(">\n");
            return this;
        }

        /** A {@code ##INFO} line. */
        public Header info(String id, String number, String type, String description) {
            h.append("##INFO=<ID=")
                    .append(id)
                    .append(",Number=")
                    .append(number)
                    .append(",Type=")
                    .append(type)
                    .append(",Description=\"")
                    .append(description)
                    .append("\">\n");
            return this;
        }

        /** The header text, ending with the {@code #CHROM} line. */
        public String end() {
            return h + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
        }
    }

    /** One site: CHROM to ALT, QUAL and FILTER {@code .}, and the INFO fields in the order put. */
    public static final class Line {
        private final StringBuilder b;
        private final StringBuilder info = new StringBuilder(512);

        /** A site; a null ID is written as {@code .}. */
        public Line(String contig, int pos, String id, String ref, String alt) {
            b = new StringBuilder(512);
            b.append(contig).append('\t').append(pos).append('\t');
            b.append(id == null ? "." : id).append('\t').append(ref).append('\t');
            b.append(alt).append("\t.\t.\t");
        }

        /** An INFO field {@code key=value}. */
        public Line put(String key, String value) {
            Objects.requireNonNull(value);
            if (info.length() > 0) {
                info.append(';');
            }
            info.append(key).append('=').append(value);
            return this;
        }

        public Line put(String key, long value) {
            if (info.length() > 0) {
                info.append(';');
            }
            info.append(key).append('=').append(value);
            return this;
        }

        /** A float INFO field, {@link NumberFormats#javaG6}. */
        public Line putFloat(String key, double value) {
            return put(key, NumberFormats.javaG6(value));
        }

        /** The line, with its newline. */
        public String end() {
            return b.append(info.length() == 0 ? "." : info).append('\n').toString();
        }
    }
}
