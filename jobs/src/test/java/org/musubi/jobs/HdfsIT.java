package org.musubi.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.musubi.jobs.ClusterTesting.CINECA;
import static org.musubi.jobs.ClusterTesting.CINECA_SAMPLES;
import static org.musubi.jobs.ClusterTesting.assertSameTable;
import static org.musubi.jobs.ClusterTesting.rows;

import htsjdk.tribble.index.IndexFactory;
import htsjdk.tribble.index.tabix.TabixFormat;
import htsjdk.variant.vcf.VCFCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Jobs reading and writing {@code hdfs://} paths on a real in-process HDFS (MiniDFSCluster: a NameNode and a
 * DataNode speaking the HDFS RPC and data transfer protocols): ingest from an hdfs:// VCF.gz into an hdfs:// table,
 * then gwas, freq and export from it into hdfs:// outputs. Each output equals the one the same job writes from
 * and to local files.
 */
@Tag("cluster")
class HdfsIT {
    static MiniDFSCluster dfs;
    static FileSystem fs;
    static String hdfs;
    static Path dir;

    @BeforeAll
    static void startHdfs() throws Exception {
        dir = ClusterTesting.workDir("hdfs");
        Configuration conf = new Configuration();
        dfs = new MiniDFSCluster.Builder(conf, dir.resolve("dfs").toFile())
                .numDataNodes(1)
                .build();
        dfs.waitActive();
        fs = dfs.getFileSystem();
        hdfs = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
    }

    @AfterAll
    static void stopHdfs() {
        if (dfs != null) {
            dfs.shutdown();
        }
    }

    /** Runs a job in this JVM (its own local[2] session, stopped at the end, as bin/musubi runs it). */
    static int musubi(String... args) {
        ClusterTesting.stopSpark();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--master", "local[2]"));
        return Musubi.execute(all.toArray(String[]::new));
    }

    static void upload(Path local, String remote) throws IOException {
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path(remote));
    }

    static Path download(String remote, Path local) throws IOException {
        fs.copyToLocalFile(
                false, new org.apache.hadoop.fs.Path(remote), new org.apache.hadoop.fs.Path(local.toUri()), true);
        return local;
    }

    @Test
    void jobsReadAndWriteHdfsPathsWithTheSameResultsAsLocalFiles() throws Exception {
        Path pheno = ClusterTesting.phenotype(dir.resolve("pheno.tsv"));
        upload(CINECA, hdfs + "/in/cineca_chr22.vcf.gz");
        upload(CINECA_SAMPLES, hdfs + "/in/samples.tsv");
        upload(pheno, hdfs + "/in/pheno.tsv");

        Path local = Files.createDirectories(dir.resolve("local"));
        for (String[] places : new String[][] {
            {CINECA.toString(), CINECA_SAMPLES.toString(), pheno.toString(), local.toString()},
            {hdfs + "/in/cineca_chr22.vcf.gz", hdfs + "/in/samples.tsv", hdfs + "/in/pheno.tsv", hdfs + "/out"}
        }) {
            String out = places[3];
            assertThat(musubi(
                            "ingest",
                            "--input",
                            places[0],
                            "--samples",
                            places[1],
                            "--genome-build",
                            "GRCh37",
                            "--partitions",
                            "4",
                            "--output",
                            out + "/cineca.mvt"))
                    .isZero();
            assertThat(musubi(
                            "gwas",
                            "--table",
                            out + "/cineca.mvt",
                            "--pheno",
                            places[2],
                            "--partitions",
                            "4",
                            "--out",
                            out + "/gwas"))
                    .isZero();
            assertThat(musubi(
                            "freq",
                            "--table",
                            out + "/cineca.mvt",
                            "--strata",
                            "population,sex",
                            "--out",
                            out + "/freq"))
                    .isZero();
            assertThat(musubi("export", "--table", out + "/cineca.mvt", "--output", out + "/cineca.vcf.gz"))
                    .isZero();
        }
        // The hdfs:// runs' outputs are complete on HDFS.
        assertThat(fs.exists(new org.apache.hadoop.fs.Path(hdfs + "/out/cineca.mvt/_SUCCESS")))
                .isTrue();
        assertThat(fs.exists(new org.apache.hadoop.fs.Path(hdfs + "/out/gwas/_SUCCESS")))
                .isTrue();
        assertThat(fs.exists(new org.apache.hadoop.fs.Path(hdfs + "/out/freq/_SUCCESS")))
                .isTrue();

        Path fromHdfs = Files.createDirectories(dir.resolve("from-hdfs"));
        assertSameTable(
                download(hdfs + "/out/cineca.mvt", fromHdfs.resolve("cineca.mvt")), local.resolve("cineca.mvt"));

        Path gwas = download(hdfs + "/out/gwas", fromHdfs.resolve("gwas"));
        assertThat(Files.readString(gwas.resolve("qt.glm.linear")))
                .isEqualTo(Files.readString(local.resolve("gwas/qt.glm.linear")));
        assertThat(rows(gwas.resolve("results.parquet"), "phenotype", "contig", "pos", "ref", "alt"))
                .isEqualTo(rows(local.resolve("gwas/results.parquet"), "phenotype", "contig", "pos", "ref", "alt"));
        assertThat(gwas.resolve("qt.manhattan.png")).exists();

        Path freq = download(hdfs + "/out/freq", fromHdfs.resolve("freq"));
        assertThat(rows(freq.resolve("frequencies.parquet"), "contig", "pos", "ref", "alt"))
                .isEqualTo(rows(local.resolve("freq/frequencies.parquet"), "contig", "pos", "ref", "alt"));
        assertThat(bodyOf(freq.resolve("frequencies.sites.vcf.gz")))
                .isEqualTo(bodyOf(local.resolve("freq/frequencies.sites.vcf.gz")));

        Path vcf = download(hdfs + "/out/cineca.vcf.gz", fromHdfs.resolve("cineca.vcf.gz"));
        List<String> body = bodyOf(vcf);
        assertThat(body).hasSize(830); // #CHROM line + 829 records
        assertThat(body).isEqualTo(bodyOf(local.resolve("cineca.vcf.gz")));
        // The index of an hdfs:// export is written too (streamed from HDFS), byte for byte what htsjdk's
        // file-based IndexFactory makes of the same VCF.
        Path tbi = download(hdfs + "/out/cineca.vcf.gz.tbi", fromHdfs.resolve("cineca.vcf.gz.tbi"));
        Path expectedTbi = fromHdfs.resolve("expected.tbi");
        IndexFactory.createTabixIndex(vcf.toFile(), new VCFCodec(), TabixFormat.VCF, null)
                .write(expectedTbi);
        assertThat(Files.readAllBytes(tbi)).isEqualTo(Files.readAllBytes(expectedTbi));
    }

    /** A (b)gzipped VCF's lines after the ## meta lines (which record the command line and so differ). */
    static List<String> bodyOf(Path vcfGz) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(vcfGz))) {
            in.transferTo(b);
        }
        return b.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.startsWith("##"))
                .toList();
    }
}
