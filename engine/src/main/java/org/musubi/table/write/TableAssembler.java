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
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.Version;
import org.musubi.error.MusubiUserException;
import org.musubi.format.TableMetadata;
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
        try (OutputStream o = fs.create(new Path(dir, TableMetadata.FILE_NAME), true)) {
            o.write(meta.toJson());
        }
        fs.create(new Path(dir, TableMetadata.SUCCESS), true).close();
        return meta;
    }
}
