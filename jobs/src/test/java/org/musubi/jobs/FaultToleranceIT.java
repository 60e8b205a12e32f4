package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musubi.jobs.ClusterTesting.assertSameTable;
import static org.musubi.jobs.ClusterTesting.hasTaskOutput;
import static org.musubi.jobs.ClusterTesting.ingest;
import static org.musubi.jobs.ClusterTesting.launch;
import static org.musubi.jobs.ClusterTesting.musubi;
import static org.musubi.jobs.ClusterTesting.stagingDirs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.musubi.jobs.ClusterTesting.Launch;
import org.musubi.jobs.ClusterTesting.Run;

/**
 * Faults on a real standalone cluster, injected when the job is demonstrably mid-write (a task has written a
 * Parquet part into the staging directory): an executor JVM killed with SIGKILL costs retried tasks, not the
 * result; a driver killed with SIGKILL leaves nothing that looks like a table, and the same command then succeeds.
 */
@Tag("cluster")
class FaultToleranceIT {
    static final int PARTITIONS = 24;

    static Path dir;
    static Path vcf;
    static Path reference;

    @BeforeAll
    static void unfaultedReference() throws Exception {
        dir = ClusterTesting.workDir("faults");
        // 8 × CINECA (6,632 variants × 2,504 samples, 16.6 M genotypes): many seconds of work on two 1-core executors.
        vcf = ClusterTesting.replicatedCineca(dir.resolve("cineca_x8.vcf.gz"), 8);
        reference = dir.resolve("reference.mvt");
        Run r = musubi(ingest(vcf, reference, "local[2]", PARTITIONS));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("6632 variants");
    }

    @Test
    void killingAnExecutorMidJobLeavesTheResultUnchanged() throws Exception {
        StandaloneCluster cluster = ClusterTesting.cluster();
        Path out = dir.resolve("executor-killed.mvt");
        Launch job = launch(ingest(vcf, out, cluster.url(), PARTITIONS));
        cluster.await("a task has written its output", Duration.ofSeconds(180), () -> hasTaskOutput(out));
        List<ProcessHandle> executors = cluster.executors();
        assertThat(executors).as("executor JVMs of the running job").hasSize(2);
        ProcessHandle victim = executors.get(0);
        assertThat(victim.destroyForcibly()).isTrue(); // SIGKILL
        victim.onExit().get();
        assertThat(job.process().isAlive())
                .as("the job still runs after the kill")
                .isTrue();

        Run r = job.await(300);
        assertThat(r.exit()).as(r.err()).isZero();
        // The driver saw the executor go (its tasks were re-run elsewhere) and the worker started a new one.
        assertThat(r.err()).contains("Lost executor");
        assertSameTable(out, reference);
        assertThat(stagingDirs(out)).isEmpty();
    }

    @Test
    void killingTheDriverMidWriteLeavesNoTableAndARerunSucceeds() throws Exception {
        StandaloneCluster cluster = ClusterTesting.cluster();
        Path out = Files.createDirectories(dir.resolve("driver-killed")).resolve("cohort.mvt");
        Launch job = launch(ingest(vcf, out, cluster.url(), PARTITIONS));
        cluster.await("a task has written its output", Duration.ofSeconds(180), () -> hasTaskOutput(out));
        // bin/musubi execs the driver JVM (SparkSubmit, client mode): this process is the driver.
        assertThat(job.process().destroyForcibly().waitFor()).isNotZero();

        assertThat(out).doesNotExist();
        assertThat(completeOutputsIn(out.getParent())).isEmpty();
        List<Path> leftovers = stagingDirs(out);
        assertThat(leftovers).as("the killed run's hidden staging directory").hasSize(1);

        // The same command again: the leftover does not block it; it is named with the fix.
        Run rerun = musubi(ingest(vcf, out, cluster.url(), PARTITIONS));
        assertThat(rerun.exit()).as(rerun.err()).isZero();
        assertThat(rerun.err()).contains(leftovers.get(0).getFileName().toString());
        assertSameTable(out, reference);
        assertThat(completeOutputsIn(out.getParent())).containsExactly(out);
    }

    /** Directories under {@code root} (any depth) that look like a finished output: they hold {@code _SUCCESS}. */
    static List<Path> completeOutputsIn(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("_SUCCESS"))
                    .map(Path::getParent)
                    .toList();
        }
    }
}
