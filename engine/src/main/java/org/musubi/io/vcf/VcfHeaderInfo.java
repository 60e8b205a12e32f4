package org.musubi.io.vcf;

import htsjdk.tribble.TribbleException;
import htsjdk.tribble.readers.LineIteratorImpl;
import htsjdk.tribble.readers.SynchronousLineReader;
import htsjdk.variant.vcf.VCFCodec;
import htsjdk.variant.vcf.VCFContigHeaderLine;
import htsjdk.variant.vcf.VCFFormatHeaderLine;
import htsjdk.variant.vcf.VCFHeader;
import htsjdk.variant.vcf.VCFHeaderLineCount;
import htsjdk.variant.vcf.VCFHeaderLineType;
import htsjdk.variant.vcf.VCFInfoHeaderLine;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.musubi.error.MusubiUserException;
import org.musubi.format.VariantTableSchema.InfoColumn;
import org.musubi.format.VariantTableSchema.InfoType;
import org.musubi.io.InputFile;
import org.musubi.io.LineReader;

/**
 * What ingest needs from a VCF header: the meta lines (kept for export), sample names, contigs, INFO and FORMAT
 * definitions. The header is validated by htsjdk's VCF codec, the field's reference parser.
 */
public final class VcfHeaderInfo implements Serializable {
    private static final long serialVersionUID = 1L;

    public final String path;
    public final List<String> metaLines;
    public final String[] samples;
    public final Map<String, Long> contigLengths;
    public final Map<String, InfoDef> info;
    public final Map<String, InfoDef> format;
    /** Number of header lines, including the #CHROM line (the first record is on line headerLineCount + 1). */
    public final int headerLineCount;
    /** Where the first record starts (LineReader position), or Long.MAX_VALUE if there is none. */
    public final long firstRecordPosition;

    /** The parts of an INFO/FORMAT definition ingest uses. */
    public record InfoDef(String key, VCFHeaderLineType type, VCFHeaderLineCount countType, int count)
            implements Serializable {}

    private VcfHeaderInfo(
            String path,
            List<String> metaLines,
            String[] samples,
            Map<String, Long> contigs,
            Map<String, InfoDef> info,
            Map<String, InfoDef> format,
            int headerLineCount,
            long firstRecordPosition) {
        this.path = path;
        this.metaLines = metaLines;
        this.samples = samples;
        this.contigLengths = contigs;
        this.info = info;
        this.format = format;
        this.headerLineCount = headerLineCount;
        this.firstRecordPosition = firstRecordPosition;
    }

    /** Reads and validates the header of a VCF (plain, gzip or BGZF). */
    public static VcfHeaderInfo read(InputFile file, Configuration conf) throws IOException {
        List<String> lines = new ArrayList<>();
        String chromLine = null;
        long firstRecord = Long.MAX_VALUE;
        try (LineReader r = file.openAll(conf)) {
            while (r.next()) {
                String s = new String(r.buffer(), 0, r.length(), StandardCharsets.UTF_8);
                if (s.startsWith("##")) {
                    lines.add(s);
                } else if (s.startsWith("#")) {
                    chromLine = s;
                    if (r.next()) {
                        firstRecord = r.position();
                    }
                    break;
                } else {
                    break;
                }
            }
        }
        if (chromLine == null) {
            throw new MusubiUserException(file.path() + ": no '#CHROM' header line before the first record (line "
                    + (lines.size() + 1) + "); this is not a VCF, or its header is missing: add one with"
                    + " 'bcftools reheader' or re-export the file");
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("##fileformat=VCFv")) {
            throw new MusubiUserException(file.path() + ": line 1 is not '##fileformat=VCFv4.x' (found '"
                    + (lines.isEmpty() ? chromLine : lines.get(0)) + "'); add the fileformat line as the first line"
                    + " of the header");
        }
        String[] cols = chromLine.split("\t", -1);
        String[] fixed = {"#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT"};
        for (int i = 0; i < Math.min(cols.length, 8); i++) {
            if (!cols[i].equals(fixed[i])) {
                throw new MusubiUserException(file.path() + ": header line " + (lines.size() + 1) + " column "
                        + (i + 1) + " is '" + cols[i] + "', expected '" + fixed[i]
                        + "' (columns must be tab-separated)");
            }
        }
        if (cols.length < 8) {
            throw new MusubiUserException(file.path() + ": header line " + (lines.size() + 1) + " has " + cols.length
                    + " tab-separated columns, a VCF needs at least 8 (#CHROM … INFO)");
        }
        VCFHeader header;
        try {
            StringBuilder text = new StringBuilder();
            for (String l : lines) {
                text.append(l).append('\n');
            }
            text.append(chromLine).append('\n');
            VCFCodec codec = new VCFCodec();
            header = (VCFHeader) codec.readActualHeader(
                    new LineIteratorImpl(new SynchronousLineReader(new StringReader(text.toString()))));
        } catch (TribbleException | IllegalArgumentException e) {
            throw new MusubiUserException(file.path() + ": invalid VCF header: " + e.getMessage(), e);
        }
        String[] samples = cols.length > 9 ? java.util.Arrays.copyOfRange(cols, 9, cols.length) : new String[0];
        Set<String> seen = new HashSet<>();
        for (String s : samples) {
            if (!seen.add(s)) {
                throw new MusubiUserException(file.path() + ": sample '" + s + "' appears twice in the #CHROM line;"
                        + " sample IDs must be unique (rename with 'bcftools reheader -s')");
            }
        }
        Map<String, Long> contigs = new LinkedHashMap<>();
        for (VCFContigHeaderLine c : header.getContigLines()) {
            String len = c.getGenericFields().get("length");
            Long l = null;
            if (len != null) {
                try {
                    l = Long.parseLong(len);
                } catch (NumberFormatException e) {
                    throw new MusubiUserException(file.path() + ": ##contig=<ID=" + c.getID() + "> has length '" + len
                            + "', not an integer; fix or remove the length");
                }
            }
            contigs.put(c.getID(), l);
        }
        Map<String, InfoDef> info = new LinkedHashMap<>();
        for (VCFInfoHeaderLine l : header.getInfoHeaderLines()) {
            info.put(
                    l.getID(),
                    new InfoDef(l.getID(), l.getType(), l.getCountType(), l.isFixedCount() ? l.getCount() : -1));
        }
        Map<String, InfoDef> format = new LinkedHashMap<>();
        for (VCFFormatHeaderLine l : header.getFormatHeaderLines()) {
            format.put(
                    l.getID(),
                    new InfoDef(l.getID(), l.getType(), l.getCountType(), l.isFixedCount() ? l.getCount() : -1));
        }
        return new VcfHeaderInfo(file.path(), lines, samples, contigs, info, format, lines.size() + 1, firstRecord);
    }

    /** The table columns for the INFO keys the user selected; unknown keys are a user error. */
    public List<InfoColumn> infoColumns(List<String> keys) {
        List<InfoColumn> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String k : keys) {
            InfoDef d = info.get(k);
            if (d == null) {
                throw new MusubiUserException(path + ": --info-fields names '" + k + "', which no ##INFO line of the"
                        + " header defines (defined: " + String.join(",", info.keySet()) + ")");
            }
            boolean perAlt = d.countType() == VCFHeaderLineCount.A;
            boolean single = perAlt || (d.countType() == VCFHeaderLineCount.INTEGER && d.count() <= 1);
            InfoType t =
                    switch (d.type()) {
                        case Integer -> single ? InfoType.INT : InfoType.STRING;
                        case Float -> single ? InfoType.FLOAT : InfoType.STRING;
                        case Flag -> InfoType.FLAG;
                        default -> InfoType.STRING;
                    };
            InfoColumn c = new InfoColumn(k, InfoColumn.columnFor(k), t, perAlt);
            if (!names.add(c.column())) {
                throw new MusubiUserException("--info-fields: two keys map to the column '" + c.column() + "'");
            }
            out.add(c);
        }
        return out;
    }

    /** Genome build from ##reference / ##assembly lines or chr1's length; null when nothing says. */
    public String guessBuild() {
        for (String l : metaLines) {
            String s = l.toLowerCase(java.util.Locale.ROOT);
            if (s.startsWith("##reference") || s.startsWith("##assembly")) {
                if (s.contains("grch38") || s.contains("hg38")) {
                    return "GRCh38";
                }
                if (s.contains("grch37") || s.contains("hg19") || s.contains("hs37") || s.contains("b37")) {
                    return "GRCh37";
                }
            }
        }
        Long chr1 = contigLengths.getOrDefault("1", contigLengths.get("chr1"));
        if (chr1 != null) {
            if (chr1 == 248956422L) {
                return "GRCh38";
            }
            if (chr1 == 249250621L) {
                return "GRCh37";
            }
        }
        return null;
    }
}
