package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code musubi freq-merge} through the launcher on two hand-countable banks (ingest, freq, merge), and its input
 * errors (exit code 1, one line).
 */
class FreqMergeJobTest {
    @TempDir
    static Path tmp;

    static Path bank(String name, String samples, String... records) throws Exception {
        StringBuilder vcf = new StringBuilder("##fileformat=VCFv4.2\n##contig=<ID=1,length=100000>\n"
                + "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + samples + "\n");
        for (String r : records) {
            vcf.append(r).append('\n');
        }
        Path v = tmp.resolve(name + ".vcf");
        Files.writeString(v, vcf.toString());
        Path t = tmp.resolve(name + ".mvt");
        Path f = tmp.resolve(name + ".freq");
        assertThat(GwasJobTest.musubi(
                                "ingest",
                                "--input",
                                v.toString(),
                                "--output",
                                t.toString(),
                                "--bank",
                                name,
                                "--genome-build",
                                "GRCh38")
                        .exit())
                .isZero();
        assertThat(GwasJobTest.musubi("freq", "--table", t.toString(), "--strata", "none", "--out", f.toString())
                        .exit())
                .isZero();
        return f;
    }

    @Test
    void twoBanksByHand() throws Exception {
        // bank A: 1:100 0/0 0/1 1/1 (AC 3, AN 6); 1:200 0/1 0/1 0/0 (AC 2, AN 6)
        Path a = bank(
                "A",
                "S1\tS2\tS3",
                "1\t100\trs1\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1\t1/1",
                "1\t200\trs2\tC\tT\t.\tPASS\t.\tGT\t0/1\t0/1\t0/0");
        // bank B: 1:100 1/1 0/1 (AC 3, AN 4); 1:300 0/1 0/0 (AC 1, AN 4); 1:200 not in its output
        Path b = bank(
                "B",
                "T1\tT2",
                "1\t100\trs1\tA\tG\t.\tPASS\t.\tGT\t1/1\t0/1",
                "1\t300\trs3\tG\tC\t.\tPASS\t.\tGT\t0/1\t0/0");
        Path out = tmp.resolve("merged");
        GwasJobTest.Run run =
                GwasJobTest.musubi("freq-merge", "--inputs", a.toString(), b.toString(), "--out", out.toString());
        assertThat(run.exit()).isZero();
        List<Map<String, String>> sites = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(out.resolve("frequencies.sites.vcf.gz"))),
                StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                if (!l.startsWith("#")) {
                    Map<String, String> info = new LinkedHashMap<>();
                    String[] f = l.split("\t");
                    info.put("POS", f[1]);
                    for (String kv : f[7].split(";")) {
                        String[] p = kv.split("=", 2);
                        info.put(p[0], p[1]);
                    }
                    sites.add(info);
                }
            }
        }
        assertThat(sites).hasSize(3);
        // 1:100: AC 3 + 3 = 6, AN 6 + 4 = 10, nhomalt 1 + 1; AF 0.6; faf95 from AC 6, AN 10 (not from the banks')
        Map<String, String> s100 = sites.get(0);
        assertThat(s100)
                .containsEntry("POS", "100")
                .containsEntry("AC", "6")
                .containsEntry("AN", "10")
                .containsEntry("AF", "0.6")
                .containsEntry("nhomalt", "2")
                .containsEntry("n_banks", "2")
                .containsEntry("AF_A", "0.5")
                .containsEntry("AF_B", "0.75");
        // expected ALT counts 3.6 and 2.4 (< 5): Fisher's exact test on [[3, 3], [3, 1]]. Its tables (ALT count
        // in A = 2..6) have probabilities 15, 80, 90, 24, 1 (/210); the observed one (3) has 80, so P sums those
        // ≤ 80/210: 120/210 = 4/7 (SciPy fisher_exact: 0.5714285714285714). Pearson's chi-square is 0.625
        // (SciPy chi2_contingency(correction=False): 0.625).
        assertThat(s100).containsEntry("het_test", "fisher").containsEntry("het_p", "0.571429");
        assertThat(Double.parseDouble(s100.get("het_chisq"))).isEqualTo(0.625);
        // 1:200 is only in bank A, 1:300 only in bank B: one bank each, not AN = 0 in the other, no test
        assertThat(sites.get(1))
                .containsEntry("POS", "200")
                .containsEntry("AC", "2")
                .containsEntry("AN", "6")
                .containsEntry("n_banks", "1")
                .doesNotContainKey("AN_B")
                .doesNotContainKey("het_p");
        assertThat(sites.get(2))
                .containsEntry("POS", "300")
                .containsEntry("AC", "1")
                .containsEntry("AN", "4")
                .containsEntry("n_banks", "1");
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"genome_build\" : \"GRCh38\"");
    }

    /** Counts the Spark contexts started in this JVM (Spark instantiates each listener in spark.extraListeners). */
    public static final class SparkStarts extends org.apache.spark.scheduler.SparkListener {
        static final java.util.concurrent.atomic.AtomicInteger STARTS = new java.util.concurrent.atomic.AtomicInteger();

        public SparkStarts() {
            STARTS.incrementAndGet();
        }
    }

    @Test
    void driverJobsRunWithoutStartingSparkInEmbeddedMode() throws Exception {
        Path a = bank("C", "S1\tS2", "1\t100\trs1\tA\tG\t.\tPASS\t.\tGT\t0/1\t1/1");
        Path b = bank("D", "T1\tT2", "1\t100\trs1\tA\tG\t.\tPASS\t.\tGT\t0/0\t0/1");
        String listener = "spark.extraListeners=" + SparkStarts.class.getName();
        SparkStarts.STARTS.set(0);
        Path merged = tmp.resolve("mergedCD");
        assertThat(GwasJobTest.musubi(
                                "freq-merge", "--inputs", a + "," + b, "--out", merged.toString(), "--conf", listener)
                        .exit())
                .isZero();
        assertThat(merged.resolve("frequencies.sites.vcf.gz")).isNotEmptyFile();
        Path html = tmp.resolve("cd.html");
        assertThat(GwasJobTest.musubi(
                                "report", "--inputs", merged.toString(), "--out", html.toString(), "--conf", listener)
                        .exit())
                .isZero();
        assertThat(html).isNotEmptyFile();
        assertThat(SparkStarts.STARTS.get())
                .as("Spark contexts started by freq-merge and report")
                .isZero();
        // the same listener setting does count a job that needs Spark
        assertThat(GwasJobTest.musubi(
                                "freq",
                                "--table",
                                tmp.resolve("C.mvt").toString(),
                                "--strata",
                                "none",
                                "--out",
                                tmp.resolve("C2.freq").toString(),
                                "--conf",
                                listener)
                        .exit())
                .isZero();
        assertThat(SparkStarts.STARTS.get()).isEqualTo(1);
    }

    @Test
    void inputErrorsAreOneLine() throws Exception {
        GwasJobTest.Run one = GwasJobTest.musubi(
                "freq-merge",
                "--inputs",
                tmp.toString(),
                "--out",
                tmp.resolve("x").toString());
        assertThat(one.exit()).isEqualTo(1);
        assertThat(one.err()).contains("musubi freq-merge: error: --inputs: give at least two");
        GwasJobTest.Run missing = GwasJobTest.musubi(
                "freq-merge",
                "--inputs",
                tmp.resolve("nope1").toString() + "," + tmp.resolve("nope2"),
                "--out",
                tmp.resolve("y").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("nope1: no such directory");
        assertThat(Files.exists(tmp.resolve("y"))).isFalse();
        assertThat(GwasJobTest.musubi("freq-merge", "--help").exit()).isZero();
    }
}
