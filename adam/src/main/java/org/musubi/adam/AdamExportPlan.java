package org.musubi.adam;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.bdgenomics.adam.ds.variant.GenotypeDataset;
import org.bdgenomics.adam.models.SequenceDictionary;
import org.bdgenomics.formats.avro.Genotype;
import org.bdgenomics.formats.avro.Reference;
import org.bdgenomics.formats.avro.Sample;
import org.musubi.error.MusubiUserException;
import org.musubi.export.ExportPlan;
import org.musubi.format.TableMetadata;
import org.musubi.genome.GenomeBuild;
import org.musubi.output.OutputCommit;
import org.musubi.output.OutputRun;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.table.SamplesFile;
import org.musubi.table.VariantTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * Variant table → ADAM genotype Parquet ({@code export --format adam}), written by ADAM itself ({@code
 * GenotypeDataset.saveAsParquet}) so that ADAM's {@code loadGenotypes} reads it: the Parquet files plus {@code
 * _references.avro} (the table's contigs in order, with their lengths), {@code _samples.avro} (the table's samples in
 * order) and {@code _header} (ADAM's default VCF header lines). Each task turns one variant file of the table into
 * ADAM genotypes ({@link AdamGenotypes}: one per sample per row, split multi-allelic rows marked {@code
 * splitFromMultiAllelic}); the output directory is committed as a whole ({@link OutputRun#runFile}).
 */
public final class AdamExportPlan {
    private static final Logger LOG = LoggerFactory.getLogger(AdamExportPlan.class);

    private AdamExportPlan() {}

    public static ExportPlan.Summary run(SparkSession spark, ExportPlan.Request req) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        VariantTable table = VariantTable.open(req.table(), conf);
        List<SamplesFile.Sample> samples = table.samples(conf);
        if (samples.isEmpty()) {
            throw new MusubiUserException(req.table() + ": the table has no samples; ADAM genotypes need at least one"
                    + " (export --format vcf writes a sites-only file)");
        }
        List<VariantTable.VariantFile> files = table.files(conf);
        return OutputRun.runFile(
                req.output(),
                req.overwrite(),
                conf,
                commit -> write(jsc, conf, table.metadata, samples, files, commit));
    }

    private static ExportPlan.Summary write(
            JavaSparkContext jsc,
            Configuration conf,
            TableMetadata meta,
            List<SamplesFile.Sample> samples,
            List<VariantTable.VariantFile> files,
            OutputCommit commit) {
        int n = samples.size();
        String[] ids = samples.stream().map(SamplesFile.Sample::id).toArray(String[]::new);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            idx.add(i);
        }
        SerializableConf sconf = new SerializableConf(conf);
        JavaRDD<Genotype> genotypes = jsc.parallelize(idx, Math.max(1, files.size()))
                .flatMap(i -> new AdamGenotypes(files.get(i), ids, sconf.get()));
        List<Reference> refs = new ArrayList<>();
        List<String> contigs = new ArrayList<>(meta.contigLengths.keySet());
        for (String c : meta.contigs) {
            if (!contigs.contains(c)) {
                contigs.add(c);
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String c : contigs) {
            Long len = meta.contigLengths.get(c);
            if (len == null || len <= 0) {
                // A PLINK or BGEN ingest records no lengths: the table's genome build gives the primary contigs'.
                GenomeBuild build = GenomeBuild.parse(meta.genomeBuild);
                len = build == null ? null : build.primaryLength(c);
            }
            if (len == null) {
                unknown.add(c);
                continue;
            }
            refs.add(Reference.newBuilder()
                    .setName(c)
                    .setLength(len)
                    .setIndex(refs.size())
                    .build());
        }
        if (!unknown.isEmpty()) {
            throw new MusubiUserException("export --format adam: the table records no length for contig(s) "
                    + String.join(", ", unknown) + (meta.genomeBuild == null ? " and no genome build" : "")
                    + " (ADAM's reference dictionary needs each one's length): ingest the input again with"
                    + " --genome-build GRCh37|GRCh38, or from a VCF whose ##contig lines give lengths");
        }
        List<Sample> adamSamples = new ArrayList<>();
        for (String id : ids) {
            adamSamples.add(Sample.newBuilder().setId(id).setName(id).build());
        }
        GenotypeDataset gd = GenotypeDataset.apply(
                genotypes.rdd(),
                SequenceDictionary.fromAvro(
                        JavaConverters.asScalaBufferConverter(refs).asScala().toSeq()),
                JavaConverters.asScalaBufferConverter(adamSamples).asScala(),
                GenotypeDataset.apply$default$4());
        String out = commit.file().toString();
        try (Progress p = Progress.start(jsc, "export", files.size())) {
            SparkErrors.userErrorsUnwrapped(() -> {
                gd.saveAsParquet(out);
                return null;
            });
        }
        long variants = meta.variantCount;
        LOG.info("export: wrote ADAM genotypes {} ({} variants × {} samples)", commit.output(), variants, n);
        return new ExportPlan.Summary(commit.output().toString(), variants, n, null);
    }
}
