package org.musubi.format;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Every column of the variant table's {@code variants/} Parquet files, in file order. The contig is not a column of
 * the files: it is the Hive-style directory {@code contig=<name>} (see {@link ContigPaths}). Byte-level description
 * in {@code engine/FORMAT.md}.
 */
public final class VariantTableSchema {
    private VariantTableSchema() {}

    public static final String CONTIG = "contig";
    public static final String POS = "pos";
    public static final String REF = "ref";
    public static final String ALT = "alt";
    public static final String ID = "id";
    public static final String QUAL = "qual";
    public static final String FILTERS = "filters";
    public static final String ORIG_ALLELES = "orig_alleles";
    public static final String ALT_INDEX = "alt_index";
    public static final String N_CALLED = "n_called";
    public static final String AC = "ac";
    public static final String AN = "an";
    public static final String N_HET = "n_het";
    public static final String N_HOM_ALT = "n_hom_alt";
    public static final String N_HEMI_ALT = "n_hemi_alt";
    public static final String AF = "af";
    public static final String CALLS = "calls";
    public static final String PLOIDY = "ploidy";
    public static final String PHASE = "phase";
    public static final String DOSAGE = "dosage";
    /** Prefix of the selected INFO field columns ({@code info_<KEY>}). */
    public static final String INFO_PREFIX = "info_";

    /** Column indices in {@link #fixedColumns()} order. */
    public static final int I_POS = 0,
            I_REF = 1,
            I_ALT = 2,
            I_ID = 3,
            I_QUAL = 4,
            I_FILTERS = 5,
            I_ORIG_ALLELES = 6,
            I_ALT_INDEX = 7,
            I_N_CALLED = 8,
            I_AC = 9,
            I_AN = 10,
            I_N_HET = 11,
            I_N_HOM_ALT = 12,
            I_N_HEMI_ALT = 13,
            I_AF = 14,
            I_CALLS = 15,
            I_PLOIDY = 16,
            I_PHASE = 17,
            I_DOSAGE = 18;

    /** Parquet type of an INFO column, from the VCF header's Type. */
    public enum InfoType {
        INT,
        FLOAT,
        FLAG,
        STRING
    }

    /** The fixed columns, then one optional column per selected INFO field. */
    public static MessageType parquetSchema(java.util.List<InfoColumn> info) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Type t : fixedColumns()) {
            b.addField(t);
        }
        for (InfoColumn c : info) {
            b.addField(
                    switch (c.type()) {
                        case INT -> Types.optional(PrimitiveTypeName.INT64).named(c.column());
                        case FLOAT -> Types.optional(PrimitiveTypeName.DOUBLE).named(c.column());
                        case FLAG -> Types.optional(PrimitiveTypeName.BOOLEAN).named(c.column());
                        case STRING -> Types.optional(PrimitiveTypeName.BINARY)
                                .as(LogicalTypeAnnotation.stringType())
                                .named(c.column());
                    });
        }
        return b.named("variant");
    }

    static Type[] fixedColumns() {
        LogicalTypeAnnotation str = LogicalTypeAnnotation.stringType();
        return new Type[] {
            Types.required(PrimitiveTypeName.INT32).named(POS),
            Types.required(PrimitiveTypeName.BINARY).as(str).named(REF),
            Types.required(PrimitiveTypeName.BINARY).as(str).named(ALT),
            Types.optional(PrimitiveTypeName.BINARY).as(str).named(ID),
            Types.optional(PrimitiveTypeName.DOUBLE).named(QUAL),
            Types.optionalList()
                    .requiredElement(PrimitiveTypeName.BINARY)
                    .as(str)
                    .named(FILTERS),
            Types.optional(PrimitiveTypeName.BINARY).as(str).named(ORIG_ALLELES),
            Types.required(PrimitiveTypeName.INT32).named(ALT_INDEX),
            Types.required(PrimitiveTypeName.INT32).named(N_CALLED),
            Types.required(PrimitiveTypeName.INT32).named(AC),
            Types.required(PrimitiveTypeName.INT32).named(AN),
            Types.required(PrimitiveTypeName.INT32).named(N_HET),
            Types.required(PrimitiveTypeName.INT32).named(N_HOM_ALT),
            Types.required(PrimitiveTypeName.INT32).named(N_HEMI_ALT),
            Types.optional(PrimitiveTypeName.DOUBLE).named(AF),
            Types.required(PrimitiveTypeName.BINARY).named(CALLS),
            Types.optional(PrimitiveTypeName.BINARY).named(PLOIDY),
            Types.optional(PrimitiveTypeName.BINARY).named(PHASE),
            Types.optional(PrimitiveTypeName.BINARY).named(DOSAGE),
        };
    }

    /** A selected INFO field: VCF key, its column name and type, and how it maps onto a split row. */
    public record InfoColumn(String key, String column, InfoType type, boolean perAlt) implements java.io.Serializable {
        /** Column name for a VCF INFO key: {@code info_} + the key with characters other than [A-Za-z0-9_] as _. */
        public static String columnFor(String key) {
            return INFO_PREFIX + key.replaceAll("[^A-Za-z0-9_]", "_");
        }
    }
}
