package org.musubi.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musubi.export.ExportPlan;
import org.musubi.output.PartFiles;
import org.musubi.testing.SparkTestBase;

/**
 * Every job that writes parts (simulate, ingest, gwas, freq, export) leaves the same output when the first attempt
 * of a task fails after writing its part ({@link PartFiles#FAIL_AFTER_PART}) and Spark retries it ({@code
 * local[2,4]}): the retried run's files equal an unfailed run's byte for byte (JSON files without their run times;
 * Hadoop's {@code .crc} files left out). Both runs write to the same path, so the paths recorded in the outputs agree.
 * freq-merge, prs and meta write no parts.
 */
class RetriedTaskSparkTest extends SparkTestBase {
    private static final List<String> STEPS = List.of("simulate", "ingest", "gwas", "freq");

    @TempDir
    Path tmp;

    @Test
    void aRetriedTaskAttemptLeavesTheSameOutputAsAnUnfailedRun() throws IOException {
        SparkSession spark = spark("local[2,4]");
        AtomicInteger failed = new AtomicInteger();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() != Success$.MODULE$) {
                    failed.incrementAndGet();
                }
            }
        });
        Path out = tmp.resolve("run");
        Map<String, Integer> plain = run(spark, out, failed);
        Files.move(out, tmp.resolve("plain"));
        System.setProperty(PartFiles.FAIL_AFTER_PART, "0");
        Map<String, Integer> retried;
        try {
            retried = run(spark, out, failed);
        } finally {
            System.clearProperty(PartFiles.FAIL_AFTER_PART);
        }
        for (String step : plain.keySet()) {
            assertEquals(0, plain.get(step), step + " without the hook: no task failed");
            assertTrue(retried.get(step) > 0, step + " with the hook: a task attempt failed and was retried");
        }
        Map<String, byte[]> a = files(tmp.resolve("plain"));
        Map<String, byte[]> b = files(out);
        assertEquals(a.keySet(), b.keySet());
        for (String f : a.keySet()) {
            assertEquals(comparable(f, a.get(f)), comparable(f, b.get(f)), f);
        }
    }

    /** The part-writing demo steps for one bank, then an export of its table; per job, the task attempts that failed. */
    private static Map<String, Integer> run(SparkSession spark, Path out, AtomicInteger failed) throws IOException {
        Files.createDirectories(out);
        DemoPlan.Request req = new DemoPlan.Request(out.toString(), 1, 60, 240, 11L, false, List.of("test"));
        DemoPlan.Context ctx =
                new DemoPlan.Context(req, new org.apache.hadoop.fs.Path(out.toString()), List.of("bankA"));
        Map<String, Integer> failures = new LinkedHashMap<>();
        for (DemoPlan.Step st : DemoPlan.steps()) {
            if (STEPS.contains(st.name())) {
                int before = failed.get();
                st.run(spark, ctx);
                failures.put(st.name(), failed.get() - before);
            }
        }
        int before = failed.get();
        ExportPlan.run(
                spark,
                new ExportPlan.Request(
                        ctx.table("bankA"), out.resolve("export.vcf.gz").toString(), false, true, List.of("test")));
        failures.put("export", failed.get() - before);
        return failures;
    }

    /** Every file under dir but Hadoop's .crc files, by relative path (Spark's random UUIDs in names masked). */
    private static Map<String, byte[]> files(Path dir) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".crc"))
                    .forEach(all::add);
        }
        Map<String, byte[]> m = new TreeMap<>();
        for (Path p : all) {
            String rel = dir.relativize(p).toString().replaceAll("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "UUID");
            m.put(rel, Files.readAllBytes(p));
        }
        return m;
    }

    /** What is compared: JSON without run times ({@code *seconds*}, {@code createdAt}), anything else its bytes. */
    private static String comparable(String name, byte[] bytes) throws IOException {
        if (name.endsWith("_SUCCESS") && bytes.length > 0) {
            // the digest of a summary.json, which holds run times (compared above without them): the name only
            return new ObjectMapper().readTree(bytes).path("manifest").asText();
        }
        if (name.endsWith(".json")) {
            JsonNode j = new ObjectMapper().readTree(bytes);
            strip(j);
            // file_digests names Spark's part files, whose UUID differs from run to run
            return j.toPrettyString()
                    .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID");
        }
        return HexFormat.of().formatHex(bytes);
    }

    private static void strip(JsonNode j) {
        if (j instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (k.contains("seconds") || k.equals("createdAt")) {
                    it.remove();
                } else {
                    strip(o.get(k));
                }
            }
        } else if (j.isArray()) {
            j.forEach(RetriedTaskSparkTest::strip);
        }
    }
}
