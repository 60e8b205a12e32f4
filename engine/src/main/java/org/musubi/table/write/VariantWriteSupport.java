package org.musubi.table.write;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.musubi.format.VariantTableSchema;
import org.musubi.format.VariantTableSchema.InfoColumn;

/** Writes {@link VariantRow}s as the table's Parquet schema, field by field (no intermediate row objects). */
final class VariantWriteSupport extends WriteSupport<VariantRow> {
    private final MessageType schema;
    private final List<InfoColumn> info;
    private RecordConsumer rc;

    VariantWriteSupport(List<InfoColumn> info) {
        this.info = info;
        this.schema = VariantTableSchema.parquetSchema(info);
    }

    @Override
    public WriteContext init(Configuration configuration) {
        HashMap<String, String> meta = new HashMap<>();
        meta.put("musubi.format.version", org.musubi.format.TableMetadata.FORMAT_VERSION);
        return new WriteContext(schema, meta);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.rc = recordConsumer;
    }

    @Override
    public void write(VariantRow r) {
        rc.startMessage();
        intField(VariantTableSchema.POS, VariantTableSchema.I_POS, r.pos);
        stringField(VariantTableSchema.REF, VariantTableSchema.I_REF, r.ref);
        stringField(VariantTableSchema.ALT, VariantTableSchema.I_ALT, r.alt);
        stringField(VariantTableSchema.ID, VariantTableSchema.I_ID, r.id);
        if (r.hasQual) {
            rc.startField(VariantTableSchema.QUAL, VariantTableSchema.I_QUAL);
            rc.addDouble(r.qual);
            rc.endField(VariantTableSchema.QUAL, VariantTableSchema.I_QUAL);
        }
        if (r.filters != null) {
            rc.startField(VariantTableSchema.FILTERS, VariantTableSchema.I_FILTERS);
            rc.startGroup();
            if (r.filters.length > 0) {
                rc.startField("list", 0);
                for (String f : r.filters) {
                    rc.startGroup();
                    rc.startField("element", 0);
                    rc.addBinary(utf8(f));
                    rc.endField("element", 0);
                    rc.endGroup();
                }
                rc.endField("list", 0);
            }
            rc.endGroup();
            rc.endField(VariantTableSchema.FILTERS, VariantTableSchema.I_FILTERS);
        }
        stringField(VariantTableSchema.ORIG_ALLELES, VariantTableSchema.I_ORIG_ALLELES, r.origAlleles);
        intField(VariantTableSchema.ALT_INDEX, VariantTableSchema.I_ALT_INDEX, r.altIndex);
        intField(VariantTableSchema.N_CALLED, VariantTableSchema.I_N_CALLED, r.nCalled);
        intField(VariantTableSchema.AC, VariantTableSchema.I_AC, r.ac);
        intField(VariantTableSchema.AN, VariantTableSchema.I_AN, r.an);
        intField(VariantTableSchema.N_HET, VariantTableSchema.I_N_HET, r.nHet);
        intField(VariantTableSchema.N_HOM_ALT, VariantTableSchema.I_N_HOM_ALT, r.nHomAlt);
        intField(VariantTableSchema.N_HEMI_ALT, VariantTableSchema.I_N_HEMI_ALT, r.nHemiAlt);
        if (!Double.isNaN(r.af)) {
            rc.startField(VariantTableSchema.AF, VariantTableSchema.I_AF);
            rc.addDouble(r.af);
            rc.endField(VariantTableSchema.AF, VariantTableSchema.I_AF);
        }
        rc.startField(VariantTableSchema.CALLS, VariantTableSchema.I_CALLS);
        // r.calls is the encoder's buffer, reused for every row: a Binary taken as constant is kept by reference in
        // the column statistics (min/max in the footer and column index would be the buffer's last contents); a
        // reused one is copied when it becomes the min or max
        rc.addBinary(Binary.fromReusedByteArray(r.calls, 0, r.callsLength));
        rc.endField(VariantTableSchema.CALLS, VariantTableSchema.I_CALLS);
        bytesField(VariantTableSchema.PLOIDY, VariantTableSchema.I_PLOIDY, r.ploidy);
        bytesField(VariantTableSchema.PHASE, VariantTableSchema.I_PHASE, r.phase);
        bytesField(VariantTableSchema.DOSAGE, VariantTableSchema.I_DOSAGE, r.dosage);
        int base = VariantTableSchema.I_DOSAGE + 1;
        for (int i = 0; i < info.size(); i++) {
            Object v = r.info[i];
            if (v == null) {
                continue;
            }
            String name = info.get(i).column();
            rc.startField(name, base + i);
            switch (info.get(i).type()) {
                case INT -> rc.addLong((Long) v);
                case FLOAT -> rc.addDouble((Double) v);
                case FLAG -> rc.addBoolean((Boolean) v);
                case STRING -> rc.addBinary(utf8((String) v));
            }
            rc.endField(name, base + i);
        }
        rc.endMessage();
    }

    private void intField(String name, int index, int v) {
        rc.startField(name, index);
        rc.addInteger(v);
        rc.endField(name, index);
    }

    private void stringField(String name, int index, String v) {
        if (v != null) {
            rc.startField(name, index);
            rc.addBinary(utf8(v));
            rc.endField(name, index);
        }
    }

    /**
     * {@code v}'s UTF-8 bytes as a Binary backed by a byte array: the same bytes, hash and order as {@link
     * Binary#fromString} (whose ByteBuffer-backed Binary encodes through a CharsetEncoder), found by the JDK's
     * {@code String#getBytes} fast path, and compared in the dictionary writer's hash map on arrays.
     */
    static Binary utf8(String v) {
        return Binary.fromConstantByteArray(v.getBytes(StandardCharsets.UTF_8));
    }

    private void bytesField(String name, int index, byte[] v) {
        if (v != null) {
            rc.startField(name, index);
            rc.addBinary(Binary.fromConstantByteArray(v));
            rc.endField(name, index);
        }
    }
}
