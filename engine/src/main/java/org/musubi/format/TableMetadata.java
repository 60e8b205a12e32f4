package org.musubi.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table's {@code _table.json}: what the table is and how it was made. Written last, just before {@code _SUCCESS};
 * a table directory without both is incomplete and refused by readers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class TableMetadata {
    /** Version of the variant table format ({@code engine/FORMAT.md}); readers refuse a newer major version. */
    public static final String FORMAT_VERSION = "1.0";

    public static final String FILE_NAME = "_table.json";
    public static final String SUCCESS = "_SUCCESS";
    public static final String SAMPLES = "samples.parquet";
    public static final String VARIANTS = "variants";
    public static final String QUARANTINE = "_quarantine";

    public String formatVersion = FORMAT_VERSION;
    public String bank;
    public String genomeBuild;
    public int sampleCount;
    /** Contigs in the order of the input header (then first appearance); the table's variant order. */
    public List<String> contigs = new ArrayList<>();
    /** Contig lengths from {@code ##contig} lines, where given. */
    public Map<String, Long> contigLengths = new LinkedHashMap<>();

    public long variantCount;
    /** Input records (VCF lines) read, before multi-allelic splitting. */
    public long recordCount;

    public long quarantinedCount;
    public long multiallelicSplitCount;
    public List<SourceFile> sources = new ArrayList<>();
    public List<String> infoFields = new ArrayList<>();
    /** The INFO columns kept ({@code info_<KEY>}), with their types. */
    public List<VariantTableSchema.InfoColumn> infoColumns = new ArrayList<>();

    public boolean hasPhase;
    public boolean hasDosage;
    public String dosageSource;
    public String sexSource;
    /** Samples whose sex was inferred from chrX (the manifest gave none). */
    public long sexInferredCount;
    /** Biallelic chrX non-PAR variants used for sex inference. */
    public long sexEvidenceVariants;
    /**
     * Samples whose manifest sex differs from the sex their chrX calls give (null: no manifest was given); the
     * manifest's sex is kept.
     */
    public Long sexManifestDisagreements;
    /** Input samples that the sample manifest does not list (their attributes are unknown). */
    public long samplesMissingFromManifest;

    /** The input format the table was made from ({@code vcf}, {@code bgen}); null in tables of earlier versions. */
    public String inputFormat;
    /** For a table made from BGEN: how its probabilities became calls and dosages ({@code inspect} prints it). */
    public BgenSource bgen;

    public Writer writer = new Writer();
    /** Header lines of the first input (without the #CHROM line), kept for export. */
    public List<String> vcfHeader = new ArrayList<>();

    /**
     * Digests of the table's files other than the variant files ({@code samples.parquet}, {@code _quarantine/…}),
     * by path relative to the table; null in a table written before digests were recorded.
     */
    public Map<String, org.musubi.integrity.FileDigest> files;

    /** Digests of the variant files ({@code variants/contig=…/…parquet}), by path relative to the table; or null. */
    public Map<String, org.musubi.integrity.ParquetDigest> variantFiles;

    /** An input file: its path as given, size and a checksum of its bytes. */
    public static final class SourceFile {
        public String path;
        public long size;
        public String checksumType;
        public String checksum;
        public long records;

        public SourceFile() {}

        public SourceFile(String path, long size, String checksumType, String checksum, long records) {
            this.path = path;
            this.size = size;
            this.checksumType = checksumType;
            this.checksum = checksum;
            this.records = records;
        }
    }

    /** What a BGEN input was and how it was read: version, layout, compression, bits, hard calls, REF allele. */
    public static final class BgenSource {
        /** {@code 1.1} (layout 1) or {@code 1.2} (layout 2). */
        public String version;

        public int layout;
        /** {@code none}, {@code zlib} or {@code zstd}. */
        public String compression;
        /** The distinct bits per probability of the file's variants. */
        public List<Integer> bitsPerProbability = new ArrayList<>();

        public boolean phased;
        /** plink2's {@code --hard-call-threshold}: calls farther than this from the dosage are missing. */
        public double hardCallThreshold;
        /** {@code first} or {@code last}: which allele of each record is REF. */
        public String refAllele;
        /** Where the sample IDs came from: {@code bgen}, a {@code .sample} file, or {@code generated}. */
        public String sampleIds;
        /** How the file was split across tasks: {@code bgi} (its index) or {@code skim} (block headers). */
        public String splitBy;

        /** "bgen v1.2 layout 2, zlib, 16 bits/probability, unphased". */
        public String describe() {
            StringBuilder b = new StringBuilder("bgen v" + version + " layout " + layout + ", " + compression + ", ");
            for (int i = 0; i < bitsPerProbability.size(); i++) {
                b.append(i > 0 ? "/" : "").append(bitsPerProbability.get(i));
            }
            return b.append(" bits/probability, ")
                    .append(phased ? "phased" : "unphased")
                    .toString();
        }
    }

    /** The job and engine version that wrote the table. */
    public static final class Writer {
        public String job;
        public String engineVersion;
        public String createdAt;
        public List<String> arguments = new ArrayList<>();
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public byte[] toJson() {
        try {
            return MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TableMetadata fromJson(byte[] json) throws IOException {
        return MAPPER.readValue(json, TableMetadata.class);
    }
}
