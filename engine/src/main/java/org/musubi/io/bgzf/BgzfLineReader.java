package org.musubi.io.bgzf;

import java.io.EOFException;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.hadoop.fs.FSDataInputStream;
import org.musubi.io.CorruptInputException;
import org.musubi.io.Inflaters;
import org.musubi.io.LineAssembler;
import org.musubi.io.LineReader;

/**
 * Reads the lines of one split of a BGZF file. The split owns every line whose first byte lies at a virtual offset
 * {@code <= (endBlock, 0)} and, unless it starts the file, skips the first line it sees (the previous split owns it,
 * by the same rule). Together the splits of a file read each line exactly once, whatever the block sizes.
 */
public final class BgzfLineReader implements LineReader {
    private final FSDataInputStream in;
    private final String path;
    private final long endBlock;
    private final Inflater inflater = Inflaters.raw();
    private final CRC32 crc = new CRC32();
    private final byte[] raw = new byte[BgzfBlocks.MAX_BLOCK];
    private byte[] block = new byte[BgzfBlocks.MAX_BLOCK];
    private int blockLen;
    private int blockPos;
    private long blockAddress;
    private long nextAddress;
    private boolean eof;

    private final LineAssembler line = new LineAssembler();
    private long lineBlock;
    private int lineOffset;

    /**
     * @param startBlock offset of the first block of the split (a block start, or 0)
     * @param endBlock offset of the first block of the next split (or the file size)
     */
    public BgzfLineReader(FSDataInputStream in, String path, long startBlock, long endBlock) throws IOException {
        this.in = in;
        this.path = path;
        this.endBlock = endBlock;
        this.nextAddress = startBlock;
        in.seek(startBlock);
        if (startBlock > 0) {
            // The line at (startBlock, 0) or the partial line there belongs to the previous split.
            if (next()) {
                // discarded
            }
        }
    }

    @Override
    public boolean next() throws IOException {
        line.clear();
        boolean started = false;
        while (true) {
            if (blockPos >= blockLen) {
                if (!readBlock()) {
                    return started; // last line without a newline
                }
                continue;
            }
            if (!started) {
                lineBlock = blockAddress;
                lineOffset = blockPos;
                if (lineBlock > endBlock || (lineBlock == endBlock && lineOffset > 0)) {
                    eof = true;
                    blockLen = 0;
                    return false;
                }
                started = true;
            }
            int next = line.take(block, blockPos, blockLen);
            if (next >= 0) {
                blockPos = next;
                return true;
            }
            blockPos = blockLen;
        }
    }

    private boolean readBlock() throws IOException {
        if (eof) {
            return false;
        }
        blockAddress = nextAddress;
        blockPos = 0;
        blockLen = 0;
        int n = readHeader();
        if (n < 0) {
            eof = true;
            return false;
        }
        int size = BgzfBlocks.blockSizeAt(raw, 0, n);
        if (size < 0) {
            throw new CorruptInputException(path + ": not a BGZF block at offset " + blockAddress
                    + " (the file is corrupt or was not compressed with bgzip)");
        }
        try {
            in.readFully(raw, n, size - n);
        } catch (EOFException e) {
            throw new CorruptInputException(path + ": truncated BGZF block at offset " + blockAddress
                    + " (the file was cut short; re-copy or re-compress it)");
        }
        nextAddress = blockAddress + size;
        int xlen = (raw[10] & 0xff) | (raw[11] & 0xff) << 8;
        int cdataStart = 12 + xlen;
        int cdataLen = size - cdataStart - 8;
        int isize = (raw[size - 4] & 0xff)
                | (raw[size - 3] & 0xff) << 8
                | (raw[size - 2] & 0xff) << 16
                | (raw[size - 1] & 0xff) << 24;
        int expectedCrc = (raw[size - 8] & 0xff)
                | (raw[size - 7] & 0xff) << 8
                | (raw[size - 6] & 0xff) << 16
                | (raw[size - 5] & 0xff) << 24;
        if (isize < 0 || isize > BgzfBlocks.MAX_BLOCK) {
            throw new CorruptInputException(path + ": bad BGZF block size " + isize + " at offset " + blockAddress);
        }
        try {
            int got = Inflaters.inflate(inflater, raw, cdataStart, cdataLen, block, isize);
            if (got != isize) {
                throw new CorruptInputException(path + ": BGZF block at offset " + blockAddress + " inflated to " + got
                        + " bytes, its header says " + isize + " (corrupt file)");
            }
        } catch (DataFormatException e) {
            throw new CorruptInputException(path + ": corrupt deflate data in BGZF block at offset " + blockAddress, e);
        }
        crc.reset();
        crc.update(block, 0, isize);
        if ((int) crc.getValue() != expectedCrc) {
            throw new CorruptInputException(
                    path + ": CRC mismatch in BGZF block at offset " + blockAddress + " (corrupt file)");
        }
        blockLen = isize;
        return true;
    }

    /** Reads the fixed part of a block header into raw; returns bytes read, or -1 at a clean end of file. */
    private int readHeader() throws IOException {
        int first = in.read();
        if (first < 0) {
            return -1;
        }
        raw[0] = (byte) first;
        try {
            in.readFully(raw, 1, 17);
        } catch (EOFException e) {
            throw new CorruptInputException(path + ": truncated BGZF header at offset " + blockAddress);
        }
        int xlen = (raw[10] & 0xff) | (raw[11] & 0xff) << 8;
        if (xlen > 6) {
            in.readFully(raw, 18, xlen - 6);
            return 12 + xlen;
        }
        return 18;
    }

    @Override
    public byte[] buffer() {
        return line.buffer();
    }

    @Override
    public int length() {
        return line.length();
    }

    @Override
    public long position() {
        return lineBlock << 16 | lineOffset;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
