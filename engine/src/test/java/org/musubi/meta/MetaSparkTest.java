package org.musubi.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.testing.Fixtures;
import org.musubi.testing.SparkTestBase;

/**
 * The meta plan end to end on four small GWAS-SSF files that cover every alignment case (swapped alleles, a study on
 * the other strand with odds ratios and a CI instead of SE, REF from variant_id and from ref_allele, palindromic
 * SNPs resolvable by EAF, by REF, and not at all, an indel, a variant in one study only, one missing from the first
 * study, lines without an estimate, a non-ACGT allele, an unknown contig), against an independent computation:
 * {@code data/meta/make_meta_oracle.py} parses the same files itself and combines them with statsmodels'
 * {@code combine_effects} (fixed effect, DerSimonian–Laird) and scipy/numpy (METAL's sample-size scheme).
 *
 * <p>Tolerances. Both sides read the same decimal text, so full-precision values ({@code meta.parquet}) differ only
 * by the order of double operations: relative {@link #REL} = 1e-9 (the worst case is Q of a near-homogeneous
 * variant, which statsmodels computes as Σwβ² − (Σwβ)²/Σw: ~1e-14 relative cancellation here); p-values compared
 * as −log10 P to 1e-9 absolute. Text outputs print 6 significant digits, so they are checked at relative
 * {@link #PRINTED} = 1e-5. Alleles, Direction, HetDf, study counts and the dropped lines (study, line, reason) are
 * equal.
 */
class MetaSparkTest extends SparkTestBase {
    static final double REL = 1e-9;
    static final double PRINTED = 1e-5;

    @TempDir
    static Path tmp;

    static List<String> inputs() {
        List<String> in = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            in.add(Fixtures.resource("data/meta/study" + i + ".tsv.gz").toString());
        }
        return in;
    }

    static MetaRequest request(List<String> in, boolean sampleSize, boolean random, int partitions, Path out) {
        return MetaRequest.builder()
                .inputs(in)
                .sampleSize(sampleSize)
                .randomEffects(random)
                .partitions(partitions)
                .out(out.toString())
                .arguments(List.of("meta", "test"))
                .build();
    }

    @Test
    void inverseVarianceAndRandomEffectsEqualTheIndependentComputation() throws Exception {
        Path out = tmp.resolve("ivw");
        MetaPlan.run(spark(), request(inputs(), false, true, 0, out));
        Map<String, Map<String, String>> oracle = table(Fixtures.resource("data/meta/oracle_stderr.tsv"), "MarkerName");
        Map<String, Row> rows = parquet(out);
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(oracle.keySet());
        for (var e : oracle.entrySet()) {
            Map<String, String> o = e.getValue();
            Row r = rows.get(e.getKey());
            String v = e.getKey();
            assertThat(r.<String>getAs("allele1")).as(v).isEqualTo(o.get("Allele1"));
            assertThat(r.<String>getAs("allele2")).as(v).isEqualTo(o.get("Allele2"));
            assertThat(r.<String>getAs("direction")).as(v).isEqualTo(o.get("Direction"));
            assertThat(r.<Integer>getAs("studies")).as(v).isEqualTo(Integer.parseInt(o.get("Studies")));
            assertThat(r.<Integer>getAs("het_df")).as(v).isEqualTo(Integer.parseInt(o.get("HetDf")));
            close(v + " Effect", r.getAs("effect"), o.get("Effect"));
            close(v + " StdErr", r.getAs("std_err"), o.get("StdErr"));
            closeLog(v + " P", r.getAs("neg_log10_p"), o.get("P-value"));
            close(v + " Freq1", r.getAs("freq1"), o.get("Freq1"));
            assertThat(r.<Double>getAs("freq_se")).as(v).isCloseTo(Double.parseDouble(o.get("FreqSE")), within(1e-9));
            close(v + " MinFreq", r.getAs("min_freq"), o.get("MinFreq"));
            close(v + " MaxFreq", r.getAs("max_freq"), o.get("MaxFreq"));
            assertThat(r.<Double>getAs("het_chisq"))
                    .as(v)
                    .isCloseTo(
                            Double.parseDouble(o.get("HetChiSq")),
                            within(1e-9 * Math.max(1, r.<Double>getAs("het_chisq"))));
            assertThat(r.<Double>getAs("het_isq")).as(v).isCloseTo(Double.parseDouble(o.get("HetISq")), within(1e-7));
            closeLog(v + " HetPVal", r.getAs("het_neg_log10_p"), o.get("HetPVal"));
            assertThat(r.<Double>getAs("tau2")).as(v).isCloseTo(Double.parseDouble(o.get("Tau2")), within(1e-12));
            close(v + " EffectRandom", r.getAs("effect_random"), o.get("EffectRandom"));
            close(v + " StdErrRandom", r.getAs("std_err_random"), o.get("StdErrRandom"));
            closeLog(v + " P random", r.getAs("neg_log10_p_random"), o.get("P-valueRandom"));
            close(v + " N", r.getAs("n"), o.get("N"));
        }
        // the METAL-style table: same values at the 6 printed digits, METAL's columns in METAL's order
        List<String> tbl = Files.readAllLines(out.resolve("meta.tbl"));
        assertThat(tbl.get(0))
                .isEqualTo("MarkerName\tAllele1\tAllele2\tFreq1\tFreqSE\tMinFreq\tMaxFreq\tEffect\tStdErr\tP-value"
                        + "\tDirection\tHetISq\tHetChiSq\tHetDf\tHetPVal\tTau2\tEffectRandom\tStdErrRandom"
                        + "\tP-valueRandom");
        assertThat(tbl).hasSize(oracle.size() + 1);
        Map<String, Map<String, String>> printed = table(out.resolve("meta.tbl"), "MarkerName");
        for (var e : oracle.entrySet()) {
            Map<String, String> t = printed.get(e.getKey());
            for (String c : List.of("Effect", "StdErr", "P-value", "HetChiSq", "EffectRandom", "P-valueRandom")) {
                double want = Double.parseDouble(e.getValue().get(c));
                assertThat(Double.parseDouble(t.get(c)))
                        .as(e.getKey() + " " + c)
                        .isCloseTo(want, within(PRINTED * Math.abs(want) + 1e-300));
            }
            assertThat(t.get("Direction")).isEqualTo(e.getValue().get("Direction"));
        }
        // every dropped line, with its reason, and nothing else
        List<String> dropped = new ArrayList<>();
        List<String> droppedLines = gunzipLines(out.resolve("dropped.tsv.gz"));
        for (String l : droppedLines.subList(1, droppedLines.size())) {
            String[] f = l.split("\t", -1);
            dropped.add(f[0] + "\t" + f[2] + "\t" + f[7]);
        }
        List<String> expectedDrops = Files.readAllLines(Fixtures.resource("data/meta/oracle_dropped.tsv"));
        assertThat(dropped).isEqualTo(expectedDrops.subList(1, expectedDrops.size()));
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.at("/variants_combined").asInt()).isEqualTo(oracle.size());
        assertThat(s.at("/dropped_by_reason/palindromic_ambiguous_eaf").asInt()).isEqualTo(2);
        assertThat(s.at("/dropped_by_reason/palindromic_no_eaf").asInt()).isEqualTo(1);
        assertThat(s.at("/dropped_by_reason/no_estimate").asInt()).isEqualTo(1);
        assertThat(s.at("/dropped_by_reason/non_acgt_allele").asInt()).isEqualTo(1);
        assertThat(s.at("/dropped_by_reason/unknown_chromosome").asInt()).isEqualTo(1);
        // study 3 is entirely on the other strand: all its SNPs but the A/T, C/G ones aligned by EAF count as flips
        assertThat(s.at("/alignment/strand_flipped").asInt()).isGreaterThanOrEqualTo(30);
        assertThat(s.at("/alignment/swapped").asInt()).isGreaterThan(30);
        assertThat(s.at("/alignment/palindromic_aligned_by_eaf").asInt()).isEqualTo(5);
        assertThat(s.at("/alignment/standard_error_from_ci").asInt())
                .isEqualTo(s.at("/studies/2/variants_used").asInt());
        assertThat(s.at("/studies/3/lines").asInt())
                .isEqualTo(gunzipLines(Path.of(inputs().get(3))).size() - 1);
        assertThat(s.at("/studies/3/dropped/no_estimate").asInt()).isEqualTo(1);
        assertThat(s.at("/variants_by_number_of_studies/1").asInt()).isEqualTo(1);
        assertThat(s.at("/lambda_gc").isNumber()).isTrue();
        // GWAS-SSF: the mandatory columns first, in order; effect_allele = Allele1; sorted
        List<String> ssf = gunzipLines(out.resolve("meta.tsv.gz"));
        assertThat(ssf.get(0))
                .startsWith("chromosome\tbase_pair_location\teffect_allele\tother_allele\tbeta\tstandard_error"
                        + "\teffect_allele_frequency\tp_value\t");
        assertThat(ssf).hasSize(oracle.size() + 1);
        String[] first = ssf.get(1).split("\t");
        assertThat(first[0] + ":" + first[1] + ":" + first[3] + ":" + first[2]).isEqualTo("1:900000:AT:A");
        assertThat(Files.readString(out.resolve("meta.tsv.gz-meta.yaml")))
                .contains("data_file_name: meta.tsv.gz")
                .contains("data_file_md5sum: ")
                .contains("file_type: GWAS-SSF");
        assertThat(out.resolve("meta.manhattan.png")).isNotEmptyFile();
        assertThat(out.resolve("meta.qq.png")).isNotEmptyFile();
        assertThat(out.resolve("_SUCCESS")).exists();

        // the same rows whatever the number of tasks
        Path one = tmp.resolve("ivw-1");
        MetaPlan.run(spark(), request(inputs(), false, true, 1, one));
        Path seven = tmp.resolve("ivw-7");
        MetaPlan.run(spark(), request(inputs(), false, true, 7, seven));
        assertThat(Files.readAllLines(one.resolve("meta.tbl"))).isEqualTo(tbl);
        assertThat(Files.readAllLines(seven.resolve("meta.tbl"))).isEqualTo(tbl);
    }

    @Test
    void sampleSizeSchemeEqualsTheIndependentComputation() throws Exception {
        Path out = tmp.resolve("samplesize");
        MetaPlan.run(spark(), request(inputs(), true, false, 0, out));
        Map<String, Map<String, String>> oracle =
                table(Fixtures.resource("data/meta/oracle_samplesize.tsv"), "MarkerName");
        Map<String, Row> rows = parquet(out);
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(oracle.keySet());
        for (var e : oracle.entrySet()) {
            Map<String, String> o = e.getValue();
            Row r = rows.get(e.getKey());
            String v = e.getKey();
            assertThat(r.<String>getAs("direction")).as(v).isEqualTo(o.get("Direction"));
            close(v + " Weight", r.getAs("weight"), o.get("Weight"));
            close(v + " Zscore", r.getAs("z"), o.get("Zscore"));
            closeLog(v + " P", r.getAs("neg_log10_p"), o.get("P-value"));
            close(v + " Freq1", r.getAs("freq1"), o.get("Freq1"));
            assertThat(r.<Double>getAs("het_chisq"))
                    .as(v)
                    .isCloseTo(
                            Double.parseDouble(o.get("HetChiSq")),
                            within(1e-9 * Math.max(1, r.<Double>getAs("het_chisq"))));
            assertThat(r.<Integer>getAs("het_df")).as(v).isEqualTo(Integer.parseInt(o.get("HetDf")));
            closeLog(v + " HetPVal", r.getAs("het_neg_log10_p"), o.get("HetPVal"));
            assertThat(r.<Double>getAs("het_isq")).as(v).isCloseTo(Double.parseDouble(o.get("HetISq")), within(1e-7));
            assertThat(r.<Double>getAs("effect")).isNull();
        }
        assertThat(Files.readAllLines(out.resolve("meta.tbl")).get(0))
                .startsWith("MarkerName\tAllele1\tAllele2\tFreq1\tFreqSE\tMinFreq\tMaxFreq\tWeight\tZscore\tP-value");
        assertThat(gunzipLines(out.resolve("meta.tsv.gz")).get(0))
                .startsWith("chromosome\tbase_pair_location\teffect_allele\tother_allele\tz-score\tstandard_error");
    }

    @Test
    void badInputsFailBeforeAnyOutputWithTheFileLineAndFix() throws Exception {
        Path bad = tmp.resolve("bad.tsv");
        Files.writeString(
                bad,
                "chromosome\tbase_pair_location\teffect_allele\tother_allele\tbeta\tstandard_error\n"
                        + "1\t100\tA\tG\t0.1\t0.05\n"
                        + "1\t200\tA\tG\tabc\t0.05\n");
        Path out = tmp.resolve("bad-out");
        List<String> in = List.of(inputs().get(0), bad.toString());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> MetaPlan.run(spark(), request(in, false, false, 0, out)))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining(bad.toString() + " line 3")
                .hasMessageContaining("beta = 'abc' is not a number");
        assertThat(out).doesNotExist();
        Path noSe = tmp.resolve("nose.tsv");
        Files.writeString(noSe, "chromosome\tbase_pair_location\teffect_allele\tother_allele\tbeta\tp_value\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> MetaPlan.run(spark(), request(List.of(noSe.toString()), false, false, 0, out)))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("no standard_error column")
                .hasMessageContaining("--scheme samplesize");
        Path dup = tmp.resolve("dup.tsv");
        Files.writeString(
                dup,
                "chromosome\tbase_pair_location\teffect_allele\tother_allele\tbeta\tstandard_error\n"
                        + "1\t100\tA\tG\t0.1\t0.05\n"
                        + "1\t100\tG\tA\t-0.1\t0.05\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> MetaPlan.run(spark(), request(List.of(dup.toString()), false, false, 0, out)))
                .isInstanceOf(MusubiUserException.class)
                .hasMessageContaining("is given twice (lines 2 and 3)");
        assertThat(out).doesNotExist();
    }

    // ---------------------------------------------------------------- helpers

    static void close(String what, Double ours, String oracle) {
        double want = Double.parseDouble(oracle);
        assertThat(ours).as(what).isNotNull();
        assertThat(ours).as(what).isCloseTo(want, within(REL * Math.max(Math.abs(want), 1e-3)));
    }

    static void closeLog(String what, Double oursNegLog10, String oracleP) {
        double want = -Math.log10(Double.parseDouble(oracleP));
        assertThat(oursNegLog10).as(what).isCloseTo(want, within(1e-9 * Math.max(1, want)));
    }

    static Map<String, Row> parquet(Path out) {
        Map<String, Row> m = new HashMap<>();
        for (Row r :
                spark().read().parquet(out.resolve("meta.parquet").toString()).collectAsList()) {
            m.put(r.getAs("marker_name"), r);
        }
        return m;
    }

    static Map<String, Map<String, String>> table(Path file, String keyColumn) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] h = lines.get(0).split("\t");
        Map<String, Map<String, String>> m = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < h.length; i++) {
                row.put(h[i], f[i]);
            }
            m.put(row.get(keyColumn), row);
        }
        return m;
    }

    static List<String> gunzipLines(Path p) throws IOException {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)), StandardCharsets.UTF_8))) {
            return new ArrayList<>(r.lines().toList());
        }
    }
}
