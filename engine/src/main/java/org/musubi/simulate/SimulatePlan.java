package org.musubi.simulate;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.musubi.Version;
import org.musubi.format.TableMetadata;
import org.musubi.format.calls.CallCounts;
import org.musubi.genome.GenomeBuild;
import org.musubi.output.OutputCommit;
import org.musubi.output.OutputRun;
import org.musubi.output.PartConcat;
import org.musubi.output.PartFiles;
import org.musubi.output.RunSummary;
import org.musubi.output.Tabix;
import org.musubi.simulate.model.BankCohort;
import org.musubi.simulate.model.BlockGenotypes;
import org.musubi.simulate.model.BlockLayout;
import org.musubi.simulate.model.CohortModel;
import org.musubi.simulate.model.Genome;
import org.musubi.simulate.model.Phenotypes;
import org.musubi.simulate.model.SimulationParams;
import org.musubi.spark.Progress;
import org.musubi.spark.SerializableConf;
import org.musubi.spark.SparkErrors;
import org.musubi.stats.SexEvidence;
import org.musubi.table.SamplesFile;
import org.musubi.table.write.RowSink;
import org.musubi.table.write.TableAssembler;
import org.musubi.table.write.VariantRow;
import org.musubi.table.write.WrittenRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a simulated multi-bank cohort ({@link CohortModel}): the driver writes the per-bank text files and the
 * truth; Spark tasks generate chunks of LD blocks (one bank, one contig, about {@value #GENOTYPES_PER_TASK}
 * genotypes each) and write a variant-table file and/or a headerless BGZF VCF part; the driver then assembles each
 * bank's VCF (header + parts + EOF block, .tbi) and table ({@code samples.parquet},
 * {@code _table.json}), and commits the whole output directory atomically. Chunks depend only on the parameters,
 * so the same parameters give the same bytes whatever the cluster.
 *
 * <pre>
 * out/
 *   simulation.json                 parameters, model constants, per-bank counts
 *   truth/causal.tsv                causal variants and their effects
 *   truth/SIM_PGS.txt.gz            PGS Catalog format 2.0 scoring file (causal + noise variants)
 *   bankA/cohort.vcf.gz(.tbi)       with --format vcf|both
 *   bankA/cohort.mvt/               with --format table|both
 *   bankA/samples.tsv pheno.tsv covar.tsv withdrawn.txt release.yaml
 * </pre>
 */
public final class SimulatePlan {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatePlan.class);

    static final long GENOTYPES_PER_TASK = 20_000_000L;
    public static final String VCF = "cohort.vcf.gz";
    public static final String TABLE = "cohort.mvt";
    public static final String SUMMARY = "simulation.json";
    private static final String TASKS = "_tasks";

    private SimulatePlan() {}

    /** What was written. */
    public record Summary(String out, List<String> banks, long variants, long genotypes, long seconds) {
        public String bankDir(int b) {
            return new Path(out, banks.get(b)).toString();
        }
    }

    /** A task: blocks [firstBlock, endBlock) of one bank, all on one contig. */
    record Chunk(int bank, int index, int firstBlock, int endBlock) implements Serializable {}

    /** What a task wrote: its table rows (null without a table) and VCF part (null without a VCF). */
    record ChunkResult(int bank, int index, long rows, WrittenRows table, String vcfPart) implements Serializable {}

    public static Summary run(SparkSession spark, SimulateRequest req) throws IOException {
        long t0 = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        SimulationParams params = req.params();
        CohortModel model = model(params);
        return OutputRun.run(req.out(), req.overwrite(), conf, commit -> runInto(jsc, conf, req, model, commit, t0));
    }

    private static Summary runInto(
            JavaSparkContext jsc,
            Configuration conf,
            SimulateRequest req,
            CohortModel model,
            OutputCommit commit,
            long t0)
            throws IOException {
        SimulationParams params = req.params();
        FileSystem fs = commit.fs();
        Path root = commit.staging();
        List<String> bankNames = new ArrayList<>();
        List<Map<String, Object>> bankSummaries = new ArrayList<>();
        for (int b = 0; b < params.banks(); b++) {
            BankCohort c = model.bank(b);
            bankNames.add(c.name);
            Path dir = new Path(root, c.name);
            fs.mkdirs(dir);
            Phenotypes ph = new Phenotypes(model, b);
            CohortFiles.writeBank(fs, dir, model, b, ph);
            bankSummaries.add(bankSummary(c, ph));
        }
        fs.mkdirs(new Path(root, "truth"));
        CohortFiles.writeTruth(fs, root, model);

        List<Chunk> chunks = chunks(model);
        LOG.info(
                "simulate: {} bank(s), {} samples, {} variants in {} LD blocks, {} task(s)",
                params.banks(),
                params.totalSamples(),
                params.variants(),
                model.blockCount,
                chunks.size());
        SerializableConf sconf = new SerializableConf(conf);
        String taskRoot = new Path(root, TASKS).toString();
        boolean vcf = req.writeVcf();
        boolean table = req.writeTable();
        LongAccumulator done = jsc.sc().longAccumulator("variants written");
        List<ChunkResult> results;
        try (Progress p = Progress.start(jsc, "simulate", chunks.size(), done, "variants")) {
            results = SparkErrors.userErrorsUnwrapped(() -> jsc.parallelize(chunks, chunks.size())
                    .map(ch -> {
                        ChunkResult r = writeChunk(params, ch, vcf, table, taskRoot, sconf);
                        done.add(r.rows());
                        return r;
                    })
                    .collect());
        }
        results = new ArrayList<>(results);
        results.sort(Comparator.comparingInt(ChunkResult::bank).thenComparingInt(ChunkResult::index));
        List<String> metaLines = SimVcf.metaLines(params.contigs(), params.seed());
        for (int b = 0; b < params.banks(); b++) {
            BankCohort c = model.bank(b);
            Path dir = new Path(root, c.name);
            List<ChunkResult> mine = new ArrayList<>();
            for (ChunkResult r : results) {
                if (r.bank() == b) {
                    mine.add(r);
                }
            }
            if (vcf) {
                assembleVcf(fs, new Path(dir, VCF), SimVcf.header(metaLines, c), mine);
            }
            if (table) {
                assembleTable(fs, conf, new Path(dir, TABLE), c, mine, metaLines, req);
            }
        }
        fs.delete(new Path(taskRoot), true);
        long secs = (System.nanoTime() - t0) / 1_000_000_000L;
        writeSummary(commit, req, model, bankSummaries, secs);
        long genotypes = (long) params.variants() * params.totalSamples();
        LOG.info(
                "simulate: wrote {}: {} bank(s), {} variants × {} samples in {}",
                req.out(),
                params.banks(),
                params.variants(),
                params.totalSamples(),
                Progress.duration(secs));
        return new Summary(req.out(), bankNames, params.variants(), genotypes, secs);
    }

    /** One model per parameter set and JVM: tasks of a run share it instead of rebuilding the cohort. */
    private static final Map<SimulationParams, CohortModel> MODELS = new LinkedHashMap<>();

    static synchronized CohortModel model(SimulationParams params) {
        CohortModel m = MODELS.get(params);
        if (m == null) {
            MODELS.clear();
            m = new CohortModel(params);
            MODELS.put(params, m);
        }
        return m;
    }

    static List<Chunk> chunks(CohortModel model) {
        List<Chunk> out = new ArrayList<>();
        for (int b = 0; b < model.params.banks(); b++) {
            long perBlock = (long) model.params.samples(b) * CohortModel.BLOCK_VARIANTS;
            int size = (int) Math.max(1, GENOTYPES_PER_TASK / perBlock);
            int index = 0;
            int start = 0;
            while (start < model.blockCount) {
                int end = start + 1;
                String contig = model.contigOf(start);
                while (end < model.blockCount
                        && end - start < size
                        && model.contigOf(end).equals(contig)) {
                    end++;
                }
                out.add(new Chunk(b, index++, start, end));
                start = end;
            }
        }
        return out;
    }

    static ChunkResult writeChunk(
            SimulationParams params, Chunk ch, boolean vcf, boolean table, String taskRoot, SerializableConf sconf)
            throws IOException {
        Configuration conf = sconf.get();
        CohortModel model = model(params);
        BankCohort c = model.bank(ch.bank());
        int n = c.sampleCount;
        String contig = model.contigOf(ch.firstBlock());
        Path dir = new Path(taskRoot, PartFiles.attemptName(c.name, ch.index(), ""));
        Path vcfPath = new Path(dir, "vcf.part");
        FileSystem fs = dir.getFileSystem(conf);
        BlockGenotypes g = new BlockGenotypes();
        CallCounts vcfCounts = new CallCounts();
        SimVcf fmt = new SimVcf();
        long rows = 0;
        try (RowSink sink = table ? new RowSink(dir, ch.index(), conf, n, List.of(), GenomeBuild.GRCh38) : null;
                OutputStream raw = vcf ? fs.create(vcfPath, true) : null) {
            if (sink != null) {
                sink.row().filters = new String[] {"PASS"};
                sink.row().altIndex = 1;
            }
            BlockCompressedOutputStream bgzf = vcf ? new BlockCompressedOutputStream(raw, (File) null) : null;
            for (int block = ch.firstBlock(); block < ch.endBlock(); block++) {
                BlockLayout lay = model.layout(block);
                model.generate(ch.bank(), lay, true, g);
                for (int j = 0; j < lay.length(); j++) {
                    byte[] gt = g.gt[j];
                    CallCounts counts;
                    if (sink != null) {
                        VariantRow row = sink.row();
                        row.pos = lay.pos[j];
                        row.ref = lay.ref[j];
                        row.alt = lay.alt[j];
                        row.id = lay.id(j);
                        sink.write(contig, gt, g.ploidy, null, null);
                        counts = sink.counts();
                    } else {
                        counts = vcfCounts.clear().add(gt, g.ploidy, n);
                    }
                    if (bgzf != null) {
                        fmt.format(g, j, n, counts.ac(), counts.an());
                        bgzf.write(fmt.buffer(), 0, fmt.length());
                    }
                    rows++;
                }
            }
            if (bgzf != null) {
                bgzf.close(false); // no EOF block: the parts are concatenated, the driver adds one at the end
            }
            ChunkResult result = new ChunkResult(
                    ch.bank(), ch.index(), rows, sink == null ? null : sink.finish(), vcf ? vcfPath.toString() : null);
            PartFiles.written(ch.index());
            return result;
        }
    }

    private static void assembleVcf(FileSystem fs, Path out, byte[] header, List<ChunkResult> parts)
            throws IOException {
        try (PartConcat o = PartConcat.create(fs, out, PartConcat.Codec.BGZF)) {
            o.header(header);
            for (ChunkResult r : parts) {
                o.append(fs, new Path(r.vcfPart()));
            }
        }
        Tabix.index(fs, out);
    }

    private static void assembleTable(
            FileSystem fs,
            Configuration conf,
            Path dir,
            BankCohort c,
            List<ChunkResult> parts,
            List<String> metaLines,
            SimulateRequest req)
            throws IOException {
        SimulationParams params = req.params();
        TableAssembler table = new TableAssembler(fs, dir);
        TableMetadata meta = table.metadata();
        meta.bank = c.name;
        meta.genomeBuild = "GRCh38";
        meta.sampleCount = c.sampleCount;
        for (String contig : params.contigs()) {
            meta.contigLengths.put(contig, (long) Genome.length(contig));
        }
        for (ChunkResult r : parts) {
            table.add(r.table(), c.name);
            meta.recordCount += r.rows();
        }
        meta.sexSource = "manifest";
        meta.vcfHeader = new ArrayList<>(metaLines);
        List<SamplesFile.Sample> samples = new ArrayList<>();
        for (int s = 0; s < c.sampleCount; s++) {
            int i = c.individualOf[s];
            SexEvidence.Inference inf = table.inferredSex(s);
            samples.add(new SamplesFile.Sample(
                    s,
                    c.sampleId(s),
                    c.sex[i] == 1 ? "XY" : "XX",
                    "manifest",
                    inf == null ? null : inf.sex(),
                    inf == null ? Double.NaN : inf.f(),
                    CohortModel.POPULATIONS[c.population[i]],
                    c.name,
                    new String[] {c.familyId[i], c.parentId(c.father[i]), c.parentId(c.mother[i])},
                    inf == null ? null : inf.evidence()));
        }
        table.writeSamples(conf, samples, MANIFEST_EXTRAS);
        table.finish("simulate", req.arguments());
    }

    /** The manifest columns besides sample_id, sex, population, bank (kept by ingest as extra columns). */
    static final List<String> MANIFEST_EXTRAS = List.of("fid", "pat", "mat");

    private static Map<String, Object> bankSummary(BankCohort c, Phenotypes ph) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name);
        m.put("samples", c.sampleCount);
        Map<String, Integer> pops = new LinkedHashMap<>();
        int xy = 0;
        for (int s = 0; s < c.sampleCount; s++) {
            int i = c.individualOf[s];
            pops.merge(CohortModel.POPULATIONS[c.population[i]], 1, Integer::sum);
            xy += c.sex[i];
        }
        m.put("populations", pops);
        m.put("mixture", CohortModel.mixture(c.bank));
        m.put("xy", xy);
        int inFamilies = 0;
        for (int s = 0; s < c.sampleCount; s++) {
            inFamilies += c.familyId[c.individualOf[s]].equals(c.sampleId(s)) ? 0 : 1;
        }
        m.put("samplesInFamilies", inFamilies);
        m.put("parentChildPairs", countParentChild(c));
        int cases = 0;
        int withdrawn = 0;
        for (int s = 0; s < c.sampleCount; s++) {
            cases += ph.binary[s] == 2 ? 1 : 0;
            withdrawn += ph.withdrawn[s] ? 1 : 0;
        }
        m.put("cases", cases);
        m.put("withdrawn", withdrawn);
        return m;
    }

    private static int countParentChild(BankCohort c) {
        int k = 0;
        for (int child : c.children) {
            k += c.sampleOf[c.father[child]] >= 0 ? 1 : 0;
            k += c.sampleOf[c.mother[child]] >= 0 ? 1 : 0;
        }
        return k;
    }

    private static void writeSummary(
            OutputCommit commit, SimulateRequest req, CohortModel model, List<Map<String, Object>> banks, long secs)
            throws IOException {
        SimulationParams p = req.params();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engineVersion", Version.ENGINE);
        m.put("arguments", req.arguments());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("seed", p.seed());
        params.put("samplesPerBank", p.samplesPerBank());
        params.put("variants", p.variants());
        params.put("contigs", p.contigs());
        params.put("causal", p.causal());
        params.put("h2", p.h2());
        params.put("prevalence", p.prevalence());
        params.put("relatedFraction", p.relatedFraction());
        params.put("missingRate", p.missingRate());
        if (p.shuffleSamples()) {
            params.put("shuffleSamples", true);
        }
        params.put("format", req.format());
        m.put("parameters", params);
        Map<String, Object> mod = new LinkedHashMap<>();
        mod.put("genomeBuild", "GRCh38");
        mod.put("populations", CohortModel.POPULATIONS);
        mod.put("baldingNicholsF", CohortModel.DRIFT);
        mod.put("ldBlockVariants", CohortModel.BLOCK_VARIANTS);
        mod.put("ldBlocks", model.blockCount);
        mod.put("foundersPerBlock", CohortModel.FOUNDERS);
        mod.put("ancestralSpectrum", "log-uniform (neutral 1/x) on [1/(2N), 0.5], N = all samples");
        mod.put(
                "qt",
                "G + " + Phenotypes.AGE_EFFECT + "*(age-60) + " + Phenotypes.SEX_EFFECT + "*[XY] + "
                        + Phenotypes.STRATIFICATION + "*PC1 centre + N(0, 1-h2)");
        mod.put("cc", "1 control / 2 case: G + N(0, 1-h2) above the (1 - prevalence) normal quantile");
        m.put("model", mod);
        m.put("banks", banks);
        m.put("seconds", secs);
        RunSummary.write(commit, SUMMARY, "simulate", m);
    }
}
