package org.musubi.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.freq.FreqMergePlan;
import org.musubi.freq.FreqMergeRequest;
import org.musubi.freq.FreqPlan;
import org.musubi.freq.FreqRequest;
import org.musubi.gwas.GwasPlan;
import org.musubi.gwas.GwasRequest;
import org.musubi.ingest.IngestOptions;
import org.musubi.ingest.IngestPlan;
import org.musubi.ingest.IngestRequest;
import org.musubi.io.vcf.VcfRecordParser.DosageField;
import org.musubi.meta.MetaPlan;
import org.musubi.meta.MetaRequest;
import org.musubi.prs.PrsPlan;
import org.musubi.prs.PrsRequest;
import org.musubi.simulate.CohortFiles;
import org.musubi.simulate.SimulatePlan;
import org.musubi.simulate.SimulateRequest;
import org.musubi.simulate.model.SimulationParams;
import org.musubi.testing.SparkTestBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The corruption test: seeded random single-byte and multi-byte corruptions (bytes XORed with non-zero
 * values) of every file type of a table (variant Parquet, {@code samples.parquet}, {@code _table.json},
 * {@code _SUCCESS}) and of the gwas and freq outputs that meta and freq-merge read; after each, every job that reads
 * the damaged file runs, and its outcome is one of: failed with the integrity error, same outputs as on the intact
 * files, or a silent difference. The test counts all three and asserts no silent difference (and no other failure).
 * Outputs are compared by content (Parquet rows, gzip text decompressed), leaving out what changes from run to run
 * (run time, arguments, the report page).
 */
@Tag("slow")
class CorruptionSparkTest extends SparkTestBase {
    private static final Logger LOG = LoggerFactory.getLogger(CorruptionSparkTest.class);
    static final int CORRUPTIONS = 60;
    static final long SEED = 20261206L;

    @TempDir
    static Path tmp;

    static Path demo;

    /** The demo's first steps, small: simulate 2 banks × 150 samples × 600 variants, ingest, gwas and freq each. */
    @BeforeAll
    static void simulateAndRun() throws Exception {
        demo = tmp.resolve("demo");
        SimulationParams p = new SimulationParams(
                new int[] {150, 150},
                600,
                7L,
                SimulationParams.DEFAULT_CONTIGS,
                6,
                SimulationParams.DEFAULT_H2,
                SimulationParams.DEFAULT_PREVALENCE,
                SimulationParams.DEFAULT_RELATED_FRACTION,
                SimulationParams.DEFAULT_MISSING_RATE);
        SimulatePlan.run(
                spark(), new SimulateRequest(p, "vcf", demo.resolve("sim").toString(), false, List.of("t")));
        for (String bank : List.of("bankA", "bankB")) {
            IngestPlan.run(
                    spark(),
                    IngestRequest.builder()
                            .inputs(List.of(sim(bank, SimulatePlan.VCF)))
                            .out(table(bank))
                            .bank(bank)
                            .samplesManifest(sim(bank, CohortFiles.SAMPLES))
                            .genomeBuild("GRCh38")
                            .options(new IngestOptions(false, 0, DosageField.NONE, List.of()))
                            .arguments(List.of("test"))
                            .build());
            gwas(bank, demo.resolve("gwas/" + bank));
            freq(bank, demo.resolve("freq/" + bank));
        }
    }

    /** A job reading some of the demo's files; {@link #run} writes its output to {@code out}. */
    interface Job {
        void run(Path out) throws IOException;
    }

    static String table() {
        return table("bankA");
    }

    static String table(String bank) {
        return demo.resolve("tables/" + bank + ".mvt").toString();
    }

    static String sim(String bank, String f) {
        return demo.resolve("sim/" + bank + "/" + f).toString();
    }

    static final Job GWAS = out -> gwas("bankA", out);

    static final Job FREQ = out -> freq("bankA", out);

    static void freq(String bank, Path out) throws IOException {
        FreqPlan.run(
                spark(),
                new FreqRequest(
                        table(bank), List.of("population", "sex"), null, out.toString(), true, List.of("test")));
    }

    static void gwas(String bank, Path out) throws IOException {
        GwasPlan.run(
                spark(),
                GwasRequest.builder()
                        .table(table(bank))
                        .phenoFile(sim(bank, CohortFiles.PHENO))
                        .phenoNames(List.of("qt"))
                        .covarFile(sim(bank, CohortFiles.COVAR))
                        .covarNames(List.of("age", "sex", "PC1", "PC2"))
                        .maf(0.01)
                        .out(out.toString())
                        .overwrite(true)
                        .arguments(List.of("test"))
                        .build());
    }

    static final Job PRS = out -> PrsPlan.run(
            spark(),
            PrsRequest.builder()
                    .table(table())
                    .scoreFiles(List.of(demo.resolve("sim/" + CohortFiles.SCORE).toString()))
                    .out(out.toString())
                    .overwrite(true)
                    .arguments(List.of("test"))
                    .build());

    static final Job META = out -> MetaPlan.run(
            spark(),
            MetaRequest.builder()
                    .inputs(List.of(
                            demo.resolve("gwas/bankA/qt.tsv.gz").toString(),
                            demo.resolve("gwas/bankB/qt.tsv.gz").toString()))
                    .out(out.toString())
                    .overwrite(true)
                    .arguments(List.of("test"))
                    .build());

    static final Job FREQ_MERGE = out -> FreqMergePlan.run(
            spark(),
            new FreqMergeRequest(
                    List.of(
                            demo.resolve("freq/bankA").toString(),
                            demo.resolve("freq/bankB").toString()),
                    List.of("bankA", "bankB"),
                    null,
                    out.toString(),
                    true,
                    List.of("test")));

    /** A kind of file, where it is and the jobs that read it. */
    record Target(String kind, Path file, Map<String, Job> readers) {}

    static List<Target> targets() throws IOException {
        Map<String, Job> tableReaders = new LinkedHashMap<>();
        tableReaders.put("gwas", GWAS);
        tableReaders.put("freq", FREQ);
        tableReaders.put("prs", PRS);
        Path t = Path.of(table());
        List<Target> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(t.resolve("variants"))) {
            s.filter(p -> p.toString().endsWith(".parquet"))
                    .sorted()
                    .forEach(p -> out.add(new Target("variants parquet", p, tableReaders)));
        }
        out.add(new Target("samples.parquet", t.resolve("samples.parquet"), tableReaders));
        out.add(new Target("_table.json", t.resolve("_table.json"), tableReaders));
        out.add(new Target("table _SUCCESS", t.resolve("_SUCCESS"), tableReaders));
        Path g = demo.resolve("gwas/bankA");
        Map<String, Job> meta = Map.of("meta", META);
        out.add(new Target("gwas GWAS-SSF", g.resolve("qt.tsv.gz"), meta));
        out.add(new Target("gwas GWAS-SSF yaml", g.resolve("qt.tsv.gz-meta.yaml"), meta));
        out.add(new Target("gwas summary.json", g.resolve("summary.json"), meta));
        out.add(new Target("gwas _SUCCESS", g.resolve("_SUCCESS"), meta));
        Path f = demo.resolve("freq/bankA");
        Map<String, Job> merge = Map.of("freq-merge", FREQ_MERGE);
        try (Stream<Path> s = Files.walk(f.resolve(FreqPlan.PARQUET))) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().startsWith("_"))
                    .sorted()
                    .forEach(p -> out.add(new Target("freq Parquet", p, merge)));
        }
        out.add(new Target("freq summary.json", f.resolve("summary.json"), merge));
        out.add(new Target("freq _SUCCESS", f.resolve("_SUCCESS"), merge));
        return out;
    }

    enum Outcome {
        INTEGRITY_ERROR,
        SAME_OUTPUT,
        SILENT_DIFFERENCE,
        OTHER_FAILURE
    }

    @Test
    void everyCorruptionFailsWithTheIntegrityErrorOrChangesNothing() throws Exception {
        List<Target> targets = targets();
        Map<String, Map<String, String>> baseline = new LinkedHashMap<>();
        for (Target t : targets) {
            for (Map.Entry<String, Job> j : t.readers().entrySet()) {
                if (!baseline.containsKey(j.getKey())) {
                    Map<String, String> first = outputs(j.getValue(), j.getKey());
                    baseline.put(j.getKey(), first);
                    // the masking is right: a second run on the same files gives the same content
                    Map<String, String> second = outputs(j.getValue(), j.getKey());
                    assertThat(second)
                            .as(j.getKey() + ": " + difference(first, second))
                            .isEqualTo(first);
                }
            }
        }
        // one target kind after another, so that every kind is hit; variant files share their kind's turns
        Map<String, List<Target>> byKind = new LinkedHashMap<>();
        for (Target t : targets) {
            byKind.computeIfAbsent(t.kind(), k -> new ArrayList<>()).add(t);
        }
        List<String> kinds = new ArrayList<>(byKind.keySet());
        Random rnd = new Random(SEED);
        Map<Outcome, Integer> counts = new TreeMap<>();
        Map<String, Integer> perKind = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < CORRUPTIONS; i++) {
            String kind = kinds.get(i % kinds.size());
            List<Target> of = byKind.get(kind);
            Target t = of.get(rnd.nextInt(of.size()));
            byte[] intact = Files.readAllBytes(t.file());
            int len = rnd.nextBoolean() ? 1 : 2 + rnd.nextInt(15);
            len = Math.min(len, intact.length);
            int off = rnd.nextInt(intact.length - len + 1);
            byte[] damaged = intact.clone();
            for (int k = 0; k < len; k++) {
                damaged[off + k] ^= (byte) (1 + rnd.nextInt(255));
            }
            String what = kind + " " + demo.relativize(t.file()) + " bytes " + off + "-" + (off + len);
            Files.write(t.file(), damaged);
            try {
                for (Map.Entry<String, Job> j : t.readers().entrySet()) {
                    Outcome o;
                    String detail = "";
                    try {
                        Map<String, String> got = outputs(j.getValue(), j.getKey());
                        o = got.equals(baseline.get(j.getKey())) ? Outcome.SAME_OUTPUT : Outcome.SILENT_DIFFERENCE;
                        if (o == Outcome.SILENT_DIFFERENCE) {
                            detail = difference(baseline.get(j.getKey()), got);
                        }
                    } catch (Exception e) {
                        String m = messages(e);
                        o = m.contains(" is damaged: ") || m.contains(" is missing")
                                ? Outcome.INTEGRITY_ERROR
                                : Outcome.OTHER_FAILURE;
                        detail = m;
                    }
                    counts.merge(o, 1, Integer::sum);
                    perKind.merge(kind + " / " + o, 1, Integer::sum);
                    LOG.info(
                            "corruption {}: {} → {}: {} {}",
                            i,
                            what,
                            j.getKey(),
                            o,
                            detail.lines().findFirst().orElse(""));
                    if (o == Outcome.SILENT_DIFFERENCE || o == Outcome.OTHER_FAILURE) {
                        problems.add(what + " → " + j.getKey() + ": " + o + " " + detail);
                    }
                }
            } finally {
                Files.write(t.file(), intact);
            }
        }
        LOG.warn("corruption outcomes: {}; per kind: {}", counts, perKind);
        assertThat(problems).isEmpty();
        assertThat(counts.getOrDefault(Outcome.INTEGRITY_ERROR, 0)).isGreaterThan(0);
    }

    static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) {
            b.append(c.getClass().getSimpleName())
                    .append(": ")
                    .append(c.getMessage())
                    .append(" | ");
        }
        return b.toString();
    }

    static String difference(Map<String, String> a, Map<String, String> b) {
        for (String k : a.keySet()) {
            if (!a.get(k).equals(b.get(k))) {
                return "differs in " + k;
            }
        }
        return "files " + a.keySet() + " vs " + b.keySet();
    }

    /** Runs {@code job} into a fresh directory and returns its outputs' content, by file. */
    static Map<String, String> outputs(Job job, String name) throws IOException {
        Path out = tmp.resolve("run-" + name);
        job.run(out);
        Map<String, String> content = new TreeMap<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = out.relativize(p).toString();
                String fileName = p.getFileName().toString();
                if (fileName.startsWith(".")
                        || fileName.equals("_SUCCESS")
                        || fileName.endsWith(".html")
                        || fileName.endsWith(".crc")) {
                    continue;
                }
                // Spark's part files: names carry a run UUID and rows may fall in other parts; key them by their
                // directory, their rows sorted
                String key = fileName.startsWith("part-")
                        ? rel.substring(0, rel.length() - fileName.length()) + "part-*"
                        : rel;
                content.merge(key, read(p), (x, y) -> x + y);
            }
        }
        content.replaceAll((k, v) ->
                k.endsWith("part-*") ? String.join("\n", v.lines().sorted().toList()) : v);
        return content;
    }

    static String read(Path p) throws IOException {
        String n = p.getFileName().toString();
        if (n.endsWith(".parquet") || n.startsWith("part-") && !n.endsWith(".gz")) {
            StringBuilder b = new StringBuilder();
            try (ParquetReader<Group> r = ParquetReader.builder(
                            new GroupReadSupport(), new org.apache.hadoop.fs.Path(p.toString()))
                    .withConf(new Configuration())
                    .build()) {
                Group g;
                while ((g = r.read()) != null) {
                    b.append(g.toString().replace('\n', '\t')).append('\n');
                }
            }
            return b.toString();
        }
        byte[] bytes = Files.readAllBytes(p);
        if (n.endsWith(".gz") || n.endsWith(".bgz")) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                in.transferTo(o);
                bytes = o.toByteArray();
            }
        }
        if (n.equals("summary.json")) {
            ObjectNode j = (ObjectNode) new ObjectMapper().readTree(bytes);
            j.remove(List.of("arguments", "file_digests"));
            withoutTimes(j);
            return j.toString();
        }
        if (n.endsWith("-meta.yaml")) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                    .replaceAll("date_metadata_last_modified:.*", "");
        }
        return java.util.HexFormat.of().formatHex(sha256(bytes));
    }

    /** Removes the run times ({@code seconds…} keys) at any depth. */
    static void withoutTimes(com.fasterxml.jackson.databind.JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> times = new ArrayList<>();
            o.fieldNames().forEachRemaining(k -> {
                if (k.contains("seconds")) {
                    times.add(k);
                }
            });
            o.remove(times);
        }
        n.forEach(CorruptionSparkTest::withoutTimes);
    }

    static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
