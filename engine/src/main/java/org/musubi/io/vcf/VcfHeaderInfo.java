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
import org.musubi.genome.GenomeBuild;
import org.musubi.io.InputFile;
import org.musubi.io.LineReader;

/**
 * What ingest needs from a VCF header: the meta lines (kept for export), sample names, contigs, INFO and FORMAT
 * definitions. Every meta line is checked by {@link VcfMetaLines}; the INFO, FORMAT and contig lines are then parsed
 * by htsjdk's VCF codec, the field's reference parser.
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

    /**
     * Reads and validates the header of a VCF (plain, gzip or BGZF): line 1 declares the version, every meta line is
     * well formed ({@link VcfMetaLines}), the #CHROM line has the fixed columns and unique sample names, and htsjdk's
     * VCF codec accepts the INFO, FORMAT and contig lines. Problems are {@link MusubiUserException}s naming the file
     * and the line.
     */
    public static VcfHeaderInfo read(InputFile file, Configuration conf) throws IOException {
        List<String> lines = new ArrayList<>();
        String chromLine = null;
        String other = null;
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
                    other = s;
                    break;
                }
            }
        }
        String path = file.path();
        if (lines.isEmpty() && chromLine == null && (other == null || other.isEmpty())) {
            throw new MusubiUserException(path + ": the file is empty" + (other == null ? "" : " (a blank line)")
                    + "; a VCF starts with '##fileformat=VCFv4.x', meta lines and the '#CHROM' header line");
        }
        int[] version =
                VcfMetaLines.version(path, lines.isEmpty() ? (chromLine != null ? chromLine : other) : lines.get(0));
        for (int i = 1; i < lines.size(); i++) {
            VcfMetaLines.check(path, i + 1, lines.get(i), version);
        }
        if (chromLine == null) {
            throw new MusubiUserException(path + ": line " + (lines.size() + 1) + " ('" + VcfMetaLines.clip(other)
                    + "') is neither a '##' meta line nor the '#CHROM' header line, which must come before the"
                    + " records (a line break inside a header line? a missing header?); fix the header, e.g. with"
                    + " 'bcftools reheader'");
        }
        String[] cols = chromLine.split("\t", -1);
        String[] fixed = {"#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT"};
        for (int i = 0; i < Math.min(cols.length, 9); i++) {
            if (!cols[i].equals(fixed[i])) {
                throw new MusubiUserException(path + ": header line " + (lines.size() + 1) + " column " + (i + 1)
                        + " is '" + VcfMetaLines.clip(cols[i]) + "', expected '" + fixed[i]
                        + "' (columns must be tab-separated)");
            }
        }
        if (cols.length < 8) {
            throw new MusubiUserException(path + ": header line " + (lines.size() + 1) + " has " + cols.length
                    + " tab-separated columns, a VCF needs at least 8 (#CHROM … INFO)");
        }
        if (cols.length == 9) {
            throw new MusubiUserException(path + ": header line " + (lines.size() + 1) + " has a FORMAT column but no"
                    + " sample columns; drop the FORMAT column (sites-only VCF: bcftools view -G) or add the samples");
        }
        for (int i = 9; i < cols.length; i++) {
            if (cols[i].isEmpty() || !cols[i].strip().equals(cols[i])) {
                throw new MusubiUserException(path + ": header line " + (lines.size() + 1) + " column " + (i + 1)
                        + ": sample name '" + cols[i] + "' is empty or has leading/trailing whitespace; fix it with"
                        + " 'bcftools reheader -s'");
            }
        }
        String[] samples = cols.length > 9 ? java.util.Arrays.copyOfRange(cols, 9, cols.length) : new String[0];
        Set<String> seen = new HashSet<>();
        for (String s : samples) {
            if (!seen.add(s)) {
                throw new MusubiUserException(path + ": sample '" + s + "' appears twice in the #CHROM line (header"
                        + " line " + (lines.size() + 1) + ");"
                        + " sample IDs must be unique (rename with 'bcftools reheader -s')");
            }
        }
        return parse(path, lines, chromLine, samples, firstRecord);
    }

    /**
     * The header a table stored ({@code _table.json}'s vcfHeader: the input's meta lines, already validated at
     * ingest), for export and for the INFO column types; it has no samples.
     */
    public static VcfHeaderInfo fromMetaLines(List<String> metaLines) {
        List<String> lines = new ArrayList<>(metaLines == null ? List.of() : metaLines);
        if (lines.isEmpty() || !lines.get(0).startsWith("##fileformat=")) {
            lines.add(0, "##fileformat=VCFv4.2");
        }
        return parse(
                "table header", lines, "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO", new String[0], Long.MAX_VALUE);
    }

    private static final java.util.regex.Pattern NUMBER_44_ONLY =
            java.util.regex.Pattern.compile("(?<=[<,])Number=(LA|LR|LG|P|M)(?=[,>])");

    private static VcfHeaderInfo parse(
            String path, List<String> lines, String chromLine, String[] samples, long firstRecord) {
        VCFHeader header;
        try {
            StringBuilder text = new StringBuilder();
            // Only the lines ingest reads go through htsjdk; VcfMetaLines has checked all of them (htsjdk would
            // refuse valid ALT IDs holding a '"', for one).
            for (String l : lines) {
                if (l.startsWith("##fileformat=VCFv4.4") || l.startsWith("##fileformat=VCFv4.5")) {
                    // htsjdk 2.24 reads up to 4.3; VcfMetaLines checked the 4.4+ lines, so they pass as 4.3
                    text.append("##fileformat=VCFv4.3\n");
                } else if (l.startsWith("##fileformat=") || l.startsWith("##contig=")) {
                    text.append(l).append('\n');
                } else if (l.startsWith("##INFO=") || l.startsWith("##FORMAT=")) {
                    // 4.4+ local-allele, ploidy and base-modification counts: unchecked ('.') for htsjdk
                    text.append(NUMBER_44_ONLY.matcher(l).replaceFirst("Number=."))
                            .append('\n');
                }
            }
            text.append(chromLine).append('\n');
            VCFCodec codec = new VCFCodec();
            header = (VCFHeader) codec.readActualHeader(
                    new LineIteratorImpl(new SynchronousLineReader(new StringReader(text.toString()))));
        } catch (TribbleException | IllegalArgumentException e) {
            throw new MusubiUserException(
                    path + ": invalid VCF header (htsjdk: " + e.getMessage() + "); fix the header line it names", e);
        }
        Map<String, Long> contigs = new LinkedHashMap<>();
        for (VCFContigHeaderLine c : header.getContigLines()) {
            String len = c.getGenericFields().get("length");
            Long l = null;
            if (len != null) {
                try {
                    l = Long.parseLong(len);
                } catch (NumberFormatException e) {
                    throw new MusubiUserException(path + ": ##contig=<ID=" + c.getID() + "> has length '" + len
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
        return new VcfHeaderInfo(path, lines, samples, contigs, info, format, lines.size() + 1, firstRecord);
    }

    /**
     * What the record parser checks INFO and FORMAT values against: this header's definitions and the reserved
     * keys. Ingest ships it to the tasks and builds each split's parser with it.
     */
    public VcfRecordChecks recordChecks() {
        return VcfRecordChecks.of(info, format);
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
        for (Map.Entry<String, Long> c : contigLengths.entrySet()) {
            Long len = c.getValue();
            if (len != null) {
                if (len.equals(GenomeBuild.GRCh38.primaryLength(c.getKey()))) {
                    return "GRCh38";
                }
                if (len.equals(GenomeBuild.GRCh37.primaryLength(c.getKey()))) {
                    return "GRCh37";
                }
            }
        }
        return null;
    }
}
