package org.musubi.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.error.MusubiUserException;
import org.musubi.export.ExportPlan;
import org.musubi.format.TableMetadata;
import org.musubi.testing.Fixtures;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;
import org.musubi.testing.Tools;

/**
 * Records out of genome order within a file, as htslib reads them (issue 13 step 5): the CINECA cohort (829 records,
 * 2504 samples) with its records spread over two interleaved contigs and blocks of records reversed, bgzipped so
 * that it splits into several tasks. Ingested, it exports what {@code bcftools sort} makes of the same file, and its
 * rows equal those of the sorted file's table; bad and duplicate records keep their line numbers after the sort.
 */
@org.junit.jupiter.api.Tag("slow")
class UnsortedInputSparkTest extends SparkTestBase {
    @TempDir
    static Path tmp;

    static List<String> header = new ArrayList<>();
    static List<String> records = new ArrayList<>();
    static Path unsorted;
    static Path sorted;

    @BeforeAll
    static void files() throws Exception {
        Assumptions.assumeTrue(Tools.available("bcftools") && Tools.available("bgzip"), "bcftools/bgzip missing");
        String text;
        try (InputStream in = new GZIPInputStream(
                Files.newInputStream(Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz")))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String l : text.split("\n")) {
            if (l.startsWith("##contig")) {
                header.add("##contig=<ID=21,length=48129895>");
            }
            (l.startsWith("#") ? header : records).add(l);
        }
        // every third record moves to contig 21 (so 21 and 22 interleave), then blocks of 40 records are reversed
        List<String> moved = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            moved.add(i % 3 == 0 ? "21" + records.get(i).substring(2) : records.get(i));
        }
        List<String> body = new ArrayList<>();
        for (int b = 0; b < moved.size(); b += 40) {
            List<String> block = new ArrayList<>(moved.subList(b, Math.min(moved.size(), b + 40)));
            Collections.reverse(block);
            body.addAll(0, block);
        }
        unsorted = write("unsorted", body);
        sorted = tmp.resolve("sorted.vcf.gz");
        Tools.sh("bcftools sort -Oz -o " + sorted + " " + unsorted + " 2>/dev/null");
    }

    static Path write(String name, List<String> body) throws Exception {
        Path plain = tmp.resolve(name + ".vcf");
        List<String> all = new ArrayList<>(header);
        all.addAll(body);
        Files.write(plain, all, StandardCharsets.UTF_8);
        Tools.sh("bgzip -f " + plain);
        return tmp.resolve(name + ".vcf.gz");
    }

    static List<String> genotypes(Path vcf) throws Exception {
        return Tools.sh("bcftools query -f '%CHROM\\t%POS\\t%ID\\t%REF\\t%ALT[\\t%GT]\\n' " + vcf);
    }

    static List<Row> rows(Path table) {
        return spark().read()
                .parquet(table.resolve(TableMetadata.VARIANTS).toString())
                .drop("qual", "filters")
                .orderBy("contig", "pos", "alt_index")
                .collectAsList();
    }

    @Test
    void unsortedFileIsIngestedAsBcftoolsSortReadsIt() throws Exception {
        Path table = tmp.resolve("unsorted.mvt");
        IngestPlan.Summary s = Ingests.ingest(spark(), unsorted, table, false, 4);
        assertThat(s.metadata().variantCount).isEqualTo(829);
        assertThat(s.metadata().recordCount).isEqualTo(829);
        assertThat(s.metadata().sources.get(0).records).isEqualTo(829);
        assertThat(s.metadata().contigs).containsExactly("21", "22");

        Path exported = tmp.resolve("unsorted.export.vcf.gz");
        ExportPlan.run(spark(), new ExportPlan.Request(table.toString(), exported.toString(), false, false, List.of()));
        List<String> bcftools = genotypes(sorted);
        // export writes the table's contig order (the header's: 21, then 22), as bcftools sort
        assertThat(genotypes(exported)).hasSize(829).isEqualTo(bcftools);

        Path sortedTable = tmp.resolve("sorted.mvt");
        Ingests.ingest(spark(), sorted, sortedTable, false, 4);
        assertThat(rows(table)).isEqualTo(rows(sortedTable));

        // lenient mode sorts too: nothing is quarantined
        IngestPlan.Summary lenient = Ingests.ingest(spark(), unsorted, tmp.resolve("lenient.mvt"), true, 4);
        assertThat(lenient.metadata().quarantinedCount).isZero();
        assertThat(lenient.metadata().variantCount).isEqualTo(829);
    }

    @Test
    void duplicatesAndBadRecordsKeepTheirLinesAfterTheSort() throws Exception {
        // line numbers: the header, then the body; a copy of record 5 (1-based in the body) at the end
        List<String> body = new ArrayList<>(records.subList(0, 300));
        Collections.reverse(body);
        body.add(body.get(4));
        int dupLine = header.size() + body.size();
        Path dup = write("dup", body);
        Throwable t = catchThrowable(() -> Ingests.ingest(spark(), dup, tmp.resolve("dup.mvt"), false, 2));
        assertThat(t).isInstanceOf(MusubiUserException.class);
        assertThat(t.getMessage())
                .contains("dup.vcf.gz line " + dupLine + " ")
                .contains("duplicates the earlier record");

        List<String> bad = new ArrayList<>(records.subList(0, 300));
        Collections.reverse(bad);
        bad.set(7, bad.get(7).replaceFirst("\tPR\t", "\tPR;AC=x\t"));
        Path badVcf = write("bad", bad);
        t = catchThrowable(() -> Ingests.ingest(spark(), badVcf, tmp.resolve("bad.mvt"), false, 2));
        assertThat(t).isInstanceOf(MusubiUserException.class);
        assertThat(t.getMessage()).contains("bad.vcf.gz line " + (header.size() + 8) + " ");
        IngestPlan.Summary lenient = Ingests.ingest(spark(), badVcf, tmp.resolve("bad-lenient.mvt"), true, 2);
        assertThat(lenient.metadata().quarantinedCount).isEqualTo(1);
        assertThat(lenient.metadata().variantCount).isEqualTo(299);
        List<String> q = Files.readAllLines(
                tmp.resolve("bad-lenient.mvt").resolve(TableMetadata.QUARANTINE).resolve("records.tsv"));
        assertThat(q.get(1).split("\t")[1]).isEqualTo(Integer.toString(header.size() + 8));
    }

    @Test
    void symbolicRecordsAtOnePositionAreRowsByEndAndSvlen() throws Exception {
        String head = "##fileformat=VCFv4.3\n##contig=<ID=1,length=1000000>\n"
                + "##INFO=<ID=END,Number=1,Type=Integer,Description=\"End\">\n"
                + "##INFO=<ID=SVLEN,Number=.,Type=Integer,Description=\"SV length\">\n"
                + "##ALT=<ID=INS,Description=\"Insertion\">\n##ALT=<ID=DEL,Description=\"Deletion\">\n"
                + "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\n";
        String body = "1\t100\tsv1\tC\t<INS>\t.\tPASS\tEND=100;SVLEN=300\tGT\t0/1\t0/0\n"
                + "1\t100\tsv2\tC\t<INS>\t.\tPASS\tEND=100;SVLEN=55\tGT\t0/0\t1/1\n"
                + "1\t100\tsv3\tC\t<DEL>\t.\tPASS\tEND=400;SVLEN=-300\tGT\t0/1\t0/1\n"
                + "1\t100\tsv4\tC\t<DEL>\t.\tPASS\tEND=250;SVLEN=-150\tGT\t1/1\t0/1\n"
                + "1\t200\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\t0/0\n";
        Path vcf = tmp.resolve("sv.vcf");
        Files.writeString(vcf, head + body);
        Path table = tmp.resolve("sv.mvt");
        assertThat(Ingests.ingest(spark(), vcf, table, false, 1).metadata().variantCount)
                .isEqualTo(5);
        Path exported = tmp.resolve("sv.export.vcf");
        ExportPlan.run(spark(), new ExportPlan.Request(table.toString(), exported.toString(), false, false, List.of()));
        String f = "'%CHROM\\t%POS\\t%ID\\t%REF\\t%ALT[\\t%GT]\\n' ";
        assertThat(Tools.sh("bcftools query -f " + f + exported))
                .isEqualTo(Tools.sh("bcftools query -f " + f + vcf))
                .hasSize(5);

        // the same <INS> record twice (same END and SVLEN) is still a duplicate: refused, or quarantined
        Path dup = tmp.resolve("sv-dup.vcf");
        Files.writeString(dup, head + body.replace("SVLEN=55", "SVLEN=300"));
        Throwable t = catchThrowable(() -> Ingests.ingest(spark(), dup, tmp.resolve("sv-dup.mvt"), false, 1));
        assertThat(t).isInstanceOf(MusubiUserException.class);
        assertThat(t.getMessage()).contains("sv-dup.vcf line 10 ").contains("appears twice");
        IngestPlan.Summary lenient = Ingests.ingest(spark(), dup, tmp.resolve("sv-dup-lenient.mvt"), true, 1);
        assertThat(lenient.metadata().quarantinedCount).isEqualTo(1);
        assertThat(lenient.metadata().variantCount).isEqualTo(4);
    }
}
