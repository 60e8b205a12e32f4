package org.musubi.adam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.api.java.JavaSparkContext;
import org.bdgenomics.adam.ds.variant.GenotypeDataset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.format.TableMetadata;
import org.musubi.ingest.IngestRequest;
import org.musubi.spark.SerializableConf;
import org.musubi.table.VariantTable;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;

/**
 * ADAM ingest's streaming path (no shuffle) gives the table of the shuffle path, row for row and call for call, on
 * ADAM stores whose variants cross row-group and file boundaries (ADAM's own writer with small row groups; several
 * files, named against genome order, a position continued from one file into the next), with 1, 2 and 8 splits; a
 * store not in genome order (an unsorted VCF; files overlapping) is detected and takes the shuffle path, whose table
 * is that of Musubi's ingest of the sorted VCF.
 */
@Tag("slow")
class AdamStreamingIngestSparkTest extends SparkTestBase {
    static final Map<String, Integer> ORDER = Map.of("1", 0, "2", 1, "X", 2);
    static final String[] BASES = {"A", "C", "G", "T"};
    static final List<String> BASES_LIST = List.of(BASES);

    @TempDir
    Path tmp;

    @Test
    void variantsAcrossRowGroupsGiveTheShufflePathsTableWithOneTwoAndEightSplits() throws Exception {
        List<String> records = records(40, 240, 7);
        Path vcf = vcf("all.vcf", 40, records);
        Path adam = tmp.resolve("small-groups.adam");
        save(AdamTesting.loadVcf(spark(), vcf), adam);

        AdamStreamPlan.Plan plan = plan(adam, 8);
        assertThat(plan.notStreamable()).isNull();
        assertThat(plan.rowGroups()).isGreaterThan(20);
        assertThat(plan.splits()).hasSize(8);
        // variants do cross the splits' row-group boundaries: some split passes over its first position
        assertThat(plan.splits().stream().filter(s -> s.skip != null)).isNotEmpty();
        assertThat(plan.splits().stream().filter(s -> !s.tail.isEmpty())).isNotEmpty();

        Path shuffled = ingest(adam, "shuffled.mvt", 3, true);
        List<String> expected = AdamTesting.rows(shuffled);
        assertThat(expected).hasSize(records.size() + multiAllelicExtra(records));
        // and the shuffle path is Musubi's VCF ingest (as before this path existed)
        Path fromVcf = tmp.resolve("vcf.mvt");
        Ingests.ingest(spark(), vcf, fromVcf, false, 2);
        assertThat(expected).isEqualTo(AdamTesting.rows(fromVcf));
        TableMetadata want = meta(shuffled);
        for (int splits : new int[] {1, 2, 8}) {
            Path streamed = ingest(adam, "streamed-" + splits + ".mvt", splits, false);
            assertThat(AdamTesting.rows(streamed)).as("%d split(s)", splits).isEqualTo(expected);
            TableMetadata got = meta(streamed);
            assertThat(got.variantCount).isEqualTo(want.variantCount);
            assertThat(got.multiallelicSplitCount).isEqualTo(want.multiallelicSplitCount);
            assertThat(got.recordCount).isEqualTo(want.recordCount);
        }
    }

    @Test
    void severalFilesOutOfNameOrderWithAPositionAcrossTwoFilesStream() throws Exception {
        List<String> records = records(30, 160, 11);
        // the second half starts at the first half's last position and REF, with another ALT
        int cut = records.size() / 2;
        String[] last = records.get(cut - 1).split("\t", -1);
        String[] next = records.get(cut).split("\t", -1);
        next[0] = last[0];
        next[1] = last[1];
        next[3] = last[3];
        next[4] = last[3].length() == 1 ? BASES[(BASES_LIST.indexOf(last[3]) + 3) % 4] : last[3].substring(0, 2);
        for (int k = 9; k < next.length; k++) {
            next[k] = next[k].replace('2', '1');
        }
        records.set(cut, String.join("\t", next));
        Path a = tmp.resolve("a.adam");
        Path b = tmp.resolve("b.adam");
        save(AdamTesting.loadVcf(spark(), vcf("a.vcf", 30, records.subList(0, cut))), a);
        save(AdamTesting.loadVcf(spark(), vcf("b.vcf", 30, records.subList(cut, records.size()))), b);
        // genome order is b's name order after a's: the plan orders files by their first position
        Path both = merge(tmp.resolve("both.adam"), a, "part-z-", b, "part-a-");
        assertThat(AdamDataset.parquetFiles(both.toString(), new Configuration()))
                .hasSizeGreaterThan(1);
        AdamStreamPlan.Plan plan = plan(both, 4);
        assertThat(plan.notStreamable()).isNull();

        List<String> expected = AdamTesting.rows(ingest(both, "shuffled.mvt", 2, true));
        for (int splits : new int[] {1, 2, 8}) {
            assertThat(AdamTesting.rows(ingest(both, "streamed-" + splits + ".mvt", splits, false)))
                    .as("%d split(s)", splits)
                    .isEqualTo(expected);
        }
    }

    @Test
    void musubisOwnExportWithDosagesStreamsBackToItsTable() throws Exception {
        Path vcf = vcf("export.vcf", 25, withDosages(records(25, 150, 13), 17));
        Path table = tmp.resolve("vcf.mvt");
        Ingests.ingest(spark(), vcf, table, false, 3);
        Path adam = tmp.resolve("export.adam");
        AdamExportPlan.run(
                spark(),
                new org.musubi.export.ExportPlan.Request(table.toString(), adam.toString(), false, false, List.of()));
        assertThat(plan(adam, 2).notStreamable()).isNull();
        Path back = ingest(adam, "back.mvt", 2, false);
        assertThat(AdamTesting.rows(back)).isEqualTo(AdamTesting.rows(table));
        assertThat(meta(back).hasDosage).isTrue();
        assertThat(dosages(back)).isEqualTo(dosages(table));
    }

    @Test
    void aStoreWrittenBySparkSqlStreams() throws Exception {
        // ADAM's Dataset-bound writer (toDF().write.parquet): Spark's three-level lists, strings for the enums
        Path vcf = vcf("sql.vcf", 20, records(20, 90, 19));
        Path adam = tmp.resolve("sql.adam");
        GenotypeDataset gd = AdamTesting.loadVcf(spark(), vcf);
        gd.toDF().coalesce(1).write().parquet(adam.toString());
        Path meta = tmp.resolve("meta.adam");
        gd.saveAsParquet(meta.toString());
        for (String m : AdamDataset.METADATA) {
            Files.copy(meta.resolve(m), adam.resolve(m));
        }
        assertThat(plan(adam, 2).notStreamable()).isNull();
        assertThat(AdamTesting.rows(ingest(adam, "sql.mvt", 2, false)))
                .isEqualTo(AdamTesting.rows(ingest(adam, "sql-shuffled.mvt", 2, true)));
    }

    @Test
    void aStoreNotInGenomeOrderIsDetectedAndShuffled() throws Exception {
        List<String> records = records(20, 120, 3);
        Path sorted = vcf("sorted.vcf", 20, records);
        Path fromVcf = tmp.resolve("vcf.mvt");
        Ingests.ingest(spark(), sorted, fromVcf, false, 2);
        List<String> expected = AdamTesting.rows(fromVcf);

        // an unsorted VCF, as ADAM stores it
        List<String> shuffledRecords = new ArrayList<>(records);
        java.util.Collections.shuffle(shuffledRecords, new Random(5));
        Path unsorted = tmp.resolve("unsorted.adam");
        save(AdamTesting.loadVcf(spark(), vcf("unsorted.vcf", 20, shuffledRecords)), unsorted);
        AdamStreamPlan.Plan plan = plan(unsorted, 2);
        assertThat(plan.notStreamable()).contains("not in genome order");
        assertThat(AdamTesting.rows(ingest(unsorted, "unsorted.mvt", 2, false))).isEqualTo(expected);

        // two files, each in order, interleaved in the genome (odd and even records)
        List<String> odd = new ArrayList<>();
        List<String> even = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            (i % 2 == 0 ? even : odd).add(records.get(i));
        }
        Path e = tmp.resolve("even.adam");
        Path o = tmp.resolve("odd.adam");
        save(AdamTesting.loadVcf(spark(), vcf("even.vcf", 20, even)), e);
        save(AdamTesting.loadVcf(spark(), vcf("odd.vcf", 20, odd)), o);
        Path both = merge(tmp.resolve("interleaved.adam"), e, "part-e-", o, "part-o-");
        assertThat(plan(both, 2).notStreamable()).contains("files overlap");
        assertThat(AdamTesting.rows(ingest(both, "interleaved.mvt", 2, false))).isEqualTo(expected);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private AdamStreamPlan.Plan plan(Path adam, int splits) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark().sparkContext());
        return AdamStreamPlan.plan(
                jsc,
                new SerializableConf(jsc.hadoopConfiguration()),
                AdamDataset.parquetFiles(adam.toString(), jsc.hadoopConfiguration()),
                ORDER,
                splits);
    }

    private Path ingest(Path adam, String name, int partitions, boolean shuffle) throws IOException {
        Path out = tmp.resolve(name);
        if (shuffle) {
            spark().conf().set(AdamIngestPlan.PATH_KEY, AdamIngestPlan.SHUFFLE);
        }
        try {
            AdamIngestPlan.run(
                    spark(),
                    IngestRequest.builder()
                            .inputs(List.of(adam.toString()))
                            .out(out.toString())
                            .partitions(partitions)
                            .arguments(List.of("ingest", "--format", "adam"))
                            .build());
        } finally {
            spark().conf().unset(AdamIngestPlan.PATH_KEY);
        }
        return out;
    }

    /** The table's rows with their dosage vectors (hex), sorted. */
    private List<String> dosages(Path table) {
        List<String> out = new ArrayList<>();
        for (org.apache.spark.sql.Row r : spark().read()
                .parquet(table.resolve("variants").toString())
                .selectExpr("pos", "ref", "alt", "hex(dosage)")
                .collectAsList()) {
            out.add(r.mkString("\t"));
        }
        java.util.Collections.sort(out);
        return out;
    }

    /** Adds a DS field (Number=A) to every genotype of the records, within the call's ploidy. */
    static List<String> withDosages(List<String> records, long seed) {
        Random rnd = new Random(seed);
        String[] values = {"0", "0.25", "1", "1.5", "2"};
        List<String> out = new ArrayList<>();
        for (String r : records) {
            String[] f = r.split("\t", -1);
            int alts = f[4].split(",").length;
            f[8] = "GT:DS";
            for (int k = 9; k < f.length; k++) {
                StringBuilder ds = new StringBuilder();
                // at most ploidy / ALTs each, so that they sum to at most the ploidy
                double max = (f[k].contains("/") || f[k].contains("|") ? 2.0 : 1.0) / alts;
                for (int a = 0; a < alts; a++) {
                    String v;
                    do {
                        v = values[rnd.nextInt(values.length)];
                    } while (Double.parseDouble(v) > max);
                    ds.append(a == 0 ? "" : ",").append(v);
                }
                f[k] = f[k] + ":" + ds;
            }
            out.add(String.join("\t", f));
        }
        return out;
    }

    private static TableMetadata meta(Path table) throws IOException {
        return VariantTable.open(table.toString(), new Configuration()).metadata;
    }

    /** ADAM's writer with small row groups (4 KiB blocks: about a hundred genotypes a group). */
    private static void save(GenotypeDataset gd, Path out) {
        gd.saveAsParquet(out.toString(), 4096, 1024, CompressionCodecName.GZIP, false);
    }

    /**
     * One store of two stores' Parquet files (under names starting with {@code p1} and {@code p2}) with the first's
     * metadata (both were written from VCFs with one header).
     */
    private static Path merge(Path dir, Path first, String p1, Path second, String p2) throws IOException {
        Files.createDirectories(dir);
        for (Path store : List.of(first, second)) {
            try (Stream<Path> s = Files.list(store)) {
                for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                        .toList()) {
                    Files.move(p, dir.resolve((store == first ? p1 : p2) + p.getFileName()));
                }
            }
        }
        for (String m : AdamDataset.METADATA) {
            Files.copy(first.resolve(m), dir.resolve(m));
        }
        return dir;
    }

    private static int multiAllelicExtra(List<String> records) {
        int extra = 0;
        for (String r : records) {
            extra += r.split("\t")[4].split(",").length - 1;
        }
        return extra;
    }

    /**
     * Sorted VCF records over contigs 1, 2 and X: SNVs, indels at the position of an SNV (another REF), tri-allelic
     * records, phased, half and missing calls; on X outside the PARs the first third of the samples is haploid.
     */
    static List<String> records(int samples, int count, long seed) {
        Random rnd = new Random(seed);
        String[] contigs = {"1", "2", "X"};
        String[] bases = BASES;
        String[] diploid = {"0/0", "0/0", "0/0", "0/1", "0/1", "1/1", "./.", "0|1", "1|0", "0/.", "1|1"};
        List<String> out = new ArrayList<>();
        for (int c = 0; c < contigs.length; c++) {
            int pos = 3_000_000;
            boolean prevSame = false;
            for (int i = 0; i < count / contigs.length; i++) {
                boolean samePos = i > 0 && !prevSame && rnd.nextInt(6) == 0;
                prevSame = samePos;
                pos += samePos ? 0 : 1 + rnd.nextInt(40);
                String ref = bases[rnd.nextInt(4)];
                if (samePos) {
                    ref = ref + "TT"; // a deletion at the previous record's position
                }
                boolean tri = !samePos && rnd.nextInt(8) == 0;
                String alt = samePos ? ref.substring(0, 1) : bases[(BASES_LIST.indexOf(ref) + 1) % 4];
                if (tri) {
                    alt = alt + "," + bases[(BASES_LIST.indexOf(ref) + 2) % 4];
                }
                StringBuilder line = new StringBuilder();
                line.append(contigs[c]).append('\t').append(pos).append('\t');
                line.append(rnd.nextInt(3) == 0 ? "." : "rs" + (c * 100000 + i)).append('\t');
                line.append(ref).append('\t').append(alt).append("\t.\tPASS\t.\tGT");
                for (int s = 0; s < samples; s++) {
                    String gt;
                    if (contigs[c].equals("X") && s < samples / 3) {
                        gt = new String[] {"0", "1", "."}[rnd.nextInt(3)];
                    } else if (tri && rnd.nextInt(4) == 0) {
                        gt = new String[] {"1/2", "2/2", "0/2", "2|1"}[rnd.nextInt(4)];
                    } else {
                        gt = diploid[rnd.nextInt(diploid.length)];
                    }
                    line.append('\t').append(gt);
                }
                out.add(line.toString());
            }
        }
        return out;
    }

    private Path vcf(String name, int samples, List<String> records) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("##fileformat=VCFv4.2\n");
        sb.append("##contig=<ID=1,length=249250621>\n##contig=<ID=2,length=243199373>\n");
        sb.append("##contig=<ID=X,length=155270560>\n");
        sb.append("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n");
        sb.append("##FORMAT=<ID=DS,Number=A,Type=Float,Description=\"Dosage\">\n");
        sb.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT");
        for (int s = 0; s < samples; s++) {
            sb.append("\ts").append(s + 1);
        }
        sb.append('\n');
        for (String r : records) {
            sb.append(r).append('\n');
        }
        Path p = tmp.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }
}
