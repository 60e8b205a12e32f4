package org.musubi.prs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.ingest.IngestOptions;
import org.musubi.ingest.IngestPlan;
import org.musubi.ingest.IngestRequest;
import org.musubi.io.vcf.VcfRecordParser.DosageField;
import org.musubi.table.VariantTable;
import org.musubi.testing.SparkTestBase;

/**
 * The direct Parquet reads of {@link PrsTableScan} against a reference computed from the table read through Spark
 * SQL (every row looked up by {@code contig:pos:ref:alt}, as the scoring pass used to): hard calls and dosages,
 * missing genotypes, split multi-allelic records, two records at one position, several contigs, matches by position
 * and by rsID.
 */
class PrsTableScanSparkTest extends SparkTestBase {
    @TempDir
    static Path tmp;

    static final int N = 60;

    static Path vcf() throws Exception {
        Path p = tmp.resolve("scan.vcf");
        if (Files.exists(p)) {
            return p;
        }
        StringBuilder b = new StringBuilder("##fileformat=VCFv4.2\n");
        b.append("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n");
        b.append("##FORMAT=<ID=DS,Number=A,Type=Float,Description=\"Dosage\">\n");
        for (String c : new String[] {"chr1", "chr2", "chr3"}) {
            b.append("##contig=<ID=").append(c).append(">\n");
        }
        b.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT");
        for (int i = 0; i < N; i++) {
            b.append("\tS").append(i);
        }
        b.append('\n');
        String[][] recs = {
            {"chr1", "100", "rs1", "A", "G"},
            {"chr1", "200", "rs2", "C", "T,A"},
            {"chr1", "300", "rs3", "G", "C"},
            {"chr1", "400", ".", "T", "C"},
            {"chr2", "150", "rs5", "A", "T"},
            {"chr2", "250", "rs6", "G", "A"},
            {"chr2", "260", "rs7", "G", "A"},
            {"chr2", "260", "rs8", "G", "T"},
            {"chr3", "50", "rs9", "C", "G"},
            {"chr3", "60", "rs10", "AT", "A"},
            {"chr3", "70", "rs11", "T", "G"},
        };
        Random rnd = new Random(5);
        for (String[] r : recs) {
            b.append(String.join("\t", r)).append("\t.\tPASS\t.\tGT:DS");
            int nAlt = r[4].split(",").length;
            double f = 0.1 + 0.6 * rnd.nextDouble();
            for (int i = 0; i < N; i++) {
                if (rnd.nextDouble() < 0.05) {
                    b.append("\t./.:.");
                    continue;
                }
                int a1 = rnd.nextDouble() < f ? 1 + rnd.nextInt(nAlt) : 0;
                int a2 = rnd.nextDouble() < f ? 1 + rnd.nextInt(nAlt) : 0;
                b.append('\t').append(a1).append('/').append(a2).append(':');
                for (int a = 1; a <= nAlt; a++) {
                    double d = (a1 == a ? 1 : 0) + (a2 == a ? 1 : 0);
                    d = Math.max(0, Math.min(2, d + (rnd.nextDouble() - 0.5) * 0.2));
                    b.append(a > 1 ? "," : "").append(String.format(Locale.ROOT, "%.3f", d));
                }
            }
            b.append('\n');
        }
        Files.writeString(p, b.toString(), StandardCharsets.UTF_8);
        return p;
    }

    static Path table(String name, DosageField dosage) throws Exception {
        Path t = tmp.resolve(name);
        IngestPlan.run(
                spark(),
                IngestRequest.builder()
                        .inputs(List.of(vcf().toString()))
                        .out(t.toString())
                        .bank("test")
                        .options(new IngestOptions(false, 0, dosage, List.of()))
                        .dosageField(dosage == DosageField.NONE ? null : "DS")
                        .partitions(2)
                        .arguments(List.of("ingest", "test"))
                        .build());
        return t;
    }

    static List<String> scoreFiles() throws Exception {
        Path pos = tmp.resolve("pos.txt");
        Files.writeString(
                pos,
                String.join(
                        "\n",
                        "#pgs_id=BYPOS",
                        "chr_name\tchr_position\teffect_allele\tother_allele\teffect_weight",
                        "1\t100\tG\tA\t0.25",
                        "1\t200\tT\tC\t-0.5",
                        "1\t200\tA\tC\t0.125",
                        "1\t300\tC\tG\t0.3",
                        "1\t400\tT\tC\t0.7",
                        "2\t150\tT\tA\t-0.2",
                        "2\t250\tC\tT\t0.4",
                        "2\t260\tA\tG\t0.05",
                        "2\t260\tT\tG\t-0.06",
                        "3\t50\tG\tC\t0.9",
                        "3\t70\tG\tT\t1.5",
                        "4\t10\tA\tC\t1.0",
                        ""),
                StandardCharsets.UTF_8);
        Path ids = tmp.resolve("ids.txt");
        Files.writeString(
                ids,
                String.join(
                        "\n",
                        "#pgs_id=BYID",
                        "rsID\teffect_allele\teffect_weight",
                        "rs1\tA\t0.2",
                        "rs6\tA\t-0.3",
                        "rs10\tAT\t0.8",
                        "rs11\tG\t0.1",
                        "rs99\tC\t0.1",
                        ""),
                StandardCharsets.UTF_8);
        return List.of(pos.toString(), ids.toString());
    }

    /** The scores as the Spark SQL scan computed them: every table row, looked up by its key. */
    static ScoreAccumulator reference(Path table, PrsPlan.Summary s) throws Exception {
        Map<String, List<ScoreAccumulator.Weight>> weights = new HashMap<>();
        for (int si = 0; si < s.scores().size(); si++) {
            PrsPlan.Score sc = s.scores().get(si);
            for (VariantMatcher.Candidate c : s.matches().get(sc.file()).log()) {
                if ("matched".equals(c.status())) {
                    weights.computeIfAbsent(c.target().key(), k -> new ArrayList<>())
                            .add(new ScoreAccumulator.Weight(
                                    si,
                                    c.effectIsAlt(),
                                    c.variant().weights()[sc.column()],
                                    c.variant().effectType()));
                }
            }
        }
        ScoreAccumulator acc = new ScoreAccumulator(s.scores().size(), N, s.meanImputed());
        List<Row> rows = VariantTable.open(table.toString(), new Configuration())
                .variants(spark())
                .select("contig", "pos", "ref", "alt", "calls", "dosage")
                .collectAsList();
        for (Row r : rows) {
            List<ScoreAccumulator.Weight> w =
                    weights.get(r.getString(0) + ":" + r.getInt(1) + ":" + r.getString(2) + ":" + r.getString(3));
            if (w != null) {
                acc.add(
                        (byte[]) r.get(4),
                        r.isNullAt(5) ? null : (byte[]) r.get(5),
                        w.toArray(new ScoreAccumulator.Weight[0]));
            }
        }
        return acc;
    }

    void check(String name, DosageField dosage, boolean keepMultiallelic) throws Exception {
        Path table = table(name + ".mvt", dosage);
        Path out = tmp.resolve(name + ".prs");
        PrsPlan.Summary s = PrsPlan.run(
                spark(),
                PrsRequest.builder()
                        .table(table.toString())
                        .scoreFiles(scoreFiles())
                        .minOverlap(0.5)
                        .keepMultiallelic(keepMultiallelic)
                        .out(out.toString())
                        .arguments(List.of("prs"))
                        .build());
        assertThat(s.meanImputed()).isTrue();
        ScoreAccumulator ref = reference(table, s);
        long withDosage = VariantTable.open(table.toString(), new Configuration())
                .variants(spark())
                .where("dosage is not null")
                .count();
        assertThat(withDosage > 0).isEqualTo(dosage != DosageField.NONE);
        assertThat(s.matches().get(0).matched()).isEqualTo(keepMultiallelic ? 8 : 6);
        List<Row> got = spark().read()
                .parquet(out.resolve("scores.parquet").toString())
                .orderBy("score", "sample_index")
                .collectAsList();
        assertThat(got).hasSize(2 * N);
        assertThat(got.get(0).schema().fieldNames()).containsExactly(PrsPlan.SCORES_SCHEMA.fieldNames());
        assertThat(got.get(0).schema().apply("variants").dataType()).isEqualTo(DataTypes.LongType);
        for (int si = 0; si < 2; si++) {
            String score = s.scores().get(si).name();
            ScoreAccumulator.ScoreResult e = ref.result(si);
            assertThat(e.variants()).isGreaterThan(0);
            for (Row r : got) {
                if (!r.getString(2).equals(score)) {
                    continue;
                }
                int i = r.getInt(0);
                assertThat(r.getString(1)).isEqualTo("S" + i);
                assertThat(r.getLong(8)).isEqualTo(e.variants());
                assertThat(r.getInt(6)).as("ALLELE_CT %s %d", score, i).isEqualTo(e.alleleCt()[i]);
                assertThat(r.getInt(4)).isEqualTo(e.denom()[i]);
                assertThat(r.getDouble(3)).as("SUM %s %d", score, i).isCloseTo(e.sum()[i], within(1e-12));
                assertThat(r.getDouble(7)).isCloseTo(e.namedDosage()[i], within(1e-12));
            }
        }
    }

    static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    @Test
    void hardCallsMatchTheSparkSqlScan() throws Exception {
        check("gt", DosageField.NONE, false);
    }

    @Test
    void dosagesAndMultiallelicRowsMatchTheSparkSqlScan() throws Exception {
        check("ds", DosageField.DS, true);
    }
}
