package org.musubi.qc;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.Path;
import org.musubi.format.NumberFormats;
import org.musubi.output.OutputCommit;

/** Writes one of the {@code qc} run's text outputs (PLINK-style reports, keep lists) into the staging directory. */
final class QcText {
    private QcText() {}

    @FunctionalInterface
    interface Body {
        void write(Writer w) throws IOException;
    }

    static void write(OutputCommit commit, String name, Body body) throws IOException {
        try (Writer w = open(commit, name)) {
            body.write(w);
        }
    }

    /** A new text file in the staging directory (UTF-8, buffered); the caller closes it. */
    static Writer open(OutputCommit commit, String name) throws IOException {
        return new BufferedWriter(
                new OutputStreamWriter(commit.fs().create(new Path(commit.staging(), name)), StandardCharsets.UTF_8));
    }

    /**
     * The IDs of a variant list ({@code --pca-variants}, plink2's {@code .prune.in}): the first field of each line,
     * blank lines and {@code #} lines skipped; a missing file is a user error.
     */
    static java.util.Set<String> ids(String path, org.apache.hadoop.conf.Configuration conf) throws IOException {
        Path p = new Path(path);
        org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            throw new org.musubi.error.MusubiUserException(
                    "--pca-variants " + path + ": no such file; give a list of variant IDs, one per line");
        }
        java.util.Set<String> out = new java.util.HashSet<>();
        try (java.io.BufferedReader r =
                new java.io.BufferedReader(new java.io.InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                String t = l.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t.split("\\s+")[0]);
                }
            }
        }
        return out;
    }

    /** A number as plink2's {@code dtoa_g} prints it: C {@code %g} with 6 significant digits, {@code nan}, {@code inf}. */
    static String g(double v) {
        return Double.isNaN(v) ? "nan" : NumberFormats.g6(v);
    }

    /** {@link #g}{@code (v)} given {@code g6}, {@code NumberFormats.g6(v)} already made (it differs only at NaN). */
    static String g(double v, String g6) {
        return Double.isNaN(v) ? "nan" : g6;
    }
}
