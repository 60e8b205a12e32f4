package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musubi.jobs.ClusterTesting.CINECA;
import static org.musubi.jobs.ClusterTesting.assertSameTable;
import static org.musubi.jobs.ClusterTesting.ingest;
import static org.musubi.jobs.ClusterTesting.musubi;
import static org.musubi.jobs.ClusterTesting.rows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.musubi.jobs.ClusterTesting.Run;

/**
 * Jobs on a real Spark standalone cluster (master and two one-core workers on 127.0.0.1, executors in their own
 * JVMs), submitted by {@code bin/musubi --master spark://…} with the shaded jobs jar: the outputs equal those of
 * embedded local mode, row by row.
 */
@Tag("cluster")
class StandaloneClusterIT {

    @Test
    void ingestAndGwasOnTheClusterEqualLocalMode() throws Exception {
        StandaloneCluster cluster = ClusterTesting.cluster();
        Path dir = ClusterTesting.workDir("standalone");
        Path pheno = ClusterTesting.phenotype(dir.resolve("pheno.tsv"));

        Run local = musubi(ingest(CINECA, dir.resolve("local.mvt"), "local[2]", 4));
        assertThat(local.exit()).as(local.err()).isZero();
        Set<String> before = applications(cluster);
        Run onCluster = musubi(ingest(CINECA, dir.resolve("cluster.mvt"), cluster.url(), 4));
        assertThat(onCluster.exit()).as(onCluster.err()).isZero();
        assertThat(onCluster.err()).contains("829 variants");
        assertSameTable(dir.resolve("cluster.mvt"), dir.resolve("local.mvt"));

        // The work ran in executor JVMs the workers started, not in the driver: each worker's work directory has
        // an executor that ran tasks of this application.
        cluster.await("the master lists the finished application", Duration.ofSeconds(30), () -> {
            Set<String> now = applications(cluster);
            now.removeAll(before);
            return now.size() == 1;
        });
        Set<String> added = applications(cluster);
        added.removeAll(before);
        String appId = added.iterator().next();
        List<Path> executorLogs = executorLogs(cluster, appId);
        assertThat(executorLogs).hasSizeGreaterThanOrEqualTo(2);
        long ranTasks = executorLogs.stream()
                .filter(p -> StandaloneCluster.read(p).contains("Running task"))
                .count();
        assertThat(ranTasks)
                .as("executors that ran tasks, logs %s", executorLogs)
                .isEqualTo(2);

        for (String master : List.of("local[2]", cluster.url())) {
            String name = master.startsWith("local") ? "local" : "cluster";
            Run gwas = musubi(
                    "gwas",
                    "--table",
                    dir.resolve(name + ".mvt").toString(),
                    "--pheno",
                    pheno.toString(),
                    "--partitions",
                    "6",
                    "--out",
                    dir.resolve(name + ".gwas").toString(),
                    "--master",
                    master);
            assertThat(gwas.exit()).as(gwas.err()).isZero();
        }
        Path lg = dir.resolve("local.gwas");
        Path cg = dir.resolve("cluster.gwas");
        assertThat(Files.readString(cg.resolve("qt.glm.linear")))
                .isEqualTo(Files.readString(lg.resolve("qt.glm.linear")));
        assertThat(Files.readString(cg.resolve("qt.glm.linear")).lines().count())
                .isEqualTo(830);
        assertThat(rows(cg.resolve("results.parquet"), "phenotype", "contig", "pos", "ref", "alt"))
                .isEqualTo(rows(lg.resolve("results.parquet"), "phenotype", "contig", "pos", "ref", "alt"));

        // A driver-only job (report) starts no Spark in embedded mode, but under a cluster master it still starts its
        // session (cluster deploy modes wait for one) and runs on that session's settings: one more application.
        Set<String> beforeReport = applications(cluster);
        Path html = dir.resolve("cluster.html");
        Run report = musubi("report", "--inputs", cg.toString(), "--out", html.toString(), "--master", cluster.url());
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(Files.readString(html)).contains("qt");
        cluster.await("the master lists the report's application", Duration.ofSeconds(30), () -> {
            Set<String> now = applications(cluster);
            now.removeAll(beforeReport);
            return now.size() == 1;
        });
    }

    /** Ids of the applications the master knows, running or finished. */
    static Set<String> applications(StandaloneCluster cluster) {
        Set<String> ids = new HashSet<>();
        try {
            JsonNode state = cluster.state();
            for (String kind : List.of("activeapps", "completedapps")) {
                for (JsonNode a : state.path(kind)) {
                    ids.add(a.path("id").asText());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return ids;
    }

    /** The stderr logs of the executors of {@code appId}, across the workers' work directories. */
    static List<Path> executorLogs(StandaloneCluster cluster, String appId) throws Exception {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(cluster.dir(), 4)) {
            s.filter(p -> p.getFileName().toString().equals("stderr"))
                    .filter(p ->
                            p.getParent().getParent().getFileName().toString().equals(appId))
                    .forEach(out::add);
        }
        return out;
    }
}
