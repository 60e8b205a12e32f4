package org.musubi.io.bgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The header block (and sample identifier block) of a BGEN v1.1/v1.2 file (SPECS §9.1): where the first variant
 * starts, the variant and sample counts, compression, layout and the embedded sample IDs. Read once on the driver
 * and sent to the tasks.
 */
public final class BgenHeader implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Compression of the genotype blocks (flag bits 0–1). */
    public enum Compression {
        NONE,
        ZLIB,
        ZSTD
    }

    /** Offset of the first variant's identifying data. */
    public final long firstVariant;

    public final long variantCount;
    public final int sampleCount;
    public final Compression compression;
    /** 1 (BGEN v1.1) or 2 (v1.2 and later). */
    public final int layout;
    /** Sample IDs embedded in the file, or null when flag bit 31 is clear. */
    public final String[] sampleIds;

    private BgenHeader(
            long firstVariant,
            long variantCount,
            int sampleCount,
            Compression compression,
            int layout,
            String[] sampleIds) {
        this.firstVariant = firstVariant;
        this.variantCount = variantCount;
        this.sampleCount = sampleCount;
        this.compression = compression;
        this.layout = layout;
        this.sampleIds = sampleIds;
    }

    /** "v1.2 layout 2, zlib". */
    public String describe() {
        return (layout == 1 ? "v1.1" : "v1.2") + " layout " + layout + ", "
                + compression.name().toLowerCase();
    }

    /** Reads the header and sample blocks. */
    public static BgenHeader read(ByteSource src) throws IOException, BgenException {
        long len = src.length();
        if (len < 24) {
            throw new BgenException(
                    BgenException.Reason.BAD_MAGIC,
                    0,
                    0,
                    "the file is " + len + " bytes long, too short for a BGEN header",
                    "is this a BGEN file? (re-copy it or re-export it with plink2 --export bgen-1.2)");
        }
        byte[] b = new byte[20];
        src.readFully(0, b, 0, 20);
        long offset = u32(b, 0);
        long headerLength = u32(b, 4);
        long m = u32(b, 8);
        long n = u32(b, 12);
        boolean magic = (b[16] == 'b' && b[17] == 'g' && b[18] == 'e' && b[19] == 'n')
                || (b[16] == 0 && b[17] == 0 && b[18] == 0 && b[19] == 0);
        if (!magic) {
            throw new BgenException(
                    BgenException.Reason.BAD_MAGIC,
                    0,
                    16,
                    "bad magic number '" + new String(b, 16, 4, StandardCharsets.ISO_8859_1) + "' (expected 'bgen')",
                    "is this a BGEN file? (re-copy it or re-export it with plink2 --export bgen-1.2)");
        }
        if (headerLength < 20 || headerLength > offset || offset + 4 > len) {
            throw new BgenException(
                    BgenException.Reason.BAD_HEADER,
                    0,
                    0,
                    "header length " + headerLength + " and first-variant offset " + offset + " do not fit a file of "
                            + len + " bytes",
                    "the file is truncated or not a BGEN file; re-copy it");
        }
        if (n > Integer.MAX_VALUE) {
            throw new BgenException(
                    BgenException.Reason.BAD_HEADER, 0, 12, "sample count " + n + " is too large", null);
        }
        byte[] f = new byte[4];
        src.readFully(4 + headerLength - 4, f, 0, 4);
        long flags = u32(f, 0);
        int comp = (int) (flags & 3);
        int layout = (int) ((flags >>> 2) & 0xF);
        if (layout != 1 && layout != 2) {
            throw new BgenException(
                    BgenException.Reason.UNSUPPORTED,
                    0,
                    4 + headerLength - 4,
                    "layout " + layout + " is not supported (BGEN v1.1 layout 1 and v1.2 layout 2 are)",
                    "convert the file with qctool -g in.bgen -og out.bgen -bgen-bits 16 (or plink2 --export"
                            + " bgen-1.2)");
        }
        if (comp == 3 || (comp == 2 && layout == 1)) {
            throw new BgenException(
                    BgenException.Reason.UNSUPPORTED,
                    0,
                    4 + headerLength - 4,
                    "compression code " + comp + " with layout " + layout + " is not a BGEN compression",
                    "re-export the file with zlib or zstd compression (qctool -bgen-compression zlib)");
        }
        String[] ids = null;
        if ((flags & 0x80000000L) != 0) {
            long p = 4 + headerLength;
            byte[] sb = new byte[8];
            src.readFully(p, sb, 0, 8);
            long blockLen = u32(sb, 0);
            long count = u32(sb, 4);
            if (p + blockLen > offset + 4 || count != n || blockLen < 8) {
                throw new BgenException(
                        BgenException.Reason.BAD_HEADER,
                        0,
                        p,
                        "the sample identifier block (" + blockLen + " bytes, " + count
                                + " samples) does not match the header (" + n + " samples, variants from byte "
                                + (offset + 4) + ")",
                        "the file is corrupt; re-copy it");
            }
            byte[] block = new byte[(int) blockLen - 8];
            src.readFully(p + 8, block, 0, block.length);
            ids = new String[(int) n];
            int q = 0;
            for (int i = 0; i < n; i++) {
                if (q + 2 > block.length) {
                    throw new BgenException(
                            BgenException.Reason.BAD_HEADER,
                            0,
                            p + 8 + q,
                            "the sample identifier block ends after " + i + " of " + n + " samples",
                            "the file is corrupt; re-copy it");
                }
                int l = (block[q] & 0xFF) | (block[q + 1] & 0xFF) << 8;
                q += 2;
                if (q + l > block.length) {
                    throw new BgenException(
                            BgenException.Reason.BAD_HEADER,
                            0,
                            p + 8 + q,
                            "sample " + (i + 1) + "'s identifier runs past the sample identifier block",
                            "the file is corrupt; re-copy it");
                }
                ids[i] = new String(block, q, l, StandardCharsets.UTF_8);
                q += l;
            }
        }
        return new BgenHeader(offset + 4, m, (int) n, Compression.values()[comp], layout, ids);
    }

    static long u32(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }
}
