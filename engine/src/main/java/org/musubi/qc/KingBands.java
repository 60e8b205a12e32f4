package org.musubi.qc;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.musubi.error.MusubiUserException;
import org.musubi.output.PartFiles;
import org.musubi.stats.qc.KinshipDegree;
import org.musubi.table.write.ZstdCodecs;

/**
 * Step 4's second stage, in Spark tasks: the KING tile parts ({@link KingPass}) of one column band (the tiles (I, J),
 * I ≤ J, of band J: ID1 in J's samples) merged in plink2's {@code .kin0} order (by ID1, then ID2: for each ID1, the
 * band's tiles in I order), read as streams, never held. A band task writes its part of {@code king.kin0} (text)
 * and of {@code king.parquet} ({@link PartFiles}) and returns only what the driver needs: the pairs written per
 * degree, the pairs above the {@code --king-cutoff} (the unrelated step's graph: few), and, where the manifest
 * records a pedigree, the disagreements and the pairs found first degree or listed (the recorded first-degree pairs
 * not among them are reported by the driver). The driver concatenates the
 * bands' parts in band order ({@link KingOutput}).
 *
 * <p>Memory per task: one 64 KiB buffer per tile of the band (⌈n/S⌉ at most) and the Parquet writer's row group.
 */
final class KingBands {
    private KingBands() {}

    /** One band's tile parts, in I order. */
    record Band(int index, int hiStart, int hiEnd, List<PartFiles.Part> tileParts) implements Serializable {}

    /** What every band task reads: the samples (positions → table indices), the cohort, the thresholds. */
    record Context(int[] samples, QcCohort cohort, boolean pedigree, double filter, double cutoff)
            implements Serializable {}

    /**
     * A band's result: its kin0 part (count: pairs written), its Parquet part, pairs per degree ({@link
     * KinshipDegree} order), the pairs above the cutoff (positions, ID1 then ID2, flattened), the disagreement lines
     * and the pairs found first degree or listed ({@link #key} of table indices; pedigree only).
     */
    record Result(
            PartFiles.Part kin0,
            PartFiles.Part parquet,
            long[] degrees,
            int[] edges,
            List<String> disagree,
            long[] accounted)
            implements Serializable {}

    static Result merge(Band band, Context ctx, String partsDir, Configuration conf) throws IOException {
        QcCohort cohort = ctx.cohort();
        Pedigree ped = new Pedigree(cohort);
        int n = band.tileParts().size();
        DataInputStream[] in = new DataInputStream[n];
        KingPass.Pair[] head = new KingPass.Pair[n];
        long[] read = new long[n];
        long[] degrees = new long[KinshipDegree.values().length];
        IntList edges = new IntList();
        List<String> disagree = new ArrayList<>();
        List<Long> accounted = new ArrayList<>();
        Path kin0 = PartFiles.attemptPath(partsDir + "/kin0", band.index(), "");
        Path parquet = PartFiles.attemptPath(partsDir + "/parquet", band.index(), ".parquet");
        FileSystem fs = kin0.getFileSystem(conf);
        MessageType schema = KingOutput.schema();
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        long written = 0;
        try (Writer text = new java.io.BufferedWriter(
                        new OutputStreamWriter(fs.create(kin0, true), StandardCharsets.UTF_8), 1 << 16);
                ParquetWriter<Group> pw = ZstdCodecs.build(conf, () -> ExampleParquetWriter.builder(parquet)
                        .withConf(conf)
                        .withType(schema)
                        .withCompressionCodec(CompressionCodecName.ZSTD)
                        .build())) {
            try {
                for (int t = 0; t < n; t++) {
                    String part = band.tileParts().get(t).path();
                    in[t] = new DataInputStream(new BufferedInputStream(fs.open(new Path(part)), 1 << 16));
                    head[t] = KingPass.read(in[t], part);
                }
                for (int hi = band.hiStart(); hi < band.hiEnd(); hi++) {
                    for (int t = 0; t < n; t++) {
                        for (KingPass.Pair p = head[t]; p != null && p.hi() == hi; p = head[t]) {
                            double phi = p.kinship();
                            if (phi > ctx.cutoff()) {
                                edges.add(p.hi());
                                edges.add(p.lo());
                            }
                            if (!(phi < ctx.filter())) {
                                written++;
                                write(p, phi, ctx, ped, text, groups, pw, degrees, disagree, accounted);
                            }
                            read[t]++;
                            head[t] =
                                    KingPass.read(in[t], band.tileParts().get(t).path());
                        }
                    }
                }
                for (int t = 0; t < n; t++) {
                    if (head[t] != null) {
                        throw new IllegalStateException(
                                "KING tile part " + band.tileParts().get(t).path() + " has pair " + head[t].hi() + ","
                                        + head[t].lo() + " outside band " + band.index());
                    }
                    checkComplete(band.tileParts().get(t), read[t]);
                }
            } finally {
                for (DataInputStream d : in) {
                    if (d != null) {
                        d.close();
                    }
                }
            }
        }
        PartFiles.written(band.index());
        long[] acc = accounted.stream().mapToLong(Long::longValue).toArray();
        return new Result(
                new PartFiles.Part(band.index(), kin0.toString(), written),
                new PartFiles.Part(band.index(), parquet.toString(), written),
                degrees,
                edges.toArray(),
                disagree,
                acc);
    }

    /**
     * Refuses a tile part that held fewer pairs than its task wrote (cut short at a pair boundary, e.g. by a full disk
     * or another process): the kin0 table would silently lack pairs.
     */
    static void checkComplete(PartFiles.Part part, long read) {
        if (read != part.count()) {
            throw damaged(part.path(), read + " pairs read of the " + part.count() + " its task wrote");
        }
    }

    /** The error for a KING pair part damaged between its tile task and its band's merge (both within one run). */
    static MusubiUserException damaged(String part, String what) {
        return new MusubiUserException("KING pair part " + part + " was damaged while qc ran (" + what + "); run qc"
                + " again, and check the file system holding --out if it happens again");
    }

    /** One pair at or above the table filter: its kin0 line, its Parquet row, its degree and pedigree check. */
    private static void write(
            KingPass.Pair p,
            double phi,
            Context ctx,
            Pedigree ped,
            Writer text,
            SimpleGroupFactory groups,
            ParquetWriter<Group> pw,
            long[] degrees,
            List<String> disagree,
            List<Long> accounted)
            throws IOException {
        QcCohort cohort = ctx.cohort();
        int a = ctx.samples()[p.hi()];
        int b = ctx.samples()[p.lo()];
        long nsnp = p.nsnp();
        double recip = 1.0 / nsnp;
        text.write(cohort.idColumns(a) + "\t" + cohort.idColumns(b) + "\t" + nsnp + "\t" + QcText.g(recip * p.hethet())
                + "\t" + QcText.g(recip * p.ibs0()) + "\t" + QcText.g(phi) + "\n");
        KinshipDegree d = KinshipDegree.of(phi);
        degrees[d.ordinal()]++;
        String rel = ctx.pedigree() ? ped.relation(a, b) : null;
        boolean listed = false;
        if (rel != null
                && ((Pedigree.firstDegree(rel) && d != KinshipDegree.FIRST)
                        || (rel.equals(Pedigree.UNRELATED) && d.compareTo(KinshipDegree.SECOND) <= 0))) {
            disagree.add(cohort.idColumns(a) + "\t" + cohort.idColumns(b) + "\t" + rel + "\t" + d.label + "\t"
                    + QcText.g(phi));
            listed = true;
        }
        if (rel != null && (listed || d == KinshipDegree.FIRST)) {
            accounted.add(key(a, b));
        }
        Group g = groups.newGroup();
        if (cohort.hasFid()) {
            g.append("fid1", cohort.fid(a));
        }
        g.append("iid1", cohort.ids.get(a));
        if (cohort.hasFid()) {
            g.append("fid2", cohort.fid(b));
        }
        g.append("iid2", cohort.ids.get(b))
                .append("nsnp", nsnp)
                .append("hethet_ct", p.hethet())
                .append("ibs0_ct", p.ibs0())
                .append("het1_hom2_ct", p.het1hom2())
                .append("het2_hom1_ct", p.het2hom1())
                .append("homhom_ct", p.homhom())
                .append("kinship", phi)
                .append("degree", d.label);
        if (rel != null) {
            g.append("recorded", rel);
        }
        pw.write(g);
    }

    /** A pair of table indices as one key, the smaller first. */
    static long key(int a, int b) {
        return ((long) Math.min(a, b) << 32) | Math.max(a, b);
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] a = new int[16];
        private int size;

        void add(int v) {
            if (size == a.length) {
                a = java.util.Arrays.copyOf(a, 2 * size);
            }
            a[size++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, size);
        }
    }
}
