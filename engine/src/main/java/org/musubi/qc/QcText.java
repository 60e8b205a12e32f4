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

    /** A number as plink2's {@code dtoa_g} prints it: C {@code %g} with 6 significant digits, {@code nan}, {@code inf}. */
    static String g(double v) {
        return Double.isNaN(v) ? "nan" : NumberFormats.g6(v);
    }
}
