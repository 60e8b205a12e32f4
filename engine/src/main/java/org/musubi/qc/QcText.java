package org.musubi.qc;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.Path;
import org.musubi.output.OutputCommit;

/** Writes one of the {@code qc} run's text outputs (PLINK-style reports, keep lists) into the staging directory. */
final class QcText {
    private QcText() {}

    @FunctionalInterface
    interface Body {
        void write(Writer w) throws IOException;
    }

    static void write(OutputCommit commit, String name, Body body) throws IOException {
        try (Writer w = new BufferedWriter(
                new OutputStreamWriter(commit.fs().create(new Path(commit.staging(), name)), StandardCharsets.UTF_8))) {
            body.write(w);
        }
    }
}
