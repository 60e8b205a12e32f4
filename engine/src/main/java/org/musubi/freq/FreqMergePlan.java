package org.musubi.freq;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import htsjdk.tribble.SimpleFeature;
import htsjdk.tribble.index.tabix.TabixFormat;
import htsjdk.tribble.index.tabix.TabixIndexCreator;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.musubi.Version;
import org.musubi.error.MusubiUserException;
import org.musubi.io.vcf.SitesVcf;
import org.musubi.output.OutputCommit;
import org.musubi.output.OutputRun;
import org.musubi.output.RunSummary;
import org.musubi.output.Tabix;
import org.musubi.release.ReleaseGate;
import org.musubi.release.ReleasePolicy;
import org.musubi.release.ReleaseStatement;
import org.musubi.spark.RowParquetWriter;
import org.musubi.spark.SparkSessions;
import org.musubi.stats.HudsonFst;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code freq-merge}: combines several banks' {@code freq} outputs, reading only their aggregates. Checks that the
 * banks can be combined (same genome build, contig names and lengths, stratification; one reference base per
 * position), sums the counts per variant and stratum ({@link FreqMergeTask} has the rules), gates the result again,
 * tests heterogeneity between banks per variant and summarises Hudson's F<sub>ST</sub> per pair of banks. Outputs
 * {@code frequencies.parquet} (one row per variant and stratum, sorted), {@code frequencies.sites.vcf.gz} with its
 * tabix index and {@code summary.json}, committed atomically.
 */
public final class FreqMergePlan {
    private static final Logger LOG = LoggerFactory.getLogger(FreqMergePlan.class);

    /** The tabix index of the sites VCF. */
    public static final String TBI = FreqPlan.VCF + ".tbi";

    private FreqMergePlan() {}

    public record Summary(String out, Map<String, Object> summary) {}

    /** Merges on the driver with the session's Hadoop configuration and Parquet codec. */
    public static Summary run(SparkSession spark, FreqMergeRequest req) throws IOException {
        return run(
                spark.sparkContext().hadoopConfiguration(),
                SparkSessions.parquetCodec(spark.sparkContext().getConf()),
                req);
    }

    /**
     * Merges the banks' outputs; all of the work runs here, on the driver (read with primitive cursors, no Spark
     * task), so the freq-merge job runs it without starting Spark in embedded mode.
     *
     * @param conf the Hadoop configuration for reading the inputs and writing the output
     * @param codec the Parquet codec of the merged Parquet file
     */
    public static Summary run(Configuration conf, String codec, FreqMergeRequest req) throws IOException {
        if (req.inputs().size() < 2) {
            throw new MusubiUserException("--inputs: give at least two banks' freq outputs to merge (got "
                    + req.inputs().size() + ")");
        }
        if (!req.names().isEmpty() && req.names().size() != req.inputs().size()) {
            throw new MusubiUserException("--names: " + req.names().size() + " names for "
                    + req.inputs().size() + " inputs; give one name per input, in the same order");
        }
        List<BankFreq> banks = new ArrayList<>();
        for (int i = 0; i < req.inputs().size(); i++) {
            banks.add(BankFreq.read(
                    req.inputs().get(i),
                    req.names().isEmpty() ? null : req.names().get(i),
                    conf));
        }
        BankCompatibility c = BankCompatibility.check(banks);
        ReleasePolicy policy = req.releasePolicy() == null ? null : ReleasePolicy.read(req.releasePolicy(), conf);
        int maxK = banks.stream().mapToInt(BankFreq::releaseK).max().orElse(0);
        if (policy != null && !policy.withdrawn().isEmpty()) {
            throw new MusubiUserException("--release-policy " + req.releasePolicy() + ": withdrawn_samples cannot be"
                    + " applied to aggregates; each bank removes withdrawn samples when it runs freq");
        }
        if (policy != null && policy.k() < maxK) {
            throw new MusubiUserException("--release-policy " + req.releasePolicy() + ": k=" + policy.k()
                    + " is below the k=" + maxK + " an input bank was released under; the merged release may not"
                    + " be less strict than its inputs (use k ≥ " + maxK + ")");
        }
        int k = policy != null ? policy.k() : maxK;
        return OutputRun.run(
                req.out(), req.overwrite(), conf, commit -> runInto(conf, codec, banks, c, k, policy, req, commit));
    }

    private static Summary runInto(
            Configuration conf,
            String codec,
            List<BankFreq> banks,
            BankCompatibility c,
            int k,
            ReleasePolicy policy,
            FreqMergeRequest req,
            OutputCommit commit)
            throws IOException {
        long t0 = System.nanoTime();
        Map<String, Long> samples = new LinkedHashMap<>();
        for (BankFreq b : banks) {
            b.strata().forEach((s, n) -> samples.merge(s, n == null ? 0L : n, Long::sum));
        }
        FreqDesign design = FreqDesign.merged(
                c.populations(),
                c.strataBy().contains("population"),
                c.strataBy().contains("sex"),
                samples,
                k);
        String release = k == 0
                ? FreqPlan.INTERNAL
                : ReleaseGate.describe(k)
                        + (policy == null
                                ? ", the largest k of the banks"
                                : policy.name() == null ? "" : ", policy " + policy.name());
        List<String> bankKeys = banks.stream().map(BankFreq::key).toList();
        String plainHeader = header(design, List.of(), c, release);
        for (BankFreq b : banks) {
            if (plainHeader.contains("##INFO=<ID=AC_" + b.key() + ",")) {
                throw new MusubiUserException("bank name '" + b.name() + "' would give the INFO key AC_" + b.key()
                        + ", which a stratum or grpmax already uses; give the banks other names with --names");
            }
        }

        // Every bank's part files read with primitive cursors and merged as sorted streams, contig by contig in the
        // merged order and position by position (no Spark SQL plan, no shuffle): the variants of a position are
        // grouped by (REF, ALT), merged, and written in (REF, ALT) order to the Parquet file and the sites VCF.
        long tRead = System.nanoTime();
        Stats stats = new Stats(banks.size());
        Path parquetDir = new Path(commit.staging(), FreqPlan.PARQUET);
        FreqMergeTask task = new FreqMergeTask(new FreqMergeTask.Spec(design, bankKeys));
        StructType schema = FreqMergeTask.schema(bankKeys);
        FreqSitesVcf sites = new FreqSitesVcf(schema);
        RefBaseCheck refCheck = new RefBaseCheck();
        List<BankCursor> cursors = new ArrayList<>();
        try {
            for (int b = 0; b < banks.size(); b++) {
                cursors.addAll(
                        BankCursor.open(b, banks.get(b).name(), banks.get(b).dir(), conf));
            }
            commit.fs().mkdirs(parquetDir);
            Path part = new Path(
                    parquetDir, String.format(Locale.ROOT, "part-00000-%s-c000.%s.parquet", UUID.randomUUID(), codec));
            TabixIndexCreator tabix = new TabixIndexCreator(TabixFormat.VCF);
            OutputStream raw = commit.fs().create(new Path(commit.staging(), FreqPlan.VCF));
            try (RowParquetWriter pq = RowParquetWriter.open(part, schema, codec, conf);
                    BlockCompressedOutputStream bgzf = new BlockCompressedOutputStream(raw, (File) null)) {
                bgzf.write(header(design, banks, c, release).getBytes(StandardCharsets.UTF_8));
                List<Row> out = new ArrayList<>(design.strata.size());
                for (String contig : c.contigs().keySet()) {
                    List<BankCursor> on = new ArrayList<>();
                    for (BankCursor bc : cursors) {
                        if (bc.has && bc.contig.equals(contig)) {
                            on.add(bc);
                        }
                    }
                    while (true) {
                        int pos = Integer.MAX_VALUE;
                        for (BankCursor bc : on) {
                            if (bc.has && bc.contig.equals(contig)) {
                                pos = Math.min(pos, bc.pos);
                            }
                        }
                        if (pos == Integer.MAX_VALUE) {
                            break;
                        }
                        for (Map.Entry<String, List<Row>> v :
                                atPosition(on, contig, pos, refCheck).entrySet()) {
                            String[] alleles = v.getKey().split("\t", 2);
                            out.clear();
                            task.merge(contig, pos, alleles[0], alleles[1], v.getValue(), out);
                            for (Row r : out) {
                                pq.write(r);
                            }
                            writeSite(bgzf, tabix, sites, design, bankKeys, out, stats);
                        }
                    }
                }
                for (BankCursor bc : cursors) {
                    if (bc.has) {
                        throw new IllegalStateException(bc.path + ": contig " + bc.contig + " not among the banks'"
                                + " contigs " + c.contigs().keySet());
                    }
                }
                refCheck.throwIfConflicts();
                Tabix.write(tabix.finalizeIndex(bgzf.getFilePointer()), commit.fs(), new Path(commit.staging(), TBI));
            }
            commit.fs().create(new Path(parquetDir, "_SUCCESS"), true).close();
        } finally {
            for (BankCursor bc : cursors) {
                bc.close();
            }
        }
        LOG.info("freq-merge: read, merged and wrote in {} s", (System.nanoTime() - tRead) / 1e9);

        Map<String, Object> summary = new LinkedHashMap<>();
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (BankFreq b : banks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bank", b.name());
            m.put("input", b.dir());
            m.put("genome_build", b.genomeBuild());
            m.put("release", b.release());
            m.put("release_k", b.releaseK() == 0 ? null : b.releaseK());
            m.put("variants", b.variants());
            inputs.add(m);
        }
        summary.put("banks", inputs);
        summary.put("genome_build", c.build());
        summary.put("release", release);
        summary.put(
                ReleaseStatement.KEY,
                ReleaseStatement.counts(policy, k, release, 0).toMap());
        summary.put("release_k", k == 0 ? null : k);
        summary.put("strata_by", c.strataBy());
        Map<String, Object> strata = new LinkedHashMap<>();
        for (FreqDesign.Stratum s : design.strata) {
            strata.put(s.name(), k == 0 || s.samples() == 0 || s.samples() >= k ? s.samples() : null);
        }
        summary.put("strata", strata);
        summary.put("variants", stats.variants);
        Map<String, Object> inBanks = new LinkedHashMap<>();
        for (int b = 1; b <= banks.size(); b++) {
            inBanks.put(Integer.toString(b), stats.inBanks[b]);
        }
        summary.put("variants_by_n_banks", inBanks);
        summary.put("partial_cells", stats.partialCells);
        Map<String, Object> het = new LinkedHashMap<>();
        het.put(
                "rule",
                "2 x B allele counts of the 'all' stratum: Fisher's exact test when B = 2 and an expected"
                        + " count is below 5, else Pearson's chi-square (df = B - 1, no continuity correction)");
        het.put("tested", stats.chisq + stats.fisher);
        het.put("chisq", stats.chisq);
        het.put("fisher", stats.fisher);
        het.put("p_below_1e-8", stats.hetBelow1e8);
        summary.put("heterogeneity", het);
        List<Map<String, Object>> fst = new ArrayList<>();
        for (int a = 0; a < banks.size(); a++) {
            for (int b = a + 1; b < banks.size(); b++) {
                HudsonFst f = stats.fst[a][b];
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("bank1", banks.get(a).name());
                m.put("bank2", banks.get(b).name());
                m.put("hudson_fst", Double.isNaN(f.fst()) ? null : f.fst());
                m.put("variants", f.variants());
                fst.add(m);
            }
        }
        summary.put("fst", fst);
        summary.put(
                "fst_estimator",
                "Hudson (Bhatia et al. 2013), ratio of averages over variants, from the"
                        + " per-bank AC/AN of the 'all' stratum; as plink2 --fst method=hudson");
        summary.put("hwe", "not merged: pooled genotype counts of differentiated banks test the Wahlund effect");
        summary.put("files", List.of(FreqPlan.PARQUET, FreqPlan.VCF, TBI));
        summary.put("seconds", (System.nanoTime() - t0) / 1e9);
        summary.put("engine_version", Version.ENGINE);
        summary.put("arguments", req.arguments());
        RunSummary.write(commit, "freq-merge", summary);
        LOG.info(
                "freq-merge: {} banks, {} variants x {} strata, {} partial cells",
                banks.size(),
                stats.variants,
                design.strata.size(),
                stats.partialCells);
        return new Summary(req.out(), summary);
    }

    /**
     * The bank structs of every variant at {@code pos} (all cursors of the contig moved past it), keyed by
     * {@code REF<TAB>ALT} in the order Spark sorts strings (UTF-8 bytes), REF first; the "all" rows go to the
     * reference-base check.
     */
    private static Map<String, List<Row>> atPosition(List<BankCursor> on, String contig, int pos, RefBaseCheck refCheck)
            throws IOException {
        Map<String, List<Row>> byAlleles = new java.util.TreeMap<>(ALLELE_ORDER);
        for (BankCursor bc : on) {
            while (bc.has && bc.contig.equals(contig) && bc.pos == pos) {
                byAlleles
                        .computeIfAbsent(bc.ref + "\t" + bc.alt, k -> new ArrayList<>())
                        .add(bc.struct);
                if (bc.stratum.equals("all")) {
                    refCheck.add(bc.bankName, bc.ref, bc.alt);
                }
                bc.advance();
            }
        }
        refCheck.endPosition(contig, pos);
        return byAlleles;
    }

    /**
     * REF then ALT, each compared as UTF-8 bytes (as Spark orders strings), on the {@code REF<TAB>ALT} keys as they
     * are: UTF-8 byte order is code point order, and TAB sorts below every character an allele may hold, so a REF that
     * is a prefix of another sorts first as it does alone (no split, no byte arrays per comparison).
     */
    static final Comparator<String> ALLELE_ORDER = FreqMergePlan::codePointOrder;

    /** {@code x} against {@code y} by code points (= their UTF-8 bytes' order). */
    static int codePointOrder(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }

    /** Running figures of the VCF pass: variants, banks per variant, partial cells, tests, F_ST accumulators. */
    private static final class Stats {
        long variants;
        final long[] inBanks;
        long partialCells;
        long chisq;
        long fisher;
        long hetBelow1e8;
        final HudsonFst[][] fst;
        /** [bank][AC, AN, AF]: each bank's INFO keys and their columns in the merged rows, made at the first line. */
        String[][] bankInfo;

        int[][] bankColumns;

        Stats(int banks) {
            inBanks = new long[banks + 1];
            fst = new HudsonFst[banks][banks];
            for (int a = 0; a < banks; a++) {
                for (int b = 0; b < banks; b++) {
                    fst[a][b] = new HudsonFst();
                }
            }
        }
    }

    static String header(FreqDesign d, List<BankFreq> banks, BankCompatibility c, String release) {
        SitesVcf.Header h = new SitesVcf.Header()
                .meta("source", "Musubi freq-merge " + Version.ENGINE)
                .meta("reference", c.build())
                .meta("musubi_genome_build", c.build())
                .meta(
                        "musubi_banks",
                        String.join(",", banks.stream().map(BankFreq::name).toList()))
                .meta("musubi_release", release);
        if (d.k > 0) {
            h.meta("musubi_release_k", d.k);
        }
        for (Map.Entry<String, Long> e : c.contigs().entrySet()) {
            h.contig(e.getKey(), e.getValue());
        }
        FreqSitesVcf.strataInfo(
                h, d, s -> s.name().equals("all") ? "all samples of all banks" : "samples in " + s.name());
        h.info("n_banks", "1", "Integer", "Banks whose output has the variant");
        h.info(
                "partial",
                ".",
                "String",
                "Strata whose counts lack a bank's suppressed counts (they cover only the banks that released them)");
        h.info("het_test", "A", "String", "Test of AF heterogeneity between banks: chisq or fisher");
        h.info("het_chisq", "A", "Float", "Pearson chi-square of the 2 x banks allele counts");
        h.info("het_df", "A", "Integer", "Degrees of freedom of het_chisq (banks tested - 1)");
        h.info("het_p", "A", "Float", "P of the heterogeneity test");
        for (BankFreq b : banks) {
            String x = "_" + b.key();
            h.info("AC" + x, "A", "Integer", "Alternate allele count in bank " + b.name());
            h.info("AN" + x, "1", "Integer", "Total number of called alleles in bank " + b.name());
            h.info("AF" + x, "A", "Float", "Alternate allele frequency in bank " + b.name());
        }
        return h.end();
    }

    /**
     * Writes the line of one variant from its stratum rows (in stratum order), indexes it (tabix: contig, POS to POS
     * + len(REF) − 1, at the line's BGZF virtual offset) and updates the running figures.
     */
    static void writeSite(
            BlockCompressedOutputStream out,
            TabixIndexCreator tabix,
            FreqSitesVcf sites,
            FreqDesign d,
            List<String> bankKeys,
            List<Row> group,
            Stats stats)
            throws IOException {
        Row all = group.get(0);
        int pos = all.getInt(all.fieldIndex("pos"));
        int end = pos + all.getString(all.fieldIndex("ref")).length() - 1;
        tabix.addFeature(new SimpleFeature(all.getString(all.fieldIndex("contig")), pos, end), out.getFilePointer());
        siteLine(sites, d, bankKeys, group, stats).endTo(out);
    }

    private static SitesVcf.Line siteLine(
            FreqSitesVcf sites, FreqDesign d, List<String> bankKeys, List<Row> g, Stats stats) {
        Row all = g.get(0);
        SitesVcf.Line l = sites.line(d, g);
        List<String> partial = new ArrayList<>();
        for (int k = 0; k < g.size(); k++) {
            Row r = g.get(k);
            if (r.getBoolean(r.fieldIndex("partial"))) {
                partial.add(FreqDesign.key(d.strata.get(k).name()));
                stats.partialCells++;
            }
        }
        int nBanks = all.getInt(all.fieldIndex("n_banks"));
        l.put("n_banks", nBanks);
        stats.variants++;
        stats.inBanks[nBanks]++;
        if (!partial.isEmpty()) {
            l.put("partial", String.join(",", partial));
        }
        int hp = all.fieldIndex("het_p");
        if (!all.isNullAt(hp)) {
            String test = all.getString(all.fieldIndex("het_test"));
            l.put("het_test", test);
            l.putFloat("het_chisq", all.getDouble(all.fieldIndex("het_chisq")));
            l.put("het_df", all.getInt(all.fieldIndex("het_df")));
            l.putFloat("het_p", all.getDouble(hp));
            if (test.equals("fisher")) {
                stats.fisher++;
            } else {
                stats.chisq++;
            }
            if (all.getDouble(hp) < 1e-8) {
                stats.hetBelow1e8++;
            }
        }
        int banks = bankKeys.size();
        if (stats.bankInfo == null) {
            stats.bankInfo = new String[banks][3];
            stats.bankColumns = new int[banks][3];
            for (int i = 0; i < banks; i++) {
                for (int c = 0; c < 3; c++) {
                    stats.bankInfo[i][c] = new String[] {"AC", "AN", "AF"}[c] + "_" + bankKeys.get(i);
                    stats.bankColumns[i][c] = all.fieldIndex(stats.bankInfo[i][c]);
                }
            }
        }
        Long[] ac = new Long[banks];
        Long[] an = new Long[banks];
        for (int i = 0; i < banks; i++) {
            String[] key = stats.bankInfo[i];
            int ai = stats.bankColumns[i][0];
            int ni = stats.bankColumns[i][1];
            FreqSitesVcf.putLong(l, key[0], all, ai);
            FreqSitesVcf.putLong(l, key[1], all, ni);
            FreqSitesVcf.putFloat(l, key[2], all, stats.bankColumns[i][2]);
            ac[i] = all.isNullAt(ai) ? null : all.getLong(ai);
            an[i] = all.isNullAt(ni) ? null : all.getLong(ni);
        }
        for (int i = 0; i < banks; i++) {
            for (int j = i + 1; j < banks; j++) {
                if (ac[i] != null && an[i] != null && ac[j] != null && an[j] != null) {
                    stats.fst[i][j].add(ac[i], an[i], ac[j], an[j]);
                }
            }
        }
        return l;
    }
}
