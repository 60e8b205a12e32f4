package org.musubi.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
import org.musubi.table.VariantTable;
import org.musubi.testing.FillTagsOracle;
import org.musubi.testing.Fixtures;
import org.musubi.testing.SparkTestBase;

/**
 * Ingest on real VCFs: per-variant counts against bcftools +fill-tags (the oracle outputs in the fixtures), and
 * identical tables whatever the number of splits.
 */
class IngestSparkTest extends SparkTestBase {
    @TempDir
    Path tmp;

    static IngestRequest request(Path input, Path out, boolean lenient, int partitions) {
        return org.musubi.testing.Ingests.request(input, out, lenient, partitions);
    }

    /** Rows of a table keyed chrom:pos:ref:alt, with counts and the calls bytes. */
    static Map<String, String> rows(Path table) throws Exception {
        VariantTable t = VariantTable.open(table.toString(), new Configuration());
        Map<String, String> out = new LinkedHashMap<>();
        for (Row r : t.variants(spark())
                .orderBy("contig", "pos", "alt_index")
                .select(
                        "contig",
                        "pos",
                        "ref",
                        "alt",
                        "an",
                        "ac",
                        "n_hom_alt",
                        "n_het",
                        "n_hemi_alt",
                        "n_called",
                        "calls",
                        "ploidy",
                        "phase")
                .collectAsList()) {
            String key = FillTagsOracle.key(r.getString(0), r.getInt(1), r.getString(2), r.getString(3));
            String v = r.getInt(4) + "," + r.getInt(5) + "," + r.getInt(6) + "," + r.getInt(7) + "," + r.getInt(8) + ","
                    + r.getInt(9) + "," + b64(r.get(10)) + "," + b64(r.get(11)) + "," + b64(r.get(12));
            assertThat(out.put(key, v)).as("duplicate row %s", key).isNull();
        }
        return out;
    }

    private static String b64(Object bytes) {
        return bytes == null ? "-" : Base64.getEncoder().encodeToString((byte[]) bytes);
    }

    /** Asserts AN, AC, AC_Hom (= 2 n_hom_alt) and AC_Het equal the oracle's for every variant, and no extra rows. */
    static void assertCountsMatch(Path table, Map<String, FillTagsOracle.Counts> oracle) throws Exception {
        Map<String, String> rows = rows(table);
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(oracle.keySet());
        List<String> mismatches = new ArrayList<>();
        rows.forEach((k, v) -> {
            String[] f = v.split(",");
            FillTagsOracle.Counts o = oracle.get(k);
            long an = Long.parseLong(f[0]);
            long ac = Long.parseLong(f[1]);
            long homAlleles = 2 * Long.parseLong(f[2]);
            long het = Long.parseLong(f[3]);
            if (an != o.an() || ac != o.ac() || homAlleles != o.acHom() || het != o.acHet()) {
                mismatches.add(k + ": musubi AN,AC,AC_Hom,AC_Het=" + an + "," + ac + "," + homAlleles + "," + het
                        + " bcftools=" + o);
            }
        });
        assertThat(mismatches).isEmpty();
    }

    @Test
    void cinecaCountsEqualFillTagsAndSplitsDoNotMatter() throws Exception {
        Path vcf = Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz");
        Map<String, FillTagsOracle.Counts> oracle =
                FillTagsOracle.readTsv(Fixtures.resource("data/pgsc_calc/cineca.filltags.tsv"));
        Map<String, String> first = null;
        for (int parts : new int[] {1, 2, 8}) {
            Path out = tmp.resolve("cineca-" + parts + ".mvt");
            IngestPlan.Summary s = IngestPlan.run(spark(), request(vcf, out, false, parts));
            assertThat(s.metadata().variantCount).isEqualTo(829);
            assertThat(s.metadata().sampleCount).isEqualTo(2504);
            assertThat(Files.exists(out.resolve(TableMetadata.SUCCESS))).isTrue();
            assertCountsMatch(out, oracle);
            Map<String, String> rows = rows(out);
            if (first == null) {
                first = rows;
            } else {
                assertThat(rows).as("table with %d splits", parts).isEqualTo(first);
            }
        }
    }

    @Test
    void splitsReallySplitTheInput() throws Exception {
        Path vcf = Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz");
        List<SplitSpec> splits = IngestPlan.planSplits(
                List.of(org.musubi.io.InputFile.probe(vcf.toString(), new Configuration())),
                List.of(org.musubi.io.vcf.VcfHeaderInfo.read(
                        org.musubi.io.InputFile.probe(vcf.toString(), new Configuration()), new Configuration())),
                8,
                new Configuration());
        // 600 KB at 256 KiB minimum per split: 3 data splits + 1 checksum task.
        assertThat(splits.stream().filter(s -> !s.checksumOnly()).count()).isGreaterThan(1);
    }

    @Test
    void exomeCohortWithMultiallelicSiteEqualsNormSplitFillTags() throws Exception {
        Path vcf = Fixtures.resource("data/htsjdk/cohort/ilmn_wex.GTonly.vcf.gz");
        Path out = tmp.resolve("ilmn.mvt");
        IngestPlan.Summary s = IngestPlan.run(spark(), request(vcf, out, false, 2));
        assertThat(s.metadata().multiallelicSplitCount).isEqualTo(1);
        assertCountsMatch(
                out, FillTagsOracle.readTsv(Fixtures.resource("data/htsjdk/oracle/ilmn_wex.split.filltags.tsv")));
    }

    @Test
    void chr20WithOtherFormatFieldsEqualsFillTags() throws Exception {
        Path vcf = Fixtures.resource("data/glow/vcf/1000G.phase3.broad.withGenotypes.chr20.10100000.vcf.gz");
        Path out = tmp.resolve("chr20.mvt");
        IngestPlan.run(spark(), request(vcf, out, false, 1));
        assertCountsMatch(
                out, FillTagsOracle.readTsv(Fixtures.resource("data/glow/oracle/1000G_chr20_17var.filltags.tsv")));
    }

    @Test
    void ploidyEdgeFilesEqualFillTags() throws Exception {
        for (String name : List.of(
                "checkploidy",
                "checkploidy.2",
                "fill-tags-AN0",
                "fill-tags-hemi",
                "fill-tags-hwe",
                "convert.hap-missing",
                "convert.gt",
                "vcf2sex",
                "stats.counts")) {
            Path vcf = Fixtures.resource("data/bcftools/edge/" + name + ".vcf");
            Path out = tmp.resolve(name + ".mvt");
            // Lenient: some edge files repeat one variant to test several genotype spellings; Musubi keeps the
            // first record of a variant and quarantines the repeats (a table has one row per variant).
            IngestPlan.Summary s = IngestPlan.run(spark(), request(vcf, out, true, 1));
            assertThat(s.metadata().quarantinedCount).as(name).isEqualTo(FillTagsOracle.repeatedRecords(vcf));
            Path oracle = Fixtures.resource("data/bcftools/oracle/" + name + ".filltags.vcf");
            assertCountsMatch(out, FillTagsOracle.readVcf(oracle));
        }
    }

    @Test
    void existingOutputIsRefusedWithoutOverwrite() throws Exception {
        Path vcf = Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz");
        Path out = tmp.resolve("twice.mvt");
        IngestPlan.run(spark(), request(vcf, out, false, 1));
        assertThatThrownBy(() -> IngestPlan.run(spark(), request(vcf, out, false, 1)))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("already exists")
                .hasMessageContaining("--overwrite");
        // No staging directory is left behind after the refusal or the success.
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("staging"));
        }
    }

    @Test
    void bcf21IsReadAndBcf22IsRefusedWithTheConversionCommand() throws Exception {
        // VcfThatLacksAnIndex.bcf is BCF 2.1 (htslib refuses it). Oracle: htsjdk's own per-allele counts.
        Path bcf = Fixtures.resource("data/htsjdk/edge/VcfThatLacksAnIndex.bcf");
        IngestPlan.Summary s = IngestPlan.run(spark(), request(bcf, tmp.resolve("b.mvt"), false, 1));
        Map<String, String> rows = rows(tmp.resolve("b.mvt"));
        int records = 0;
        try (htsjdk.variant.vcf.VCFFileReader r = new htsjdk.variant.vcf.VCFFileReader(bcf.toFile(), false)) {
            for (htsjdk.variant.variantcontext.VariantContext vc : r) {
                records++;
                for (htsjdk.variant.variantcontext.Allele alt : vc.getAlternateAlleles()) {
                    String key = FillTagsOracle.key(
                            vc.getContig(),
                            vc.getStart(),
                            vc.getReference().getDisplayString(),
                            alt.getDisplayString());
                    String[] f = rows.get(key).split(",");
                    assertThat(Integer.parseInt(f[0])).as("AN %s", key).isEqualTo(vc.getCalledChrCount());
                    assertThat(Integer.parseInt(f[1])).as("AC %s", key).isEqualTo(vc.getCalledChrCount(alt));
                }
            }
        }
        assertThat(s.metadata().recordCount).isEqualTo(records).isGreaterThan(0);
        assertThatThrownBy(() -> IngestPlan.run(
                        spark(),
                        request(
                                Fixtures.resource("data/htsjdk/edge/BCFVersion22Uncompressed.bcf"),
                                tmp.resolve("c.mvt"),
                                false,
                                1)))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("BCFVersion22Uncompressed.bcf")
                .hasMessageContaining("bcftools view -Oz");
    }

    @Test
    void truncatedBgzipIsAUserErrorNamingTheFile() throws Exception {
        Path vcf = Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz");
        byte[] all = Files.readAllBytes(vcf);
        Path cut = tmp.resolve("cut.vcf.gz");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> IngestPlan.run(spark(), request(cut, tmp.resolve("cut.mvt"), false, 3)))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("cut.vcf.gz")
                .hasMessageContaining("truncated");
        assertThat(Files.exists(tmp.resolve("cut.mvt"))).isFalse();
    }
}
