package org.musubi.io;

import com.intel.gkl.compression.IntelInflater;
import com.intel.gkl.compression.IntelInflaterFactory;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The inflater every reader of deflate data uses (BGZF blocks, BGEN's zlib blocks): ISA-L's, through Intel's Genomics
 * Kernel Library (the inflater GATK hands htsjdk), where its native library loads on this machine, else the JDK's
 * zlib. Both give the same bytes; ISA-L inflates BGZF blocks about 2.2× faster (bench/RESULTS.md, "Lead, session
 * 14"). {@code -Dmusubi.inflater=jdk} keeps the JDK's (an A/B switch, and a way out on a machine where the native
 * library misbehaves).
 *
 * <p>ISA-L does not check what zlib checks while it inflates: it can stop early on a cut stream without an error, and
 * it reports bad data as a {@link RuntimeException}. So every caller checks the output's length and checksum (BGZF's
 * CRC32, BGEN's zlib Adler-32 in {@link #inflateZlib}), and {@link #inflate} turns ISA-L's exceptions into {@link
 * DataFormatException}, as the JDK's inflater throws.
 */
public final class Inflaters {
    private Inflaters() {}

    private static final boolean ISAL = isalLoads();

    private static boolean isalLoads() {
        if ("jdk".equals(System.getProperty("musubi.inflater"))) {
            return false;
        }
        try {
            return new IntelInflaterFactory().usingIntelInflater();
        } catch (Throwable e) { // LinkageError, a temporary directory without exec rights, another CPU: the JDK's
            return false;
        }
    }

    /** Which implementation {@link #raw} returns: {@code isa-l} or {@code jdk}. */
    public static String implementation() {
        return ISAL ? "isa-l" : "jdk";
    }

    /** A new inflater of raw deflate data (no zlib or gzip wrapper); {@link Inflater#end} it when done. */
    public static Inflater raw() {
        return raw(ISAL);
    }

    /** {@link #raw} of one implementation (tests run both): ISA-L's only where it loads. */
    static Inflater raw(boolean isal) {
        return isal && ISAL ? new IntelInflater(true) : new Inflater(true);
    }

    /**
     * Inflates raw deflate data {@code in[off, off + len)} into {@code out[0, outLen)} with {@code inf} (from {@link
     * #raw}, reset here); returns the bytes written, at most {@code outLen}: fewer when the data ends early. Bad data
     * is a {@link DataFormatException} from either implementation. The caller checks the length and the checksum.
     */
    public static int inflate(Inflater inf, byte[] in, int off, int len, byte[] out, int outLen)
            throws DataFormatException {
        inf.reset();
        inf.setInput(in, off, len);
        int got = 0;
        try {
            while (got < outLen) {
                int k = inf.inflate(out, got, outLen - got);
                if (k == 0) {
                    break; // finished, or needs input it will not get (the JDK's); ISA-L writes all it can at once
                }
                got += k;
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (RuntimeException e) { // ISA-L: "Invalid lookback distance found." and the like
            throw new DataFormatException(e.getMessage());
        }
        return got;
    }

    /**
     * Inflates a zlib stream (RFC 1950: a 2-byte header, raw deflate data, the Adler-32 of the output, big-endian)
     * that fills {@code in[off, off + len)} exactly and holds {@code outLen} bytes, into {@code out} (at least {@code
     * outLen + 1} long, so that a longer output shows). The header (deflate, no preset dictionary), the length and the
     * Adler-32 are checked, as zlib checks them: a {@link DataFormatException} says what is wrong.
     */
    public static void inflateZlib(Inflater raw, byte[] in, int off, int len, byte[] out, int outLen)
            throws DataFormatException {
        if (len < 6) {
            throw new DataFormatException(len + " bytes are too short for a zlib stream");
        }
        int cmf = in[off] & 0xff;
        int flg = in[off + 1] & 0xff;
        if ((cmf & 0x0f) != 8 || (cmf >>> 4) > 7 || ((cmf << 8) | flg) % 31 != 0) {
            throw new DataFormatException("incorrect header check");
        }
        if ((flg & 0x20) != 0) {
            throw new DataFormatException("it needs a preset dictionary");
        }
        int got = inflate(raw, in, off + 2, len - 6, out, outLen + 1);
        if (got != outLen) {
            throw new DataFormatException(
                    "it decompresses to " + (got > outLen ? "more than " + outLen : got) + " bytes, not " + outLen);
        }
        int end = off + len - 4;
        int expected =
                (in[end] & 0xff) << 24 | (in[end + 1] & 0xff) << 16 | (in[end + 2] & 0xff) << 8 | in[end + 3] & 0xff;
        Adler32 adler = new Adler32();
        adler.update(out, 0, got);
        if ((int) adler.getValue() != expected) {
            throw new DataFormatException("incorrect data check");
        }
    }
}
