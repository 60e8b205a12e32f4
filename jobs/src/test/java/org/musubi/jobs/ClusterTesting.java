package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.musubi.spark.SparkSessions;

/**
 * What the cluster ITs share: one standalone cluster for the test JVM (master + 2 workers, started on first use,
 * stopped at JVM exit), {@code bin/musubi} as a child process (so that a test can kill the driver), and
 * comparisons of outputs row by row in a small embedded Spark session.
 */
final class ClusterTesting {
    private ClusterTesting() {}

    static final Path ROOT = StandaloneCluster.ROOT;
    /** Under target/, so that the daemons' and executors' logs stay for a look after a failure. */
    static final Path WORK = ROOT.resolve("jobs/target/cluster-it");

    static final Path CINECA = ROOT.resolve("examples/data/cineca_chr22.vcf.gz");
    static final Path CINECA_SAMPLES = ROOT.resolve("examples/data/cineca_samples.tsv");

    private static StandaloneCluster cluster;
    private static SparkSession spark;

    static synchronized StandaloneCluster cluster() throws IOException, InterruptedException {
        if (cluster == null) {
            Path dir = WORK.resolve("cluster");
            deleteTree(dir);
            Files.createDirectories(dir);
            cluster = StandaloneCluster.start(dir, 2);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
        }
        return cluster;
    }

    /** A fresh, empty directory under {@link #WORK}. */
    static Path workDir(String name) throws IOException {
        Path d = WORK.resolve(name);
        deleteTree(d);
        return Files.createDirectories(d);
    }

    /** A running {@code bin/musubi}: the process is the driver JVM itself (the launcher execs it). */
    record Launch(Process process, Path out, Path err, List<String> args) {
        Run await(int seconds) throws IOException, InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(
                        "bin/musubi " + String.join(" ", args) + " timed out; stderr:\n" + Files.readString(err));
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        }
    }

    record Run(int exit, String out, String err) {}

    static Launch launch(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("bin/musubi").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().put("MUSUBI_CDS", "0");
        pb.environment().put("MUSUBI_JAVA_OPTS", "-Xmx1g");
        // The driver binds to loopback, where the test cluster listens.
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Path out = Files.createTempFile(WORK, "musubi-out", ".txt");
        Path err = Files.createTempFile(WORK, "musubi-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new Launch(pb.start(), out, err, List.of(args));
    }

    static Run musubi(String... args) throws IOException, InterruptedException {
        return launch(args).await(300);
    }

    /** Ingest arguments for a table of {@code vcf} at {@code out}, on {@code master}, in {@code partitions} splits. */
    static String[] ingest(Path vcf, Path out, String master, int partitions) {
        return new String[] {
            "ingest",
            "--input",
            vcf.toString(),
            "--samples",
            CINECA_SAMPLES.toString(),
            "--bank",
            "demo",
            "--genome-build",
            "GRCh37",
            "--partitions",
            Integer.toString(partitions),
            "--output",
            out.toString(),
            "--master",
            master
        };
    }

    /** An embedded session (this JVM) to read outputs back. */
    static synchronized SparkSession spark() {
        if (spark == null || spark.sparkContext().isStopped()) {
            spark = SparkSessions.create("musubi-it-compare", "local[1]", Map.of("spark.sql.shuffle.partitions", "2"));
        }
        return spark;
    }

    /** Stops the embedded session, so that jobs run in this JVM (Musubi.execute) start their own. */
    static synchronized void stopSpark() {
        if (spark != null) {
            spark.stop();
            spark = null;
        }
    }

    /** Every row of a Parquet dataset, every column, in a total order over {@code keys}. */
    static List<Row> rows(Path parquet, String... keys) {
        String first = keys[0];
        String[] rest = java.util.Arrays.copyOfRange(keys, 1, keys.length);
        return spark().read().parquet(parquet.toString()).orderBy(first, rest).collectAsList();
    }

    /** Asserts two tables hold the same variant rows (all columns, packed calls byte for byte) and samples. */
    static void assertSameTable(Path actual, Path expected) {
        List<Row> a = rows(actual.resolve("variants"), "contig", "pos", "ref", "alt");
        List<Row> e = rows(expected.resolve("variants"), "contig", "pos", "ref", "alt");
        assertThat(a).isNotEmpty();
        assertThat(a.size()).isEqualTo(e.size());
        for (int i = 0; i < e.size(); i++) {
            // Row.equals compares binary columns (packed calls, dosages) with Arrays.equals.
            assertThat(a.get(i)).as("variant row %d", i).isEqualTo(e.get(i));
        }
        assertThat(rows(actual.resolve("samples.parquet"), "sample_index"))
                .isEqualTo(rows(expected.resolve("samples.parquet"), "sample_index"));
        assertThat(actual.resolve("_SUCCESS")).exists();
    }

    /**
     * The CINECA cohort (2504 samples × 829 chr22 variants) repeated {@code copies} times along a longer chr22
     * (copy r at position + r × 51,174,940), bgzipped: a cohort big enough that a job runs for many seconds on two
     * one-core executors, with real genotypes.
     */
    static Path replicatedCineca(Path out, int copies) throws IOException {
        final long length = 51_174_940L;
        List<String> header = new ArrayList<>();
        List<String[]> body = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(CINECA), 1 << 16), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#")) {
                    header.add(
                            line.startsWith("##contig=<ID=22,")
                                    ? "##contig=<ID=22,length=" + length * copies + ">"
                                    : line);
                } else {
                    body.add(line.split("\t", 4));
                }
            }
        }
        // The writer closes the BGZF stream (which writes the end-of-file block).
        try (Writer w =
                new java.io.OutputStreamWriter(new BlockCompressedOutputStream(out.toFile()), StandardCharsets.UTF_8)) {
            for (String h : header) {
                w.write(h);
                w.write('\n');
            }
            for (int c = 0; c < copies; c++) {
                for (String[] f : body) {
                    long pos = Long.parseLong(f[1]) + c * length;
                    w.write(f[0] + "\t" + pos + "\t" + (c == 0 ? f[2] : f[2] + "_" + c) + "\t" + f[3] + "\n");
                }
            }
        }
        return out;
    }

    /** A quantitative phenotype for every CINECA sample (fixed seed): {@code IID pheno}. */
    static Path phenotype(Path out) throws IOException {
        Random rnd = new Random(20261130L);
        StringBuilder sb = new StringBuilder("IID\tqt\n");
        try (Stream<String> lines = Files.lines(CINECA_SAMPLES)) {
            lines.skip(1).forEach(l -> sb.append(l, 0, l.indexOf('\t'))
                    .append('\t')
                    .append(String.format(java.util.Locale.ROOT, "%.6f", rnd.nextGaussian() * 2 + 10))
                    .append('\n'));
        }
        Files.writeString(out, sb.toString());
        return out;
    }

    /** Hidden staging directories a job left next to {@code output}. */
    static List<Path> stagingDirs(Path output) throws IOException {
        String prefix = "." + output.getFileName() + ".musubi-staging-";
        try (Stream<Path> s = Files.list(output.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    /** Whether a task of the job writing {@code output} has written a Parquet part yet (the job is mid-write). */
    static boolean hasTaskOutput(Path output) {
        try {
            for (Path staging : stagingDirs(output)) {
                Path tasks = staging.resolve("_tasks");
                if (Files.isDirectory(tasks)) {
                    try (Stream<Path> s = Files.walk(tasks)) {
                        if (s.anyMatch(p -> p.toString().endsWith(".parquet"))) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (IOException | java.io.UncheckedIOException e) {
            return false; // a directory vanished while listed: look again
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
