package org.musubi.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.musubi.format.VariantTableSchema.InfoColumn;
import org.musubi.io.RecordLines;
import org.musubi.io.vcf.BadRecordException;
import org.musubi.io.vcf.VcfRecordChecks;
import org.musubi.io.vcf.VcfRecordParser;
import org.musubi.table.write.RowRejectedException;
import org.musubi.table.write.RowSink;
import org.musubi.table.write.VariantRow;

/**
 * Ingests one split: reads its lines, parses each record, splits multi-allelics into biallelic rows and hands them
 * to a {@link RowSink} (counts, packed calls, one Parquet file per contig run in the task's attempt directory).
 * Plain Java over Hadoop I/O: the Spark plan calls it once per task. A split whose records turn out of genome order
 * stops writing at the first such record and only scans the rest ({@link SplitResult#unsorted}, the extent of its
 * records); {@link UnsortedInput} then ingests the file again in sorted order through {@link #runSorted}.
 */
public final class SplitIngester {
    private final SplitSpec split;
    private final IngestOptions options;
    private final Configuration conf;

    private final VcfRecordParser parser;
    private final RowSink sink;
    private final SplitResult result = new SplitResult();
    /** The split the current line belongs to (for quarantine rows; another split's in {@link #runSorted}). */
    private int lineSplit;

    public SplitIngester(SplitSpec split, int sampleCount, IngestOptions options, Configuration conf, Path attemptDir) {
        this(split, sampleCount, options, VcfRecordChecks.reservedOnly(), conf, attemptDir);
    }

    /** An ingester whose parser checks INFO/FORMAT values against {@code checks} (the file's header definitions). */
    public SplitIngester(
            SplitSpec split,
            int sampleCount,
            IngestOptions options,
            VcfRecordChecks checks,
            Configuration conf,
            Path attemptDir) {
        this(split, sampleCount, options, checks, conf, attemptDir, split.index());
    }

    /** An ingester whose files are numbered {@code task} (the sorted pass numbers its tasks after every split). */
    SplitIngester(
            SplitSpec split,
            int sampleCount,
            IngestOptions options,
            VcfRecordChecks checks,
            Configuration conf,
            Path attemptDir,
            int task) {
        this.split = split;
        this.options = options;
        this.conf = conf;
        this.parser = new VcfRecordParser(sampleCount, options.dosage(), checks);
        this.sink = new RowSink(attemptDir, task, conf, sampleCount, options.info(), options.build());
        result.splitIndex = task;
        result.fileIndex = split.fileIndex();
        lineSplit = split.index();
    }

    public SplitResult run() throws IOException {
        try (RecordLines lines = new RecordLines(split.file().open(conf, split.start(), split.end()), split.first())) {
            while (lines.next()) {
                long lineNo = lines.lineNo();
                byte[] b = lines.buffer();
                int len = lines.length();
                result.records++;
                try {
                    parser.parse(b, len);
                    emitRows();
                } catch (BadRecordException e) {
                    if (e.reason == BadRecordException.Reason.UNSORTED) {
                        result.unsorted = true;
                        result.lines = scanRest(lines, b, len);
                        return finish();
                    }
                    if (bad(e, b, len, lineNo)) {
                        result.lines = lineNo + 1;
                        return finish();
                    }
                }
            }
            result.lines = lines.lineNo() + 1;
        }
        return finish();
    }

    /** One line of a file being ingested in sorted order: its split, its index there and its bytes. */
    record SortedLine(int splitIndex, long lineInSplit, byte[] bytes) {}

    /**
     * Ingests records in genome order ({@link UnsortedInput}'s sorted pass): as {@link #run}, with each record's
     * quarantine row naming its own split and line.
     */
    SplitResult runSorted(java.util.Iterator<SortedLine> lines) throws IOException {
        while (lines.hasNext()) {
            SortedLine l = lines.next();
            lineSplit = l.splitIndex();
            result.records++;
            try {
                parser.parse(l.bytes(), l.bytes().length);
                emitRows();
            } catch (BadRecordException e) {
                if (bad(e, l.bytes(), l.bytes().length, l.lineInSplit())) {
                    return finish();
                }
            }
        }
        return finish();
    }

    /** Records a bad record; true when the split must stop (strict mode, or too many in lenient mode). */
    private boolean bad(BadRecordException e, byte[] b, int len, long lineNo) {
        QuarantineRecord q = quarantine(e, b, len, lineNo);
        if (!options.lenient()) {
            result.fatal = q;
            return true;
        }
        result.badCount++;
        if (result.badCount > options.maxBadRecords()) {
            result.fatal = q;
            return true;
        }
        result.bad.add(q);
        return false;
    }

    /**
     * After the first record out of genome order: reads the rest of the split for the contigs and position ranges
     * only (the sorted pass parses every record again) and returns the lines the split owns.
     */
    private long scanRest(RecordLines lines, byte[] b, int len) throws IOException {
        result.extent(b, len);
        while (lines.next()) {
            result.extent(lines.buffer(), lines.length());
        }
        return lines.lineNo() + 1;
    }

    private SplitResult finish() throws IOException {
        result.written = sink.finish();
        return result;
    }

    private QuarantineRecord quarantine(BadRecordException e, byte[] b, int len, long lineNo) {
        String contig = null;
        String pos = null;
        int t1 = indexOf(b, 0, len, (byte) '\t');
        if (t1 > 0) {
            contig = new String(b, 0, t1, StandardCharsets.UTF_8);
            int t2 = indexOf(b, t1 + 1, len, (byte) '\t');
            pos = new String(b, t1 + 1, (t2 < 0 ? len : t2) - t1 - 1, StandardCharsets.UTF_8);
        }
        String prefix = new String(b, 0, Math.min(len, 200), StandardCharsets.UTF_8);
        return new QuarantineRecord(
                lineSplit, lineNo, contig, pos, e.reason.name(), e.field, e.value, e.getMessage(), e.fix, prefix);
    }

    private static int indexOf(byte[] b, int from, int len, byte x) {
        for (int i = from; i < len; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private void emitRows() throws BadRecordException, IOException {
        String contig = parser.contig;
        int pos = parser.pos;
        try {
            sink.checkOrder(contig, pos);
            int rows = Math.max(1, parser.altCount);
            // Build INFO values first: a bad value rejects the whole record before anything is written.
            Object[][] info = infoValues(rows);
            sink.checkNew(contig, pos, parser.ref, parser.altCount == 0 ? NO_ALT : parser.alts, rows, symbolicKey());
            for (int j = 0; j < rows; j++) {
                fillRow(j, rows, info == null ? null : info[j]);
                byte[] gt = parser.gt.length > 0 ? parser.gt[j] : null;
                byte[] ploidy = parser.anyPloidy ? parser.ploidy[j] : null;
                sink.write(
                        contig,
                        gt,
                        ploidy,
                        parser.anyPhase ? parser.phase[j] : null,
                        parser.anyDosage ? parser.dosage[j] : null);
            }
        } catch (RowRejectedException e) {
            throw new BadRecordException(
                    BadRecordException.Reason.valueOf(e.reason.name()), e.field, e.value, e.getMessage(), e.fix);
        }
        if (parser.altCount > 1) {
            result.multiallelicRecords++;
        }
    }

    /**
     * What tells symbolic ALT records at one position apart: their INFO END and SVLEN as written (null for a record
     * without a symbolic ALT, which costs no INFO lookup).
     */
    private String symbolicKey() {
        for (int j = 0; j < parser.altCount; j++) {
            if (parser.alts[j].startsWith("<")) {
                return "END=" + parser.infoValue("END") + ";SVLEN=" + parser.infoValue("SVLEN");
            }
        }
        return null;
    }

    private Object[][] infoValues(int rows) throws BadRecordException {
        List<InfoColumn> cols = options.info();
        if (cols.isEmpty()) {
            return null;
        }
        Object[][] out = new Object[rows][cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            InfoColumn col = cols.get(c);
            String raw = parser.infoValue(col.key());
            for (int j = 0; j < rows; j++) {
                out[j][c] = InfoValues.convert(col, raw, j, parser.altCount);
            }
        }
        return out;
    }

    /** The site fields of row j of the record (the sink adds counts and genotypes). */
    private void fillRow(int j, int rows, Object[] info) {
        VariantRow r = sink.row();
        r.pos = parser.pos;
        r.ref = parser.ref;
        r.alt = parser.altCount == 0 ? "." : parser.alts[j];
        r.id = parser.id;
        r.hasQual = parser.hasQual;
        r.qual = parser.qual;
        r.filters = parser.filters;
        r.altIndex = parser.altCount == 0 ? 0 : j + 1;
        if (rows > 1) {
            StringBuilder sb = new StringBuilder(parser.ref);
            for (int k = 0; k < parser.altCount; k++) {
                sb.append(',').append(parser.alts[k]);
            }
            r.origAlleles = sb.toString();
        } else {
            r.origAlleles = null;
        }
        if (info != null) {
            System.arraycopy(info, 0, r.info, 0, info.length);
        }
    }

    private static final String[] NO_ALT = {"."};
}
