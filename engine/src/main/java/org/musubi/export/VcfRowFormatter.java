package org.musubi.export;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.musubi.format.VariantTableSchema;
import org.musubi.format.VariantTableSchema.InfoColumn;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.DosageCodec;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.format.calls.PhaseCode;
import org.musubi.format.calls.PloidyCode;
import org.musubi.format.calls.TwoBitVector;
import org.musubi.table.scan.TableScan;

/**
 * Formats variant table rows as VCF data lines: fixed columns, INFO with AC/AN recomputed from the calls plus the
 * kept INFO columns (and OLD_MULTIALLELIC for split rows, as {@code bcftools norm --old-rec-tag}), then GT (and DS
 * when the table has dosages) per sample. No object per genotype: genotype strings come from a lookup table.
 */
public final class VcfRowFormatter {
    private final int n;
    private final List<InfoColumn> info;
    private final boolean dosage;
    private final CallsView view = new CallsView();
    private final byte[] gt;
    private final byte[] ploidy;
    private final byte[] phase;
    private final double[] ds;
    private byte[] out = new byte[1 << 16];
    private int len;

    // GT strings indexed by [ploidy code][phase code][genotype code].
    private static final byte[][][][] GT = new byte[4][3][4][];

    static {
        String[] unphased = {"0/0", "0/1", "1/1", "./."};
        String[] phased = {"0|0", "0|1", "1|1", ".|."};
        for (int ph = 0; ph < 3; ph++) {
            for (int c = 0; c < 4; c++) {
                String d = ph == PhaseCode.UNPHASED ? unphased[c] : phased[c];
                if (ph == PhaseCode.PHASED_SWAPPED && c == GenotypeCode.HET) {
                    d = "1|0";
                }
                GT[PloidyCode.DIPLOID][ph][c] = bytes(d);
                GT[PloidyCode.HAPLOID][ph][c] = bytes(c == 0 ? "0" : c == 2 ? "1" : c == 3 ? "." : "?");
                String sep = ph == PhaseCode.UNPHASED ? "/" : "|";
                boolean missingFirst = ph == PhaseCode.PHASED_SWAPPED;
                GT[PloidyCode.HALF_REF][ph][c] = bytes(missingFirst ? ".|0" : "0" + sep + ".");
                GT[PloidyCode.HALF_ALT][ph][c] = bytes(missingFirst ? ".|1" : "1" + sep + ".");
            }
        }
    }

    public VcfRowFormatter(int sampleCount, List<InfoColumn> info, boolean dosage) {
        this.n = sampleCount;
        this.info = info;
        this.dosage = dosage;
        this.gt = new byte[sampleCount];
        this.ploidy = new byte[sampleCount];
        this.phase = new byte[sampleCount];
        this.ds = dosage ? new double[sampleCount] : null;
    }

    /** The columns {@link #format} reads: every column of the table. */
    public static List<String> columns(List<InfoColumn> info) {
        List<String> c = new ArrayList<>(List.of(
                VariantTableSchema.POS,
                VariantTableSchema.ID,
                VariantTableSchema.REF,
                VariantTableSchema.ALT,
                VariantTableSchema.QUAL,
                VariantTableSchema.FILTERS,
                VariantTableSchema.AC,
                VariantTableSchema.AN,
                VariantTableSchema.ORIG_ALLELES,
                VariantTableSchema.CALLS,
                VariantTableSchema.PLOIDY,
                VariantTableSchema.PHASE,
                VariantTableSchema.DOSAGE));
        for (InfoColumn i : info) {
            c.add(i.column());
        }
        return c;
    }

    /** Formats the current row of {@code scan} (opened with {@link #columns}); the line is {@code buffer()[0, length())}. */
    public void format(TableScan scan) {
        len = 0;
        String contig = scan.contig();
        int pos = scan.column(VariantTableSchema.POS).int32();
        put(contig);
        tab();
        put(Integer.toString(pos));
        tab();
        String id = scan.column(VariantTableSchema.ID).string();
        put(id == null ? "." : id);
        tab();
        put(scan.column(VariantTableSchema.REF).string());
        tab();
        put(scan.column(VariantTableSchema.ALT).string());
        tab();
        TableScan.Column q = scan.column(VariantTableSchema.QUAL);
        put(q.present() ? qual(q.doubleOrNaN()) : ".");
        tab();
        List<String> filters = scan.column(VariantTableSchema.FILTERS).strings();
        if (filters == null || filters.isEmpty()) {
            put(".");
        } else {
            for (int i = 0; i < filters.size(); i++) {
                if (i > 0) {
                    put(";");
                }
                put(filters.get(i));
            }
        }
        tab();
        put("AC=");
        put(Integer.toString(scan.column(VariantTableSchema.AC).int32()));
        put(";AN=");
        put(Integer.toString(scan.column(VariantTableSchema.AN).int32()));
        String orig = scan.column(VariantTableSchema.ORIG_ALLELES).string();
        if (orig != null) {
            put(";OLD_MULTIALLELIC=");
            put(contig);
            put(":");
            put(Integer.toString(pos));
            put(":");
            put(orig.replace(',', '/'));
        }
        for (InfoColumn c : info) {
            TableScan.Column v = scan.column(c.column());
            if (!v.present()) {
                continue;
            }
            switch (c.type()) {
                case FLAG -> {
                    if (v.bool()) {
                        put(";");
                        put(c.key());
                    }
                }
                case INT -> kv(c.key(), Long.toString(v.int64()));
                case FLOAT -> kv(c.key(), number(v.doubleOrNaN()));
                case STRING -> kv(c.key(), v.string());
            }
        }
        if (n == 0) {
            return;
        }
        tab();
        put(dosage ? "GT:DS" : "GT");
        view.reset(scan.column(VariantTableSchema.CALLS).bytes(), n);
        view.decodeDense(gt);
        boolean hasPloidy = decodeOptional(scan.column(VariantTableSchema.PLOIDY), ploidy);
        boolean hasPhase = decodeOptional(scan.column(VariantTableSchema.PHASE), phase);
        byte[] dsBytes = dosage ? scan.column(VariantTableSchema.DOSAGE).bytes() : null;
        boolean hasDs = dsBytes != null;
        if (hasDs) {
            DosageCodec.decode(dsBytes, n, ds);
        }
        ensure(n * 12 + 16);
        byte[] o = out;
        int p = len;
        for (int s = 0; s < n; s++) {
            o[p++] = '\t';
            byte[] t = GT[hasPloidy ? ploidy[s] : 0][hasPhase ? phase[s] : 0][gt[s]];
            for (byte x : t) {
                o[p++] = x;
            }
            if (dosage) {
                o[p++] = ':';
                len = p;
                if (hasDs && !Double.isNaN(ds[s])) {
                    put(number(Math.round(ds[s] * 10000) / 10000.0));
                } else {
                    put(".");
                }
                ensure((n - s) * 12 + 16);
                o = out;
                p = len;
            }
        }
        len = p;
    }

    private boolean decodeOptional(TableScan.Column c, byte[] into) {
        byte[] b = c.bytes();
        if (b == null) {
            return false;
        }
        TwoBitVector.decode(b, n, into);
        return true;
    }

    static String qual(double q) {
        if (Double.isNaN(q)) {
            return "NaN";
        }
        if (Double.isInfinite(q)) {
            return q > 0 ? "Inf" : "-Inf";
        }
        return number(q);
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private void kv(String k, String v) {
        put(";");
        put(k);
        put("=");
        put(v);
    }

    private void tab() {
        ensure(1);
        out[len++] = '\t';
    }

    private void put(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(b.length);
        System.arraycopy(b, 0, out, len, b.length);
        len += b.length;
    }

    private void ensure(int more) {
        if (len + more > out.length) {
            byte[] grown = new byte[Math.max(out.length * 2, len + more)];
            System.arraycopy(out, 0, grown, 0, len);
            out = grown;
        }
    }

    public byte[] buffer() {
        return out;
    }

    public int length() {
        return len;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
