package org.musubi.ingest;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.musubi.genome.GenomeBuild;
import org.musubi.io.bgen.BgenException;
import org.musubi.io.bgen.BgenGenotypes;
import org.musubi.io.bgen.BgenHeader;
import org.musubi.io.bgen.BgenReader;
import org.musubi.io.bgen.BgenRows;
import org.musubi.table.write.RowRejectedException;
import org.musubi.table.write.RowSink;
import org.musubi.table.write.VariantRow;
import org.musubi.table.write.WrittenRows;

/**
 * Ingests one split of a BGEN file in a task: reads its variants from the split's offset with the kernel ({@code
 * io.bgen}), turns each into biallelic rows with plink2's hard calls and hands them to a {@link RowSink}. A bad
 * variant stops the split (strict) or is quarantined with its reason (lenient); a block running past the end of
 * the file ends the split either way.
 */
final class BgenSplitIngester {
    private static final String[] NO_ALT = {"."};

    /** What a BGEN task reports back. */
    static final class Result implements Serializable {
        private static final long serialVersionUID = 1L;

        int splitIndex;
        /** SHA-256 of the file (the checksum task only). */
        String sha256;

        long records;
        long multiallelicRecords;
        WrittenRows written;
        final List<QuarantineRecord> bad = new ArrayList<>();
        long badCount;
        QuarantineRecord fatal;
        /** Bit b set: some variant had b bits per probability. */
        long bits;

        boolean phased;
    }

    private final BgenSplits.Split split;
    private final BgenHeader header;
    private final boolean lenient;
    private final long maxBad;
    private final Configuration conf;
    private final Path file;
    private final long length;
    private final RowSink sink;
    private final BgenRows rows;
    private final BgenGenotypes geno = new BgenGenotypes();
    private final Result result = new Result();

    /** {@code task}: the task's index among the ingest's tasks (names its files; several BGEN files share it). */
    BgenSplitIngester(
            int task,
            BgenSplits.Split split,
            BgenHeader header,
            Path file,
            long length,
            IngestOptions options,
            BgenIngestOptions bgen,
            Configuration conf,
            Path attemptDir) {
        this.split = split;
        this.header = header;
        this.file = file;
        this.length = length;
        this.lenient = options.lenient();
        this.maxBad = options.maxBadRecords();
        this.conf = conf;
        GenomeBuild build = options.build();
        this.sink = new RowSink(attemptDir, task, conf, header.sampleCount, options.info(), build);
        this.rows = new BgenRows(bgen.hardCallThreshold(), bgen.refFirst());
        geno.keepRaw(true); // the common kind of variant goes through BgenRows' lookup, not per-sample doubles
        result.splitIndex = task;
    }

    Result run() throws IOException {
        try (BgenGenotypes g = geno;
                FSDataInputStream in = file.getFileSystem(conf).open(file)) {
            long[] offsets = split.offsets();
            // a file in genome order is read from the split's start; another one variant by variant, in order
            BgenReader r = new BgenReader(BgenSplits.source(in, length), header, offsets == null ? 1 << 20 : 1 << 16);
            r.seek(split.start(), split.firstVariant());
            int next = 0;
            while (offsets == null ? r.hasNext(split.end()) : next < offsets.length) {
                if (offsets != null) {
                    r.seek(offsets[next], split.numbers()[next]);
                    next++;
                }
                result.records++;
                try {
                    r.readVariant();
                    geno.decode(r);
                    result.bits |= 1L << geno.bits;
                    result.phased |= geno.phased;
                    emit(r);
                } catch (BgenException e) {
                    if (bad(r, e.reason.name(), "BGEN", null, e.getMessage(), e.fix, e.offset)
                            || (e.fatal() && offsets == null)) {
                        break;
                    }
                } catch (RowRejectedException e) {
                    String fix = e.reason == RowRejectedException.Reason.UNSORTED
                            ? "give one BGEN file per ingest, its variants sorted within each contig"
                            : "remove the duplicate variant (qctool -g in.bgen -og out.bgen -excl-rsids ids.txt)";
                    if (bad(r, e.reason.name(), e.field, e.value, e.getMessage(), fix, r.offset)) {
                        break;
                    }
                }
            }
        }
        result.written = sink.finish();
        return result;
    }

    /** Records a bad variant; true when the split stops (strict mode, or too many). */
    private boolean bad(
            BgenReader r, String reason, String field, String value, String problem, String fix, long offset) {
        QuarantineRecord q = new QuarantineRecord(
                split.index(),
                r.variant,
                r.chrom,
                r.chrom == null ? null : Integer.toString(r.pos),
                reason,
                field,
                value,
                problem,
                fix,
                "byte offset " + offset + (r.rsid == null || r.rsid.isEmpty() ? "" : " " + r.rsid));
        if (!lenient || ++result.badCount > maxBad) {
            result.fatal = q;
            return true;
        }
        result.bad.add(q);
        return false;
    }

    private void emit(BgenReader r) throws IOException, RowRejectedException, BgenException {
        int k = r.alleleCount;
        if (k < 2) {
            throw new BgenException(
                    BgenException.Reason.UNSUPPORTED,
                    r.variant,
                    r.offset,
                    "a variant with " + k + " allele(s)",
                    "drop it (qctool -excl-rsids) or give it an ALT allele");
        }
        String contig = r.chrom;
        int pos = r.pos;
        int ref = rows.refIndex(k);
        String[] alts = new String[k - 1];
        for (int j = 0; j < k - 1; j++) {
            alts[j] = r.alleles[rows.altAllele(j, k)];
        }
        sink.checkOrder(contig, pos);
        sink.checkNew(contig, pos, r.alleles[ref], alts.length == 0 ? NO_ALT : alts, alts.length);
        String orig = null;
        if (k > 2) {
            StringBuilder sb = new StringBuilder(r.alleles[ref]);
            for (String a : alts) {
                sb.append(',').append(a);
            }
            orig = sb.toString();
            result.multiallelicRecords++;
        }
        String id = !r.rsid.isEmpty() && !r.rsid.equals(".") ? r.rsid : r.varid.isEmpty() ? null : r.varid;
        for (int j = 0; j < k - 1; j++) {
            rows.fill(geno, j);
            VariantRow row = sink.row();
            row.pos = pos;
            row.ref = r.alleles[ref];
            row.alt = alts[j];
            row.id = id;
            row.hasQual = false;
            row.qual = 0;
            row.filters = null;
            row.origAlleles = orig;
            row.altIndex = j + 1;
            sink.writeEncoded(
                    contig,
                    rows.gt(),
                    rows.anyPloidy ? rows.ploidy() : null,
                    rows.anyPhase ? rows.phase() : null,
                    rows.dosageEncoding());
        }
    }
}
