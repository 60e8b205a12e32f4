package org.musubi.prs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.testing.Fixtures;
import org.musubi.testing.SparkTestBase;

/**
 * pygscatalog's HLA/haplotype scoring files (issue 13 step 4): the HLA rows, with neither position nor rsID, are
 * unmatched with a reason and counted, the rest is scored, sums equal plink2 on the matched variants
 * ({@code data/prs/hla/oracle.sh}).
 */
class PrsComplexVariantsSparkTest extends SparkTestBase {
    @TempDir
    static Path tmp;

    @Test
    void hlaRowsAreUnmatchedAndTheRestIsScoredAsPlink2() throws Exception {
        Path table = tmp.resolve("hla.mvt");
        PrsSparkTest.ingestVcf(Fixtures.resource("data/prs/hla/hla_targets.vcf"), table, 1);
        Path out = tmp.resolve("hla.prs");
        // 5 of PGS004239's 14 rows can match (35.7%): pgsc_calc's default --min_overlap 0.75 would fail it too
        PrsPlan.Summary s = PrsPlan.run(
                spark(),
                PrsRequest.builder()
                        .table(table.toString())
                        .scoreFiles(List.of(
                                Fixtures.resource("data/prs/complex_variants_PGS004239.txt")
                                        .toString(),
                                Fixtures.resource("data/prs/complex_variants_PGS000021.txt")
                                        .toString()))
                        .minOverlap(0.3)
                        .out(out.toString())
                        .arguments(List.of("prs"))
                        .build());
        // PGS004239 as pgsc_calc counts it: 5 matched on position, the 9 HLA rows unmatched
        VariantMatcher.FileMatch a = s.matches().get(0);
        assertThat(new long[] {a.rows(), a.matched(), a.excluded(), a.unmatched()})
                .containsExactly(14, 5, 0, 9);
        // PGS000021 has no positions: pgsc_calc matches none; Musubi matches 21 on rsID (6 of them strand-flipped),
        // 8 HLA rows, 3 rsIDs not in the table and 1 with other alleles stay unmatched
        VariantMatcher.FileMatch b = s.matches().get(1);
        assertThat(new long[] {b.rows(), b.matched(), b.excluded(), b.unmatched()})
                .containsExactly(33, 21, 0, 12);

        String summary = Files.readString(out.resolve("match_summary.csv"));
        assertThat(summary)
                .contains("hla,complex_variants_PGS004239,true,matched,false,false,false,false,false,false,5,35.71")
                .contains("hla,complex_variants_PGS004239,true,unmatched,false,false,false,false,false,false,9,64.29")
                .contains("hla,complex_variants_PGS000021,true,unmatched,false,false,false,false,false,false,12,36.36")
                .contains("hla,complex_variants_PGS000021,true,matched,false,false,false,false,true,false,6,18.18");
        Map<String, Integer> reasons = new HashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out.resolve("match_log.csv.gz")))) {
            List<String> log = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            assertThat(log.get(0)).endsWith(",match_status,dataset,unmatched_reason");
            assertThat(log).hasSize(1 + 14 + 33);
            assertThat(log)
                    .contains(
                            "7,complex_variants_PGS004239,,,,HLA-DQB1*02:01,,1.194,additive,,,,,,false,false,false,false,"
                                    + "false,false,false,true,unmatched,hla,complex_allele");
            for (String l : log.subList(1, log.size())) {
                String r = l.substring(l.lastIndexOf(',') + 1);
                reasons.merge(l.split(",")[1] + ":" + r, 1, Integer::sum);
            }
        }
        assertThat(reasons)
                .containsEntry("complex_variants_PGS004239:complex_allele", 9)
                .containsEntry("complex_variants_PGS004239:", 5)
                .containsEntry("complex_variants_PGS000021:complex_allele", 8)
                .containsEntry("complex_variants_PGS000021:not_in_target", 3)
                .containsEntry("complex_variants_PGS000021:alleles_differ", 1)
                .containsEntry("complex_variants_PGS000021:", 21);

        compare(out, "complex_variants_PGS004239", "PGS004239.sscore");
        compare(out, "complex_variants_PGS000021", "PGS000021.sscore");
    }

    /** Sums, allele counts and named-allele dosages against plink2's .sscore (6 significant digits printed). */
    static void compare(Path out, String score, String oracle) throws Exception {
        Map<String, String[]> o = new HashMap<>();
        List<String> lines = Files.readAllLines(Fixtures.resource("data/prs/hla/" + oracle));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            o.put(f[0], f);
        }
        List<Row> rows = spark().read()
                .parquet(out.resolve("scores.parquet").toString())
                .where("score = '" + score + "'")
                .collectAsList();
        assertThat(rows).hasSize(30);
        for (Row r : rows) {
            String[] f = o.get(r.getString(r.fieldIndex("sample_id")));
            assertThat(r.getInt(r.fieldIndex("allele_ct"))).isEqualTo(Integer.parseInt(f[1]));
            assertThat(r.getDouble(r.fieldIndex("named_allele_dosage_sum"))).isEqualTo(Double.parseDouble(f[3]));
            double sum = Double.parseDouble(f[5]);
            assertThat(r.getDouble(r.fieldIndex("sum")))
                    .isCloseTo(sum, org.assertj.core.data.Offset.offset(PrsSparkTest.printed(sum) * 1.0001));
        }
    }
}
