package org.musubi.freq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
import org.musubi.ingest.IngestPlan;
import org.musubi.testing.Fixtures;
import org.musubi.testing.SparkTestBase;
import org.musubi.testing.Tools;

/**
 * {@code freq-merge} on one cohort split into three banks (CINECA: EUR+AMR, AFR, EAS+SAS, as the bcftools oracles'
 * banks): freq per bank then merge equals freq on the union, exactly, for every variant and stratum; the release
 * gate after merging; the heterogeneity test against SciPy and Hudson's Fst against plink2 --fst; variants missing
 * from a bank; and every refusal.
 */
class FreqMergeSparkTest extends SparkTestBase {
    @TempDir
    static Path tmp;

    static final List<String> BANKS = List.of("bankA_EUR_AMR", "bankB_AFR", "bankC_EAS_SAS");
    static final List<String> STRATA = List.of("population", "sex");
    /** The additive counts of a stratum row. */
    static final List<String> COUNTS = List.of("ac", "an", "nhomalt", "nhemialt", "n_called", "n_het", "n_homref");

    static final Map<String, Path> tables = new LinkedHashMap<>();
    static final Map<String, Path> freqs = new LinkedHashMap<>();
    static Path unionFreq;
    static Path merged;

    @BeforeAll
    static void banks() throws Exception {
        Path vcf = Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz");
        String manifest = Fixtures.resource("data/freq/cineca.samples.tsv").toString();
        for (String b : BANKS) {
            Path part = tmp.resolve(b + ".vcf");
            split(vcf, Fixtures.resource("data/freq/cineca." + b + ".vcfnames.txt"), part);
            Path t = tmp.resolve(b + ".mvt");
            IngestPlan.run(spark(), withBank(FreqSparkTest.ingest(part, t, manifest, "GRCh37"), b));
            tables.put(b, t);
            freqs.put(b, freq(t, STRATA, null, b + ".freq"));
        }
        Path union = tmp.resolve("union.mvt");
        IngestPlan.run(spark(), withBank(FreqSparkTest.ingest(vcf, union, manifest, "GRCh37"), "union"));
        tables.put("union", union);
        unionFreq = freq(union, STRATA, null, "union.freq");
        merged = merge(List.copyOf(freqs.values()), null, "merged");
    }

    static org.musubi.ingest.IngestRequest withBank(org.musubi.ingest.IngestRequest r, String bank) {
        return new org.musubi.ingest.IngestRequest(
                r.inputs(),
                r.output(),
                bank,
                r.samplesManifest(),
                r.genomeBuild(),
                r.options(),
                r.dosageField(),
                r.infoFields(),
                r.partitions(),
                r.overwrite(),
                r.arguments());
    }

    /** Writes the VCF with only the listed samples' columns (as bcftools view -S). */
    static void split(Path vcf, Path names, Path out) throws Exception {
        Set<String> keep = new HashSet<>(Files.readAllLines(names));
        try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(new GZIPInputStream(Files.newInputStream(vcf)), StandardCharsets.UTF_8));
                BufferedWriter w = Files.newBufferedWriter(out)) {
            boolean[] cols = null;
            String l;
            while ((l = r.readLine()) != null) {
                if (l.startsWith("##")) {
                    w.write(l);
                    w.newLine();
                    continue;
                }
                String[] f = l.split("\t");
                if (l.startsWith("#")) {
                    cols = new boolean[f.length];
                    for (int i = 0; i < f.length; i++) {
                        cols[i] = i < 9 || keep.contains(f[i]);
                    }
                }
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < f.length; i++) {
                    if (cols[i]) {
                        b.append(i == 0 ? "" : "\t").append(f[i]);
                    }
                }
                w.write(b.toString());
                w.newLine();
            }
        }
    }

    static Path freq(Path table, List<String> strata, String policy, String name) throws Exception {
        Path out = tmp.resolve(name);
        FreqPlan.run(
                spark(), new FreqRequest(table.toString(), strata, policy, out.toString(), false, List.of("freq")));
        return out;
    }

    static Path merge(List<Path> inputs, String policy, String name) throws Exception {
        return merge(inputs, List.of(), policy, name);
    }

    static Path merge(List<Path> inputs, List<String> names, String policy, String name) throws Exception {
        Path out = tmp.resolve(name);
        FreqMergePlan.run(
                spark(),
                new FreqMergeRequest(
                        inputs.stream().map(Path::toString).toList(),
                        names,
                        policy,
                        out.toString(),
                        false,
                        List.of("freq-merge")));
        return out;
    }

    /** Rows keyed contig:pos:ref:alt:stratum. */
    static Map<String, Row> rows(Path out) {
        Map<String, Row> m = new LinkedHashMap<>();
        for (Row r :
                spark().read().parquet(out.resolve(FreqPlan.PARQUET).toString()).collectAsList()) {
            assertThat(m.put(key(r) + ":" + r.getAs("stratum"), r)).isNull();
        }
        return m;
    }

    static String key(Row r) {
        return r.getAs("contig") + ":" + r.getAs("pos") + ":" + r.getAs("ref") + ":" + r.getAs("alt");
    }

    static JsonNode summary(Path out) throws Exception {
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    static Path policy(int k) throws Exception {
        Path p = tmp.resolve("k" + k + ".yaml");
        Files.writeString(p, "name: test-k" + k + "\nk: " + k + "\n");
        return p;
    }

    /**
     * The point of the job: freq in each bank, then freq-merge, gives exactly what freq gives on the union of the
     * banks' samples, for every variant and every stratum (the counts are integers, and AF and FAF are computed by
     * the same code from equal counts, so the comparison is exact). grpmax and fafmax are recomputed from the merged
     * population strata and agree too. HWE is not merged (the union's is not comparable).
     */
    @Test
    void mergeOfThreeBanksEqualsFreqOnTheUnion() throws Exception {
        Map<String, Row> union = rows(unionFreq);
        Map<String, Row> m = rows(merged);
        assertThat(m.keySet()).containsExactlyInAnyOrderElementsOf(union.keySet());
        assertThat(union).hasSize(829 * 18); // all, 5 populations, XX, XY, 10 population x sex
        List<String> compared = new ArrayList<>(COUNTS);
        compared.addAll(List.of(
                "af",
                "faf95",
                "faf99",
                "stratum_index",
                "population",
                "sex",
                "grpmax",
                "fafmax_faf95_max",
                "fafmax_faf95_max_gen_anc",
                "id"));
        List<String> bad = new ArrayList<>();
        for (var e : union.entrySet()) {
            Row u = e.getValue();
            Row r = m.get(e.getKey());
            for (String c : compared) {
                if (!Objects.equals(u.getAs(c), r.getAs(c))) {
                    bad.add(e.getKey() + " " + c + ": union " + u.getAs(c) + ", merged " + r.getAs(c));
                }
            }
            assertThat(r.<Boolean>getAs("partial")).isFalse();
            assertThat(r.<Integer>getAs("n_banks")).isEqualTo(3);
        }
        assertThat(bad).isEmpty();
        // per-bank columns are the banks' own values
        for (String b : BANKS) {
            Map<String, Row> bank = rows(freqs.get(b));
            for (var e : bank.entrySet()) {
                Row r = m.get(e.getKey());
                assertThat(r.<Long>getAs("AC_" + b)).isEqualTo(e.getValue().<Long>getAs("ac"));
                assertThat(r.<Long>getAs("AN_" + b)).isEqualTo(e.getValue().<Long>getAs("an"));
                Double af = e.getValue().getAs("af");
                assertThat(r.<Double>getAs("AF_" + b)).isEqualTo(af);
            }
        }
        // what freq records for the merge: stratification, gate, contigs with lengths
        JsonNode bankSummary = summary(freqs.get("bankB_AFR"));
        assertThat(bankSummary.get("strata_by").toString()).isEqualTo("[\"population\",\"sex\"]");
        assertThat(bankSummary.get("release_k").isNull()).isTrue();
        assertThat(bankSummary.get("contigs").toString()).isEqualTo("[{\"name\":\"22\",\"length\":51174940}]");
        assertThat(bankSummary.get("bank").asText()).isEqualTo("bankB_AFR");
        // the sample counts per stratum add up to the union's
        assertThat(summary(merged).get("strata")).isEqualTo(summary(unionFreq).get("strata"));
        assertThat(summary(merged).get("variants").asLong()).isEqualTo(829);
        assertThat(summary(merged).get("release").asText()).isEqualTo(FreqPlan.INTERNAL);
        System.out.printf(
                "freq-merge: 3 banks, 829 variants x 18 strata in %.1f s (local[2])%n",
                summary(merged).get("seconds").asDouble());
    }

    /**
     * Heterogeneity between the three banks per variant: Pearson's chi-square (2 x 3 allele counts) against SciPy's
     * chi2_contingency on bcftools' per-bank counts (data/freq/cineca.banks.heterogeneity.tsv). Tolerances: the
     * statistic relative 1e-12 (the same sum); P relative 1e-10 (Distributions' chi-square tail is accurate to
     * 2e-13 relative, SciPy's to ~1e-14), down to P = 1e-300.
     */
    @Test
    void heterogeneityAgreesWithScipy() throws Exception {
        Map<String, String[]> oracle = heterogeneityOracle();
        Map<String, Row> m = rows(merged);
        int tested = 0;
        double maxRel = 0;
        for (var e : oracle.entrySet()) {
            Row r = m.get(e.getKey() + ":all");
            String[] o = e.getValue();
            if (o[1].equals("NA")) {
                assertThat(r.<String>getAs("het_test")).isEqualTo("none");
                continue;
            }
            assertThat(r.<String>getAs("het_test")).isEqualTo("chisq");
            assertThat(r.<Integer>getAs("het_df")).isEqualTo(Integer.parseInt(o[2]));
            double chisq = Double.parseDouble(o[1]);
            double p = Double.parseDouble(o[3]);
            assertThat(r.<Double>getAs("het_chisq")).isCloseTo(chisq, within(1e-12 * chisq));
            if (p > 1e-300) {
                assertThat(r.<Double>getAs("het_p")).as(e.getKey()).isCloseTo(p, within(1e-10 * p));
                maxRel = Math.max(maxRel, Math.abs(r.<Double>getAs("het_p") - p) / p);
            }
            tested++;
        }
        assertThat(tested).isEqualTo(829);
        assertThat(summary(merged).get("heterogeneity").get("chisq").asLong()).isEqualTo(829);
        System.out.printf("freq-merge heterogeneity: max relative |P - SciPy| = %.3g%n", maxRel);
    }

    static Map<String, String[]> heterogeneityOracle() throws Exception {
        Map<String, String[]> o = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(Fixtures.resource("data/freq/cineca.banks.heterogeneity.tsv"));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            o.put(f[0], f);
        }
        return o;
    }

    /**
     * Hudson's Fst per pair of banks from the merged per-bank counts equals plink2 --fst method=hudson on the
     * genotypes (data/freq/cineca.banks.hudson.fst.summary): the same variants (OBS_CT, exactly) and the value to
     * plink2's 6 printed significant digits.
     */
    @Test
    void fstAgreesWithPlink2() throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.resource("data/freq/cineca.banks.hudson.fst.summary"));
        Map<String, JsonNode> ours = new HashMap<>();
        for (JsonNode f : summary(merged).get("fst")) {
            ours.put(f.get("bank1").asText() + "\t" + f.get("bank2").asText(), f);
        }
        assertThat(ours).hasSize(3);
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            JsonNode o = ours.get(f[0] + "\t" + f[1]);
            assertThat(o).as(l).isNotNull();
            assertThat(o.get("variants").asLong()).as(l).isEqualTo(Long.parseLong(f[2]));
            double printed = Double.parseDouble(f[3]);
            assertThat(o.get("hudson_fst").asDouble())
                    .as(l)
                    .isCloseTo(printed, within(0.5 * Math.pow(10, Math.floor(Math.log10(printed)) - 5)));
        }
    }

    /**
     * The sites VCF: one line per variant, merged and per-bank keys equal to the Parquet. bcftools reads it without
     * a warning (every INFO key declared, types right) and its tabix index answers region queries.
     */
    @Test
    void sitesVcfAgreesWithParquet() throws Exception {
        assertThat(merged.resolve(FreqMergePlan.TBI)).isNotEmptyFile();
        if (Tools.available("bcftools")) {
            Path vcf = merged.resolve(FreqPlan.VCF);
            assertThat(Tools.sh("bcftools view -H " + vcf + " 2>&1 >/dev/null")).isEmpty();
            assertThat(Tools.sh("bcftools view -H " + vcf + " | wc -l")).containsExactly("829");
            // the region query goes through the .tbi: 22:17080378 and 22:17300230 are the first two records
            assertThat(Tools.sh("bcftools view -H -r 22:17080000-17300230 " + vcf + " | cut -f2"))
                    .containsExactly("17080378", "17300230");
            assertThat(Tools.sh("bcftools view -H -r 22:17080379-17300229 " + vcf + " | wc -l"))
                    .containsExactly("0");
        }
        List<String> header = new ArrayList<>();
        List<String> body = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(merged.resolve(FreqPlan.VCF))), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                (l.startsWith("#") ? header : body).add(l);
            }
        }
        assertThat(header)
                .contains(
                        "##musubi_banks=" + String.join(",", BANKS),
                        "##musubi_genome_build=GRCh37",
                        "##contig=<ID=22,length=51174940>");
        for (String key :
                List.of("AC", "AC_afr", "AF_eas_XX", "n_banks", "het_p", "AF_bankB_AFR", "AN_bankA_EUR_AMR")) {
            assertThat(header).anyMatch(h -> h.startsWith("##INFO=<ID=" + key + ","));
        }
        assertThat(body).hasSize(829);
        Map<String, Row> m = rows(merged);
        int previous = 0;
        for (String line : body) {
            String[] f = line.split("\t");
            assertThat(Integer.parseInt(f[1])).isGreaterThanOrEqualTo(previous);
            previous = Integer.parseInt(f[1]);
            Map<String, String> info = new LinkedHashMap<>();
            for (String kv : f[7].split(";")) {
                String[] p = kv.split("=", 2);
                info.put(p[0], p[1]);
            }
            Row all = m.get(f[0] + ":" + f[1] + ":" + f[3] + ":" + f[4] + ":all");
            Row afr = m.get(f[0] + ":" + f[1] + ":" + f[3] + ":" + f[4] + ":AFR");
            assertThat(Long.parseLong(info.get("AC"))).isEqualTo(all.<Long>getAs("ac"));
            assertThat(Long.parseLong(info.get("AN_afr"))).isEqualTo(afr.<Long>getAs("an"));
            assertThat(Long.parseLong(info.get("AC_bankB_AFR"))).isEqualTo(all.<Long>getAs("AC_bankB_AFR"));
            assertThat(info.get("n_banks")).isEqualTo("3");
            assertThat(info).doesNotContainKey("partial");
            assertThat(Double.parseDouble(info.get("het_p")))
                    .isCloseTo(all.<Double>getAs("het_p"), within(5e-6 * all.<Double>getAs("het_p")));
        }
    }

    /**
     * The banks released under a gate (k = 5, then k = 20): the merged output is gated at the same k. No released
     * merged (or per-bank) count is in (0, k), nor AN − AC; a cell is partial exactly when some bank suppressed one
     * of its counts; a cell that is not partial and is shown equals freq on the union; a partial cell's AC and AN
     * are the sums over the banks that released both; no total leaves exactly one of XX/XY hidden.
     */
    @Test
    void gatedBanksMergeIntoAGatedPanel() throws Exception {
        for (int k : List.of(5, 20)) {
            Path policy = policy(k);
            List<Path> gated = new ArrayList<>();
            List<Map<String, Row>> bankRows = new ArrayList<>();
            for (String b : BANKS) {
                Path f = freq(tables.get(b), STRATA, policy.toString(), b + ".k" + k + ".freq");
                gated.add(f);
                bankRows.add(rows(f));
            }
            assertThat(summary(gated.get(0)).get("release_k").asInt()).isEqualTo(k);
            Path out = merge(gated, null, "merged.k" + k);
            assertThat(summary(out).get("release_k").asInt()).isEqualTo(k);
            Map<String, Row> union = rows(unionFreq);
            Map<String, Row> m = rows(out);
            assertThat(m).hasSize(829 * 18);
            int partial = 0;
            int hidden = 0;
            int sumsChecked = 0;
            for (var e : m.entrySet()) {
                Row r = e.getValue();
                List<String> shown = new ArrayList<>(COUNTS);
                for (String b : BANKS) {
                    shown.add("AC_" + b);
                    shown.add("AN_" + b);
                }
                for (String c : shown) {
                    Long v = r.getAs(c);
                    if (v == null) {
                        hidden++;
                    } else {
                        assertThat(v == 0 || v >= k)
                                .as("%s = %d at %s", c, v, e.getKey())
                                .isTrue();
                    }
                }
                Long ac = r.getAs("ac");
                Long an = r.getAs("an");
                if (ac != null && an != null) {
                    assertThat(an - ac == 0 || an - ac >= k).as(e.getKey()).isTrue();
                } else {
                    assertThat(r.isNullAt(r.fieldIndex("af"))).isTrue();
                    assertThat(r.isNullAt(r.fieldIndex("faf95"))).isTrue();
                }
                boolean expectPartial = false;
                long pairAc = 0;
                long pairAn = 0;
                for (Map<String, Row> bank : bankRows) {
                    Row b = bank.get(e.getKey());
                    if (b == null) {
                        continue; // the bank has no samples in this stratum
                    }
                    for (String c : COUNTS) {
                        expectPartial |= b.getAs(c) == null;
                    }
                    if (b.getAs("ac") != null && b.getAs("an") != null) {
                        pairAc += b.<Long>getAs("ac");
                        pairAn += b.<Long>getAs("an");
                    }
                }
                assertThat(r.<Boolean>getAs("partial")).as(e.getKey()).isEqualTo(expectPartial);
                if (expectPartial) {
                    partial++;
                    if (ac != null && an != null) {
                        assertThat(new long[] {ac, an}).containsExactly(pairAc, pairAn);
                        sumsChecked++;
                    }
                } else {
                    Row u = union.get(e.getKey());
                    for (String c : COUNTS) {
                        if (r.getAs(c) != null) {
                            assertThat(r.<Long>getAs(c))
                                    .as(c + " " + e.getKey())
                                    .isEqualTo(u.<Long>getAs(c));
                        }
                    }
                }
            }
            System.out.printf(
                    "freq-merge k=%d: %d partial cells, %d hidden counts, %d partial sums checked%n",
                    k, partial, hidden, sumsChecked);
            assertThat(partial).isPositive();
            assertThat(hidden).isPositive();
            // complementary suppression: all = XX + XY, and all = the populations
            Map<String, Map<String, Row>> byVariant = new LinkedHashMap<>();
            m.forEach((key, r) ->
                    byVariant.computeIfAbsent(key(r), x -> new HashMap<>()).put(r.getAs("stratum"), r));
            for (Map<String, Row> v : byVariant.values()) {
                for (List<String> part :
                        List.of(List.of("all", "XX", "XY"), List.of("all", "AFR", "AMR", "EAS", "EUR", "SAS"))) {
                    for (String c : List.of("ac", "an", "nhomalt", "n_called")) {
                        boolean total = v.get(part.get(0)).getAs(c) != null;
                        long hiddenParts = part.subList(1, part.size()).stream()
                                .filter(s -> v.get(s).getAs(c) == null)
                                .count();
                        assertThat(total && hiddenParts == 1)
                                .as("%s of %s", c, part)
                                .isFalse();
                    }
                }
            }
        }
    }

    /**
     * A variant missing from a bank's output: not observed there, so it counts in n_banks and not as AN = 0, and it
     * does not make the cell partial. With two banks, Fisher's exact test replaces the chi-square when an expected
     * count is below 5 (SciPy's fisher_exact, relative 1e-9).
     */
    @Test
    void variantsMissingFromABankAndTwoBankTests() throws Exception {
        Path a = freqs.get("bankA_EUR_AMR");
        Path b = freqs.get("bankB_AFR");
        List<Row> firstTen = spark().read()
                .parquet(b.resolve(FreqPlan.PARQUET).toString())
                .where("stratum = 'all'")
                .orderBy("pos")
                .limit(10)
                .collectAsList();
        Set<Integer> dropped = new HashSet<>();
        firstTen.forEach(r -> dropped.add(r.getAs("pos")));
        Path thin = copy(b, "bankB.thin.freq", s -> s);
        rewriteParquet(b, thin, d -> d.where(functions.not(functions.col("pos").isin(dropped.toArray()))));
        Path out = merge(List.of(a, thin), null, "merged.ab");
        Map<String, Row> m = rows(out);
        Map<String, Row> bankA = rows(a);
        Map<String, Row> bankB = rows(b);
        Map<String, String[]> oracle = heterogeneityOracle();
        int fisher = 0;
        for (var e : m.entrySet()) {
            Row r = e.getValue();
            boolean gone = dropped.contains(r.<Integer>getAs("pos"));
            assertThat(r.<Integer>getAs("n_banks")).isEqualTo(gone ? 1 : 2);
            assertThat(r.<Boolean>getAs("partial")).isFalse();
            Row ra = bankA.get(e.getKey());
            Row rb = bankB.get(e.getKey());
            long ac = (ra == null ? 0 : ra.<Long>getAs("ac")) + (gone || rb == null ? 0 : rb.<Long>getAs("ac"));
            long an = (ra == null ? 0 : ra.<Long>getAs("an")) + (gone || rb == null ? 0 : rb.<Long>getAs("an"));
            assertThat(new long[] {r.getAs("ac"), r.getAs("an")}).as(e.getKey()).containsExactly(ac, an);
            if (gone) {
                assertThat(r.isNullAt(r.fieldIndex("AN_bankB_AFR"))).isTrue();
            }
            if (r.<String>getAs("stratum").equals("all")) {
                String[] o = oracle.get(key(r));
                if (gone) {
                    assertThat(r.<String>getAs("het_test")).isEqualTo("none");
                    assertThat(r.<Integer>getAs("het_banks")).isEqualTo(1);
                } else if (!o[4].equals("NA")) {
                    boolean small = Double.parseDouble(o[7]) < 5;
                    double p = Double.parseDouble(small ? o[6] : o[5]);
                    assertThat(r.<String>getAs("het_test")).isEqualTo(small ? "fisher" : "chisq");
                    assertThat(r.<Double>getAs("het_p")).as(key(r)).isCloseTo(p, within(1e-9 * p + 1e-300));
                    fisher += small ? 1 : 0;
                }
            }
        }
        assertThat(fisher).isEqualTo(1);
        assertThat(summary(out).get("variants_by_n_banks").get("1").asLong()).isEqualTo(10);
        assertThat(summary(out).get("variants_by_n_banks").get("2").asLong()).isEqualTo(819);
    }

    /** Copies a freq output, editing its summary.json text. */
    static Path copy(Path src, String name, UnaryOperator<String> summaryEdit) throws Exception {
        Path dst = tmp.resolve(name);
        try (var walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        Path s = dst.resolve("summary.json");
        Files.writeString(s, summaryEdit.apply(Files.readString(s)));
        // the edited copy stands for another bank's output: no digests, as an output written before they existed
        Files.write(dst.resolve("_SUCCESS"), new byte[0]);
        return dst;
    }

    static void rewriteParquet(Path src, Path dst, UnaryOperator<org.apache.spark.sql.Dataset<Row>> edit) {
        edit.apply(spark().read().parquet(src.resolve(FreqPlan.PARQUET).toString()))
                .write()
                .mode("overwrite")
                .parquet(dst.resolve(FreqPlan.PARQUET).toString());
    }

    static void refused(List<Path> inputs, List<String> names, String policy, String... messages) {
        String name = "refused-" + System.nanoTime();
        var t = assertThatThrownBy(() -> merge(inputs, names, policy, name)).isInstanceOf(MusubiUserException.class);
        for (String m : messages) {
            t.hasMessageContaining(m);
        }
        assertThat(Files.exists(tmp.resolve(name))).isFalse();
    }

    @Test
    void refusesBanksThatCannotBeCombined() throws Exception {
        Path a = freqs.get("bankA_EUR_AMR");
        Path b = freqs.get("bankB_AFR");
        // different genome builds
        Path b38 = copy(b, "b38.freq", s -> s.replace("\"GRCh37\"", "\"GRCh38\""));
        refused(List.of(a, b38), List.of(), null, "bank bankB_AFR is on GRCh38", "GRCh37", "lift");
        // no build recorded: said as unknown, never null
        Path none = copy(b, "none.freq", s -> s.replace("\"GRCh37\"", "null"));
        refused(List.of(a, none), List.of(), null, "genome build unknown", "--genome-build");
        // chr22 in one bank, 22 in the other
        Path chr = copy(b, "chr.freq", s -> s.replace("\"name\" : \"22\"", "\"name\" : \"chr22\""));
        refused(List.of(a, chr), List.of(), null, "'22'", "'chr22'", "--rename-chrs");
        // same contig name, different length: another reference
        Path len = copy(b, "len.freq", s -> s.replace("51174940", "50818468"));
        refused(List.of(a, len), List.of(), null, "contig 22", "51174940", "50818468", "different reference");
        // REF and ALT swapped at one position in one bank
        int pos = 17080378;
        Path swapped = copy(b, "swapped.freq", s -> s);
        rewriteParquet(b, swapped, d -> d.withColumn(
                        "ref2",
                        functions
                                .when(functions.col("pos").equalTo(pos), functions.col("alt"))
                                .otherwise(functions.col("ref")))
                .withColumn(
                        "alt",
                        functions
                                .when(functions.col("pos").equalTo(pos), functions.col("ref"))
                                .otherwise(functions.col("alt")))
                .withColumn("ref", functions.col("ref2"))
                .drop("ref2"));
        refused(
                List.of(a, swapped),
                List.of(),
                null,
                "conflicting allele representations at 22:" + pos,
                "bankA_EUR_AMR G>A",
                "bankB_AFR A>G",
                "bcftools norm");
        // different stratification
        Path plain = freq(tables.get("bankB_AFR"), List.of("sex"), null, "bankB.sexonly.freq");
        refused(List.of(a, plain), List.of(), null, "stratified by sex", "population,sex", "--strata");
        // the same bank twice, one input, an incomplete input, names that do not fit
        refused(List.of(a, a), List.of(), null, "both bank 'bankA_EUR_AMR'", "--names");
        refused(List.of(a), List.of(), null, "at least two");
        Path incomplete = copy(b, "incomplete.freq", s -> s);
        Files.delete(incomplete.resolve(TableMetadata.SUCCESS));
        refused(List.of(a, incomplete), List.of(), null, "not a complete freq output");
        refused(List.of(a, b), List.of("X"), null, "1 names for 2 inputs");
        refused(List.of(a, b), List.of("A", "afr"), null, "INFO key AC_afr", "--names");
        // a merged gate below an input's
        Path gated = freq(tables.get("bankB_AFR"), STRATA, policy(20).toString(), "bankB.k20.refuse.freq");
        refused(List.of(a, gated), List.of(), policy(5).toString(), "k=5 is below the k=20");
        // names given on the command line replace the recorded ones
        Path renamed = merge(List.of(a, b), List.of("BBJ", "ToMMo"), null, "renamed");
        assertThat(rows(renamed).values().iterator().next().schema().fieldNames())
                .contains("AF_BBJ", "AF_ToMMo");
    }
}
