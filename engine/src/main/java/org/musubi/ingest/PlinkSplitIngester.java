package org.musubi.ingest;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.musubi.io.plink.BedCodec;
import org.musubi.io.plink.BimLines;
import org.musubi.io.plink.BimRecord;
import org.musubi.io.vcf.BadRecordException;
import org.musubi.table.write.RowRejectedException;
import org.musubi.table.write.RowSink;
import org.musubi.table.write.VariantRow;

/**
 * Ingests one split of a PLINK 1 fileset: the {@code .bim} lines of a byte range ({@link BimLines}) and, for each,
 * its variant's bytes of the {@code .bed}, read sequentially from the offset of the split's first variant (known
 * from the first pass's line counts: {@link BedCodec#offset}). Each variant becomes one table row through a {@link
 * RowSink}, its bytes translated to the table's packed codes as they are ({@link BedCodec#toPackedCodes}, {@link
 * RowSink#writePacked}: no per-sample decoding); a bad {@code .bim} line, a duplicate or out-of-order variant, or (lenient mode only: strict mode refuses
 * the fileset on the driver) a variant past the end of a truncated {@code .bed} is quarantined or stops the split as
 * VCF ingest does. Plain Java over Hadoop I/O; the Spark plan ({@link PlinkIngestPlan}) calls it once per task.
 */
final class PlinkSplitIngester {
    /**
     * A split: {@code .bim} bytes {@code [bimStart, bimEnd)} holding {@code variants} lines, the first of which is
     * variant {@code firstVariant} of the fileset.
     */
    record Split(int index, long bimStart, long bimEnd, long firstVariant, long variants) implements Serializable {}

    private final Split split;
    private final PlinkIngestPlan.Fileset files;
    private final int n;
    private final IngestOptions options;
    private final Configuration conf;
    private final RowSink sink;
    private final boolean a1IsAlt;
    private final BimRecord bim;
    private final SplitResult result = new SplitResult();

    PlinkSplitIngester(
            Split split,
            PlinkIngestPlan.Fileset files,
            int sampleCount,
            boolean a1IsAlt,
            IngestOptions options,
            Configuration conf,
            Path attemptDir) {
        this.split = split;
        this.files = files;
        this.n = sampleCount;
        this.options = options;
        this.conf = conf;
        this.a1IsAlt = a1IsAlt;
        this.bim = new BimRecord(a1IsAlt);
        this.sink = new RowSink(attemptDir, split.index(), conf, sampleCount, options.info(), options.build());
        result.splitIndex = split.index();
    }

    SplitResult run() throws IOException {
        int bpv = BedCodec.bytesPerVariant(n);
        byte[] bytes = new byte[bpv];
        byte[] packed = new byte[bpv];
        Path bimPath = new Path(files.bim());
        Path bedPath = new Path(files.bed());
        FileSystem fs = bimPath.getFileSystem(conf);
        FSDataInputStream bimIn = fs.open(bimPath);
        bimIn.seek(BimLines.streamStart(split.bimStart()));
        FSDataInputStream bedRaw = bedPath.getFileSystem(conf).open(bedPath);
        long v = split.firstVariant();
        bedRaw.seek(Math.min(files.bedSize(), BedCodec.offset(v, n)));
        try (BimLines lines = BimLines.open(bimIn, split.bimStart(), split.bimEnd());
                DataInputStream bed = new DataInputStream(new BufferedInputStream(bedRaw, 1 << 20))) {
            long k = 0;
            while (lines.next()) {
                boolean inBed = BedCodec.offset(v + 1, n) <= files.bedSize();
                if (inBed) {
                    bed.readFully(bytes);
                }
                result.records++;
                try {
                    bim.parse(lines.buffer(), lines.length());
                    if (!inBed) {
                        throw new BadRecordException(
                                BadRecordException.Reason.TRUNCATED,
                                "bed",
                                "offset " + BedCodec.offset(v, n),
                                files.bed() + " ends at byte " + files.bedSize() + ", before this variant's " + bpv
                                        + " bytes (truncated .bed)",
                                "re-copy the .bed");
                    }
                    BedCodec.toPackedCodes(bytes, 0, n, a1IsAlt, packed, 0);
                    write(packed);
                } catch (BadRecordException e) {
                    QuarantineRecord q = quarantine(e, lines, k);
                    if (!options.lenient() || ++result.badCount > options.maxBadRecords()) {
                        result.fatal = q;
                        result.lines = k + 1;
                        return finish();
                    }
                    result.bad.add(q);
                }
                v++;
                k++;
            }
            result.lines = k;
            if (k != split.variants()) {
                throw new IllegalStateException(files.bim() + " bytes " + split.bimStart() + "–" + split.bimEnd() + ": "
                        + k + " lines read, the first pass counted " + split.variants());
            }
        }
        return finish();
    }

    private void write(byte[] packed) throws BadRecordException, IOException {
        try {
            sink.checkOrder(bim.chrom, bim.pos);
            sink.checkNew(bim.chrom, bim.pos, bim.ref, new String[] {bim.alt}, 1);
        } catch (RowRejectedException e) {
            String fix = e.reason == RowRejectedException.Reason.UNSORTED
                    ? "sort the fileset (plink2 --bfile x --sort-vars --make-pgen, then --make-bed)"
                    : "remove the duplicate (plink2 --bfile x --rm-dup exclude-all --make-bed)";
            throw new BadRecordException(
                    BadRecordException.Reason.valueOf(e.reason.name()), e.field, e.value, e.getMessage(), fix);
        }
        VariantRow r = sink.row();
        r.pos = bim.pos;
        r.ref = bim.ref;
        r.alt = bim.alt;
        r.id = bim.id;
        r.hasQual = false;
        r.filters = null;
        r.origAlleles = null;
        r.altIndex = 1;
        sink.writePacked(bim.chrom, packed, 0);
    }

    private QuarantineRecord quarantine(BadRecordException e, BimLines lines, long k) {
        String line = new String(lines.buffer(), 0, Math.min(lines.length(), 200), StandardCharsets.UTF_8);
        String[] f = line.strip().split("\\s+");
        return new QuarantineRecord(
                split.index(),
                k,
                f.length > 0 ? f[0] : null,
                f.length > 3 ? f[3] : null,
                e.reason.name(),
                e.field,
                e.value,
                e.getMessage(),
                e.fix,
                line);
    }

    private SplitResult finish() throws IOException {
        result.written = sink.finish();
        return result;
    }
}
