package org.musubi.table.write;

import java.io.Closeable;
import java.io.IOException;
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
import org.musubi.stats.SexEvidence;

/**
 * Where a task's variants go to become table rows: the reader (VCF ingest, simulate; BGEN, PLINK, ADAM next)
 * fills the site fields of {@link #row()} and hands over each row's genotype codes, and the sink computes the
 * stored counts, packs calls, ploidy, phase and dosage with the calls codec, accumulates the sex evidence and
 * writes one Parquet file per contig run into its directory ({@code <contig dir>/part-<task>-<seq>.zstd.parquet}).
 * {@link #checkOrder} and {@link #checkNew} refuse records out of genome order and duplicates before anything of
 * the record is written. {@link #finish} returns what was written, for {@link TableAssembler} on the driver.
 *
 * <p>Genotypes are per sample, in the codes of {@code format.calls} ({@code GenotypeCode}, {@code PloidyCode},
 * {@code PhaseCode}); dosages as doubles (NaN: missing). One open file at a time: memory is one row group.
 */
public final class RowSink implements Closeable {
    private static final byte[] EMPTY = new byte[0];

    private final Path dir;
    private final int task;
    private final Configuration conf;
    private final int n;
    private final List<InfoColumn> info;
    private final GenomeBuild build;

    private final VariantRow row = new VariantRow();
    private final TwoBitVector.Encoder callsEncoder = new TwoBitVector.Encoder();
    private final CallCounts counts = new CallCounts();
    private final int[] codeCounts = new int[4];
    private byte[] unpacked;
    private final WrittenRows written;

    private VariantFileWriter writer;
    private String writerRel;
    private String writerContig;
    private int firstPos;
    private int lastPos;
    private int fileSeq;
    private final Set<String> contigsSeen = new HashSet<>();
    // Duplicate detection at one position: "ref\talt" of the rows written there.
    private final Set<String> atPos = new HashSet<>();

    /**
     * A sink writing into {@code dir}, its files numbered with {@code task}.
     *
     * @param info the table's INFO columns ({@link VariantRow#info} holds their values)
     * @param build decides which chrX positions are outside the PARs (null: outside both builds' PARs)
     */
    public RowSink(Path dir, int task, Configuration conf, int sampleCount, List<InfoColumn> info, GenomeBuild build) {
        this.dir = dir;
        this.task = task;
        this.conf = conf;
        this.n = sampleCount;
        this.info = info;
        this.build = build;
        this.row.info = new Object[info.size()];
        this.written = new WrittenRows(dir.toString());
    }

    /**
     * The next row's site fields, reused: pos, ref, alt, id, qual, filters, origAlleles (null for a biallelic
     * record), altIndex, info. {@link #write} sets the rest.
     */
    public VariantRow row() {
        return row;
    }

    /** Refuses a record that breaks genome order: a contig reappearing after another, or a position going back. */
    public void checkOrder(String contig, int pos) throws RowRejectedException {
        if (!contig.equals(writerContig)) {
            if (contigsSeen.contains(contig)) {
                throw new RowRejectedException(
                        RowRejectedException.Reason.UNSORTED,
                        "CHROM",
                        contig,
                        "records of contig '" + contig + "' reappear after records of '" + writerContig + "'",
                        "sort the file (bcftools sort)");
            }
        } else if (pos < lastPos) {
            throw new RowRejectedException(
                    RowRejectedException.Reason.UNSORTED,
                    "POS",
                    Integer.toString(pos),
                    "position " + pos + " comes after " + lastPos + " on " + contig + ": the file is not sorted",
                    "sort the file (bcftools sort)");
        }
    }

    /**
     * Refuses a record whose rows (REF and the first {@code count} of {@code alts}) were already written at this
     * position, or repeat each other.
     */
    public void checkNew(String contig, int pos, String ref, String[] alts, int count) throws RowRejectedException {
        checkNew(contig, pos, ref, alts, count, null);
    }

    /**
     * As {@link #checkNew(String, int, String, String[], int)}, with a symbolic ALT ({@code <INS>}, {@code <DEL>},
     * ...) told apart by {@code symbolicKey} (the record's END and SVLEN, e.g. {@code END=1200;SVLEN=77}): two
     * {@code <INS>} records at one position with different END/SVLEN are two rows, identical ones a duplicate.
     */
    public void checkNew(String contig, int pos, String ref, String[] alts, int count, String symbolicKey)
            throws RowRejectedException {
        if (pos != lastPos || !contig.equals(writerContig)) {
            atPos.clear();
        }
        for (int j = 0; j < count; j++) {
            String alt = alts[j];
            boolean symbolic = symbolicKey != null && alt.startsWith("<");
            if (!atPos.add(ref + '\t' + alt + (symbolic ? '\t' + symbolicKey : ""))) {
                throw new RowRejectedException(
                        RowRejectedException.Reason.DUPLICATE,
                        "ALT",
                        alt,
                        "variant " + contig + ":" + pos + " " + ref + ">" + alt + " appears twice",
                        "remove the duplicate record (bcftools norm -d exact)");
            }
        }
    }

    /**
     * Writes {@link #row()} on {@code contig} with these genotypes: counts, packed calls, ploidy, phase and dosage.
     * A row of a biallelic record (origAlleles null) on chrX outside the PARs adds to the sex evidence.
     *
     * @param gt genotype codes, one per sample
     * @param ploidy ploidy codes, or null (all diploid)
     * @param phase phase codes, or null (no phase)
     * @param dosage ALT dosages, or null (no dosage)
     */
    public void write(String contig, byte[] gt, byte[] ploidy, byte[] phase, double[] dosage) throws IOException {
        writeEncoded(contig, gt, ploidy, phase, dosage == null ? null : DosageCodec.encode(dosage, n));
    }

    /**
     * As {@link #write}, with the dosages already encoded ({@link DosageCodec}'s bytes for N samples, or null): BGEN
     * ingest's fast path computes the 16-bit codes itself. The array becomes the row's and must not be reused.
     */
    public void writeEncoded(String contig, byte[] gt, byte[] ploidy, byte[] phase, byte[] dosage) throws IOException {
        if (!contig.equals(writerContig)) {
            open(contig, row.pos);
        }
        VariantRow r = row;
        byte[] calls = n > 0 ? gt : EMPTY;
        counts.clear();
        if (n > 0) {
            counts.add(calls, ploidy, n);
        }
        setCounts(r);
        if (r.origAlleles == null && n > 0 && GenomeBuild.isXNonPar(contig, r.pos, build)) {
            if (written.sex == null) {
                written.sex = new SexEvidence(n);
            }
            written.sex.add(calls, ploidy, n, r.af);
        }
        r.callsLength = callsEncoder.encode(calls, n);
        r.calls = callsEncoder.buffer();
        r.ploidy = ploidy == null ? null : TwoBitVector.encodeOrNull(ploidy, n);
        r.phase = phase == null ? null : TwoBitVector.encodeOrNull(phase, n);
        written.anyPhase |= r.phase != null;
        r.dosage = dosage;
        written.anyDosage |= r.dosage != null;
        writer.write(r);
        lastPos = r.pos;
        written.rows++;
    }

    /**
     * Writes {@link #row()} on {@code contig} with diploid, unphased genotypes given packed, four samples a byte
     * ({@code packed[off, off + ceil(N/4))}: sample i's {@code GenotypeCode} in bits 2·(i mod 4) of byte i/4, pad bits
     * 0), and no dosage: the same row as {@link #write} with the unpacked codes, but the counts come from popcounts
     * and the calls vector from the packed bytes as they are ({@link TwoBitVector.Encoder#encodePacked}), nothing
     * decoded per sample. PLINK {@code .bed} ingest uses it. A row that adds to the sex evidence (chrX outside the
     * PARs) is unpacked and written by {@link #write}.
     */
    public void writePacked(String contig, byte[] packed, int off) throws IOException {
        VariantRow r = row;
        if (r.origAlleles == null && n > 0 && GenomeBuild.isXNonPar(contig, r.pos, build)) {
            if (unpacked == null) {
                unpacked = new byte[n];
            }
            TwoBitVector.unpack(packed, off, n, unpacked);
            write(contig, unpacked, null, null, null);
            return;
        }
        if (!contig.equals(writerContig)) {
            open(contig, r.pos);
        }
        r.callsLength = callsEncoder.encodePacked(packed, off, n);
        r.calls = callsEncoder.buffer();
        callsEncoder.codeCounts(codeCounts);
        counts.clear();
        counts.addDiploidCodeCounts(codeCounts);
        setCounts(r);
        r.ploidy = null;
        r.phase = null;
        r.dosage = null;
        writer.write(r);
        lastPos = r.pos;
        written.rows++;
    }

    private void setCounts(VariantRow r) {
        r.nCalled = (int) counts.nCalled();
        r.ac = (int) counts.ac();
        r.an = (int) counts.an();
        r.nHet = (int) counts.nHet();
        r.nHomAlt = (int) counts.nHomAlt();
        r.nHemiAlt = (int) counts.nHemiAlt();
        r.af = counts.af();
    }

    /** The counts of the row last written. */
    public CallCounts counts() {
        return counts;
    }

    /** Closes the open file and returns what was written. */
    public WrittenRows finish() throws IOException {
        close();
        return written;
    }

    private void open(String contig, int pos) throws IOException {
        close();
        contigsSeen.add(contig);
        written.contigs.add(contig);
        writerContig = contig;
        writerRel = ContigPaths.directory(contig) + "/part-" + String.format("%05d-%03d", task, fileSeq++)
                + ".zstd.parquet";
        writer = new VariantFileWriter(new Path(dir, writerRel), conf, info);
        firstPos = pos;
        lastPos = pos;
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
            written.files.add(new WrittenRows.File(
                    writerContig, writerRel, writer.rows(), firstPos, lastPos, writer.digest(conf)));
            writer = null;
        }
    }
}
