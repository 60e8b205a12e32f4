package org.musubi.format;

/**
 * Directory names of contig partitions ({@code contig=<escaped name>}), escaped exactly as Spark escapes Hive-style
 * partition values so that Spark's partition discovery reads the original contig name back.
 */
public final class ContigPaths {
    private ContigPaths() {}

    private static final String ESCAPED = "\"#%'*/:=?\\\u007f{[]^";

    public static String directory(String contig) {
        return partition(VariantTableSchema.CONTIG, contig);
    }

    /** A Hive-style partition directory name {@code column=<escaped value>}, as Spark writes it. */
    public static String partition(String column, String value) {
        return column + "=" + escape(value);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || ESCAPED.indexOf(c) >= 0) {
                b.append('%').append(String.format("%02X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    public static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
