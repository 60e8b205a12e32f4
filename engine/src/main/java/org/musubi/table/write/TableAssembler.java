package org.musubi.table.write;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.Version;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
import org.musubi.integrity.FileDigest;
import org.musubi.integrity.Manifests;
import org.musubi.integrity.ParquetDigest;
import org.musubi.output.PartFiles;
import org.musubi.stats.SexEvidence;
import org.musubi.table.SamplesFile;

/**
 * Puts a variant table together on the driver from what the tasks' {@link RowSink}s wrote: {@link #add} checks
 * that each task's files continue the previous ones in genome order, moves them under {@code variants/} and adds
 * their counts to the metadata; {@link #writeSamples} writes {@code samples.parquet} (with the sex inferred from
 * the merged chrX evidence, {@link #inferredSex}); {@link #finish} writes {@code _table.json} and {@code _SUCCESS}.
 * Used by ingest and simulate; the reader sets what only it knows in {@link #metadata()} (bank, build, sample
 * count, contig lengths, header, record counts, sources) before {@link #finish}.
 */
public final class TableAssembler {
    private final FileSystem fs;
    private final Path dir;
    private final TableMetadata meta = new TableMetadata();
    private final Map<String, Integer> lastEnd = new LinkedHashMap<>();
    private final Map<String, String> lastSource = new LinkedHashMap<>();
    private final LinkedHashSet<String> contigOrder = new LinkedHashSet<>();
    private SexEvidence sex;

    /** A table in {@code dir} (created, with an empty {@code variants/}). */
    public TableAssembler(FileSystem fs, Path dir) throws IOException {
        this.fs = fs;
        this.dir = dir;
        fs.mkdirs(new Path(dir, TableMetadata.VARIANTS));
        meta.files = new java.util.TreeMap<>();
        meta.variantFiles = new java.util.TreeMap<>();
    }

    /** The metadata being assembled (the caller sets the reader's fields). */
    public TableMetadata metadata() {
        return meta;
    }

    /**
     * Adds one task's files, in genome order of the tasks: per contig, each task's rows must start at or after the
     * previous task's end ({@code source} names the task's input in the error).
     */
    public void add(WrittenRows w, String source) throws IOException {
        meta.variantCount += w.rows;
        meta.hasPhase |= w.anyPhase;
        meta.hasDosage |= w.anyDosage;
        contigOrder.addAll(w.contigs);
        for (WrittenRows.File f : w.files) {
            Integer prev = lastEnd.get(f.contig());
            if (prev != null && f.firstPos() < prev) {
                throw new MusubiUserException("inputs overlap or are out of order on contig " + f.contig() + ": "
                        + lastSource.get(f.contig()) + " reaches position " + prev + " but " + source
                        + " has records from position " + f.firstPos() + "; give shards in genome order"
                        + " (or merge them with bcftools concat / sort)");
            }
            lastEnd.put(f.contig(), f.lastPos());
            lastSource.put(f.contig(), source);
            Path src = new Path(w.dir, f.relativePath());
            Path dst = new Path(new Path(dir, TableMetadata.VARIANTS), f.relativePath());
            PartFiles.promote(fs, src, dst);
            if (f.digest() != null) {
                meta.variantFiles.put(TableMetadata.VARIANTS + "/" + f.relativePath(), f.digest());
            }
        }
        if (w.sex != null) {
            sex = sex == null ? w.sex : sex.merge(w.sex);
        }
    }

    /** The sex inferred for sample {@code s} from chrX, or null when no row gave evidence. */
    public SexEvidence.Inference inferredSex(int s) {
        return sex == null ? null : sex.infer(s);
    }

    /** Writes {@code samples.parquet}. */
    public void writeSamples(Configuration conf, List<SamplesFile.Sample> samples, List<String> extraColumns)
            throws IOException {
        SamplesFile.write(new Path(dir, TableMetadata.SAMPLES), conf, samples, extraColumns);
    }

    /**
     * Completes the metadata (contigs with rows, in the order of {@code contigLengths} and then of appearance; the
     * sex evidence; who wrote it) and writes {@code _table.json} and {@code _SUCCESS}.
     */
    public TableMetadata finish(String job, List<String> arguments) throws IOException {
        LinkedHashSet<String> order = new LinkedHashSet<>(meta.contigLengths.keySet());
        order.addAll(contigOrder);
        meta.contigs = new ArrayList<>(order);
        meta.contigs.retainAll(lastEnd.keySet());
        if (sex != null) {
            meta.sexEvidenceVariants = sex.variants();
        }
        meta.writer.job = job;
        meta.writer.engineVersion = Version.ENGINE;
        meta.writer.createdAt = Instant.now().toString();
        meta.writer.arguments = arguments;
        recordDigests(dir, "");
        try (OutputStream o = fs.create(new Path(dir, TableMetadata.FILE_NAME), true)) {
            o.write(meta.toJson());
        }
        try (OutputStream o = fs.create(new Path(dir, TableMetadata.SUCCESS), true)) {
            o.write(Manifests.success(fs, dir));
        }
        return meta;
    }

    /**
     * Records the digest of every file under {@code d} not recorded yet ({@code samples.parquet}, the quarantine,
     * variant files a writer gave no digest for), leaving out {@code _table.json}, {@code _SUCCESS}, hidden entries
     * and task directories.
     */
    private void recordDigests(Path d, String prefix) throws IOException {
        for (FileStatus st : fs.listStatus(d)) {
            String name = st.getPath().getName();
            String rel = prefix + name;
            if (name.startsWith(".")
                    || name.equals("_tasks")
                    || rel.equals(TableMetadata.FILE_NAME)
                    || rel.equals(TableMetadata.SUCCESS)) {
                continue;
            }
            if (st.isDirectory()) {
                recordDigests(st.getPath(), rel + "/");
            } else if (rel.startsWith(TableMetadata.VARIANTS + "/") && name.endsWith(".parquet")) {
                if (!meta.variantFiles.containsKey(rel)) {
                    meta.variantFiles.put(rel, ParquetDigest.of(fs, st.getPath()));
                }
            } else if (!meta.files.containsKey(rel)) {
                meta.files.put(rel, FileDigest.of(fs, st.getPath()));
            }
        }
    }
}
