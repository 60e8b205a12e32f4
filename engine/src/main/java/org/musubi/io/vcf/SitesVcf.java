package org.musubi.io.vcf;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.musubi.format.NumberFormats;
import org.musubi.util.ByteText;

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

    /**
     * One site: CHROM to ALT, QUAL and FILTER {@code .}, and the INFO fields in the order put. The text goes straight
     * into one growing byte buffer (UTF-8; no per-field Strings but the floats' digits), written out by {@link
     * #endTo} without a String copy of the line.
     */
    public static final class Line {
        private final ByteText b;
        /** Where INFO starts; the line has INFO fields when it is longer. */
        private final int infoStart;

        /** A site; a null ID is written as {@code .}. */
        public Line(String contig, int pos, String id, String ref, String alt) {
            this(new ByteText(2048), contig, pos, id, ref, alt);
        }

        /**
         * A site written into {@code buffer} (emptied first): a writer of many lines passes the same buffer each time,
         * done with the previous line ({@link #endTo}) before it starts the next.
         */
        public Line(ByteText buffer, String contig, int pos, String id, String ref, String alt) {
            b = buffer;
            b.clear();
            b.add(contig).add('\t').add(pos).add('\t');
            b.add(id == null ? "." : id).add('\t').add(ref).add('\t');
            b.add(alt).add("\t.\t.\t");
            infoStart = b.length();
        }

        /** An INFO field {@code key=value}. */
        public Line put(String key, String value) {
            Objects.requireNonNull(value);
            key(key).add(value);
            return this;
        }

        public Line put(String key, long value) {
            key(key).add(value);
            return this;
        }

        /** A float INFO field, {@link NumberFormats#javaG6}. */
        public Line putFloat(String key, double value) {
            NumberFormats.javaG6(value, key(key));
            return this;
        }

        /** The line, with its newline. */
        public String end() {
            finish();
            return b.toString();
        }

        /** Writes the line, with its newline, to {@code out} (as {@link #end}'s UTF-8 bytes). */
        public void endTo(OutputStream out) throws IOException {
            finish();
            b.writeTo(out);
        }

        private void finish() {
            if (b.length() == infoStart) {
                b.add('.');
            }
            b.add('\n');
        }

        private ByteText key(String key) {
            if (b.length() > infoStart) {
                b.add(';');
            }
            return b.add(key).add('=');
        }
    }
}
