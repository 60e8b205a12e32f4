package org.musubi.io.bgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads BGEN variant blocks one after another from a byte offset: the identifying data (IDs, chromosome,
 * position, alleles) and the raw genotype block, which {@link BgenGenotypes} decodes. {@link #skipVariant} reads
 * only the identifying data and the block length (the driver's skim that plans splits without a {@code .bgi}).
 * Reads through its own buffer in large chunks, so a variant costs no system call of its own.
 */
public final class BgenReader {
    private static final int CHUNK = 1 << 20;

    private final ByteSource src;
    private final long length;
    private final BgenHeader header;

    private byte[] buf;
    /** File offset of buf[0]. */
    private long bufStart;

    private int bufLen;
    private int p;

    /** 1-based index of the variant read last (the caller sets the base with {@link #seek}). */
    public long variant;
    /** File offset where the variant read last starts. */
    public long offset;

    public String varid;
    public String rsid;
    public String chrom;
    public int pos;
    public int alleleCount;
    public String[] alleles = new String[2];

    /** The genotype block read last: bytes {@code [blockStart, blockStart + blockLength)} of {@link #block()}. */
    private int blockStart;

    private int blockLength;

    public BgenReader(ByteSource src, BgenHeader header) {
        this(src, header, CHUNK);
    }

    /** A reader whose reads are {@code chunk} bytes (small for a skim over large blocks). */
    public BgenReader(ByteSource src, BgenHeader header, int chunk) {
        this.src = src;
        this.length = src.length();
        this.header = header;
        this.buf = new byte[chunk];
    }

    public BgenHeader header() {
        return header;
    }

    /** Continues at {@code offset}, the start of variant {@code index} (1-based). */
    public void seek(long offset, long index) {
        if (offset >= bufStart && offset <= bufStart + bufLen) {
            p = (int) (offset - bufStart);
        } else {
            bufStart = offset;
            bufLen = 0;
            p = 0;
        }
        this.variant = index - 1;
    }

    /** The offset of the next variant. */
    public long position() {
        return bufStart + p;
    }

    /** Whether another variant starts before {@code end}. */
    public boolean hasNext(long end) {
        return position() < Math.min(end, length);
    }

    /** Reads the next variant's identifying data and genotype block. */
    public void readVariant() throws IOException, BgenException {
        readIds();
        long len = nextBlockLength();
        if (len > Integer.MAX_VALUE - 64) {
            throw new BgenException(
                    BgenException.Reason.BAD_BLOCK, variant, offset, "genotype block of " + len + " bytes", null);
        }
        ensure((int) len);
        blockStart = p;
        blockLength = (int) len;
        p += (int) len;
    }

    /** Reads the next variant's identifying data and skips its genotype block. */
    public void skipVariant() throws IOException, BgenException {
        readIds();
        long len = nextBlockLength(); // reads the length field: position() after it
        seek(position() + len, variant + 1);
    }

    /** The length of the genotype block that follows, checked against the end of the file. */
    private long nextBlockLength() throws IOException, BgenException {
        long len = header.layout == 1 && header.compression == BgenHeader.Compression.NONE
                ? 6L * header.sampleCount
                : u32("genotype block length");
        if (position() + len > length) {
            throw new BgenException(
                    BgenException.Reason.TRUNCATED,
                    variant,
                    offset,
                    "the genotype block of " + len + " bytes at byte " + position() + " runs past the end of the file ("
                            + length + " bytes)",
                    "the file is truncated or corrupt; re-copy it (or re-create it and its .bgi)");
        }
        return len;
    }

    /** The buffer holding the genotype block read last. */
    byte[] block() {
        return buf;
    }

    int blockStart() {
        return blockStart;
    }

    int blockLength() {
        return blockLength;
    }

    /** "chrom:pos rsid" of the variant read last (for messages). */
    public String where() {
        return chrom == null ? null : chrom + ":" + pos + (rsid == null || rsid.isEmpty() ? "" : " " + rsid);
    }

    private void readIds() throws IOException, BgenException {
        variant++;
        offset = position();
        chrom = null;
        rsid = null;
        if (header.layout == 1) {
            u32("sample count");
        }
        varid = str2("variant id");
        rsid = str2("rsid");
        chrom = str2("chromosome");
        long position = u32("position");
        pos = (int) Math.min(position, Integer.MAX_VALUE);
        int k = header.layout == 1 ? 2 : u16("allele count");
        if (alleles.length < k) {
            alleles = new String[k];
        }
        alleleCount = k;
        for (int i = 0; i < k; i++) {
            long l = u32("allele length");
            if (l > length) {
                throw truncated("allele " + (i + 1) + " of length " + l);
            }
            ensure((int) l);
            alleles[i] = new String(buf, p, (int) l, StandardCharsets.UTF_8);
            p += (int) l;
        }
    }

    private String str2(String what) throws IOException, BgenException {
        int l = u16(what + " length");
        ensureOr(l, what);
        String s = new String(buf, p, l, StandardCharsets.UTF_8);
        p += l;
        return s;
    }

    private int u16(String what) throws IOException, BgenException {
        ensureOr(2, what);
        int v = (buf[p] & 0xFF) | (buf[p + 1] & 0xFF) << 8;
        p += 2;
        return v;
    }

    private long u32(String what) throws IOException, BgenException {
        ensureOr(4, what);
        long v = BgenHeader.u32(buf, p);
        p += 4;
        return v;
    }

    private void ensureOr(int n, String what) throws IOException, BgenException {
        if (position() + n > length) {
            throw truncated(what);
        }
        ensure(n);
    }

    private BgenException truncated(String what) {
        return new BgenException(
                BgenException.Reason.TRUNCATED,
                variant,
                offset,
                "the file ends inside the " + what + " (file length " + length + ")",
                "the file is truncated; re-copy it");
    }

    /** Makes {@code n} bytes from {@code p} available in the buffer (the caller checked the file has them). */
    private void ensure(int n) throws IOException {
        if (p + n <= bufLen) {
            return;
        }
        long at = bufStart + p;
        int keep = bufLen - p;
        if (keep < 0) {
            keep = 0;
        }
        if (n > buf.length) {
            byte[] nb = new byte[Math.max(n, buf.length * 2)];
            System.arraycopy(buf, p, nb, 0, keep);
            buf = nb;
        } else if (keep > 0) {
            System.arraycopy(buf, p, buf, 0, keep);
        }
        bufStart = at;
        p = 0;
        int want = (int) Math.min(buf.length - keep, length - (at + keep));
        src.readFully(at + keep, buf, keep, want);
        bufLen = keep + want;
    }
}
