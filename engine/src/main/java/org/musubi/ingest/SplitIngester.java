package org.musubi.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.musubi.format.ContigPaths;
import org.musubi.format.VariantTableSchema.InfoColumn;
import org.musubi.format.calls.CallCounts;
import org.musubi.format.calls.DosageCodec;
import org.musubi.format.calls.TwoBitVector;
import org.musubi.genome.GenomeBuild;
import org.musubi.io.LineReader;
import org.musubi.io.vcf.BadRecordException;
import org.musubi.io.vcf.VcfRecordChecks;
import org.musubi.io.vcf.VcfRecordParser;
import org.musubi.table.VariantFileWriter;
import org.musubi.table.VariantRow;

/**
 * Ingests one split: reads its lines, parses each record, splits multi-allelics into biallelic rows with their
 * counts and packed calls, and writes one Parquet file per contig run into the task's attempt directory. Plain
 * Java over Hadoop I/O: the Spark plan calls it once per task.
 */
public final class SplitIngester {
    private final SplitSpec split;
    private final int sampleCount;
    private final IngestOptions options;
    private final Configuration conf;
    private final Path attemptDir;

    private final VcfRecordParser parser;
    private final VariantRow row = new VariantRow();
    private final TwoBitVector.Encoder callsEncoder = new TwoBitVector.Encoder();
    private final CallCounts counts = new CallCounts();
    private final SplitResult result = new SplitResult();

    private VariantFileWriter writer;
    private String writerContig;
    private int firstPos;
    private int lastPos;
    private final Set<String> contigsSeen = new HashSet<>();
    private int fileSeq;
    // Duplicate detection at one position: "ref\talt" of the rows written there.
    private final Set<String> atPos = new HashSet<>();

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
        this.split = split;
        this.sampleCount = sampleCount;
        this.options = options;
        this.conf = conf;
        this.attemptDir = attemptDir;
        this.parser = new VcfRecordParser(sampleCount, options.dosage(), checks);
        this.row.info = new Object[options.info().size()];
        result.splitIndex = split.index();
        result.fileIndex = split.fileIndex();
        result.attemptDir = attemptDir.toString();
    }

    public SplitResult run() throws IOException {
        try (LineReader lines = split.file().open(conf, split.start(), split.end())) {
            boolean inHeader = split.first();
            long lineNo = -1;
            while (lines.next()) {
                lineNo++;
                byte[] b = lines.buffer();
                int len = lines.length();
                if (inHeader) {
                    if (len > 0 && b[0] == '#') {
                        continue;
                    }
                    inHeader = false;
                }
                result.records++;
                try {
                    parser.parse(b, len);
                    emitRows();
                } catch (BadRecordException e) {
                    QuarantineRecord q = quarantine(e, b, len, lineNo);
                    if (!options.lenient()) {
                        result.fatal = q;
                        result.lines = lineNo + 1;
                        return finish();
                    }
                    result.badCount++;
                    if (result.badCount > options.maxBadRecords()) {
                        result.fatal = q;
                        result.lines = lineNo + 1;
                        return finish();
                    }
                    result.bad.add(q);
                }
            }
            result.lines = lineNo + 1;
        }
        return finish();
    }

    private SplitResult finish() throws IOException {
        closeWriter();
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
                split.index(), lineNo, contig, pos, e.reason.name(), e.field, e.value, e.getMessage(), e.fix, prefix);
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
        // Order checks: contigs in contiguous blocks, positions non-decreasing within a contig.
        if (!contig.equals(writerContig)) {
            if (contigsSeen.contains(contig)) {
                throw new BadRecordException(
                        BadRecordException.Reason.UNSORTED,
                        "CHROM",
                        contig,
                        "records of contig '" + contig + "' reappear after records of '" + writerContig + "'",
                        "sort the file (bcftools sort)");
            }
        } else if (pos < lastPos) {
            throw new BadRecordException(
                    BadRecordException.Reason.UNSORTED,
                    "POS",
                    Integer.toString(pos),
                    "position " + pos + " comes after " + lastPos + " on " + contig + ": the file is not sorted",
                    "sort the file (bcftools sort)");
        }
        int rows = Math.max(1, parser.altCount);
        // Build INFO values first: a bad value rejects the whole record before anything is written.
        Object[][] info = infoValues(rows);
        if (pos != lastPos || !contig.equals(writerContig)) {
            atPos.clear();
        }
        for (int j = 0; j < rows; j++) {
            String alt = parser.altCount == 0 ? "." : parser.alts[j];
            if (!atPos.add(parser.ref + '\t' + alt)) {
                throw new BadRecordException(
                        BadRecordException.Reason.DUPLICATE,
                        "ALT",
                        alt,
                        "variant " + contig + ":" + pos + " " + parser.ref + ">" + alt + " appears twice",
                        "remove the duplicate record (bcftools norm -d exact)");
            }
        }
        if (!contig.equals(writerContig)) {
            openWriter(contig, pos);
        }
        for (int j = 0; j < rows; j++) {
            fillRow(j, rows, info == null ? null : info[j]);
            writer.write(row);
        }
        lastPos = pos;
        result.rows += rows;
        if (parser.altCount > 1) {
            result.multiallelicRecords++;
        }
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

    private void fillRow(int j, int rows, Object[] info) {
        VariantRow r = row;
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
        int n = sampleCount;
        byte[] gt = parser.gt.length > 0 ? parser.gt[j] : EMPTY;
        byte[] ploidy = parser.anyPloidy ? parser.ploidy[j] : null;
        counts.clear();
        if (n > 0) {
            counts.add(gt, ploidy, n);
        }
        r.nCalled = (int) counts.nCalled();
        r.ac = (int) counts.ac();
        r.an = (int) counts.an();
        r.nHet = (int) counts.nHet();
        r.nHomAlt = (int) counts.nHomAlt();
        r.nHemiAlt = (int) counts.nHemiAlt();
        r.af = counts.af();
        if (rows == 1 && n > 0 && GenomeBuild.isXNonPar(parser.contig, parser.pos, options.build())) {
            if (result.sex == null) {
                result.sex = new SexEvidence(n);
            }
            result.sex.add(gt, ploidy, n, r.af);
        }
        r.callsLength = callsEncoder.encode(gt, n);
        r.calls = callsEncoder.buffer();
        r.ploidy = ploidy == null ? null : TwoBitVector.encodeOrNull(ploidy, n);
        r.phase = parser.anyPhase ? TwoBitVector.encodeOrNull(parser.phase[j], n) : null;
        if (r.phase != null) {
            result.anyPhase = true;
        }
        r.dosage = parser.anyDosage ? DosageCodec.encode(parser.dosage[j], n) : null;
        if (r.dosage != null) {
            result.anyDosage = true;
        }
        if (info != null) {
            System.arraycopy(info, 0, r.info, 0, info.length);
        }
    }

    private static final byte[] EMPTY = new byte[0];

    private void openWriter(String contig, int pos) throws IOException {
        closeWriter();
        contigsSeen.add(contig);
        result.contigs.add(contig);
        writerContig = contig;
        String rel = ContigPaths.directory(contig) + "/part-" + String.format("%05d-%03d", split.index(), fileSeq++)
                + ".zstd.parquet";
        writer = new VariantFileWriter(new Path(attemptDir, rel), conf, options.info());
        firstPos = pos;
        lastPos = pos;
    }

    private void closeWriter() throws IOException {
        if (writer != null) {
            writer.close();
            String rel = attemptDir.toUri().relativize(writer.path().toUri()).getPath();
            result.files.add(new SplitResult.WrittenFile(writerContig, rel, writer.rows(), firstPos, lastPos));
            writer = null;
        }
    }
}
