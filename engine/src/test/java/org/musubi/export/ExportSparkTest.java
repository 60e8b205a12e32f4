package org.musubi.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import htsjdk.tribble.index.IndexFactory;
import htsjdk.tribble.index.tabix.TabixFormat;
import htsjdk.variant.vcf.VCFCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.musubi.testing.Fixtures;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;
import org.musubi.testing.Tools;

/**
 * ingest → export → the genotypes equal the input's after {@code bcftools norm -m -any} (bcftools reads both
 * files; unphased genotypes compared with alleles in sorted order, since {@code 1/0} and {@code 0/1} are one call).
 */
class ExportSparkTest extends SparkTestBase {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "data/pgsc_calc/cineca_synthetic_subset.vcf.gz",
                "data/htsjdk/cohort/ilmn_wex.GTonly.vcf.gz",
                "data/glow/vcf/1000G.phase3.broad.withGenotypes.chr20.10100000.vcf.gz",
                "data/bcftools/edge/convert.gt.vcf",
                "data/bcftools/edge/convert.hap-missing.vcf",
                "data/bcftools/edge/checkploidy.2.vcf",
                "data/htsjdk/edge/phased.vcf",
            })
    void exportedGenotypesEqualTheSplitInput(String fixture) throws Exception {
        assumeTrue(Tools.available("bcftools") && Tools.available("tabix"), "bcftools/tabix not installed");
        Path in = Fixtures.resource(fixture);
        Path table = tmp.resolve("t.mvt");
        Ingests.ingest(spark(), in, table, false, 3);
        Path out = tmp.resolve("out.vcf.gz");
        ExportPlan.Summary s = ExportPlan.run(
                spark(), new ExportPlan.Request(table.toString(), out.toString(), false, true, List.of()));
        assertThat(Files.exists(Path.of(s.index()))).isTrue();
        // The index, streamed through Hadoop's FileSystem, equals byte for byte what htsjdk's file-based
        // IndexFactory makes of the same file.
        Path expectedTbi = tmp.resolve("expected.tbi");
        IndexFactory.createTabixIndex(out.toFile(), new VCFCodec(), TabixFormat.VCF, null)
                .write(expectedTbi);
        assertThat(Files.readAllBytes(Path.of(s.index()))).isEqualTo(Files.readAllBytes(expectedTbi));
        // The output is valid for htslib, sorted (tabix accepts it) and indexed.
        Tools.sh("tabix -f -p vcf " + out);
        String query = " | bcftools query -f '%CHROM\\t%POS\\t%REF\\t%ALT[\\t%GT]\\n'";
        List<String> expected = normalise(Tools.sh("bcftools norm -m -any " + in + " 2>/dev/null" + query));
        List<String> actual = normalise(Tools.sh("bcftools view " + out + query));
        assertThat(actual).hasSize(expected.size());
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void plainVcfOutputAndMissingTableAreHandled() throws Exception {
        Path in = Fixtures.resource("data/bcftools/edge/fill-tags-AN0.vcf");
        Path table = tmp.resolve("an0.mvt");
        Ingests.ingest(spark(), in, table, false, 1);
        Path out = tmp.resolve("an0.vcf");
        ExportPlan.run(spark(), new ExportPlan.Request(table.toString(), out.toString(), false, false, List.of()));
        List<String> body =
                Files.readAllLines(out).stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(body).hasSize(4);
        // chr1:10153 has no called genotype: AN=0, AC=0 (bcftools +fill-tags writes the same).
        assertThat(body.get(1)).contains("\tAC=0;AN=0\t");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExportPlan.run(
                        spark(),
                        new ExportPlan.Request(
                                tmp.resolve("nope.mvt").toString(), out.toString(), true, false, List.of())))
                .isInstanceOf(org.musubi.error.MusubiUserException.class)
                .hasMessageContaining("does not exist");
    }

    /** Unphased diploid calls with alleles sorted ('.' last); phased and haploid calls as written. */
    static List<String> normalise(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split("\t");
            StringBuilder b = new StringBuilder(f[0] + "\t" + f[1] + "\t" + f[2] + "\t" + f[3]);
            for (int i = 4; i < f.length; i++) {
                String g = f[i];
                if (g.contains("/")) {
                    String[] a = g.split("/");
                    java.util.Arrays.sort(a, (x, y) -> x.equals(".") ? 1 : y.equals(".") ? -1 : x.compareTo(y));
                    g = String.join("/", a);
                }
                b.append('\t').append(g);
            }
            out.add(b.toString());
        }
        return out;
    }
}
