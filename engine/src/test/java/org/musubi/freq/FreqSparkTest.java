package org.musubi.freq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.ingest.IngestOptions;
import org.musubi.ingest.IngestPlan;
import org.musubi.ingest.IngestRequest;
import org.musubi.io.vcf.VcfRecordParser.DosageField;
import org.musubi.release.ReleasePolicy;
import org.musubi.testing.FillTagsOracle;
import org.musubi.testing.Fixtures;
import org.musubi.testing.SparkTestBase;

/**
 * {@code freq} end to end on real tables: AC/AN/AF/nhomalt/het against bcftools +fill-tags and plink2 --freq /
 * --hardy (whole cohort and per bank), the sites VCF, and ploidy on X.
 */
class FreqSparkTest extends SparkTestBase {
    @TempDir
    static Path tmp;

    static Path cineca;
    static Path cinecaFreq;

    static IngestRequest ingest(Path vcf, Path out, String manifest, String build) {
        return IngestRequest.builder()
                .inputs(List.of(vcf.toString()))
                .out(out.toString())
                .bank("bank-test")
                .samplesManifest(manifest)
                .genomeBuild(build)
                .options(new IngestOptions(false, 100_000, DosageField.NONE, List.of()))
                .dosageField("auto")
                .partitions(2)
                .arguments(List.of("ingest", "test"))
                .build();
    }

    static Path freq(Path table, List<String> strata, String name) throws Exception {
        Path out = tmp.resolve(name);
        FreqPlan.run(spark(), new FreqRequest(table.toString(), strata, null, out.toString(), false, List.of("freq")));
        return out;
    }

    @BeforeAll
    static void cinecaTable() throws Exception {
        cineca = tmp.resolve("cineca.mvt");
        IngestPlan.run(
                spark(),
                ingest(
                        Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz"),
                        cineca,
                        Fixtures.resource("data/freq/cineca.samples.tsv").toString(),
                        "GRCh37"));
        cinecaFreq = freq(cineca, List.of("population", "sex"), "cineca.freq");
    }

    /** Stratum rows keyed chrom:pos:ref:alt, in genome order. */
    static Map<String, Row> stratum(Path freqOut, String stratum) {
        Map<String, Row> out = new LinkedHashMap<>();
        for (Row r : spark().read()
                .parquet(freqOut.resolve(FreqPlan.PARQUET).toString())
                .where("stratum = '" + stratum + "'")
                .orderBy("pos", "alt_index")
                .collectAsList()) {
            String key = FillTagsOracle.key(r.getAs("contig"), r.<Integer>getAs("pos"), r.getAs("ref"), r.getAs("alt"));
            assertThat(out.put(key, r)).isNull();
        }
        return out;
    }

    /** AC, AN, 2 × diploid nhomalt (bcftools AC_Hom), het; summed over strata. */
    static long[] counts(List<Map<String, Row>> strata, String key) {
        long[] c = new long[4];
        for (Map<String, Row> s : strata) {
            Row r = s.get(key);
            c[0] += r.<Long>getAs("ac");
            c[1] += r.<Long>getAs("an");
            c[2] += 2 * (r.<Long>getAs("nhomalt") - r.<Long>getAs("nhemialt"));
            c[3] += r.<Long>getAs("n_het");
        }
        return c;
    }

    static void assertFillTags(List<Map<String, Row>> strata, Path oracleTsv) throws Exception {
        Map<String, FillTagsOracle.Counts> oracle = FillTagsOracle.readTsv(oracleTsv);
        assertThat(strata.get(0).keySet()).containsExactlyInAnyOrderElementsOf(oracle.keySet());
        List<String> bad = new ArrayList<>();
        for (var e : oracle.entrySet()) {
            long[] c = counts(strata, e.getKey());
            FillTagsOracle.Counts o = e.getValue();
            if (c[0] != o.ac() || c[1] != o.an() || c[2] != o.acHom() || c[3] != o.acHet()) {
                bad.add(e.getKey() + ": AC,AN,AC_Hom,AC_Het " + c[0] + "," + c[1] + "," + c[2] + "," + c[3] + " vs "
                        + o);
            }
        }
        assertThat(bad).as("differences from %s", oracleTsv.getFileName()).isEmpty();
    }

    /** plink2 .afreq (ALT_FREQS printed with 6 significant digits, OBS_CT = AN), row by row in file order. */
    static double assertAfreq(Map<String, Row> all, Path afreq) throws Exception {
        List<String> lines = Files.readAllLines(afreq);
        List<Row> rows = new ArrayList<>(all.values());
        assertThat(lines).hasSize(rows.size() + 1);
        double max = 0;
        for (int i = 0; i < rows.size(); i++) {
            String[] f = lines.get(i + 1).split("\t");
            Row r = rows.get(i);
            assertThat(f[2] + ">" + f[3]).isEqualTo(r.getAs("ref") + ">" + r.getAs("alt"));
            assertThat(r.<Long>getAs("an")).isEqualTo(Long.parseLong(f[5]));
            double printed = Double.parseDouble(f[4]);
            double af = r.<Double>getAs("af");
            double tol = printed == 0 ? 1e-12 : 0.5 * Math.pow(10, Math.floor(Math.log10(printed)) - 5) + 1e-15;
            assertThat(af).as(lines.get(i + 1)).isCloseTo(printed, within(tol));
            max = Math.max(max, Math.abs(af - printed));
        }
        return max;
    }

    /** plink2 .hardy P (6 significant digits), row by row in file order. */
    static double assertHardy(Map<String, Row> all, Path hardy) throws Exception {
        List<String> lines = Files.readAllLines(hardy);
        List<Row> rows = new ArrayList<>(all.values());
        assertThat(lines).hasSize(rows.size() + 1);
        double maxRel = 0;
        for (int i = 0; i < rows.size(); i++) {
            String[] f = lines.get(i + 1).split("\t");
            double printed = Double.parseDouble(f[9]);
            double p = rows.get(i).<Double>getAs("hwe_p");
            double tol = 0.5 * Math.pow(10, Math.floor(Math.log10(printed)) - 5) + 1e-12 * printed;
            assertThat(p).as(lines.get(i + 1)).isCloseTo(printed, within(tol));
            maxRel = Math.max(maxRel, Math.abs(p - printed) / printed);
        }
        return maxRel;
    }

    @Test
    void cinecaWholeCohortMatchesFillTagsAndPlink2() throws Exception {
        Map<String, Row> all = stratum(cinecaFreq, "all");
        assertThat(all).hasSize(829);
        assertFillTags(List.of(all), Fixtures.resource("data/pgsc_calc/cineca.filltags.tsv"));
        double afDiff = assertAfreq(all, Fixtures.resource("data/freq/cineca.afreq"));
        double hweRel = assertHardy(all, Fixtures.resource("data/freq/cineca.hardy"));
        System.out.printf("cineca: max |AF - plink2| = %.3g, max rel |HWE P - plink2| = %.3g%n", afDiff, hweRel);
        // sex strata add up to the whole (every sample has a sex in the manifest)
        Map<String, Row> xx = stratum(cinecaFreq, "XX");
        Map<String, Row> xy = stratum(cinecaFreq, "XY");
        for (String k : all.keySet()) {
            assertThat(counts(List.of(xx, xy), k)).isEqualTo(counts(List.of(all), k));
        }
    }

    /**
     * The oracle's banks are unions of super-populations (EUR+AMR, AFR, EAS+SAS): the population strata, merged,
     * must equal bcftools +fill-tags on each bank's samples. The bank lists are checked to be exactly those
     * populations' samples.
     */
    @Test
    void populationStrataMergeToThePerBankOracles() throws Exception {
        Map<String, String> popOf = new LinkedHashMap<>();
        for (String l : Files.readAllLines(Fixtures.resource("data/freq/cineca.samples.tsv"))
                .subList(1, 2505)) {
            String[] f = l.split("\t");
            popOf.put(f[0], f[2]);
        }
        Map<String, List<String>> banks = Map.of(
                "bankA_EUR_AMR", List.of("EUR", "AMR"),
                "bankB_AFR", List.of("AFR"),
                "bankC_EAS_SAS", List.of("EAS", "SAS"));
        for (var b : banks.entrySet()) {
            Set<String> expected = new HashSet<>();
            popOf.forEach((id, pop) -> {
                if (b.getValue().contains(pop)) {
                    expected.add(id);
                }
            });
            Set<String> listed = new HashSet<>(
                    Files.readAllLines(Fixtures.resource("data/freq/cineca." + b.getKey() + ".vcfnames.txt")));
            assertThat(listed).isEqualTo(expected);
            List<Map<String, Row>> strata = new ArrayList<>();
            for (String pop : b.getValue()) {
                strata.add(stratum(cinecaFreq, pop));
            }
            assertFillTags(strata, Fixtures.resource("data/freq/cineca." + b.getKey() + ".filltags.tsv"));
        }
    }

    @Test
    void sitesVcfHasGnomadKeysAndAgreesWithParquet() throws Exception {
        Path vcf = cinecaFreq.resolve(FreqPlan.VCF);
        byte[] bytes = Files.readAllBytes(vcf);
        // BGZF: gzip members with the BC extra field, ending in the 28-byte EOF block
        assertThat(bytes[0] & 0xff).isEqualTo(0x1f);
        assertThat(bytes[12]).isEqualTo((byte) 'B');
        assertThat(bytes[bytes.length - 28] & 0xff).isEqualTo(0x1f);
        List<String> header = new ArrayList<>();
        List<String> body = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(vcf)), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                (l.startsWith("#") ? header : body).add(l);
            }
        }
        assertThat(header.get(0)).isEqualTo("##fileformat=VCFv4.2");
        assertThat(header)
                .contains(
                        "##musubi_release=" + FreqPlan.INTERNAL,
                        "##musubi_genome_build=GRCh37",
                        "##musubi_bank=bank-test",
                        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO");
        for (String key : List.of("AC", "AN", "AF", "nhomalt", "AC_afr", "AC_XX", "AC_eur_XY", "faf95", "grpmax")) {
            assertThat(header).anyMatch(h -> h.startsWith("##INFO=<ID=" + key + ","));
        }
        assertThat(body).hasSize(829);
        Map<String, Row> all = stratum(cinecaFreq, "all");
        Map<String, Row> afr = stratum(cinecaFreq, "AFR");
        int i = 0;
        for (Map.Entry<String, Row> e : all.entrySet()) {
            String[] f = body.get(i++).split("\t");
            assertThat(f[0] + ":" + f[1] + ":" + f[3] + ":" + f[4]).isEqualTo(e.getKey());
            Map<String, String> info = new LinkedHashMap<>();
            for (String kv : f[7].split(";")) {
                String[] p = kv.split("=", 2);
                info.put(p[0], p[1]);
            }
            Row r = e.getValue();
            assertThat(Long.parseLong(info.get("AC"))).isEqualTo(r.<Long>getAs("ac"));
            assertThat(Long.parseLong(info.get("AN"))).isEqualTo(r.<Long>getAs("an"));
            assertThat(Double.parseDouble(info.get("AF"))).isCloseTo(r.<Double>getAs("af"), within(5e-6));
            assertThat(Long.parseLong(info.get("AC_afr")))
                    .isEqualTo(afr.get(e.getKey()).<Long>getAs("ac"));
            assertThat(Double.parseDouble(info.get("faf95")))
                    .isCloseTo(FilterAlleleFrequency.faf95(r.<Long>getAs("ac"), r.<Long>getAs("an")), within(5e-6));
            if (r.<Long>getAs("ac") > 0) {
                assertThat(info).containsKey("grpmax");
                String g = info.get("grpmax");
                double afG = Double.parseDouble(info.get("AF_grpmax"));
                for (String pop : List.of("afr", "amr", "eas", "eur", "sas")) {
                    if (info.containsKey("AF_" + pop)) {
                        assertThat(Double.parseDouble(info.get("AF_" + pop))).isLessThanOrEqualTo(afG);
                    }
                }
                assertThat(info.get("AC_grpmax")).isEqualTo(info.get("AC_" + g));
            }
        }
    }

    @Test
    void thousandGenomesChr20MatchesFillTagsAndPlink2() throws Exception {
        Path t = tmp.resolve("1000g.mvt");
        IngestPlan.run(
                spark(),
                ingest(
                        Fixtures.resource("data/glow/vcf/1000G.phase3.broad.withGenotypes.chr20.10100000.vcf.gz"),
                        t,
                        null,
                        "GRCh37"));
        Path out = freq(t, List.of(), "1000g.freq");
        Map<String, Row> all = stratum(out, "all");
        assertThat(all).hasSize(17);
        assertFillTags(List.of(all), Fixtures.resource("data/glow/oracle/1000G_chr20_17var.filltags.tsv"));
        double afDiff = assertAfreq(all, Fixtures.resource("data/freq/1000G_chr20_17var.afreq"));
        double hweRel = assertHardy(all, Fixtures.resource("data/freq/1000G_chr20_17var.hardy"));
        System.out.printf("1000G chr20: max |AF - plink2| = %.3g, max rel |HWE P - plink2| = %.3g%n", afDiff, hweRel);
        assertThat(spark().read()
                        .parquet(out.resolve(FreqPlan.PARQUET).toString())
                        .count())
                .isEqualTo(17);
    }

    /**
     * X outside the PARs. bcftools' vcf2sex.vcf codes the male's X calls haploid: AC/AN equal bcftools'. In a
     * table where a male's X calls are coded diploid, Musubi counts them as one allele (1/1 → AN 1, AC 1) and a
     * het male call as missing, as gnomAD; bcftools counts them as diploid (AN 2). Inside PAR1 both count 2.
     */
    @Test
    void chrXPloidyFollowsSex() throws Exception {
        Path manifest = tmp.resolve("sex.tsv");
        Files.writeString(manifest, "sample_id\tsex\tpopulation\nMALE\tXY\tP1\nFEMALE\tXX\tP1\n");
        Path t = tmp.resolve("vcf2sex.mvt");
        IngestPlan.run(
                spark(), ingest(Fixtures.resource("data/bcftools/edge/vcf2sex.vcf"), t, manifest.toString(), "GRCh37"));
        Path out = freq(t, List.of("sex"), "vcf2sex.freq");
        Map<String, FillTagsOracle.Counts> oracle =
                FillTagsOracle.readVcf(Fixtures.resource("data/bcftools/oracle/vcf2sex.filltags.vcf"));
        Map<String, Row> all = stratum(out, "all");
        assertThat(all.keySet()).containsExactlyInAnyOrderElementsOf(oracle.keySet());
        for (var e : oracle.entrySet()) {
            long[] c = counts(List.of(all), e.getKey());
            if (e.getKey().equals("X:154931043:C:A")) {
                // the male's diploid-coded 0/1 outside the PARs (GRCh37 PAR2 starts at 154,931,044): missing for
                // Musubi (AC 1, AN 2: the female's 0/1), a diploid call for bcftools (AC 2, AN 4)
                assertThat(new long[] {
                            c[0], c[1], e.getValue().ac(), e.getValue().an()
                        })
                        .containsExactly(1, 2, 2, 4);
                continue;
            }
            assertThat(new long[] {c[0], c[1]})
                    .as(e.getKey())
                    .containsExactly(e.getValue().ac(), e.getValue().an());
        }

        Path vcf = tmp.resolve("diploid-male-x.vcf");
        Files.writeString(
                vcf,
                "##fileformat=VCFv4.2\n##contig=<ID=X,length=155270560>\n"
                        + "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                        + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tMALE\tFEMALE\n"
                        + "X\t100000\t.\tC\tA\t.\tPASS\t.\tGT\t1/1\t0/1\n" // PAR1 (GRCh37: 60,001-2,699,520)
                        + "X\t5000000\t.\tC\tA\t.\tPASS\t.\tGT\t1/1\t0/1\n"
                        + "X\t5000001\t.\tC\tA\t.\tPASS\t.\tGT\t0/1\t1/1\n"
                        + "X\t5000002\t.\tC\tA\t.\tPASS\t.\tGT\t1\t1/1\n");
        Path t2 = tmp.resolve("dipx.mvt");
        IngestPlan.run(spark(), ingest(vcf, t2, manifest.toString(), "GRCh37"));
        Map<String, Row> dip = stratum(freq(t2, List.of("sex"), "dipx.freq"), "all");
        // {AC, AN, nhomalt, nhemialt}; bcftools would give AN = 4, 4, 4, 3
        Map<Integer, long[]> expected = Map.of(
                100000, new long[] {3, 4, 1, 0},
                5000000, new long[] {2, 3, 1, 1},
                5000001, new long[] {2, 2, 1, 0},
                5000002, new long[] {3, 3, 2, 1});
        for (Row r : dip.values()) {
            long[] e = expected.get(r.<Integer>getAs("pos"));
            assertThat(new long[] {r.getAs("ac"), r.getAs("an"), r.getAs("nhomalt"), r.getAs("nhemialt")})
                    .as("pos %d", r.<Integer>getAs("pos"))
                    .containsExactly(e);
        }
    }

    /**
     * Strata none from the stored counts: a file whose rows include half calls and a haploid call on an autosome (rows
     * with ploidy codes) is counted again with those rows' calls, the others from the stored counts. Hand-counted:
     * {@code 0/1 0/. 1} is AC 2, AN 4, n_called 2 (a half call counts its allele, not the sample, as PLINK 2).
     */
    @Test
    void strataNoneCountsRowsWithPloidyCodesFromTheirCalls() throws Exception {
        Path vcf = tmp.resolve("ploidy-codes.vcf");
        Files.writeString(
                vcf,
                "##fileformat=VCFv4.2\n##contig=<ID=1,length=249250621>\n##contig=<ID=2,length=243199373>\n"
                        + "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                        + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\tC\n"
                        + "1\t100\t.\tC\tA\t.\tPASS\t.\tGT\t0/1\t0/.\t1\n"
                        + "1\t200\t.\tC\tA\t.\tPASS\t.\tGT\t0/1\t1/1\t0/0\n"
                        + "2\t300\t.\tC\tA\t.\tPASS\t.\tGT\t0/0\t0/1\t./.\n");
        Path t = tmp.resolve("ploidy-codes.mvt");
        IngestPlan.run(spark(), ingest(vcf, t, null, "GRCh37"));
        Map<String, Row> all = stratum(freq(t, List.of(), "ploidy-codes.freq"), "all");
        // {AC, AN, n_called}
        Map<Integer, long[]> expected = Map.of(
                100, new long[] {2, 4, 2},
                200, new long[] {3, 6, 3},
                300, new long[] {1, 4, 2});
        assertThat(all).hasSize(3);
        for (Row r : all.values()) {
            long[] e = expected.get(r.<Integer>getAs("pos"));
            assertThat(new long[] {r.getAs("ac"), r.getAs("an"), r.getAs("n_called")})
                    .as("pos %d", r.<Integer>getAs("pos"))
                    .containsExactly(e);
        }
    }

    /**
     * The release gate on the real cohort (k = 20, ten withdrawn samples, sex strata): no released count is in
     * (0, 20), no total leaves exactly one of XX/XY hidden, withdrawn samples are not counted, and no byte of any
     * output file (raw, or the VCF decompressed, or the Parquet values) holds any sample ID.
     */
    @Test
    void releaseGateSuppressesSmallCountsAndLeaksNoSampleId() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String l : Files.readAllLines(Fixtures.resource("data/freq/cineca.samples.tsv"))) {
            if (!l.startsWith("sample_id")) {
                ids.add(l.split("\t")[0]);
            }
        }
        Path withdrawn = tmp.resolve("withdrawn.txt");
        Files.write(withdrawn, ids.subList(0, 10));
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, "name: test\nk: 20  # as All of Us\nwithdrawn_samples: " + withdrawn + "\n");
        Path out = tmp.resolve("gated.freq");
        FreqPlan.run(
                spark(),
                new FreqRequest(
                        cineca.toString(), List.of("sex"), policy.toString(), out.toString(), false, List.of("freq")));

        List<Row> rows =
                spark().read().parquet(out.resolve(FreqPlan.PARQUET).toString()).collectAsList();
        assertThat(rows).hasSize(829 * 3);
        Map<String, Row[]> byVariant = new LinkedHashMap<>();
        long maxCalled = 0;
        int hiddenCells = 0;
        for (Row r : rows) {
            for (String c : List.of("ac", "an", "nhomalt", "nhemialt", "n_called", "n_het", "n_homref")) {
                Long v = r.getAs(c);
                if (v == null) {
                    hiddenCells++;
                } else {
                    assertThat(v == 0 || v >= 20).as("%s = %d in %s", c, v, r).isTrue();
                }
            }
            Long ac = r.getAs("ac");
            Long an = r.getAs("an");
            if (ac != null && an != null) {
                assertThat(an - ac == 0 || an - ac >= 20).isTrue();
            } else {
                assertThat(r.isNullAt(r.fieldIndex("af"))).isTrue();
                assertThat(r.isNullAt(r.fieldIndex("faf95"))).isTrue();
            }
            if (r.<String>getAs("stratum").equals("all") && r.getAs("n_called") != null) {
                maxCalled = Math.max(maxCalled, r.<Long>getAs("n_called"));
            }
            byVariant
                    .computeIfAbsent(r.getAs("pos") + ":" + r.getAs("alt"), x -> new Row[3])[
                    r.<Integer>getAs("stratum_index")] = r;
        }
        assertThat(hiddenCells).isPositive();
        assertThat(maxCalled).isEqualTo(2504 - 10);
        for (Row[] v : byVariant.values()) {
            for (String c : List.of("ac", "an", "nhomalt", "n_called")) {
                boolean total = v[0].getAs(c) != null;
                int hiddenParts = (v[1].getAs(c) == null ? 1 : 0) + (v[2].getAs(c) == null ? 1 : 0);
                assertThat(total && hiddenParts == 1).as("%s of %s", c, v[0]).isFalse();
            }
        }

        List<String> files = new ArrayList<>();
        try (var walk = Files.walk(out)) {
            walk.filter(Files::isRegularFile).forEach(f -> files.add(f.toString()));
        }
        StringBuilder text = new StringBuilder();
        for (String f : files) {
            text.append(new String(Files.readAllBytes(Path.of(f)), StandardCharsets.ISO_8859_1));
            if (f.endsWith(".gz")) {
                try (var in = new GZIPInputStream(Files.newInputStream(Path.of(f)))) {
                    text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        for (Row r : rows) {
            text.append(r.toString());
        }
        assertThat(files).anyMatch(f -> f.endsWith(FreqPlan.VCF)).anyMatch(f -> f.endsWith("summary.json"));
        String all = text.toString();
        assertThat(all).contains("##musubi_release_k=20");
        for (String id : ids) {
            assertThat(all.contains(id) || all.contains(id.substring(0, id.indexOf('_'))))
                    .as("sample ID %s in the output", id)
                    .isFalse();
        }
    }

    @Test
    void badPoliciesAreUserErrors() throws Exception {
        Path policy = tmp.resolve("bad.yaml");
        Files.writeString(policy, "k: five\n");
        assertThatThrownBy(() -> FreqPlan.run(
                        spark(),
                        new FreqRequest(
                                cineca.toString(),
                                List.of(),
                                policy.toString(),
                                tmp.resolve("bad.freq").toString(),
                                false,
                                List.of())))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("k: five");
        Files.writeString(policy, "kk: 5\n");
        assertThatThrownBy(() -> ReleasePolicy.read(policy.toString(), new org.apache.hadoop.conf.Configuration()))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("unknown key 'kk'");
        ReleasePolicy example = ReleasePolicy.read(
                Path.of("../conf/release.yaml").toString(), new org.apache.hadoop.conf.Configuration());
        assertThat(example.k()).isEqualTo(20);
        assertThat(example.withdrawn()).isEmpty();
    }

    @Test
    void refusesAnExistingOutputAndUnknownStrata() {
        assertThatThrownBy(() -> freq(cineca, List.of(), "cineca.freq"))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> freq(cineca, List.of("ancestry"), "x.freq"))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("--strata ancestry");
        assertThat(Files.exists(tmp.resolve("x.freq"))).isFalse();
    }
}
