package org.musubi.io.vcf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    /**
     * One site: CHROM to ALT, QUAL and FILTER {@code .}, and the INFO fields in the order put. The text goes straight
     * into one growing byte buffer (UTF-8; no per-field Strings but the floats' digits), written out by {@link
     * #endTo} without a String copy of the line.
     */
    public static final class Line {
        private byte[] b = new byte[2048];
        private int n;
        /** Where INFO starts; the line has INFO fields when {@code n > infoStart}. */
        private final int infoStart;

        /** A site; a null ID is written as {@code .}. */
        public Line(String contig, int pos, String id, String ref, String alt) {
            text(contig).put((byte) '\t').digits(pos).put((byte) '\t');
            text(id == null ? "." : id).put((byte) '\t').text(ref).put((byte) '\t');
            text(alt).text("\t.\t.\t");
            infoStart = n;
        }

        /** An INFO field {@code key=value}. */
        public Line put(String key, String value) {
            Objects.requireNonNull(value);
            return key(key).text(value);
        }

        public Line put(String key, long value) {
            return key(key).digits(value);
        }

        /** A float INFO field, {@link NumberFormats#javaG6}. */
        public Line putFloat(String key, double value) {
            return put(key, NumberFormats.javaG6(value));
        }

        /** The line, with its newline. */
        public String end() {
            finish();
            return new String(b, 0, n, StandardCharsets.UTF_8);
        }

        /** Writes the line, with its newline, to {@code out} (as {@link #end}'s UTF-8 bytes). */
        public void endTo(OutputStream out) throws IOException {
            finish();
            out.write(b, 0, n);
        }

        private void finish() {
            if (n == infoStart) {
                put((byte) '.');
            }
            put((byte) '\n');
        }

        private Line key(String key) {
            if (n > infoStart) {
                put((byte) ';');
            }
            return text(key).put((byte) '=');
        }

        private Line put(byte c) {
            if (n == b.length) {
                b = Arrays.copyOf(b, 2 * n);
            }
            b[n++] = c;
            return this;
        }

        /** {@code s} as UTF-8: ASCII byte by byte, anything else through the encoder. */
        private Line text(String s) {
            int len = s.length();
            if (n + len > b.length) {
                b = Arrays.copyOf(b, Math.max(2 * b.length, n + len));
            }
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    byte[] u = s.getBytes(StandardCharsets.UTF_8);
                    if (n + u.length > b.length) {
                        b = Arrays.copyOf(b, Math.max(2 * b.length, n + u.length));
                    }
                    System.arraycopy(u, 0, b, n, u.length);
                    n += u.length;
                    return this;
                }
                b[n + i] = (byte) c;
            }
            n += len;
            return this;
        }

        /** The decimal digits of {@code v}, as {@link Long#toString(long)}. */
        private Line digits(long v) {
            if (v < 0) {
                if (v == Long.MIN_VALUE) {
                    return text(Long.toString(v));
                }
                put((byte) '-');
                v = -v;
            }
            if (n + 20 > b.length) {
                b = Arrays.copyOf(b, 2 * b.length + 20);
            }
            int len = 1;
            for (long x = v; x >= 10; x /= 10) {
                len++;
            }
            for (int i = n + len - 1; i >= n; i--) {
                b[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            n += len;
            return this;
        }
    }
}
