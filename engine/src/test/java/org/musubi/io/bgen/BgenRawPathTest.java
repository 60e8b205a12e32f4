package org.musubi.io.bgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.musubi.format.calls.DosageCodec;
import org.musubi.testing.Fixtures;

/**
 * BGEN ingest's lookup path ({@link BgenGenotypes#keepRaw}: unphased diploid biallelic 8/16-bit variants turned into
 * calls and dosage codes by table) gives the very rows of the per-sample double-precision decode: calls and dosage
 * bytes equal on every fixture, with REF first and last and two hard-call thresholds.
 */
class BgenRawPathTest {
    static Stream<Path> files() {
        List<Path> files = new ArrayList<>();
        for (String f :
                new String[] {"dummy.16bits.bgen", "dummy.8bits.bgen", "complex.16bits.bgen", "phased.8bits.bgen"}) {
            files.add(Fixtures.resource("data/bgen/" + f));
        }
        for (String f : new String[] {
            "glow/bgen/example.16bits.bgen",
            "glow/bgen/example.8bits.bgen",
            "glow/bgen/example.8bits.zstd.bgen",
            "glow/bgen/example.32bits.bgen",
            "regenie/example.bgen"
        }) {
            Path p = Fixtures.shared(f);
            if (p != null) {
                files.add(p);
            }
        }
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("files")
    void lookupRowsEqualTheDecodedRows(Path bgen) throws Exception {
        for (boolean refFirst : new boolean[] {true, false}) {
            for (double threshold : new double[] {0.1, 0.45}) {
                List<byte[]> plain = rows(bgen, threshold, refFirst, false);
                List<byte[]> raw = rows(bgen, threshold, refFirst, true);
                assertThat(raw).hasSameSizeAs(plain);
                for (int i = 0; i < plain.size(); i++) {
                    assertThat(raw.get(i))
                            .as("%s row %d, ref first %s, threshold %s", bgen.getFileName(), i / 2, refFirst, threshold)
                            .isEqualTo(plain.get(i));
                }
            }
        }
    }

    /** The one-product dosage code equals DosageCodec's code of the double dosage for every numerator, 8 and 16 bits. */
    @org.junit.jupiter.api.Test
    void dosageCodeByOneProductIsExact() {
        for (int bits : new int[] {8, 16}) {
            int max = (1 << bits) - 1;
            double inv = 1.0 / max;
            double toCode = (double) DosageCodec.SCALE / max;
            for (int x = 0; x <= 2 * max; x++) {
                double d = x * inv;
                assertThat(BgenRows.dosageCode(x, toCode))
                        .as("bits %d x %d", bits, x)
                        .isEqualTo(DosageCodec.toCode(d > 2 ? 2 : d));
            }
        }
    }

    /** Per row: the calls, then the dosage encoding; with keepRaw, checks that the dummy files take the lookup. */
    private static List<byte[]> rows(Path bgen, double threshold, boolean refFirst, boolean keepRaw) throws Exception {
        List<byte[]> out = new ArrayList<>();
        int[] rawVariants = {0};
        BgenDecoderTest.forEachRow(bgen, threshold, refFirst, keepRaw, (r, g, rows, j) -> {
            rawVariants[0] += g.raw ? 1 : 0;
            out.add(Arrays.copyOf(rows.gt(), g.sampleCount));
            byte[] enc = rows.dosageEncoding();
            assertThat(enc).hasSize(DosageCodec.encodedSize(g.sampleCount));
            out.add(enc.clone());
        });
        if (keepRaw && bgen.getFileName().toString().startsWith("dummy")) {
            assertThat(rawVariants[0])
                    .as("every variant of the dummy file takes the lookup")
                    .isEqualTo(300);
        }
        return out;
    }
}
