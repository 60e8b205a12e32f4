package org.musubi.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import org.musubi.demo.DemoPlan;
import org.musubi.export.ExportPlan;
import org.musubi.export.PlinkExportPlan;
import org.musubi.freq.FreqPlan;
import org.musubi.freq.FreqRequest;
import org.musubi.ingest.IngestPlan;
import org.musubi.ingest.IngestRequest;
import org.musubi.jobs.server.JobServer;
import org.musubi.simulate.model.SimulationParams;

/**
 * The server's warm-up: the demo (every job's plan: ingest, qc, gwas, wgr, prs, freq, report) on a small simulated
 * cohort in a temporary directory, then freq without strata and a PLINK 1 round trip (export, .bed ingest), so that the JIT has compiled the jobs' code paths (Parquet, the scans, the kernels,
 * the writers) before the first real job comes, instead of during the first few. Its outputs are deleted; the log
 * says what it cost. The first job to arrive cancels it (its Spark jobs and the demo's next step).
 */
final class ServerWarmUp implements JobServer.WarmUp {
    /** Small enough for a few seconds per step on two cores, large enough for the hot loops to reach C2. */
    static final int SAMPLES = 1000;

    static final int VARIANTS = 5000;

    private static final String GROUP = "musubi-server-warm-up";

    private static final List<String> ARGUMENTS = List.of("server", "warm-up");

    private final SparkSession spark;
    private final int samples;
    private final int variants;
    private final Path tmpRoot;
    private volatile boolean cancelled;

    ServerWarmUp(SparkSession spark) {
        this(spark, SAMPLES, VARIANTS, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** @param tmpRoot where its temporary directory goes */
    ServerWarmUp(SparkSession spark, int samples, int variants, Path tmpRoot) {
        this.spark = spark;
        this.samples = samples;
        this.variants = variants;
        this.tmpRoot = tmpRoot;
    }

    @Override
    public void run() throws IOException {
        Path dir = Files.createTempDirectory(tmpRoot, "musubi-warm-up-");
        Level level = LogManager.getLogger("org.musubi").getLevel();
        Configurator.setLevel(
                "org.musubi", Level.ERROR); // the log says what the warm-up cost, not what each step found
        spark.sparkContext().setJobGroup(GROUP, "server warm-up", true);
        try {
            DemoPlan.Summary demo = DemoPlan.run(
                    spark,
                    new DemoPlan.Request(
                            dir.resolve("demo").toString(),
                            1,
                            samples,
                            variants,
                            SimulationParams.DEFAULT_SEED,
                            true,
                            ARGUMENTS),
                    () -> cancelled);
            // what the demo leaves out: freq of the whole table (no strata, no release policy: the stored counts'
            // path), export to PLINK 1 and the .bed ingest
            String table = demo.steps().stream()
                    .filter(r -> r.step().equals("ingest"))
                    .findFirst()
                    .orElseThrow()
                    .outputs()
                    .get(0);
            step("freq --strata none");
            FreqPlan.run(
                    spark,
                    new FreqRequest(table, List.of(), null, dir.resolve("freq").toString(), false, ARGUMENTS));
            step("export --format plink");
            String plink = dir.resolve("plink").resolve("cohort").toString();
            PlinkExportPlan.run(spark, new ExportPlan.Request(table, plink, false, false, ARGUMENTS));
            step("ingest of a .bed");
            IngestPlan.run(
                    spark,
                    IngestRequest.builder()
                            .inputs(List.of(plink + ".bed"))
                            .out(dir.resolve("from-bed.mvt").toString())
                            .arguments(ARGUMENTS)
                            .build());
        } finally {
            spark.sparkContext().clearJobGroup();
            Configurator.setLevel("org.musubi", level);
            delete(dir);
        }
    }

    private void step(String what) {
        if (cancelled) {
            throw new CancellationException("warm-up cancelled before " + what);
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        // all jobs, not only the group: a step may submit from threads that do not inherit it, and no job of a client
        // runs until the warm-up has ended
        spark.sparkContext().cancelAllJobs();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
