package org.musubi.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.io.vcf.VcfRecordParser.DosageField;
import org.musubi.table.SamplesFile;
import org.musubi.table.VariantTable;
import org.musubi.testing.Fixtures;
import org.musubi.testing.SparkTestBase;

/** Cohorts in several shards, shards that disagree, and sample manifests. */
class ShardsAndSamplesSparkTest extends SparkTestBase {
    @TempDir
    Path tmp;

    static List<String> lines(Path vcfGz) throws Exception {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(vcfGz)), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                out.add(l);
            }
        }
        return out;
    }

    static void writeBgzf(Path p, List<String> lines) throws Exception {
        try (OutputStream o = new BlockCompressedOutputStream(p.toFile())) {
            for (String l : lines) {
                o.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    static IngestRequest req(List<String> inputs, Path out, String manifest) {
        return IngestRequest.builder()
                .inputs(inputs)
                .out(out.toString())
                .bank("bankA")
                .samplesManifest(manifest)
                .genomeBuild("GRCh37")
                .options(new IngestOptions(false, 0, DosageField.NONE, List.of()))
                .dosageField("auto")
                .partitions(4)
                .arguments(List.of())
                .build();
    }

    @Test
    void shardsInADirectoryMakeTheSameTableAsOneFile() throws Exception {
        Path vcf = Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz");
        List<String> all = lines(vcf);
        List<String> header = all.stream().filter(l -> l.startsWith("#")).toList();
        List<String> body = all.stream().filter(l -> !l.startsWith("#")).toList();
        Path dir = Files.createDirectories(tmp.resolve("shards"));
        List<String> a = new ArrayList<>(header);
        a.addAll(body.subList(0, 400));
        List<String> b = new ArrayList<>(header);
        b.addAll(body.subList(400, body.size()));
        writeBgzf(dir.resolve("part1.vcf.gz"), a);
        writeBgzf(dir.resolve("part2.vcf.gz"), b);

        Path whole = tmp.resolve("whole.mvt");
        IngestPlan.run(spark(), req(List.of(vcf.toString()), whole, null));
        Path sharded = tmp.resolve("sharded.mvt");
        IngestPlan.Summary s = IngestPlan.run(spark(), req(List.of(dir.toString()), sharded, null));
        assertThat(s.metadata().sources).hasSize(2);
        assertThat(s.metadata().sources.get(0).records).isEqualTo(400);
        assertThat(s.metadata().sources.get(0).checksum).hasSize(64);
        assertThat(IngestSparkTest.rows(sharded)).isEqualTo(IngestSparkTest.rows(whole));

        // Shards given out of genome order are refused with both files named.
        assertThatThrownBy(() -> IngestPlan.run(
                        spark(),
                        req(
                                List.of(
                                        dir.resolve("part2.vcf.gz").toString(),
                                        dir.resolve("part1.vcf.gz").toString()),
                                tmp.resolve("reversed.mvt"),
                                null)))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("part1.vcf.gz")
                .hasMessageContaining("part2.vcf.gz")
                .hasMessageContaining("genome order");
        assertThat(Files.exists(tmp.resolve("reversed.mvt"))).isFalse();
    }

    @Test
    void shardsWithDifferentSamplesAreRefusedWithTheDifference() throws Exception {
        Path vcf = Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz");
        List<String> all = lines(vcf);
        List<String> changed = new ArrayList<>();
        for (String l : all) {
            if (l.startsWith("#CHROM")) {
                l = l.replace("\tHG00096_HG00096\t", "\tNEW_SAMPLE\t");
            }
            changed.add(l);
        }
        Path other = tmp.resolve("other.vcf.gz");
        writeBgzf(other, changed);
        assertThatThrownBy(() -> IngestPlan.run(
                        spark(), req(List.of(vcf.toString(), other.toString()), tmp.resolve("x.mvt"), null)))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("disagree on samples")
                .hasMessageContaining("HG00096_HG00096")
                .hasMessageContaining("NEW_SAMPLE");
    }

    @Test
    void manifestAttributesAreKeptAndMissingSamplesCounted() throws Exception {
        Path vcf = Fixtures.resource("data/bcftools/edge/fill-tags-AN0.vcf");
        Path manifest = tmp.resolve("manifest.tsv");
        Files.writeString(
                manifest,
                "sample_id\tsex\tpopulation\tbank\tage\n"
                        + "SAMP_A\tF\tJPT\tbankA\t51\n"
                        + "SAMP_B\t1\tJPT\tbankA\t60\n"
                        + "SAMP_C\tNA\tCHB\tbankB\t\n"
                        + "NOT_IN_VCF\t2\tJPT\tbankA\t33\n");
        Path out = tmp.resolve("m.mvt");
        IngestPlan.Summary s = IngestPlan.run(spark(), req(List.of(vcf.toString()), out, manifest.toString()));
        // SAMP_E is in the VCF but not in the manifest: counted, its attributes unknown.
        assertThat(s.metadata().samplesMissingFromManifest).isEqualTo(1);
        List<SamplesFile.Sample> samples =
                VariantTable.open(out.toString(), new Configuration()).samples(new Configuration());
        assertThat(samples).extracting(SamplesFile.Sample::id).containsExactly("SAMP_A", "SAMP_B", "SAMP_C", "SAMP_E");
        assertThat(samples).extracting(SamplesFile.Sample::sex).containsExactly("XX", "XY", null, null);
        assertThat(samples).extracting(SamplesFile.Sample::population).containsExactly("JPT", "JPT", "CHB", null);
        assertThat(samples).extracting(SamplesFile.Sample::bank).containsExactly("bankA", "bankA", "bankB", "bankA");
        var frame = VariantTable.open(out.toString(), new Configuration()).samplesFrame(spark());
        assertThat(frame.columns()).contains("age");
        assertThat(frame.where("sample_id = 'SAMP_A'").first().<String>getAs("age"))
                .isEqualTo("51");
    }

    @Test
    void sexIsInferredFromChrXWhereTheManifestIsSilent() throws Exception {
        // bcftools' vcf2sex test file: on GRCh37 chrX outside the PARs (12 records) MALE has 11 haploid calls and
        // one het, FEMALE is het everywhere (observed heterozygosity above expected: F < 0).
        Path vcf = Fixtures.resource("data/bcftools/edge/vcf2sex.vcf");
        Path out = tmp.resolve("sex.mvt");
        IngestPlan.Summary s = IngestPlan.run(spark(), req(List.of(vcf.toString()), out, null));
        assertThat(s.metadata().sexEvidenceVariants).isEqualTo(12);
        assertThat(s.metadata().sexInferredCount).isEqualTo(2);
        List<SamplesFile.Sample> samples =
                VariantTable.open(out.toString(), new Configuration()).samples(new Configuration());
        assertThat(samples).extracting(SamplesFile.Sample::sex).containsExactly("XY", "XX");
        assertThat(samples).extracting(SamplesFile.Sample::sexSource).containsExactly("inferred", "inferred");
        assertThat(samples.get(1).xF()).isLessThan(0);

        // A manifest's sex wins; the inference is kept beside it for QC.
        Path manifest = tmp.resolve("sexes.tsv");
        Files.writeString(manifest, "sample_id\tsex\nMALE\tF\nFEMALE\tNA\n");
        Path out2 = tmp.resolve("sex2.mvt");
        IngestPlan.run(spark(), req(List.of(vcf.toString()), out2, manifest.toString()));
        List<SamplesFile.Sample> s2 =
                VariantTable.open(out2.toString(), new Configuration()).samples(new Configuration());
        assertThat(s2).extracting(SamplesFile.Sample::sex).containsExactly("XX", "XX");
        assertThat(s2).extracting(SamplesFile.Sample::sexSource).containsExactly("manifest", "inferred");
        assertThat(s2).extracting(SamplesFile.Sample::sexInferred).containsExactly("XY", "XX");
    }

    @Test
    void badManifestValuesNameTheLine() throws Exception {
        Path vcf = Fixtures.resource("data/bcftools/edge/fill-tags-AN0.vcf");
        Path manifest = tmp.resolve("bad.tsv");
        Files.writeString(manifest, "sample_id\tsex\nSAMP_A\tfemale\nSAMP_B\twoman\n");
        assertThatThrownBy(() -> IngestPlan.run(
                        spark(), req(List.of(vcf.toString()), tmp.resolve("b.mvt"), manifest.toString())))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("bad.tsv line 3")
                .hasMessageContaining("'woman'");
    }
}
