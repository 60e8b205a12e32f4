package org.musubi.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.table.SamplesFile;
import org.musubi.table.VariantTable;
import org.musubi.testing.Fixtures;
import org.musubi.testing.Ingests;
import org.musubi.testing.SparkTestBase;
import org.musubi.testing.TableRows;
import org.musubi.testing.Tools;

/**
 * PLINK export: VCF → table → PLINK → table gives the same table; plink2 reads the exported fileset and its {@code
 * --freq counts} equal the table's AC/AN; a PLINK fileset ingested and exported again gives the same {@code .bed}
 * bytes and {@code .bim}/{@code .fam} fields; split multi-allelic rows stay biallelic rows with their IDs.
 */
class PlinkExportSparkTest extends SparkTestBase {
    @TempDir
    Path tmp;

    private Path export(Path table, String prefix) throws Exception {
        Path out = tmp.resolve(prefix);
        PlinkExportPlan.run(
                spark(), new ExportPlan.Request(table.toString(), out.toString(), false, false, List.of("export")));
        return out;
    }

    @Test
    void vcfToTableToPlinkToTableIsIdenticalAndPlink2ReadsTheFileset() throws Exception {
        Path vcf = Fixtures.resource("data/pgsc_calc/cineca_synthetic_subset.vcf.gz");
        Path table = tmp.resolve("vcf.mvt");
        Ingests.ingest(spark(), vcf, table, false, 3);
        Path prefix = export(table, "cineca");
        Path back = tmp.resolve("back.mvt");
        Ingests.ingest(spark(), Path.of(prefix + ".bed"), back, false, 2);
        List<String> rows = TableRows.of(table);
        assertThat(rows).hasSize(829);
        assertThat(TableRows.of(back)).isEqualTo(rows);
        Configuration conf = new Configuration();
        assertThat(ids(back, conf)).isEqualTo(ids(table, conf));

        assumeTrue(Tools.available("plink2"), "plink2 not installed");
        Tools.sh("plink2 --bfile " + prefix + " --freq counts --out " + tmp.resolve("p2") + " > /dev/null");
        List<String> acount = Files.readAllLines(tmp.resolve("p2.acount"));
        assertThat(acount).hasSize(rows.size() + 1);
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i).split("\t");
            String[] c = acount.get(i + 1).split("\t");
            // #CHROM ID REF ALT ALT_CTS OBS_CT = contig id ref alt ac an
            assertThat(String.join("\t", c)).isEqualTo(String.join("\t", r[0], r[2], r[3], r[4], r[5], r[6]));
        }
    }

    @Test
    void plinkToTableToPlinkKeepsTheBedBytesAndTheFamAndBimFields() throws Exception {
        String five = Fixtures.resource("data/glow/plink/bed-bim-fam/test.bed").toString();
        Path table = tmp.resolve("five.mvt");
        Ingests.ingest(spark(), Path.of(five), table, false, 2);
        Path prefix = export(table, "five");
        String in = five.substring(0, five.length() - 4);
        assertThat(Files.readAllBytes(Path.of(prefix + ".bed"))).isEqualTo(Files.readAllBytes(Path.of(in + ".bed")));
        assertThat(fields(Path.of(prefix + ".fam"), -1)).isEqualTo(fields(Path.of(in + ".fam"), -1));
        // every column but cM (the table does not keep it; the export writes 0)
        assertThat(fields(Path.of(prefix + ".bim"), 2)).isEqualTo(fields(Path.of(in + ".bim"), 2));
    }

    @Test
    void multiallelicSplitRowsStayBiallelicRowsWithTheirIds() throws Exception {
        Path vcf = tmp.resolve("multi.vcf");
        Files.writeString(
                vcf,
                "##fileformat=VCFv4.2\n##contig=<ID=1,length=1000>\n"
                        + "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                        + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts1\ts2\ts3\ts4\n"
                        + "1\t100\trs1\tA\tC,G\t.\t.\t.\tGT\t0/1\t0/2\t1/1\t2/2\n"
                        + "1\t200\t.\tT\tTA\t.\t.\t.\tGT\t0/0\t./.\t0/1\t1/1\n");
        Path table = tmp.resolve("multi.mvt");
        Ingests.ingest(spark(), vcf, table, false, 1);
        Path prefix = export(table, "multi");
        assertThat(Files.readAllLines(Path.of(prefix + ".bim")))
                .containsExactly("1\trs1\t0\t100\tC\tA", "1\trs1\t0\t100\tG\tA", "1\t.\t0\t200\tTA\tT");
        assertThat(Files.readAllLines(Path.of(prefix + ".fam")))
                .containsExactly(
                        "0\ts1\t0\t0\t0\t-9", "0\ts2\t0\t0\t0\t-9", "0\ts3\t0\t0\t0\t-9", "0\ts4\t0\t0\t0\t-9");
        Path back = tmp.resolve("multi-back.mvt");
        Ingests.ingest(spark(), Path.of(prefix + ".bed"), back, false, 1);
        assertThat(TableRows.of(back)).isEqualTo(TableRows.of(table));
        assumeTrue(Tools.available("plink2"), "plink2 not installed");
        Tools.sh("plink2 --bfile " + prefix + " --freq counts --out " + tmp.resolve("m2") + " > /dev/null");
        assertThat(Files.readAllLines(tmp.resolve("m2.acount")))
                .containsExactly(
                        "#CHROM\tID\tREF\tALT\tALT_CTS\tOBS_CT",
                        "1\trs1\tA\tC\t3\t8",
                        "1\trs1\tA\tG\t3\t8",
                        "1\t.\tT\tTA\t3\t6");
    }

    private static List<String> ids(Path table, Configuration conf) throws Exception {
        return VariantTable.open(table.toString(), conf).samples(conf).stream()
                .map(SamplesFile.Sample::id)
                .toList();
    }

    /** Lines as whitespace-separated fields joined by tabs, without column {@code skip} (-1: none). */
    private static List<String> fields(Path file, int skip) throws Exception {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            List<String> f = new ArrayList<>(List.of(l.strip().split("\\s+")));
            if (skip >= 0) {
                f.remove(skip);
            }
            out.add(String.join("\t", f));
        }
        return out;
    }
}
