package org.musubi.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lowest-P rows of a results file, by hand: missing and unparsable P skipped, P = 0 first, −log10 columns. */
class TopRowsTest {
    @TempDir
    Path tmp;

    @Test
    void keepsTheSmallestPInOrderWithCellsAsWritten() throws Exception {
        Path f = tmp.resolve("x.tsv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
            o.write(("chromosome\tbase_pair_location\tp_value\n" + "1\t10\t0.5\n" + "1\t20\t#NA\n" + "1\t30\t1e-3\n"
                            + "1\t40\t0\n" + "1\t50\tx\n" + "1\t60\t2.0e-3\n" + "1\t70\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        TopRows.Top top = TopRows.read(new org.apache.hadoop.fs.Path(f.toString()), new Configuration(), 3, "p_value");
        assertThat(top.rows()).hasSize(3);
        assertThat(top.rows().stream().map(r -> top.cell(r, "base_pair_location")))
                .containsExactly("40", "30", "60");
        assertThat(top.cell(top.rows().get(2), "p_value")).isEqualTo("2.0e-3");
    }

    @Test
    void negLog10ColumnAndAbsentColumn() throws Exception {
        Path f = tmp.resolve("y.tsv");
        Files.writeString(f, "a\tneg_log_10_p_value\nA\t2\nB\t9\nC\t5\n");
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(f.toString());
        TopRows.Top top = TopRows.read(p, new Configuration(), 2, "p_value", "-log10:neg_log_10_p_value");
        assertThat(top.rows().stream().map(r -> r[0])).containsExactly("B", "C");
        assertThat(TopRows.read(p, new Configuration(), 2, "P-value")).isNull();
        assertThat(TopRows.field("a\tb\tc", 2)).isEqualTo("c");
        assertThat(TopRows.field("a\tb", 2)).isNull();
    }
}
