package org.musubi.io;

import htsjdk.tribble.FeatureCodecHeader;
import htsjdk.tribble.TribbleException;
import htsjdk.tribble.readers.PositionalBufferedStream;
import htsjdk.variant.bcf2.BCF2Codec;
import htsjdk.variant.variantcontext.VariantContext;
import htsjdk.variant.vcf.VCFEncoder;
import htsjdk.variant.vcf.VCFHeader;
import htsjdk.variant.vcf.VCFHeaderLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads a BCF file (BGZF-compressed or not) with htsjdk's BCF2 codec and presents it as VCF text lines, header
 * first, so that ingest parses BCF and VCF with the same code. One task per file; positions are record numbers.
 * htsjdk 2.24 (pinned for ADAM interop) reads BCF 2.1 (GATK 3/htsjdk writers) but not BCF 2.2 (bcftools, htslib):
 * those are refused with the conversion command.
 */
public final class BcfLineReader implements LineReader {
    private final String path;
    private final InputStream in;
    private final PositionalBufferedStream pbs;
    private final BCF2Codec codec = new BCF2Codec();
    private final VCFEncoder encoder;
    private final Deque<String> header = new ArrayDeque<>();
    private byte[] line = new byte[0];
    private long record = -1;

    public BcfLineReader(InputStream in, String path) throws IOException {
        this.path = path;
        this.in = in;
        this.pbs = new PositionalBufferedStream(in);
        VCFHeader h;
        try {
            FeatureCodecHeader fh = codec.readHeader(pbs);
            h = (VCFHeader) fh.getHeaderValue();
        } catch (TribbleException | IllegalStateException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("minor version = 1")) {
                throw new CorruptInputException(
                        path + ": BCF 2.2 (as bcftools writes it) is not read directly: the"
                                + " BCF reader (htsjdk " + "2.24) reads BCF 2.1 only. Convert it: bcftools view -Oz -o "
                                + path.replaceAll("\\.bcf$", "") + ".vcf.gz " + path,
                        e);
            }
            throw new CorruptInputException(
                    path + ": not a readable BCF file (" + m + "); convert it with 'bcftools view -Oz' or re-export it",
                    e);
        }
        String fileformat = "##fileformat=VCFv4.2";
        for (VCFHeaderLine l : h.getMetaDataInInputOrder()) {
            String s = "##" + l.toString();
            if (l.getKey().equals("fileformat")) {
                fileformat = s;
            } else {
                header.add(s);
            }
        }
        header.addFirst(fileformat);
        StringBuilder chrom = new StringBuilder("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO");
        if (!h.getGenotypeSamples().isEmpty()) {
            chrom.append("\tFORMAT");
            for (String s : h.getGenotypeSamples()) {
                chrom.append('\t').append(s);
            }
        }
        header.add(chrom.toString());
        encoder = new VCFEncoder(h, true, false);
    }

    @Override
    public boolean next() throws IOException {
        String s;
        if (!header.isEmpty()) {
            s = header.poll();
        } else {
            if (pbs.isDone()) {
                return false;
            }
            try {
                VariantContext vc = codec.decode(pbs);
                s = encoder.encode(vc);
            } catch (TribbleException | IllegalStateException | IllegalArgumentException e) {
                throw new CorruptInputException(
                        path + ": cannot decode BCF record " + (record + 2) + ": " + e.getMessage(), e);
            }
        }
        record++;
        line = s.getBytes(StandardCharsets.UTF_8);
        return true;
    }

    @Override
    public byte[] buffer() {
        return line;
    }

    @Override
    public int length() {
        return line.length;
    }

    @Override
    public long position() {
        return record;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
